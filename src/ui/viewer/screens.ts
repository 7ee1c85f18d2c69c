import { type AttemptReport, type RunReport, scenariosOf } from '../../report/index.js';
import { cell, count, duration, percent, plural, VERDICT_COLOR, VERDICT_MARK } from '../format.js';
import { detailScreen } from './detail-screens.js';
import { detailsGap, type LoadedRun } from './load-run.js';
import type { TaskDetail } from './run-model.js';
import type { Content, Row, Screen } from './screen-types.js';

export type { Content, Line, Row, Screen } from './screen-types.js';

/** What a screen shows, from the loaded run; `width` wraps detail text. Pure but for the run's lazy readers. */
export function screenContent(run: LoadedRun, screen: Screen, width: number): Content {
  switch (screen.kind) {
    case 'run':
      return runScreen(run.report);
    case 'scenario':
      return scenarioScreen(run.report, screen.name);
    case 'attempt':
      return attemptScreen(run, screen.attemptId);
    case 'task':
      return taskScreen(run, screen.attemptId, screen.taskId);
    default:
      return detailScreen(run, screen, width);
  }
}

/** The breadcrumb of a stack of screens: "run › calculator › #1 › task 1 › iteration 2". */
export function crumb(screen: Screen): string {
  switch (screen.kind) {
    case 'run':
      return 'run';
    case 'scenario':
      return screen.name;
    case 'attempt':
      return `#${screen.attemptId.split('#').at(-1)}`;
    case 'task':
      return `task ${screen.taskId}`;
    case 'iteration':
      return `iteration ${screen.iteration}`;
    case 'finding':
      return `finding ${screen.index + 1}`;
    case 'check':
      return screen.id;
    case 'attempt-finding':
      return `finding ${screen.index + 1}`;
  }
}

/** The rows a list shows under a filter (case-insensitive, anywhere in the line) and "failures only". */
export function visibleRows(rows: readonly Row[], filter: string, failuresOnly: boolean): Row[] {
  const needle = filter.toLowerCase();
  return rows.filter(
    (r) => (!failuresOnly || r.failing) && (needle === '' || r.text.toLowerCase().includes(needle)),
  );
}

const SEVERITY_COLOR: Record<string, string> = { blocker: 'red', major: 'yellow', minor: 'gray' };
const SEVERITY_MARK: Record<string, string> = { blocker: '✗', major: '!', minor: '·' };
const STATUS_MARK: Record<string, string> = { passed: '✓', failed: '✗', error: '!', skipped: '·' };
const STATUS_COLOR: Record<string, string> = {
  passed: 'green',
  failed: 'red',
  error: 'magenta',
  skipped: 'gray',
};

function attemptsOf(report: RunReport): AttemptReport[] {
  return report.scenarios.flatMap((s) => s.attempts);
}

function runScreen(report: RunReport): Content {
  const nameWidth = Math.min(24, Math.max(8, ...report.scenarios.map((s) => s.name.length)));
  const rows: Row[] = report.scenarios.map((s, i) => {
    const time = s.attempts.reduce((n, a) => n + a.durationMs, 0);
    const done = s.attempts.reduce((n, a) => n + a.metrics.tasksCompleted, 0);
    const tasks = s.attempts.reduce((n, a) => n + a.metrics.tasks, 0);
    const label =
      s.verdict === 'skipped' && s.attempts.some((a) => a.interrupted) ? 'interrupted' : s.verdict;
    return {
      key: `s:${s.name}`,
      mark: VERDICT_MARK[s.verdict],
      color: VERDICT_COLOR[s.verdict],
      text: `${cell(s.name, nameWidth)}  ${cell(label, Math.max(7, label.length))}  pass@1 ${cell(percent(s.passAt1), 4, 'right')}  ${cell(plural(s.attempts.length, 'attempt'), 10)}  ${cell(duration(time), 6, 'right')}  ${done}/${tasks} tasks`,
      failing: s.verdict !== 'passed',
      open: { kind: 'scenario', name: s.name },
      ...(i === 0 ? { section: `Scenarios (${report.scenarios.length})` } : {}),
    };
  });
  report.findings.forEach((f, i) => {
    rows.push({
      key: `f:${f.signature}`,
      mark: SEVERITY_MARK[f.severity] ?? '?',
      color: SEVERITY_COLOR[f.severity],
      text: `${cell(f.severity, 7)}  ${f.kind}${f.count > 1 ? ` ×${f.count}` : ''} in ${scenariosOf(f)}: ${f.message}`,
      failing: true,
      open: { kind: 'finding', index: i },
      ...(i === 0 ? { section: `Findings (${report.findings.length})` } : {}),
    });
  });
  return { kind: 'list', title: 'scenarios and findings', rows, empty: 'no scenario in this run' };
}

/** An attempt the run was stopped in (Ctrl+C, or the harness killed) reads as interrupted. */
function attemptLabel(a: AttemptReport): string {
  return a.verdict === 'skipped' && a.interrupted ? 'interrupted' : a.verdict;
}

/** ` (3 not run)` when some tasks never ran. */
function notRun(a: AttemptReport): string {
  const n = a.metrics.tasksNotRun ?? 0;
  return n > 0 ? ` (${n} not run)` : '';
}

function scenarioScreen(report: RunReport, name: string): Content {
  const scenario = report.scenarios.find((s) => s.name === name);
  const rows: Row[] = (scenario?.attempts ?? []).map((a) => {
    const label = attemptLabel(a);
    return {
      key: a.attemptId,
      mark: VERDICT_MARK[a.verdict],
      color: VERDICT_COLOR[a.verdict],
      text: `${cell(`#${a.attempt}`, 4)}  ${cell(label, Math.max(7, label.length))}  ${cell(duration(a.durationMs), 6, 'right')}  ${a.metrics.tasksCompleted}/${a.metrics.tasks} tasks${notRun(a)}  ${a.metrics.iterations} iter  ${count(a.metrics.totalTokens)} tok${a.reason && a.verdict !== 'passed' ? `  ${a.reason}` : ''}`,
      failing: a.verdict !== 'passed',
      open: { kind: 'attempt', attemptId: a.attemptId },
    };
  });
  return {
    kind: 'list',
    title: scenario ? `${scenario.name} (${scenario.file}): ${scenario.verdict}` : name,
    rows,
    empty: 'no attempt of this scenario ran in this run',
  };
}

function taskRow(attemptId: string, t: TaskDetail, i: number, total: number): Row {
  const ok = t.status === 'completed';
  const status = t.status ?? 'no end';
  return {
    key: `t:${t.taskId}`,
    mark: ok ? '✓' : t.status === undefined ? '…' : '✗',
    color: ok ? 'green' : t.status === undefined ? 'gray' : 'red',
    text: `${cell(String(t.taskId), 4, 'right')}  ${cell(t.title, 24)}  ${cell(status, 14)}  ${cell(`${t.iterations.length} iter`, 7)}  ${cell(t.durationMs === undefined ? '–' : duration(t.durationMs), 6, 'right')}  ${count(t.tokens)} tok`,
    failing: !ok,
    open: { kind: 'task', attemptId, taskId: t.taskId },
    ...(i === 0 ? { section: `Tasks (${total})` } : {}),
  };
}

function attemptScreen(run: LoadedRun, attemptId: string): Content {
  const attempt = attemptsOf(run.report).find((a) => a.attemptId === attemptId);
  const detail = run.details.get(attemptId);
  const rows: Row[] = [];
  if (detail) {
    for (const [i, t] of detail.tasks.entries()) rows.push(taskRow(attemptId, t, i, detail.tasks.length));
  } else {
    rows.push({
      key: 'no-tasks',
      mark: '·',
      color: 'gray',
      text:
        detailsGap(run) ??
        (run.hasEvents
          ? 'no task ran in this attempt'
          : 'no task detail: this run directory has no events.jsonl'),
      failing: false,
      section: 'Tasks',
    });
  }
  // Checks that did not hold first, then the rest, each group in report order.
  const checks = [...(attempt?.checks ?? [])].sort(
    (a, b) => Number(a.status === 'passed') - Number(b.status === 'passed'),
  );
  checks.forEach((c, i) => {
    rows.push({
      key: `c:${c.id}`,
      mark: STATUS_MARK[c.status] ?? '?',
      color: STATUS_COLOR[c.status],
      text: `${c.title}${c.message ? ` — ${c.message}` : ''}`,
      failing: c.status === 'failed' || c.status === 'error',
      open: { kind: 'check', attemptId, id: c.id },
      ...(i === 0
        ? {
            section: `Checks (${checks.length}: ${checks.filter((x) => x.status !== 'passed').length} not passed)`,
          }
        : {}),
    });
  });
  (attempt?.findings ?? []).forEach((f, i) => {
    rows.push({
      key: `af:${i}`,
      mark: SEVERITY_MARK[f.severity] ?? '?',
      color: SEVERITY_COLOR[f.severity],
      text: `${cell(f.severity, 7)}  ${f.kind}: ${f.message}`,
      failing: true,
      open: { kind: 'attempt-finding', attemptId, index: i },
      ...(i === 0 ? { section: `Findings of this attempt (${attempt!.findings.length})` } : {}),
    });
  });
  const title = attempt
    ? `${attemptId}: ${attemptLabel(attempt)} in ${duration(attempt.durationMs)}${attempt.reason ? ` (${attempt.reason})` : ''}`
    : attemptId;
  return { kind: 'list', title, rows, empty: 'nothing recorded for this attempt' };
}

function taskScreen(run: LoadedRun, attemptId: string, taskId: number): Content {
  const task = run.details.get(attemptId)?.tasks.find((t) => t.taskId === taskId);
  const rows: Row[] = (task?.iterations ?? []).map((it) => {
    const d = it.decision;
    const action = it.action ?? d?.action ?? 'no end';
    const tokens = it.calls.reduce((n, c) => n + c.usage.inputTokens + c.usage.outputTokens, 0);
    const ms = it.calls.reduce((n, c) => n + c.durationMs, 0);
    const failing = it.error !== undefined || (action !== 'proceed' && it === task!.iterations.at(-1));
    return {
      key: `i:${it.iteration}`,
      mark: it.error ? '✗' : action === 'proceed' ? '✓' : '↻',
      color: it.error ? 'red' : action === 'proceed' ? 'green' : 'yellow',
      text: `iteration ${cell(String(it.iteration), 3)}  ${cell(action, 9)}  quality ${d ? d.qualityScore.toFixed(2) : ' –  '}  confidence ${d ? d.confidence.toFixed(2) : ' –  '}  ${cell(`${count(tokens)} tok`, 9)}  ${duration(ms)}${it.error ? `  ${it.error.kind}: ${it.error.message}` : ''}`,
      failing,
      open: { kind: 'iteration', attemptId, taskId, iteration: it.iteration },
    };
  });
  const title = task
    ? `task ${task.taskId}${task.key ? ` (${task.key})` : ''}: ${task.title}; ${task.status ?? 'did not end'}${task.error ? `: ${task.error.kind}` : ''}`
    : `task ${taskId}`;
  return { kind: 'list', title, rows, empty: (task ? undefined : detailsGap(run)) ?? 'no iteration ran' };
}
