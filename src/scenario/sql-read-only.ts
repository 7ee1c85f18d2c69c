/** Statements a sql check may run: they read the attempt's database and never change it. */
const READ_ONLY_STARTS = ['SELECT', 'WITH', 'PRAGMA', 'VALUES'] as const;
/** A WITH clause may lead into a write (`WITH t AS (...) DELETE FROM ...`); `replace(` is a function. */
const WRITE_AFTER_WITH = /\b(INSERT|UPDATE|DELETE|REPLACE)\b(?!\s*\()/i;

/**
 * Why `sql` is not a single read-only statement, or undefined when it is. Comments and quoted text
 * are ignored. A second line of defence: the checks open the database read-only.
 */
export function sqlWriteReason(sql: string): string | undefined {
  const code = stripLiterals(sql);
  const statements = code
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (statements.length === 0) return 'is empty';
  if (statements.length > 1) return 'must be a single statement';
  const statement = statements[0]!;
  const first = /^[A-Za-z]+/.exec(statement)?.[0]?.toUpperCase() ?? '';
  if (!(READ_ONLY_STARTS as readonly string[]).includes(first)) {
    return `must be read-only (SELECT, WITH or PRAGMA); it starts with ${first === '' ? 'no keyword' : first}`;
  }
  const write = first === 'WITH' ? WRITE_AFTER_WITH.exec(statement)?.[1] : undefined;
  if (write !== undefined) return `must be read-only; it contains ${write.toUpperCase()}`;
  if (first === 'PRAGMA' && statement.includes('='))
    return 'must be read-only; a PRAGMA with "=" changes a setting';
  return undefined;
}

/** Replaces comments, string literals and quoted identifiers by spaces. */
function stripLiterals(sql: string): string {
  return sql.replace(
    /--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`[^`]*`?|\[[^\]]*\]?/g,
    ' ',
  );
}
