// The named, fixed sample of mutants `npm run mutation` tests (docs/DETECTION.md, "Mutation testing").
//
// Stryker's instrumenter lists every mutant of src/core; mutants are grouped by their site (a node of the
// source: all the mutators that apply to it); a site is in the sample when a hash of the seed, its file
// and its location falls on 0 modulo the rate. The sample is a pure function of (seed, rate, source): the
// same code gives the same sample, and a change moves only the sites it touches.
//
// Stryker then mutates exactly the sampled sites: its `mutate` ranges are their locations, and the
// `sample` ignorer (ignorer.mjs) ignores every node inside a range that is not itself a sampled site.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Instrumenter } from '@stryker-mutator/instrumenter';

export const DEFAULT_SEED = 'obra-2026-12';
export const DEFAULT_RATE = 20;

const quiet = new Proxy({}, { get: (_, key) => (String(key).startsWith('is') ? () => false : () => {}) });

/** `{start:{line,column}, end:{line,column}}` (Stryker's: 0-based lines) as a key. */
export const siteKey = (file, loc) =>
  `${file}:${loc.start.line}:${loc.start.column}-${loc.end.line}:${loc.end.column}`;

/** Stryker's `mutate` range string for a location (its lines are 1-based there). */
export const rangeOf = (file, loc) =>
  `${file}:${loc.start.line + 1}:${loc.start.column}-${loc.end.line + 1}:${loc.end.column}`;

/** Every mutant of these files, as Stryker's instrumenter makes them. */
export async function listMutants(files) {
  const instrumenter = new Instrumenter(quiet);
  const result = await instrumenter.instrument(
    files.map((name) => ({ name, content: readFileSync(name, 'utf8'), mutate: true })),
    { plugins: null, excludedMutations: [], ignorers: [], noHeader: false, ignoreStatic: false },
  );
  return result.mutants.map((m) => ({
    file: m.fileName,
    location: m.location,
    mutator: m.mutatorName,
    replacement: m.replacement,
  }));
}

/** The sampled sites of a mutant list. Pure. */
export function sampleSites(mutants, { seed = DEFAULT_SEED, rate = DEFAULT_RATE } = {}) {
  const sites = new Map();
  for (const mutant of mutants) {
    const key = siteKey(mutant.file, mutant.location);
    const site = sites.get(key) ?? { file: mutant.file, location: mutant.location, mutants: 0 };
    site.mutants++;
    sites.set(key, site);
  }
  const chosen = [...sites.entries()].filter(([key]) => {
    if (rate <= 1) return true;
    const hash = createHash('sha256').update(`${seed}\n${key}`).digest();
    return hash.readUInt32BE(0) % rate === 0;
  });
  return {
    seed,
    rate,
    totalMutants: mutants.length,
    totalSites: sites.size,
    sites: chosen.map(([key, site]) => ({ key, ...site })),
    sampledMutants: chosen.reduce((n, [, site]) => n + site.mutants, 0),
  };
}
