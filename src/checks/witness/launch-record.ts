import { readFileSync } from 'node:fs';
import type { WitnessedChange } from './workspace-walk.js';

/**
 * One process an attempt's orchestrator started (or one call of an in-process agent), as the harness
 * saw it from outside the core: a line of `attempts/<scenario>-<n>/launches.jsonl`, written by the
 * launch witness (launch-witness.ts). The core's records are compared with these.
 */
export interface LaunchRecord {
  seq: number;
  /** agent: an agent call; evidence-check: a command the orchestrator ran to look for evidence. */
  role: 'agent' | 'evidence-check';
  /** As the process was started (after a sandbox wrapper), with the run's secrets redacted. */
  argv: string[];
  cwd: string;
  /** Epoch milliseconds: when the launch was asked, and when the process had ended with its output read. */
  start: number;
  end: number;
  exitCode: number | null;
  signal: string | null;
  /** Set when the process could not be started. */
  spawnError?: string;
  /** What it printed on stdout and stderr (redacted; bounded, see the byte counts). */
  stdout: string;
  stdoutBytes: number;
  stderr?: string;
  stderrBytes?: number;
  /**
   * The workspace files that changed between the end of the previous launch (or the attempt's start) and
   * the end of this one, as the harness's own walk saw them. Absent once the witness stopped (`walk`).
   */
  changes?: WitnessedChange[];
  /** Why the workspace was not walked at this launch's end (too many files). */
  walk?: string;
  /**
   * An agent that runs inside the harness's process (oracle, null): what it was asked and what it
   * returned, recorded at the agent's boundary since no process exists to watch.
   */
  inProcess?: {
    request: { prompt: string; sessionId: string; resume: boolean; maxTurns: number };
    result?: {
      text: string;
      sessionId: string | null;
      usage: { input: number; output: number; cacheCreation: number; cacheRead: number; costUsd: number };
      numTurns: number;
      isError: boolean;
    };
    error?: string;
  };
}

/** The launches of an attempt, in order; a missing file is no launch (nothing was started). */
export function readLaunches(file: string): LaunchRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: LaunchRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    records.push(JSON.parse(line) as LaunchRecord);
  }
  return records;
}
