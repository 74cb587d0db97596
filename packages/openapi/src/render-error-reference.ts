import statuses from 'statuses';
import { clientAdvice } from './client-advice';
import { type CodeDoc, docsModel } from './docs-model';
import { propertiesOf, toJsonSchema, typeLabel } from './json-schema';
import type { ComponentsOptions, RouteDescription } from './types';

export interface ErrorReferenceOptions extends ComponentsOptions {
  /** The routes and the codes each may answer; without them the reference has no "by route" section. */
  routes?: readonly Pick<RouteDescription, 'method' | 'path' | 'errors' | 'summary'>[];
  /** The first heading. Default `Error reference`. */
  title?: string;
  /** A paragraph after the header, e.g. where the API's support is. */
  intro?: string;
  /**
   * How a code is spelled on the wire, when a custom `format` renames it (`RATE_LIMIT_EXCEEDED` → `rate_limited`):
   * the reference then shows what clients branch on. Default: the catalog's code.
   */
  displayCode?: (code: string) => string;
  /**
   * The body every error is answered with, as shown at the top (a custom `format`'s shape); lines of JSON, `…` for
   * values. Default: errata's envelope. The bullets about `error.code`, `details` and `meta.request_id` follow it
   * only for errata's own envelope.
   */
  envelope?: string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const yesNo = (value: boolean) => (value ? 'yes' : 'no');
const reason = (status: number) => statuses.message[status] ?? '';

/**
 * A Markdown error reference from the catalog (and the routes): how errors look, every code by status and by route,
 * then one section per code with its message, description, params table, retryability and what a client should do.
 * The order is stable (status, then catalog order; routes as given), so a generated file diffs cleanly.
 * @example writeFileSync('ERRORS.md', renderErrorReference({ catalog: errors, routes }))
 */
export function renderErrorReference(options: ErrorReferenceOptions): string {
  const model = docsModel(options);
  const docs = [...model.codes.values()].sort((a, b) => a.entry.status - b.entry.status);
  const requestIdHeader = options.requestIdHeader ?? 'X-Request-Id';
  const show = options.displayCode ?? ((code: string) => code);
  const out: string[] = [];
  out.push(`# ${options.title ?? 'Error reference'}`, '');
  out.push('Every error is answered with its HTTP status and one JSON shape:', '', '```json');
  if (options.envelope !== undefined) {
    out.push(options.envelope.trimEnd(), '```', '');
    out.push('- Branch on the code, never on the message (it is for people and may change).');
  } else {
    out.push(
      '{ "success": false,',
      '  "error": { "code": "SOME_CODE", "message": "…", "details": [ … ], "params": { … } },',
      '  "meta": { "request_id": "…", "timestamp": "…" } }',
      '```',
      '',
      '- Branch on `error.code`, never on `message` (it is for people and may change).',
      '- `details` (validation only) lists every failing field as `{ field, rule, message }`; `params` (only for codes that declare them) carries typed values to act on.',
      `- \`meta.request_id\` equals the \`${requestIdHeader}\` header: quote it when you report a problem.`,
    );
  }
  if (options.problemDetails) {
    out.push('- Send `Accept: application/problem+json` to get the same error as RFC 9457 problem details.');
  }
  out.push('', 'This page is generated from the error catalog (`errata docs`): edit the catalog, not this file.', '');
  if (options.intro !== undefined) out.push(options.intro, '');

  out.push('## Codes by status', '', '| Status | Code | Retryable | Message |', '|---|---|---|---|');
  for (const d of docs) {
    out.push(
      `| ${d.entry.status} ${reason(d.entry.status)} | [\`${show(d.entry.code)}\`](#${anchor(show(d.entry.code))}) | ${yesNo(d.entry.retryable)} | ${cell(d.entry.message)} |`,
    );
  }
  out.push('');

  if (options.routes !== undefined && options.routes.length > 0) {
    out.push('## Codes by route', '', `Every route may also answer \`${show('INTERNAL_ERROR')}\` (500).`, '');
    for (const route of options.routes) {
      out.push(`### \`${route.method.toUpperCase()} ${route.path}\``, '');
      if (route.summary !== undefined) out.push(route.summary, '');
      const codes = model.routeCodes(route).filter((d) => d.entry.code !== 'INTERNAL_ERROR');
      if (codes.length === 0) {
        out.push('No error codes of its own.', '');
        continue;
      }
      out.push('| Code | Status | Retryable |', '|---|---|---|');
      for (const d of codes.sort((a, b) => a.entry.status - b.entry.status)) {
        out.push(
          `| [\`${show(d.entry.code)}\`](#${anchor(show(d.entry.code))}) | ${d.entry.status} | ${yesNo(d.entry.retryable)} |`,
        );
      }
      out.push('');
    }
  }

  out.push('## Codes', '');
  const custom = options.envelope !== undefined;
  for (const d of docs) out.push(...codeSection(d, show, custom), '');
  return `${out.join('\n').trimEnd()}\n`;
}

function codeSection(d: CodeDoc, show: (code: string) => string, custom: boolean): string[] {
  const { entry } = d;
  const lines = [`### \`${show(entry.code)}\``, ''];
  const facts = [`**${entry.status} ${reason(entry.status)}**`, entry.retryable ? 'retryable' : 'not retryable'];
  if (d.headers.length > 0) facts.push(`headers: ${d.headers.map((h) => `\`${h}\``).join(', ')}`);
  lines.push(facts.join(' · '), '');
  lines.push(`> ${entry.message}`, '');
  if (d.example.message !== entry.message) lines.push(`For example: “${d.example.message}”`, '');
  if (entry.description !== '') lines.push(entry.description, '');
  const params = propertiesOf(entry.params === null ? {} : toJsonSchema(entry.params));
  if (params.length > 0) {
    lines.push('| Param | Type | Description |', '|---|---|---|');
    for (const p of params) {
      const description = typeof p.schema.description === 'string' ? p.schema.description : '';
      const type = `${typeLabel(p.schema)}${p.required ? '' : ' (optional)'}`;
      lines.push(`| \`${p.name}\` | ${cell(type)} | ${cell(description)} |`);
    }
    lines.push('');
  }
  const advice = clientAdvice(entry, d.headers);
  // The advice names errata's envelope fields; another body has its own names for them.
  lines.push(
    `**What to do:** ${custom ? advice.replace(/`meta\.request_id`/g, 'the request id').replace(/`error\.details` /g, 'the details ') : advice}`,
  );
  return lines;
}

/** GitHub's heading anchor for a `CODE` heading: lower case, underscores kept. */
function anchor(code: string): string {
  return code.toLowerCase();
}
