import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCoreConfig } from '../../core/index.js';
import {
  expectedErrorSubtype,
  readClaudeCommandLine,
  readPrintedResult,
  readTemplatedArgv,
} from './agent-output.js';
import { iterationsOf, netChanges } from './call-outcome.js';
import { DOCUMENTED_DEFAULTS, firstTurnCap, nextTurnCap, specOf } from './core-spec.js';
import { judgeWitnessed, servedConfidence } from './reference-judge.js';
import { diffWalks, walkWorkspace } from './workspace-walk.js';

describe('the core as specified', () => {
  it("the documented defaults are the core's own (a drift is caught here, and by the scenarios)", () => {
    expect(parseCoreConfig({})).toEqual(DOCUMENTED_DEFAULTS);
  });

  it('a scenario config over the defaults', () => {
    const spec = specOf({ maxIterations: 2, thresholds: { proceed: 0.8 }, maxTurns: { story: 3 } });
    expect(spec.maxIterations).toBe(2);
    expect(spec.thresholds).toEqual({ proceed: 0.8, escalate: 0.5, qualityGate: 0.7 });
    expect(spec.maxTurns.story).toBe(3);
    expect(spec.maxTurns.task).toBe(30);
  });

  it.each([
    ['task', 30],
    ['subtask', 30],
    ['story', 50],
    ['epic', 100],
  ])('the first turn cap of a %s is %i', (type, cap) => {
    expect(firstTurnCap(DOCUMENTED_DEFAULTS, type)).toBe(cap);
  });

  it('a cap rises by the factor, once per retry, never past the cap', () => {
    const spec = specOf({ maxTurns: { cap: 5, retries: 2, factor: 2 } });
    expect(nextTurnCap(spec, 2, 0)).toBe(4);
    expect(nextTurnCap(spec, 4, 1)).toBe(5);
    expect(nextTurnCap(spec, 4, 2)).toBeUndefined();
    expect(nextTurnCap(spec, 5, 0)).toBeUndefined();
    expect(nextTurnCap(specOf({ maxTurns: { factor: 1 } }), 3, 0)).toBe(4);
  });
});

describe('the reference judge', () => {
  const judge = (over: Partial<Parameters<typeof judgeWitnessed>[0]> = {}) =>
    judgeWitnessed({
      text: 'Created notes.txt as asked.',
      sessionEchoed: true,
      changedFiles: ['notes.txt'],
      evidenceChecks: [],
      llmConfidence: undefined,
      spec: DOCUMENTED_DEFAULTS,
      ...over,
    });

  it.each([
    ['work with evidence', {}, 1, 0.95, 'proceed'],
    ['no evidence', { changedFiles: [] }, 0.6, 0.55, 'retry'],
    ['an empty reply', { text: '  ' }, 0.4, 0.4, 'retry'],
    ['a short reply', { text: 'Done.' }, 0.8, 0.8, 'proceed'],
    ['a no-work phrase', { text: 'I could not run the tests.' }, 0.8, 0.7, 'proceed'],
    [
      'evidence commands that pass',
      { changedFiles: [], evidenceChecks: [{ passed: true }] },
      1,
      0.95,
      'proceed',
    ],
    [
      'an evidence command that fails',
      { changedFiles: [], evidenceChecks: [{ passed: false }] },
      0.6,
      0.45,
      'retry',
    ],
    ['a scorer at 0.45', { llmConfidence: 0.45 }, 1, 0.7, 'proceed'],
    ['a scorer at 0.448', { llmConfidence: 0.448 }, 1, 0.699, 'clarify'],
    ['a scorer at 0.05', { llmConfidence: 0.05 }, 1, 0.5, 'clarify'],
    ['a scorer at 0.048', { llmConfidence: 0.048 }, 1, 0.499, 'escalate'],
  ] as const)('%s', (_name, over, quality, confidence, decision) => {
    const judged = judge(over);
    expect(judged.qualityScore).toBe(quality);
    expect(judged.confidence).toBe(confidence);
    expect(judged.decision).toBe(decision);
  });

  it('reads the confidence wherever the scorer puts its JSON, and refuses anything else', () => {
    expect(servedConfidence('Here: {"confidence": 0.3, "reason": "x"}')).toEqual({
      confidence: 0.3,
      reason: 'x',
    });
    for (const text of ['no json', '{"confidence": 2}', '{"confidence": "high"}', '{bad']) {
      expect(servedConfidence(text)).toBeUndefined();
    }
  });
});

describe("the agent's output, read by the harness", () => {
  it('reads a Claude Code result object, a generic one and an error with no result', () => {
    const claude = readPrintedResult(
      JSON.stringify({
        type: 'result',
        subtype: 'success',
        is_error: false,
        result: 'done',
        session_id: 's',
        num_turns: 2,
        total_cost_usd: 0.5,
        usage: {
          input_tokens: 1,
          output_tokens: 2,
          cache_creation_input_tokens: 3,
          cache_read_input_tokens: 4,
        },
      }),
    );
    expect(claude).toMatchObject({ text: 'done', sessionId: 's', numTurns: 2, isError: false });
    expect(claude?.usage).toEqual({ input: 1, output: 2, cacheCreation: 3, cacheRead: 4, costUsd: 0.5 });
    expect(readPrintedResult('{"text": "hi", "session_id": "s"}')?.text).toBe('hi');
    const capped = readPrintedResult(
      JSON.stringify({ type: 'result', subtype: 'error_max_turns', is_error: true, errors: ['a', 'b'] }),
    );
    expect(capped?.text).toBe('a; b');
    expect(expectedErrorSubtype(capped!, 1)).toBe('error_max_turns');
    expect(readPrintedResult('prose')).toBeUndefined();
  });

  it.each([
    [{ isError: true, subtype: 'success', terminalReason: 'api_error' }, 1, 'api_error'],
    [
      { isError: true, subtype: 'error_during_execution', terminalReason: undefined },
      0,
      'error_during_execution',
    ],
    [{ isError: true, subtype: undefined, terminalReason: undefined }, 0, 'error'],
    [{ isError: false, subtype: 'success', terminalReason: 'completed' }, 2, 'exit_2'],
    [{ isError: false, subtype: 'success', terminalReason: 'completed' }, 0, undefined],
  ])('the error subtype of %j (exit %i) is %s', (over, exit, subtype) => {
    const printed = {
      text: '',
      sessionId: 's',
      usage: { input: 0, output: 0, cacheCreation: 0, cacheRead: 0, costUsd: 0 },
      numTurns: 1,
      ...over,
    };
    expect(expectedErrorSubtype(printed, exit)).toBe(subtype);
  });

  it("reads Claude Code's flags wherever they are (a sandbox prefix included)", () => {
    const line = readClaudeCommandLine([
      'docker',
      'exec',
      'id',
      'claude',
      '-p',
      'the prompt',
      '--output-format',
      'json',
      '--resume',
      's-1',
      '--max-turns',
      '7',
      '--model',
      'replay',
      '--permission-mode',
      'acceptEdits',
    ]);
    expect(line).toEqual({
      prompt: 'the prompt',
      sessionFlag: '--resume',
      sessionId: 's-1',
      maxTurns: 7,
      model: 'replay',
      outputFormat: 'json',
      permission: 'acceptEdits',
    });
  });

  it("reads a command agent's placeholders back from its argv", () => {
    expect(
      readTemplatedArgv(['node', 'a.mjs', '{{prompt}}', '{{sessionId}}'], ['node', 'a.mjs', 'P', 'S']),
    ).toEqual({
      prompt: 'P',
      sessionId: 'S',
    });
    expect(readTemplatedArgv(['node', 'a.mjs', '{{prompt}}'], ['node', 'b.mjs', 'P'])).toBeUndefined();
  });
});

describe('iterations and changes', () => {
  it('a call after one that hit its turn cap continues its iteration', () => {
    const c = (kind: 'judged' | 'max-turns') => ({ end: { kind } as never });
    expect(iterationsOf([c('max-turns'), c('judged'), c('judged')]).map((i) => i.length)).toEqual([2, 1]);
  });

  it('nets changes: first before, last after, no-ops dropped', () => {
    expect(
      netChanges([
        { path: 'a', before: null, after: 'h1' },
        { path: 'b', before: 'x', after: 'y' },
        { path: 'a', before: 'h1', after: 'h2' },
        { path: 'b', before: 'y', after: 'x' },
      ]),
    ).toEqual([{ path: 'a', before: null, after: 'h2' }]);
  });
});

describe("the harness's own walk of a workspace", () => {
  const dir = mkdtempSync(join(tmpdir(), 'obra-walk-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sees created, modified and deleted files, and stops past its bound', () => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.txt'), 'one');
    writeFileSync(join(dir, 'sub', 'b.txt'), 'two');
    const before = walkWorkspace(dir).files;
    writeFileSync(join(dir, 'a.txt'), 'changed');
    rmSync(join(dir, 'sub', 'b.txt'));
    writeFileSync(join(dir, 'c.txt'), 'new');
    const after = walkWorkspace(dir, before).files;
    expect(diffWalks(before, after).map((c) => [c.path, c.before === null, c.after === null])).toEqual([
      ['a.txt', false, false],
      ['c.txt', true, false],
      ['sub/b.txt', false, true],
    ]);
    expect(walkWorkspace(dir, undefined, 1).complete).toBe(false);
  });
});
