import { type Static, type TSchema, Type } from '@sinclair/typebox';

/** One failing field. */
export const DetailSchema = Type.Object({
  field: Type.String(),
  message: Type.String(),
  rule: Type.String(),
});

/** `meta` of every envelope. */
export const MetaSchema = Type.Object({
  request_id: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:=-]+$' }),
  // A pattern rather than `format: 'date-time'`: TypeBox's compiler rejects formats nobody registered.
  timestamp: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' }),
});

/** The default error envelope, as a TypeBox (JSON) schema: for tests, docs and OpenAPI. */
export const ErrorEnvelopeSchema = Type.Object(
  {
    success: Type.Literal(false),
    error: Type.Object({
      code: Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }),
      message: Type.String(),
      details: Type.Optional(Type.Array(DetailSchema)),
      params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      stack: Type.Optional(Type.String()),
    }),
    meta: MetaSchema,
  },
  { $id: 'ErrataErrorEnvelope' },
);

/** The success envelope `{ success: true, data, meta }` for a given data schema. */
export function SuccessEnvelopeSchema<T extends TSchema>(data: T) {
  return Type.Object({ success: Type.Literal(true), data, meta: MetaSchema });
}

/** RFC 9457 problem details as errata sends them. */
export const ProblemDetailsSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String(),
    instance: Type.String(),
    code: Type.String(),
    request_id: Type.String(),
    timestamp: Type.String(),
    errors: Type.Optional(Type.Array(DetailSchema)),
  },
  { additionalProperties: true, $id: 'ErrataProblemDetails' },
);

export type ErrorEnvelope = Static<typeof ErrorEnvelopeSchema>;
export type ProblemDetails = Static<typeof ProblemDetailsSchema>;
