export {
  type ClientOptions,
  createClient,
  type ErrataClient,
  type ErrorDescription,
  type QueryValue,
  type RequestOptions,
  type RetryEvent,
  type RetryOptions,
  type UnauthorizedEvent,
} from './create-client';
export {
  type Detail,
  ErrataClientError,
  ErrataResponseError,
  NetworkError,
  RequestTimeoutError,
  type UnexpectedReason,
  UnexpectedResponseError,
} from './errata-client-error';
export { errataParser, type ParsedError, type ResponseInfo, type ResponseParser } from './errata-parser';
export type { ClientErrorOf, ErrorParams, ResponseErrorOf } from './error-params';
