const header = /^(\s*)(?:-\s+)?[^#\s][^#]*:\s*[|>][-+0-9]*\s*(?:#.*)?$/;

/**
 * When line `line` (1-based) of `text` sits just below a `|` or `>` block scalar and is indented less than
 * the block's first line, the likely cause of a YAML error there: that line ended the block, so YAML
 * read it as a key. Returns the sentence to add to the message, or '' when the line is not such a case.
 * Pure.
 */
export function blockScalarHint(text: string, line: number): string {
  const lines = text.split('\n');
  const at = lines[line - 1];
  if (at === undefined || at.trim() === '') return '';
  const indent = indentOf(at);
  for (let i = line - 2; i >= 0; i--) {
    const above = lines[i]!;
    if (above.trim() === '') continue;
    const found = header.exec(above);
    if (found !== null) {
      const content = lines.slice(i + 1, line - 1).find((l) => l.trim() !== '');
      if (content === undefined) return '';
      const blockIndent = indentOf(content);
      const keyIndent = found[1]!.length;
      return indent < blockIndent && indent >= keyIndent
        ? `; line ${line} is indented less than the first line of the block scalar at line ${i + 1} (${blockIndent} spaces), which ends the block there: indent it like the block's other lines`
        : '';
    }
    if (indentOf(above) <= indent) return ''; // a line at this depth or shallower: not inside a block
  }
  return '';
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
