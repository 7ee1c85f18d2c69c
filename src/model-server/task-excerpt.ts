/** The most an excerpt of a user text quotes (characters, before the ellipsis). */
export const MAX_EXCERPT_CHARS = 160;

const REMINDER_OPEN = '<system-reminder>';
const REMINDER_CLOSE = '</system-reminder>';

/**
 * The part of a user text that tells which task a request is about, for a cassette miss: the
 * orchestrator's prompt (src/core/orchestrator/prompt.ts: `Task: <title>`, `Working directory: ...`, a
 * blank line, the description, then feedback and a fixed closing instruction) gives its `Task:` line and
 * the description's first line, plus how many earlier iterations sent feedback; any other text gives its
 * first line. Claude Code's `<system-reminder>` blocks (before and after the prompt) are left out.
 * Whitespace is flattened and the result bounded to `max` characters. Pure, linear in the text.
 */
export function taskExcerpt(text: string, max = MAX_EXCERPT_CHARS): string {
  const lines = withoutReminders(text).split('\n');
  const taskLine = lines.findIndex((line) => /^Task: \S/.test(line.trim()));
  const parts =
    taskLine >= 0 ? orchestratorParts(lines, taskLine) : [lines.find((line) => line.trim() !== '') ?? ''];
  return bound(
    parts
      .map(flatten)
      .filter((part) => part !== '')
      .join(' — '),
    max,
  );
}

function orchestratorParts(lines: readonly string[], taskLine: number): string[] {
  const parts = [lines[taskLine] ?? ''];
  // `Working directory:` follows the title, then one blank line, then the description (maybe empty).
  const hasDirectory = /^Working directory:/.test(lines[taskLine + 1]?.trim() ?? '');
  if (hasDirectory && lines[taskLine + 2]?.trim() === '') parts.push(lines[taskLine + 3] ?? '');
  const feedback = lines.findIndex((line) => line.trim() === 'Feedback from earlier iterations:');
  if (feedback > taskLine) {
    let count = 0;
    while (/^- Iteration \d+:/.test(lines[feedback + 1 + count]?.trim() ?? '')) count++;
    if (count > 0) parts.push(`(feedback from ${count} earlier iteration${count === 1 ? '' : 's'})`);
  }
  return parts;
}

/** The text without `<system-reminder>…</system-reminder>` blocks (an unclosed one runs to the end). */
function withoutReminders(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf(REMINDER_OPEN, from);
    if (open < 0) return out + text.slice(from);
    out += `${text.slice(from, open)}\n`;
    const close = text.indexOf(REMINDER_CLOSE, open + REMINDER_OPEN.length);
    if (close < 0) return out;
    from = close + REMINDER_CLOSE.length;
  }
}

function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function bound(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
