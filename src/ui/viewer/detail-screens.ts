import type { CheckResult, RawFinding } from '../../events/index.js';
import { fixHintFor } from '../../report/index.js';
import { count, duration, usd } from '../format.js';
import { detailsGap, type LoadedRun } from './load-run.js';
import type { Content, Line, Screen } from './screen-types.js';
import { wrapText } from './wrap.js';

/** Lines of prompt and reply excerpts shown before "… N more lines". */
const EXCERPT_LINES = 60;

type DetailKind = Exclude<Screen['kind'], 'run' | 'scenario' | 'attempt' | 'task'>;

/** The scrollable detail of an iteration, a finding or a check, wrapped to `width`. */
export function detailScreen(
  run: LoadedRun,
  screen: Extract<Screen, { kind: DetailKind }>,
  width: number,
): Content {
  const out = new Lines(width);
  switch (screen.kind) {
    case 'iteration':
      return iterationDetail(run, screen, out);
    case 'finding': {
      const f = run.report.findings[screen.index];
      if (!f) return { kind: 'detail', title: 'finding', lines: out.text('no such finding').lines };
      out.field('Severity', f.severity, f.severity === 'blocker' ? 'red' : 'yellow');
      out.field('Kind', f.kind);
      out.field(
        'Seen',
        `${f.count}×${f.attempts.length > 0 ? ` in ${f.attempts.join(', ')}` : ' (run-level)'}`,
      );
      if (f.scenarios.length > 0)
        out.field(f.severity === 'blocker' ? 'Blocks' : 'Affects', f.scenarios.join(', '));
      if (f.location) out.field('Location', `${f.location.file}:${f.location.line}:${f.location.col}`);
      out.heading('Message').text(f.message, '  ');
      const hint = fixHintFor(f.kind, f.attempts);
      if (hint) out.heading('Fix').text(hint, '  ');
      evidence(run, f.evidence, out);
      return { kind: 'detail', title: `${f.severity} ${f.kind}`, lines: out.lines };
    }
    case 'check': {
      const attempt = run.report.scenarios
        .flatMap((s) => s.attempts)
        .find((a) => a.attemptId === screen.attemptId);
      const check = attempt?.checks.find((c) => c.id === screen.id);
      if (!check) return { kind: 'detail', title: screen.id, lines: out.text('no such check').lines };
      checkDetail(check, out);
      evidence(run, check.evidence, out);
      return { kind: 'detail', title: `${check.id}: ${check.title}`, lines: out.lines };
    }
    case 'attempt-finding': {
      const attempt = run.report.scenarios
        .flatMap((s) => s.attempts)
        .find((a) => a.attemptId === screen.attemptId);
      const f: RawFinding | undefined = attempt?.findings[screen.index];
      if (!f) return { kind: 'detail', title: 'finding', lines: out.text('no such finding').lines };
      out.field('Severity', f.severity, f.severity === 'blocker' ? 'red' : 'yellow');
      out.field('Kind', f.kind);
      if (f.location) out.field('Location', `${f.location.file}:${f.location.line}:${f.location.col}`);
      out.heading('Message').text(f.message, '  ');
      const hint = fixHintFor(f.kind, [screen.attemptId]);
      if (hint) out.heading('Fix').text(hint, '  ');
      evidence(run, f.evidence, out);
      return { kind: 'detail', title: `${f.severity} ${f.kind}`, lines: out.lines };
    }
  }
}

function iterationDetail(
  run: LoadedRun,
  screen: Extract<Screen, { kind: 'iteration' }>,
  out: Lines,
): Content {
  const detail = run.details.get(screen.attemptId);
  const task = detail?.tasks.find((t) => t.taskId === screen.taskId);
  const it = task?.iterations.find((i) => i.iteration === screen.iteration);
  if (!task || !it) {
    return {
      kind: 'detail',
      title: 'iteration',
      lines: out.text(detailsGap(run) ?? 'no such iteration').lines,
    };
  }
  const d = it.decision;
  out.field('Task', `${task.taskId} ${task.title} (${task.taskType})`);
  out.field(
    'Iteration',
    `${it.iteration} of ${task.iterations.length}, ended ${it.action ?? 'without an end event'}`,
  );
  if (d) {
    out.field('Decision', `${d.action}: ${d.reason}`, d.action === 'proceed' ? 'green' : 'yellow');
    out.field(
      'Quality',
      `${round3(d.qualityScore)} (${d.passesGate ? 'passes the gate' : 'fails the gate'})`,
    );
    out.field('Confidence', round3(d.confidence));
    if (d.changedFiles.length > 0) out.field('Changed', d.changedFiles.join(', '));
  } else out.field('Decision', 'none recorded', 'gray');
  if (it.error) out.field('Error', `${it.error.kind}: ${it.error.message}`, 'red');
  for (const b of it.breakpoints) out.field('Breakpoint', `${b.kind} (${b.severity}): ${b.reason}`, 'yellow');
  const replies = run.replies(screen.attemptId);
  it.calls.forEach((c, i) => {
    out.heading(`Agent call ${i + 1} of ${it.calls.length}`);
    const echoed =
      c.agentSessionId === c.sessionId ? 'echoed' : `agent said ${c.agentSessionId ?? 'nothing'}`;
    out.field('Session', `${c.sessionId} (${echoed}${c.resume ? ', resumed' : ''})`);
    out.field(
      'Tokens',
      `in ${count(c.usage.inputTokens)} · out ${count(c.usage.outputTokens)} · cache ${count(c.usage.cacheCreationTokens)}/${count(c.usage.cacheReadTokens)} · ${usd(c.usage.costUsd)}`,
    );
    out.field(
      'Turns',
      `${c.numTurns} of max ${c.maxTurns} · ${duration(c.durationMs)}${c.isError ? ` · error ${c.errorSubtype ?? ''}` : ''}`,
    );
    out.field('Interaction', String(c.interactionId));
  });
  if (d?.feedback) out.heading('Feedback for the next iteration').text(d.feedback, '  ');
  out.heading('Prompt (excerpt)').excerpt(it.prompt);
  const last = it.calls.at(-1);
  if ('missing' in replies) out.heading('Reply').text(`not available: ${replies.missing}`, '  ', 'gray');
  else if (!last) out.heading('Reply').text('no agent call', '  ', 'gray');
  else {
    const reply = replies.replies.get(last.interactionId);
    out.heading(`Reply (excerpt, interaction ${last.interactionId} in ${detail!.database})`);
    if (reply === undefined) out.text('not in the attempt database', '  ', 'gray');
    else out.excerpt(reply);
  }
  return {
    kind: 'detail',
    title: `${screen.attemptId} task ${task.taskId} iteration ${it.iteration}`,
    lines: out.lines,
  };
}

/** A 0-1 score as logged, to three decimals at most (0.575 stays 0.575). */
const round3 = (n: number): string => String(Math.round(n * 1000) / 1000);

function checkDetail(c: CheckResult, out: Lines): void {
  const color = c.status === 'passed' ? 'green' : c.status === 'skipped' ? 'gray' : 'red';
  out.field('Status', c.status, color);
  out.field('Kind', `${c.kind} (${c.severity})`);
  if (c.location) out.field('Location', `${c.location.file}:${c.location.line}:${c.location.col}`);
  out.field('Took', duration(c.durationMs));
  out.heading('Expected').text(c.expected, '  ');
  out.heading('Actual').text(c.actual, '  ');
  if (c.message) out.heading('Message').text(c.message, '  ');
  const hint = c.status === 'failed' ? fixHintFor(c.findingKind ?? `check_${c.kind}`) : undefined;
  if (hint) out.heading('Fix').text(hint, '  ');
}

function evidence(run: LoadedRun, paths: readonly string[], out: Lines): void {
  if (paths.length === 0) return;
  out.heading(`Evidence (${paths.length})`);
  for (const path of paths) {
    const file = run.evidence(path);
    out.text(path, '  ', 'cyan');
    if ('missing' in file) out.text(`(${file.missing})`, '    ', 'gray');
    else {
      out.excerpt(file.text, '    ');
      if (file.truncated) out.text('… (cut: open the file for the rest)', '    ', 'gray');
    }
  }
}

/** Builds wrapped lines. */
class Lines {
  readonly lines: Line[] = [];
  constructor(private readonly width: number) {}

  field(label: string, value: string, color?: string): this {
    const head = `${label.padEnd(12)}`;
    const wrapped = wrapText(value, this.width - head.length);
    wrapped.forEach((text, i) => {
      this.lines.push({
        text: `${i === 0 ? head : ' '.repeat(head.length)}${text}`,
        ...(color ? { color } : {}),
      });
    });
    return this;
  }

  heading(text: string): this {
    this.lines.push({ text: '' }, { text, bold: true });
    return this;
  }

  text(text: string, indent = '', color?: string): this {
    for (const line of wrapText(text, this.width, indent))
      this.lines.push({ text: line, ...(color ? { color } : {}) });
    return this;
  }

  /** The first EXCERPT_LINES wrapped lines, the rest counted. */
  excerpt(text: string, indent = '  '): this {
    const wrapped = wrapText(text, this.width, indent);
    for (const line of wrapped.slice(0, EXCERPT_LINES)) this.lines.push({ text: line, dim: false });
    if (wrapped.length > EXCERPT_LINES) {
      this.lines.push({ text: `${indent}… ${wrapped.length - EXCERPT_LINES} more lines`, dim: true });
    }
    return this;
  }
}
