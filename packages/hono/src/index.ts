export { type ErrataEnv, type ErrataVariables, errata, install } from './errata';
export { type NotFoundOptions, notFound } from './not-found';
export { onError } from './on-error';
export { type CodeOf, type HonoRoute, routeErrors, routesOf } from './route-errors';
export { type SuccessBody, type SuccessOptions, success } from './success';
export { type ValidatorInput, type ValidatorTarget, validator } from './validator';
