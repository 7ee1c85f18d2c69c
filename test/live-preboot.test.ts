import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/run-cli.js';

// The built library's module (its live-worker.js is beside it, as in the CLI bundle).
type Preboot = {
  prebootLiveWorker(): void;
  takePrebootedLiveWorker(): { worker: Worker; terminal: { slots: Int32Array } } | undefined;
};
const load = async () =>
  (await import(pathToFileURL(join(repoRoot, 'dist', 'ui', 'live', 'preboot.js')).href)) as Preboot;

describe('the live view thread started before its view (src/ui/live/preboot.ts)', () => {
  it('is handed out once, started once however often it is asked for, and keeps no process alive', async () => {
    const preboot = await load();
    expect(preboot.takePrebootedLiveWorker()).toBeUndefined();
    preboot.prebootLiveWorker();
    preboot.prebootLiveWorker();
    const taken = preboot.takePrebootedLiveWorker();
    expect(taken?.worker.threadId).toBeGreaterThan(0);
    expect(taken?.terminal.slots).toBeInstanceOf(Int32Array);
    expect(preboot.takePrebootedLiveWorker()).toBeUndefined();
    // Waiting for its settings, it draws nothing and ends when stopped.
    const exited = new Promise<number>((resolve) => taken!.worker.once('exit', resolve));
    await taken!.worker.terminate();
    expect(typeof (await exited)).toBe('number');
  });
});
