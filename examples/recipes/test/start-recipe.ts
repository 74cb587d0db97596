/** Starts a recipe as `pnpm recipe <name>` does (a child process) on a free port, with the environment a test gives. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface StartedRecipe {
  url: string;
  /** Everything the process printed (stdout + stderr), for log assertions. */
  output(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
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

/**
 * @example const api = await startRecipe('nested-meta', { FROZEN_TIME: '2026-04-30T12:00:00Z' })
 */
export async function startRecipe(name: string, env: Record<string, string> = {}): Promise<StartedRecipe> {
  const port = await freePort();
  const root = join(__dirname, '..');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'run.ts'), name], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: unknown) => {
    output += String(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 30_000);
    child.stdout?.on('data', () => {
      if (!/listening on/.test(output)) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
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
