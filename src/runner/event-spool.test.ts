import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_BYTES, createEventSpool } from './event-spool.js';

const dir = mkdtempSync(join(tmpdir(), 'obra-spool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('event spool', () => {
  it('gives back every event in order, on every pass, across write blocks and read chunks', () => {
    const spool = createEventSpool<{ type: string; i: number; text: string }>(join(dir, 'a.jsonl'));
    // Multi-byte characters and lines long enough to straddle the 256 KiB block and chunk edges.
    const events = Array.from({ length: 3000 }, (_, i) => ({
      type: 'line',
      i,
      text: `é✓${'x'.repeat(i % 400)}🚀`,
    }));
    for (const event of events.slice(0, 1000)) spool.push(event);
    expect([...spool.events()]).toEqual(events.slice(0, 1000));
    for (const event of events.slice(1000)) spool.push(event);
    expect([...spool.events()]).toEqual(events);
    expect([...spool.events()].length).toBe(3000);
    spool.dispose();
  });

  it('keeps strings whole (events.jsonl cuts long ones; checks need them as they were)', () => {
    const spool = createEventSpool<{ type: string; prompt: string }>(join(dir, 'b.jsonl'));
    spool.push({ type: 'prompt', prompt: 'p'.repeat(100_000) });
    expect([...spool.events()][0]!.prompt.length).toBe(100_000);
    spool.dispose();
  });

  it('picks the events of one type with their index among all events, parsing only candidate lines', () => {
    type Event = { type: 'a'; n: number } | { type: 'b'; note: { type: string } } | { type: 'ab'; n: number };
    const spool = createEventSpool<Event>(join(dir, 'd.jsonl'));
    const events: Event[] = [
      { type: 'a', n: 0 },
      // Mentions "type":"a" inside, but is not an a event.
      { type: 'b', note: { type: 'a' } },
      { type: 'ab', n: 2 },
      { type: 'a', n: 3 },
    ];
    for (const event of events) spool.push(event);
    const all = [...spool.events()].flatMap((event, index) => (event.type === 'a' ? [{ event, index }] : []));
    expect(spool.events().ofType('a')).toEqual(all);
    expect(
      spool
        .events()
        .ofType('a')
        .map((found) => found.index),
    ).toEqual([0, 3]);
    expect(spool.events().ofType('b')).toEqual([{ event: events[1], index: 1 }]);
    spool.dispose();
  });

  it('picks several types in order, across sparse, dense and overlong lines, as a filtered pass would', () => {
    type Event = { type: 'small' | 'big' | 'rare'; i: number; text: string };
    const spool = createEventSpool<Event>(join(dir, 'e.jsonl'));
    const events: Event[] = [];
    for (let i = 0; i < 4000; i++) {
      // 'big' lines of 40 KiB put gaps wider than a merged read between the others; one is 600 KiB,
      // longer than a read buffer; 'rare' comes every 997 events; the rest are short, with multi-byte text.
      const type = i % 997 === 0 ? 'rare' : i % 50 === 7 ? 'big' : 'small';
      const size = type === 'big' ? (i === 1007 ? 600 * 1024 : 40 * 1024) : i % 300;
      events.push({ type, i, text: `é${'x'.repeat(size)}🚀` });
    }
    const filtered = (types: readonly string[]) =>
      events.flatMap((event, index) => (types.includes(event.type) ? [{ event, index }] : []));
    for (const event of events.slice(0, 2500)) spool.push(event);
    const view = spool.events();
    // Pushed after events() was called: still picked (the spool flushes before it reads).
    for (const event of events.slice(2500)) spool.push(event);
    expect(view.ofType('rare')).toEqual(filtered(['rare']));
    expect(view.ofType('big')).toEqual(filtered(['big']));
    expect(view.ofTypes(['small', 'rare'])).toEqual(filtered(['small', 'rare']));
    expect(view.ofTypes(['rare', 'big', 'small'])).toEqual(filtered(['small', 'big', 'rare']));
    expect(view.ofTypes([])).toEqual([]);
    spool.dispose();
  });

  it('parses a type once in a spool that fits its cache, and sees events pushed after a pick', () => {
    type Event = { type: 'small'; i: number; text: string } | { type: 'other'; i: number; text: string };
    const spool = createEventSpool<Event>(join(dir, 'f.jsonl'));
    const events: Event[] = Array.from({ length: 16 }, (_, i) =>
      i % 2 === 0 ? { type: 'small', i, text: `s${i}` } : { type: 'other', i, text: `o${i}` },
    );
    for (const event of events) spool.push(event);
    const view = spool.events();
    const first = view.ofType('small');
    const again = view.ofType('small');
    expect(again).toEqual(first);
    expect(again[0]!.event).toBe(first[0]!.event); // the same parsed object: not read again
    expect(again).not.toBe(first); // but a new list: a caller sorting its list changes no one else's
    expect(view.ofTypes(['other', 'small']).map((found) => found.index)).toEqual(events.map((_, i) => i));
    // A push makes every cached list stale: the next pick has the new event.
    spool.push({ type: 'small', i: 16, text: 'late' });
    expect(view.ofType('small').map((found) => found.event.text)).toEqual([
      ...first.map((found) => found.event.text),
      'late',
    ]);
    spool.dispose();
  });

  it('reads a spool larger than its cache again at every pick (memory stays bounded), rightly', () => {
    type Event = { type: 'small'; i: number } | { type: 'huge'; i: number; text: string };
    const spool = createEventSpool<Event>(join(dir, 'g.jsonl'));
    const hugeText = 'h'.repeat(Math.ceil(CACHE_BYTES / 4));
    const events: Event[] = Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0 ? { type: 'small', i } : { type: 'huge', i, text: hugeText },
    );
    for (const event of events) spool.push(event);
    const view = spool.events();
    const first = view.ofType('small');
    expect(first.map((found) => found.event.i)).toEqual([0, 2, 4, 6, 8]);
    expect(view.ofType('small')[0]!.event).not.toBe(first[0]!.event);
    expect(view.ofType('huge').map((found) => found.index)).toEqual([1, 3, 5, 7, 9]);
    expect(view.ofTypes(['huge', 'small']).map((found) => found.index)).toEqual(events.map((_, i) => i));
    spool.dispose();
  });

  it('streams the picks of ofTypes (eachOfTypes), in a large spool and in a cached one, each time anew', () => {
    type Event = { type: 'a' | 'b' | 'c'; i: number; text: string };
    for (const large of [true, false]) {
      const spool = createEventSpool<Event>(join(dir, `h-${large}.jsonl`));
      // 100 lines of CACHE_BYTES / 50: twice the cache.
      const text = large ? 'x'.repeat(Math.ceil(CACHE_BYTES / 50)) : 'é🚀';
      const types = ['a', 'b', 'c'] as const;
      const events: Event[] = Array.from({ length: 300 }, (_, i) => ({
        type: types[(i * 7) % 3]!,
        i,
        text: i % 3 === 0 ? text : `${i}`,
      }));
      for (const event of events.slice(0, 200)) spool.push(event);
      const view = spool.events();
      const stream = view.eachOfTypes(['c', 'a']);
      // Pushed after the iterable was made, before it is read: the loop sees them.
      for (const event of events.slice(200)) spool.push(event);
      expect([...stream]).toEqual(view.ofTypes(['a', 'c']));
      expect([...stream].map((found) => found.index)).toEqual(
        events.flatMap((event, index) => (event.type === 'b' ? [] : [index])),
      );
      expect([...view.eachOfTypes(['b', 'b'])]).toEqual(view.ofType('b'));
      expect([...view.eachOfTypes([])]).toEqual([]);
      spool.dispose();
    }
  });

  it('removes its file when disposed and refuses to be read afterwards', () => {
    const path = join(dir, 'c.jsonl');
    const spool = createEventSpool<{ type: string }>(path);
    spool.push({ type: 'one' });
    expect(existsSync(path)).toBe(true);
    // A view and a stream taken before: they refuse too (their file descriptor is closed, or reused).
    const view = spool.events();
    const stream = view.eachOfTypes(['one']);
    spool.dispose();
    spool.dispose();
    expect(existsSync(path)).toBe(false);
    expect(() => spool.events()).toThrow(/disposed/);
    expect(() => [...stream]).toThrow(/disposed/);
    expect(() => view.ofType('one')).toThrow(/disposed/);
    expect(() => [...view]).toThrow(/disposed/);
  });
});
