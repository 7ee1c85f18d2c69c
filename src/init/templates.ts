/**
 * The files `obra-validate init` adds to a project (pure data). The example scenario runs the real
 * Claude Code CLI against the embedded model server replaying its cassette: no API key, no network.
 * Paths are relative to the project root; `$schema` comments point at the schemas shipped in the package.
 */
export interface InitFile {
  path: string;
  content: string;
  /** One line, shown next to the path. */
  purpose: string;
}

/** The example scenario's name: `npx obra-validate scenarios/` runs it. */
export const EXAMPLE_SCENARIO = 'hello';

const SCHEMAS = 'node_modules/obra-validate/schema';

const scenario = `# yaml-language-server: $schema=../${SCHEMAS}/scenario.schema.json
# Created by \`npx obra-validate init\`. The orchestrator gives one task to the real Claude Code CLI, which
# talks to obra-validate's model server replaying fixtures/cassettes/hello.yaml (no API key, no network),
# writes hello.txt with its Write tool, and the checks below judge what really happened.
# Run it: npx obra-validate scenarios/        Format: npx obra-validate schema
version: 1
name: ${EXAMPLE_SCENARIO}
description: The agent creates hello.txt through the orchestrator, replaying a recorded conversation
agent: { kind: claude-code, model: replay, cassette: fixtures/cassettes/hello.yaml }
workspace: fixtures/hello/start
solution:
  files: { hello.txt: "Hello from the replay model.\\n" }
tasks:
  - id: hello
    title: Create hello.txt
    description: Write the line "Hello from the replay model." into hello.txt
budgets: { wall: 2m }
checks:
  - { name: task completed in one iteration, task: hello, status: completed, max_iterations: 1 }
  - { name: hello.txt written, file: hello.txt, contains: ["Hello from the replay model."] }
  - { name: the workspace README is untouched, file: README.md, unchanged: true }
`;

const cassette = `# yaml-language-server: $schema=../../${SCHEMAS}/cassette.schema.json
# Created by \`npx obra-validate init\`: the model's side of the example conversation. The agent asks the
# model what to do; step 0 answers with a Write tool call, step 1 (after the tool ran) ends the turn.
# Record your own from a live run: npx obra-validate model-server --record --help
version: 1
name: hello
description: Write hello.txt, then end.
conversations:
  - name: write-hello
    when: { has_tools: true }
    turns:
      - when: { step: 0 }
        reply:
          text: "I'll create hello.txt."
          tool_calls:
            - name: Write
              input: { file_path: "{{cwd}}/hello.txt", content: "Hello from the replay model.\\n" }
          usage: { input_tokens: 1200, output_tokens: 40 }
      - when: { step: 1, tool_result_from: Write }
        reply:
          text: "Created hello.txt."
          usage: { input_tokens: 1300, output_tokens: 10 }
`;

const workspaceReadme = `# Example workspace

Created by \`npx obra-validate init\`. Every attempt of the \`hello\` scenario starts from a fresh copy of
this folder; the agent works in the copy, never here.
`;

const config = `# Created by \`npx obra-validate init\`. The CI gate: how \`npx obra-validate\` turns a run into its exit
# code (0 passed, 1 failed, 2 bad input, 3 could not judge). Flags override it (--min-pass-rate, ...).
gate:
  # Scenarios every run must hold and pass, e.g. [${EXAMPLE_SCENARIO}]. A required scenario that a run's paths
  # or --grep leave out fails that run (so running one file alone would exit 1); one that a --shard holds
  # no attempt of is judged when the shards are merged (npx obra-validate report). docs/REPORT.md
  required: []
  min_pass_rate: 1.0         # share of judged scenarios that must pass
  max_infra_error_rate: 0    # share of scenarios that may error or be blocked
  allow_flaky: false
  allow_regressions: false   # with --baseline: a regression fails the gate
`;

/** The first baseline, made once from a good run and committed (the workflow compares every run with it). */
export const FIRST_BASELINE_COMMAND =
  'npx obra-validate scenarios/ --update-baseline reports/baselines/main.json';

/**
 * The CI workflow; README "In CI" and docs/REPORT.md show it verbatim (src/init/ci-docs.test.ts). It
 * uploads this run's folder only: reports/latest is a symlink, so it is copied as the folder it points at.
 */
export const workflow = `# Created by \`npx obra-validate init\`: runs the scenarios on every push and pull request.
# The first baseline, once, from a good run: ${FIRST_BASELINE_COMMAND}
# then commit reports/baselines/main.json (reports/.gitignore keeps it; run folders stay out of git).
name: obra-validate
on: [push, pull_request]
jobs:
  validate:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20, cache: npm }
      - run: npm ci
      # What can run here (claude, python3, a container runtime, Ollama); exits 3 when scenarios cannot.
      - run: npx obra-validate doctor
      # Exit code: the gate of obra-validate.config.yaml (a regression against the baseline fails it).
      # CI=true selects the dot reporter.
      - run: npx obra-validate scenarios/ --baseline reports/baselines/main.json
      - name: Report in the job summary
        if: always()
        run: cat reports/latest/report.md >> "$GITHUB_STEP_SUMMARY" || true
      # reports/latest is a symlink: copy the run folder it points at (this run only, not older runs).
      - name: Resolve the run folder
        if: always()
        run: cp -rL reports/latest obra-validate-run || true
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: obra-validate-run
          path: obra-validate-run/
`;

/** Keeps run folders (reports/<run-id>/, reports/latest) out of git and the committed baselines in. */
export const reportsGitignore = `# Created by \`npx obra-validate init\`: every run writes a folder here (reports/<run-id>/, reports/latest);
# they stay out of git. Baselines (reports/baselines/main.json) are committed.
/*
!/.gitignore
!/baselines/
`;

export const INIT_FILES: readonly InitFile[] = [
  { path: 'scenarios/hello.yaml', content: scenario, purpose: 'the example scenario' },
  { path: 'fixtures/cassettes/hello.yaml', content: cassette, purpose: 'its recorded model replies' },
  { path: 'fixtures/hello/start/README.md', content: workspaceReadme, purpose: 'its starting workspace' },
  { path: 'obra-validate.config.yaml', content: config, purpose: 'the CI gate' },
  { path: '.github/workflows/obra-validate.yml', content: workflow, purpose: 'a CI workflow example' },
  {
    path: 'reports/.gitignore',
    content: reportsGitignore,
    purpose: 'run folders stay out of git, reports/baselines/ is kept',
  },
];
