/**
 * `answer-requests.ts <mode> <row> <count>`: the bench's Express app in one mode answers one row's request `count`
 * times, one after another, in this process, through Node's own IncomingMessage and ServerResponse on a socket that
 * discards what is written (no parser, no kernel). instructions.ts runs it under valgrind. Node's own request class
 * matters: Express swaps each request's prototype, after which V8 gives every property added to it a map of its own;
 * light-my-request's requests (inproc.ts) do not pay that way (bench/RESULTS.md).
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';
import { expressApp } from './express';
import { MODES, type Mode, ROWS } from './shared';

const [mode, rowKey, countArg] = process.argv.slice(2) as [Mode, string, string];
const row = ROWS.find((r) => r.key === rowKey);
if (!MODES.includes(mode) || row === undefined || !/^\d+$/.test(countArg ?? '')) {
  throw new Error(`usage: answer-requests.ts <${MODES.join('|')}> <${ROWS.map((r) => r.key).join('|')}> <count>`);
}
const app = expressApp(mode) as unknown as (req: IncomingMessage, res: ServerResponse) => void;

function answer(): Promise<number> {
  return new Promise((resolve) => {
    const socket = new Duplex({
      read() {},
      write: (_chunk, _encoding, done) => done(),
      writev: (_chunks, done) => done(),
    });
    const req = new IncomingMessage(socket as never);
    req.method = row?.method ?? 'GET';
    req.url = row?.path ?? '/';
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    req.httpVersion = '1.1';
    req.headers = { host: 'localhost', 'user-agent': 'bench', accept: '*/*' };
    req.rawHeaders = ['host', 'localhost', 'user-agent', 'bench', 'accept', '*/*'];
    req.complete = true;
    req.push(null);
    const res = new ServerResponse(req);
    res.assignSocket(socket as never);
    res.on('finish', () => {
      res.detachSocket(socket as never);
      resolve(res.statusCode);
    });
    app(req, res);
  });
}

const count = Number(countArg);
for (let i = 0; i < count; i++) {
  const status = await answer();
  if (status !== row.status) throw new Error(`${mode} answered ${row.key} with ${status}, not ${row.status}`);
  // let what a response leaves for later (finish listeners, timers) run, as a server's event loop would
  if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
}
