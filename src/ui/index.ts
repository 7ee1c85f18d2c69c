export { clock, count, duration, percent, truncate } from './format.js';
export type { MountedTree } from './live/ink-mount.js';
export type { LiveViewProps } from './live/LiveView.js';
export { applyEvent, attemptPhase, emptyLiveState, etaMs, type LiveState } from './live/live-store.js';
export { createLiveView, type LiveViewController, type LiveViewOptions } from './live/live-view.js';
export { createTerminalLiveView, createWorkerLiveView } from './live/live-view-worker.js';
export { textStream } from './live/text-stream.js';
export {
  type DeltaRow,
  type PerformanceRow,
  type ReadinessSummary,
  readinessSummary,
  type SummaryOptions,
} from './summary/readiness-summary.js';
export { summaryText } from './summary/summary-text.js';
export { EXCERPT_CHARS, type LoadedRun, loadRun } from './viewer/load-run.js';
export { type RunViewerOptions, runViewer } from './viewer/run-viewer.js';
// The Ink components (LiveView, Summary, ViewerApp) are not exported: importing this surface must not
// load React and Ink (createLiveView and runViewer load them when they draw; the worker view loads them
// in its thread).
