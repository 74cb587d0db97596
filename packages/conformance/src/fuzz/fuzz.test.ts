import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createErrata } from '@errata/core';
import { clientErrorListener } from '@errata/core/adapter';
import type { AdapterUnderTest, RunningApp } from '../adapter';
import { catalog, fixtureOptions } from '../fixture';
import { check } from './compare';
import { formatClass } from './format-report';
import { KNOWN_DIVERGENCES, type KnownDivergence } from './known-divergences';
import { type RawAnswer, send } from './request';
import { runFuzz } from './run-fuzz';
import { FIXTURE_ADAPTERS } from './targets';

/** The seeded run `pnpm test` makes; `pnpm fuzz --seconds N --seed S` runs longer. */
const SEED = 20_251_201;
const RUNS = 2_000;

describe('differential fuzzer', () => {
  it(`finds no divergence outside the known list in ${RUNS} seeded requests to every adapter`, async () => {
    const report = await runFuzz({ seed: SEED, runs: RUNS, adapters: FIXTURE_ADAPTERS, known: KNOWN_DIVERGENCES });
    expect(report.generated).toBe(RUNS);
    expect(report.unexplained.map((entry) => formatClass(entry, SEED))).toEqual([]);
  }, 120_000);

  describe('every known divergence still shows on its example', () => {
    let apps: RunningApp[] = [];
    beforeAll(async () => {
      apps = await Promise.all(FIXTURE_ADAPTERS.map((adapter) => adapter.start(fixtureOptions({ onError: () => {} }))));
    });
    afterAll(async () => {
      await Promise.all(apps.map((app) => app.close()));
    });

    it.each(KNOWN_DIVERGENCES.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
      expect(entry.matches(entry.example)).toBe(true);
      const answers = await Promise.all(apps.map((app) => send(app.url, entry.example)));
      const problems = check(
        entry.example,
        FIXTURE_ADAPTERS.map((adapter) => adapter.name),
        answers,
      );
      // Fails once the divergence is fixed: then remove the entry from known-divergences.ts
      expect(problems.filter((problem) => entry.checks.includes(problem.check)).length).toBeGreaterThan(0);
    });
  });

  describe('against two apps that disagree', () => {
    // Both answer every request with core's 404; the second answers 500 to any Accept naming problem+json.
    function fakeAdapter(name: string, breaks: boolean): AdapterUnderTest {
      return {
        name,
        start: async () => {
          const errata = createErrata({ catalog, onError: () => {} });
          const server = http.createServer((req, res) => {
            const info = {
              requestId: errata.requestId(req.headers['x-request-id']),
              method: req.method ?? 'GET',
              path: '/',
            };
            const broken = breaks && /problem/.test(req.headers.accept ?? '');
            const answer = broken ? errata.respond(new Error('broken'), info) : errata.notFound(info);
            req.resume();
            res.writeHead(answer.status, { ...answer.headers, 'x-request-id': info.requestId }).end(answer.body);
          });
          // Requests Node's parser refuses are answered alike by both, as by every adapter
          server.on('clientError', clientErrorListener(errata));
          await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
          const { port } = server.address() as AddressInfo;
          return {
            url: `http://127.0.0.1:${port}`,
            close: () => new Promise<void>((resolve) => server.close(() => resolve())),
          };
        },
      };
    }
    const adapters = [fakeAdapter('steady', false), fakeAdapter('broken', true)];

    it('reports the divergence with the seed and a minimised request', async () => {
      const report = await runFuzz({ seed: 7, runs: 100, adapters });
      const key = 'status: steady = 404 NOT_FOUND | broken = 500 INTERNAL_ERROR';
      const status = report.unexplained.find((entry) => entry.key === key);
      expect(status?.key).toBe(key);
      // Shrunk to the one header that matters, on the simplest request
      expect(status?.minimised).toEqual({
        method: 'GET',
        target: '/ok',
        headers: [['accept', expect.stringMatching(/problem/)]],
      });
      expect(formatClass(status as NonNullable<typeof status>, report.seed)).toContain('of seed 7');
      expect(report.unexplained.map((entry) => entry.check)).toContain('server-error');
    }, 60_000);

    it('counts a divergence the known list explains, and reports nothing', async () => {
      const known: KnownDivergence = {
        name: 'broken-problem',
        issue: 0,
        reason: 'the second app breaks on problem+json',
        checks: ['status', 'server-error'],
        matches: (request) =>
          request.headers.some(([name, value]) => name.toLowerCase() === 'accept' && /problem/.test(value)),
        example: { method: 'GET', target: '/ok', headers: [['accept', 'application/problem+json']] },
      };
      const report = await runFuzz({ seed: 7, runs: 100, adapters, known: [known] });
      expect(report.unexplained).toEqual([]);
      expect(report.classes.map((entry) => entry.known?.name)).toContain('broken-problem');
    }, 60_000);
  });

  it('sees a Node-level answer as a problem, not as a match', () => {
    const bare: RawAnswer = { status: 400, headers: {}, body: '', end: 'complete' };
    const problems = check({ method: 'GET', target: '/ok', headers: [] }, ['a', 'b'], [bare, bare]);
    expect(problems.map((problem) => problem.check)).toEqual(['body-shape', 'request-id']);
  });
});
