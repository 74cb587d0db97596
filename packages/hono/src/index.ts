export { type ErrataEnv, type ErrataVariables, errata, install } from './errata';
export { eventStream } from './event-stream';
export { type NotFoundOptions, notFound } from './not-found';
export { onError } from './on-error';
export { reportStreamErrors } from './report-stream-errors';
export { type RequireJsonOptions, requireJson } from './require-json';
export { type CodeOf, type HonoRoute, routeErrors, routesOf } from './route-errors';
export { type ServerErrors, serverErrors } from './server-errors';
export { type SuccessBody, type SuccessOptions, success } from './success';
export {
  type ValidateInput,
  type ValidateSchemas,
  type ValidatorInput,
  type ValidatorTarget,
  validate,
  validator,
} from './validator';
export { websocket } from './websocket';
