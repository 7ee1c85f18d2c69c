#!/usr/bin/env node
// A scripted command-line agent for orchestrator tests. Usage:
//   scripted-agent.mjs PLAN_FILE LOG_FILE SESSION_ID RESUME MAX_TURNS PROMPT
// PLAN_FILE is a JSON array; call N (counted by the lines of LOG_FILE) plays plan[N] (the last entry
// repeats): { write?: {path: content}, text?: string, session?: "echo" | "other",
//             subtype?: "success" | "error_max_turns", isError?: boolean, terminal?: string, sleepMs?: number }
// Each call appends {sessionId, resume, maxTurns, prompt} to LOG_FILE and prints a Claude-style JSON result.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [planFile, logFile, sessionId, resume, maxTurns, prompt] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const calls = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean).length : 0;
appendFileSync(
  logFile,
  `${JSON.stringify({ sessionId, resume: resume === 'true', maxTurns: Number(maxTurns), prompt })}\n`,
);
const step = plan[Math.min(calls, plan.length - 1)];
if (step.sleepMs) await new Promise((r) => setTimeout(r, step.sleepMs));
const taskNumber = (prompt.match(/Task (\d+)/) ?? [])[1] ?? '';
for (const [path, content] of Object.entries(step.write ?? {})) {
  const target = join(process.cwd(), path.replaceAll('{{n}}', taskNumber));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
}
const subtype = step.subtype ?? 'success';
const isError = step.isError ?? subtype !== 'success';
process.stdout.write(
  JSON.stringify({
    type: 'result',
    subtype,
    is_error: isError,
    result: step.text ?? 'Done: I wrote the files.',
    session_id: step.session === 'other' ? '00000000-0000-0000-0000-000000000000' : sessionId,
    num_turns: 2,
    terminal_reason: step.terminal ?? (subtype === 'error_max_turns' ? 'max_turns' : 'completed'),
    usage: {
      input_tokens: 100,
      output_tokens: 20,
      cache_creation_input_tokens: 5,
      cache_read_input_tokens: 7,
    },
    total_cost_usd: 0.001,
  }),
);
process.exit(isError ? 1 : 0);
