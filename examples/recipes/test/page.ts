/**
 * Reads a recipe's page (its `page.txt`, the seed page verbatim) so that tests compare answers with what the page
 * shows, not with a copy typed into the test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PageExample {
  /** The parsed JSON. */
  value: unknown;
  /** The page text between the previous example (or the start) and this one: its label, its request. */
  before: string;
  /** Where it starts in the page. */
  offset: number;
}

/** The page of a recipe, e.g. `page('nested-meta')`. */
export function page(recipe: string): string {
  return readFileSync(join(__dirname, '..', recipe, 'page.txt'), 'utf8');
}

/**
 * Every JSON object in the page's text, in order. Code samples (Python dicts, f-strings) are skipped: they do not
 * parse as JSON.
 */
export function jsonExamples(text: string): PageExample[] {
  const out: PageExample[] = [];
  let previousEnd = 0;
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    const end = matchingBrace(text, start);
    if (end === -1) continue;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, end + 1));
    } catch {
      continue;
    }
    out.push({ value, before: text.slice(previousEnd, start), offset: start });
    previousEnd = end + 1;
    start = end;
  }
  return out;
}

/** The index of the `}` closing the `{` at `start`, skipping JSON strings; -1 when there is none. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The one example that `matches`; fails loudly when the page has none or several. */
export function theExample(examples: PageExample[], matches: (example: PageExample) => boolean): PageExample {
  const found = examples.filter(matches);
  if (found.length !== 1) throw new Error(`expected one example on the page, found ${found.length}`);
  return found[0] as PageExample;
}

/**
 * Where `actual` differs from what the page documents, key order included: an empty list when they agree. The one
 * placeholder pages use inside values is honoured: an array ending in `"..."` documents its first items only.
 * @example expect(differences(res.body, documented)).toEqual([])
 */
export function differences(actual: unknown, documented: unknown, at = '$'): string[] {
  if (Array.isArray(documented)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array, got ${JSON.stringify(actual)}`];
    const open = documented.at(-1) === '...';
    const items = open ? documented.slice(0, -1) : documented;
    if (open ? actual.length < items.length : actual.length !== items.length) {
      return [`${at}: expected ${open ? 'at least ' : ''}${items.length} items, got ${actual.length}`];
    }
    return items.flatMap((item, i) => differences(actual[i], item, `${at}[${i}]`));
  }
  if (typeof documented === 'object' && documented !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    }
    const keys = Object.keys(documented);
    const got = Object.keys(actual);
    if (keys.join() !== got.join()) return [`${at}: expected keys ${keys.join(', ')}; got ${got.join(', ')}`];
    return keys.flatMap((key) =>
      differences(
        (actual as Record<string, unknown>)[key],
        (documented as Record<string, unknown>)[key],
        `${at}.${key}`,
      ),
    );
  }
  return Object.is(actual, documented)
    ? []
    : [`${at}: expected ${JSON.stringify(documented)}, got ${JSON.stringify(actual)}`];
}

/**
 * The header lines of an HTTP response as a page prints it (`HTTP/1.1 429 …` then `Name: value` lines).
 * @example httpBlock(page('flat-code'), 'HTTP/1.1 429') // { status: 429, headers: { 'retry-after': '42', … } }
 */
export function httpBlock(text: string, startLine: string): { status: number; headers: Record<string, string> } {
  const lines = text.slice(text.indexOf(startLine)).split('\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const header = /^([A-Za-z-]+): (.+)$/.exec(line);
    if (header === null) break;
    headers[(header[1] as string).toLowerCase()] = header[2] as string;
  }
  return { status, headers };
}
