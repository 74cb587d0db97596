export {
  createErrata,
  type Errata,
  type ErrataLogger,
  type ErrataOptions,
  type ErrorEvent,
  normalizeAllow,
  type RequestInfo,
  staticInternalError,
} from './create-errata';
export {
  type Catalog,
  type CatalogEntry,
  type CatalogLike,
  type CatalogMethods,
  type DefineErrorsOptions,
  defineErrors,
  type ErrorFactory,
} from './define-errors';
export { ajvErrorsToDetails, type Location, MAX_DETAILS, ruleMessage } from './details';
export { ERRATA_BRAND, ErrataError, isErrataError } from './errata-error';
export { createProblemFormatter, type FormatContext, type Formatter, formatEnvelope } from './formats';
export { DEFAULT_ALLOWED_HEADERS, isSafeHeader } from './headers';
export { checkInputLimits, type InputLimits } from './input-limits';
export { generateRequestId, isValidRequestId, type RequestIdOptions, resolveRequestId } from './request-id';
export {
  DetailSchema,
  type ErrorEnvelope,
  ErrorEnvelopeSchema,
  MetaSchema,
  type ProblemDetails,
  ProblemDetailsSchema,
  SuccessEnvelopeSchema,
} from './schemas';
export { CODE_BY_STATUS, STANDARD_CODES, type StandardCode } from './standard-codes';
export {
  compileStandardValidator,
  isStandardSchema,
  type StandardIssuesOptions,
  type StandardValidator,
  type StandardValidatorOptions,
  standardIssuesToDetails,
} from './standard-schema';
export { DEFAULT_JSON_LIMITS, type JsonSafeLimits, toJsonSafe } from './to-json-safe';
export { type ErrorMapper, type ToProblemOptions, toProblem } from './to-problem';
export type { Detail, ErrataResponse, ErrorDefinition, ErrorOptions, ParamsOf, Problem, PublicProblem } from './types';
export {
  compileValidator,
  typeboxErrorsToDetails,
  type ValidationResult,
  type Validator,
  type ValidatorOptions,
} from './validate';
