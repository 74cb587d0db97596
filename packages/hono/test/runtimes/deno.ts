/** Deno entry of the fixture server: FIXTURE_CONFIG names the configuration; prints the port it listens on. */
import { fixtureFetch } from './fixture-server';

declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void },
    handler: (request: Request) => Response | Promise<Response>,
  ): unknown;
};

Deno.serve(
  { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(`listening ${port}`) },
  fixtureFetch(Deno.env.get('FIXTURE_CONFIG') ?? 'default'),
);
