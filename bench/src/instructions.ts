/**
 * `pnpm --filter @errata/bench instructions <row> [modeA,modeB] [requests] [runs]`: CPU instructions per request of
 * the bench's Express app in two modes (default `errata,handmade`), counted by valgrind (cachegrind, no cache
 * simulation) while servers/answer-requests.ts answers the row `requests` times (default 8,000) in one process, less
 * a run that answers none (startup). Node runs with `--predictable` (one thread, no time-based GC or compiler
 * heuristics): two runs of one mode agree within ~0.2-3% whatever else the machine runs, where timings on a shared
 * machine move by 10 points. Instructions are not time (cache misses, the kernel write are not in them), but a
 * difference in them is work one side does and the other does not. Slow: ~1.5 min per run, two runs at a time.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compiled } from './compiled';
import { MODES, type Mode, ROWS } from './servers/shared';

const run = promisify(execFile);
const [rowKey, modesArg = 'errata,handmade', requestsArg = '8000', runsArg = '2'] = process.argv.slice(2);
const modes = modesArg.split(',') as Mode[];
if (ROWS.every((r) => r.key !== rowKey) || modes.some((mode) => !MODES.includes(mode))) {
  console.error(
    `usage: instructions.ts <${ROWS.map((r) => r.key).join('|')}> [modeA,modeB] [requests] [runs] (Express only)`,
  );
  process.exit(2);
}
const requests = Number(requestsArg);
const runs = Number(runsArg);
const entry = compiled('servers/answer-requests.ts');

/** Instructions valgrind counted for one process answering `count` requests. */
async function count(mode: Mode, answered: number): Promise<number> {
  const { stderr } = await run(
    'valgrind',
    [
      '--tool=cachegrind',
      '--cache-sim=no',
      '--branch-sim=no',
      '--cachegrind-out-file=/dev/null',
      process.execPath,
      '--predictable',
      entry,
      mode,
      rowKey as string,
      String(answered),
    ],
    { cwd: join(import.meta.dirname, '..'), env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 1 << 24 },
  ).catch((error: { code?: string; stderr?: string }) => {
    if (error.code === 'ENOENT') throw new Error('valgrind is not installed (apt-get install valgrind)');
    throw new Error(`valgrind failed: ${error.stderr ?? error}`);
  });
  const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1];
  if (refs === undefined) throw new Error(`no instruction count in valgrind's output:\n${stderr}`);
  return Number(refs.replaceAll(',', ''));
}

/** Two at a time: the machine has two CPUs, and a count does not depend on what else runs. */
async function inPairs<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < jobs.length; i += 2) results.push(...(await Promise.all(jobs.slice(i, i + 2).map((j) => j()))));
  return results;
}

const jobs = modes.flatMap((mode) => [
  () => count(mode, 0),
  ...Array.from({ length: runs }, () => () => count(mode, requests)),
]);
const counts = await inPairs(jobs);
const perRequest = new Map<Mode, number[]>();
modes.forEach((mode, m) => {
  const [startup = 0, ...totals] = counts.slice(m * (runs + 1), (m + 1) * (runs + 1));
  perRequest.set(
    mode,
    totals.map((total) => (total - startup) / requests),
  );
});
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
for (const [mode, values] of perRequest) {
  const shown = values.map((v) => `${Math.round(v / 100) / 10}k`).join(', ');
  console.log(`express ${rowKey} ${mode}: ${shown} instructions per request (${requests} requests per run)`);
}
const [a, b] = modes as [Mode, Mode];
if (b !== undefined) {
  const ratio = median(perRequest.get(b) ?? []) / median(perRequest.get(a) ?? []);
  console.log(`express ${rowKey}: ${a}/${b} by instructions ${(100 * ratio).toFixed(1)}% (higher is better for ${a})`);
}
