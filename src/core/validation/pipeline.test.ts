import { describe, expect, it } from 'vitest';
import type { AgentResult } from '../agents/index.js';
import { breakpointsFor } from './breakpoints.js';
import {
  ConfidenceParseError,
  heuristicConfidence,
  parseConfidenceReply,
  scoreConfidence,
} from './confidence.js';
import { decide } from './decision.js';
import { assessQuality } from './quality.js';
import { validateResponse } from './response-validator.js';

const result = (over: Partial<AgentResult> = {}): AgentResult => ({
  text: 'Created calculator.py with add, subtract, multiply and divide.',
  sessionId: 'sid-1',
  usage: { inputTokens: 10, outputTokens: 5, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: 0 },
  numTurns: 2,
  isError: false,
  errorSubtype: undefined,
  terminalReason: 'completed',
  exitCode: 0,
  durationMs: 100,
  argv: ['claude'],
  stdoutPath: undefined,
  stderrPath: undefined,
  ...over,
});
const change = { path: 'calculator.py', changeType: 'created' as const, hashAfter: 'abc' };
const thresholds = { proceed: 0.7, escalate: 0.5 };

function pipeline(agent: AgentResult, changes: (typeof change)[], expected = 'sid-1') {
  const validation = validateResponse(agent, { expectedSessionId: expected, reportsSessionId: true });
  const quality = assessQuality({
    validation,
    changes,
    requireEvidence: true,
    replyText: agent.text,
    threshold: 0.7,
  });
  const heuristic = heuristicConfidence(quality);
  const decision = decide({
    validation,
    quality,
    confidence: { score: heuristic, heuristic },
    changedFiles: changes.map((c) => c.path),
    requireEvidence: true,
    thresholds,
  });
  return { validation, quality, heuristic, decision };
}

describe('validation pipeline', () => {
  it.each([
    ['work done with evidence', result(), [change], 'proceed', true],
    [
      '"not sure what to do" and nothing changed',
      result({ text: "I'm not sure what to do." }),
      [],
      'retry',
      false,
    ],
    ['a confident reply with no evidence', result(), [], 'retry', false],
    ['an empty reply', result({ text: '' }), [change], 'retry', false],
    ['a reply for another session', result({ sessionId: 'other' }), [change], 'retry', false],
  ])('%s → %s (gate passed: %s)', (_name, agent, changes, action, passes) => {
    const { quality, decision } = pipeline(agent, changes);
    expect(decision.action).toBe(action);
    expect(quality.passesGate).toBe(passes);
    expect(quality.gate).toBe(passes ? 'passed' : 'failed');
    if (action === 'retry') expect(decision.feedback).toMatch(/previous attempt did not complete the task/);
  });

  it('every score is on the 0-1 scale', () => {
    for (const agent of [
      result(),
      result({ text: '' }),
      result({ isError: true, errorSubtype: 'api_error' }),
    ]) {
      for (const changes of [[], [change]]) {
        const { quality, heuristic } = pipeline(agent, changes);
        for (const s of [quality.overallScore, heuristic]) {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('names a session mismatch', () => {
    const { validation } = pipeline(result({ sessionId: 'b' }), [change], 'a');
    expect(validation.problems).toContainEqual({
      kind: 'session_mismatch',
      message: expect.stringContaining('"b"'),
    });
  });

  it.each([
    [0.9, 'proceed'],
    [0.6, 'clarify'],
    [0.3, 'escalate'],
  ])('confidence %f with the gate passed → %s', (score, action) => {
    const { validation, quality } = pipeline(result(), [change]);
    const decision = decide({
      validation,
      quality,
      confidence: { score, heuristic: score },
      changedFiles: ['calculator.py'],
      requireEvidence: true,
      thresholds,
    });
    expect(decision.action).toBe(action);
  });
});

describe('the quality gate', () => {
  it.each([
    ['an empty reply', result({ text: '' })],
    ['a whitespace reply', result({ text: ' \n\t ' })],
    ['an agent error', result({ isError: true, errorSubtype: 'api_error' })],
    ['a reply for another session', result({ sessionId: 'other' })],
  ])('never passes %s, even at a threshold of 0', (_name, agent) => {
    const validation = validateResponse(agent, { expectedSessionId: 'sid-1', reportsSessionId: true });
    const quality = assessQuality({
      validation,
      changes: [change],
      requireEvidence: true,
      replyText: agent.text,
      threshold: 0,
    });
    expect(quality.passesGate).toBe(false);
    expect(quality.gate).toBe('failed');
  });
});

describe('confidence from an LLM', () => {
  it.each([
    ['{"confidence": 0.8, "reason": "tests pass"}', 0.8],
    ['Sure! {"confidence": 1}', 1],
  ])('reads %j', (text, value) => {
    expect(parseConfidenceReply(text).confidence).toBe(value);
  });

  it.each(['no json', '{"confidence": 85}', '{"confidence": "high"}', '{"score": 0.5}'])(
    'refuses %j instead of defaulting',
    (text) => {
      expect(() => parseConfidenceReply(text)).toThrow(ConfidenceParseError);
    },
  );

  it('combines LLM and heuristic, and lets a failing LLM fail', async () => {
    const { quality } = pipeline(result(), [change]);
    const llm = { kind: 'ollama', model: 'replay', generate: async () => ({ text: '{"confidence": 0.5}' }) };
    const scored = await scoreConfidence({
      quality,
      task: { title: 't', description: 'd' },
      reply: 'r',
      changedFiles: [],
      llm,
      llmWeight: 0.5,
    });
    expect(scored.llm).toBe(0.5);
    expect(scored.score).toBeCloseTo((0.5 + scored.heuristic) / 2, 3);
    const failing = { ...llm, generate: async () => Promise.reject(new Error('connection refused')) };
    await expect(
      scoreConfidence({
        quality,
        task: { title: 't', description: 'd' },
        reply: 'r',
        changedFiles: [],
        llm: failing,
        llmWeight: 0.5,
      }),
    ).rejects.toThrow('connection refused');
  });
});

describe('breakpoints', () => {
  it.each([
    [{ type: 'decision', action: 'escalate', reason: 'low' } as const, ['escalation']],
    [{ type: 'decision', action: 'proceed', reason: 'ok' } as const, []],
    [{ type: 'turn_cap', maxTurns: 30, final: false } as const, ['turn_cap']],
    [{ type: 'session_mismatch', message: 'x' } as const, ['session_mismatch']],
  ])('%j → %j', (event, kinds) => {
    expect(breakpointsFor(event).map((b) => b.kind)).toEqual(kinds);
  });
});

describe('clarify feedback', () => {
  it("carries the LLM reviewer's reason to the next prompt", () => {
    const validation = validateResponse(result(), { expectedSessionId: 'sid-1', reportsSessionId: true });
    const quality = assessQuality({
      validation,
      changes: [change],
      requireEvidence: true,
      replyText: 'x'.repeat(20),
      threshold: 0.7,
    });
    const decision = decide({
      validation,
      quality,
      confidence: { score: 0.6, heuristic: 0.9, llm: 0.3, llmReason: 'multiply and divide are missing' },
      changedFiles: ['calculator.py'],
      requireEvidence: true,
      thresholds,
    });
    expect(decision.action).toBe('clarify');
    expect(decision.feedback).toContain('the reviewer says: multiply and divide are missing');
  });
});
