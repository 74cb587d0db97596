/**
 * How long a response asks to wait, in milliseconds, or undefined when it does not say. `Retry-After` (RFC 9110
 * §10.2.3: delay-seconds or an HTTP-date) comes first; then, on a 429 only, the IETF RateLimit fields
 * (draft-ietf-httpapi-ratelimit-headers: `RateLimit: "p";r=0;t=30` with `RateLimit-Policy: "p";q=100;w=60`, the
 * older `RateLimit: limit=…, remaining=0, reset=30` and `RateLimit-Remaining`/`RateLimit-Reset`) and then
 * `X-RateLimit-Reset`, each counting only when it says the quota is spent. Any other status that carries them failed
 * for another reason: its quota fields ask nobody to wait.
 * @example advisedDelay(response.headers, 503, Date.now()) // 2000 for `Retry-After: 2`
 */
export function advisedDelay(headers: Headers, status: number, now: number): number | undefined {
  const asked = retryAfter(headers.get('retry-after'), now);
  if (asked !== undefined || status !== 429) return asked;
  return rateLimitReset(headers) ?? legacyReset(headers, now);
}

/**
 * Exponential backoff with full jitter: uniform in [0, min(maxDelay, baseDelay × 2^retry)), `retry` counting from 0.
 * @example backoffDelay(2, { baseDelay: 500, maxDelay: 10_000 }, Math.random) // somewhere in [0, 2000)
 */
export function backoffDelay(
  retry: number,
  limits: { baseDelay: number; maxDelay: number },
  random: () => number,
): number {
  const ceiling = Math.min(limits.maxDelay, limits.baseDelay * 2 ** retry);
  const r = random();
  // A random() outside [0, 1) (an injected one) must not stretch the wait past the ceiling.
  return Math.floor(ceiling * (Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0));
}

const DELAY_SECONDS = /^\d+$/;

/** `Retry-After: 120` or `Retry-After: Fri, 31 Dec 1999 23:59:59 GMT`. */
function retryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (DELAY_SECONDS.test(trimmed)) return Number(trimmed) * 1000;
  const at = parseHttpDate(trimmed, now);
  return at === undefined ? undefined : Math.max(0, at - now);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = `(?<month>${MONTHS.join('|')})`;
const TIME = '(?<h>\\d{2}):(?<m>\\d{2}):(?<s>\\d{2})';
/** RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must still accept. */
const HTTP_DATES = [
  new RegExp(`^${DAY}, (?<day>\\d{2}) ${MONTH} (?<year>\\d{4}) ${TIME} GMT$`),
  new RegExp(`^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?<day>\\d{2})-${MONTH}-(?<yy>\\d{2}) ${TIME} GMT$`),
  new RegExp(`^${DAY} ${MONTH} (?<day>[ \\d]\\d) ${TIME} (?<year>\\d{4})$`),
];

/**
 * An HTTP-date in ms since the epoch, or undefined. Strict: `Date.parse` accepts almost anything (`'Someday 99'` is
 * 1999), which would turn a garbled header into "retry now".
 */
function parseHttpDate(value: string, now: number): number | undefined {
  const fields = HTTP_DATES.map((pattern) => pattern.exec(value)?.groups).find((groups) => groups !== undefined);
  if (fields === undefined) return undefined;
  const [day, h, m, s] = [fields.day, fields.h, fields.m, fields.s].map(Number) as [number, number, number, number];
  let year = Number(fields.year);
  if (fields.yy !== undefined) {
    // A two-digit year more than 50 years ahead is in the past century (RFC 9110 §5.6.7).
    year = 2000 + Number(fields.yy);
    if (year > new Date(now).getUTCFullYear() + 50) year -= 100;
  }
  const at = Date.UTC(year, MONTHS.indexOf(fields.month as string), day, h, m, s);
  // Impossible fields (31 Feb, 25:00) are refused, not rolled over by Date.UTC.
  return new Date(at).getUTCDate() === day && h < 24 && m < 60 && s < 61 ? at : undefined;
}

/** The IETF fields, newest draft first. Several policies may be listed: wait for the longest spent one. */
function rateLimitReset(headers: Headers): number | undefined {
  const combined = headers.get('ratelimit');
  if (combined !== null) {
    const items = parseItems(combined);
    if (items.some((item) => item.name !== undefined)) {
      const windows = new Map(parseItems(headers.get('ratelimit-policy') ?? '').map((p) => [p.name, p.params.w]));
      let wait: number | undefined;
      for (const item of items) {
        if (item.params.r !== 0) continue;
        const seconds = item.params.t ?? windows.get(item.name);
        if (seconds !== undefined) wait = Math.max(wait ?? 0, seconds * 1000);
      }
      return wait;
    }
    // draft 7: one item of `key=value` pairs separated by commas
    const params = Object.fromEntries(items.flatMap((item) => Object.entries(item.params)));
    if (params.remaining === 0 && params.reset !== undefined) return params.reset * 1000;
    return undefined;
  }
  const remaining = headers.get('ratelimit-remaining');
  const reset = headers.get('ratelimit-reset');
  if (remaining?.trim() === '0' && reset !== null && DELAY_SECONDS.test(reset.trim())) return Number(reset) * 1000;
  return undefined;
}

interface Item {
  name: string | undefined;
  params: Record<string, number>;
}

/**
 * A lenient reading of the structured-field lists the drafts use: `"name";a=1;b=2, "other";a=3` (draft 8+) or
 * `limit=3, remaining=0, reset=57` (draft 7). Only integer parameters are kept; anything else is skipped.
 */
function parseItems(field: string): Item[] {
  const items: Item[] = [];
  for (const part of field.split(',')) {
    const [head = '', ...rest] = part.split(';').map((s) => s.trim());
    // The item's name: a quoted string, or a bare token; a head with `=` is already a parameter (draft 7).
    const name = /^"([^"]*)"$/.exec(head)?.[1] ?? (/^[A-Za-z*][\w:./*+-]*$/.test(head) ? head : undefined);
    const item: Item = { name, params: {} };
    for (const pair of name === undefined ? [head, ...rest] : rest) {
      const match = /^([a-z][a-z0-9_-]*)=(\d+)$/.exec(pair);
      if (match) item.params[match[1] as string] = Number(match[2]);
    }
    items.push(item);
  }
  return items;
}

/** Unix seconds below this are taken as a delay in seconds (some servers send that), not a time: 2001-09-09. */
const EPOCH_SECONDS_FLOOR = 1e9;

/** `X-RateLimit-Reset`: unix seconds (GitHub, express-rate-limit's legacy header) or, when small, delay-seconds. */
function legacyReset(headers: Headers, now: number): number | undefined {
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (reset === undefined || !DELAY_SECONDS.test(reset)) return undefined;
  if (remaining !== null && remaining.trim() !== '0') return undefined;
  const value = Number(reset);
  return value >= EPOCH_SECONDS_FLOOR ? Math.max(0, value * 1000 - now) : value * 1000;
}
