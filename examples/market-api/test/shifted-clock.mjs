/**
 * Test support, preloaded (`--import`) into a market-api process by client.e2e.test.ts: the process's wall clock
 * (`Date.now()`, `new Date()`) runs ahead of the real one by the milliseconds written in the file named by
 * MARKET_API_CLOCK_FILE, read at each reading of the clock. A test can then let a minute pass for the app's rate
 * limiters (which read `Date.now()`) without waiting a minute; the app itself is unchanged. Without the variable this
 * module does nothing.
 */
import { readFileSync } from 'node:fs';

const file = process.env.MARKET_API_CLOCK_FILE;

if (file) {
  const RealDate = Date;
  const realNow = Date.now.bind(Date);
  const offset = () => {
    try {
      return Number(readFileSync(file, 'utf8')) || 0;
    } catch {
      return 0;
    }
  };
  const now = () => realNow() + offset();
  // A Proxy rather than a subclass: `Date.prototype`, `instanceof Date` and Date.UTC/parse stay the real ones.
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
}
