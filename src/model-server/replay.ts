import type { ConversationState } from './conversation-state.js';
import { faultPlan, type ResponsePlan } from './faults.js';
import { type CompiledConversation, matchRequest } from './match.js';
import type { ProtocolAdapter, RenderContext } from './protocols/registry.js';
import { type FullUsage, type ResolvedReply, resolveReply, sideCallReply } from './reply.js';
import { protocolOf } from './request.js';
import type { RequestOutcome } from './request-log.js';
import { taskExcerpt } from './task-excerpt.js';

/** What to answer to a model request in replay mode, and how to log it. */
export interface ReplayDecision {
  plan: ResponsePlan;
  /** Wait this long before answering (delay fault). */
  delayMs: number;
  outcome: RequestOutcome;
  usage?: FullUsage;
  /** The turn to count against its `times`, when one was played. */
  playedKey?: string;
  /** Set for a miss: why nothing matched (also in the error body). */
  missReason?: string;
  /** The reply as served (templates filled), when one was sent in full. */
  served?: ResolvedReply;
}

/** Decides the answer to one request from the cassettes and the `times` counters. Pure. */
export function decideReply(
  conversations: readonly CompiledConversation[],
  state: ConversationState,
  adapter: ProtocolAdapter,
  context: RenderContext,
  used: (key: string) => number,
): ReplayDecision {
  const match = matchRequest(conversations, state, used);
  if (match.kind === 'no-conversation' && state.tools.length === 0) {
    const reply = sideCallReply();
    return {
      plan: { kind: 'respond', response: adapter.renderReply(reply, context) },
      delayMs: 0,
      outcome: { kind: 'side-call' },
      usage: reply.usage,
      served: reply,
    };
  }
  if (match.kind !== 'turn') {
    const where =
      match.kind === 'no-turn'
        ? `conversation "${match.conversation.conversation.name}" (${match.conversation.cassette.file ?? match.conversation.cassette.name}) matched but none of its turns: ${match.why.join('; ')}`
        : match.why.length === 0
          ? 'no conversations loaded'
          : `no conversation matches: ${match.why.join('; ')}`;
    return miss(
      `${describeState(state)}. ${where}. Fix: add a turn for this state to the cassette (docs/CASSETTES.md)`,
      adapter,
      context,
    );
  }
  const { conversation, turn, turnIndex, captures, key } = match;
  const outcome: RequestOutcome = {
    kind: 'turn',
    cassette: conversation.cassette.file ?? conversation.cassette.name,
    conversation: conversation.conversation.name,
    conversationIndex: conversation.index,
    turn: turnIndex,
    ...(turn.name ? { turnName: turn.name } : {}),
    ...(Object.keys(captures).length > 0 ? { captures } : {}),
    ...(turn.fault ? { fault: turn.fault.kind } : {}),
  };
  let rendered: ReturnType<ProtocolAdapter['renderReply']> | undefined;
  let usage: FullUsage | undefined;
  let served: ResolvedReply | undefined;
  if (turn.reply !== undefined) {
    const values: Record<string, string> = {
      ...captures,
      ...(state.cwd === undefined ? {} : { cwd: state.cwd }),
    };
    const resolved = resolveReply(turn.reply, values, {
      protocol: protocolOf(context.route),
      step: state.step,
    });
    if (!resolved.ok) {
      return miss(
        `${describeState(state)}. Conversation "${outcome.conversation}" turns[${turnIndex}] matched, but ${resolved.reason}`,
        adapter,
        context,
      );
    }
    rendered = adapter.renderReply(resolved.reply, context);
    usage = resolved.reply.usage;
    served = resolved.reply;
  }
  const plan: ResponsePlan = turn.fault
    ? faultPlan(turn.fault, adapter, context, rendered)
    : { kind: 'respond', response: rendered! };
  const delayMs = turn.fault?.kind === 'delay' ? turn.fault.ms : 0;
  const answered =
    plan.kind === 'respond' && plan.response.status === 200 && turn.fault?.kind !== 'malformed';
  return {
    plan,
    delayMs,
    outcome,
    playedKey: key,
    ...(answered && usage ? { usage } : {}),
    ...(answered && served && turn.fault?.kind !== 'truncated' ? { served } : {}),
  };
}

function miss(reason: string, adapter: ProtocolAdapter, context: RenderContext): ReplayDecision {
  const message = `obra-validate model server: no cassette turn matches this request: ${reason}`;
  return {
    plan: { kind: 'respond', response: adapter.renderError({ status: 400, kind: 'miss', message }, context) },
    delayMs: 0,
    outcome: { kind: 'miss', reason },
    missReason: reason,
  };
}

/**
 * "(step 2, first user text "Task: Build the calculator — Create calculator.py …", last user text "...",
 * tool results from Write, tools offered)": each user text quoted by the part that names the task.
 */
export function describeState(state: ConversationState): string {
  const parts = [`step ${state.step}`, `first user text ${quote(state.firstUserText)}`];
  if (state.lastUserText !== state.firstUserText) parts.push(`last user text ${quote(state.lastUserText)}`);
  if (state.lastToolResults.length > 0) {
    parts.push(
      `tool results from ${state.lastToolResults.map((r) => r.toolName ?? '(unknown tool)').join(', ')}`,
    );
  }
  parts.push(state.tools.length > 0 ? 'tools offered' : 'no tools offered');
  return `(${parts.join(', ')})`;
}

function quote(text: string): string {
  return JSON.stringify(taskExcerpt(text));
}
