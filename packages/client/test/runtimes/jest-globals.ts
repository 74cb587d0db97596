/**
 * The part of jest's globals the client's unit tests use (describe, it, test, it.each, expect), so that those files run
 * unchanged on Bun, Deno and workerd, where jest does not. client-suite.ts injects these in place of the globals.
 * `expect` is Vitest's jest-compatible one (@vitest/expect, on chai): it runs in workers and browsers, where jest's own
 * `expect` package does not (it loads node:fs, node:path, node:util…). Anything else of jest's API is absent on
 * purpose: a test file that uses it fails to load and is reported, never skipped.
 */
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  chai,
  type ExpectStatic,
  GLOBAL_EXPECT,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState,
} from '@vitest/expect';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

/** jest's `expect(value)`, with the asymmetric matchers (`expect.any`…) beside it, as Vitest assembles it. */
export const expect = ((value: unknown, message?: string) => chai.expect(value, message)) as unknown as ExpectStatic;
Object.assign(expect, chai.expect, (globalThis as Record<PropertyKey, unknown>)[ASYMMETRIC_MATCHERS_OBJECT]);
(globalThis as Record<PropertyKey, unknown>)[GLOBAL_EXPECT] = expect;
setState(
  {
    assertionCalls: 0,
    isExpectingAssertions: false,
    isExpectingAssertionsError: null,
    expectedAssertionsNumber: null,
    expectedAssertionsNumberErrorGen: null,
  },
  expect,
);

type TestBody = (...args: never[]) => unknown;

interface Registered {
  file: string;
  /** The describe blocks' names and the test's, joined with ' › ' as jest prints them. */
  name: string;
  body: () => unknown;
}

const registered: Registered[] = [];
const blocks: string[] = [];
let currentFile = '';

export function describe(name: string, body: () => void): void {
  blocks.push(name);
  try {
    body();
  } finally {
    blocks.pop();
  }
}

function register(name: string, body: () => unknown): void {
  registered.push({ file: currentFile, name: [...blocks, name].join(' › '), body });
}

/** jest's title placeholders: %s, %d, %i, %j, %# and %%; any other fails the file's loading, as an unknown API does. */
function title(template: string, row: readonly unknown[], index: number): string {
  let next = 0;
  return template.replace(/%[sdij#%]|%\w/g, (placeholder) => {
    if (placeholder === '%%') return '%';
    if (placeholder === '%#') return String(index);
    if (!'%s%d%i%j'.includes(placeholder)) throw new Error(`it.each: ${placeholder} is not supported here`);
    const value = row[next++];
    if (placeholder === '%j') return JSON.stringify(value);
    if (placeholder === '%s') return String(value);
    return String(placeholder === '%i' ? Math.trunc(Number(value)) : Number(value));
  });
}

/** jest's `it.each(table)(title, body)`: a row that is an array is spread into the body's arguments. */
function each(table: readonly unknown[]) {
  return (template: string, body: TestBody): void => {
    table.forEach((row, index) => {
      const args = Array.isArray(row) ? row : [row];
      register(title(template, args, index), () => (body as (...args: unknown[]) => unknown)(...args));
    });
  };
}

export const it = Object.assign((name: string, body: TestBody) => register(name, body as () => unknown), { each });
export const test = it;

export interface TestResult {
  file: string;
  name: string;
  /** Absent when the test passed. */
  error?: string;
}

export interface SuiteReport {
  /** Per file, in order: the error that kept it from loading, if any. */
  files: { file: string; loadError?: string }[];
  tests: TestResult[];
}

/** As jest's testTimeout (jest.config.ts): a test that never settles fails instead of holding the runtime. */
const TEST_TIMEOUT_MS = 30_000;

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `thrown non-Error: ${String(error)}`;
}

async function withinTimeout(body: () => unknown): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish in ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS);
  });
  try {
    await Promise.race([Promise.resolve().then(body), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Loads each test file (each registers its tests), then, unless `listOnly`, runs every test in order.
 * @example await runSuite({ 'retry-delay.test.ts': () => import('../../src/retry-delay.test') }, false)
 */
export async function runSuite(files: Record<string, () => Promise<unknown>>, listOnly: boolean): Promise<SuiteReport> {
  const report: SuiteReport = { files: [], tests: [] };
  for (const [file, load] of Object.entries(files)) {
    currentFile = file;
    try {
      await load();
      report.files.push({ file });
    } catch (error) {
      report.files.push({ file, loadError: describeError(error) });
    }
  }
  for (const test of registered) {
    const result: TestResult = { file: test.file, name: test.name };
    if (!listOnly) {
      try {
        await withinTimeout(test.body);
      } catch (error) {
        result.error = describeError(error);
      }
    }
    report.tests.push(result);
  }
  return report;
}
