import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  type AttemptIsolation,
  createLaunchWitness,
  type LaunchWitness,
  protectedPathsOf,
  type WorkspaceWalk,
  walkWorkspace,
  watchIsolation,
} from '../checks/index.js';
import { directLauncher, openStore, type Store } from '../core/index.js';
import { loadCassette, type ModelServer, startModelServer } from '../model-server/index.js';
import type { Scenario } from '../scenario/index.js';
import { copyInside, createRedactor } from '../shared/index.js';
import type { AttemptInput } from './attempt-input.js';
import { agentKindOf } from './build-agent.js';
import { type AttemptContainers, startAttemptContainers } from './containers.js';

/** The model server's request log bound for an attempt: it is a witness, so it holds what was asked and served. */
const WIRE_LOG_MAX_BYTES = 64 * 1024 * 1024;

/** The store file and the companions SQLite writes next to it. */
const STORE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

/** Where an attempt's files are (pure: known before anything is made). */
export interface AttemptPaths {
  attemptDir: string;
  workspace: string;
  /** The attempt's SQLite store: in the attempt folder, or in the workspace (`store.in_workspace`). */
  database: string;
  launches: string;
  wire: string;
}

export function attemptPaths(runDir: string, scenario: Scenario, attempt: number): AttemptPaths {
  const attemptDir = join(runDir, 'attempts', `${scenario.name}-${attempt}`);
  const workspace = join(attemptDir, 'workspace');
  return {
    attemptDir,
    workspace,
    database: scenario.store.inWorkspace
      ? join(workspace, '.obra', 'obra.sqlite')
      : join(attemptDir, 'obra.sqlite'),
    launches: join(attemptDir, 'launches.jsonl'),
    wire: join(attemptDir, 'model-server.jsonl'),
  };
}

/** Everything an attempt runs against, made before the orchestrator starts. */
export interface PreparedAttempt {
  paths: AttemptPaths;
  kind: 'claude-code' | 'command' | 'oracle' | 'null';
  isolation: AttemptIsolation;
  /** The workspace before the agent started, as the harness walked it. */
  initial: WorkspaceWalk;
  server: ModelServer | undefined;
  containers: AttemptContainers | undefined;
  store: Store;
  witness: LaunchWitness;
  /** The store's files inside the workspace (store.in_workspace), which the harness's walks skip. */
  storeSkip: ReadonlySet<string>;
  redact: (text: string) => string;
  /** Closes the store (idempotent); the checks read it read-only afterwards. */
  closeStore(): void;
}

/**
 * Prepares an attempt: the workspace copied in, the isolation watch, the harness's first walk of the
 * workspace, the model server (with its request log), the containers, the store and the launch witness.
 * What it started is in the result (or stopped again when it throws) and is ended by `disposeAttempt`.
 */
export async function prepareAttempt(input: AttemptInput, paths: AttemptPaths): Promise<PreparedAttempt> {
  const { scenario } = input;
  if (scenario.workspace) copyInside(scenario.workspace.path, paths.workspace, input.rootDir);
  // Watched from now until the invariants run: nothing outside the run directory, protected files untouched.
  const isolation = watchIsolation({
    rootDir: input.rootDir,
    reportsDir: dirname(input.runDir),
    protectedPaths: protectedPathsOf(scenario),
  });
  const initial = walkWorkspace(paths.workspace).files;
  const kind = agentKindOf(scenario, input.override);
  const cassette = 'cassette' in scenario.agent ? scenario.agent.cassette : undefined;
  const needsServer = kind !== 'oracle' && kind !== 'null' ? cassette !== undefined : false;
  const needsLlmServer =
    scenario.llm.kind !== 'heuristic' &&
    scenario.llm.endpoint === undefined &&
    scenario.llm.container === undefined;
  let server: ModelServer | undefined;
  let containers: AttemptContainers | undefined;
  try {
    if ((needsServer || needsLlmServer) && cassette) {
      server = await startModelServer({
        cassettes: [await loadCassette(cassette.path)],
        logFile: paths.wire,
        logMaxBytes: WIRE_LOG_MAX_BYTES,
      });
    }
    containers = await startAttemptContainers({
      scenario,
      runId: basename(input.runDir),
      attemptId: input.attemptId,
      images: input.images,
      rootDir: input.rootDir,
      attemptDir: paths.attemptDir,
      workspace: paths.workspace,
      env: input.env,
    });
    mkdirSync(dirname(paths.database), { recursive: true });
    const store = openStore({
      path: paths.database,
      ...(scenario.store.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: scenario.store.busyTimeoutMs }),
    });
    let storeOpen = true;
    const redact = createRedactor(input.env);
    // A store kept in the workspace changes at every write: not walked (it is never the agent's work).
    const storeSkip = new Set(
      scenario.store.inWorkspace ? STORE_SUFFIXES.map((suffix) => `.obra/obra.sqlite${suffix}`) : [],
    );
    const witness = createLaunchWitness({
      file: paths.launches,
      workspace: paths.workspace,
      initial,
      inner: input.launcher ?? directLauncher,
      redact,
      skip: storeSkip,
    });
    return {
      paths,
      kind,
      isolation,
      initial,
      server,
      containers,
      store,
      witness,
      storeSkip,
      redact,
      closeStore: () => {
        if (storeOpen) store.close();
        storeOpen = false;
      },
    };
  } catch (error) {
    await server?.close();
    await containers?.stop();
    throw error;
  }
}

/** Ends what prepareAttempt started. */
export async function disposeAttempt(prepared: PreparedAttempt | undefined): Promise<void> {
  if (!prepared) return;
  prepared.closeStore();
  await prepared.server?.close();
  await prepared.containers?.stop();
}
