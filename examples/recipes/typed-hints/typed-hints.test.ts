/**
 * Page 004 (`{ error: { type, code, message, params? } }` with typed hints), pinned against the page: its format
 * example and every code of its tables over a real socket (status, type, params keys and types), the catalog
 * against its params tables (keys, types, descriptions) and its retry table, and the 429's Retry-After.
 */
import { type Answer, call, field } from '../test/http';
import { differences, jsonExamples, page } from '../test/page';
import { type StartedRecipe, startRecipe } from '../test/start-recipe';
import { errors } from './errors';
import { errorType, wireCode } from './format';

const text = page('typed-hints');

/** The cells of a table the page's text dump flattened: blank-line separated, after its header lines. */
function cells(header: string, from = 0): string[] {
  const start = text.indexOf(`${header}\n\n`, from);
  if (start === -1) throw new Error(`no table "${header}" on the page`);
  return text
    .slice(start + header.length + 2)
    .split('\n\n')
    .map((cell) => cell.trim());
}
function tablesAfter(header: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(header); i !== -1; i = text.indexOf(header, i + 1)) at.push(i);
  return at;
}

/** "Error codes by endpoint": code, status, when. */
const codeTable = tablesAfter('Code\nStatus\nWhen').flatMap((at) => {
  const rows: { code: string; status: number; when: string }[] = [];
  const c = cells('Code\nStatus\nWhen', at);
  for (let i = 0; /^[a-z_]+$/.test(c[i] ?? '') && /^\d{3}$/.test(c[i + 1] ?? ''); i += 3) {
    rows.push({ code: c[i] as string, status: Number(c[i + 1]), when: c[i + 2] as string });
  }
  return rows;
});

/** "Error types": type, its statuses (`500+`: every 5xx). */
const typeTable = (() => {
  const c = cells('Type\nHTTP Statuses\nDescription');
  const rows: { type: string; statuses: string[] }[] = [];
  for (let i = 0; /^[A-Z_]+_ERROR$/.test(c[i] ?? ''); i += 3) {
    rows.push({ type: c[i] as string, statuses: (c[i + 1] as string).split(', ') });
  }
  return rows;
})();

/** "Errors with structured hints": the Key/Type/Description tables, by the code(s) they document. */
const paramTables = new Map<string, { key: string; type: string; description: string }[]>();
for (const at of tablesAfter('Key\nType\nDescription')) {
  const heading = text.slice(Math.max(0, at - 700), at);
  const shared = /\(((?:[a-z_]+, )+[a-z_]+)\) all share the same shape/.exec(heading)?.[1];
  const codes = shared?.split(', ') ?? [[...heading.matchAll(/\n([a-z_]+)\n/g)].at(-1)?.[1] as string];
  const c = cells('Key\nType\nDescription', at);
  const rows: { key: string; type: string; description: string }[] = [];
  for (let i = 0; /^[a-z_0-9]+$/.test(c[i] ?? '') && /^(string|number)$/.test(c[i + 1] ?? ''); i += 3) {
    rows.push({ key: c[i] as string, type: c[i + 1] as string, description: c[i + 2] as string });
  }
  for (const code of codes) paramTables.set(code, rows);
}

/** The "Code / params keys" tables: `quote_leverage_below_minimum` → `current_leverage_bps, min_leverage_bps`. */
const paramKeys = new Map<string, string[]>();
for (const at of tablesAfter('Code\n\nparams keys')) {
  const c = cells('Code\n\nparams keys', at);
  for (let i = 0; /^[a-z_]+$/.test(c[i] ?? ''); i += 2) {
    paramKeys.set(c[i] as string, c[i + 1] === '(none)' ? [] : (c[i + 1] as string).split(', '));
  }
}
for (const [code, rows] of paramTables)
  paramKeys.set(
    code,
    rows.map((row) => row.key),
  );

/**
 * "Retry logic": two columns flattened into one list. Its first three rows have both cells (retryable, not
 * retryable); the rest only the right one.
 */
const retryCells = cells('Retryable\nNot retryable').slice(
  0,
  cells('Retryable\nNot retryable').findIndex((c) => !/^[a-z_]+$/.test(c)),
);
const retryable = retryCells.filter((_, i) => i < 6 && i % 2 === 0);
const notRetryable = retryCells.filter((_, i) => i >= 6 || i % 2 === 1);

/** The page's rule: pip values are decimal strings, bps values numbers. */
const typeByName = (key: string) => (key.endsWith('_bps') ? 'number' : key.endsWith('_pips') ? 'string' : undefined);

let api: StartedRecipe;
let throttled: StartedRecipe;
beforeAll(async () => {
  [api, throttled] = await Promise.all([
    startRecipe('typed-hints', { FROZEN_TIME: '2026-05-01T10:00:00.250Z', RATE_LIMIT_PER_SECOND: '1000' }),
    startRecipe('typed-hints', { FROZEN_TIME: '2026-05-01T10:00:00.250Z' }),
  ]);
});
afterAll(() => Promise.all([api?.stop(), throttled?.stop()]));

const json = { 'content-type': 'application/json' };
async function token(base: StartedRecipe, wallet = '0x52908400098527886E0F7030069857D2E4169EE7'): Promise<string> {
  const res = await call(`${base.url}/tokens`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ wallet_address: wallet }),
  });
  return field(res, 'token') as string;
}
async function postQuote(bearer: string, body: Record<string, unknown>): Promise<Answer> {
  const quote = { side: 'long', collateral_usd_pips: '1000000', leverage_bps: 30_000, ...body };
  const headers = { ...json, authorization: `Bearer ${bearer}` };
  return call(`${api.url}/quotes`, { method: 'POST', headers, body: JSON.stringify(quote) });
}

describe('page 004 — typed hints (Hono)', () => {
  it('finds what it pins on the page', () => {
    expect(codeTable).toHaveLength(49);
    expect(typeTable.map((row) => row.type)).toEqual([
      'INVALID_REQUEST_ERROR',
      'AUTHENTICATION_ERROR',
      'RATE_LIMIT_ERROR',
      'API_ERROR',
    ]);
    expect([...paramTables.keys()]).toHaveLength(8); // 2 + the 5 position limits + quote_revision_required
    expect(paramKeys.size).toBe(8 + 6 + 1 + 10);
    expect([retryable.length, notRetryable.length]).toEqual([3, 9]);
  });

  describe('the catalog, against the page’s tables', () => {
    const listing = errors.describe();
    const entry = (code: string) => listing.find((e) => wireCode(e.code) === code);

    it('declares every code with its status and its “When” as the description', () => {
      for (const row of codeTable)
        expect([row.code, entry(row.code)]).toMatchObject([row.code, { status: row.status, description: row.when }]);
    });

    it('declares the params of every code the hints tables document: keys in order, types, descriptions', () => {
      for (const [code, keys] of paramKeys) {
        const schema = JSON.parse(JSON.stringify(entry(code)?.params ?? { properties: {} }));
        const properties = schema.properties as Record<string, { type: string; description?: string }>;
        expect([code, Object.keys(properties)]).toEqual([code, keys]);
        for (const key of keys) {
          const row = paramTables.get(code)?.find((r) => r.key === key);
          const type = row?.type ?? typeByName(key);
          if (type !== undefined) expect([code, key, properties[key]?.type]).toEqual([code, key, type]);
          if (row !== undefined)
            expect([code, key, properties[key]?.description]).toEqual([code, key, row.description]);
          if (key.endsWith('_pips')) expect(properties[key]).toMatchObject({ pattern: '^\\d+$' });
        }
      }
    });

    it('declares no params for the codes the page gives none', () => {
      for (const row of codeTable.filter((r) => !paramKeys.has(r.code)))
        expect([row.code, entry(row.code)?.params]).toEqual([row.code, null]);
    });

    it('marks exactly the retry table’s codes retryable', () => {
      for (const code of retryable) expect([code, entry(code)?.retryable]).toEqual([code, true]);
      for (const code of notRetryable) expect([code, entry(code)?.retryable]).toEqual([code, false]);
    });

    it('types each status as the “Error types” table says', () => {
      for (const { type, statuses } of typeTable) {
        for (const status of statuses.flatMap((s) => (s === '500+' ? [500, 502, 503, 504] : [Number(s)]))) {
          expect([status, errorType(status)]).toEqual([status, type]);
        }
      }
    });
  });

  it('answers the format example: the same type, code and message, params being the code’s documented hints', async () => {
    const value = jsonExamples(text)[0]?.value as { error: { type: string; code: string; message: string } };
    const res = await postQuote(await token(api), { ticker: 'KXNBA-26-LAL', leverage_bps: 15_000 });
    expect(res.status).toBe(400);
    const { params, ...rest } = (res.body as { error: Record<string, unknown> }).error;
    expect(differences({ error: rest }, value)).toEqual([]);
    expect(Object.keys(params as object)).toEqual(paramKeys.get(value.error.code));
  });

  describe('every code of the tables, over HTTP', () => {
    const evm = () => token(api);
    const cases: [string, () => Promise<Answer>][] = [
      [
        'customer_auth_invalid_wallet_address',
        () => call(`${api.url}/tokens`, { method: 'POST', headers: json, body: '{"wallet_address":"0x123"}' }),
      ],
      ['customer_market_not_found', () => call(`${api.url}/markets/KXNOPE`)],
      [
        'customer_position_not_found',
        async () => call(`${api.url}/positions/pos_other`, { headers: { authorization: `Bearer ${await evm()}` } }),
      ],
      [
        'quote_leverage_below_minimum',
        async () => postQuote(await evm(), { ticker: 'KXNBA-26-LAL', leverage_bps: 15_000 }),
      ],
      [
        'quote_leverage_exceeds_maximum',
        async () => postQuote(await evm(), { ticker: 'KXNBA-26-LAL', leverage_bps: 150_000 }),
      ],
      [
        'quote_leverage_exceeds_model_max',
        async () => postQuote(await evm(), { ticker: 'KXNBA-26-LAL', leverage_bps: 45_000 }),
      ],
      ['quote_slippage_too_high', async () => postQuote(await evm(), { ticker: 'KXNBA-26-LAL', slippage_bps: 500 })],
      ['quote_side_capacity_exceeded', async () => postQuote(await evm(), { ticker: 'POLY-FED-CUT-JUN' })],
      [
        'notional_selector_insufficient_liquidity',
        async () => postQuote(await evm(), { ticker: 'POLY-FED-CUT-JUN', collateral_usd_pips: '600000' }),
      ],
      [
        'quote_invalid_polymarket_wallet_address',
        async () =>
          postQuote(await token(api, '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV'), { ticker: 'POLY-FED-CUT-JUN' }),
      ],
    ];
    const direct = new Set(cases.map(([code]) => code));
    for (const row of codeTable.filter((r) => !direct.has(r.code))) {
      cases.push([row.code, async () => postQuote(await evm(), { ticker: `demo_${row.code}` })]);
    }

    it.each(cases)('%s', async (code, send) => {
      const res = await send();
      const status = codeTable.find((row) => row.code === code)?.status;
      expect([res.status, field(res, 'error', 'type'), field(res, 'error', 'code')]).toEqual([
        status,
        errorType(status as number),
        code,
      ]);
      const params = field(res, 'error', 'params') as Record<string, unknown> | undefined;
      expect(Object.keys(res.body as object)).toEqual(['error']);
      expect(Object.keys(field(res, 'error') as object)).toEqual([
        'type',
        'code',
        'message',
        ...(params ? ['params'] : []),
      ]);
      expect([code, params === undefined ? [] : Object.keys(params)]).toEqual([code, paramKeys.get(code) ?? []]);
      for (const [key, value] of Object.entries(params ?? {})) {
        const type = paramTables.get(code)?.find((r) => r.key === key)?.type ?? typeByName(key);
        if (type !== undefined) expect([key, typeof value]).toEqual([key, type]);
        if (type === 'string' && key.endsWith('_pips')) expect(value).toMatch(/^\d+$/);
      }
    });

    it('covers every code of the tables', () => {
      expect(new Set(cases.map(([code]) => code))).toEqual(new Set(codeTable.map((row) => row.code)));
    });

    it('omits params where the page says a call site has none: the empty order book', async () => {
      const res = await postQuote(await evm(), { ticker: 'KXEMPTY-BOOK' });
      expect(field(res, 'error', 'code')).toBe('notional_selector_insufficient_liquidity');
      expect(Object.keys(field(res, 'error') as object)).toEqual(['type', 'code', 'message']);
    });

    it('answers the hint codes outside the tables: quote_revision_required, request_already_in_progress (409)', async () => {
      const revision = await postQuote(await evm(), { ticker: 'demo_quote_revision_required' });
      expect([revision.status, Object.keys(field(revision, 'error', 'params') as object)]).toEqual([
        400,
        paramTables.get('quote_revision_required')?.map((row) => row.key),
      ]);
      const busy = await postQuote(await evm(), { ticker: 'demo_request_already_in_progress' });
      expect([busy.status, field(busy, 'error', 'type'), field(busy, 'error', 'code')]).toEqual([
        409,
        'INVALID_REQUEST_ERROR',
        'request_already_in_progress',
      ]);
    });
  });

  it('answers AUTHENTICATION_ERROR without a valid token', async () => {
    for (const authorization of [undefined, 'Bearer tok_forged', 'Basic abc']) {
      const res = await call(`${api.url}/positions/pos_demo_1`, { headers: authorization ? { authorization } : {} });
      expect([res.status, field(res, 'error', 'type'), field(res, 'error', 'code')]).toEqual([
        401,
        'AUTHENTICATION_ERROR',
        'unauthorized',
      ]);
    }
  });

  it('answers API_ERROR internal_server_error for an unexpected failure, its message kept server-side', async () => {
    const res = await postQuote(await token(api), { ticker: 'demo_internal_server_error' });
    expect([res.status, field(res, 'error', 'type'), field(res, 'error', 'code')]).toEqual([
      500,
      'API_ERROR',
      'internal_server_error',
    ]);
    expect(res.text).not.toMatch(/risk-engine|best_bid|10\.0\.7\.3|TypeError/);
  });

  it('answers RATE_LIMIT_ERROR too_many_requests with a Retry-After header', async () => {
    let res = await call(`${throttled.url}/markets/KXNBA-26-LAL`);
    for (let i = 0; i < 20 && res.status !== 429; i++) res = await call(`${throttled.url}/markets/KXNBA-26-LAL`);
    expect([res.status, field(res, 'error', 'type'), field(res, 'error', 'code')]).toEqual([
      429,
      'RATE_LIMIT_ERROR',
      'too_many_requests',
    ]);
    expect(res.headers.get('retry-after')).toBe('1');
  });
});
