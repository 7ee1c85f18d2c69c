import { didYouMean } from '../../shared/index.js';
import { compileCapture } from './capture-pattern.js';
import type { Cassette, Conversation, Turn } from './schema.js';
import { placeholdersIn, stringsIn } from './template.js';

/** A problem found by a rule: a path into the document, the message, and the value there. */
export interface RuleProblem {
  path: PropertyKey[];
  message: string;
  got?: unknown;
  /** `Did you mean "x"?`, shown last (after the value). */
  hint?: string;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Rules the schema cannot express, run on a schema-valid cassette. Returns every problem found. */
export function checkCassetteRules(cassette: Cassette): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const seen = new Map<string, number>();
  for (const [c, conversation] of cassette.conversations.entries()) {
    const path = ['conversations', c];
    const first = seen.get(conversation.name);
    if (first !== undefined) {
      problems.push({
        path: [...path, 'name'],
        message: `duplicates the name of conversations[${first}]; give each conversation its own name`,
        got: conversation.name,
      });
    } else seen.set(conversation.name, c);
    problems.push(...checkCaptures(conversation, path));
    const names = ['cwd', ...Object.keys(conversation.capture ?? {})];
    for (const [t, turn] of conversation.turns.entries()) {
      problems.push(...checkTurn(turn, [...path, 'turns', t], names));
    }
  }
  return problems;
}

function checkCaptures(conversation: Conversation, path: PropertyKey[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const [name, pattern] of Object.entries(conversation.capture ?? {})) {
    const at = [...path, 'capture', name];
    if (!identifier.test(name) || name === 'cwd') {
      problems.push({
        path: at,
        message: `capture name must be an identifier other than "cwd" (letters, digits, _), used as {{${name}}}`,
        got: name,
      });
    }
    const compiled = compileCapture(pattern);
    if (!compiled.ok) problems.push({ path: at, message: compiled.problem, got: pattern });
  }
  return problems;
}

function checkTurn(turn: Turn, path: PropertyKey[], names: readonly string[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const kind = turn.fault?.kind;
  if (turn.reply === undefined && turn.fault === undefined) {
    problems.push({ path, message: 'needs a reply or a fault (or both, for a delay or truncated fault)' });
  }
  if (turn.reply !== undefined && kind !== undefined && kind !== 'delay' && kind !== 'truncated') {
    problems.push({
      path: [...path, 'reply'],
      message: `cannot be combined with fault kind "${kind}" (only delay and truncated faults play a reply); remove one`,
    });
  }
  if (kind === 'delay' && turn.reply === undefined) {
    problems.push({
      path: [...path, 'fault'],
      message: 'kind "delay" needs a reply to send after the delay',
    });
  }
  const reply = turn.reply;
  if (reply !== undefined) {
    const hasCalls = (reply.tool_calls?.length ?? 0) > 0;
    if (reply.text === undefined && !hasCalls) {
      problems.push({ path: [...path, 'reply'], message: 'needs text or tool_calls', got: reply });
    }
    if (reply.stop_reason === 'tool_use' && !hasCalls) {
      problems.push({
        path: [...path, 'reply', 'stop_reason'],
        message: 'is tool_use but the reply has no tool_calls; add tool_calls or use end_turn',
        got: reply.stop_reason,
      });
    }
    for (const [text, at] of stringsIn(reply, [...path, 'reply'])) {
      for (const name of placeholdersIn(text)) {
        if (!names.includes(name)) {
          const hint = didYouMean(name, names).trim();
          problems.push({
            path: at,
            message: `uses {{${name}}}, which is neither {{cwd}} nor a capture of this conversation (${names.join(', ')})`,
            got: text,
            ...(hint ? { hint } : {}),
          });
        }
      }
    }
  }
  return problems;
}
