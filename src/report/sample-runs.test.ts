import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleRuns } from './test-helpers/sample-runs.js';
import { EVENT_LOGS_DIR, jsonl } from './test-helpers/write-sample-runs.js';

describe('fixtures/event-logs', () => {
  it.each(Object.entries(sampleRuns()))('%s/events.jsonl is what the generator writes', (name, events) => {
    const onDisk = readFileSync(join(EVENT_LOGS_DIR, name, 'events.jsonl'), 'utf8');
    expect(onDisk, 'regenerate: npx tsx src/report/test-helpers/write-sample-runs.ts').toBe(jsonl(events));
  });
});
