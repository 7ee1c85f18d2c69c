import type { ReactElement } from 'react';
import type { RunEvent } from '../../events/index.js';
import { loadProductionReact } from '../production-react.js';
import type { ReadinessSummary } from '../summary/readiness-summary.js';
import type { MountedTree, mountInk } from './ink-mount.js';
import type { LiveViewProps } from './LiveView.js';
import { applyEvent, emptyLiveState, type LiveState } from './live-store.js';
import { applyUpdate, type LiveStateUpdate } from './live-sync.js';

/** React, Ink and the view's components. */
interface Renderer {
  element(props: LiveViewProps): ReactElement;
  mountInk: typeof mountInk;
}

/**
 * Loaded when a run begins, not when the reporter is made: Ink and its layout engine take about 45 MB of
 * memory, which a run with a text reporter does not need, and every agent process the harness forks
 * costs time in proportion to the harness's memory (docs/PERFORMANCE.md).
 */
async function loadRenderer(): Promise<Renderer> {
  loadProductionReact();
  // React's module object is `default` both from Node (a CommonJS module) and in the CLI bundle (which
  // bundles React as CommonJS and gives a dynamic import only its default export).
  const [{ default: React }, { LiveView }, ink] = await Promise.all([
    import('react'),
    import('./LiveView.js'),
    import('./ink-mount.js'),
  ]);
  return { element: (props) => React.createElement(LiveView, props), mountInk: ink.mountInk };
}

let rendererLoad: Promise<Renderer> | undefined;

/**
 * Starts loading React, Ink and the view's components for this thread (once: every view of the thread
 * shares them). The live view's worker calls it as it starts, before its view is made (live-worker.ts).
 */
export function preloadRenderer(): Promise<Renderer> {
  rendererLoad ??= loadRenderer();
  return rendererLoad;
}

export interface LiveViewOptions {
  /** Where the view is drawn (textStream(write) for any text sink). @default process.stdout */
  stdout?: NodeJS.WriteStream;
  /** Written through Ink while the view is up (on a terminal). @default process.stderr */
  stderr?: NodeJS.WriteStream;
  /** Most frames per second; events only update the state in between. @default 5 */
  fps?: number;
  /** Clock (epoch ms). @default Date.now */
  now?: () => number;
  /** Paths in the summary are shown relative to this directory. */
  cwd?: string;
  /** Mounts the tree (tests pass ink-testing-library's render). @default Ink's render on `stdout` */
  mount?: (tree: ReactElement) => MountedTree;
}

/**
 * The most frames per second a view draws (`fps`, at least 1; 5 by default). Each frame is a render of
 * the whole view (about 5-7 ms of CPU), and the run pays for that CPU on a small machine: at 12 a
 * second a 1,000-task run took 1.11-1.23x its time without the view, at 5 about 1.05x
 * (docs/PERFORMANCE.md, figure 8).
 */
export function frameRate(options: Pick<LiveViewOptions, 'fps'>): number {
  return Math.max(1, options.fps ?? 5);
}

/**
 * The frames of a live view, drawn in this thread from a state fed by events (onEvent) or by the
 * updates of the thread that folds them (onUpdate, the worker's view). Knows no report: its last frame
 * is a readiness summary made by the caller.
 */
export interface LiveFrames {
  /** Folds an event into the state: O(1), never renders by itself. */
  onEvent(event: RunEvent): void;
  /** Brings the state up to date from the thread that folds the events (live-sync.ts). */
  onUpdate(update: LiveStateUpdate): void;
  /** Draws the summary as the last frame, then unmounts. */
  finish(summary: ReadinessSummary): Promise<void>;
  /** Unmounts now (idempotent). Restores the terminal. */
  dispose(): void;
  /** Settles once React and Ink are loaded (loading starts at run_begin, or as the view's worker thread starts; frames wait for it). */
  ready(): Promise<void>;
  /** Frames drawn so far. */
  readonly renders: number;
  readonly state: LiveState;
}

/**
 * Events update a plain store; a timer draws at most `fps` frames per second, and only when something
 * changed (or once a second, for the clocks), so a run of thousands of tasks costs a few renders per
 * second, not one per event. The timer starts at run_begin (and never keeps the process alive); Ink is
 * loaded then, mounted at the first tick after it loaded, and unmounted by finish or dispose.
 */
export function createLiveFrames(options: LiveViewOptions = {}): LiveFrames {
  const fps = frameRate(options);
  const now = options.now ?? Date.now;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  let renderer: Renderer | undefined;
  let loading: Promise<Renderer> | undefined;
  const load = () => {
    loading ??= preloadRenderer().then((loaded) => {
      renderer = loaded;
      return loaded;
    });
    return loading;
  };
  const mount = (tree: ReactElement, r: Renderer) =>
    options.mount ? options.mount(tree) : r.mountInk(tree, { stdout, stderr, maxFps: Math.max(fps, 30) });
  const state = emptyLiveState();
  let tree: MountedTree | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let dirty = false;
  let lastRender = 0;
  let renders = 0;
  let closed = false;

  const element = (r: Renderer, summary?: ReadinessSummary) =>
    r.element({
      state,
      now: now(),
      columns: stdout.columns || 80,
      frame: renders,
      ...(summary ? { summary } : {}),
    });
  const draw = (r: Renderer) => {
    renders++;
    dirty = false;
    lastRender = now();
    if (tree) tree.rerender(element(r));
    else tree = mount(element(r), r);
  };
  // The first frame waits for the first tick: a log replayed in one go (`obra-validate report`) draws
  // only its summary, and a run that ends at once never flashes an empty view.
  const start = () => {
    if (timer || closed) return;
    // A failed load is reported by finish, which awaits it.
    load().catch(() => {});
    timer = setInterval(
      () => {
        if (renderer && (!tree || dirty || now() - lastRender >= 1000)) draw(renderer);
      },
      Math.ceil(1000 / fps),
    );
    timer.unref?.();
  };
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };

  return {
    state,
    get renders() {
      return renders;
    },
    async ready() {
      await load();
    },
    onEvent(event) {
      if (closed) return;
      if (applyEvent(state, event)) dirty = true;
      if (event.type === 'run_begin') start();
    },
    onUpdate(update) {
      if (closed) return;
      applyUpdate(state, update);
      dirty = true;
      // The run began (its run_begin was folded into this update or an earlier one).
      if (state.runId !== '') start();
    },
    async finish(summary) {
      if (closed) return;
      stop();
      closed = true;
      const r = await load();
      renders++;
      const mounted = tree ?? mount(element(r, summary), r);
      if (tree) mounted.rerender(element(r, summary));
      tree = undefined;
      mounted.unmount();
      await mounted.waitUntilExit?.();
    },
    dispose() {
      stop();
      closed = true;
      tree?.unmount();
      tree = undefined;
    },
  };
}
