// A Stryker ignorer plugin ("sample"): inside the `mutate` ranges of the sampled sites, every node that
// is not itself a sampled site is ignored, so exactly the sample's mutants are tested (sample.mjs).
// The sample's site keys are read from the file OBRA_MUTATION_SAMPLE names.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

let sample;
/** The sampled site keys, and each file's sites as numbers (for the ancestor test). */
function sampled() {
  if (sample) return sample;
  const file = process.env.OBRA_MUTATION_SAMPLE;
  const sites = file ? JSON.parse(readFileSync(file, 'utf8')).sites : [];
  const byFile = new Map();
  for (const site of sites) {
    const list = byFile.get(site.file) ?? [];
    list.push(site.location);
    byFile.set(site.file, list);
  }
  sample = { keys: new Set(sites.map((s) => s.key)), byFile };
  return sample;
}

const keyOf = (file, loc) =>
  `${file}:${loc.start.line - 1}:${loc.start.column}-${loc.end.line - 1}:${loc.end.column}`;

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'sample', {
    shouldIgnore(path) {
      const loc = path.node.loc;
      const file = path.hub?.file?.opts?.filename;
      if (!loc || !file) return undefined;
      const rel = relative(process.cwd(), file).split('\\').join('/');
      const { keys, byFile } = sampled();
      if (keys.has(keyOf(rel, loc))) return undefined;
      // An ancestor of a sampled site must be entered (its own mutants are outside every range).
      for (const site of byFile.get(rel) ?? []) if (contains(loc, site)) return undefined;
      return 'not in the sample (npm run mutation samples mutant sites; docs/DETECTION.md)';
    },
  }),
];

/** True when the node at `loc` (Babel's: 1-based lines) contains the site (Stryker's: 0-based lines). */
function contains(loc, site) {
  const start = { line: loc.start.line - 1, column: loc.start.column };
  const end = { line: loc.end.line - 1, column: loc.end.column };
  const startsBefore =
    start.line < site.start.line || (start.line === site.start.line && start.column <= site.start.column);
  const endsAfter = end.line > site.end.line || (end.line === site.end.line && end.column >= site.end.column);
  return startsBefore && endsAfter;
}
