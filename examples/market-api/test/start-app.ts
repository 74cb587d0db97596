/** Starts one of the market-api apps as `pnpm demo` would (a child process), on a free port. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export type Framework = 'express' | 'hono' | 'fastify';

/** Every framework the API is written in, in the order `pnpm demo` starts them. */
export const FRAMEWORKS: readonly Framework[] = ['express', 'hono', 'fastify'];

export interface StartedApp {
  url: string;
  /** Everything the process printed (stdout + stderr), for log assertions. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startApp(framework: Framework): Promise<StartedApp> {
  const port = await freePort();
  const root = join(__dirname, '..');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts')], {
    cwd: root,
    env: { ...process.env, FRAMEWORK: framework, PORT: String(port), NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${framework} did not start:\n${output}`)), 20_000);
    const check = () => {
      if (/listening/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${framework} exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Starts every framework's app before the file's tests (as `pnpm demo` does) and stops them after: the map fills in
 * `beforeAll`.
 * @example const apps = startAllApps(); it('…', () => apps.get('hono')?.url)
 */
export function startAllApps(): Map<Framework, StartedApp> {
  const apps = new Map<Framework, StartedApp>();
  beforeAll(async () => {
    const started = await Promise.all(FRAMEWORKS.map(startApp));
    for (const [i, framework] of FRAMEWORKS.entries()) apps.set(framework, started[i] as StartedApp);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...apps.values()].map((app) => app.stop()));
  });
  return apps;
}
