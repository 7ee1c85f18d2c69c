import type { RunEvent, ScenarioThresholds } from '../events/index.js';
import { createFindingCollector, findingFromCheck } from './findings.js';
import { createPartialAttempts } from './partial-attempt.js';
import { assessReadiness } from './readiness.js';
import { latestAttemptEvents } from './resumed-log.js';
import { thresholdResults } from './thresholds.js';
import {
  type AttemptReport,
  REPORT_SCHEMA_VERSION,
  type RunReport,
  type ScenarioReport,
  type ScenarioVerdict,
} from './types.js';
import { passRates, scenarioVerdict } from './verdicts.js';

/**
 * report.json from the event log: a pure fold over the events, so any report can be rebuilt from
 * events.jsonl (and shards merged by concatenating their events). Core events are skipped: the report
 * stays small whatever the number of tasks. A resumed run's log (several run_begin/run_end pairs,
 * attempts run again) folds like one run: first run_begin, last run_end, last run of each attempt.
 */
export function buildReport(events: Iterable<RunEvent>): RunReport {
  let begin: Extract<RunEvent, { type: 'run_begin' }> | undefined;
  let end: Extract<RunEvent, { type: 'run_end' }> | undefined;
  const scenarios = new Map<string, ScenarioReport>();
  const declared = new Map<string, ScenarioThresholds>();
  const attempts = new Map<string, AttemptReport>();
  const scenarioOf = new Map<string, string>();
  const findings = createFindingCollector();
  // Attempts the log began but never ended (the harness was killed): read from their core events.
  const partial = createPartialAttempts();
  const ended = new Set<string>();

  const attemptReport = (attemptId: string): AttemptReport | undefined => attempts.get(attemptId);
  // A resumed run's log repeats the attempts it ran again: only their last run counts.
  for (const event of latestAttemptEvents([...events])) {
    if ('attemptId' in event && event.attemptId !== undefined && !ended.has(event.attemptId)) {
      partial.add(event.attemptId, event.time, event.type === 'core' ? event.event : undefined);
    }
    switch (event.type) {
      case 'run_begin':
        begin ??= event;
        for (const planned of event.scenarios) {
          if (scenarios.has(planned.name)) continue;
          if (planned.thresholds) declared.set(planned.name, planned.thresholds);
          scenarios.set(planned.name, {
            name: planned.name,
            file: planned.file,
            verdict: 'skipped',
            passAt1: null,
            passAtK: null,
            needs: planned.needs,
            tags: planned.tags,
            tasks: planned.tasks,
            attempts: [],
          });
        }
        break;
      case 'attempt_begin': {
        scenarioOf.set(event.attemptId, event.scenario);
        const report: AttemptReport = {
          attemptId: event.attemptId,
          attempt: event.attempt,
          verdict: 'skipped',
          durationMs: 0,
          interrupted: true,
          metrics: emptyMetrics(),
          checks: [],
          findings: [],
        };
        attempts.set(event.attemptId, report);
        scenarios.get(event.scenario)?.attempts.push(report);
        break;
      }
      case 'check': {
        const report = attemptReport(event.attemptId);
        report?.checks.push(event.result);
        if (event.result.status === 'failed' || event.result.status === 'error') {
          const raw = findingFromCheck(event.result);
          report?.findings.push(raw);
          findings.add(raw, {
            attemptId: event.attemptId,
            scenario: scenarioOf.get(event.attemptId),
            seq: event.seq,
          });
        }
        break;
      }
      case 'finding': {
        if (event.attemptId) attemptReport(event.attemptId)?.findings.push(event.finding);
        findings.add(event.finding, {
          ...(event.attemptId
            ? { attemptId: event.attemptId, scenario: scenarioOf.get(event.attemptId) }
            : {}),
          seq: event.seq,
        });
        break;
      }
      case 'attempt_end': {
        ended.add(event.attemptId);
        const report = attemptReport(event.attemptId);
        if (!report) break;
        Object.assign(report, {
          verdict: event.verdict,
          durationMs: event.durationMs,
          interrupted: event.interrupted === true,
          metrics: event.metrics,
          ...(event.reason ? { reason: event.reason } : {}),
        });
        break;
      }
      case 'run_end':
        end = event;
        break;
      case 'core':
        break;
    }
  }
  if (!begin) throw new Error('the event log has no run_begin event: it is not an obra-validate run log');
  for (const [attemptId, report] of attempts) {
    if (ended.has(attemptId)) continue;
    const planned = scenarios.get(scenarioOf.get(attemptId) ?? '')?.tasks ?? 0;
    Object.assign(report, {
      durationMs: partial.durationMs(attemptId),
      metrics: partial.metrics(attemptId, planned),
      reason: 'interrupted: the log ends before this attempt did (the run was stopped or killed)',
    });
  }
  const scenarioList = [...scenarios.values()].map((s) => {
    s.attempts.sort((a, b) => a.attempt - b.attempt);
    const verdicts = s.attempts.map((a) => a.verdict);
    const judged = { ...s, verdict: scenarioVerdict(verdicts), ...passRates(verdicts) };
    const thresholds = declared.get(s.name);
    return thresholds ? { ...judged, thresholds: thresholdResults(thresholds, judged) } : judged;
  });
  const interrupted = end === undefined || end.interrupted;
  const findingList = findings.list();
  const summary = {
    scenarios: scenarioList.length,
    attempts: attempts.size,
    passed: 0,
    failed: 0,
    flaky: 0,
    error: 0,
    blocked: 0,
    skipped: 0,
  } as RunReport['summary'];
  for (const s of scenarioList) summary[s.verdict as ScenarioVerdict]++;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: begin.runId,
    startedAt: begin.startedAt,
    durationMs: end?.durationMs ?? 0,
    interrupted,
    rootDir: begin.rootDir,
    versions: begin.versions,
    ...(begin.launchHost ? { launchHost: begin.launchHost } : {}),
    options: begin.options,
    ...(begin.shard ? { shard: begin.shard } : {}),
    readiness: assessReadiness(scenarioList, findingList, interrupted),
    summary,
    scenarios: scenarioList,
    findings: findingList,
  };
}

function emptyMetrics(): AttemptReport['metrics'] {
  return {
    tasks: 0,
    tasksCompleted: 0,
    tasksFailed: 0,
    errors: 0,
    agentCalls: 0,
    iterations: 0,
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    costUsd: 0,
    turns: 0,
    p50TaskMs: 0,
    p95TaskMs: 0,
    maxTaskMs: 0,
    totalMs: 0,
  };
}
