import { describe, expect, it } from 'vitest';
import { FIX_HINTS, fixHintFor } from './fix-hints.js';

describe('fixHintFor', () => {
  it('says where the agent log of the finding’s first attempt is', () => {
    const hint = fixHintFor('task_not_completed', ['fizzbuzz#2', 'fizzbuzz#3']);
    expect(hint).toContain('in attempts/fizzbuzz-2/logs/ of the run directory');
    expect(hint).toContain('in attempts/fizzbuzz-2/agent-home/.claude/projects/');
  });

  it('names the folder pattern when no attempt is known, and nothing for an unknown kind', () => {
    expect(fixHintFor('task_not_completed')).toContain('attempts/<scenario>-<n>/logs/');
    expect(fixHintFor('no_such_kind')).toBeUndefined();
    expect(fixHintFor('toString')).toBeUndefined();
  });

  it('every hint is one line', () => {
    for (const hint of Object.values(FIX_HINTS)) expect(hint).toMatch(/^[^\n]{20,400}$/);
  });
});
