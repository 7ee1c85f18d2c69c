/**
 * The embedded model server: a real HTTP server on 127.0.0.1 that speaks the Anthropic, OpenAI and
 * Ollama protocols and plays cassettes (docs/CASSETTES.md), so real agent CLIs run offline.
 */
export { CassetteError, type CassetteProblem, formatProblem } from './cassette/errors.js';
export { cassetteJsonSchema, cassetteJsonSchemaText } from './cassette/json-schema.js';
export {
  type CassetteLoadOptions,
  cassettePositions,
  loadCassette,
  parseCassette,
  validateCassette,
} from './cassette/parse.js';
export {
  type Cassette,
  type Conversation,
  type ConversationWhen,
  cassetteSchema,
  type Fault,
  type Reply,
  type StopReason,
  type ToolCall,
  type Turn,
  type TurnWhen,
  type Usage,
} from './cassette/schema.js';
export { checkToolInputs } from './cassette/tool-inputs.js';
export { RECORDED_CASSETTE_KIND, REQUEST_LOG_KIND } from './owned-files.js';
export type { RecordOptions } from './record.js';
export type { FullUsage } from './reply.js';
export type { Protocol } from './request.js';
export type { MissRecord, RequestLogEntry, RequestOutcome } from './request-log.js';
export { type ModelServer, type ModelServerOptions, startModelServer } from './server.js';
export type { ServedCall, ToolErrorRecord } from './tool-errors.js';
export {
  claudeCodeVersion,
  loadToolSnapshot,
  type ToolSnapshot,
  toolSnapshotFile,
} from './tool-snapshot.js';
