export {
  type CheckedInput,
  createErrata,
  type Errata,
  type ErrataErrorEvent,
  type ErrataLogger,
  type ErrataOptions,
  type ErrataRequest,
  type ErrataRoute,
} from './create-errata';
export {
  type Catalog,
  type CatalogEntry,
  type CatalogLike,
  type DefineErrorsOptions,
  defineErrors,
  type ErrorFactory,
} from './define-errors';
export type { RequestPart } from './details';
export { encodeEvent, type ServerSentEvent } from './encode-event';
export { ErrataError, isErrataError } from './errata-error';
export type { ErrataEventStream, EventProducer } from './event-stream';
export {
  createProblemFormatter,
  type FormatContext,
  type Formatter,
  formatEnvelope,
  type SuccessContext,
  type SuccessFormatter,
} from './formats';
export { type ErrataFrame, formatFrame, type SocketClose } from './frames';
export { checkInputLimits, type InputLimits } from './input-limits';
export { generateRequestId, isValidRequestId, type RequestIdOptions } from './request-id';
export {
  compileRequestValidator,
  compileSchemaValidator,
  type PartValidator,
  REQUEST_PARTS,
  type RequestSchema,
  type RequestSchemas,
  type RequestValidation,
  type RequestValidator,
  type SchemaInput,
  type SchemaOutput,
  type StandardSchemaV1,
} from './request-validator';
export {
  DetailSchema,
  type ErrorEnvelope,
  ErrorEnvelopeSchema,
  MetaSchema,
  type ProblemDetails,
  ProblemDetailsSchema,
  SuccessEnvelopeSchema,
} from './schemas';
export type { ErrataSocket, SocketHandlers, SocketMessageOf, SocketRequest } from './socket-session';
export { STANDARD_CODES, type StandardCode } from './standard-codes';
export {
  compileStandardValidator,
  isStandardSchema,
  type StandardValidator,
  type StandardValidatorOptions,
  standardIssuesToDetails,
} from './standard-schema';
export type { ErrorMapper } from './to-problem';
export type {
  Detail,
  DetailValue,
  ErrataErrorOptions,
  ErrataResponse,
  ErrorDefinition,
  ParamsOf,
  Problem,
  PublicProblem,
} from './types';
export { compileValidator, type ValidationResult, type Validator, type ValidatorOptions } from './validate';
