import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempProject, repoRoot } from './run-cli.js';

/** A temp project holding a copy of the repository's scenarios/, fixtures/ and schema/, plus `files`. */
export function copyOfShippedProject(files: Record<string, string> = {}) {
  const project = makeTempProject(files);
  for (const dir of ['scenarios', 'fixtures', 'schema']) {
    cpSync(join(repoRoot, dir), join(project.dir, dir), { recursive: true });
  }
  return project;
}

export interface ReportJson {
  runId: string;
  interrupted: boolean;
  readiness: { status: string; blockers: string[] };
  summary: Record<string, number>;
  scenarios: {
    name: string;
    verdict: string;
    attempts: {
      verdict: string;
      reason?: string;
      metrics: Record<string, number>;
      checks: {
        id: string;
        status: string;
        expected: string;
        actual: string;
        title: string;
        findingKind?: string;
      }[];
    }[];
  }[];
  findings: { kind: string; severity: string; message: string }[];
  baseline?: { regressions: unknown[] };
}

/** reports/latest/report.json of a project, parsed. */
export function latestReport(dir: string): ReportJson {
  const path = join(dir, 'reports', 'latest', 'report.json');
  if (!existsSync(path)) throw new Error(`no report at ${path}`);
  return JSON.parse(readFileSync(path, 'utf8')) as ReportJson;
}

export const verdicts = (report: ReportJson): Record<string, string> =>
  Object.fromEntries(report.scenarios.map((s) => [s.name, s.verdict]));
