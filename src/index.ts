/**
 * The programmatic API of obra-validate (the package root). The CLI is a thin shell over these exports.
 */

export {
  type RunValidationOptions,
  type RunValidationResult,
  runValidation,
} from './runner/index.js';
export { InfrastructureError, UserError } from './shared/index.js';
