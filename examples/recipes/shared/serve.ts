/** How `pnpm recipe <name>` starts a recipe: each one says its framework and how it listens. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Running {
  url: string;
  close(): Promise<void>;
}

export interface Recipe {
  /** The framework it is written for, e.g. `Fastify 5`. */
  framework: string;
  /** Listens on `host:port` (port 0: any free port). */
  start(port: number, host: string): Promise<Running>;
}

/**
 * Listens with a Node HTTP server (Express apps, Hono through @hono/node-server).
 * @example listen(createServer(app), 3000, '127.0.0.1')
 */
export function listen(server: Server, port: number, host: string): Promise<Running> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const close = () => new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));
      resolve({ url: urlOf(server.address() as AddressInfo), close });
    });
  });
}

export function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
