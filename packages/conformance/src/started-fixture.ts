import type { ErrataOptions } from '@errata/core';
import type { AdapterUnderTest, RunningApp } from './adapter';
import type { FixtureConfig } from './fixture';

/**
 * Starts an adapter's fixture app before the enclosing describe block's tests and closes it after them; the app it
 * returns reads through to the running one (its `url` is there from the first test on).
 * @example const app = startedFixture(adapter, options); it('…', () => request(app.url).get('/ok'))
 */
export function startedFixture(
  adapter: AdapterUnderTest,
  options: ErrataOptions,
  config: FixtureConfig = 'default',
): Required<RunningApp> {
  let started: RunningApp | undefined;
  beforeAll(async () => {
    started = await adapter.start(options, config);
  });
  afterAll(async () => {
    await started?.close();
  });
  const running = (): RunningApp => {
    if (started === undefined) throw new Error('the fixture app starts in beforeAll: use it inside a test');
    return started;
  };
  return {
    get url() {
      return running().url;
    },
    close: () => running().close(),
    settle: async () => {
      await running().settle?.();
    },
  };
}
