import { type CapturePattern, compileCapture } from './cassette/capture-pattern.js';
import { CassetteError, type CassetteProblem } from './cassette/errors.js';
import type { Cassette, Conversation, ConversationWhen, Turn, TurnWhen } from './cassette/schema.js';
import type { ConversationState } from './conversation-state.js';

/** A conversation ready for matching: its capture patterns compiled (RE2: linear time), its place in the cassette list kept. */
export interface CompiledConversation {
  cassette: Cassette;
  cassetteIndex: number;
  index: number;
  conversation: Conversation;
  captures: ReadonlyArray<readonly [string, CapturePattern]>;
}

export type MatchResult =
  | {
      kind: 'turn';
      conversation: CompiledConversation;
      turnIndex: number;
      turn: Turn;
      captures: Record<string, string>;
      /** Identifies the turn for its `times` counter. */
      key: string;
    }
  | { kind: 'no-turn'; conversation: CompiledConversation; captures: Record<string, string>; why: string[] }
  | { kind: 'no-conversation'; why: string[] };

/** Flattens the cassettes' conversations in search order and compiles their capture regexes. */
export function compileConversations(cassettes: readonly Cassette[]): CompiledConversation[] {
  const problems: CassetteProblem[] = [];
  const out: CompiledConversation[] = [];
  for (const [cassetteIndex, cassette] of cassettes.entries()) {
    for (const [index, conversation] of cassette.conversations.entries()) {
      const captures: Array<readonly [string, CapturePattern]> = [];
      for (const [name, source] of Object.entries(conversation.capture ?? {})) {
        const compiled = compileCapture(source);
        if (compiled.ok) captures.push([name, compiled.pattern]);
        else {
          problems.push({
            file: cassette.file ?? cassette.name,
            line: 0,
            col: 0,
            path: `conversations[${index}].capture.${name}`,
            message: compiled.problem,
            got: JSON.stringify(source),
          });
        }
      }
      out.push({ cassette, cassetteIndex, index, conversation, captures });
    }
  }
  if (problems.length > 0) throw new CassetteError(problems);
  return out;
}

export function turnKey(conversation: CompiledConversation, turnIndex: number): string {
  return `${conversation.cassetteIndex}:${conversation.index}:${turnIndex}`;
}

/**
 * The first conversation whose `when` and captures match, and in it the first turn whose `when` matches
 * and whose `times` is not used up (`used(key)` tells how often a turn was played). Pure.
 */
export function matchRequest(
  conversations: readonly CompiledConversation[],
  state: ConversationState,
  used: (key: string) => number,
): MatchResult {
  const why: string[] = [];
  for (const compiled of conversations) {
    const { conversation } = compiled;
    const refused = conversationRefusal(conversation.when, state);
    const captures = refused === undefined ? capture(compiled, state.firstUserText) : undefined;
    if (refused !== undefined || captures === undefined) {
      why.push(
        `conversation "${conversation.name}": ${refused ?? 'a capture regex does not match the first user text'}`,
      );
      continue;
    }
    const turnWhy: string[] = [];
    for (const [turnIndex, turn] of conversation.turns.entries()) {
      const key = turnKey(compiled, turnIndex);
      const turnRefused =
        turnRefusal(turn.when, state) ??
        (turn.times !== undefined && used(key) >= turn.times
          ? `already played ${turn.times} time(s)`
          : undefined);
      if (turnRefused === undefined)
        return { kind: 'turn', conversation: compiled, turnIndex, turn, captures, key };
      turnWhy.push(`turns[${turnIndex}]${turn.name ? ` (${turn.name})` : ''}: ${turnRefused}`);
    }
    return { kind: 'no-turn', conversation: compiled, captures, why: turnWhy };
  }
  return { kind: 'no-conversation', why };
}

function capture(compiled: CompiledConversation, firstUserText: string): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (const [name, pattern] of compiled.captures) {
    const value = pattern.capture(firstUserText);
    if (value === undefined) return undefined;
    values[name] = value;
  }
  return values;
}

function list(value: string | readonly string[] | undefined): readonly string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

function missing(haystack: string, needles: string | readonly string[] | undefined): string | undefined {
  return list(needles).find((needle) => !haystack.includes(needle));
}

/** Why a conversation's `when` refuses the request, or undefined when it matches. */
export function conversationRefusal(
  when: ConversationWhen | undefined,
  state: ConversationState,
): string | undefined {
  if (when === undefined) return undefined;
  const absent = missing(state.firstUserText, when.first_user_contains);
  if (absent !== undefined) return `first user text lacks ${JSON.stringify(absent)}`;
  const present = list(when.first_user_not_contains).find((needle) => state.firstUserText.includes(needle));
  if (present !== undefined) return `first user text contains ${JSON.stringify(present)}`;
  const noSystem = missing(state.system, when.system_contains);
  if (noSystem !== undefined) return `system text lacks ${JSON.stringify(noSystem)}`;
  if (when.has_tools !== undefined && when.has_tools !== state.tools.length > 0) {
    return when.has_tools ? 'the request offers no tools' : 'the request offers tools';
  }
  return undefined;
}

/** Why a turn's `when` refuses the conversation state, or undefined when it matches. */
export function turnRefusal(when: TurnWhen | undefined, state: ConversationState): string | undefined {
  if (when === undefined) return undefined;
  if (when.step !== undefined && when.step !== state.step) return `wants step ${when.step}`;
  const absent = missing(state.lastUserText, when.last_user_contains);
  if (absent !== undefined) return `last user text lacks ${JSON.stringify(absent)}`;
  if (
    when.tool_result_from !== undefined &&
    !state.lastToolResults.some((r) => r.toolName === when.tool_result_from)
  ) {
    return `wants a tool result from ${when.tool_result_from}`;
  }
  const needles = list(when.tool_result_contains);
  const unmatched = needles.find((needle) => !state.lastToolResults.some((r) => r.text.includes(needle)));
  if (unmatched !== undefined) return `no tool result contains ${JSON.stringify(unmatched)}`;
  return undefined;
}
