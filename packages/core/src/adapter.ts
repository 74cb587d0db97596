/**
 * `@errata/core/adapter`: what adapter and package authors need besides the public entry. Users never need it.
 */
export { byteLength } from './byte-length';
export { allowedMethods, publicProblemOf, staticInternalError } from './create-errata';
export type { CatalogMethods, StandardFactories } from './define-errors';
export { ajvErrorsToDetails, MAX_DETAILS, ruleMessage } from './details';
export { ERRATA_BRAND } from './errata-error';
export {
  createEventStream,
  type EventStreamSession,
  type EventStreamTransport,
  eventStreamHeaders,
} from './event-stream';
export { closeFor } from './frames';
export { DEFAULT_ALLOWED_HEADERS, isSafeHeader } from './headers';
export { contentEncodingProblem, framingInDoubt, hasBody, headerLines, jsonBodyProblem } from './json-body';
export {
  type ClientSocket,
  clientErrorListener,
  clientErrorResponse,
  connectionEnded,
  resolvedTarget,
  routedPath,
  routedTarget,
  targetPath,
  targetProblem,
} from './request-target';
export {
  createSocketSession,
  DEFAULT_MAX_MESSAGE_BYTES,
  type SocketMessage,
  type SocketSession,
  type SocketTransport,
} from './socket-session';
export { CODE_BY_STATUS } from './standard-codes';
export { DEFAULT_JSON_LIMITS, type JsonSafeLimits, toJsonSafe } from './to-json-safe';
export { type ToProblemOptions, toProblem } from './to-problem';
export { typeboxErrorsToDetails } from './validate';
export { warnOnce } from './warn-once';
