import { z } from 'zod';
import { MAX_TURNS } from './limits.js';
import { durationSchema, positiveInt, rootPath, text } from './schema-common.js';
import { DEFAULT_OLLAMA_IMAGE } from './schema-sandbox.js';

export const PERMISSION_MODES = ['bypassPermissions', 'acceptEdits', 'default', 'plan'] as const;
export const AGENT_KINDS = ['claude-code', 'command', 'oracle', 'null'] as const;
export const LLM_KINDS = ['heuristic', 'ollama', 'openai'] as const;
export const COMMAND_RESULT_FORMATS = ['json', 'text'] as const;

const cassette = () => rootPath('Cassette (YAML) replayed by the embedded model server').optional();

const claudeCodeAgent = z
  .strictObject({
    kind: z.literal('claude-code').optional().describe('Default kind.'),
    model: text()
      .default('replay')
      .describe('"replay" (the embedded model server plays the cassette) or a model name for live runs.'),
    cassette: cassette(),
    max_turns: positiveInt(MAX_TURNS).optional(),
    permission_mode: z.enum(PERMISSION_MODES).optional(),
  })
  .describe('The real Claude Code CLI.');

const commandAgent = z
  .strictObject({
    kind: z.literal('command'),
    argv: z
      .array(z.string())
      .min(1)
      .describe(
        'Command line, one argument per item; in every item {{prompt}}, {{sessionId}}, {{workspace}}, {{maxTurns}} and {{resume}} ("true"/"false") are filled per call. docs/SCENARIOS.md "The kind: command agent".',
      ),
    result: z
      .enum(COMMAND_RESULT_FORMATS)
      .default('text')
      .describe(
        'How stdout is read: "text" (the reply) or "json" (an object with result and session_id, which must echo {{sessionId}}).',
      ),
    env: z.record(z.string(), z.string()).optional(),
    model: text().optional().describe('"replay" to serve the cassette through the embedded model server.'),
    cassette: cassette(),
  })
  .describe('Any coding-agent CLI driven from an argv template (aider, codex, qwen-code, a script).');

const oracleAgent = z
  .strictObject({ kind: z.literal('oracle') })
  .describe("Applies the scenario's reference solution: proves the scenario passable.");

const nullAgent = z
  .strictObject({ kind: z.literal('null') })
  .describe('Does nothing: a scenario it passes is broken.');

export const agentSchema = z
  .discriminatedUnion('kind', [claudeCodeAgent, commandAgent, oracleAgent, nullAgent])
  .describe('The coding agent the orchestrator drives. Default: { kind: claude-code, model: replay }.');

const modelLlm = (kind: 'ollama' | 'openai') =>
  z.strictObject({
    kind: z.literal(kind),
    model: text().default('replay'),
    endpoint: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Base URL; absent → the embedded model server.'),
    retries: z
      .int()
      .min(0)
      .max(10)
      .optional()
      .describe('Attempts after a request fails with 429, 5xx or no connection (default 0).'),
    timeout: durationSchema.optional().describe('Deadline of one scoring request (default 2m).'),
  });

const ollamaLlm = modelLlm('ollama').extend({
  container: z
    .union([
      z.boolean(),
      z.strictObject({
        image: text().optional().describe(`Ollama image. Default: ${DEFAULT_OLLAMA_IMAGE}.`),
      }),
    ])
    .optional()
    .describe(
      'Start a real Ollama in a container for each attempt (testcontainers; needs a running Docker or Podman) and pull `model` into it. Without a container runtime the scenario is blocked.',
    ),
});

export const llmSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('heuristic') }),
    ollamaLlm,
    modelLlm('openai'),
  ])
  .describe('LLM used for confidence and quality scoring. Default: { kind: heuristic }.');
