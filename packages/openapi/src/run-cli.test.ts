import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { docs, errors, routes } from '../test/fixture';
import { expectValidOpenApi } from '../test/validate-document';
import { buildDocument } from './build-document';
import { renderErrorReference } from './render-error-reference';
import { runCli } from './run-cli';

const root = join(__dirname, '..');

/** Runs the CLI in process; modules load through Jest's require, which compiles TypeScript. */
async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd: root,
    load: async (file) => require(file),
  });
  return { code, stdout, stderr };
}

describe('errata docs', () => {
  it('prints the Markdown error reference of a catalog and its routes', async () => {
    const result = await cli('docs', '--catalog', 'test/fixture.ts#errors', '--routes', 'test/fixture.ts#routes');
    expect(result).toEqual({ code: 0, stdout: renderErrorReference({ catalog: errors, routes }), stderr: '' });
  });

  it('finds the one catalog a module exports without being told its name', async () => {
    const result = await cli('docs', '--catalog', 'test/fixture.ts', '--format', 'md');
    expect(result.stdout).toBe(renderErrorReference({ catalog: errors }));
  });

  it('writes the OpenAPI document to --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'errata-cli-')), 'openapi.json');
    const result = await cli(
      'docs',
      '--catalog',
      'test/fixture.ts',
      '--routes',
      'test/fixture.ts#docs',
      '--format',
      'openapi',
      '--out',
      out,
    );
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const document = JSON.parse(readFileSync(out, 'utf8'));
    expect(document).toEqual(JSON.parse(JSON.stringify(buildDocument({ catalog: errors, ...docs }))));
    expect(document.info).toEqual({ title: 'Fixture API', version: '1.0.0' });
    await expectValidOpenApi(document);
  });

  it('says clearly when the module path is wrong', async () => {
    const result = await cli('docs', '--catalog', 'test/nope.ts');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`errata docs: cannot load test/nope.ts: no such file (${join(root, 'test/nope.ts')})\n`);
  });

  it('says clearly when a module exports no catalog, or the named export is not one', async () => {
    const none = await cli('docs', '--catalog', 'test/not-a-catalog.ts');
    expect(none).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'errata docs: test/not-a-catalog.ts exports no catalog made by defineErrors (it exports: answer, errors)\n',
    });
    const named = await cli('docs', '--catalog', 'test/not-a-catalog.ts#errors');
    expect(named.stderr).toBe(
      'errata docs: test/not-a-catalog.ts#errors is not a catalog made by defineErrors (it is an object)\n',
    );
    const missing = await cli('docs', '--catalog', 'test/fixture.ts#catalog');
    expect(missing.stderr).toBe(
      'errata docs: test/fixture.ts has no export named catalog (it exports: errors, Ticker, routes, headers, docs)\n',
    );
    const routesNot = await cli('docs', '--catalog', 'test/fixture.ts', '--routes', 'test/fixture.ts#errors');
    expect(routesNot.stderr).toMatch(/^errata docs: test\/fixture\.ts#errors is not a route list/);
  });

  it('reports a module that fails to load in one line, without a stack', async () => {
    const result = await cli('docs', '--catalog', 'test/throws-on-load.ts');
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'errata docs: cannot load test/throws-on-load.ts: the config is missing DATABASE_URL\n',
    });
  });

  it('rejects a missing --catalog, an unknown format or command, and unknown options', async () => {
    expect((await cli('docs')).stderr).toMatch(/^errata docs: --catalog <module> is required\nUsage: errata docs/);
    expect((await cli('docs', '--catalog', 'test/fixture.ts', '--format', 'yaml')).stderr).toBe(
      'errata docs: --format must be md or openapi, not "yaml"\n',
    );
    expect((await cli('build')).stderr).toMatch(/^errata docs: expected the command `docs`/);
    expect((await cli('docs', '--catalgo', 'x')).code).toBe(1);
    expect((await cli('--help')).stdout).toMatch(/^Usage: errata docs --catalog/);
  });

  it('runs as a program, loading TypeScript modules through tsx', async () => {
    const run = promisify(execFile);
    const args = [
      '--import',
      'tsx',
      'src/cli.ts',
      'docs',
      '--catalog',
      'test/fixture.ts',
      '--routes',
      'test/fixture.ts#routes',
    ];
    const { stdout } = await run(process.execPath, args, { cwd: root });
    expect(stdout).toBe(renderErrorReference({ catalog: errors, routes }));
    const failed = await run(process.execPath, [...args.slice(0, 4), '--catalog', 'test/nope.ts'], { cwd: root }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^errata docs: cannot load test\/nope\.ts: no such file/),
    });
  });
});
