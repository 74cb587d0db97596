/**
 * The differential fuzzer: seeded random requests (arbitraries.ts) sent over real sockets to every adapter's fixture
 * app, their answers checked and compared (compare.ts). Each new class of problem is minimised with fast-check's
 * shrinker, kept within its class, and reported with the seed and the index of the request that found it.
 */
import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { AdapterUnderTest, RunningApp } from '../adapter';
import { fixtureOptions } from '../fixture';
import { requestArb } from './arbitraries';
import { type Check, check, type Problem } from './compare';
import type { KnownDivergence } from './known-divergences';
import { type FuzzRequest, type RawAnswer, send } from './request';

export interface FuzzOptions {
  seed: number;
  /** Stop after this many generated requests… */
  runs?: number;
  /** …or after this many seconds, whichever comes first. At least one of the two. */
  seconds?: number;
  adapters: readonly AdapterUnderTest[];
  /** Problems these excuse are counted, not reported as failures. */
  known?: readonly KnownDivergence[];
  /** Requests checked while minimising one class, at most. Default 400. */
  maxShrinks?: number;
  /** Minimise known classes too (for a report of everything); by default only unexplained ones are. */
  minimiseKnown?: boolean;
  /** Requests in flight at once (each goes to every adapter). Default 4. */
  concurrency?: number;
  /** Called after each batch, for progress output. */
  onProgress?: (progress: { generated: number; classes: number; elapsedMs: number }) => void;
}

/** One adapter's answer, as the report shows it. */
export interface AnswerView {
  adapter: string;
  status: number;
  end: RawAnswer['end'];
  headers: Record<string, string | undefined>;
  /** The first 300 characters. */
  body: string;
  /** For an answer that logged a server error: what was thrown, e.g. `RangeError: Maximum call stack size exceeded`. */
  logged?: string;
}

export interface DivergenceClass {
  check: Check;
  key: string;
  /** What differs in the request shown (for a known class, one of its many variants). */
  shown: string;
  /** The first known divergence that excuses it, if any (the key names all of them). */
  known?: KnownDivergence;
  /** How many generated requests showed it. */
  count: number;
  /** The first request that showed it: `seed` and `index` regenerate it. */
  index: number;
  found: FuzzRequest;
  /** The smallest request found that still shows it, and the answers to it. */
  minimised: FuzzRequest;
  answers: AnswerView[];
  shrinkSteps: number;
}

export interface FuzzReport {
  seed: number;
  /** Requests generated from the seed. */
  generated: number;
  /** Requests sent to each adapter, minimising included. */
  sent: number;
  durationMs: number;
  adapters: string[];
  /** Every class, unexplained first. */
  classes: DivergenceClass[];
  /** Classes no known divergence excuses: a non-empty list is a failure. */
  unexplained: DivergenceClass[];
}

interface Target {
  name: string;
  app: RunningApp;
  /** What each request logged as a server error, by the request id it answered with. */
  logged: Map<string, string>;
}

interface Outcome {
  answers: RawAnswer[];
  problems: Problem[];
}

/** Bias toward small values early, as fast-check's own runner does. */
const biasFactor = (run: number) => 2 + Math.floor(Math.log(run + 1) / Math.log(10));

/** What was thrown, in a line; never throws itself (THROWN has revoked proxies and null-prototype objects). */
function thrownText(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 120)}`;
    return `${typeof error}: ${String(error).slice(0, 120)}`;
  } catch {
    return `${typeof error} (not printable)`;
  }
}

async function startTargets(adapters: readonly AdapterUnderTest[]): Promise<Target[]> {
  return Promise.all(
    adapters.map(async (adapter) => {
      const logged = new Map<string, string>();
      const app = await adapter.start(
        fixtureOptions({
          // Silent: the fuzzer records what would have been logged as a server error instead of printing it
          onError: (event) => {
            if (event.problem.status >= 500) logged.set(event.requestId, thrownText(event.error));
          },
        }),
      );
      return { name: adapter.name, app, logged };
    }),
  );
}

function view(target: Target, answer: RawAnswer): AnswerView {
  const id = answer.headers['x-request-id'];
  const logged = id === undefined ? undefined : target.logged.get(id);
  return {
    adapter: target.name,
    status: answer.status,
    end: answer.end,
    headers: answer.headers,
    body: answer.body.length > 300 ? `${answer.body.slice(0, 300)}…` : answer.body,
    ...(logged === undefined ? {} : { logged }),
  };
}

function excuses(known: readonly KnownDivergence[], request: FuzzRequest, problem: Problem) {
  return known.filter((entry) => entry.checks.includes(problem.check) && entry.matches(request));
}

/**
 * An unexplained problem's class is its key (check, grouping of adapters, answers); an excused one's is the check and
 * the first entry that excuses it, so each known divergence shows once per check however its answers vary. An
 * excused problem never shares a class with an unexcused one, whatever their answers.
 */
function classKey(known: readonly KnownDivergence[], request: FuzzRequest, problem: Problem): string {
  const entry = excuses(known, request, problem)[0];
  return entry === undefined ? problem.key : `${problem.check} [known: ${entry.name}]`;
}

/**
 * Runs the fuzzer against every adapter; never throws for a divergence, it reports it.
 * @example const report = await runFuzz({ seed: 1, runs: 300, adapters: FIXTURE_ADAPTERS, known: KNOWN_DIVERGENCES })
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  if (options.runs === undefined && options.seconds === undefined) throw new Error('runFuzz needs runs or seconds');
  const started = Date.now();
  const deadline = options.seconds === undefined ? Number.POSITIVE_INFINITY : started + options.seconds * 1000;
  const runs = options.runs ?? Number.POSITIVE_INFINITY;
  const known = options.known ?? [];
  const concurrency = options.concurrency ?? 4;
  const maxShrinks = options.maxShrinks ?? 400;
  const targets = await startTargets(options.adapters);
  const names = targets.map((target) => target.name);
  const classes = new Map<string, DivergenceClass>();
  let sent = 0;

  async function attempt(request: FuzzRequest): Promise<Outcome> {
    sent++;
    const answers = await Promise.all(targets.map((target) => send(target.app.url, request)));
    return { answers, problems: check(request, names, answers) };
  }

  async function minimise(value: fc.Value<FuzzRequest>, key: string, outcome: Outcome) {
    const shows = (request: FuzzRequest, problems: Problem[]) =>
      problems.some((problem) => classKey(known, request, problem) === key);
    let current = { value, outcome };
    let steps = 0;
    let improved = true;
    while (improved && steps < maxShrinks) {
      improved = false;
      for (const candidate of requestArb.shrink(current.value.value_, current.value.context)) {
        if (++steps > maxShrinks) break;
        const next = await attempt(candidate.value_);
        if (shows(candidate.value_, next.problems)) {
          current = { value: candidate, outcome: next };
          improved = true;
          break;
        }
      }
    }
    const request = current.value.value_;
    const shown = current.outcome.problems.find((problem) => classKey(known, request, problem) === key);
    return { request, outcome: current.outcome, steps, shown: shown?.key ?? key };
  }

  const random = new fc.Random(xoroshiro128plus(options.seed));
  let generated = 0;
  try {
    while (generated < runs && Date.now() < deadline) {
      const batch: fc.Value<FuzzRequest>[] = [];
      while (batch.length < concurrency && generated + batch.length < runs) {
        batch.push(requestArb.generate(random, biasFactor(generated + batch.length)));
      }
      const outcomes = await Promise.all(batch.map((value) => attempt(value.value_)));
      for (const [offset, value] of batch.entries()) {
        const index = generated + offset;
        const outcome = outcomes[offset] as Outcome;
        for (const problem of outcome.problems) {
          const key = classKey(known, value.value_, problem);
          const seen = classes.get(key);
          if (seen !== undefined) {
            seen.count++;
            continue;
          }
          const entry = excuses(known, value.value_, problem)[0];
          const small =
            entry === undefined || options.minimiseKnown
              ? await minimise(value, key, outcome)
              : { request: value.value_, outcome, steps: 0, shown: problem.key };
          classes.set(key, {
            check: problem.check,
            key,
            shown: small.shown,
            ...(entry === undefined ? {} : { known: entry }),
            count: 1,
            index,
            found: value.value_,
            minimised: small.request,
            answers: small.outcome.answers.map((answer, i) => view(targets[i] as Target, answer)),
            shrinkSteps: small.steps,
          });
        }
      }
      generated += batch.length;
      options.onProgress?.({ generated, classes: classes.size, elapsedMs: Date.now() - started });
    }
  } finally {
    await Promise.all(targets.map((target) => target.app.close()));
  }

  const all = [...classes.values()].sort((a, b) => Number(a.known !== undefined) - Number(b.known !== undefined));
  return {
    seed: options.seed,
    generated,
    sent,
    durationMs: Date.now() - started,
    adapters: names,
    classes: all,
    unexplained: all.filter((entry) => entry.known === undefined),
  };
}
