export { ConfigError, type ConfigProblem, parseCoreConfig, safeParseCoreConfig } from './parse.js';
export { type CoreConfig, type CoreConfigInput, coreConfigSchema } from './schema.js';
