/**
 * The orchestrator core: a StateManager over SQLite, agents, LLM providers, the validation pipeline and
 * the Orchestrator. It imports nothing from the harness and never prints: every step is an event.
 */
export * from './agents/index.js';
export * from './config/index.js';
export * from './evidence/index.js';
export * from './faults.js';
export * from './llm/index.js';
export * from './orchestrator/index.js';
export * from './store/index.js';
export * from './validation/index.js';
