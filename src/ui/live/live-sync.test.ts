import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../events/index.js';
import { sampleEvents, stressRunEvents } from '../test-helpers/runs.js';
import { applyEvent, emptyLiveState, type LiveState } from './live-store.js';
import { applyUpdate, newSyncCursor, takeUpdate } from './live-sync.js';

/**
 * Folds the events on one side, in batches of `batch`, and after each batch carries an update (cloned,
 * as postMessage does) to a copy; returns both states and the updates' sizes.
 */
function sync(events: readonly RunEvent[], batch: number) {
  const folded = emptyLiveState();
  const copy = emptyLiveState();
  const cursor = newSyncCursor();
  const finishedSent: number[] = [];
  const states: [LiveState, LiveState][] = [];
  for (let i = 0; i < events.length; i += batch) {
    for (const event of events.slice(i, i + batch)) applyEvent(folded, event);
    const update = structuredClone(takeUpdate(folded, cursor));
    finishedSent.push(update.finished.length);
    applyUpdate(copy, update);
    states.push([structuredClone(folded), structuredClone(copy)]);
  }
  return { folded, copy, finishedSent, states };
}

describe('live sync: the worker copy of the live state', () => {
  it('equals the folded state after every update (the recorded sample run, one event per update)', async () => {
    const { states } = sync(await sampleEvents(), 1);
    expect(states.length).toBeGreaterThan(20);
    for (const [folded, copy] of states) expect(copy).toEqual(folded);
  });

  it('equals it for a 1,000-task run sent in uneven batches, each finished attempt sent once', () => {
    const events = stressRunEvents(1000, 4);
    const { folded, copy, finishedSent } = sync(events, 37);
    expect(copy).toEqual(folded);
    expect(folded.tasksDone).toBe(1000);
    expect(finishedSent.reduce((a, b) => a + b, 0)).toBe(folded.finished.length);
  });

  it('sends the planned scenarios once, and no finished attempt twice', async () => {
    const events = await sampleEvents();
    const state = emptyLiveState();
    const cursor = newSyncCursor();
    for (const event of events) applyEvent(state, event);
    const first = takeUpdate(state, cursor);
    expect(first.scenarios).toBe(state.scenarios);
    expect(first.finished).toHaveLength(state.finished.length);
    const second = takeUpdate(state, cursor);
    expect(second.scenarios).toBeUndefined();
    expect(second.finished).toEqual([]);
    expect(second.state).toEqual(first.state);
  });
});
