// A stand-in for the Claude Code CLI, for the checks' tests: it takes Claude's argv
// (-p PROMPT --output-format json --session-id|--resume ID --max-turns N ...), plays the next step
// of the task the prompt names, and prints a Claude-style JSON result.
// FAKE_CLAUDE_PLAN is a JSON file { "<task title>": [step, ...] } (the last step repeats); a step is
// { write?: {path: content}, text?: string, session?: "echo" | "other" | "none", subtype?: string }.
// Per-title call counts are kept in FAKE_CLAUDE_PLAN + ".state.json".
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
const value = (flag) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const prompt = value('-p') ?? '';
const sessionId = value('--session-id') ?? value('--resume');
const planFile = process.env.FAKE_CLAUDE_PLAN;
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const title = Object.keys(plan)
  .filter((t) => prompt.includes(t))
  .sort((a, b) => b.length - a.length)[0];
if (title === undefined) {
  process.stderr.write(`fake-claude: no plan entry for prompt ${JSON.stringify(prompt.slice(0, 80))}\n`);
  process.exit(2);
}
const stateFile = `${planFile}.state.json`;
const state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
const calls = state[title] ?? 0;
writeFileSync(stateFile, JSON.stringify({ ...state, [title]: calls + 1 }));
const steps = plan[title];
const step = steps[Math.min(calls, steps.length - 1)];
for (const [path, content] of Object.entries(step.write ?? {})) {
  const target = join(process.cwd(), path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
}
const subtype = step.subtype ?? 'success';
const isError = subtype !== 'success';
const session =
  step.session === 'other'
    ? '00000000-0000-0000-0000-000000000000'
    : step.session === 'none'
      ? undefined
      : sessionId;
process.stdout.write(
  JSON.stringify({
    type: 'result',
    subtype,
    is_error: isError,
    result: step.text ?? 'Done: I wrote the files.',
    ...(session ? { session_id: session } : {}),
    num_turns: 2,
    terminal_reason: subtype === 'error_max_turns' ? 'max_turns' : 'completed',
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
