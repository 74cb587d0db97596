export { type ErrataPluginOptions, errata } from './errata';
export { errataServerOptions } from './server-options';
export { type WebSocketLike, websocket } from './websocket';
