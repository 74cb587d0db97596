/**
 * `pnpm demo`: the market API in Express (:3000), Hono (:3001) and Fastify (:3002) side by side.
 * `FRAMEWORK=express|hono|fastify PORT=NNNN pnpm demo` starts only that one (PORT=0: any free port).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createExpressServer } from './express';
import { createFastifyApp } from './fastify';
import { createHonoServer } from './hono';

const FRAMEWORKS = ['express', 'hono', 'fastify'] as const;
type Framework = (typeof FRAMEWORKS)[number];
const DEFAULT_PORTS: Record<Framework, number> = { express: 3000, hono: 3001, fastify: 3002 };
const HOST = process.env.HOST ?? '127.0.0.1';

interface Running {
  url: string;
  close(): Promise<void>;
}

const START: Record<Framework, (port: number) => Promise<Running>> = {
  express: (port) => listen(createExpressServer(), port),
  hono: (port) => listen(createHonoServer(), port),
  fastify: async (port) => {
    const app = await createFastifyApp();
    await app.listen({ port, host: HOST });
    return { url: urlOf(app.server.address() as AddressInfo), close: () => app.close() };
  },
};

function listen(server: Server, port: number): Promise<Running> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      const close = () => new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));
      resolve({ url: urlOf(server.address() as AddressInfo), close });
    });
  });
}

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

async function main(): Promise<void> {
  const only = process.env.FRAMEWORK;
  if (only !== undefined && !(FRAMEWORKS as readonly string[]).includes(only)) {
    console.error(`FRAMEWORK must be one of ${FRAMEWORKS.join(', ')}, not ${JSON.stringify(only)}`);
    process.exit(1);
  }
  const frameworks = only === undefined ? FRAMEWORKS : [only as Framework];
  const port = (framework: Framework) => Number((only && process.env.PORT) || DEFAULT_PORTS[framework]);
  const running = await Promise.all(frameworks.map((framework) => START[framework](port(framework))));
  for (const [i, framework] of frameworks.entries()) console.log(`${framework} listening on ${running[i]?.url}`);
  if (only === undefined) printExamples((running[0] as Running).url);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    Promise.all(running.map((app) => app.close())).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function printExamples(url: string): void {
  console.log(`
Same requests, same answers on :3000, :3001 and :3002 (keys: demo_free, demo_pro, demo_limited):
  curl -i ${url}/health
  curl -i ${url}/meta/errors
  curl -s ${url}/openapi.json        # the OpenAPI 3.1 document; ${url}/docs renders it
  curl -i -H 'X-API-Key: demo_free' '${url}/v1/ticker?symbol=BTCUSDT'
  curl -i -H 'X-API-Key: demo_free' '${url}/v1/candles?symbol=BTCUSDT&timeframe=1m'
  curl -i -H 'X-API-Key: demo_free' -H 'Accept: application/problem+json' ${url}/v1/orderbook/DOGEUSDT
  curl -i -H 'X-API-Key: demo_free' -H 'Content-Type: application/json' -d '{"symbol":"HYPEUSDT","side":"buy","quantity":1,"leverage":6}' ${url}/v1/orders
  curl -i -H 'X-API-Key: demo_free' ${url}/v1/debug/crash
Ctrl-C stops all three.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
