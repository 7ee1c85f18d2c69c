/**
 * `obra-validate/vitest`: the Vitest plugin. Scenario files become test files (one test per attempt),
 * run by runValidation, the programmatic API the CLI uses.
 */
export type { ObraValidateOptions } from './options.js';
export { DEFAULT_SCENARIO_INCLUDE } from './options.js';
export { obraValidate } from './plugin.js';
