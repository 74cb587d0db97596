/** Test support: `app.inject` over a real socket. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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

/**
 * A GET over a real socket that also tells whether the response ended cleanly: a cut stream reply is `complete: false`.
 * The app must be listening.
 */
export function rawGet(
  app: FastifyInstance,
  path: string,
): Promise<{ status: number; body: string; complete: boolean }> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.get(`http://127.0.0.1:${port}${path}`, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('close', () => resolve({ status: res.statusCode ?? 0, body, complete: res.complete }));
    });
    req.on('error', reject);
  });
}
