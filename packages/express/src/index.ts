export { type ExpressErrata, errata, type RequireJsonHandler } from './errata';
export type { ValidatedHandler, ValidateSchemas } from './validator';
export type { WebSocketOptions } from './websocket';
