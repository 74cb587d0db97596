// The same Express app in CommonJS: `require` resolves the packages' CJS builds.
const { defineErrors } = require('@errata/core');
const { errata } = require('@errata/express');
const { Type } = require('@sinclair/typebox');
const express = require('express');

const errors = defineErrors({
  ORDER_NOT_FOUND: { status: 404, message: (p) => `No order ${p.id}.`, params: Type.Object({ id: Type.Integer() }) },
});

exports.adapterEntry = require.resolve('@errata/express');

exports.start = function start() {
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
};
