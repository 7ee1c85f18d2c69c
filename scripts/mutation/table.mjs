// The per-folder table of a Stryker run (reports/mutation/mutation.json) for docs/DETECTION.md: killed
// (Killed and Timeout: the scenarios noticed), survived, no coverage (no scenario reached the code),
// errors; the score over every tested mutant and over the covered ones; and each survivor, one line.
//   node scripts/mutation/table.mjs [--survivors]
import { readFileSync, writeFileSync } from 'node:fs';

const report = JSON.parse(readFileSync('reports/mutation/mutation.json', 'utf8'));
const folders = new Map();
const survivors = [];
const row = () => ({ killed: 0, survived: 0, noCoverage: 0, errors: 0 });
for (const [file, { mutants }] of Object.entries(report.files)) {
  const folder = file.split('/').slice(0, 3).join('/');
  const counts = folders.get(folder) ?? row();
  for (const m of mutants) {
    if (m.status === 'Ignored') continue;
    if (m.status === 'Killed' || m.status === 'Timeout') counts.killed++;
    else if (m.status === 'Survived') {
      counts.survived++;
      survivors.push(
        `${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '').slice(0, 90)}`,
      );
    } else if (m.status === 'NoCoverage') {
      counts.noCoverage++;
      survivors.push(
        `${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} (no coverage): ${JSON.stringify(m.replacement ?? '').slice(0, 80)}`,
      );
    } else counts.errors++;
  }
  folders.set(folder, counts);
}
const pct = (a, b) => (b === 0 ? '-' : `${Math.round((100 * a) / b)} %`);
const lines = [
  '| folder | mutants | killed | survived | no coverage | score | of covered |',
  '|---|---|---|---|---|---|---|',
];
const total = row();
for (const [folder, c] of [...folders].sort()) {
  const n = c.killed + c.survived + c.noCoverage;
  lines.push(
    `| ${folder} | ${n} | ${c.killed} | ${c.survived} | ${c.noCoverage} | ${pct(c.killed, n)} | ${pct(c.killed, c.killed + c.survived)} |`,
  );
  for (const k of Object.keys(total)) total[k] += c[k];
}
const n = total.killed + total.survived + total.noCoverage;
lines.push(
  `| **all** | ${n} | ${total.killed} | ${total.survived} | ${total.noCoverage} | **${pct(total.killed, n)}** | ${pct(total.killed, total.killed + total.survived)} |`,
);
console.log(lines.join('\n'));
if (total.errors > 0)
  console.log(`(${total.errors} mutants ended in a runtime or compile error and are not counted)`);
writeFileSync('reports/mutation/survivors.txt', `${survivors.join('\n')}\n`);
console.log(`${survivors.length} not killed: reports/mutation/survivors.txt`);
