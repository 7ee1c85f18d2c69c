/**
 * One-line fix hints for the finding classes the harness knows (report.md prints them under each
 * finding). Keys are finding kinds; a kind without a hint gets none.
 */
export const FIX_HINTS: Readonly<Record<string, string>> = {
  session_not_found:
    'executeTask must create its own session row when none is active (before the first agent call) and close it in finally.',
  session_mismatch:
    'pass the session row id to the agent (--session-id) and check the id it echoes back before recording usage.',
  session_reuse:
    'continue a conversation with --resume <id>; never pass the same --session-id to a second call.',
  orphan_session:
    'close every session (completed or abandoned) in a finally block, including on errors and Ctrl+C.',
  missing_interaction:
    'persist exactly one interaction per agent call, with tokens and the session id filled, before acting on the decision.',
  completion_without_evidence:
    'mark a task completed only with evidence (files changed, checks run), not because the reply says it is done.',
  swallowed_exception:
    'classify every error of an iteration (a kind and a message) and record it; never catch and continue silently.',
  decision_loop:
    'bound retries per task (max_iterations) and escalate when the same decision repeats without progress.',
  turn_cap:
    'on error_max_turns resume with a higher --max-turns (by task type, capped) and record the failed call’s usage.',
  feedback_dropped: 'carry the feedback of earlier iterations (the reviewer’s reason) into the next prompt.',
  usage_mismatch:
    'add each agent call’s tokens, turns and cost to its own session row once; totals must equal the sum of interactions.',
  agent_tool_error:
    "the agent CLI refused a tool call the cassette replays (the finding quotes its error and the turn): fix that call's input or tool name; `npx obra-validate check` lists every call refused for its shape, at file:line:col.",
  cassette_miss:
    'the agent sent a request no cassette turn matches: re-record the cassette (record mode) or fix the matcher; the request is saved as evidence.',
  timeout:
    "a budget (wall or per task) was hit: raise it if the work is legitimate, else find the hang in the last call's output in <attempt>/logs/ of the run directory.",
  infrastructure:
    'the harness could not judge (a server, a binary or the disk): run `npx obra-validate doctor` and rerun.',
  process_leak: 'kill agent processes as a group at deadlines and on exit; nothing may outlive the attempt.',
  database_corrupt:
    'run every write in a transaction and close the store cleanly; PRAGMA integrity_check and foreign_key_check must be clean.',
  harness_or_core_exception:
    'the orchestrator threw instead of classifying the failure: read the stack for the broken contract (a missing field or method) and classify the error.',
  task_not_completed:
    'the task did not reach the declared status (the finding quotes its last decision): read the agent’s output in <attempt>/logs/ of the run directory, Claude Code’s transcript (tool calls it rejected) in <attempt>/agent-home/.claude/projects/, or `npx obra-validate view`.',
  too_few_tests:
    'the hidden tests did not all run: the module probably fails to import; run them in the workspace.',
  golden_mismatch:
    'the output differs from the golden file: read the diff in the evidence; update the golden file only if the change is intended.',
  threshold:
    'a metric is beyond its threshold: compare with the baseline and profile the slow or costly tasks.',
  baseline_regression:
    'a metric regressed against the stored baseline: find the change that caused it, or update the baseline if it is intended.',
  quality_mismatch:
    'read the quality verdict through the fields QualityResult declares (passesGate, gate, overallScore); a field that reads undefined silently decides the gate.',
  type_mismatch:
    'pass values of the declared shape (the task result is an object {status, reason, ...}, not a bool); let the compiler check the call.',
  transaction_left_open:
    'end every unit of work (commit or roll back) with store.transaction(fn); never BEGIN by hand or keep a depth counter: an open transaction loses every later write.',
  outside_write:
    'the agent (or a check) wrote outside its workspace and the run directory: keep every path relative to the workspace, give the agent its own HOME and TMPDIR.',
  protected_path_tampered:
    'a protected file (hidden tests, golden files, fixtures, the scenario, the cassette) changed while the agent ran: the agent must only touch its workspace; restore the file from version control.',
  unsafe_path:
    'a fixture tree holds a symlink leading outside the project root: replace it by the file itself (fixtures are copied into each workspace).',
  evidence_fallback:
    'inotify could not watch the workspace (its watch limit, a failed watcher, or a barrier that never came back): raise fs.inotify.max_user_watches or keep the workspace small; evidence is the same, only slower.',
  agent_crash:
    'the agent process died without a result (a signal or a non-zero exit): read its stderr log in the evidence; a SIGKILL is often the OOM killer.',
  agent_bad_output:
    'the agent did not print its JSON result: check its output format flags (--output-format json) and the stdout log in the evidence.',
  agent_unavailable:
    'the agent binary could not be started: install it or fix the argv of the command agent.',
  agent_error: 'the agent reported an error result: read its result text and stderr log in the evidence.',
  model_http_error:
    'the model answered an HTTP error: check the endpoint or the cassette fault (<attempt>/model-server.jsonl says which turn answered) and whether the agent should retry.',
  model_rate_limited:
    'the model rate-limited the agent (429): lower concurrency, honour retry-after with retries, or raise the quota.',
  model_bad_response:
    "the model reply could not be parsed (a cut or malformed stream): check the network path and <attempt>/model-server.jsonl, the model server's log of each answer.",
  llm_error:
    'the confidence or quality LLM failed: check its endpoint and model; a configured LLM that fails is an error, never a silent fallback.',
  database_busy:
    'another process held the run database locked past busy_timeout: stop whatever else writes to it (a sqlite3 shell, a second run on the same directory).',
  reporter_error:
    'a reporter threw while writing its output: the report files may be incomplete; the stack is in the message (a harness bug: report it).',
};

/**
 * The hint of a finding kind. `<attempt>` in a hint is the folder of the attempt (`attempts/fizzbuzz-1`,
 * relative to the run directory): the first of `attempts` when given (ids like `fizzbuzz#1`), else
 * `attempts/<scenario>-<n>`.
 */
export function fixHintFor(kind: string, attempts: readonly string[] = []): string | undefined {
  if (!Object.hasOwn(FIX_HINTS, kind)) return undefined;
  const first = attempts[0]?.match(/^(.+)#(\d+)$/);
  const dir = first ? `attempts/${first[1]}-${first[2]}` : 'attempts/<scenario>-<n>';
  return FIX_HINTS[kind]!.replaceAll('<attempt>', dir);
}
