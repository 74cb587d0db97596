export { type ExpressErrata, errata, type RequireJsonHandler, type RequireJsonOptions } from './errata';
export type { CodeOf, ExpressRoute, RouteErrorsHandler } from './route-errors';
export type { ValidatedHandler, ValidateOptions, ValidateSchemas } from './validator';
export type { WebSocketOptions } from './websocket';
