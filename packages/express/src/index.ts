export { type ExpressErrata, errata, type RequireJsonHandler } from './errata';
export { requestIdOf } from './request-id-of';
export type { ValidatedHandler, ValidateSchemas } from './validate';
