/** `v20.20.2` or `20.19` → [20, 20, 2] / [20, 19, 0]; undefined when it is not a version. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

/**
 * Whether `version` satisfies an engines range made of `>=X.Y.Z` terms joined by `||` (any term) or
 * spaces (every term); other operators are not understood: undefined, shown as "cannot tell". Pure.
 */
export function satisfiesEngines(version: string, range: string): boolean | undefined {
  const actual = parseVersion(version);
  if (!actual) return undefined;
  const alternatives = range.split('||').map((alt) => alt.trim().split(/\s+/).filter(Boolean));
  let result = false;
  for (const terms of alternatives) {
    let all = true;
    for (const term of terms) {
      const match = /^>=\s*(.+)$/.exec(term);
      const wanted = match ? parseVersion(match[1]!) : undefined;
      if (!wanted) return undefined;
      if (compare(actual, wanted) < 0) all = false;
    }
    if (all) result = true;
  }
  return result;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
