import { type ClaudeCodeAgentOptions, createClaudeCodeAgent } from './claude-code.js';
import { type CommandAgentOptions, createCommandAgent } from './command.js';
import { createNullAgent } from './null.js';
import { createOracleAgent, type OracleAgentOptions } from './oracle.js';
import type { Agent } from './types.js';

export type AgentConfig =
  | ({ kind: 'claude-code' } & ClaudeCodeAgentOptions)
  | ({ kind: 'command' } & CommandAgentOptions)
  | ({ kind: 'oracle' } & OracleAgentOptions)
  | { kind: 'null' };

/** One factory for every agent kind. */
export function createAgent(config: AgentConfig): Agent {
  switch (config.kind) {
    case 'claude-code':
      return createClaudeCodeAgent(config);
    case 'command':
      return createCommandAgent(config);
    case 'oracle':
      return createOracleAgent(config);
    case 'null':
      return createNullAgent();
  }
}
