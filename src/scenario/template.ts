/** Variables of a task made by a generator, e.g. `{ i: 3 }`. */
export type TemplateVars = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Replaces `{{name}}` (spaces allowed inside the braces) with the variable's value. Placeholders of
 * unknown variables are left as written: `{{prompt}}`, `{{input}}` and `{{cwd}}` are filled later, at run time.
 */
export function renderTemplate(text: string, vars: TemplateVars): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

/** renderTemplate over the keys and values of a record. */
export function renderRecord(
  record: Readonly<Record<string, string>>,
  vars: TemplateVars,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [renderTemplate(key, vars), renderTemplate(value, vars)]),
  );
}
