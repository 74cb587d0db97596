export { type ErrataPluginOptions, errata } from './errata';
export { type CodeOf, routeErrors } from './route-errors';
export { errataServerOptions } from './server-options';
export type { ErrataTypeProvider } from './validator';
export { type WebSocketLike, websocket } from './websocket';
