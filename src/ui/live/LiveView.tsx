import { Box, Static, Text } from 'ink';
import { clock, count, duration, plural, truncate, VERDICT_COLOR, VERDICT_MARK } from '../format.js';
import type { ReadinessSummary } from '../summary/readiness-summary.js';
import { Summary } from '../summary/Summary.js';
import {
  type AttemptPhase,
  attemptPhase,
  etaMs,
  type FinishedAttempt,
  type LiveState,
  type RunningAttempt,
} from './live-store.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const PHASE_COLOR: Record<AttemptPhase, string> = {
  setup: 'gray',
  agent: 'cyan',
  validating: 'yellow',
  checking: 'magenta',
};

export interface LiveViewProps {
  state: LiveState;
  /** Epoch ms the clocks are drawn at. */
  now: number;
  /** Terminal width. */
  columns: number;
  /** Running tasks listed under each attempt (the rest are counted). @default 6 */
  maxTaskRows?: number;
  /** Set when the run is over: the live rows make way for the readiness summary. */
  summary?: ReadinessSummary;
  /** Bumped on every render so React re-renders a state that changed in place. */
  frame?: number;
}

/**
 * The live view of a run: finished attempts above (printed once, in Ink's Static), then the header,
 * one row per running attempt (with its running tasks), and the footer; at the end, the summary.
 */
export function LiveView({ state, now, columns, maxTaskRows = 6, summary }: LiveViewProps) {
  const width = Math.max(40, columns);
  const finished = finishedSnapshot(state);
  return (
    <>
      <Static items={finished}>
        {(attempt) => <FinishedRow key={attempt.attemptId} attempt={attempt} width={width} />}
      </Static>
      {summary ? (
        <Summary summary={summary} />
      ) : (
        <Box flexDirection="column" width={width}>
          <Header state={state} now={now} />
          {[...state.running.values()].map((attempt) => (
            <AttemptRow
              key={attempt.attemptId}
              attempt={attempt}
              now={now}
              width={width}
              maxTaskRows={maxTaskRows}
            />
          ))}
          <Footer state={state} now={now} />
        </Box>
      )}
    </>
  );
}

const snapshots = new WeakMap<LiveState, FinishedAttempt[]>();

/**
 * Static prints the items it has not seen, found by array identity: a new array each time an attempt
 * ends (the state's own array grows in place), the same one otherwise.
 */
function finishedSnapshot(state: LiveState): FinishedAttempt[] {
  const known = snapshots.get(state);
  if (known && known.length === state.finished.length) return known;
  const copy = state.finished.slice();
  snapshots.set(state, copy);
  return copy;
}

export function FinishedRow({ attempt: a, width }: { attempt: FinishedAttempt; width: number }) {
  const tasks = a.tasks > 0 ? `  ${a.tasksCompleted}/${a.tasks} tasks` : '';
  const tokens = a.tokens > 0 ? `  ${count(a.tokens)} tok` : '';
  const head = `${a.attemptId}  ${a.verdict}  ${duration(a.durationMs)}${tasks}${tokens}`;
  const reason = a.reason && a.verdict !== 'passed' ? `: ${a.reason}` : '';
  return (
    <Text wrap="truncate-end">
      <Text color={VERDICT_COLOR[a.verdict]}>{VERDICT_MARK[a.verdict]}</Text> {head}
      <Text dimColor>{truncate(reason, Math.max(0, width - head.length - 2))}</Text>
    </Text>
  );
}

function Header({ state, now }: { state: LiveState; now: number }) {
  const concurrency =
    state.concurrency ??
    (() => {
      const values = [...new Set(state.scenarios.map((s) => s.concurrency).filter((c) => c !== undefined))];
      return values.length === 1 ? values[0] : undefined;
    })();
  return (
    <Text wrap="truncate-end">
      <Text bold>run {state.runId}</Text> · {clock(now - state.startedAt)} ·{' '}
      {plural(state.scenarios.length, 'scenario')} · {plural(state.attemptsTotal, 'attempt')}
      {concurrency === undefined ? '' : ` · concurrency ${concurrency}`}
    </Text>
  );
}

function AttemptRow(props: { attempt: RunningAttempt; now: number; width: number; maxTaskRows: number }) {
  const { attempt: a, now } = props;
  const phase = attemptPhase(a);
  const running = a.tasks.size;
  const progress =
    a.tasksTotal === 0
      ? ''
      : running <= 1
        ? `task ${Math.min(a.tasksDone + 1, a.tasksTotal)}/${a.tasksTotal}`
        : `tasks ${a.tasksDone}/${a.tasksTotal} (${running} running)`;
  const elapsed = now - a.startedAt;
  const overBudget = a.budgetMs !== undefined && elapsed > a.budgetMs * 0.8;
  const tasks = [...a.tasks.values()];
  const shown = tasks.slice(0, props.maxTaskRows);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color="cyan">{SPINNER[Math.floor(now / 100) % SPINNER.length]}</Text>{' '}
        <Text bold>{a.attemptId}</Text>
        {progress ? `  ${progress}` : ''}
        {a.iteration > 0 ? `  iter ${a.iteration}` : ''}
        {'  '}
        <Text color={PHASE_COLOR[phase]}>{phase}</Text>
        {'  '}
        <Text color={overBudget ? 'yellow' : undefined}>
          {clock(elapsed)}
          {a.budgetMs === undefined ? '' : `/${duration(a.budgetMs)}`}
        </Text>
        {`  ${count(a.tokens)} tok`}
        {a.tasksFailed > 0 ? <Text color="red">{`  ${a.tasksFailed} failed`}</Text> : ''}
      </Text>
      {running > 1 || a.tasksTotal > 1
        ? shown.map((t) => (
            <Text key={t.taskId} wrap="truncate-end" dimColor>
              {'    · '}
              {truncate(t.title, Math.max(10, props.width - 36))}
              {`  iter ${t.iteration}  `}
              <Text color={t.phase === 'agent' ? 'cyan' : 'yellow'}>{t.phase}</Text>
              {`  ${clock(now - t.startedAt)}`}
            </Text>
          ))
        : null}
      {tasks.length > shown.length && (
        <Text dimColor>{`    … ${tasks.length - shown.length} more running`}</Text>
      )}
    </Box>
  );
}

function Footer({ state, now }: { state: LiveState; now: number }) {
  const done = state.finished.length;
  const counts = (['passed', 'failed', 'error', 'blocked', 'skipped'] as const)
    .filter((k) => state.counts[k] > 0)
    .map((k) => (
      <Text key={k} color={VERDICT_COLOR[k]}>
        {`  ${VERDICT_MARK[k]} ${state.counts[k]} ${k}`}
      </Text>
    ));
  const eta = etaMs(state, now);
  return (
    <Text wrap="truncate-end" dimColor={state.attemptsTotal === 0}>
      {`${done}/${state.attemptsTotal} attempts`}
      {counts}
      {state.tasksTotal > 0 ? `  · tasks ${state.tasksDone}/${state.tasksTotal}` : ''}
      {state.findings > 0 ? `  · ${plural(state.findings, 'finding')}` : ''}
      {state.ended ? '  · finishing' : eta === undefined ? '' : `  · ETA ~${clock(eta)}`}
    </Text>
  );
}
