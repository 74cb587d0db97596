/** Test support: `app.inject` over a real socket. */
import { readText } from '@errata/conformance';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';

export interface InjectOptions {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  payload?: string;
}

/**
 * `app.inject` loads light-my-request, whose `cookie` dependency is ESM-only and cannot be required under this Jest
 * setup (Node 20, CommonJS), so requests go over a real socket with supertest.
 */
export async function inject(app: FastifyInstance, options: InjectOptions | string) {
  const { method = 'GET', url, headers = {}, payload } = typeof options === 'string' ? { url: options } : options;
  await app.ready();
  let req = request(app.server)[method.toLowerCase() as 'get'](url);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  const res = await readText(payload === undefined ? req : req.send(payload));
  return { statusCode: res.status, headers: res.headers as Record<string, string | undefined>, body: res.text };
}
