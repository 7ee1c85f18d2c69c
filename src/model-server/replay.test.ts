import { describe, expect, it } from 'vitest';
import { buildPrompt } from '../core/orchestrator/prompt.js';
import type { ConversationState } from './conversation-state.js';
import { describeState } from './replay.js';

const task = buildPrompt({
  title: 'Write fizzbuzz',
  description: 'Write fizzbuzz.py printing 1 to 100.',
  workingDirectory: '/w',
  iteration: 1,
  feedback: [],
});

const state = (overrides: Partial<ConversationState>): ConversationState => ({
  step: 0,
  firstUserText: task,
  lastUserText: task,
  lastToolResults: [],
  system: '',
  tools: ['Write'],
  cwd: '/w',
  ...overrides,
});

describe('describeState (the state a cassette miss names)', () => {
  it('quotes the task of the first user text, not the orchestrator boilerplate at its end', () => {
    expect(describeState(state({}))).toBe(
      '(step 0, first user text "Task: Write fizzbuzz — Write fizzbuzz.py printing 1 to 100.", tools offered)',
    );
  });

  it('quotes a different last user text by its own first line, and names the tool results', () => {
    expect(
      describeState(
        state({
          step: 2,
          lastUserText: 'Please also add tests.\nThanks',
          lastToolResults: [{ toolName: 'Write' } as ConversationState['lastToolResults'][number]],
        }),
      ),
    ).toBe(
      '(step 2, first user text "Task: Write fizzbuzz — Write fizzbuzz.py printing 1 to 100.", last user text "Please also add tests.", tool results from Write, tools offered)',
    );
  });
});
