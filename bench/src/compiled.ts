/**
 * The bench measures errata as it is published: each entry (a bench server, the core micro-benchmarks) is bundled by
 * esbuild the way tsup builds the packages (packages/core/tsup.config.ts: esbuild, es2022, names not kept), with
 * `@errata/*` compiled from src through tsconfig paths. Run through tsx instead, every closure made per call pays a
 * `__name()` (tsx keeps function names) that no user's build has, and the handmade servers have fewer such closures.
 * The bench's own dependencies (the frameworks, TypeBox, autocannon…) stay external, loaded from node_modules as an
 * app loads them; an adapter's dependency the bench does not list (negotiator, type-is, fastify-plugin…) is bundled.
 *
 * `node --import tsx src/compiled.ts <entry> [args…]`: bundles `src/<entry>` and runs it in this process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, '.tmp', 'compiled');

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const EXTERNAL = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter(
  (name) => !name.startsWith('@errata/') && !name.startsWith('@types/'),
);

const built = new Map<string, string>();

/**
 * Bundles `src/<entry>` (once per process) into `.tmp/compiled/` and returns the bundle's path.
 * @example spawn(process.execPath, [compiled('servers/serve.ts'), 'hono', 'errata'])
 */
export function compiled(entry: string): string {
  return compiledFrom(join(ROOT, 'src', entry), entry.replace(/\.ts$/, '').replaceAll('/', '-'));
}

/**
 * Bundles any entry file (once per process) into `.tmp/compiled/<name>.mjs`, as `compiled` does: ab.ts bundles a base
 * copy of core's sources (from `git archive`) this way, so both sides of an A/B run as published.
 */
export function compiledFrom(entryPath: string, name: string): string {
  const done = built.get(entryPath);
  if (done !== undefined) return done;
  // esbuild is the root's build tool; resolved from here so the bench needs no copy of its own
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const outfile = join(OUT, `${name}.mjs`);
  buildSync({
    entryPoints: [entryPath],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'es2022',
    tsconfig: join(ROOT, 'tsconfig.json'),
    external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
    // a copy of core's sources outside the workspace still finds core's dependencies (negotiator, statuses…)
    nodePaths: [join(ROOT, 'node_modules'), join(ROOT, '..', 'packages', 'core', 'node_modules')],
    // The bundled CommonJS dependencies (negotiator, statuses…) call require(); an ES module has none of its own
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  built.set(entryPath, outfile);
  return outfile;
}

if (process.argv[1] === import.meta.filename) {
  const entry = process.argv[2];
  if (entry === undefined) {
    console.error('usage: compiled.ts <entry under src/> [args…]');
    process.exit(2);
  }
  process.argv.splice(2, 1); // the entry reads its own arguments from argv[2] on
  await import(pathToFileURL(compiled(entry)).href);
}
