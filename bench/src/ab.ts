/**
 * `pnpm --filter @errata/bench ab <dir> [filter]`: core's `respond` and `success` from another copy of core's sources
 * (`<dir>/index.ts`, e.g. `git archive <commit> packages/core/src | tar -x -C /tmp/base`) against this one, in one
 * process: batches of 2,000 calls, interleaved and in alternating order, CPU time; the median of 300 paired ratios
 * and their interquartile range. On a shared machine this holds where whole-server runs do not (RESULTS.md). Both
 * copies are bundled by esbuild as the published package is (compiled.ts).
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Type } from '@sinclair/typebox';
import { compiledFrom } from './compiled';

type Core = typeof import('@errata/core');

const [dir, only] = process.argv.slice(2);
if (dir === undefined) {
  console.error('usage: ab.ts <directory of another copy of packages/core/src> [name filter]');
  process.exit(2);
}
const load = async (entry: string, name: string) =>
  (await import(pathToFileURL(compiledFrom(entry, name)).href)) as Core;
const base = await load(resolve(dir, 'index.ts'), 'ab-base');
const current = await load(join(import.meta.dirname, '..', '..', 'packages', 'core', 'src', 'index.ts'), 'ab-current');

function calls(core: Core): Record<string, () => unknown> {
  const catalog = core.defineErrors({
    SYMBOL_NOT_FOUND: {
      status: 404,
      message: (p) => `Symbol ${p.symbol} is not listed.`,
      params: Type.Object({ symbol: Type.String(), supported: Type.Array(Type.String()) }),
    },
  });
  const errata = core.createErrata({ catalog, onError: () => {} });
  const request = { requestId: 'bench-1', method: 'GET', path: '/v1/orderbook/DOGEUSDT' };
  const uuid = { ...request, requestId: crypto.randomUUID() };
  const supported = ['BTCUSDT', 'ETHUSDT'];
  const made = catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported });
  const notFound = catalog.NOT_FOUND();
  return {
    'respond: typed 4xx': () => errata.respond(catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported }), request),
    'respond: pre-made typed 4xx': () => errata.respond(made, request),
    'respond: NOT_FOUND, UUID id': () => errata.respond(notFound, uuid),
    'success: small object, UUID id': () => errata.success({ ok: true, n: 1 }, uuid),
  };
}

const cpuNanos = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
};
let sink: unknown;
function perCall(fn: () => unknown, n: number): number {
  const start = cpuNanos();
  for (let i = 0; i < n; i++) sink = fn();
  return (cpuNanos() - start) / n;
}
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const at = (values: number[], q: number) => sorted(values)[Math.floor(values.length * q)] ?? 0;

const a = calls(base);
const b = calls(current);
for (const name of Object.keys(b)) {
  if (only !== undefined && !name.includes(only)) continue;
  const fa = a[name] as () => unknown;
  const fb = b[name] as () => unknown;
  for (let i = 0; i < 200_000; i++) {
    sink = fa();
    sink = fb();
  }
  const baseNs: number[] = [];
  const nowNs: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < 300; round++) {
    const first = round % 2 === 0;
    const x = first ? perCall(fa, 2000) : 0;
    const y = perCall(fb, 2000);
    const xs = first ? x : perCall(fa, 2000);
    baseNs.push(xs);
    nowNs.push(y);
    ratios.push(xs / y);
  }
  const now = at(nowNs, 0.5);
  console.log(
    `${name.padEnd(32)} base ${at(baseNs, 0.5).toFixed(0)} ns, now ${now.toFixed(0)} ns (${Math.round(1e9 / now).toLocaleString('en-US')} ops/s): x${at(ratios, 0.5).toFixed(2)} (IQR ${at(ratios, 0.25).toFixed(2)}-${at(ratios, 0.75).toFixed(2)})`,
  );
}
void sink;
