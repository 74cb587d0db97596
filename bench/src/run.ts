/**
 * `pnpm bench [--quick] [--write]`: errata against the bare frameworks, side by side in one run.
 * HTTP: each (framework, mode) server runs in its own process; autocannon loads each route after a warm-up.
 * Core: mitata micro-benchmarks and a heap check. --write saves the Markdown to bench/RESULTS.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { runCoreBench } from './core';
import { runCoreMemory } from './memory';

const quick = process.argv.includes('--quick');
const write = process.argv.includes('--write');
const FRAMEWORKS = ['express', 'hono', 'fastify'] as const;
const ROUTES = [
  { key: 'success', path: '/ok', label: 'success (small JSON)' },
  { key: 'typed', path: '/typed', label: 'thrown typed 4xx' },
  { key: 'crash', path: '/crash', label: 'unexpected Error → 500' },
  { key: 'unknown', path: '/nope', label: 'unknown route → 404' },
  { key: 'ceiling', path: '/ceiling', label: 'ceiling: direct bytes of (2)' },
] as const;
const SETTINGS = quick
  ? { connections: 10, duration: 1, warmup: 0.5 }
  : { connections: 50, duration: Number(process.env.BENCH_DURATION ?? 8), warmup: 2 };

type Mode = 'bare' | 'errata';

interface Server {
  url: string;
  stop(): Promise<void>;
}

async function startServer(framework: string, mode: Mode): Promise<Server> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'servers', `${framework}.ts`), mode],
    {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, NODE_ENV: 'production', PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${framework}/${mode} did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`${framework}/${mode} exited ${code}: ${out}`)));
  });
  child.stdout?.resume();
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function load(url: string, seconds: number): Promise<{ rps: number; non2xx: number; errors: number }> {
  const result = await autocannon({ url, connections: SETTINGS.connections, duration: seconds, pipelining: 1 });
  return { rps: result.requests.average, non2xx: result.non2xx, errors: result.errors };
}

async function checkStatus(url: string): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

const EXPECTED_STATUS: Record<(typeof ROUTES)[number]['key'], number> = {
  success: 200,
  typed: 404,
  crash: 500,
  unknown: 404,
  ceiling: 404,
};

async function benchHttp(): Promise<string> {
  const rows: string[] = [];
  const table: Record<string, Record<string, Record<Mode, number>>> = {};
  for (const framework of FRAMEWORKS) {
    table[framework] = {};
    const servers = { bare: await startServer(framework, 'bare'), errata: await startServer(framework, 'errata') };
    try {
      for (const route of ROUTES) {
        const cell: Record<Mode, number> = { bare: 0, errata: 0 };
        for (const mode of ['bare', 'errata'] as const) {
          const url = `${servers[mode].url}${route.path}`;
          const status = await checkStatus(url);
          if (status !== EXPECTED_STATUS[route.key])
            throw new Error(`${framework}/${mode} ${route.path} answered ${status}`);
        }
        // Interleave the two modes (warm-up, then measure) so drift on a noisy machine hits both alike.
        for (const mode of ['bare', 'errata'] as const)
          await load(`${servers[mode].url}${route.path}`, SETTINGS.warmup);
        for (const mode of ['bare', 'errata'] as const) {
          const result = await load(`${servers[mode].url}${route.path}`, SETTINGS.duration);
          if (result.errors > 0) throw new Error(`${framework}/${mode} ${route.path}: ${result.errors} socket errors`);
          cell[mode] = result.rps;
        }
        (table[framework] as Record<string, Record<Mode, number>>)[route.key] = cell;
      }
    } finally {
      await servers.bare.stop();
      await servers.errata.stop();
    }
    const t = table[framework] as Record<string, Record<Mode, number>>;
    const ceiling = t.ceiling?.bare ?? 0;
    for (const route of ROUTES) {
      const cell = t[route.key] as Record<Mode, number>;
      const vsBare = route.key === 'ceiling' ? '—' : pct(cell.errata / cell.bare);
      const vsCeiling =
        route.key === 'typed' || route.key === 'crash' || route.key === 'unknown' ? pct(cell.errata / ceiling) : '—';
      rows.push(
        `| ${framework} | ${route.label} | ${fmt(cell.bare)} | ${route.key === 'ceiling' ? '—' : fmt(cell.errata)} | ${vsBare} | ${vsCeiling} |`,
      );
    }
  }
  return [
    '| framework | route | bare req/s | errata req/s | errata/bare | errata/ceiling |',
    '|---|---|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

async function main(): Promise<void> {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const settings = `autocannon: ${SETTINGS.connections} connections, ${SETTINGS.duration}s per measurement after ${SETTINGS.warmup}s warm-up, one process per server; bare and errata measured back to back${quick ? ' (--quick: harness check only, numbers meaningless)' : ''}`;
  console.log(`# errata benchmarks\n\nMachine: ${machine}\n${settings}\n`);

  const http = await benchHttp();
  console.log(`## HTTP\n\n${http}\n`);

  const micro = await runCoreBench(quick);
  const byName = new Map(micro.map((r) => [r.name, r.opsPerSecond]));
  const ratio = (a: string, b: string) => `${((byName.get(a) ?? 0) / (byName.get(b) ?? 1)).toFixed(1)}×`;
  const microTable = [
    '| core operation | ops/s |',
    '|---|---:|',
    ...micro.map((r) => `| ${r.name} | ${fmt(r.opsPerSecond)} |`),
    '',
    `Typed 4xx creation vs new Error(): ${ratio('create: typed 4xx (errata)', 'create: new Error()')}, vs http-errors: ${ratio('create: typed 4xx (errata)', 'create: http-errors createError(404)')}, vs Boom: ${ratio('create: typed 4xx (errata)', 'create: Boom.notFound')}.`,
  ].join('\n');
  console.log(`## Core\n\n${microTable}\n`);

  const memory = runCoreMemory(quick ? 50_000 : 1_000_000);
  const memoryLine = `${fmt(memory.count)} errors through core: heap ${memory.beforeMb.toFixed(1)} MB → ${memory.afterMb.toFixed(1)} MB (${(memory.afterMb - memory.beforeMb).toFixed(1)} MB)${(globalThis as { gc?: unknown }).gc ? '' : ' — run with --expose-gc for a meaningful number'}`;
  console.log(`## Memory\n\n${memoryLine}\n`);

  if (write) {
    const out = `# errata benchmarks\n\nMachine: ${machine}  \n${settings}  \nRun: ${new Date().toISOString()}\n\n## HTTP\n\n${http}\n\n## Core\n\n${microTable}\n\n## Memory\n\n${memoryLine}\n`;
    writeFileSync(join(import.meta.dirname, '..', 'RESULTS.md'), out);
    console.log('wrote bench/RESULTS.md');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
