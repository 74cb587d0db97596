import { defineErrors } from '@errata/core';
import { Type } from '@sinclair/typebox';
import { errors, routes } from '../test/fixture';
import { renderErrorReference } from './render-error-reference';

const markdown = renderErrorReference({ catalog: errors, routes, problemDetails: true, title: 'Market API errors' });
const section = (code: string) => {
  const start = markdown.indexOf(`### \`${code}\`\n`);
  const end = markdown.indexOf('\n### ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
};

describe('renderErrorReference', () => {
  it('opens with a short header for humans: the shape, how to branch, the request id', () => {
    expect(
      markdown.startsWith('# Market API errors\n\nEvery error is answered with its HTTP status and one JSON shape:'),
    ).toBe(true);
    expect(markdown).toContain('- Branch on `error.code`, never on `message`');
    expect(markdown).toContain('`meta.request_id` equals the `X-Request-Id` header');
    expect(markdown).toContain('Send `Accept: application/problem+json`');
  });

  it('lists every code by status, in status then catalog order, with retryability', () => {
    const rows = [...markdown.matchAll(/^\| (\d{3}) [^|]+ \| \[`([A-Z_]+)`\]\(#[a-z_]+\) \| (yes|no) \|/gm)].map(
      ([, status, code, retryable]) => `${status} ${code} ${retryable}`,
    );
    expect(rows).toHaveLength(errors.codes.length);
    expect(rows.slice(0, 4)).toEqual([
      '400 BAD_REQUEST no',
      '400 INVALID_JSON no',
      '400 VALIDATION_ERROR no',
      '400 LEVERAGE_EXCEEDS_MAXIMUM no',
    ]);
    expect(rows).toContain('503 UPSTREAM_ERROR yes');
    const statuses = rows.map((r) => Number(r.slice(0, 3)));
    expect(statuses).toEqual([...statuses].sort((a, b) => a - b));
  });

  it('lists the codes of each route, as given', () => {
    const ticker = markdown.slice(
      markdown.indexOf('### `GET /v1/ticker`'),
      markdown.indexOf('### `GET /v1/orderbook/:symbol`'),
    );
    expect([...ticker.matchAll(/\[`([A-Z_]+)`\]/g)].map((m) => m[1])).toEqual([
      'VALIDATION_ERROR',
      'RATE_LIMIT_EXCEEDED',
      'UPSTREAM_ERROR',
    ]);
    expect(markdown).toContain('### `GET /health`\n\nLiveness\n\nNo error codes of its own.');
  });

  it('gives each code its message, description, params table, headers and advice', () => {
    expect(section('SYMBOL_NOT_FOUND')).toBe(
      [
        '### `SYMBOL_NOT_FOUND`',
        '',
        '**404 Not Found** · not retryable',
        '',
        '> Symbol not found',
        '',
        'For example: “Symbol DOGEUSDT is not listed.”',
        '',
        'The symbol is well formed but not traded here.',
        '',
        '| Param | Type | Description |',
        '|---|---|---|',
        '| `symbol` | string | The symbol asked for. |',
        '| `supported` | string[] | The symbols traded here. |',
        '',
        '**What to do:** Do not retry: check the path and the identifiers in it. Read `params.symbol`, `params.supported` for the values to act on.',
        '',
      ].join('\n'),
    );
    expect(section('RATE_LIMIT_EXCEEDED')).toContain('**429 Too Many Requests** · retryable · headers: `Retry-After`');
    expect(section('RATE_LIMIT_EXCEEDED')).toContain('| `retry_after` | integer ≥ 0 |  |');
    expect(section('UPSTREAM_ERROR')).toContain('**What to do:** Transient: retry after the seconds in `Retry-After`');
    expect(section('METHOD_NOT_ALLOWED')).toContain('headers: `Allow`');
  });

  it('escapes table cells, marks optional params and describes unions', () => {
    const catalog = defineErrors({
      ODD: {
        status: 422,
        message: 'a | b',
        params: Type.Object({
          side: Type.Union([Type.Literal('buy'), Type.Literal('sell')], { description: 'which | side' }),
          note: Type.Optional(Type.String()),
        }),
      },
    });
    const text = renderErrorReference({ catalog });
    expect(text).toContain('| 422 Unprocessable Entity | [`ODD`](#odd) | no | a \\| b |');
    expect(text).toContain('| `side` | "buy" \\| "sell" | which \\| side |');
    expect(text).toContain('| `note` | string (optional) |  |');
    expect(text).not.toContain('## Codes by route');
  });

  it('is stable: the same catalog gives the same bytes', () => {
    expect(renderErrorReference({ catalog: errors, routes, problemDetails: true, title: 'Market API errors' })).toBe(
      markdown,
    );
  });
});

describe('renderErrorReference for a contract of another shape', () => {
  const snake = (code: string) => code.toLowerCase();
  const other = renderErrorReference({
    catalog: errors,
    routes,
    displayCode: snake,
    envelope: '{ "error": { "type": "…", "code": "some_code", "message": "…" } }',
  });

  it('spells every code as the wire does, in the tables, headings and anchors', () => {
    for (const code of errors.codes) {
      expect(other).toContain(`### \`${snake(code)}\`\n`);
      expect(other).toContain(`[\`${snake(code)}\`](#${snake(code)})`);
      expect(other).not.toContain(`\`${code}\``);
    }
  });

  it("shows the contract's own body instead of errata's envelope", () => {
    expect(other).toContain('```json\n{ "error": { "type": "…", "code": "some_code", "message": "…" } }\n```');
    expect(other).not.toContain('"success": false');
    expect(other).not.toContain('meta.request_id');
  });
});
