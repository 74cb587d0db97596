/**
 * `pnpm bench [--quick] [--write]`: errata against the bare frameworks, side by side in one run.
 * HTTP: each (framework, mode) server runs in its own process (NODE_ENV=production); autocannon loads every route of
 * every mode once per round, round after round, so drift on a noisy machine hits all alike; medians are kept.
 * Memory: errors through each adapter's server and through core, heap after a full GC before and after (--expose-gc).
 * Core: mitata micro-benchmarks. --write saves the Markdown to bench/RESULTS.md, keeping its notes section.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { runCoreBench } from './core';
import { runCoreMemory } from './memory';
import { CEILING } from './servers/shared';

const quick = process.argv.includes('--quick');
const write = process.argv.includes('--write');
const FRAMEWORKS = ['express', 'hono', 'fastify'] as const;
type Framework = (typeof FRAMEWORKS)[number];
type Mode = 'bare' | 'errata' | 'floor';

const SETTINGS = quick
  ? { connections: 10, duration: 0.25, warmup: 0.1, rounds: 1, adapterErrors: 3_000, coreErrors: 20_000 }
  : {
      connections: 50,
      duration: Number(process.env.BENCH_DURATION ?? 4),
      warmup: 2,
      rounds: Number(process.env.BENCH_ROUNDS ?? 3),
      adapterErrors: 100_000,
      coreErrors: 1_000_000,
    };

/** One row of the table; `bare` and `errata` name the mode and path each side is measured on. */
const ROWS = [
  { key: 'success', label: 'success (small JSON)', bare: ['bare', '/ok'], errata: ['errata', '/ok'], status: 200 },
  { key: 'typed', label: 'thrown typed 4xx', bare: ['bare', '/typed'], errata: ['errata', '/typed'], status: 404 },
  {
    key: 'crash',
    label: 'unexpected Error → 500',
    bare: ['bare', '/crash'],
    errata: ['errata', '/crash'],
    status: 500,
  },
  { key: 'unknown', label: 'unknown route → 404', bare: ['bare', '/nope'], errata: ['errata', '/nope'], status: 404 },
  {
    key: 'floor',
    label: 'throw floor: (2) thrown, app error handler writes its bytes',
    bare: ['floor', '/typed'],
    status: 404,
  },
  { key: 'ceiling', label: 'ceiling: direct bytes of (2)', bare: ['bare', '/ceiling'], status: 404 },
] as const satisfies readonly {
  key: string;
  label: string;
  bare: readonly [Mode, string];
  errata?: readonly [Mode, string];
  status: number;
}[];
type RowKey = (typeof ROWS)[number]['key'];
type Cell = { bare: number; errata?: number };

const TMP = join(import.meta.dirname, '..', '.tmp');

interface Server {
  url: string;
  stderrLog: string;
  heap(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts one bench server; its stderr (stack traces of the bare frameworks' default handlers) goes to a file. */
async function startServer(framework: Framework, mode: Mode): Promise<Server> {
  mkdirSync(TMP, { recursive: true });
  const stderrLog = join(TMP, `${framework}-${mode}.stderr.log`);
  const stderr = openSync(stderrLog, 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'servers', `${framework}.ts`), mode],
    {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, NODE_ENV: 'production', PORT: '0' },
      stdio: ['ignore', 'pipe', stderr, 'ipc'],
    },
  );
  closeSync(stderr);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const fail = (why: string) => reject(new Error(`${framework}/${mode} ${why}: ${out}${tail(stderrLog)}`));
    const timer = setTimeout(() => fail('did not start'), 30_000);
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => fail(`exited ${code}`));
  });
  child.stdout?.resume();
  return {
    url,
    stderrLog,
    heap: () =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve((message as { heapUsed: number }).heapUsed));
        child.send('heap');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function tail(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-2000) : '';
}

/** Requests per second over the measured time (autocannon's per-second average is meaningless below a second). */
async function load(url: string, seconds: number): Promise<number> {
  // autocannon checks for the end only when it samples (every second by default): sample often, stop on time.
  const result = await autocannon({ url, connections: SETTINGS.connections, duration: seconds, sampleInt: 100 });
  if (result.errors > 0) throw new Error(`${url}: ${result.errors} socket errors`);
  const elapsed = (new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000;
  return result.requests.total / elapsed;
}

async function fetchStatusAndBody(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

/** The typed error errata answers must be the ceiling's bytes, its request id and timestamp aside. */
function sameBytes(body: string): boolean {
  const strip = (text: string) =>
    text.replace(/"request_id":"[^"]*"/, '"request_id":""').replace(/"timestamp":"[^"]*"/, '"timestamp":""');
  return strip(body) === strip(CEILING.body);
}

interface FrameworkResult {
  cells: Record<RowKey, Cell>;
  memory: { before: number; after: number };
  stderrBytes: Record<Mode, number>;
}

async function benchFramework(framework: Framework): Promise<FrameworkResult> {
  const modes: Mode[] = ['bare', 'errata', 'floor'];
  const started = await Promise.all(modes.map((mode) => startServer(framework, mode)));
  const servers = Object.fromEntries(modes.map((mode, i) => [mode, started[i]])) as Record<Mode, Server>;
  try {
    const measurements: { row: RowKey; side: 'bare' | 'errata'; url: string }[] = [];
    for (const row of ROWS) {
      for (const side of ['bare', 'errata'] as const) {
        const target = (row as { bare: readonly [Mode, string]; errata?: readonly [Mode, string] })[side];
        if (target === undefined) continue;
        const url = `${servers[target[0]].url}${target[1]}`;
        const { status, body } = await fetchStatusAndBody(url);
        if (status !== row.status) throw new Error(`${framework} ${target.join(' ')} answered ${status}`);
        if ((row.key === 'floor' || (row.key === 'typed' && side === 'errata')) && !sameBytes(body)) {
          throw new Error(`${framework} ${target.join(' ')} does not answer the ceiling's bytes: ${body}`);
        }
        measurements.push({ row: row.key, side, url });
      }
    }
    for (const m of measurements) await load(m.url, SETTINGS.warmup);
    const samples = new Map<(typeof measurements)[number], number[]>();
    for (let round = 0; round < SETTINGS.rounds; round++) {
      // Every measurement once per round, in an order that rotates, so no route always follows the same one.
      for (let i = 0; i < measurements.length; i++) {
        const m = measurements[(i + round) % measurements.length] as (typeof measurements)[number];
        samples.set(m, [...(samples.get(m) ?? []), await load(m.url, SETTINGS.duration)]);
      }
    }
    const cells = {} as Record<RowKey, Cell>;
    for (const m of measurements) {
      cells[m.row] = { ...(cells[m.row] ?? { bare: 0 }), [m.side]: median(samples.get(m) ?? []) };
    }
    const memory = await adapterMemory(servers.errata);
    const stderrBytes = Object.fromEntries(modes.map((mode) => [mode, statSync(servers[mode].stderrLog).size]));
    return { cells, memory, stderrBytes: stderrBytes as Record<Mode, number> };
  } finally {
    await Promise.all(modes.map((mode) => servers[mode].stop()));
  }
}

/** Heap of the errata server after a full GC, before and after errors of every kind: typed 4xx, 500, 404. */
async function adapterMemory(server: Server): Promise<{ before: number; after: number }> {
  const before = await server.heap();
  await autocannon({
    url: server.url,
    connections: SETTINGS.connections,
    amount: SETTINGS.adapterErrors,
    requests: [{ path: '/typed' }, { path: '/crash' }, { path: '/nope' }],
  });
  return { before, after: await server.heap() };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

function mb(bytes: number): string {
  const text = (bytes / 2 ** 20).toFixed(1);
  return `${text === '-0.0' ? '0.0' : text} MB`;
}

function httpTable(results: Record<Framework, FrameworkResult>): string {
  const rows: string[] = [];
  for (const framework of FRAMEWORKS) {
    const { cells } = results[framework];
    const ceiling = cells.ceiling.bare;
    for (const row of ROWS) {
      const { bare, errata } = cells[row.key];
      const vsCeiling = row.key === 'typed' || row.key === 'crash' || row.key === 'unknown';
      rows.push(
        `| ${framework} | ${row.label} | ${fmt(bare)} | ${errata === undefined ? '—' : fmt(errata)} | ${errata === undefined ? '—' : pct(errata / bare)} | ${errata !== undefined && vsCeiling ? pct(errata / ceiling) : '—'} | ${row.key === 'ceiling' ? '—' : pct(bare / ceiling)} |`,
      );
    }
  }
  return [
    '| framework | route | bare req/s | errata req/s | errata/bare | errata/ceiling | bare/ceiling |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

interface Target {
  target: string;
  measured: string;
  met: boolean;
}

function targets(
  results: Record<Framework, FrameworkResult>,
  ops: (name: string) => number,
  core: { before: number; after: number },
): Target[] {
  const out: Target[] = [];
  for (const framework of FRAMEWORKS) {
    const { cells } = results[framework];
    const ceiling = cells.ceiling.bare;
    const typed = (cells.typed.errata ?? 0) / ceiling;
    out.push({
      target: `${framework}: thrown typed 4xx ≥ 90% of the ceiling`,
      measured: `${pct(typed)} (the framework's own throw floor: ${pct(cells.floor.bare / ceiling)})`,
      met: typed >= 0.9,
    });
  }
  for (const framework of FRAMEWORKS) {
    const { cells } = results[framework];
    const crash = (cells.crash.errata ?? 0) / cells.ceiling.bare;
    out.push({ target: `${framework}: unexpected 500 ≥ 80% of the ceiling`, measured: pct(crash), met: crash >= 0.8 });
  }
  for (const framework of FRAMEWORKS) {
    const { cells } = results[framework];
    const success = (cells.success.errata ?? 0) / cells.success.bare;
    out.push({
      target: `${framework}: success ≤ 3% slower than bare`,
      measured: `${pct(success)} of bare`,
      met: success >= 0.97,
    });
  }
  const respond = ops('respond: pre-made typed 4xx');
  out.push({
    target: 'core normalise+format of a typed 4xx ≥ 2,000,000 ops/s',
    measured: `${fmt(respond)} ops/s (${fmt(ops('respond: typed 4xx'))} with the error's creation)`,
    met: respond >= 2_000_000,
  });
  const creation = ops('create: typed 4xx (errata)') / ops('create: http-errors createError(404)');
  out.push({ target: 'typed 4xx creation ≥ 5× http-errors', measured: `${creation.toFixed(1)}×`, met: creation >= 5 });
  const growths = [
    ['core', core.after - core.before, SETTINGS.coreErrors] as const,
    ...FRAMEWORKS.map((f) => [f, results[f].memory.after - results[f].memory.before, SETTINGS.adapterErrors] as const),
  ];
  out.push({
    target: 'heap flat (< 10 MB growth) after the memory runs',
    measured: growths.map(([name, growth, count]) => `${name} ${mb(growth)} (${fmt(count)} errors)`).join(', '),
    met: growths.every(([, growth]) => growth < 10 * 2 ** 20),
  });
  return out;
}

const NOTES_MARK = '<!-- Notes: everything below this line is kept when the bench rewrites this file. -->';

async function main(): Promise<void> {
  const gcExposed = typeof (globalThis as { gc?: unknown }).gc === 'function';
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const loadBefore = os.loadavg()[0] ?? 0;
  const settings = `autocannon: ${SETTINGS.connections} connections, ${SETTINGS.rounds} round(s) of ${SETTINGS.duration}s per measurement after ${SETTINGS.warmup}s warm-up, medians; one process per server (NODE_ENV=production)${quick ? ' (--quick: proves the harness works, numbers meaningless)' : ''}`;
  console.log(`# errata benchmarks\n\nMachine: ${machine}\n${settings}\n`);

  const results = {} as Record<Framework, FrameworkResult>;
  for (const framework of FRAMEWORKS) {
    const started = Date.now();
    results[framework] = await benchFramework(framework);
    console.log(`${framework}: ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
  const http = httpTable(results);
  console.log(`\n## HTTP\n\n${http}\n`);

  const micro = await runCoreBench(quick);
  const byName = new Map(micro.map((r) => [r.name, r.opsPerSecond]));
  const ops = (name: string) => byName.get(name) ?? 0;
  const ratio = (a: string, b: string) => `${(ops(a) / (ops(b) || 1)).toFixed(1)}×`;
  const microTable = [
    '| core operation | ops/s |',
    '|---|---:|',
    ...micro.map((r) => `| ${r.name} | ${fmt(r.opsPerSecond)} |`),
    '',
    `Typed 4xx creation vs new Error(): ${ratio('create: typed 4xx (errata)', 'create: new Error()')}, vs http-errors: ${ratio('create: typed 4xx (errata)', 'create: http-errors createError(404)')}, vs Boom: ${ratio('create: typed 4xx (errata)', 'create: Boom.notFound')}.`,
  ].join('\n');
  console.log(`## Core\n\n${microTable}\n`);

  const core = runCoreMemory(SETTINGS.coreErrors);
  const coreHeap = { before: core.beforeMb * 2 ** 20, after: core.afterMb * 2 ** 20 };
  const memoryLines = [
    `- ${fmt(core.count)} errors through core (typed 4xx, Error, 429 with params): heap ${mb(coreHeap.before)} → ${mb(coreHeap.after)} (${mb(coreHeap.after - coreHeap.before)})`,
    ...FRAMEWORKS.map((f) => {
      const { before, after } = results[f].memory;
      return `- ${fmt(SETTINGS.adapterErrors)} errors through the ${f} adapter's server (typed 4xx, 500, 404 in turn): heap ${mb(before)} → ${mb(after)} (${mb(after - before)})`;
    }),
    ...(gcExposed ? [] : ['- (run with --expose-gc for meaningful numbers: `pnpm bench` does)']),
  ].join('\n');
  console.log(`## Memory\n\n${memoryLines}\n`);

  const stderr = FRAMEWORKS.map((f) => `${f} ${mb(results[f].stderrBytes.bare)}`).join(', ');
  const loadAfter = os.loadavg()[0] ?? 0;
  const caveats = [
    `- Bare Express and Hono print every unexpected error's stack to stderr from their default handlers (bare stderr written: ${stderr}); that is the bare frameworks' behaviour and part of their 500 numbers. errata's \`onError\` hook is a no-op here, so errata's 500 row measures answering, not logging.`,
    "- Bare routes answer their own way: Express `res.json`, http-errors and the final handler's HTML page; Hono `c.json` and HTTPException's plain text; Fastify's serializer and a `reply.send` object. The ceiling and the throw floor write errata's exact bytes, so the ratios to them compare like with like.",
    `- The servers run TypeScript sources through tsx, which keeps function names (\`__name\` on every closure made per call); the published build does not. Load average: ${loadBefore.toFixed(2)} at the start, ${loadAfter.toFixed(2)} at the end.`,
  ].join('\n');
  console.log(`## Caveats\n\n${caveats}\n`);

  const targetRows = targets(results, ops, coreHeap);
  const targetTable = [
    '| target | measured | |',
    '|---|---|---|',
    ...targetRows.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'met' : '**missed**'} |`),
  ].join('\n');
  console.log(`## Targets\n\n${targetTable}\n`);

  if (write) {
    const file = join(import.meta.dirname, '..', 'RESULTS.md');
    const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const notes = previous.includes(NOTES_MARK)
      ? previous.slice(previous.indexOf(NOTES_MARK) + NOTES_MARK.length)
      : '\n';
    const out = `# errata benchmarks\n\nMachine: ${machine}  \n${settings}  \nRun: ${new Date().toISOString()}\n\n## HTTP\n\n${http}\n\n## Core\n\n${microTable}\n\n## Memory\n\n${memoryLines}\n\n## Caveats\n\n${caveats}\n\n## Targets\n\n${targetTable}\n\n${NOTES_MARK}${notes}`;
    writeFileSync(file, out);
    console.log('wrote bench/RESULTS.md');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
