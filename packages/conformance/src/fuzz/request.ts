/**
 * One fuzzed HTTP request, sent as described (Node's client adds only Host, Connection: close and the framing header
 * of the body), and the raw answer it got.
 */
import http from 'node:http';

export interface FuzzBody {
  /** The body text; with `latin1` each char is one byte (how invalid UTF-8 is sent), with `utf16le` two. */
  text: string;
  encoding: 'utf8' | 'latin1' | 'utf16le';
  /**
   * `Content-Length`; the same with a leading zero (`02`, `00` for no body: a decimal number, RFC 9110 §8.6, and
   * Node's parser reads it so); or `Transfer-Encoding: chunked`.
   */
  framing: 'length' | 'padded-length' | 'chunked';
}

export interface FuzzRequest {
  method: string;
  /** The request target as sent: path and query, possibly malformed. */
  target: string;
  /** Repeated names kept (sent as repeated lines); never Host, Content-Length, Transfer-Encoding or Connection. */
  headers: ReadonlyArray<readonly [string, string]>;
  /** No body: no Content-Length and no Transfer-Encoding, whatever the method. */
  body?: FuzzBody | undefined;
}

export interface RawAnswer {
  /** 0 when no response head arrived. */
  status: number;
  /** Lower-cased names; repeated headers as Node's client joins them. */
  headers: Record<string, string | undefined>;
  body: string;
  /** How it ended: complete, cut off after the head, no answer at all, or no answer in time. */
  end: 'complete' | 'aborted' | 'error' | 'timeout';
  /** The socket error, when there was one. */
  error?: string;
}

export function bodyBytes(body: FuzzBody): Buffer {
  return Buffer.from(body.text, body.encoding);
}

const TIMEOUT_MS = 10_000;

/**
 * Sends the request on a fresh connection (so no answer depends on the one before) and reads the whole answer.
 * @example const answer = await send('http://127.0.0.1:3000', { method: 'GET', target: '/ok', headers: [] })
 */
export function send(base: string, request: FuzzRequest): Promise<RawAnswer> {
  const url = new URL(base);
  // One setHeader per name, in first-seen order: Node writes an array as repeated lines and keeps the name's case
  const headers = new Map<string, [string, string[]]>();
  for (const [name, value] of request.headers) {
    const entry = headers.get(name.toLowerCase()) ?? [name, []];
    entry[1].push(value);
    headers.set(name.toLowerCase(), entry);
  }
  const bytes = request.body === undefined ? undefined : bodyBytes(request.body);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: RawAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    let req: http.ClientRequest;
    try {
      req = http.request({
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.target,
        agent: false,
      });
      for (const [name, values] of headers.values())
        req.setHeader(name, values.length === 1 ? (values[0] as string) : values);
      if (request.body?.framing === 'chunked') req.setHeader('Transfer-Encoding', 'chunked');
      else if (bytes !== undefined) {
        const padded = request.body?.framing === 'padded-length';
        req.setHeader('Content-Length', `${padded ? '0' : ''}${bytes.length}`);
      }
      // No body: no framing header at all (Node's client would otherwise send a POST as an empty chunked body)
      else req.useChunkedEncodingByDefault = false;
    } catch (error) {
      // Node's client refuses the request itself (a character it will not put on the wire): the generator's bug
      throw new Error(`cannot send ${JSON.stringify(request)}: ${(error as Error).message}`);
    }
    const timer = setTimeout(() => {
      finish({ status: 0, headers: {}, body: '', end: 'timeout' });
      req.destroy();
    }, TIMEOUT_MS);
    let responded = false;
    req.on('response', (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      let aborted = false;
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('aborted', () => {
        aborted = true;
      });
      res.on('error', () => {
        aborted = true;
      });
      res.on('close', () => {
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        finish({
          status: res.statusCode ?? 0,
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
          end: aborted || !res.complete ? 'aborted' : 'complete',
        });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A server may answer and close before reading the whole body: an answer that arrived stands.
      if (!responded) finish({ status: 0, headers: {}, body: '', end: 'error', error: error.code ?? error.message });
    });
    if (bytes !== undefined && bytes.length > 0) req.end(bytes);
    else req.end();
  });
}
