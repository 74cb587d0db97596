/**
 * Starts the Hono fixture (fixture-server.ts) on Bun, Deno or workerd, each the real binary from node_modules, on a
 * loopback port, as an AdapterUnderTest for the conformance suites. The suites compute the expected answers in the
 * test's own process, from the same named configuration the fixture builds (FIXTURE_CONFIGS); error events are read
 * back over HTTP by `settle`.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterUnderTest, FixtureConfig, RunningApp } from '@errata/conformance';
import type { ErrataErrorEvent, ErrataOptions, Problem } from '@errata/core';
import { build, type Plugin } from 'esbuild';
import {
  announcedPort,
  freePort,
  ROOT,
  RUNTIME_CONDITIONS,
  type Runtime,
  runArgs,
  spawnRuntime,
  stopRuntime,
  untilServing,
  workDir,
  workerdConfig,
} from '../../../../test/runtimes/runtime-process';
import { EVENTS_PATH, type EventView } from './fixture-server';

export type { Runtime };

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
      conditions: RUNTIME_CONDITIONS[runtime],
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

interface Started {
  child: ChildProcess;
  port: number;
}

async function launch(runtime: Runtime, config: FixtureConfig): Promise<Started> {
  const entry = await bundle(runtime);
  if (runtime === 'workerd') {
    const port = await freePort();
    const configPath = join(workDir, `workerd-${config}-${port}.capnp`);
    writeFileSync(configPath, workerdConfig(entry, port, { FIXTURE_CONFIG: config }));
    const child = spawnRuntime('workerd', ['serve', configPath]);
    await untilServing(child, `http://127.0.0.1:${port}${EVENTS_PATH}`);
    return { child, port };
  }
  const child = spawnRuntime(runtime, runArgs(runtime, entry), { FIXTURE_CONFIG: config });
  return { child, port: await announcedPort(child) };
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
        close: () => stopRuntime(child),
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
