import express from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { writeResponse, writeSuccess } from './write-response';

describe('writeResponse and writeSuccess', () => {
  it('send a Content-Length that is the bytes written, for any body (lone surrogates and non-ASCII included)', async () => {
    let body = '';
    const app = express();
    app.get('/error', (_req, res) => writeResponse(res, { status: 400, headers: {}, body }));
    app.get('/success', (_req, res) => writeSuccess(res, { status: 200, headers: {}, body }));
    const raw = (res: request.Response, done: (error: Error | null, bytes: Buffer) => void) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    };
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), async (text) => {
        body = text;
        for (const path of ['/error', '/success']) {
          const res = await request(app).get(path).buffer(true).parse(raw);
          expect(Number(res.headers['content-length'])).toBe((res.body as Buffer).length);
          expect((res.body as Buffer).equals(Buffer.from(text))).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
