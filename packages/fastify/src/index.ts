export { type ErrataPluginOptions, errata } from './errata';
export { errataServerOptions } from './server-options';
