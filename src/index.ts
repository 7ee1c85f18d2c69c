/**
 * The programmatic API of obra-validate (the package root). The CLI is a thin shell over these exports.
 */
export { InfrastructureError, UserError } from './shared/index.js';
