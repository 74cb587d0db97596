export {
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
export { ErrataError, isErrataError } from './errata-error';
export { createProblemFormatter, type FormatContext, type Formatter, formatEnvelope } from './formats';
export { generateRequestId, isValidRequestId, type RequestIdOptions } from './request-id';
export {
  DetailSchema,
  type ErrorEnvelope,
  ErrorEnvelopeSchema,
  MetaSchema,
  type ProblemDetails,
  ProblemDetailsSchema,
  SuccessEnvelopeSchema,
} from './schemas';
export { STANDARD_CODES, type StandardCode } from './standard-codes';
export type { ErrorMapper } from './to-problem';
export type {
  Detail,
  ErrataErrorOptions,
  ErrataResponse,
  ErrorDefinition,
  ParamsOf,
  Problem,
  PublicProblem,
} from './types';
export { compileValidator, type ValidationResult, type Validator, type ValidatorOptions } from './validate';
