import type { DoctorAssessment } from './assess.js';

export interface DoctorHeader {
  version: string;
  cwd: string;
  /** The default scenarios folder as shown (scenarios/), and whether it exists. */
  scenariosDir: string;
  scenariosFound: boolean;
  /** Problems loading the default scenarios (their count), if any. */
  loadProblems: number;
}

/** What `obra-validate doctor` prints (pure). */
export function formatDoctor(header: DoctorHeader, assessment: DoctorAssessment): string {
  const width = Math.max(...assessment.items.map((i) => i.probe.label.length));
  const out = [`obra-validate ${header.version} doctor, in ${header.cwd}`, ''];
  for (const { probe, blocks, blocksInGeneral } of assessment.items) {
    out.push(`  ${probe.ok ? '✓' : '✗'} ${probe.label.padEnd(width)}  ${probe.detail}`);
    if (probe.ok) continue;
    const here =
      blocks.length > 0 ? `here: ${blocks.join(', ')}` : `none of the scenarios in ${header.scenariosDir}`;
    out.push(`    ${' '.repeat(width)}  blocks: ${blocksInGeneral} (${here})`);
    if (probe.fix) out.push(`    ${' '.repeat(width)}  fix: ${probe.fix}`);
  }
  out.push('');
  if (!header.scenariosFound) {
    out.push(`No ${header.scenariosDir} folder here: judged for the default agent (claude-code) only.`);
  } else {
    const total = assessment.runnable.length + assessment.blocked.length;
    out.push(
      `Scenarios in ${header.scenariosDir}: ${assessment.runnable.length} of ${total} can run here${assessment.runnable.length ? ` (${assessment.runnable.join(', ')})` : ''}.`,
    );
    for (const b of assessment.blocked) out.push(`  ${b.name} cannot: needs ${b.missing.join(', ')}`);
    if (header.loadProblems > 0) {
      out.push(
        `  ${header.loadProblems} problem(s) in those files: \`npx obra-validate ${header.scenariosDir}\` lists them.`,
      );
    }
  }
  out.push(
    assessment.exitCode === 0
      ? 'Verdict: the default scenarios can run here (exit 0).'
      : 'Verdict: the default scenarios cannot all run here (exit 3): see the fixes above.',
    '',
  );
  return out.join('\n');
}
