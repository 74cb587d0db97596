/** `00`…`99` and `000`…`999`: the seconds and milliseconds of a timestamp, written without formatting a Date. */
const TWO = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/** Years 1970-9999: `toISOString`'s four-digit form, the one the cached prefix is written for. */
const FIRST_MS = 0;
const END_MS = 253_402_300_800_000; // 10000-01-01T00:00:00.000Z

let minute = Number.NaN;
let minutePrefix = '';
let lastMs = Number.NaN;
let lastIso = '';

/**
 * `new Date(ms).toISOString()`, byte for byte, for an integer `ms` (what `Date.now()` gives): the
 * `YYYY-MM-DDTHH:MM:` prefix is formatted once per minute and the seconds and milliseconds are written from tables,
 * so a server answering fewer than one request per millisecond does not pay for a Date on every response (~500 ns
 * against ~50, bench/RESULTS.md). Nothing is cached below the millisecond the format shows.
 * @example isoString(0) // '1970-01-01T00:00:00.000Z'
 */
export function isoString(ms: number): string {
  if (ms === lastMs) return lastIso;
  if (!(ms >= FIRST_MS && ms < END_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const inMinute = ms % 60_000;
  const start = ms - inMinute;
  if (start !== minute) {
    minute = start;
    minutePrefix = new Date(start).toISOString().slice(0, 17); // `YYYY-MM-DDTHH:MM:`
  }
  const ms1000 = inMinute % 1000;
  lastMs = ms;
  lastIso = `${minutePrefix}${TWO[(inMinute - ms1000) / 1000]}.${THREE[ms1000]}Z`;
  return lastIso;
}

/** The current time as ISO-8601 UTC with milliseconds, as on every response's `meta.timestamp`. */
export function isoNow(): string {
  return isoString(Date.now());
}
