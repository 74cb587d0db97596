/**
 * `pnpm bench [--quick] [--write]`: errata against the same contract written by hand (`handmade`), against the stacks
 * users run instead (`peer`) and against the framework's own throw floor, side by side in one run.
 * HTTP: every (framework, mode) server runs in its own process (NODE_ENV=production). One round measures every row of
 * every framework once; a row's modes are measured back to back (their order rotating from round to round), so the
 * ratios compare samples taken seconds apart. Each run also reads the server's CPU time (IPC): CPU µs per request is
 * the judged number, req/s is shown beside it. Ratios are medians of the per-round ratios, values medians too.
 * Memory: errors through each adapter's server and through core, heap after a full GC before and after (--expose-gc).
 * Core: CPU-time micro-benchmarks (core.ts). --write saves the Markdown to bench/RESULTS.md, keeping its notes section.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { compiled } from './compiled';
import { FRAMEWORKS as ALL_FRAMEWORKS, type Framework, MODES, type Mode, ROWS, type RowKey } from './servers/shared';

// errata as published (compiled.ts): the servers and the core micro-benchmarks run from esbuild bundles
const { runCoreBench } = (await import(pathToFileURL(compiled('core.ts')).href)) as typeof import('./core');
const { runCoreMemory } = (await import(pathToFileURL(compiled('memory.ts')).href)) as typeof import('./memory');
const SERVE = compiled('servers/serve.ts');

const quick = process.argv.includes('--quick');
// BENCH_FRAMEWORKS=hono,fastify: a run of some frameworks only, to iterate on one; --write needs all three
const only = process.env.BENCH_FRAMEWORKS?.split(',');
const FRAMEWORKS = ALL_FRAMEWORKS.filter((framework) => only === undefined || only.includes(framework));
const write = process.argv.includes('--write') && !quick && FRAMEWORKS.length === ALL_FRAMEWORKS.length;

const SETTINGS = quick
  ? { connections: 10, duration: 0.2, warmup: 0.1, rounds: 1, adapterErrors: 2_000, coreErrors: 20_000 }
  : {
      connections: 50,
      duration: Number(process.env.BENCH_DURATION ?? 3),
      warmup: 1,
      rounds: Number(process.env.BENCH_ROUNDS ?? 3),
      adapterErrors: 100_000,
      coreErrors: 1_000_000,
    };

type Side = 'errata' | 'handmade' | 'peer';
const SIDES: readonly Side[] = ['errata', 'handmade', 'peer'];

/** One load run: a framework's server in one mode, one request. */
interface Measurement {
  server: Server;
  framework: Framework;
  row: RowKey | 'floor' | 'idfloor' | 'ceiling';
  side: Side | 'floor';
  method: string;
  url: string;
  status: number;
}

const TMP = join(import.meta.dirname, '..', '.tmp');

interface Server {
  url: string;
  stderrLog: string;
  heap(): Promise<number>;
  /** CPU time the server process has used so far, in µs. */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts one bench server; its stderr (stack traces of the peers' default handlers) goes to a file. */
async function startServer(framework: Framework, mode: Mode): Promise<Server> {
  mkdirSync(TMP, { recursive: true });
  const stderrLog = join(TMP, `${framework}-${mode}.stderr.log`);
  const stderr = openSync(stderrLog, 'w');
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', SERVE, framework, mode], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', stderr, 'ipc'],
  });
  closeSync(stderr);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const fail = (why: string) => reject(new Error(`${framework}/${mode} ${why}: ${out}${tail(stderrLog)}`));
    const timer = setTimeout(() => fail('did not start'), 180_000);
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
  const ask = (question: string, key: string) =>
    new Promise<number>((resolve) => {
      const onMessage = (message: unknown) => {
        if (typeof message !== 'object' || message === null || !(key in message)) return;
        child.off('message', onMessage);
        resolve(Number((message as Record<string, unknown>)[key]));
      };
      child.on('message', onMessage);
      child.send(question);
    });
  return {
    url,
    stderrLog,
    heap: () => ask('heap', 'heapUsed'),
    cpu: () => ask('cpu', 'cpuMicros'),
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

interface Sample {
  /** Requests per second over the measured time. */
  rps: number;
  /** Server CPU time per request, in µs. */
  cpu: number;
}

/** One load run (autocannon's per-second average is meaningless below a second: requests over elapsed time). */
async function load(m: Measurement, seconds: number): Promise<Sample> {
  const cpuBefore = await m.server.cpu();
  // autocannon checks for the end only when it samples (every second by default): sample often, stop on time.
  const result = await autocannon({
    url: m.url,
    method: m.method as 'GET',
    connections: SETTINGS.connections,
    duration: seconds,
    sampleInt: 100,
  });
  const cpuAfter = await m.server.cpu();
  if (result.errors > 0) throw new Error(`${m.method} ${m.url}: ${result.errors} socket errors`);
  const elapsed = (new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000;
  const requests = result.requests.total || 1;
  return { rps: requests / elapsed, cpu: (cpuAfter - cpuBefore) / requests };
}

/** The measurements of one row, measured back to back in each round. */
function groupsOf(servers: Record<Framework, Record<Mode, Server>>): Measurement[][] {
  const groups: Measurement[][] = [];
  for (const framework of FRAMEWORKS) {
    const url = (mode: Mode, path: string) => `${servers[framework][mode].url}${path}`;
    for (const row of ROWS) {
      const group: Measurement[] = SIDES.map((side) => ({
        server: servers[framework][side],
        framework,
        row: row.key,
        side,
        method: row.method,
        url: url(side, row.path),
        status: side === 'peer' ? row.peer : row.status,
      }));
      if (row.key === 'typed') {
        const server = servers[framework].floor;
        group.push({
          server,
          framework,
          row: 'floor',
          side: 'floor',
          method: 'GET',
          url: url('floor', '/typed'),
          status: 404,
        });
        group.push({
          server,
          framework,
          row: 'idfloor',
          side: 'floor',
          method: 'GET',
          url: url('floor', '/id/typed'),
          status: 404,
        });
        group.push({
          server,
          framework,
          row: 'ceiling',
          side: 'floor',
          method: 'GET',
          url: url('floor', '/ceiling'),
          status: 404,
        });
      }
      groups.push(group);
    }
  }
  return groups;
}

/** Every measurement's target answers the status its row expects (contract.test.ts checks the bytes). */
async function checkStatuses(groups: Measurement[][]): Promise<void> {
  for (const m of groups.flat()) {
    const res = await fetch(m.url, { method: m.method });
    await res.arrayBuffer();
    if (res.status !== m.status)
      throw new Error(`${m.framework} ${m.side}: ${m.method} ${m.url} answered ${res.status}`);
  }
}

const keyOf = (m: Measurement) => `${m.framework} ${m.row} ${m.side}`;

type Metric = 'rps' | 'cpu';

interface Samples {
  /** Per measurement key, one value per round: req/s and server CPU µs per request. */
  rps: Map<string, number[]>;
  cpu: Map<string, number[]>;
  /** Per-round ratios, e.g. `express typed cpu errata/handmade`; for CPU the inverse ratio of µs per request. */
  ratios: Map<string, number[]>;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

async function measure(groups: Measurement[][]): Promise<Samples> {
  for (const m of groups.flat()) await load(m, SETTINGS.warmup);
  const samples: Samples = { rps: new Map(), cpu: new Map(), ratios: new Map() };
  for (let round = 0; round < SETTINGS.rounds; round++) {
    // Groups in a rotating order, and inside each group the modes too: no mode is always first or always last.
    for (let g = 0; g < groups.length; g++) {
      const group = groups[(g + round) % groups.length] as Measurement[];
      const got = new Map<string, Sample>();
      for (let i = 0; i < group.length; i++) {
        const m = group[(i + round) % group.length] as Measurement;
        const sample = await load(m, SETTINGS.duration);
        got.set(m.side === 'floor' ? m.row : m.side, sample);
        push(samples.rps, keyOf(m), sample.rps);
        push(samples.cpu, keyOf(m), sample.cpu);
      }
      const { framework, row } = group[0] as Measurement;
      // Both as "errata's throughput relative to the other": req/s over req/s, and µs per request the other way up.
      const relative = (metric: Metric, a: string, b: string) => {
        const x = got.get(a);
        const y = got.get(b);
        if (!x || !y) return 0;
        return metric === 'rps' ? x.rps / y.rps : y.cpu / x.cpu;
      };
      for (const metric of ['rps', 'cpu'] as const) {
        push(samples.ratios, `${framework} ${row} ${metric} errata/handmade`, relative(metric, 'errata', 'handmade'));
        push(samples.ratios, `${framework} ${row} ${metric} errata/peer`, relative(metric, 'errata', 'peer'));
        if (row === 'typed') {
          push(samples.ratios, `${framework} typed ${metric} errata/ceiling`, relative(metric, 'errata', 'ceiling'));
          push(samples.ratios, `${framework} typed ${metric} floor/ceiling`, relative(metric, 'floor', 'ceiling'));
          push(samples.ratios, `${framework} typed ${metric} idfloor/ceiling`, relative(metric, 'idfloor', 'ceiling'));
        }
      }
    }
  }
  return samples;
}

/** Heap of the errata server after a full GC, before and after errors of every kind the rows make. */
async function adapterMemory(server: Server): Promise<{ before: number; after: number }> {
  const before = await server.heap();
  await autocannon({
    url: server.url,
    connections: SETTINGS.connections,
    amount: SETTINGS.adapterErrors,
    requests: ROWS.filter((row) => row.status >= 400).map((row) => ({ method: row.method, path: row.path })),
  });
  return { before, after: await server.heap() };
}

function median(values: readonly number[]): number {
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

class Results {
  constructor(private readonly samples: Samples) {}
  /** Median req/s, or median server CPU µs per request, of one measurement. */
  value(metric: Metric, framework: Framework, row: string, side: string): number {
    return median(this.samples[metric].get(`${framework} ${row} ${side}`) ?? []);
  }
  ratio(framework: Framework, name: string): number {
    return median(this.samples.ratios.get(`${framework} ${name}`) ?? []);
  }
  /** The median of the per-round ratios, with their range when there are several rounds. */
  ratioCell(framework: Framework, name: string): string {
    const values = this.samples.ratios.get(`${framework} ${name}`) ?? [];
    if (values.length < 2) return pct(median(values));
    return `${pct(median(values))} (${pct(Math.min(...values))}–${pct(Math.max(...values))})`;
  }
}

const us = (n: number) => n.toFixed(1);

function httpTable(results: Results): string {
  const rows: string[] = [];
  for (const framework of FRAMEWORKS) {
    for (const row of ROWS) {
      const [errata, handmade, peer] = SIDES.map((side) => us(results.value('cpu', framework, row.key, side)));
      const ratio = (name: string) => results.ratioCell(framework, `${row.key} ${name}`);
      rows.push(
        `| ${framework} | ${row.label} | ${errata} | ${handmade} | ${peer} | ${ratio('cpu errata/handmade')} | ${ratio('cpu errata/peer')} | ${ratio('rps errata/handmade')} |`,
      );
    }
  }
  return [
    '| framework | row | errata µs/req | handmade µs/req | peer µs/req | errata/handmade | errata/peer | errata/handmade by req/s |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

function rpsTable(results: Results): string {
  const rows: string[] = [];
  for (const framework of FRAMEWORKS) {
    for (const row of ROWS) {
      const cells = SIDES.map((side) => fmt(results.value('rps', framework, row.key, side)));
      rows.push(`| ${framework} | ${row.label} | ${cells.join(' | ')} |`);
    }
  }
  return ['| framework | row | errata req/s | handmade req/s | peer req/s |', '|---|---|---:|---:|---:|', ...rows].join(
    '\n',
  );
}

/** How many points of the ceiling a floor is ahead of errata's thrown 4xx (`floor` or `idfloor`). */
function floorGap(results: Results, framework: Framework, floor: string, metric: Metric): number {
  return (
    (results.ratio(framework, `typed ${metric} ${floor}/ceiling`) -
      results.ratio(framework, `typed ${metric} errata/ceiling`)) *
    100
  );
}

function floorTable(results: Results): string {
  const rows = FRAMEWORKS.map((framework) => {
    const gap = (floor: string, metric: Metric) => floorGap(results, framework, floor, metric).toFixed(1);
    const cpu = (row: string, side: string) => us(results.value('cpu', framework, row, side));
    const ratio = (name: string) => results.ratioCell(framework, `typed cpu ${name}/ceiling`);
    return `| ${framework} | ${cpu('ceiling', 'floor')} | ${cpu('floor', 'floor')} | ${cpu('idfloor', 'floor')} | ${cpu('typed', 'errata')} | ${ratio('floor')} | ${ratio('idfloor')} | ${ratio('errata')} | ${gap('floor', 'cpu')} | ${gap('idfloor', 'cpu')} | ${gap('floor', 'rps')} / ${gap('idfloor', 'rps')} |`;
  });
  return [
    '| framework | ceiling µs/req | throw floor µs/req | id floor µs/req | errata thrown 4xx µs/req | floor/ceiling | id floor/ceiling | errata/ceiling | floor − errata (points) | id floor − errata (points) | the same by req/s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

interface Target {
  target: string;
  measured: string;
  met: boolean;
}

function targets(
  results: Results,
  ops: (name: string) => number,
  memory: { name: string; growth: number; count: number }[],
): Target[] {
  const out: Target[] = [];
  for (const framework of FRAMEWORKS) {
    const ratios = ROWS.map((row) => [row.key, results.ratio(framework, `${row.key} cpu errata/handmade`)] as const);
    out.push({
      target: `${framework}: errata ≥ 100% of handmade on every row`,
      measured: ratios.map(([key, ratio]) => `${key} ${pct(ratio)}`).join(', '),
      met: ratios.every(([, ratio]) => ratio >= 1),
    });
  }
  for (const framework of FRAMEWORKS) {
    const gap = floorGap(results, framework, 'floor', 'cpu');
    const idGap = floorGap(results, framework, 'idfloor', 'cpu');
    const points = (value: number) => `${Math.abs(value).toFixed(1)} points ${value > 0 ? 'below' : 'above'}`;
    out.push({
      target: `${framework}: thrown typed 4xx within 2 points of the throw floor`,
      measured: `${points(gap)} the floor (${pct(results.ratio(framework, 'typed cpu errata/ceiling'))} vs ${pct(results.ratio(framework, 'typed cpu floor/ceiling'))} of the ceiling); ${points(idGap)} the floor with a request id (${pct(results.ratio(framework, 'typed cpu idfloor/ceiling'))})`,
      met: gap <= 2,
    });
  }
  for (const framework of FRAMEWORKS) {
    const unknown = results.ratio(framework, 'unknown cpu errata/peer');
    const method = results.ratio(framework, 'method cpu errata/peer');
    out.push({
      target: `${framework}: 404 and 405 no slower than the router's own not-found (peer 404)`,
      measured: `404 ${pct(unknown)}, 405 ${pct(method)} of the peer's 404`,
      met: unknown >= 1 && method >= 1,
    });
  }
  const respond = ops('respond: pre-made typed 4xx');
  out.push({
    target: 'core respond of a typed 4xx ≥ 2,000,000 ops/s',
    measured: `${fmt(respond)} ops/s (${fmt(ops('respond: typed 4xx'))} with the error's creation)`,
    met: respond >= 2_000_000,
  });
  const creation = ops('create: typed 4xx (errata)') / ops('create: http-errors createError(404)');
  out.push({ target: 'typed 4xx creation ≥ 5× http-errors', measured: `${creation.toFixed(1)}×`, met: creation >= 5 });
  out.push({
    target: 'heap flat (< 10 MB growth) after the memory runs',
    measured: memory.map(({ name, growth, count }) => `${name} ${mb(growth)} (${fmt(count)} errors)`).join(', '),
    met: memory.every(({ growth }) => growth < 10 * 2 ** 20),
  });
  return out;
}

const NOTES_MARK = '<!-- Notes: everything below this line is kept when the bench rewrites this file. -->';

async function main(): Promise<void> {
  const gcExposed = typeof (globalThis as { gc?: unknown }).gc === 'function';
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const loadBefore = os.loadavg();
  const settings = quick
    ? 'quick mode: numbers not meaningful (this run only proves the harness works; targets are judged in a full run)'
    : `autocannon: ${SETTINGS.connections} connections, ${SETTINGS.rounds} rounds of ${SETTINGS.duration}s per measurement after ${SETTINGS.warmup}s warm-up; a row's modes back to back, order rotating per round; medians of per-round values (range in brackets); one process per server (NODE_ENV=production)`;
  console.log(`# errata benchmarks\n\nMachine: ${machine}\n${settings}\n`);

  const started = Date.now();
  const list = FRAMEWORKS.flatMap((framework) => MODES.map((mode) => [framework, mode] as const));
  // Four at a time: twelve servers starting at once on a busy 2-CPU machine can take long to listen.
  const launched: Server[] = [];
  for (let i = 0; i < list.length; i += 4) {
    launched.push(
      ...(await Promise.all(list.slice(i, i + 4).map(([framework, mode]) => startServer(framework, mode)))),
    );
  }
  const servers = {} as Record<Framework, Record<Mode, Server>>;
  list.forEach(([framework, mode], i) => {
    servers[framework] ??= {} as Record<Mode, Server>;
    servers[framework][mode] = launched[i] as Server;
  });
  let results: Results;
  const memory: { name: string; growth: number; count: number }[] = [];
  const stderrBytes = {} as Record<Framework, number>;
  try {
    const groups = groupsOf(servers);
    await checkStatuses(groups);
    results = new Results(await measure(groups));
    for (const framework of FRAMEWORKS) {
      const { before, after } = await adapterMemory(servers[framework].errata);
      memory.push({ name: framework, growth: after - before, count: SETTINGS.adapterErrors });
      stderrBytes[framework] = statSync(servers[framework].peer.stderrLog).size;
    }
  } finally {
    await Promise.all(launched.map((server) => server.stop()));
  }
  console.log(`HTTP: ${((Date.now() - started) / 1000).toFixed(1)}s`);
  const http = `Server CPU time per request (µs, all its threads, medians), and errata's throughput relative to the other at equal CPU (the other's µs over errata's, median of per-round ratios, range in brackets). The last column is the same ratio from req/s, which the machine's other load moves far more.\n\n${httpTable(results)}\n\nreq/s, medians:\n\n${rpsTable(results)}`;
  const floor = `The floor is the framework alone: route (2) throws errata's typed error and the app's error handler writes errata's bytes for it; the ceiling writes those bytes from the route. The id floor is the floor behind the framework's usual request-id middleware (handmade's: \`hono/request-id\`, an \`onRequest\` hook, a small Express middleware), its error handler writing the same bytes with that id: what the contract's request id costs before errata does anything. Percentages are the ceiling's CPU per request over the other's, per round.\n\n${floorTable(results)}`;
  console.log(`\n## HTTP\n\n${http}\n\n## Throw floor\n\n${floor}\n`);

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
  const coreGrowth = (core.afterMb - core.beforeMb) * 2 ** 20;
  memory.unshift({ name: 'core', growth: coreGrowth, count: core.count });
  const memoryLines = [
    `- ${fmt(core.count)} errors through core (typed 4xx, Error, 429 with params): heap ${core.beforeMb.toFixed(1)} MB → ${core.afterMb.toFixed(1)} MB (${mb(coreGrowth)})`,
    ...memory
      .slice(1)
      .map(
        ({ name, growth, count }) =>
          `- ${fmt(count)} errors through the ${name} adapter's server (typed 4xx, 500, 404, 405, 400 in turn): heap growth ${mb(growth)}`,
      ),
    ...(gcExposed ? [] : ['- (run with --expose-gc for meaningful numbers: `pnpm bench` does)']),
  ].join('\n');
  console.log(`## Memory\n\n${memoryLines}\n`);

  const loadAfter = os.loadavg();
  const caveats = [
    `- The machine is shared (load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} at the start, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} at the end, on ${os.cpus().length} CPUs): absolute req/s are noisy; compare the ratios, which pair samples taken seconds apart, and read their range.`,
    `- Peer Express and Hono print every unexpected error's stack to stderr from their default handlers (peer stderr written: ${FRAMEWORKS.map((f) => `${f} ${mb(stderrBytes[f] ?? 0)}`).join(', ')}); that is part of their 500 numbers. errata's \`onError\` hook is a no-op here and the handmade servers log nothing, so those 500 rows measure answering, not logging.`,
    "- Peer answers are the stacks' own bytes (Express's HTML pages, Hono's plain text, Fastify's JSON) and they have no 405 (they answer 404). The handmade servers answer errata's bytes exactly: `contract.test.ts` checks every row.",
    '- The servers and the core micro-benchmarks run from esbuild bundles (src/compiled.ts), compiled as the published packages are (no kept function names); the handmade and peer servers are bundled the same way.',
  ].join('\n');
  console.log(`## Caveats\n\n${caveats}\n`);

  const targetRows = targets(results, ops, memory);
  const verdict = (t: Target) => (quick ? 'not judged (quick mode)' : t.met ? 'met' : '**missed**');
  const targetTable = [
    '| target | measured | |',
    '|---|---|---|',
    ...targetRows.map((t) => `| ${t.target} | ${t.measured} | ${verdict(t)} |`),
  ].join('\n');
  console.log(
    `## Targets\n\n${quick ? 'quick mode: numbers not meaningful, so no target is judged.\n\n' : ''}${targetTable}\n`,
  );

  if (process.argv.includes('--write') && quick)
    console.log('--write ignored in quick mode: RESULTS.md keeps full runs only');
  else if (process.argv.includes('--write') && !write)
    console.log('--write ignored with BENCH_FRAMEWORKS: RESULTS.md keeps runs of all three frameworks');
  if (write) {
    const file = join(import.meta.dirname, '..', 'RESULTS.md');
    const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const notes = previous.includes(NOTES_MARK)
      ? previous.slice(previous.indexOf(NOTES_MARK) + NOTES_MARK.length)
      : '\n';
    const out = `# errata benchmarks\n\nMachine: ${machine}  \n${settings}  \nRun: ${new Date().toISOString()}\n\n## HTTP\n\n${http}\n\n## Throw floor\n\n${floor}\n\n## Core\n\n${microTable}\n\n## Memory\n\n${memoryLines}\n\n## Caveats\n\n${caveats}\n\n## Targets\n\n${targetTable}\n\n${NOTES_MARK}${notes}`;
    writeFileSync(file, out);
    console.log('wrote bench/RESULTS.md');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
