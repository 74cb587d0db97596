/**
 * The Hono conformance fixture as a plain fetch handler, for runtimes whose process is not the test's (Bun, Deno,
 * workerd). The errata options come from FIXTURE_CONFIGS by name, as the suite built its own; the error events the
 * suite listens to are kept here and read back from EVENTS_PATH (see runtimes.ts).
 */
import { FIXTURE_CONFIGS, type FixtureConfig } from '@errata/conformance';
import type { ErrataErrorEvent } from '@errata/core';
import { toJsonSafe } from '@errata/core/adapter';
import { createHonoFixture } from '../fixture-app';

/** Where the fixture answers the error events recorded since the last read; no fixture route starts with it. */
export const EVENTS_PATH = '/__conformance/events';

/** What crosses the process boundary of one error event: the public problem and the request it answered. */
export interface EventView {
  problem: Record<string, unknown>;
  requestId: string;
  method: string;
  path: string;
}

/**
 * A fetch handler serving the fixture configured as FIXTURE_CONFIGS[config], plus EVENTS_PATH.
 * @example Bun.serve({ port: 0, fetch: fixtureFetch('default') })
 */
export function fixtureFetch(config: string): (request: Request) => Response | Promise<Response> {
  if (!Object.hasOwn(FIXTURE_CONFIGS, config)) throw new Error(`unknown fixture configuration ${config}`);
  const events: EventView[] = [];
  const record = (event: ErrataErrorEvent) => {
    const { status, code, message, details, params, headers, retryable } = event.problem;
    events.push({
      problem: toJsonSafe({ status, code, message, details, params, headers, retryable }) as Record<string, unknown>,
      requestId: event.requestId,
      method: event.method,
      path: event.path,
    });
  };
  const app = createHonoFixture(FIXTURE_CONFIGS[config as FixtureConfig](record));
  return function fetchFixture(request) {
    if (new URL(request.url).pathname === EVENTS_PATH) {
      const drained = events.splice(0, events.length);
      return new Response(JSON.stringify(drained), { headers: { 'content-type': 'application/json' } });
    }
    return app.fetch(request);
  };
}
