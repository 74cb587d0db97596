// An Express app as a user writes it (ESM), on the installed tarballs. probe.mjs starts it and sends one request.
import { defineErrors } from '@errata/core';
import { errata } from '@errata/express';
import { Type } from '@sinclair/typebox';
import express from 'express';

const errors = defineErrors({
  ORDER_NOT_FOUND: { status: 404, message: (p) => `No order ${p.id}.`, params: Type.Object({ id: Type.Integer() }) },
});

export const adapterEntry = import.meta.resolve('@errata/express');

export function start() {
  const e = errata({ catalog: errors });
  const app = express();
  e.install(app);
  app.get('/orders/:id', (req) => {
    throw errors.ORDER_NOT_FOUND({ id: Number(req.params.id) });
  });
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve({ port: server.address().port, close: () => new Promise((done) => server.close(done)) }),
    );
  });
}
