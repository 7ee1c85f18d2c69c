import { describe, expect, it } from 'vitest';
// The real prompt, so the rule follows the orchestrator when its prompt changes (tests may cross folders).
import { buildPrompt, continuationPrompt } from '../core/orchestrator/prompt.js';
import { MAX_EXCERPT_CHARS, taskExcerpt } from './task-excerpt.js';

const prompt = (description: string, feedback: string[] = []) =>
  buildPrompt({
    title: 'Build the calculator',
    description,
    workingDirectory: '/tmp/obra/attempt-1/workspace',
    iteration: feedback.length + 1,
    feedback,
  });

const reminder =
  '<system-reminder>\nAs you answer the user, use this context:\n# claudeMd\n...\n</system-reminder>';

describe('taskExcerpt (what a cassette miss quotes of a user text)', () => {
  it('quotes the task line and the first line of the description, not the closing boilerplate', () => {
    const text = `${reminder}\n${prompt('Create calculator.py with add and sub.\nKeep it small.')}`;
    expect(taskExcerpt(text)).toBe('Task: Build the calculator — Create calculator.py with add and sub.');
  });

  it('says how many earlier iterations sent feedback (a retry differs from the first try)', () => {
    const text = prompt('Create calculator.py.', ['tests failed', 'still failing']);
    expect(taskExcerpt(text)).toBe(
      'Task: Build the calculator — Create calculator.py. — (feedback from 2 earlier iterations)',
    );
  });

  it('an empty description gives the task line alone', () => {
    expect(taskExcerpt(prompt(''))).toBe('Task: Build the calculator');
  });

  it('leaves out system reminders after the prompt too, and an unclosed one', () => {
    expect(taskExcerpt(`${prompt('Add.')}\n${reminder}`)).toBe('Task: Build the calculator — Add.');
    expect(taskExcerpt(`${prompt('Add.')}\n<system-reminder>never closed`)).toBe(
      'Task: Build the calculator — Add.',
    );
  });

  it('any other text: its first line (a continuation prompt, another client)', () => {
    expect(taskExcerpt(`${reminder}\n${continuationPrompt('Build the calculator')}`)).toBe(
      'You reached the turn limit before finishing "Build the calculator". Continue where you stopped and finish the task.',
    );
    expect(taskExcerpt('\n\n  say   hello\nand more')).toBe('say hello');
    expect(taskExcerpt('')).toBe('');
  });

  it(`is bounded: at most ${MAX_EXCERPT_CHARS} characters, cut with an ellipsis`, () => {
    const excerpt = taskExcerpt(prompt('x'.repeat(10_000)));
    expect(excerpt).toHaveLength(MAX_EXCERPT_CHARS);
    expect(excerpt.startsWith('Task: Build the calculator — xxx')).toBe(true);
    expect(excerpt.endsWith('x…')).toBe(true);
  });

  it('is linear: many unclosed reminder tags and a long text', () => {
    const text = `${'<system-reminder>'.repeat(50_000)}${prompt('y'.repeat(500_000))}`;
    const start = Date.now();
    expect(taskExcerpt(text)).toBe('');
    expect(Date.now() - start).toBeLessThan(1000);
  });
});
