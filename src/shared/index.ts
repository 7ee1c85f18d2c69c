export { closest, didYouMean, editDistance } from './closest.js';
export { errorMessage, InfrastructureError, UserError } from './errors.js';
export { packageVersion } from './version.js';
