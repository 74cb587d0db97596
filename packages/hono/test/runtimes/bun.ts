/** Bun entry of the fixture server: FIXTURE_CONFIG names the configuration; prints the port it listens on. */
import { fixtureFetch } from './fixture-server';

declare const Bun: {
  env: Record<string, string | undefined>;
  serve(options: { hostname: string; port: number; fetch: (request: Request) => Response | Promise<Response> }): {
    port: number;
  };
};

const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: fixtureFetch(Bun.env.FIXTURE_CONFIG ?? 'default') });
console.log(`listening ${server.port}`);
