/**
 * `pnpm fuzz [--seconds N] [--runs N] [--seed S] [--report-known] [--ignore-known] [--json FILE]`: the differential
 * fuzzer against every adapter's fixture app. Exits 1 when a problem no known divergence explains was found.
 * `pnpm fuzz --replay '<request JSON from a report>'` sends one request to every adapter and prints the answers.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fixtureOptions } from '../src/fixture';
import { check } from '../src/fuzz/compare';
import { formatReport, formatRequest } from '../src/fuzz/format-report';
import { KNOWN_DIVERGENCES } from '../src/fuzz/known-divergences';
import { type FuzzRequest, send } from '../src/fuzz/request';
import { runFuzz } from '../src/fuzz/run-fuzz';
import { FIXTURE_ADAPTERS } from '../src/fuzz/targets';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'string' },
    'report-known': { type: 'boolean', default: false },
    'ignore-known': { type: 'boolean', default: false },
    replay: { type: 'string' },
  },
});

async function replay(text: string): Promise<void> {
  const request = JSON.parse(text) as FuzzRequest;
  console.log(formatRequest(request));
  const answers = [];
  for (const adapter of FIXTURE_ADAPTERS) {
    const app = await adapter.start(fixtureOptions({ onError: () => {} }));
    const answer = await send(app.url, request).finally(() => app.close());
    console.log(`\n${adapter.name}: ${answer.status} ${answer.end}`, answer.headers, `\n${answer.body.slice(0, 2000)}`);
    answers.push(answer);
  }
  const problems = check(
    request,
    FIXTURE_ADAPTERS.map((adapter) => adapter.name),
    answers,
  );
  console.log(`\n${problems.length === 0 ? 'no problems' : problems.map((problem) => problem.key).join('\n')}`);
}

async function main(): Promise<number> {
  if (values.replay !== undefined) {
    await replay(values.replay);
    return 0;
  }
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  const seconds = values.seconds === undefined ? (runs === undefined ? 60 : undefined) : Number(values.seconds);
  if (!Number.isInteger(seed) || (runs !== undefined && !(runs > 0)) || (seconds !== undefined && !(seconds > 0))) {
    console.error(
      'usage: pnpm fuzz [--seconds N] [--runs N] [--seed S] [--report-known] [--ignore-known] [--json FILE]',
    );
    return 2;
  }
  console.error(`fuzzing with seed ${seed} (${seconds === undefined ? `${runs} requests` : `${seconds} s`})`);
  let lastPrint = Date.now();
  const report = await runFuzz({
    seed,
    ...(runs === undefined ? {} : { runs }),
    ...(seconds === undefined ? {} : { seconds }),
    adapters: FIXTURE_ADAPTERS,
    known: values['ignore-known'] ? [] : KNOWN_DIVERGENCES,
    minimiseKnown: values['report-known'],
    onProgress: ({ generated, classes, elapsedMs }) => {
      if (Date.now() - lastPrint < 10_000) return;
      lastPrint = Date.now();
      console.error(`  ${(elapsedMs / 1000).toFixed(0)} s: ${generated} requests, ${classes} classes`);
    },
  });
  console.log(formatReport(report));
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(report, null, 2));
  return report.unexplained.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
