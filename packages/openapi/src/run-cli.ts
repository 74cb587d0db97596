import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CatalogLike } from '@errata/core';
import { buildDocument } from './build-document';
import { renderErrorReference } from './render-error-reference';
import type { ComponentsOptions, OpenApiObject, RouteDescription } from './types';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** Loads a module's exports (default: `import()`, TypeScript through tsx). */
  load?: (file: string) => Promise<Record<string, unknown>>;
}

const USAGE = `Usage: errata docs --catalog <module>[#export] [--routes <module>[#export]] [--format md|openapi] [--out <file>]

  --catalog   a module exporting the catalog made by defineErrors (default export, or the one catalog it exports)
  --routes    a module exporting the routes (an array of { method, path, errors, … }), or { routes, headers, info, … }
  --format    md (the Markdown error reference, default) or openapi (the OpenAPI 3.1 document, JSON)
  --out       write to this file instead of stdout
  --title     the reference's heading / the document's info.title
TypeScript modules load through tsx (install it); JavaScript modules load as they are.`;

/** What a routes module may export besides a bare array of routes. */
type RoutesExport = Partial<Omit<ComponentsOptions, 'catalog'>> & {
  routes: readonly RouteDescription[];
  info?: OpenApiObject & { title: string; version: string };
};

/** A failure the user can fix: printed as one line, without a stack. */
class CliError extends Error {}

/**
 * `errata docs …`: loads the catalog (and routes) modules and prints or writes the Markdown reference or the OpenAPI
 * document. Resolves to the exit code; every failure is one clear line on stderr, never a stack.
 * @example process.exitCode = await runCli(process.argv.slice(2), { stdout, stderr, cwd: process.cwd() })
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        catalog: { type: 'string' },
        routes: { type: 'string' },
        format: { type: 'string', default: 'md' },
        out: { type: 'string' },
        title: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (positionals[0] !== 'docs' || positionals.length > 1)
      throw new CliError(`expected the command \`docs\`\n${USAGE}`);
    if (values.catalog === undefined) throw new CliError(`--catalog <module> is required\n${USAGE}`);
    if (values.format !== 'md' && values.format !== 'openapi') {
      throw new CliError(`--format must be md or openapi, not ${JSON.stringify(values.format)}`);
    }
    const load = io.load ?? loadModule;
    const catalog = pick(
      values.catalog,
      await loadSpec(values.catalog, io.cwd, load),
      isCatalog,
      'catalog made by defineErrors',
    );
    const routesModule =
      values.routes === undefined
        ? undefined
        : pick(
            values.routes,
            await loadSpec(values.routes, io.cwd, load),
            isRoutes,
            'route list (an array of { method, path, errors }, or { routes, … })',
          );
    const docs: RoutesExport = Array.isArray(routesModule)
      ? { routes: routesModule }
      : ((routesModule as RoutesExport) ?? { routes: [] });
    const options = { ...docs, catalog };
    let output: string;
    try {
      output =
        values.format === 'md'
          ? renderErrorReference({ ...options, ...(values.title ? { title: values.title } : {}) })
          : `${JSON.stringify(
              buildDocument({
                ...options,
                ...(values.title ? { info: { ...(docs.info ?? { version: '0.0.0' }), title: values.title } } : {}),
              }),
              null,
              2,
            )}\n`;
    } catch (error) {
      throw new CliError(error instanceof Error ? error.message : String(error));
    }
    if (values.out === undefined) io.stdout(output);
    else await writeFile(resolve(io.cwd, values.out), output);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^errata: /, '') : String(error);
    io.stderr(`errata docs: ${message}\n`);
    return 1;
  }
}

async function loadSpec(spec: string, cwd: string, load: (file: string) => Promise<Record<string, unknown>>) {
  const [path = '', name] = splitSpec(spec);
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw new CliError(`cannot load ${path}: no such file (${file})`);
  try {
    return { file: path, name, exports: await load(file) };
  } catch (error) {
    throw new CliError(`cannot load ${path}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/** `./errors.ts#errors` → the path and the export's name. */
function splitSpec(spec: string): [string, string | undefined] {
  const hash = spec.lastIndexOf('#');
  return hash > 0 ? [spec.slice(0, hash), spec.slice(hash + 1)] : [spec, undefined];
}

function pick<T>(
  spec: string,
  loaded: { file: string; name: string | undefined; exports: Record<string, unknown> },
  test: (value: unknown) => value is T,
  what: string,
): T {
  const { file, name, exports } = loaded;
  if (name !== undefined) {
    if (!(name in exports))
      throw new CliError(
        `${file} has no export named ${name} (it exports: ${Object.keys(exports).join(', ') || 'nothing'})`,
      );
    if (!test(exports[name])) throw new CliError(`${spec} is not a ${what} (it is ${describe(exports[name])})`);
    return exports[name] as T;
  }
  const candidates = Object.entries(exports).filter(([, value]) => test(value));
  const preferred =
    candidates.find(([key]) => key === 'default') ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (preferred !== undefined) return preferred[1] as T;
  if (candidates.length > 1) {
    throw new CliError(
      `${file} exports several: ${candidates.map(([k]) => k).join(', ')}; name one: ${file}#${candidates[0]?.[0]}`,
    );
  }
  throw new CliError(`${file} exports no ${what} (it exports: ${Object.keys(exports).join(', ') || 'nothing'})`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isCatalog(value: unknown): value is CatalogLike {
  const v = value as Partial<CatalogLike> | null;
  return typeof v?.describe === 'function' && typeof v.definition === 'function' && Array.isArray(v.codes);
}

function isRouteArray(value: unknown): value is RouteDescription[] {
  return (
    Array.isArray(value) &&
    value.every((r) => typeof r?.method === 'string' && typeof r.path === 'string' && Array.isArray(r.errors))
  );
}

function isRoutes(value: unknown): value is RouteDescription[] | RoutesExport {
  return isRouteArray(value) || isRouteArray((value as { routes?: unknown } | null)?.routes);
}

/** Modules load with `import()`; TypeScript ones through tsx's API, so no build step is needed. */
async function loadModule(file: string): Promise<Record<string, unknown>> {
  if (/\.[cm]?tsx?$/.test(file)) {
    let tsx: { tsImport(specifier: string, parent: string): Promise<Record<string, unknown>> };
    try {
      tsx = await import('tsx/esm/api');
    } catch {
      throw new CliError(`${file} is TypeScript: install tsx (npm i -D tsx) or point at compiled JavaScript`);
    }
    return unwrap(await tsx.tsImport(pathToFileURL(file).href, pathToFileURL(`${file}`).href));
  }
  return unwrap(await import(pathToFileURL(file).href));
}

/** A CommonJS module imported from ESM puts its exports on `default` too: look at both. */
function unwrap(namespace: Record<string, unknown>): Record<string, unknown> {
  const inner = namespace.default;
  return typeof inner === 'object' && inner !== null && !isCatalog(inner) && !Array.isArray(inner)
    ? { ...(inner as Record<string, unknown>), ...namespace }
    : namespace;
}
