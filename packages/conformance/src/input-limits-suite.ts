/**
 * Input-limit conformance: a request part nested too deep for validation answers the same VALIDATION_ERROR in every
 * adapter, as core's compileValidator decides, and nothing is reported as a server error.
 */
import { compileValidator, createErrata, type ErrataErrorEvent, type RequestPart } from '@errata/core';
import type { TSchema } from '@sinclair/typebox';
import request from 'supertest';
import type { AdapterUnderTest } from './adapter';
import { BODY_LIMIT, FIXTURE_CONFIGS, schemas } from './fixture';
import { startedFixture } from './started-fixture';
import { normalizeBody } from './suite';

interface Case {
  name: string;
  body: string;
  /** What the validator sees, to compute the expected answer. */
  input: { location: RequestPart; schema: TSchema };
  /** The rule the first detail must have (pinned, so a change in core shows up here too). */
  rule: string;
}

const arrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const objects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

const CASES: Case[] = [
  {
    name: 'a body of nested arrays just under the body limit',
    body: arrays(Math.floor(BODY_LIMIT / 2) - 1),
    input: { location: 'body', schema: schemas.body },
    rule: 'maxDepth',
  },
  {
    name: 'a body of nested objects just under the body limit',
    body: objects(Math.floor((BODY_LIMIT - 1) / 6)),
    input: { location: 'body', schema: schemas.body },
    rule: 'maxDepth',
  },
  {
    name: 'a body one level deeper than the limit',
    body: arrays(65),
    input: { location: 'body', schema: schemas.body },
    rule: 'maxDepth',
  },
  {
    name: 'a body exactly as deep as the limit (validated as usual)',
    body: arrays(64),
    input: { location: 'body', schema: schemas.body },
    rule: 'type',
  },
];

/**
 * Registers the input-limit conformance tests for one adapter.
 * @example runInputLimitsConformance({ name: 'hono', start })
 */
export function runInputLimitsConformance(adapter: AdapterUnderTest): void {
  describe(`input-limit conformance: ${adapter.name}`, () => {
    const events: ErrataErrorEvent[] = [];
    const options = FIXTURE_CONFIGS.default((event) => events.push(event));
    const errata = createErrata({ ...options, onError: () => {} });
    const app = startedFixture(adapter, options);
    beforeEach(async () => {
      await app.settle?.();
      events.length = 0;
    });

    for (const c of CASES) {
      it(`answers ${c.name} with core's VALIDATION_ERROR, never a 5xx`, async () => {
        expect(c.body.length).toBeLessThan(BODY_LIMIT);
        const result = compileValidator(c.input.schema, c.input.location)(JSON.parse(c.body));
        if (result.ok) throw new Error(`case "${c.name}" is valid input; fix the case`);
        expect(result.details[0]?.rule).toBe(c.rule);
        const expected = errata.respond(options.catalog.VALIDATION_ERROR({ details: result.details }), {
          requestId: 'expected-id',
          method: 'POST',
          path: '/validate/body',
        });
        const res = await request(app.url)
          .post('/validate/body')
          .set('content-type', 'application/json')
          .send(c.body)
          .buffer(true);
        expect(res.status).toBe(expected.status);
        expect(normalizeBody(res.text, res.headers['x-request-id'] as string)).toBe(
          normalizeBody(expected.body, 'expected-id'),
        );
        await app.settle?.();
        expect(events.map((event) => [event.problem.status, event.problem.code])).toEqual([[400, 'VALIDATION_ERROR']]);
      });
    }

    it('answers a deeply bracketed query string without a 5xx', async () => {
      const res = await request(app.url).get(`/validate/query?symbol=BTCUSDT&${'a'}${'[a]'.repeat(500)}=1`);
      expect(res.status).toBeLessThan(500);
      await app.settle?.();
      expect(events.every((event) => event.problem.status < 500)).toBe(true);
    });
  });
}
