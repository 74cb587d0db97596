/**
 * Starting Bun, Deno and workerd for the runtime suites (packages/hono/test/runtimes, packages/client/test/runtimes):
 * each the real binary from node_modules, in a process of its own, stopped and cleaned up with the test process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

export type Runtime = 'bun' | 'deno' | 'workerd';

export const ROOT = resolve(__dirname, '../..');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
/** Generous bounds for a cold start on a busy machine; a runtime that needs longer is broken. */
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

const packageDir = (name: string) => dirname(requireFromRoot.resolve(`${name}/package.json`));

/** The runtime binaries themselves: killing a package manager's shim would leave the runtime serving. */
export function runtimeBinary(runtime: Runtime): string {
  switch (runtime) {
    case 'bun':
      return join(packageDir('bun'), 'bin', 'bun.exe'); // bun's postinstall puts the binary there
    case 'deno':
      return join(packageDir('deno'), 'deno'); // deno's postinstall links the binary there
    case 'workerd':
      return (requireFromRoot('workerd') as { default: string }).default;
  }
}

/** esbuild `conditions` for a bundle the runtime loads (with `platform: 'browser'`: web standards only). */
export const RUNTIME_CONDITIONS: Record<Runtime, string[]> = {
  bun: ['bun'],
  deno: ['deno'],
  workerd: ['workerd', 'worker'],
};

/** What every runtime's process gets besides the test's environment: no update check, no colours in its output. */
export const RUNTIME_ENV = { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };

/** The arguments that run one ES module file on Bun or Deno (workerd serves a config: see workerdConfig). */
export function runArgs(runtime: 'bun' | 'deno', entry: string): string[] {
  return runtime === 'bun' ? ['run', entry] : ['run', '--allow-net', '--allow-env', '--cached-only', entry];
}

/** One scratch folder per test process, for bundles and workerd configs; removed when the process exits. */
export const workDir = mkdtempSync(join(tmpdir(), 'errata-runtimes-'));
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL'); // a test that failed before stopping leaves none serving
  rmSync(workDir, { recursive: true, force: true });
});

/** Starts the runtime's binary with `args`, its output piped; killed when the test process exits. */
export function spawnRuntime(runtime: Runtime, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(runtimeBinary(runtime), args, {
    env: { ...process.env, ...RUNTIME_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

export function freePort(): Promise<number> {
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
 * workerd's config: one worker serving the bundle on a loopback socket, with text bindings. Write it next to the
 * bundle: workerd reads `embed` paths relative to the config file.
 */
export function workerdConfig(bundlePath: string, port: number, bindings: Record<string, string> = {}): string {
  const { compatibilityDate } = requireFromRoot('workerd') as { compatibilityDate: string };
  const texts = Object.entries(bindings).map(
    ([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`,
  );
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .main)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const main :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed ${JSON.stringify(basename(bundlePath))})],
  compatibilityDate = ${JSON.stringify(compatibilityDate)},
  bindings = [${texts.join(', ')}],
);
`;
}

/** Bun and Deno entries print `listening <port>` once they serve. */
export function announcedPort(child: ChildProcess): Promise<number> {
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

/** workerd prints nothing when it serves: ask `url` until it answers. */
export async function untilServing(child: ChildProcess, url: string): Promise<void> {
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
      await (await fetch(url)).text();
      return; // any answer: a worker that fails shows in the tests, not as a start that never ends
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 50));
  }
  throw new Error(`workerd did not serve in ${START_TIMEOUT_MS} ms:\n${output}`);
}

export function stopRuntime(child: ChildProcess): Promise<void> {
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
