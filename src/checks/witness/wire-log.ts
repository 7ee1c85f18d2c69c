import { readFileSync } from 'node:fs';

/**
 * One request the embedded model server answered, from its own log (`model-server.jsonl`): what really
 * went over the wire. Written by the model server, never by the orchestrator.
 */
export interface WireRequest {
  seq: number;
  /** Epoch milliseconds the request arrived. */
  time: number;
  path: string;
  protocol: 'anthropic' | 'openai' | 'ollama' | undefined;
  /** Claude Code's x-claude-code-session-id header. */
  sessionId: string | undefined;
  step: number | undefined;
  model: string | undefined;
  status: number;
  outcome: { kind: string; conversation?: string; turn?: number; fault?: string };
  usage?: {
    input_tokens: number;
    output_tokens: number;
    cache_creation_input_tokens: number;
    cache_read_input_tokens: number;
  };
  /** The text the client asked when the request opened a call (its last message: a user text). */
  asked?: string;
  /** How many tools the request offered: an agent offers some, the confidence scorer none. */
  tools?: number;
  /** What was answered in full. */
  served?: {
    text: string;
    toolCalls: { name: string; input: Record<string, unknown> }[];
    stopReason: string;
  };
}

/** The wire as logged; `cut` says the log reached its bound and later requests are missing. */
export interface WireLog {
  requests: WireRequest[];
  cut: boolean;
}

/** Reads the model server's request log; a missing file is an empty wire (no server ran). */
export function readWireLog(file: string | undefined): WireLog {
  if (file === undefined) return { requests: [], cut: false };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { requests: [], cut: false };
    throw error;
  }
  const requests: WireRequest[] = [];
  let cut = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as Record<string, unknown> & { time?: string };
    if ('dropped_entries' in entry) {
      cut = true;
      continue;
    }
    requests.push({ ...(entry as unknown as WireRequest), time: Date.parse(String(entry.time)) });
  }
  return { requests, cut };
}

/** Requests to a model route (not /api/tags or HEAD probes). */
export const isModelRequest = (request: WireRequest): boolean => request.protocol !== undefined;
