export { createLineReporter, seconds, summaryText } from './line.js';
