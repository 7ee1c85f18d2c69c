import { didYouMean } from '../../shared/index.js';
import type { ToolSnapshot } from '../tool-snapshot.js';
import { type SchemaMismatch, schemaMismatches } from './json-schema-subset.js';
import type { RuleProblem } from './rules.js';
import type { Cassette, Conversation } from './schema.js';

/**
 * Every replayed tool call that the agent CLI of `snapshot` would refuse before running it: a tool it
 * does not offer, a deferred tool called before a ToolSearch loads it, an input key its schema does not
 * have, a required key missing, a value of the wrong type or out of bounds. Pure.
 */
export function checkToolInputs(cassette: Cassette, snapshot: ToolSnapshot): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const [c, conversation] of cassette.conversations.entries()) {
    problems.push(...checkConversation(conversation, ['conversations', c], snapshot));
  }
  return problems;
}

function checkConversation(
  conversation: Conversation,
  at: PropertyKey[],
  snapshot: ToolSnapshot,
): RuleProblem[] {
  const cli = `Claude Code ${snapshot.version}`;
  const offered = new Map(snapshot.tools.map((tool) => [tool.name, tool.input_schema]));
  const loaded = new Set<string>();
  const problems: RuleProblem[] = [];
  for (const [t, turn] of conversation.turns.entries()) {
    const from = turn.when?.tool_result_from;
    if (from !== undefined && !offered.has(from) && !snapshot.deferred.includes(from)) {
      problems.push(unmatchableResult(from, [...at, 'turns', t, 'when', 'tool_result_from'], snapshot, cli));
    }
    for (const [k, call] of (turn.reply?.tool_calls ?? []).entries()) {
      const path = [...at, 'turns', t, 'reply', 'tool_calls', k];
      const input = call.input ?? {};
      if (call.name === 'ToolSearch') {
        for (const name of namesLoadedBy(input, snapshot.deferred)) loaded.add(name);
      }
      const schema = offered.get(call.name);
      if (schema === undefined) {
        if (loaded.has(call.name)) continue; // a deferred tool a ToolSearch loaded: its schema is not known here
        problems.push(unknownTool(call.name, [...path, 'name'], snapshot, cli));
        continue;
      }
      problems.push(...schemaMismatches(input, schema).map((m) => toProblem(m, call.name, path, cli)));
    }
  }
  return problems;
}

function toProblem(mismatch: SchemaMismatch, tool: string, call: PropertyKey[], cli: string): RuleProblem {
  const path = [...call, 'input', ...mismatch.path];
  if (mismatch.kind === 'unexpected') {
    const allowed = mismatch.allowed ?? [];
    const hint = didYouMean(String(mismatch.key), allowed).trim();
    const takes = allowed.length > 0 ? `it takes ${allowed.join(', ')}` : 'it takes no keys here';
    return {
      path,
      message: `is not a parameter of the ${tool} tool of ${cli} (${takes}), so the CLI refuses the call${blockHint(String(mismatch.key))}`,
      ...(hint ? { hint } : {}),
    };
  }
  if (mismatch.kind === 'missing') {
    return { path, message: `lacks "${mismatch.key}", which the ${tool} tool of ${cli} requires; add it` };
  }
  return { path, message: `${mismatch.message} (the ${tool} tool of ${cli})`, got: mismatch.got };
}

/** A `tool_result_from` no tool of the CLI can satisfy: the turn never matches. */
function unmatchableResult(
  name: string,
  path: PropertyKey[],
  snapshot: ToolSnapshot,
  cli: string,
): RuleProblem {
  const names = snapshot.tools.map((tool) => tool.name);
  const hint = didYouMean(name, [...names, ...snapshot.deferred]).trim();
  return {
    path,
    message: `names no tool of ${cli} (it offers ${names.join(', ')}), so no tool result comes from it and this turn never matches`,
    got: name,
    ...(hint ? { hint } : {}),
  };
}

function unknownTool(name: string, path: PropertyKey[], snapshot: ToolSnapshot, cli: string): RuleProblem {
  if (snapshot.deferred.includes(name)) {
    return {
      path,
      message: `is a deferred tool of ${cli}: it refuses a direct call until a ToolSearch call loads it; call ToolSearch with query "select:${name}" in an earlier turn`,
      got: name,
    };
  }
  const names = snapshot.tools.map((tool) => tool.name);
  const hint = didYouMean(name, [...names, ...snapshot.deferred]).trim();
  return {
    path,
    message: `is not a tool of ${cli} (it offers ${names.join(', ')}); the CLI answers "No such tool available"`,
    got: name,
    ...(hint ? { hint } : {}),
  };
}

/**
 * The tools a ToolSearch call may load: a `select:A,B` query names them; what a keyword query loads
 * depends on the CLI's search, so after one every deferred tool is taken as loaded (not refused).
 */
function namesLoadedBy(input: Record<string, unknown>, deferred: readonly string[]): string[] {
  const query = typeof input.query === 'string' ? input.query : '';
  if (!query.includes('select:')) return [...deferred];
  const selected = /select:([\w,\s-]+)/.exec(query)?.[1] ?? '';
  return selected
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** A key no tool would have (spaces, brackets, quotes) is most often code that left its block scalar. */
function blockHint(key: string): string {
  if (!/[\s()"'=:[\]]/.test(key)) return '';
  return ". It reads like code: a line of a `|` block indented less than the block's first line ends the block, and what follows becomes keys; indent that line like the others";
}
