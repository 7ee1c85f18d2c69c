/**
 * Pure glob matching for the plugin's `include` patterns, relative to the Vitest root with "/" separators:
 * `**` (any folders, including none), `*` (any run of characters but "/"), `?` (one character but "/"),
 * `{a,b}` (either). Enough for scenario file patterns; no extglobs, no character classes.
 */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  let i = 0;
  const text = pattern.replace(/^\.\//, '');
  while (i < text.length) {
    const ch = text[i]!;
    if (text.startsWith('**/', i)) {
      source += '(?:[^/]*/)*';
      i += 3;
    } else if (text.startsWith('**', i)) {
      source += '.*';
      i += 2;
    } else if (ch === '*') {
      source += '[^/]*';
      i++;
    } else if (ch === '?') {
      source += '[^/]';
      i++;
    } else if (ch === '{') {
      const end = text.indexOf('}', i);
      if (end === -1) {
        source += '\\{';
        i++;
        continue;
      }
      const options = text.slice(i + 1, end).split(',');
      source += `(?:${options.map((o) => globToRegExp(o).source.slice(1, -1)).join('|')})`;
      i = end + 1;
    } else {
      source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
      i++;
    }
  }
  return new RegExp(`^${source}$`);
}

/** True when the root-relative path (with "/") matches one of the patterns. */
export function matchesAny(relPath: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => globToRegExp(p).test(relPath));
}
