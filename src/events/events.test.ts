import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAllEvents, readEventsFor } from './read.js';
import { createEventWriter, MAX_EVENT_STRING } from './write.js';

const dir = mkdtempSync(join(tmpdir(), 'obra-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('event log', () => {
  it('writes versioned, sequenced lines and reads them back', async () => {
    const path = join(dir, 'a.jsonl');
    const writer = createEventWriter(path);
    writer.write({ type: 'run_end', durationMs: 5, interrupted: false });
    writer.write({
      type: 'finding',
      finding: { kind: 'k', severity: 'minor', message: 'x'.repeat(MAX_EVENT_STRING * 2), evidence: [] },
    });
    writer.close();
    const events = await readAllEvents(path);
    expect(events.map((e) => [e.v, e.seq, e.type])).toEqual([
      [1, 1, 'run_end'],
      [1, 2, 'finding'],
    ]);
    const finding = events[1]!;
    expect(finding.type === 'finding' && finding.finding.message).toContain(
      'characters cut by obra-validate',
    );
    expect(() => writer.write({ type: 'run_end', durationMs: 1, interrupted: false })).toThrow(/closed/);
  });

  it('tolerates a torn last line (a killed run) and refuses a newer version with file:line', async () => {
    const path = join(dir, 'b.jsonl');
    const writer = createEventWriter(path);
    writer.write({ type: 'run_end', durationMs: 1, interrupted: true });
    writer.close();
    appendFileSync(path, '{"v":1,"seq":2,"ty');
    expect(await readAllEvents(path)).toHaveLength(1);
    appendFileSync(path, '\n{"v":99,"seq":3,"type":"run_end"}\n');
    await expect(readAllEvents(path)).rejects.toThrow(
      /b\.jsonl:3 was written by a newer obra-validate \(event log version 99/,
    );
  });

  it('skips the lines of a skipped type unparsed, and parses any line laid out otherwise', async () => {
    const path = join(dir, 'c.jsonl');
    const writer = createEventWriter(path);
    writer.write({ type: 'run_end', durationMs: 1, interrupted: false });
    writer.close();
    // A core line as the writer lays it out but not JSON: skipped, so it cannot fail the read. A core
    // line laid out otherwise is parsed, then left out by `keep`.
    appendFileSync(path, '{"v":1,"seq":2,"time":3,"type":"core", not json\n');
    appendFileSync(path, '{"type":"core","v":1,"seq":3,"time":4}\n');
    appendFileSync(path, '{"v":1,"seq":4,"time":5,"type":"core_like","x":1}\n');
    const kept = await readEventsFor(path, (e) => e.type !== 'core', { skipType: 'core' });
    expect(kept.map((e) => [e.seq, e.type])).toEqual([
      [1, 'run_end'],
      [4, 'core_like'],
    ]);
    expect(await readEventsFor(path, () => true, { skipType: 'core' })).toHaveLength(3);
  });

  it('keeps the events it is told to, as written: the same as reading the file back', async () => {
    const path = join(dir, 'd.jsonl');
    const secret = 'sk-test-0123456789';
    const writer = createEventWriter(path, {
      redact: (text) => text.replaceAll(secret, '[REDACTED KEY]'),
      keep: (body) => body.type !== 'core',
    });
    writer.write({
      type: 'finding',
      finding: {
        kind: 'k',
        severity: 'minor',
        message: `${secret} ${'x'.repeat(MAX_EVENT_STRING)}`,
        evidence: [],
      },
    });
    writer.write({
      type: 'core',
      attemptId: 'a#1',
      event: { type: 'task_start', taskId: 1, title: 't', taskType: 'task', time: 1 },
    });
    writer.write({ type: 'run_end', durationMs: 1, interrupted: false });
    writer.close();
    const kept = writer.kept();
    expect(kept.map((e) => [e.seq, e.type])).toEqual([
      [1, 'finding'],
      [3, 'run_end'],
    ]);
    expect(kept).toEqual(await readEventsFor(path, (e) => e.type !== 'core'));
    const text = JSON.stringify(kept[0]);
    expect(text).not.toContain(secret);
    expect(text).toContain('characters cut by obra-validate');
    expect(createEventWriter(join(dir, 'e.jsonl')).kept()).toEqual([]);
  });

  it('a missing log names the path', async () => {
    await expect(readAllEvents(join(dir, 'nope.jsonl'))).rejects.toThrow(/no event log at .*nope\.jsonl/);
  });
});
