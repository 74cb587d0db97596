// The Express consumer, type-checked in the Express 4 scratch app against @types/express 4.
import { defineErrors } from '@errata/core';
import { errata } from '@errata/express';
import { Type } from '@sinclair/typebox';
import express from 'express';

const errors = defineErrors({
  ORDER_NOT_FOUND: { status: 404, message: 'No such order.', params: Type.Object({ id: Type.Integer() }) },
});
const e = errata({ catalog: errors });
const app = express();
e.install(app);
app.get('/orders/:id', e.validate({ params: Type.Object({ id: Type.Integer() }) }), (req, res) => {
  const id: number = req.params.id;
  if (id !== 42) throw errors.ORDER_NOT_FOUND({ id });
  e.success(res, { id });
});
// @ts-expect-error params are typed from the schema
errors.ORDER_NOT_FOUND({ id: 'forty-two' });

export { app };
