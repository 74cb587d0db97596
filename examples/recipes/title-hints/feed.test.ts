/**
 * Page 003's WebSocket feed over a real socket: the "WebSocket Auth Failed" scenario's frame, exactly as the page
 * shows it, then the close errata sends after a fatal error (4000 + status, the code as reason).
 */
import { WebSocket } from 'ws';
import { differences, jsonExamples, page, theExample } from '../test/page';
import { type StartedRecipe, startRecipe } from '../test/start-recipe';

const documented = theExample(
  jsonExamples(page('title-hints')),
  ({ value }) => (value as { type?: unknown }).type === 'ERROR',
);
/** The path the scenario names, e.g. `wss://nexusglass.live/ws/fastfeed (no token)`. */
const feedPath = /wss?:\/\/[^/\s]+(\/\S*)/.exec(documented.before)?.[1];
const payload = (documented.value as { payload: { code: string } }).payload;
const AUTH_FAILED_STATUS = 401;

interface Session {
  /** Every message received, parsed. */
  messages: unknown[];
  code: number;
  reason: string;
}

/**
 * Connects, and once open pings: ws answers a ping after any frame the server's `open` sent, so at the pong the
 * messages so far are all `open` produced. Then closes (1000) unless the server closed first.
 */
function session(path: string): Promise<Session> {
  return new Promise((resolve, reject) => {
    const messages: unknown[] = [];
    const ws = new WebSocket(`${api.url.replace(/^http/, 'ws')}${path}`);
    ws.on('open', () => ws.ping());
    ws.on('pong', () => ws.close(1000));
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    ws.on('error', reject);
    ws.on('close', (code, reason) => resolve({ messages, code, reason: reason.toString() }));
  });
}

let api: StartedRecipe;
beforeAll(async () => {
  api = await startRecipe('title-hints');
});
afterAll(() => api?.stop());

describe('page 003 — the WebSocket feed (Express)', () => {
  it('finds the feed path on the page', () => {
    expect(feedPath).toBe('/ws/fastfeed');
  });

  it.each([
    ['no token', ''],
    ['an empty token', '?token='],
    ['an unknown token', '?token=nxg_nope'],
  ])('answers %s with the page’s frame, then closes 4401 AUTH_FAILED', async (_, query) => {
    const got = await session(`${feedPath}${query}`);
    expect(got.messages).toHaveLength(1);
    expect(differences(got.messages[0], documented.value)).toEqual([]);
    expect(got.code).toBe(4000 + AUTH_FAILED_STATUS);
    expect(got.reason).toBe(payload.code);
    expect(api.output()).not.toMatch(/^\s+at /m); // a client's mistake logs no stack
  });

  it('sends no error frame for a valid token and stays open until the client closes', async () => {
    const got = await session(`${feedPath}?token=nxg_stream_demo`);
    expect(got.messages).toEqual([]);
    expect(got.code).toBe(1000);
  });

  it('leaves other upgrade paths to errata’s 404', async () => {
    await expect(session('/ws/slowfeed?token=nxg_stream_demo')).rejects.toThrow('Unexpected server response: 404');
  });
});
