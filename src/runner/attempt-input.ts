import type { CoreConfigInput, ProcessLauncher, ProcessTracker } from '../core/index.js';
import type { AttemptVerdict, EventWriter } from '../events/index.js';
import type { Scenario } from '../scenario/index.js';

export interface AttemptInput {
  scenario: Scenario;
  attempt: number;
  /** `<scenario>#<n>` (attemptIdOf). */
  attemptId: string;
  config: CoreConfigInput;
  runDir: string;
  rootDir: string;
  writer: EventWriter;
  /** The run's tracker: the attempt registers its processes there too (it counts and kills its own). */
  tracker: ProcessTracker;
  /** What starts the attempt's processes. @default spawned from this process */
  launcher?: ProcessLauncher;
  override: 'oracle' | 'null' | undefined;
  concurrency: number | undefined;
  env: NodeJS.ProcessEnv;
  /** Local images for the images the scenario names (RunValidationOptions.images). */
  images?: Readonly<Record<string, string>> | undefined;
  /** The run's stop signal (Ctrl+C). */
  signal: AbortSignal;
  /** Set when the attempt must not run (requires or needs unmet). */
  blockedReason?: string;
}

export interface AttemptSummary {
  attemptId: string;
  verdict: AttemptVerdict;
  interrupted: boolean;
}
