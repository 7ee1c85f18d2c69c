import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleRuns } from './sample-runs.js';

/** fixtures/event-logs of this repository. */
export const EVENT_LOGS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/event-logs');

/** The JSONL text of a log, as the event writer writes it: one event per line. */
export const jsonl = (events: readonly unknown[]): string =>
  events.map((e) => `${JSON.stringify(e)}\n`).join('');

/** Writes every sample run as fixtures/event-logs/<name>/events.jsonl. */
export function writeSampleRuns(dir = EVENT_LOGS_DIR): string[] {
  return Object.entries(sampleRuns()).map(([name, events]) => {
    const path = join(dir, name, 'events.jsonl');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, jsonl(events));
    return path;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const path of writeSampleRuns()) process.stdout.write(`wrote ${path}\n`);
}
