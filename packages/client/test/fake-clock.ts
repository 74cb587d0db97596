/**
 * A virtual clock for the client's `sleep` and `now`: no real time passes, and nothing depends on a test runner's fake
 * timers (the suite runs on other runtimes too). `run(promise)` lets the promise make progress and, whenever it is
 * stuck waiting, jumps to the next timer.
 */
interface Timer {
  at: number;
  seq: number;
  fire(): void;
}

export class FakeClock {
  time: number;
  /** Every wait asked of `sleep`, in ms, in order (timeouts included). */
  readonly sleeps: number[] = [];
  private timers: Timer[] = [];
  private seq = 0;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.time = start;
  }

  now = (): number => this.time;

  sleep = (ms: number, signal: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const timer: Timer = {
        at: this.time + ms,
        seq: this.seq++,
        fire: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  };

  /** Timers still pending (a finished call must leave none behind). */
  get pending(): number {
    return this.timers.length;
  }

  /** Settles `promise`, firing timers in time order each time nothing else can progress. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled: { ok: boolean; value: unknown } | undefined;
    promise.then(
      (value) => {
        settled = { ok: true, value };
      },
      (error: unknown) => {
        settled = { ok: false, value: error };
      },
    );
    for (let step = 0; step < 10_000; step++) {
      await idle();
      const result = settled as typeof settled; // assigned by the callbacks above while idle() awaited
      if (result !== undefined) {
        if (result.ok) return result.value as T;
        throw result.value;
      }
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (next === undefined) throw new Error('FakeClock: the promise is pending and no timer is left to fire');
      this.time = Math.max(this.time, next.at);
      next.fire();
    }
    throw new Error('FakeClock: more than 10 000 timers fired');
  }

  /** Like `run`, but resolves with the rejection reason (and fails if the promise resolves). */
  async reject(promise: Promise<unknown>): Promise<unknown> {
    try {
      await this.run(promise);
    } catch (error) {
      return error;
    }
    throw new Error('FakeClock: expected a rejection, got a value');
  }
}

/** A few real macrotask turns: every pending promise chain (and a Response body read) gets to run. */
async function idle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
