/** workerd entry of the fixture server: the FIXTURE_CONFIG text binding names the configuration. */
import { fixtureFetch } from './fixture-server';

let handler: ((request: Request) => Response | Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: { FIXTURE_CONFIG: string }): Response | Promise<Response> {
    handler ??= fixtureFetch(env.FIXTURE_CONFIG);
    return handler(request);
  },
};
