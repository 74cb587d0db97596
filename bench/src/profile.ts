/**
 * `pnpm --filter @errata/bench profile <framework> <mode> <row> [seconds]`: one bench server loaded with one row's
 * request by autocannon and CPU-profiled (the V8 sampling profiler, as `node --cpu-prof`) over the measured load only;
 * then the top self-time frames and where the time went by package, as shares and µs per request. The profile stays
 * in bench/.tmp/profiles/ (open it in Chrome DevTools for the call tree).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { compiled } from './compiled';
import { FRAMEWORKS, type Framework, MODES, type Mode, ROWS } from './servers/shared';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [framework, mode, rowKey, secondsArg] = process.argv.slice(2) as [Framework, Mode, string, string?];
const row = ROWS.find((r) => r.key === rowKey);
if (!FRAMEWORKS.includes(framework) || !MODES.includes(mode) || row === undefined) {
  console.error(
    `usage: profile.ts <${FRAMEWORKS.join('|')}> <${MODES.join('|')}> <${ROWS.map((r) => r.key).join('|')}> [seconds]`,
  );
  process.exit(2);
}
const seconds = Number(secondsArg ?? 10);
const dir = join(import.meta.dirname, '..', '.tmp', 'profiles');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${framework}-${mode}-${row.key}.cpuprofile`);

const child = spawn(process.execPath, [compiled('servers/serve.ts'), framework, mode], {
  cwd: join(import.meta.dirname, '..'),
  env: { ...process.env, NODE_ENV: 'production' },
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  child.stdout?.on('data', (chunk) => {
    out += String(chunk);
    const match = /listening on (http:\/\/\S+)/.exec(out);
    if (match?.[1]) resolve(match[1]);
  });
  child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
});
const load = (duration: number) =>
  autocannon({ url: `${url}${row.path}`, method: row.method as 'GET', connections: 50, duration, sampleInt: 100 });
const reply = (expected: string) =>
  new Promise<void>((resolve) => {
    const onMessage = (message: unknown) => {
      if (message !== expected) return;
      child.off('message', onMessage);
      resolve();
    };
    child.on('message', onMessage);
  });
await load(3); // warm-up: the profile then holds mostly optimised code
const started = reply('profile:started');
child.send('profile:start');
await started;
const result = await load(seconds);
const written = reply('profile:written');
child.send({ profileTo: file });
await written;
await new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.kill('SIGTERM');
});

const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const byFrame = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (us === 0) continue;
  const { functionName, url: source, lineNumber } = node.callFrame;
  const where = shorten(source);
  const frame = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
  byFrame.set(frame, (byFrame.get(frame) ?? 0) + us);
  const pkg = packageOf(source, functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}

/** `…/node_modules/.pnpm/fastify@5.12.8/node_modules/fastify/lib/reply.js` → `fastify/lib/reply.js`. */
function shorten(source: string): string {
  const modules = source.lastIndexOf('/node_modules/');
  if (modules !== -1) return source.slice(modules + '/node_modules/'.length);
  const repo = source.indexOf('/packages/');
  if (repo !== -1) return source.slice(repo + 1);
  const bench = source.indexOf('/bench/');
  if (bench !== -1) return source.slice(bench + 1);
  return source.replace(/^node:/, 'node:');
}

function packageOf(source: string, functionName: string): string {
  if (source === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = source.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const rest = source.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? source);
  }
  const repo = /\/packages\/([^/]+)\//.exec(source);
  if (repo) return `@errata/${repo[1]}`;
  if (source.includes('/bench/')) return 'bench server';
  return source.startsWith('node:') ? 'node (internal)' : source;
}

const share = (us: number) => `${((us / total) * 100).toFixed(1)}%`;
const perRequest = (us: number) => `${(us / result.requests.total).toFixed(2)} µs`;
const top = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(
  `${framework} ${mode} ${row.key} (${row.method} ${row.path}): ${Math.round(result.requests.total / seconds).toLocaleString('en-US')} req/s under the profiler, ${result.requests.total.toLocaleString('en-US')} requests, ${(total / 1000).toFixed(0)} ms sampled\n`,
);
console.log('| self time, by package | share | per request |\n|---|---:|---:|');
for (const [name, us] of top(byPackage, 12)) console.log(`| ${name} | ${share(us)} | ${perRequest(us)} |`);
console.log('\n| top self-time frames | share | per request |\n|---|---:|---:|');
for (const [name, us] of top(byFrame, 25))
  console.log(`| ${name.replaceAll('|', '\\|')} | ${share(us)} | ${perRequest(us)} |`);
console.log(`\nprofile: ${file}`);
