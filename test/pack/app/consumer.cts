// The CommonJS consumer: in a .cts file `import` compiles to `require`, so the packages' `require` declarations
// (index.d.cts) are the ones checked.
import { defineErrors } from '@errata/core';
import { toJsonSafe } from '@errata/core/adapter';
import { errata as expressErrata } from '@errata/express';
import { errata as fastifyErrata } from '@errata/fastify';
import { errata as honoErrata } from '@errata/hono';
import { Type } from '@sinclair/typebox';

const errors = defineErrors({
  ORDER_NOT_FOUND: { status: 404, message: 'No such order.', params: Type.Object({ id: Type.Integer() }) },
});
errors.ORDER_NOT_FOUND({ id: 42 });
// @ts-expect-error params are typed from the schema
errors.ORDER_NOT_FOUND({ id: 'forty-two' });

export const pieces = [expressErrata({ catalog: errors }).middleware, honoErrata({ catalog: errors }), fastifyErrata];
export const safe: unknown = toJsonSafe({ id: 42 });
