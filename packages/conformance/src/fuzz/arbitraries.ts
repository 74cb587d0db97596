/**
 * What the fuzzer sends: fast-check arbitraries for hostile requests to the fixture's routes (ROUTES in adapter.ts).
 * Every choice lists its simplest value first, so shrinking walks a failing request toward the plainest one that
 * still fails: fewer headers, no body, no path mutation, GET /ok.
 */
import fc from 'fast-check';
import { BODY_LIMIT, THROWN } from '../fixture';
import type { FuzzBody, FuzzRequest } from './request';

const simplestFirst = { withCrossShrink: true } as const;

// ---------------------------------------------------------------------------------------------------------- methods

const STANDARD_METHODS = ['GET', 'POST', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** Methods Node's parser knows but no fixture route has, and two it does not know (Node answers those itself). */
const ODD_METHODS = ['TRACE', 'PROPFIND', 'MKCOL', 'SEARCH', 'PURGE', 'LINK', 'REPORT', 'M-SEARCH', 'QUERY', 'FOO'];

export const methodArb = fc.oneof(
  simplestFirst,
  { arbitrary: fc.constantFrom(...STANDARD_METHODS), weight: 10 },
  { arbitrary: fc.constantFrom(...ODD_METHODS), weight: 2 },
);

// ------------------------------------------------------------------------------------------------------------ paths

const thrownNameArb = fc.oneof(
  simplestFirst,
  { arbitrary: fc.constantFrom(...Object.keys(THROWN)), weight: 12 },
  // Not a key of THROWN: a 404 — or a value inherited from Object.prototype
  { arbitrary: fc.constantFrom('nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty'), weight: 1 },
);

const QUERY_KEYS = [
  'symbol',
  'limit',
  'verbose',
  'extra',
  'symbol[]',
  'limit[0]',
  'symbol[a]',
  '__proto__',
  '__proto__[symbol]',
  'constructor[prototype][symbol]',
  'a[b][c][d][e][f][g][h]',
  'SYMBOL',
  '',
  // Escaped names (each parser decodes them), a bad escape, names Object.prototype has
  '%73ymbol',
  'lim%69t',
  '%zz',
  'toString',
  'hasOwnProperty',
] as const;
const QUERY_VALUES = [
  'BTCUSDT',
  '1',
  '0',
  '1000',
  '1001',
  'abc',
  'true',
  'false',
  'maybe',
  '',
  '-1',
  '1.5',
  '1e3',
  '%207',
  '0x10',
  'DOGEUSDT',
  'BTC%55SDT',
  '%zz',
  '%E2%82%AC',
  '%00',
  '+1',
  'null',
  'Infinity',
  'NaN',
  '9007199254740993',
  // Escapes of invalid UTF-8, and a good escape beside a malformed one (parsers decoded these differently)
  'caf%E9',
  '%E2%82',
  '%41%zz',
] as const;

const queryArb = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), fc.constantFrom(...QUERY_VALUES), fc.boolean()), { maxLength: 5 })
  .map((pairs) => pairs.map(([key, value, bare]) => (bare && value === '' ? key : `${key}=${value}`)).join('&'));

/**
 * A query around 1000 fields, the most Express's parsers read (Node's `maxKeys`, qs's `parameterLimit`; Hono and
 * Fastify read any number): a symbol, filler fields (empty, or one name again and again) and a last pair that decides.
 */
const manyFieldsArb = fc
  .record({
    fields: fc.integer({ min: 990, max: 1010 }),
    filler: fc.constantFrom('', 'x=1', 'symbol=BTCUSDT'),
    last: fc.constantFrom('limit=0', 'limit=5', 'symbol=DOGEUSDT', 'verbose=maybe'),
  })
  .map(({ fields, filler, last }) => `symbol=BTCUSDT${`&${filler}`.repeat(Math.max(fields - 2, 0))}&${last}`);

const paramArb = fc.constantFrom(
  'BTCUSDT',
  'doge',
  'ETHUSDT',
  '',
  'BTC%55SDT',
  '%zz',
  'A'.repeat(200),
  'BTCUSDT.json',
  '%2F',
  '..',
  'BTC%00USDT',
);

const FIXED_PATHS = ['/created', '/reject-empty', '/header-then-throw', '/answer-then-throw', '/echo'] as const;
const MORE_PATHS = ['/request-id', '/methods', '/validate/headers', '/validate/body'] as const;
/** Paths no route has (or only a prefix of one), and request targets that are not origin-form at all. */
const UNROUTED = [
  '/',
  '/nope',
  '/throw',
  '/ok/extra',
  '/validate',
  '/validate/params',
  '/v1/orderbook/',
  '/OK',
  '*',
  'http://127.0.0.1/ok',
  '//ok',
] as const;

const basePathArb = fc.oneof(
  simplestFirst,
  fc.constant('/ok'),
  fc.constantFrom(...FIXED_PATHS, ...MORE_PATHS),
  thrownNameArb.map((name) => `/throw/${name}`),
  thrownNameArb.map((name) => `/reject/${name}`),
  fc.integer({ min: 0, max: 20 }).map((ms) => `/delayed-id?ms=${ms}`),
  // A query of ~1000 fields costs every adapter a 1000-key answer: one query in ten
  fc
    .oneof(simplestFirst, { arbitrary: queryArb, weight: 9 }, { arbitrary: manyFieldsArb, weight: 1 })
    .map((query) => (query === '' ? '/validate/query' : `/validate/query?${query}`)),
  paramArb.map((symbol) => `/validate/params/${symbol}`),
  fc.constantFrom(...UNROUTED),
);

/** Text a mutation puts into a path: dot segments, escapes good and bad, separators, characters routers treat apart. */
const PATH_TEXTS = [
  '/',
  '//',
  '/.',
  '/..',
  '/./',
  '/../',
  '%2e',
  '%2E%2E',
  '%2F',
  '%2f',
  ';a=b',
  '%20',
  '+',
  '%zz',
  '%',
  '%G1',
  '%E0%A4',
  '%C0%AF',
  '%00',
  '%FF',
  '%41',
  '\u00e9', // sent as the single byte 0xE9
  '~',
  '!',
  '*',
  '#frag',
  '?',
  '?x=1',
  '\\',
  ':',
  '@',
] as const;

/** Text a mutation appends to the query: separators, escapes of them, a bad escape, a repeated name. */
const QUERY_TEXTS = [
  '&',
  '&&',
  '=',
  '&=',
  '==1',
  '&limit=5&limit=6',
  '&symbol=ETHUSDT',
  '%26limit=0',
  '%3D',
  '+',
  '%2B',
  '%',
  '%zz',
  '%00',
  ';limit=0',
  '[]',
  '&limit[]=1',
] as const;

type PathMutation =
  | { kind: 'append'; text: string }
  | { kind: 'query'; text: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'encode'; at: number; lower: boolean }
  | { kind: 'upper' }
  | { kind: 'long'; length: number };

const pathTextArb = fc.constantFrom(...PATH_TEXTS);
const mutationArb: fc.Arbitrary<PathMutation> = fc.oneof(
  simplestFirst,
  pathTextArb.map((text) => ({ kind: 'append' as const, text })),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat({ max: 40 }), text: pathTextArb }),
  fc.record({ kind: fc.constant('encode' as const), at: fc.nat({ max: 40 }), lower: fc.boolean() }),
  fc.constant({ kind: 'upper' as const }),
  fc.constantFrom(...QUERY_TEXTS).map((text) => ({ kind: 'query' as const, text })),
  // Up to past Node's 16 KiB header limit, where Node itself answers 431
  fc.record({ kind: fc.constant('long' as const), length: fc.integer({ min: 1, max: 17_000 }) }),
);

function mutate(target: string, mutation: PathMutation): string {
  const cut = target.indexOf('?');
  const path = cut === -1 ? target : target.slice(0, cut);
  const query = cut === -1 ? '' : target.slice(cut);
  // Positions start after the first character, so an origin-form target keeps its leading slash
  const at = (n: number) => 1 + (n % Math.max(path.length, 1));
  switch (mutation.kind) {
    case 'append':
      return path + mutation.text + query;
    case 'query':
      return `${path}${query === '' ? '?' : query}${mutation.text}`;
    case 'insert':
      return path.slice(0, at(mutation.at)) + mutation.text + path.slice(at(mutation.at)) + query;
    case 'encode': {
      const i = at(mutation.at) - 1;
      const char = path[i];
      if (char === undefined || char === '/' || char.charCodeAt(0) > 0x7f) return target;
      const hex = char.charCodeAt(0).toString(16).padStart(2, '0');
      return `${path.slice(0, i)}%${mutation.lower ? hex : hex.toUpperCase()}${path.slice(i + 1)}${query}`;
    }
    case 'upper':
      return path.toUpperCase() + query;
    case 'long':
      return `${path}/${'a'.repeat(mutation.length)}${query}`;
  }
}

// ---------------------------------------------------------------------------------------------------------- headers

/** Characters Node's client puts in a header value (it refuses control characters other than tab). */
const headerCharArb = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
  fc.constant('\t'),
);

const requestIdValueArb = fc.oneof(
  simplestFirst,
  fc.constantFrom(
    'client-42',
    'a',
    'Ab9._:=-',
    'a'.repeat(128),
    'a'.repeat(129),
    '',
    'has space',
    ' padded ',
    'semi;colon',
    '<script>',
    'a,b',
    'caf\u00e9',
    'tab\there',
    'x'.repeat(8000),
    '..',
    '%41',
  ),
  fc.uuid(),
  fc.stringMatching(/^[A-Za-z0-9._:=-]{1,140}$/),
  fc.string({ unit: headerCharArb, maxLength: 40 }),
);
const requestIdHeaderArb = fc.tuple(fc.constantFrom('x-request-id', 'X-Request-Id', 'X-REQUEST-ID'), requestIdValueArb);

const MEDIA_RANGES = [
  'application/json',
  'application/problem+json',
  'text/html',
  '*/*',
  'application/*',
  'text/plain',
  'APPLICATION/PROBLEM+JSON',
  'application/problem+json;charset=utf-8',
  'application/xml',
  'garbage',
  '',
  'application/problem+json;level=1',
  ' application/problem+json ',
  'application/problem+json,',
  'application/problem+json;q=1;q=0',
] as const;
const Q_VALUES = ['1', '0', '0.5', '0.001', '1.0', '0.9', 'abc', '2', '-1'] as const;
const acceptArb = fc
  .array(fc.tuple(fc.constantFrom(...MEDIA_RANGES), fc.option(fc.constantFrom(...Q_VALUES), { nil: undefined })), {
    minLength: 1,
    maxLength: 3,
  })
  .map((ranges) => ranges.map(([range, q]) => (q === undefined ? range : `${range};q=${q}`)).join(', '));

const otherHeaderArb = fc.oneof(
  fc.tuple(fc.constantFrom('x-api-key', 'X-Api-Key'), fc.constantFrom('secret-key', 'short', '', 'x'.repeat(6))),
  fc.tuple(
    fc.constant('content-encoding'),
    fc.constantFrom('identity', 'gzip', 'br', 'deflate', 'bogus', 'GZIP', 'gzip, identity'),
  ),
  fc.constantFrom<[string, string]>(
    ['x-http-method-override', 'DELETE'],
    ['origin', 'http://evil.example'],
    ['cookie', 'a=b; __proto__=x'],
    ['if-none-match', '*'],
    ['range', 'bytes=0-1'],
    ['authorization', 'Bearer x'],
    ['x-forwarded-proto', 'https'],
    ['accept-encoding', 'gzip, br'],
  ),
);

const headerArb: fc.Arbitrary<readonly [string, string]> = fc.oneof(
  { arbitrary: requestIdHeaderArb, weight: 3 },
  { arbitrary: fc.tuple(fc.constantFrom('accept', 'Accept'), acceptArb), weight: 3 },
  { arbitrary: otherHeaderArb, weight: 2 },
);

// ----------------------------------------------------------------------------------------------------------- bodies

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'application/json; charset="utf-8"',
  'application/json; charset=latin1',
  'application/json; charset=iso-8859-1',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/json; charset=utf-8; charset=latin1',
  'application/json;',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/problem+json',
  'application/merge-patch+json',
  'text/json',
  'application/jsonx',
  'application/json, text/plain',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '*/*',
  'json',
  '',
] as const;
const contentTypesArb = fc.array(
  fc.tuple(fc.constantFrom('content-type', 'Content-Type'), fc.constantFrom(...CONTENT_TYPES)),
  { maxLength: 2 },
);

const ORDER = { symbol: 'BTCUSDT', side: 'buy', quantity: 1 } as const;
const orderText = (extra = '') => `{"symbol":"BTCUSDT","side":"buy","quantity":1${extra}}`;

/** An order with each field right, missing, of the wrong type or out of range. */
const orderArb = fc.record(
  {
    symbol: fc.constantFrom<unknown>('BTCUSDT', 'DOGEUSDT', 'btcusdt', 1, null, ['BTCUSDT'], ''),
    side: fc.constantFrom<unknown>('buy', 'sell', 'hold', true, 0),
    quantity: fc.constantFrom<unknown>(1, 0, -1, 1.5, '1', 1e308, -0, Number.MIN_VALUE, null, {}),
    leverage: fc.constantFrom<unknown>(2, 1, 21, 2.5, '3', Number.MAX_SAFE_INTEGER),
    items: fc.oneof(
      fc.array(fc.record({ quantity: fc.constantFrom<unknown>(1, 0, 'x', 1.5) }), { maxLength: 3 }),
      fc.constantFrom<unknown>(
        Array.from({ length: 101 }, () => ({ quantity: 1 })),
        'not-an-array',
      ),
    ),
    note: fc.constantFrom<unknown>('hi', 'x'.repeat(21), '\u{1F600}', 'caf\u00e9', ''),
    extra: fc.constantFrom<unknown>(1, '__proto__'),
  },
  { requiredKeys: [] },
);

const NUMBER_TEXTS = [
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '1e-400',
  '-0',
  '9007199254740993',
  '1E2',
  '0.0000001',
  '01',
  '1.',
  '.5',
  '+1',
  'NaN',
  'Infinity',
  '0x10',
] as const;

const INVALID_JSON = [
  '{',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}x',
  '[1,2',
  '"unterminated',
  'undefined',
  '{"a":1}{"a":2}',
  '\u0000',
  '{"a":"\\x41"}',
  '{"a":"\u0001"}',
  '/* c */ {}',
] as const;

const PLAIN_VALUES = ['{}', '[]', 'null', '0', '"str"', 'true', '', ' ', '\n', '[{"symbol":"BTCUSDT"}]'] as const;

const depthArb = fc.integer({ min: 1, max: 8000 });
const NESTINGS = [
  ['[', ']'],
  ['{"a":', '}'],
  ['[{"a":', '}]'],
] as const;

interface Payload {
  text: string;
  encoding: FuzzBody['encoding'];
}
const utf8 = (text: string): Payload => ({ text, encoding: 'utf8' });

const payloadArb: fc.Arbitrary<Payload> = fc.oneof(
  simplestFirst,
  { arbitrary: orderArb.map((order) => utf8(JSON.stringify(order))), weight: 4 },
  { arbitrary: fc.constantFrom(...PLAIN_VALUES).map(utf8), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => utf8(JSON.stringify(value))), weight: 1 },
  {
    // Deep nesting, bare or inside an otherwise valid order
    arbitrary: fc.tuple(fc.constantFrom(...NESTINGS), depthArb, fc.boolean()).map(([[open, close], depth, inOrder]) => {
      const deep = `${open.repeat(depth)}1${close.repeat(depth)}`;
      return utf8(inOrder ? orderText(`,"items":${deep}`) : deep);
    }),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('quantity', 'leverage'), fc.constantFrom(...NUMBER_TEXTS))
      .map(([field, number]) =>
        utf8(field === 'quantity' ? orderText().replace(':1}', `:${number}}`) : orderText(`,"leverage":${number}`)),
      ),
    weight: 1,
  },
  {
    // Duplicate keys: JSON.parse keeps the last one
    arbitrary: fc
      .constantFrom('"quantity":"x"', '"symbol":"DOGEUSDT"', '"__proto__":{"admin":true}', '"quantity":1')
      .map((again) => utf8(orderText(`,${again}`))),
    weight: 1,
  },
  { arbitrary: fc.constant(utf8(`\ufeff${orderText()}`)), weight: 1 },
  {
    // Lone surrogates: escaped (valid JSON text) or as the raw CESU bytes (invalid UTF-8)
    arbitrary: fc.constantFrom(
      utf8(orderText(',"note":"\\ud800"')),
      utf8(orderText(',"note":"\\udfff\\ud800"')),
      { text: orderText(',"note":"\u00ed\u00a0\u0080"'), encoding: 'latin1' as const },
      { text: orderText(',"note":"caf\u00e9"'), encoding: 'latin1' as const },
      { text: orderText(',"note":"\u00ff\u00fe"'), encoding: 'latin1' as const },
      { text: orderText(), encoding: 'utf16le' as const },
    ),
    weight: 1,
  },
  { arbitrary: fc.constantFrom(...INVALID_JSON).map(utf8), weight: 1 },
  {
    // Around the 16 KiB limit: JSON or not
    arbitrary: fc
      .tuple(fc.integer({ min: BODY_LIMIT - 40, max: BODY_LIMIT + 200 }), fc.boolean())
      .map(([size, json]) => utf8(json ? `{"note":"${'x'.repeat(Math.max(size - 11, 0))}"}` : 'a'.repeat(size))),
    weight: 1,
  },
  { arbitrary: fc.constant(utf8(`symbol=${ORDER.symbol}&side=${ORDER.side}&quantity=1`)), weight: 1 },
);

const bodyArb: fc.Arbitrary<FuzzBody> = fc
  .tuple(payloadArb, fc.constantFrom<FuzzBody['framing']>('length', 'chunked', 'padded-length'))
  .map(([payload, framing]) => ({ ...payload, framing }));

// ---------------------------------------------------------------------------------------------------------- request

const BODY_PATHS = fc.oneof(
  simplestFirst,
  { arbitrary: fc.constant('/validate/body'), weight: 4 },
  { arbitrary: fc.constant('/echo'), weight: 3 },
  { arbitrary: fc.constantFrom('/methods', '/created', '/ok'), weight: 2 },
);

/** A request with a body, to a route that reads one (mostly). */
// The arm whose shrinking reaches the plainest request comes first in each choice (GET, basePathArb's /ok, no
// Content-Type), so a class a body request found still shrinks to GET /ok when the body plays no part in it.
const bodyRequestArb = fc.record({
  method: fc.oneof(
    simplestFirst,
    { arbitrary: fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'), weight: 2 },
    { arbitrary: fc.constant('POST'), weight: 8 },
  ),
  base: fc.oneof(simplestFirst, { arbitrary: basePathArb, weight: 1 }, { arbitrary: BODY_PATHS, weight: 6 }),
  mutations: fc.array(mutationArb, { maxLength: 2 }),
  contentTypes: fc.oneof(
    simplestFirst,
    contentTypesArb,
    fc.constant([['content-type', 'application/json'] as [string, string]]),
  ),
  headers: fc.array(headerArb, { maxLength: 4 }),
  // fc.option's freq: one in 8 has no body
  body: fc.option(bodyArb, { freq: 8, nil: undefined }),
});

/** Any method to any path, rarely with a body. */
const anyRequestArb = fc.record({
  method: methodArb,
  base: basePathArb,
  mutations: fc.array(mutationArb, { maxLength: 3 }),
  contentTypes: fc.oneof(simplestFirst, fc.constant([] as [string, string][]), contentTypesArb),
  headers: fc.array(headerArb, { maxLength: 5 }),
  body: fc.oneof(simplestFirst, { arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: bodyArb, weight: 1 }),
});

interface RequestParts {
  method: string;
  base: string;
  mutations: PathMutation[];
  contentTypes: [string, string][];
  headers: (readonly [string, string])[];
  body: FuzzBody | undefined;
}

function build(parts: RequestParts): FuzzRequest {
  return {
    method: parts.method,
    target: parts.mutations.reduce(mutate, parts.base),
    headers: [...parts.contentTypes, ...parts.headers],
    ...(parts.body === undefined ? {} : { body: parts.body }),
  };
}

/**
 * Seeded random requests, for `runFuzz`.
 * @example fc.sample(requestArb, { seed: 1, numRuns: 3 })
 */
export const requestArb: fc.Arbitrary<FuzzRequest> = fc
  .oneof(simplestFirst, { arbitrary: anyRequestArb, weight: 3 }, { arbitrary: bodyRequestArb, weight: 2 })
  .map((parts) => build(parts as RequestParts));
