/**
 * Public surface of src/init: `obra-validate init` adds an example scenario (with its cassette and
 * workspace), the gate config, a CI workflow, reports/.gitignore and the Vitest config to an existing project.
 */
export { formatInitResult } from './format.js';
export { type InitResult, initProject } from './init-project.js';
export { EXAMPLE_SCENARIO, FIRST_BASELINE_COMMAND, INIT_FILES, type InitFile } from './templates.js';
export {
  NEW_VITEST_CONFIG,
  VITEST_CONFIG_NAMES,
  vitestConfigLines,
  vitestConfigTemplate,
} from './vitest-config.js';
