/**
 * What a user installs: every published package packed with `pnpm pack` (as `pnpm release` publishes it), installed
 * with npm into fresh apps, then one real request through each framework over loopback, in ESM and CommonJS, and
 * `tsc` on TypeScript consumers against the packed declarations. It packs `dist` as built: `pnpm test` builds first
 * (`pnpm test:packages`); alone, `pnpm build && pnpm test:pack`.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { publishedPackages, workspaceRoot } from '../../packages/conformance/src/published-packages';

const run = promisify(execFile);
const sources = join(__dirname, 'app');
const published = publishedPackages();
// npm's cache lives beside the workspace's own node_modules: a second local run reuses it, the user's ~/.npm stays
// untouched, and CI (a clean clone) starts from nothing either way.
const npmCache = join(workspaceRoot, 'node_modules/.cache/errata-pack-test/npm');

interface Packed {
  name: string;
  version: string;
  filename: string;
  files: { path: string }[];
}

/** pnpm as the gate runs it (`npm_execpath` is pnpm under `pnpm test`), else the one on PATH, else npx's. */
function pnpmCommand(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(basename(execPath))) return [process.execPath, [execPath]];
  return ['npx', ['-y', 'pnpm@10']];
}

async function exec(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  try {
    return await run(command, args, { ...options, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${options.cwd}\n${stderr ?? ''}\n${stdout ?? ''}`);
  }
}

/** npm in a clean environment: pnpm's own `npm_config_*` settings (unknown to npm) and lifecycle variables left out. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_(package_|lifecycle_|command|execpath|config_user_agent|config_verify_deps)|pnpm_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, npm_config_cache: npmCache, npm_config_update_notifier: 'false' };
}

/** The range the workspace tests `name` with (a devDependency of some package, `npm:` aliases included). */
function tested(name: string, alias = name): string {
  for (const { manifest } of [
    ...published,
    { manifest: JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')) },
  ]) {
    const range: string | undefined = manifest.devDependencies?.[alias];
    if (range !== undefined) return range.replace(new RegExp(`^npm:${name.replace('/', '\\/')}@`), '');
  }
  throw new Error(`no package of the workspace tests ${alias}`);
}

let scratch = '';
let packed: Packed[] = [];
const app = () => join(scratch, 'app');
const app4 = () => join(scratch, 'app-express4');

interface ScratchApp {
  /** The errata packages it installs from their tarballs; `undefined`: all of them. */
  errata?: string[];
  /** Everything else it installs: name → range. */
  dependencies: Record<string, string>;
  /** Copied from test/pack/app. */
  files: string[];
  /** Copied too, each type-checked as its own program. */
  tsFiles: string[];
}

function writeApp(dir: string, { errata, dependencies, files, tsFiles }: ScratchApp) {
  mkdirSync(dir);
  const tarballs = Object.fromEntries(
    packed.filter((p) => errata?.includes(p.name) ?? true).map((p) => [p.name, `file:${p.filename}`]),
  );
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: basename(dir),
      private: true,
      type: 'module',
      dependencies: { ...tarballs, ...dependencies },
    }),
  );
  for (const file of [...files, ...tsFiles]) copyFileSync(join(sources, file), join(dir, file));
  // One program per consumer, as a project is either ESM or CommonJS: a program holding both loads @errata/fastify's
  // index.d.ts and index.d.cts, whose two `declare module 'fastify'` augmentations then conflict (TS2717).
  // skipLibCheck as most projects set it (and it keeps this test fast); the consumers' `@ts-expect-error` lines fail
  // if a declaration did not resolve and became `any`.
  for (const file of tsFiles) {
    writeFileSync(
      join(dir, `tsconfig.${file}.json`),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2022'],
          types: ['node'],
          strict: true,
          skipLibCheck: true,
          noEmit: true,
        },
        files: [file],
      }),
    );
  }
}

const install = (dir: string) =>
  exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    env: npmEnv(),
  });

/** The newest modification time under `dir` (0 if it does not exist), `skip` left out. */
function newest(dir: string, skip: RegExp = /$^/): number {
  if (!existsSync(dir)) return 0;
  return Math.max(
    0,
    ...readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => !skip.test(file))
      .map((file) => statSync(join(dir, file)).mtimeMs),
  );
}

beforeAll(async () => {
  // pnpm pack packs dist as it is: refuse a missing or stale build rather than test yesterday's code.
  const stale = published.filter(({ dir }) => {
    const built = join(workspaceRoot, dir, 'dist/index.js');
    return !existsSync(built) || statSync(built).mtimeMs < newest(join(workspaceRoot, dir, 'src'), /\.test\.ts$/);
  });
  if (stale.length > 0) {
    throw new Error(
      `${stale.map((p) => p.manifest.name).join(', ')}: no build, or older than src. Run \`pnpm build\` first.`,
    );
  }
  scratch = mkdtempSync(join(tmpdir(), 'errata-pack-'));
  const tarballs = join(scratch, 'tarballs');
  const [pnpm, pnpmArgs] = pnpmCommand();
  const filters = published.flatMap(({ manifest }) => ['--filter', manifest.name]);
  const { stdout } = await exec(
    pnpm,
    [...pnpmArgs, '-r', ...filters, 'pack', '--pack-destination', tarballs, '--json'],
    { cwd: workspaceRoot },
  );
  const listed: Packed | Packed[] = JSON.parse(stdout);
  packed = Array.isArray(listed) ? listed : [listed];

  const shared = ['probe.mjs', 'express.mjs', 'express.cjs'];
  const types = { '@types/node': tested('@types/node') };
  writeApp(app(), {
    dependencies: {
      '@sinclair/typebox': tested('@sinclair/typebox'),
      express: tested('express'),
      '@types/express': tested('@types/express'),
      hono: tested('hono'),
      '@hono/node-server': tested('@hono/node-server'),
      fastify: tested('fastify'),
      ...types,
    },
    files: [...shared, 'hono.mjs', 'hono.cjs', 'fastify.mjs', 'fastify.cjs'],
    tsFiles: ['consumer.ts', 'consumer.cts'],
  });
  writeApp(app4(), {
    errata: ['@errata/core', '@errata/express'],
    dependencies: {
      '@sinclair/typebox': tested('@sinclair/typebox'),
      express: tested('express', 'express4'),
      '@types/express': tested('@types/express', '@types/express4'),
      ...types,
    },
    files: shared,
    tsFiles: ['consumer-express.ts'],
  });
  await Promise.all([install(app()), install(app4())]);
}, 600_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('pnpm pack', () => {
  it('packs every published package', () => {
    expect(packed.map((p) => p.name).sort()).toEqual(published.map((p) => p.manifest.name).sort());
  });

  it('ships dist, the README and the LICENSE of each, and nothing from src', () => {
    for (const { name, files } of packed) {
      const paths = files.map((f) => f.path);
      expect([name, paths]).toEqual([
        name,
        expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.cjs']),
      ]);
      expect([name, paths.filter((p) => !/^(dist\/|LICENSE$|README\.md$|package\.json$)/.test(p))]).toEqual([name, []]);
    }
  });

  it('writes version ranges where the workspace has `workspace:` (what `npm pack` would leave as is)', () => {
    const versions = new Map(packed.map((p) => [p.name, p.version]));
    for (const { name } of packed) {
      const manifest = JSON.parse(readFileSync(join(app(), 'node_modules', name, 'package.json'), 'utf8'));
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const [dep, range] of Object.entries<string>(manifest[field] ?? {})) {
          expect([name, dep, range.startsWith('workspace:')]).toEqual([name, dep, false]);
          if (versions.has(dep)) expect([name, dep, range]).toEqual([name, dep, `^${versions.get(dep)}`]);
        }
      }
    }
  });
});

describe('npm install of the tarballs', () => {
  it('satisfies every dependency and peer (npm ls)', async () => {
    for (const dir of [app(), app4()]) await exec('npm', ['ls', '--all'], { cwd: dir, env: npmEnv() });
  });

  it('installs one copy of each errata package: the one just built', () => {
    for (const dir of [app(), app4()]) {
      const installed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies;
      for (const { manifest, dir: source } of published) {
        if (!(manifest.name in installed)) continue;
        const built = readFileSync(join(workspaceRoot, source, 'dist/index.js'), 'utf8');
        expect([
          manifest.name,
          readFileSync(join(dir, 'node_modules', manifest.name, 'dist/index.js'), 'utf8') === built,
        ]).toEqual([manifest.name, true]);
        for (const other of published) {
          const nested = join(dir, 'node_modules', other.manifest.name, 'node_modules', manifest.name);
          expect([nested, existsSync(nested)]).toEqual([nested, false]);
        }
      }
    }
  });
});

const cases = [
  { framework: 'express', format: 'esm', dir: app, major: '5' },
  { framework: 'express', format: 'cjs', dir: app, major: '5' },
  { framework: 'express', format: 'esm', dir: app4, major: '4' },
  { framework: 'express', format: 'cjs', dir: app4, major: '4' },
  { framework: 'hono', format: 'esm', dir: app, major: '4' },
  { framework: 'hono', format: 'cjs', dir: app, major: '4' },
  { framework: 'fastify', format: 'esm', dir: app, major: '5' },
  { framework: 'fastify', format: 'cjs', dir: app, major: '5' },
];

describe('one request through each installed adapter', () => {
  it.each(cases)(
    '$framework $major ($format) answers a catalog 404 with the envelope and the request id',
    async ({ framework, format, dir, major }) => {
      const requestId = `pack-${framework}${major}-${format}`;
      const file = `./${framework}.${format === 'esm' ? 'mjs' : 'cjs'}`;
      const { stdout } = await exec(process.execPath, ['probe.mjs', file, requestId], { cwd: dir() });
      expect(JSON.parse(stdout)).toEqual({
        adapterEntry: expect.stringMatching(
          new RegExp(`node_modules/@errata/${framework}/dist/index\\.${format === 'esm' ? 'js' : 'cjs'}$`),
        ),
        frameworkVersion: expect.stringMatching(new RegExp(`^${major}\\.`)),
        status: 404,
        contentType: 'application/json; charset=utf-8',
        requestId,
        body: {
          success: false,
          error: { code: 'ORDER_NOT_FOUND', message: 'No order 42.', params: { id: 42 } },
          meta: { request_id: requestId, timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
        },
      });
    },
  );
});

describe('TypeScript against the packed declarations', () => {
  const tsc = (dir: string, file: string) =>
    exec(process.execPath, [join(workspaceRoot, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${file}.json`], {
      cwd: dir,
    });

  it('type-checks an ES module consumer of every package and entry (Express 5 types)', async () => {
    await tsc(app(), 'consumer.ts');
  });

  it('type-checks a CommonJS consumer of every package (the .d.cts declarations)', async () => {
    await tsc(app(), 'consumer.cts');
  });

  it('type-checks an Express consumer against @types/express 4', async () => {
    await tsc(app4(), 'consumer-express.ts');
  });
});
