import fc from 'fast-check';
import { createErrata } from './create-errata';
import { defineErrors } from './define-errors';
import {
  clientErrorListener,
  clientErrorResponse,
  connectionEnded,
  generalTargetPath,
  generalTargetProblem,
  resolvedTarget,
  routedPath,
  routedTarget,
  targetPath,
  targetProblem,
} from './request-target';

const errata = createErrata({ catalog: defineErrors({}), onError: () => {} });

describe('targetPath', () => {
  it.each([
    ['/ok', '/ok'],
    ['/ok?x=1', '/ok'],
    ['/created#frag', '/created'],
    ['/a?b#c', '/a'],
    ['http://127.0.0.1/ok?x', '/ok'],
    ['https://example.com', '/'],
    ['HTTP://127.0.0.1/ok', ''],
    ['/%6Fk/../x', '/%6Fk/../x'],
    ['*', ''],
    ['http://*127.0.0.1/ok', ''],
    ['/a\\b?c', ''],
    ['/a?b\\c', '/a'],
    ['/#frag\\', ''],
    ['http://127.0.0.1/ok#frag', ''],
    ['http://1?27.0.0.1/ok', '/'],
    ['http://host#x/ok', ''],
    ['http://host?q=/ok', '/'],
    ['/a#f?x=1', ''],
    ['http://%@2f127.0.0.1/ok', ''],
    ['http://a%zz@b/', ''],
    ['http://user@127.0.0.1/ok', ''],
    ['http://127.0.0.1/ok@x', '/ok@x'],
    ['http://127.0.0.1?q=@', '/'],
    ['http:///127.0.0.1/ok/', ''],
    ['http://?x', ''],
    ['http://%3127.0.0.1/ok', ''],
    ['http://127.0.0.1%3A80/ok', ''],
    ["http://a'b/ok", ''],
    ['http://a;b/ok', ''],
    ['http://a{b}/ok', ''],
    ['http://a"b/ok', ''],
    ['http://a`b/ok', ''],
    ['http://[::1]:80/ok', '/ok'],
    ['http://a_b.example+c:/ok', '/ok'],
    ['/a?x=1#f?y', '/a'],
    ['/', '/'],
    ['/ok?', '/ok'],
    ['/ok?x#', '/ok'],
    ['/quote?symbol=BTCUSDT&limit=5000', '/quote'],
    ['/ok?x=1&y=%zz\\', '/ok'],
  ])('reads the path of %s as %s, as sent', (target, path) => {
    expect(targetPath(target)).toBe(path);
  });

  it('reads any target as the general rule does: the fast path for plain origin-form targets never differs', () => {
    // Made of what the rule looks at (slashes, `?`, `#`, backslashes, escapes, schemes, userinfo), from each start the
    // rule tells apart: both sides of the fast path and its edges. Targets that are not origin-form stay ASCII, as
    // Node's HTTP parser delivers them: Node 20's URL.canParse, which the general rule asks about them, answers
    // `http://é` differently once its caller is optimized (a Latin-1 string on V8's fast call path).
    const ascii = fc.constantFrom('/', '?', '#', '\\', '%', '%2F', '%zz', 'a', 'Z', '0', '.', '@', ':', '*', ' ', '\t');
    const any = fc.oneof(
      ascii,
      fc.constantFrom('\n', 'é', '😀', '\u2028'),
      fc.string({ unit: 'binary', maxLength: 1 }),
    );
    const join = ([head, rest]: [string, string[]]) => head + rest.join('');
    const origin = fc
      .tuple(fc.constantFrom('/', '//', '/?', '/#', '/\\', '/%'), fc.array(any, { maxLength: 24 }))
      .map(join);
    const other = fc
      .tuple(
        fc.constantFrom('', 'http://', 'https://host', 'HTTP://h', 'http:///', '*', 'a'),
        fc.array(ascii, { maxLength: 24 }),
      )
      .map(join);
    fc.assert(
      fc.property(fc.oneof(origin, other), (value) => expect(targetPath(value)).toBe(generalTargetPath(value))),
      { numRuns: 20_000 },
    );
  });
});

describe('routedPath', () => {
  it.each([
    ['/ok', '/ok'],
    ['/%6Fk', '/ok'],
    ['/caf%C3%A9', '/caf\u00e9'],
    ['/a%2Fb%3F%23', '/a%2Fb%3F%23'],
    ['/100%25', '/100%25'],
    ['/%2525', '/%2525'],
    ['/%41%2f%42', '/A%2fB'],
    ['/a%20b%09%C2%A0', '/a%20b%09%C2%A0'],
    ['/%61%20', '/a%20'],
  ])('routes %s as %s, as Hono and Fastify decode it', (path, routed) => {
    expect(routedPath(path)).toBe(routed);
  });

  it.each([
    ['/x/../ok', '/ok'],
    ['/ok/.', '/ok/'],
    ['/ok/./', '/ok/'],
    ['/..', '/'],
    ['/x/..', '/'],
    ['//../ok', '/ok'],
    ['/a/b/../../ok', '/ok'],
    ['/x/%2e%2E/ok', '/ok'],
    ['/x/.%2e/ok', '/ok'],
    ['/x/%2e./ok', '/ok'],
    ['/%2e/ok', '/ok'],
    ['/.../ok', '/.../ok'],
    ['/.x/ok', '/.x/ok'],
    ['/x%2f..%2fok', '/x%2f..%2fok'],
  ])('routes %s as %s, dot segments resolved as a URL parser resolves them', (path, routed) => {
    expect(routedPath(path)).toBe(routed);
    expect(new URL(path, 'http://h').pathname).toBe(new URL(routed, 'http://h').pathname); // what Hono routes
  });
});

describe('routedTarget and resolvedTarget', () => {
  it.each([
    ['/x/../%6Fk?a=%41&b=/../', '/ok?a=%41&b=/../', '/%6Fk?a=%41&b=/../'],
    ['http://127.0.0.1/x/../ok?q', 'http://127.0.0.1/ok?q', 'http://127.0.0.1/ok?q'],
    ['http://127.0.0.1?q=/../x', 'http://127.0.0.1?q=/../x', 'http://127.0.0.1?q=/../x'],
    ['/ok#/../x', '/ok#/../x', '/ok#/../x'],
    ['/plain?x=1', '/plain?x=1', '/plain?x=1'],
  ])('maps the path of %s only', (target, routed, resolved) => {
    expect(routedTarget(target)).toBe(routed);
    expect(resolvedTarget(target)).toBe(resolved);
  });
});

describe('targetProblem', () => {
  it.each(['/ok', '/%6Fk', '/x/../ok', '/ok?%zz', 'http://127.0.0.1/ok', '//ok', '/caf%C3%A9'])(
    'lets %s through',
    (target) => {
      expect(targetProblem(target)).toBeUndefined();
    },
  );
  it.each([
    '/%zz',
    '/ok%',
    '/%C0%AF',
    '*',
    'ok',
    'http://*127.0.0.1/ok',
    'HTTP://127.0.0.1/ok',
    '/a\\b',
    '/throw/%zz',
    '/validate/query#f?symbol=BTCUSDT',
  ])('answers %s with BAD_REQUEST', (target) => {
    expect(targetProblem(target)).toBe('BAD_REQUEST');
  });

  it('answers every target as the general rule does (the common target takes a fast path)', () => {
    const part = fc.constantFrom(
      '/',
      '\\',
      '#',
      '%',
      '%zz',
      '%2F',
      '%C3%A9',
      '?',
      'a',
      'é',
      ' ',
      'http://',
      'h',
      '@',
      '*',
      '=',
      '&'.repeat(333), // past MAX_QUERY_FIELDS in four
      '%E9',
    );
    const target = fc.array(part, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.oneof(
          target,
          fc.string(),
          target.map((t) => `/${t}`),
          // around MAX_QUERY_FIELDS fields, which only the length tells from a short query
          fc.tuple(fc.integer({ min: 995, max: 1005 }), target).map(([n, t]) => `/q?${'a&'.repeat(n)}${t}`),
        ),
        (t) => {
          expect(targetProblem(t)).toBe(generalTargetProblem(t));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('answers an escape of invalid UTF-8 in the query with BAD_REQUEST, and leaves a malformed one to the parser', () => {
    for (const target of ['/q?x=%E2%82', '/q?x=caf%E9', '/q?%C0%AF=1', '/q?x=%41%zz%FF', 'http://h/q?x=%E2+%82%AC'])
      expect([target, targetProblem(target)]).toEqual([target, 'BAD_REQUEST']);
    for (const target of ['/q?x=%E2%82%AC', '/q?x=%zz', '/q?x=%41%zz', '/q?x=%', '/q?x=1#%FF', '/q?x=%25FF'])
      expect([target, targetProblem(target)]).toEqual([target, undefined]);
  });

  it('answers a query of more than 1000 fields with BAD_REQUEST, empty fields counted, as Express stops at 1000', () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join('&');
    expect(targetProblem(`/q?${fields(1000)}`)).toBeUndefined();
    expect(targetProblem(`/q?${fields(1001)}`)).toBe('BAD_REQUEST');
    expect(targetProblem(`/q?a=1${'&'.repeat(999)}`)).toBeUndefined(); // 1000 fields, 999 of them empty
    expect(targetProblem(`/q?a=1${'&'.repeat(1000)}`)).toBe('BAD_REQUEST');
    expect(targetProblem(`http://127.0.0.1/q?${fields(1001)}`)).toBe('BAD_REQUEST');
    expect(targetProblem(`/q?a=1#${'&'.repeat(1000)}`)).toBeUndefined(); // a fragment is no query
    expect(targetProblem(`/q${'&'.repeat(2000)}`)).toBeUndefined(); // nor is the path
  });
});

describe('clientErrorResponse', () => {
  const parse = (text: string) => {
    const [head = '', body = ''] = text.split('\r\n\r\n');
    const [status = '', ...lines] = head.split('\r\n');
    return { status, headers: Object.fromEntries(lines.map((line) => line.split(': '))), body: JSON.parse(body) };
  };

  it("answers a parser error with errata's BAD_REQUEST envelope, a fresh request id, and closes", () => {
    const { status, headers, body } = parse(clientErrorResponse(errata, { code: 'HPE_INVALID_METHOD' }) as string);
    expect(status).toBe('HTTP/1.1 400 Bad Request');
    expect(headers.connection).toBe('close');
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.meta.request_id).toBe(headers['x-request-id']);
    expect(Number(headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(body)));
  });

  it('answers a head over the limit with 431, as Node does', () => {
    const { status, body } = parse(clientErrorResponse(errata, { code: 'HPE_HEADER_OVERFLOW' }) as string);
    expect(status).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(body.error.code).toBe('REQUEST_HEADER_FIELDS_TOO_LARGE');
  });

  it('answers nothing to a reset connection', () => {
    expect(clientErrorResponse(errata, { code: 'ECONNRESET' })).toBeUndefined();
  });

  it('only closes a socket that is answering another request', () => {
    const socket = {
      writable: true,
      destroyed: false,
      end: jest.fn(),
      destroy: jest.fn(),
      _httpMessage: { headersSent: true },
    };
    clientErrorListener(errata)(Object.assign(new Error('x'), { code: 'HPE_INVALID_METHOD' }), socket);
    expect(socket.end).not.toHaveBeenCalled();
    expect(socket.destroy).toHaveBeenCalled();
  });
});

describe('a request without a path', () => {
  it('is answered with the JSON envelope even when problem+json is asked for: nothing of it is trusted', () => {
    const problems = createErrata({ catalog: defineErrors({}), problemDetails: true, onError: () => {} });
    const request = { requestId: 'id-1', method: 'GET', accept: 'application/problem+json' };
    expect(problems.respond(problems.catalog.BAD_REQUEST(), { ...request, path: '/%zz' }).headers['content-type']).toBe(
      'application/problem+json; charset=utf-8',
    );
    expect(problems.respond(problems.catalog.BAD_REQUEST(), { ...request, path: '' }).headers['content-type']).toBe(
      'application/json; charset=utf-8',
    );
  });
});

describe('connectionEnded', () => {
  it('is true for no socket, a destroyed one or one whose writing side has ended, and false for an open one', () => {
    expect(connectionEnded(null)).toBe(true);
    expect(connectionEnded(undefined)).toBe(true);
    expect(connectionEnded({ destroyed: true, writableEnded: false })).toBe(true);
    expect(connectionEnded({ destroyed: false, writableEnded: true })).toBe(true);
    expect(connectionEnded({ destroyed: false, writableEnded: false })).toBe(false);
    expect(connectionEnded({ destroyed: false })).toBe(false);
  });
});
