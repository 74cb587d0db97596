/**
 * The client's own unit tests (src/*.test.ts, unchanged) on Bun, Deno and workerd: esbuild bundles them with
 * jest-globals.ts in place of jest's globals, the runtime's real binary runs the bundle, and each of its results
 * becomes one jest test here. Which tests exist is read beforehand from the same files, bundled the same way, loaded by
 * Node: a test the runtime never ran fails as surely as one that failed there.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, build, buildSync } from 'esbuild';
import {
  freePort,
  RUNTIME_CONDITIONS,
  type Runtime,
  runArgs,
  spawnRuntime,
  stopRuntime,
  untilServing,
  workDir,
  workerdConfig,
} from '../../../../test/runtimes/runtime-process';
import type { SuiteReport } from './jest-globals';

const SRC = join(__dirname, '../../src');
const GLOBALS = join(__dirname, 'jest-globals.ts');
/** Starts the line of a Bun or Deno run's output that carries its report. */
const MARK = 'errata-client-suite ';

/** The test files that cannot run on these runtimes, and why (packages/client/README.md lists them too). */
export const LEFT_OUT: Readonly<Record<string, string>> = {
  'package.test.ts': "checks the package's shape, reading its files and manifest from disk with node:fs",
  'readme.test.ts': 'checks the README, reading it from disk with node:fs',
};

const testFiles = readdirSync(SRC)
  .filter((file) => file.endsWith('.test.ts') && !Object.hasOwn(LEFT_OUT, file))
  .sort();

/** The bundle's entry: load every test file lazily (runSuite tells which file registers what), then run them. */
function entry(runtime: Runtime | 'node', listOnly: boolean): string {
  const imports = testFiles.map((file) => `${JSON.stringify(file)}: () => import(${JSON.stringify(join(SRC, file))})`);
  const run = `runSuite({ ${imports.join(', ')} }, ${listOnly})`;
  const head = `import { runSuite } from ${JSON.stringify(GLOBALS)};\n`;
  if (runtime !== 'workerd') return `${head}console.log(${JSON.stringify(MARK)} + JSON.stringify(await ${run}));\n`;
  // The tests run inside the request: workerd allows timers only there, not while the module loads.
  return `${head}export default {
  async fetch(request) {
    if (new URL(request.url).pathname === '/ready') return new Response('ready');
    return new Response(JSON.stringify(await ${run}), { headers: { 'content-type': 'application/json' } });
  },
};\n`;
}

function bundleOptions(runtime: Runtime | 'node', listOnly: boolean): BuildOptions & { outfile: string } {
  return {
    stdin: { contents: entry(runtime, listOnly), resolveDir: __dirname, sourcefile: `client-suite-${runtime}.js` },
    outfile: join(workDir, `client-suite-${runtime}.mjs`),
    bundle: true,
    format: 'esm',
    platform: 'browser', // web standards only: no Node built-ins in what the runtimes load
    conditions: runtime === 'node' ? [] : RUNTIME_CONDITIONS[runtime],
    target: 'es2022',
    tsconfig: join(__dirname, '../../tsconfig.json'),
    inject: [GLOBALS],
    logLevel: 'silent',
  };
}

function parseReport(output: string, from: string): SuiteReport {
  const line = output.split('\n').find((text) => text.startsWith(MARK));
  if (line === undefined) throw new Error(`${from} printed no report:\n${output}`);
  return JSON.parse(line.slice(MARK.length)) as SuiteReport;
}

/** The tests the files register, read synchronously (jest needs its tests named before any runs) by Node. */
function listTests(): SuiteReport {
  const options = bundleOptions('node', true);
  buildSync(options);
  return parseReport(execFileSync(process.execPath, [options.outfile], { encoding: 'utf8' }), 'node');
}

function untilExit(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((done) => child.once('close', (code) => done({ code, output })));
}

async function runOn(runtime: Runtime): Promise<SuiteReport> {
  const options = bundleOptions(runtime, false);
  await build(options);
  if (runtime !== 'workerd') {
    const { code, output } = await untilExit(spawnRuntime(runtime, runArgs(runtime, options.outfile)));
    if (code !== 0) throw new Error(`${runtime} exited with ${code}:\n${output}`);
    return parseReport(output, runtime);
  }
  const port = await freePort();
  const configPath = join(workDir, `client-suite-${port}.capnp`);
  writeFileSync(configPath, workerdConfig(options.outfile, port));
  const child = spawnRuntime('workerd', ['serve', configPath]);
  try {
    await untilServing(child, `http://127.0.0.1:${port}/ready`);
    const res = await fetch(`http://127.0.0.1:${port}/run`);
    if (!res.ok) throw new Error(`workerd answered ${res.status}:\n${await res.text()}`);
    return (await res.json()) as SuiteReport;
  } finally {
    await stopRuntime(child);
  }
}

/**
 * Registers, for `runtime`, one jest test per client unit test, one per test file's loading, and one per file left
 * out (holding its reason to the file).
 * @example clientSuiteOn('deno')
 */
export function clientSuiteOn(runtime: Runtime): void {
  const listed = listTests();
  let report: Promise<SuiteReport> | undefined;
  const ran = () => {
    report ??= runOn(runtime);
    return report;
  };

  describe(`@errata/client's unit tests on ${runtime}`, () => {
    for (const [file, reason] of Object.entries(LEFT_OUT)) {
      it(`leaves out ${file}: ${reason}`, () => {
        expect(readFileSync(join(SRC, file), 'utf8')).toMatch(/from 'node:fs'/);
        expect(readFileSync(join(SRC, '../README.md'), 'utf8')).toContain(`\n- \`${file}\`: ${reason}\n`);
      });
    }

    it('has tests to run', () => {
      expect(listed.files.map((f) => f.file)).toEqual(testFiles);
      expect(listed.tests.length).toBeGreaterThan(0);
    });

    for (const { file, loadError } of listed.files) {
      it(`loads ${file}`, async () => {
        expect(loadError).toBeUndefined(); // on Node, with these globals
        expect((await ran()).files.find((f) => f.file === file)).toEqual({ file });
      });
    }

    listed.tests.forEach((test, index) => {
      it(`${test.file} › ${test.name}`, async () => {
        const result = (await ran()).tests[index];
        expect(result && { file: result.file, name: result.name }).toEqual({ file: test.file, name: test.name });
        if (result?.error !== undefined) throw new Error(`failed on ${runtime}: ${result.error}`);
      });
    });

    it('runs no test that Node does not list', async () => {
      expect((await ran()).tests).toHaveLength(listed.tests.length);
    });
  });

  afterAll(async () => {
    if (report === undefined) return;
    const { tests } = await report.catch(() => ({ tests: [] as SuiteReport['tests'] }));
    const failed = tests.filter((test) => test.error !== undefined).length;
    const leftOut = Object.entries(LEFT_OUT).map(([file, reason]) => `${file} (${reason})`);
    console.log(
      `@errata/client's unit tests on ${runtime}: ${tests.length - failed} passed, ${failed} failed of ` +
        `${listed.tests.length} in ${testFiles.join(', ')}; left out: ${leftOut.join('; ')}`,
    );
  });
}
