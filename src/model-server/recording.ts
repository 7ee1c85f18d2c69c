import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { stringify } from 'yaml';
import { parseCassette } from './cassette/parse.js';
import type { Cassette, Conversation, Reply, Turn } from './cassette/schema.js';
import { templatize } from './cassette/template.js';
import type { ConversationState } from './conversation-state.js';
import { defaultUsage, type FullUsage } from './reply.js';

export interface RecordedExchange {
  state: ConversationState;
  status: number;
  retryAfter: string | null;
  /** The upstream's error message, for a non-2xx status. */
  errorMessage?: string;
  /** The upstream's reply read back; undefined when the status was not 2xx or the body could not be read. */
  reply: Reply | undefined;
}

/** The cassette being recorded: one conversation per first user text, one turn per step. */
export interface Recording {
  /** Adds one exchange; returns the usage to log. */
  add(exchange: RecordedExchange): FullUsage | undefined;
  /** Builds the cassette (pure). */
  cassette(): Cassette;
  /** Validates and writes the cassette to `out` (atomically); returns the path. */
  write(): Promise<string>;
}

interface Draft {
  name: string;
  key: string;
  /** step → turns in arrival order. */
  steps: Map<number, Turn[]>;
}

export function createRecording(options: { out: string; name?: string; upstream: string }): Recording {
  const drafts = new Map<string, Draft>();
  const name = options.name ?? basename(options.out, extname(options.out));

  function cassette(): Cassette {
    const conversations: Conversation[] = [...drafts.values()].map((draft) => ({
      name: draft.name,
      when: { first_user_contains: draft.key },
      turns: [...draft.steps.entries()].sort(([a], [b]) => a - b).flatMap(([, turns]) => turns),
    }));
    return { version: 1, name, conversations };
  }

  return {
    add({ state, status, retryAfter, reply, errorMessage }) {
      const key = conversationKey(state);
      let draft = drafts.get(key);
      if (draft === undefined) {
        draft = { name: `conversation-${drafts.size + 1}`, key, steps: new Map() };
        drafts.set(key, draft);
      }
      const turns = draft.steps.get(state.step) ?? [];
      draft.steps.set(state.step, turns);
      if (turns.some((t) => t.reply !== undefined)) return undefined; // first answer per step wins
      const when = { step: state.step };
      if (status < 200 || status > 299) {
        const seconds = retryAfter === null ? undefined : Number(retryAfter);
        const message = errorMessage === undefined ? {} : { message: templatize(errorMessage, state.cwd) };
        turns.push({
          when,
          times: 1,
          fault:
            status === 429
              ? {
                  kind: 'rate_limit',
                  ...message,
                  ...(seconds !== undefined && Number.isFinite(seconds) ? { retry_after_s: seconds } : {}),
                }
              : { kind: 'http_error', status: status >= 400 && status <= 599 ? status : 500, ...message },
        });
        return undefined;
      }
      if (reply === undefined) {
        turns.push({ when, times: 1, fault: { kind: 'malformed' } });
        return undefined;
      }
      turns.push({ when, reply: templatize(reply, state.cwd) });
      return { ...defaultUsage, ...reply.usage };
    },
    cassette,
    async write() {
      const value = cassette();
      const text = `# Recorded by obra-validate model-server --record from ${redact(options.upstream)} on ${new Date().toISOString()}.\n# Replays the same conversations: one conversation per first user text, one turn per step.\n${stringify(
        value,
        { lineWidth: 0 },
      )}`;
      parseCassette(text, options.out); // a harness bug if what we recorded does not load back
      await mkdir(dirname(options.out), { recursive: true });
      const temp = `${options.out}.${process.pid}.tmp`;
      await writeFile(temp, text);
      await rename(temp, options.out);
      return options.out;
    },
  };
}

/**
 * What identifies a recorded conversation: the last non-empty line of the first user text that does not
 * contain the working directory (Claude Code puts system reminders before the prompt), at most 200 chars.
 */
export function conversationKey(state: ConversationState): string {
  const lines = state.firstUserText
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !(state.cwd && l.includes(state.cwd)));
  const last = lines.at(-1) ?? '';
  return last.length > 200 ? last.slice(0, 200) : last;
}

function redact(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.search = '';
  return u.toString();
}
