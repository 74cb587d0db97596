/** Fuzz reports as text a person can read and replay: requests as JS expressions, long runs folded. */
import { bodyBytes, type FuzzRequest } from './request';
import type { AnswerView, DivergenceClass, FuzzReport } from './run-fuzz';

/**
 * A string as a JS expression, runs of a repeated unit folded: `"[".repeat(5000) + "1"`.
 * @example literal('aaaaaaaaaaaaaaaaaaaab') // '"a".repeat(20) + "b"'
 */
export function literal(text: string): string {
  const parts: string[] = [];
  let rest = text;
  const run = /([\s\S]{1,8}?)\1{11,}/;
  while (rest.length > 0) {
    const match = run.exec(rest);
    if (match === null) {
      parts.push(JSON.stringify(rest));
      break;
    }
    if (match.index > 0) parts.push(JSON.stringify(rest.slice(0, match.index)));
    const unit = match[1] as string;
    parts.push(`${JSON.stringify(unit)}.repeat(${match[0].length / unit.length})`);
    rest = rest.slice(match.index + match[0].length);
  }
  return parts.length === 0 ? '""' : parts.join(' + ');
}

/** The request, one line per part. */
export function formatRequest(request: FuzzRequest): string {
  const lines = [`${request.method} ${literal(request.target)}`];
  for (const [name, value] of request.headers) lines.push(`  ${name}: ${literal(value)}`);
  if (request.body !== undefined) {
    const { encoding, framing } = request.body;
    const size = bodyBytes(request.body).length;
    const framed = { length: 'content-length', 'padded-length': `content-length 0${size}`, chunked: 'chunked' };
    lines.push(`  body (${encoding}, ${framed[framing]}, ${size} bytes): ${literal(request.body.text)}`);
  } else if (!['GET', 'HEAD'].includes(request.method)) {
    lines.push('  no body, no Content-Length');
  }
  return lines.join('\n');
}

const SHOWN_HEADERS = ['content-type', 'content-length', 'transfer-encoding', 'allow', 'retry-after', 'x-request-id'];

function formatAnswer(answer: AnswerView): string {
  const head =
    answer.status === 0
      ? `no answer (${answer.end})`
      : `${answer.status}${answer.end === 'complete' ? '' : ` ${answer.end}`}`;
  const headers = SHOWN_HEADERS.filter((name) => answer.headers[name] !== undefined)
    .map((name) => `${name}: ${answer.headers[name]}`)
    .join('; ');
  const logged = answer.logged === undefined ? '' : `\n      logged as a server error: ${answer.logged}`;
  return `    ${answer.adapter}: ${head}${headers ? ` [${headers}]` : ''}\n      ${literal(answer.body)}${logged}`;
}

/** One class: what differs, the minimised request, every adapter's answer to it. */
export function formatClass(entry: DivergenceClass, seed: number): string {
  const known = entry.known ? `\n  known: ${entry.known.name} (issue ${entry.known.issue}): ${entry.known.reason}` : '';
  return [
    `${entry.key}`,
    ...(entry.shown === entry.key ? [] : [`  shown: ${entry.shown}`]),
    `  seen ${entry.count}× — first as request #${entry.index} of seed ${seed}; minimised in ${entry.shrinkSteps} steps${known}`,
    `  request:\n${formatRequest(entry.minimised).replace(/^/gm, '    ')}`,
    `  replay: ${JSON.stringify(entry.minimised).length > 2000 ? '(long; see --json)' : JSON.stringify(entry.minimised)}`,
    `  answers:\n${entry.answers.map(formatAnswer).join('\n')}`,
  ].join('\n');
}

/** The whole report: totals, then every class. */
export function formatReport(report: FuzzReport): string {
  const seconds = (report.durationMs / 1000).toFixed(1);
  const lines = [
    `seed ${report.seed}: ${report.generated} requests generated, ${report.sent} sent to each of ${report.adapters.join(', ')} in ${seconds} s`,
    `${report.classes.length} classes, ${report.unexplained.length} unexplained`,
  ];
  for (const entry of report.classes) lines.push('', formatClass(entry, report.seed));
  return lines.join('\n');
}
