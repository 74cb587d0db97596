/**
 * Starts the Hono fixture (fixture-server.ts) on Bun, Deno or workerd, each the real binary from node_modules, on a
 * loopback port, as an AdapterUnderTest for the conformance suites. The suites compute the expected answers in the
 * test's own process, from the same named configuration the fixture builds (FIXTURE_CONFIGS); error events are read
 * back over HTTP by `settle`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { AdapterUnderTest, FixtureConfig, RunningApp } from '@errata/conformance';
import type { ErrataErrorEvent, ErrataOptions, Problem } from '@errata/core';
import { build, type Plugin } from 'esbuild';
import { EVENTS_PATH, type EventView } from './fixture-server';

export type Runtime = 'bun' | 'deno' | 'workerd';

const ROOT = resolve(__dirname, '../../../..');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
/** Generous bounds for a cold start on a busy machine; a runtime that needs longer is broken. */
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

const packageDir = (name: string) => dirname(requireFromRoot.resolve(`${name}/package.json`));

/** The runtime binaries themselves: killing a package manager's shim would leave the runtime serving. */
function binary(runtime: Runtime): string {
  switch (runtime) {
    case 'bun':
      return join(packageDir('bun'), 'bin', 'bun.exe'); // bun's postinstall puts the binary there
    case 'deno':
      return join(packageDir('deno'), 'deno'); // deno's postinstall links the binary there
    case 'workerd':
      return (requireFromRoot('workerd') as { default: string }).default;
  }
}

const CONDITIONS: Record<Runtime, string[]> = { bun: ['bun'], deno: ['deno'], workerd: ['workerd', 'worker'] };

/** The fixture imports Node's server for its own Node entry; these bundles serve with the runtime's server. */
const withoutNodeServer: Plugin = {
  name: 'without-node-server',
  setup(build) {
    build.onResolve({ filter: /^@hono\/node-server$/ }, () => ({ path: 'node-server', namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: ['serve', 'getRequestListener']
        .map((name) => `export function ${name}() { throw new Error("not the Node fixture"); }`)
        .join('\n'),
    }));
  },
};

const workDir = mkdtempSync(join(tmpdir(), 'errata-runtimes-'));
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL'); // a test that failed before close() leaves none serving
  rmSync(workDir, { recursive: true, force: true });
});
const bundles = new Map<Runtime, Promise<string>>();

/** One ES module bundle of the runtime's entry, built once per test process. */
function bundle(runtime: Runtime): Promise<string> {
  let built = bundles.get(runtime);
  if (built === undefined) {
    const outfile = join(workDir, `${runtime}.mjs`);
    built = build({
      entryPoints: [join(__dirname, `${runtime}.ts`)],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'browser', // web standards only: no Node built-ins in what the runtimes load
      conditions: CONDITIONS[runtime],
      target: 'es2022',
      tsconfig: join(ROOT, 'packages/hono/tsconfig.json'),
      plugins: [withoutNodeServer],
      // imported by the conformance suites next to the fixture, never by the fixture: dropped, but must resolve
      external: ['supertest', 'node:*'],
      logLevel: 'silent',
    }).then(() => outfile);
    bundles.set(runtime, built);
  }
  return built;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/**
 * workerd's config: one worker serving the bundle on a loopback socket, configured by a text binding. It is written
 * next to the bundle: workerd reads `embed` paths relative to the config file.
 */
function workerdConfig(bundlePath: string, port: number, config: FixtureConfig): string {
  const { compatibilityDate } = requireFromRoot('workerd') as { compatibilityDate: string };
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "fixture", worker = .fixture)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "fixture")],
);
const fixture :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed ${JSON.stringify(basename(bundlePath))})],
  compatibilityDate = ${JSON.stringify(compatibilityDate)},
  bindings = [(name = "FIXTURE_CONFIG", text = ${JSON.stringify(config)})],
);
`;
}

interface Started {
  child: ChildProcess;
  port: number;
}

async function launch(runtime: Runtime, config: FixtureConfig): Promise<Started> {
  const entry = await bundle(runtime);
  const env = { ...process.env, FIXTURE_CONFIG: config, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
  if (runtime === 'workerd') {
    const port = await freePort();
    const configPath = join(workDir, `workerd-${config}-${port}.capnp`);
    writeFileSync(configPath, workerdConfig(entry, port, config));
    const child = spawn(binary('workerd'), ['serve', configPath], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    track(child);
    await untilServing(child, port);
    return { child, port };
  }
  const args = runtime === 'bun' ? ['run', entry] : ['run', '--allow-net', '--allow-env', '--cached-only', entry];
  const child = spawn(binary(runtime), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  return { child, port: await announcedPort(child) };
}

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/** Bun and Deno entries print `listening <port>` once they serve. */
function announcedPort(child: ChildProcess): Promise<number> {
  return new Promise((done, fail) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`no port announced in ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(Number(match[1]));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`exited with ${code} before serving:\n${output}`));
    });
  });
}

/** workerd prints nothing when it serves: ask until it answers. */
async function untilServing(child: ChildProcess, port: number): Promise<void> {
  let output = '';
  let exited: number | null | undefined;
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.once('exit', (code) => {
    exited = code;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`workerd exited with ${exited} before serving:\n${output}`);
    try {
      await (await fetch(`http://127.0.0.1:${port}${EVENTS_PATH}`)).text();
      return; // any answer: a worker that fails shows in the tests, not as a start that never ends
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 50));
  }
  throw new Error(`workerd did not serve in ${START_TIMEOUT_MS} ms:\n${output}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

const quietLog = { error() {} };

/**
 * The Hono fixture on a runtime, for runConformance and friends.
 * @example runConformance(honoOn('deno'))
 */
export function honoOn(runtime: Runtime): AdapterUnderTest {
  return {
    name: `hono on ${runtime}`,
    // Bun answers a body that fails after the head by resetting the connection (packages/hono/README.md, Runtimes)
    ...(runtime === 'bun' ? { partialResponse: 'reset' as const } : {}),
    async start(options: ErrataOptions, config: FixtureConfig): Promise<RunningApp> {
      const { child, port } = await launch(runtime, config);
      const url = `http://127.0.0.1:${port}`;
      return {
        url,
        close: () => stop(child),
        async settle() {
          const res = await fetch(`${url}${EVENTS_PATH}`);
          const events = (await res.json()) as EventView[];
          for (const event of events) {
            // the thrown value and the logger stay in the runtime; the problem's public fields cross over
            const view: ErrataErrorEvent = {
              ...event,
              problem: event.problem as unknown as Problem,
              error: undefined,
              log: quietLog,
            };
            options.onError?.(view);
          }
        },
      };
    },
  };
}
