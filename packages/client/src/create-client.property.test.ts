/** Whatever a server (or a proxy in front of it) answers, the client settles with data or one of its own errors. */
import fc from 'fast-check';
import { fakeApi, type Reply } from '../test/fake-api';
import { FakeClock } from '../test/fake-clock';
import { createClient } from './create-client';
import { ErrataClientError } from './errata-client-error';

const headerValue = fc.oneof(
  fc.string(),
  fc.constantFrom('0', '1', '60', '-1', '1e3', '99999999999', 'Thu, 01 Jan 2026 00:00:10 GMT', '"p";r=0;t=5'),
);

const body = fc.oneof(
  fc.string(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        success: fc.oneof(fc.boolean(), fc.jsonValue()),
        error: fc.oneof(
          fc.record(
            { code: fc.jsonValue(), message: fc.jsonValue(), params: fc.jsonValue(), details: fc.jsonValue() },
            { requiredKeys: [] },
          ),
          fc.jsonValue(),
        ),
        data: fc.jsonValue(),
        meta: fc.jsonValue(),
        code: fc.jsonValue(),
        status: fc.jsonValue(),
        detail: fc.jsonValue(),
        errors: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
);

const reply: fc.Arbitrary<Reply> = fc.oneof(
  fc.record({
    status: fc.integer({ min: 200, max: 599 }),
    headers: fc.record(
      {
        'content-type': fc.oneof(
          fc.constantFrom('application/json', 'application/problem+json', 'text/html', 'text/plain; charset=utf-8'),
          fc.string().filter((s) => /^[\t\x20-\x7e]*$/.test(s)),
        ),
        'retry-after': headerValue.filter((s) => /^[\t\x20-\x7e]*$/.test(s)),
        ratelimit: headerValue.filter((s) => /^[\t\x20-\x7e]*$/.test(s)),
        'x-ratelimit-reset': headerValue.filter((s) => /^[\t\x20-\x7e]*$/.test(s)),
      },
      { requiredKeys: [] },
    ),
    text: body,
  }),
  fc.constant<Reply>({ network: true }),
  fc.constant<Reply>({ hang: true }),
);

describe('any response', () => {
  it('settles with data or an ErrataClientError, waits within the limits, and leaves no timer behind', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(reply, { minLength: 3, maxLength: 3 }),
        fc.constantFrom('GET', 'POST'),
        async (replies, method) => {
          const clock = new FakeClock(Date.UTC(2026, 0, 1));
          const api = fakeApi(clock, replies);
          const waits: number[] = [];
          const client = createClient({
            baseUrl: 'http://api.test',
            fetch: api.fetch,
            sleep: clock.sleep,
            now: clock.now,
            timeout: 1000,
            retry: { maxWait: 20_000, maxDelay: 5000 },
            onRetry: (event) => waits.push(event.delay),
          });
          const outcome = await clock.run(client.request('/x', { method })).then(
            (data) => ({ ok: true as const, data }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          if (!outcome.ok) expect(outcome.error).toBeInstanceOf(ErrataClientError);
          for (const wait of waits) expect(wait >= 0 && wait <= 20_000).toBe(true);
          expect(api.sent.length).toBeLessThanOrEqual(method === 'GET' ? 3 : 1);
          expect(clock.pending).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
