/**
 * Reply templates: `{{cwd}}` (the client's working directory, from the request) and `{{name}}` (a value
 * captured from the first user message). Only `{{identifier}}` is a placeholder; other `{{...}}` text
 * (`{{ a.b }}`, `{{#each}}`) is left alone, and `\{{` writes a literal `{{` (`\{{name}}` → `{{name}}`).
 */
const placeholder = /\\\{\{|\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const unescapedPlaceholder = /\{\{(?=\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\})/g;

/** The placeholder names a string uses, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(placeholder)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
}

/** Fills the placeholders of one string; a name missing from `values` is left as written. */
export function fillString(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(placeholder, (whole, name: string | undefined) =>
    name === undefined ? '{{' : (values[name] ?? whole),
  );
}

/** Escapes every `{{identifier}}` of a literal text so it survives as written (record mode). */
export function escapePlaceholders(text: string): string {
  return text.replace(unescapedPlaceholder, '\\{{');
}

/** Fills every string inside a JSON-like value (objects and arrays deeply; keys are left alone). */
export function fillDeep<T>(value: T, values: Readonly<Record<string, string>>): T {
  return mapStrings(value, (text) => fillString(text, values));
}

/** Every string inside a JSON-like value with its path, for checks at parse time. */
export function* stringsIn(value: unknown, path: PropertyKey[] = []): Generator<[string, PropertyKey[]]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* stringsIn(item, [...path, i]);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* stringsIn(item, [...path, key]);
  }
}

/** Applies `change` to every string inside a JSON-like value (objects and arrays deeply). */
export function mapStrings<T>(value: T, change: (text: string) => string): T {
  if (typeof value === 'string') return change(value) as T;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, change)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = mapStrings(item, change);
    return out as T;
  }
  return value;
}

/**
 * A literal upstream reply as a template (record mode): its own `{{identifier}}` text escaped, then each
 * occurrence of `cwd` replaced by `{{cwd}}`.
 */
export function templatize<T>(value: T, cwd: string | undefined): T {
  return mapStrings(value, (text) => {
    const escaped = escapePlaceholders(text);
    return cwd ? escaped.split(cwd).join('{{cwd}}') : escaped;
  });
}
