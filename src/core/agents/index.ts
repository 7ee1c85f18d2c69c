export {
  type ClaudeCodeAgentOptions,
  claudeArgv,
  claudeEnv,
  type PermissionMode,
  resolveClaudeBinary,
} from './claude-code.js';
export { type ClaudeJsonResult, parseClaudeResult } from './claude-result.js';
export type { CommandAgentOptions } from './command.js';
export { type AgentConfig, createAgent } from './create-agent.js';
export { AgentError, type AgentErrorKind } from './errors.js';
export { createHostLauncher, type HostLauncher } from './host-launcher.js';
export type { HostTransport } from './host-transport.js';
export {
  defaultLaunchHost,
  LAUNCH_HOST_KINDS,
  type LaunchHostChoice,
  type LaunchHostKind,
  launchHostTransport,
} from './launch-host.js';
export {
  NATIVE_LAUNCH_HOST_PATH,
  NODE_LAUNCH_HOST_PATH,
  NODE_LAUNCH_HOST_PATH as LAUNCH_HOST_PATH,
} from './launch-host-files.js';
export { directLauncher, type LaunchHandlers, type LaunchRequest, type ProcessLauncher } from './launcher.js';
export {
  createDeferredLogWriter,
  type DeferredLogWriter,
  immediateLogWriter,
  type LogWriter,
  type UnwrittenLog,
} from './log-writer.js';
export type { OracleAgentOptions, TaskSolution } from './oracle.js';
export {
  type CommandWrapper,
  createProcessTracker,
  killGroup,
  type ProcessRuntime,
  type ProcessTracker,
  processRuntime,
  runProcess,
} from './process.js';
export type { Agent, AgentKind, AgentRequest, AgentResult, AgentTaskRef, AgentUsage } from './types.js';
export { zeroUsage } from './types.js';
