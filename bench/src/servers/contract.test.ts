/**
 * The `handmade` servers answer errata's wire contract: for every row the bench measures, the same status, the same
 * headers and the same body bytes as the `errata` server of the same framework. The clock is frozen and the client
 * sends its own request id, so even ETag and Content-Length must agree (Date only in being there: Node writes it from
 * a clock the test cannot freeze); with a generated id, both sides must echo one UUID in the header and the body.
 * Header order and the case of header names are not compared: they carry no meaning in HTTP, and each framework emits
 * headers in the order the code set them.
 */
import { request } from 'node:http';
import { type Listening, listen } from './listen';
import { DATA, FRAMEWORKS, type Framework, type Mode, ROWS } from './shared';

interface Answer {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: Buffer;
}

function send(base: string, method: string, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = String(res.rawHeaders[i]).toLowerCase();
          // Node writes Date from its own clock (not the frozen one): it is there on both sides, its value may not be.
          pairs.push([name, name === 'date' ? '<date>' : String(res.rawHeaders[i + 1])]);
        }
        pairs.sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)));
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: pairs,
          body: Buffer.concat(chunks),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(FRAMEWORKS)('%s: handmade answers errata’s contract', (framework: Framework) => {
  const servers = {} as Record<Mode, Listening>;

  beforeAll(async () => {
    for (const mode of ['errata', 'handmade', 'peer', 'floor'] as const) servers[mode] = await listen(framework, mode);
  });
  afterAll(async () => {
    jest.useRealTimers();
    await Promise.all(Object.values(servers).map((server) => server.close()));
  });
  beforeEach(() => {
    // Only Date is frozen: the servers' sockets and timers run for real.
    jest.useFakeTimers({
      now: new Date('2026-05-04T03:02:01.234Z'),
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });
  afterEach(() => jest.useRealTimers());

  it.each(ROWS)('$label ($method $path): same status, headers and body bytes', async ({ method, path, status }) => {
    const headers = { 'x-request-id': 'contract-check-1' };
    const errata = await send(servers.errata.url, method, path, headers);
    const handmade = await send(servers.handmade.url, method, path, headers);
    expect(errata.status).toBe(status);
    expect(handmade.status).toBe(errata.status);
    expect(handmade.statusText).toBe(errata.statusText);
    expect(handmade.headers).toEqual(errata.headers);
    expect(handmade.body.toString('utf8')).toBe(errata.body.toString('utf8'));
    expect(handmade.body.equals(errata.body)).toBe(true);
    expect(errata.headers).toContainEqual(['x-request-id', 'contract-check-1']);
    // The plain row's body is the framework's own JSON: the id is in the header only
    if (path !== '/plain') {
      expect(JSON.parse(errata.body.toString('utf8')).meta).toEqual({
        request_id: 'contract-check-1',
        timestamp: '2026-05-04T03:02:01.234Z',
      });
    }
  });

  it.each(ROWS)('$label: both generate a UUID and echo it in the header (and the body)', async ({ method, path }) => {
    for (const server of [servers.errata, servers.handmade]) {
      const answer = await send(server.url, method, path, { 'x-request-id': 'not a valid id!' });
      const id = answer.headers.find(([name]) => name === 'x-request-id')?.[1] ?? '';
      expect(id).toMatch(UUID);
      const body = JSON.parse(answer.body.toString('utf8'));
      expect(path === '/plain' ? body : body.meta.request_id).toEqual(path === '/plain' ? DATA : id);
    }
  });

  it.each(ROWS)('$label: the peer stack answers with its own status ($peer)', async ({ method, path, peer }) => {
    // Hono's default error handler prints a 500's error with console.error: the peer's behaviour, not this test's output.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect((await send(servers.peer.url, method, path, {})).status).toBe(peer);
    } finally {
      quiet.mockRestore();
    }
  });

  it('throw floor and ceiling answer the bytes of errata’s typed 4xx (its request id aside)', async () => {
    const errata = await send(servers.errata.url, 'GET', '/typed', { 'x-request-id': 'contract-check-1' });
    const id = (answer: Answer) => answer.headers.find(([name]) => name === 'x-request-id')?.[1] ?? '';
    for (const path of ['/typed', '/ceiling']) {
      const floor = await send(servers.floor.url, 'GET', path, {});
      const body = floor.body.toString('utf8');
      const meta = JSON.parse(body).meta as { request_id: string; timestamp: string };
      expect(floor.status).toBe(404);
      expect(
        body.replace(meta.request_id, 'contract-check-1').replace(meta.timestamp, '2026-05-04T03:02:01.234Z'),
      ).toBe(errata.body.toString('utf8'));
      expect(id(floor)).toBe(meta.request_id);
      expect(floor.headers.map(([name]) => name)).toEqual(errata.headers.map(([name]) => name));
    }
  });

  it('the id floor answers them with the request id its middleware resolved, kept or made', async () => {
    const withTimestampOf = (text: string, other: string) =>
      text.replace(/"timestamp":"[^"]*"/, other.match(/"timestamp":"[^"]*"/)?.[0] ?? '');
    for (const inbound of ['contract-check-2', 'not a valid id!']) {
      const errata = await send(servers.errata.url, 'GET', '/typed', { 'x-request-id': inbound });
      const floor = await send(servers.floor.url, 'GET', '/id/typed', { 'x-request-id': inbound });
      const errataId = errata.headers.find(([name]) => name === 'x-request-id')?.[1] ?? '';
      const floorId = floor.headers.find(([name]) => name === 'x-request-id')?.[1] ?? '';
      expect(floor.status).toBe(404);
      if (inbound === 'contract-check-2') expect(floorId).toBe(inbound);
      else expect(floorId).toMatch(UUID);
      const body = floor.body.toString('utf8');
      expect(JSON.parse(body).meta.request_id).toBe(floorId);
      expect(withTimestampOf(body.replace(floorId, errataId), errata.body.toString('utf8'))).toBe(
        errata.body.toString('utf8'),
      );
      expect(floor.headers.map(([name]) => name)).toEqual(errata.headers.map(([name]) => name));
    }
  });
});
