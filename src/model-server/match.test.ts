import { describe, expect, it } from 'vitest';
import { parseCassette } from './cassette/parse.js';
import type { ConversationState } from './conversation-state.js';
import { compileConversations, conversationRefusal, matchRequest, turnRefusal } from './match.js';

function state(partial: Partial<ConversationState> = {}): ConversationState {
  return {
    step: 0,
    firstUserText: 'Build calculator.py',
    lastUserText: 'Build calculator.py',
    lastToolResults: [],
    system: 'You are Claude Code',
    tools: ['Write', 'Bash'],
    cwd: '/ws',
    ...partial,
  };
}

describe('conversationRefusal', () => {
  it.each([
    [{ first_user_contains: 'calculator.py' }, {}, undefined],
    [{ first_user_contains: ['calculator', 'Build'] }, {}, undefined],
    [{ first_user_contains: ['calculator', 'Delete'] }, {}, 'first user text lacks "Delete"'],
    [{ first_user_not_contains: 'Feedback' }, {}, undefined],
    [{ first_user_not_contains: 'Build' }, {}, 'first user text contains "Build"'],
    [{ system_contains: 'Claude Code' }, {}, undefined],
    [{ system_contains: 'confidence scorer' }, {}, 'system text lacks "confidence scorer"'],
    [{ has_tools: true }, {}, undefined],
    [{ has_tools: true }, { tools: [] }, 'the request offers no tools'],
    [{ has_tools: false }, {}, 'the request offers tools'],
  ])('%j on %j → %j', (when, partial, expected) => {
    expect(conversationRefusal(when, state(partial))).toBe(expected);
  });
});

describe('turnRefusal', () => {
  const afterWrite = {
    step: 1,
    lastToolResults: [{ toolName: 'Write', text: 'File created successfully at: /ws/a.py' }],
  };
  it.each([
    [{ step: 0 }, {}, undefined],
    [{ step: 1 }, {}, 'wants step 1'],
    [{ step: 1, tool_result_from: 'Write' }, afterWrite, undefined],
    [{ tool_result_from: 'Bash' }, afterWrite, 'wants a tool result from Bash'],
    [{ tool_result_contains: 'created successfully' }, afterWrite, undefined],
    [{ tool_result_contains: ['created', 'error'] }, afterWrite, 'no tool result contains "error"'],
    [{ last_user_contains: 'calculator' }, {}, undefined],
    [{ last_user_contains: 'next' }, { lastUserText: 'now do the next part' }, undefined],
    [{ last_user_contains: 'next' }, {}, 'last user text lacks "next"'],
  ])('%j on %j → %j', (when, partial, expected) => {
    expect(turnRefusal(when, state(partial))).toBe(expected);
  });
});

describe('matchRequest', () => {
  const cassette = parseCassette(
    `version: 1
name: m
conversations:
  - name: scorer
    when: { system_contains: "confidence scorer", has_tools: false }
    turns:
      - reply: { text: '{"confidence": 0.9}' }
  - name: stress
    when: { first_user_contains: "Stress Task" }
    capture: { n: "Stress Task (\\\\d+)" }
    turns:
      - when: { step: 0 }
        fault: { kind: http_error }
        times: 1
      - when: { step: 0 }
        reply: { text: "writing stress_{{n}}.txt" }
      - name: end
        when: { step: 1 }
        reply: { text: "done" }
`,
    'm.yaml',
  );
  const conversations = compileConversations([cassette]);
  const counts = new Map<string, number>();
  const used = (key: string) => counts.get(key) ?? 0;

  it('picks the first matching conversation and turn, with captures', () => {
    const first = matchRequest(conversations, state({ firstUserText: 'Stress Task 17: go' }), used);
    expect(first).toMatchObject({ kind: 'turn', turnIndex: 0, captures: { n: '17' } });
    if (first.kind === 'turn') counts.set(first.key, 1);
    const second = matchRequest(conversations, state({ firstUserText: 'Stress Task 17: go' }), used);
    expect(second).toMatchObject({ kind: 'turn', turnIndex: 1, captures: { n: '17' } });
  });

  it('explains a turn miss inside a matched conversation', () => {
    const result = matchRequest(conversations, state({ firstUserText: 'Stress Task 3', step: 5 }), used);
    expect(result.kind).toBe('no-turn');
    if (result.kind === 'no-turn') {
      expect(result.why).toEqual([
        'turns[0]: wants step 0',
        'turns[1]: wants step 0',
        'turns[2] (end): wants step 1',
      ]);
    }
  });

  it('explains why no conversation matched', () => {
    const result = matchRequest(conversations, state({ firstUserText: 'hello' }), used);
    expect(result).toEqual({
      kind: 'no-conversation',
      why: [
        'conversation "scorer": system text lacks "confidence scorer"',
        'conversation "stress": first user text lacks "Stress Task"',
      ],
    });
  });

  it('a capture that does not match skips the conversation', () => {
    const only = compileConversations([
      parseCassette(
        'version: 1\nname: c\nconversations:\n  - name: c\n    capture: { n: "Task (\\\\d+)" }\n    turns: [{ reply: { text: "{{n}}" } }]\n',
        'c.yaml',
      ),
    ]);
    expect(matchRequest(only, state({ firstUserText: 'Task x' }), used)).toMatchObject({
      kind: 'no-conversation',
    });
    expect(matchRequest(only, state({ firstUserText: 'Task 9' }), used)).toMatchObject({
      kind: 'turn',
      captures: { n: '9' },
    });
  });
});
