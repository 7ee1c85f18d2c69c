/**
 * Wraps text to `width` columns: at spaces when it can, hard inside words longer than a line. Keeps
 * blank lines; tabs become two spaces; trailing spaces go. Pure, for the viewer's scrollable details
 * (scrolling counts screen lines, so wrapping happens before rendering).
 */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const room = Math.max(1, width - indent.length);
  const out: string[] = [];
  for (const raw of text.replace(/\t/g, '  ').replace(/\r/g, '').split('\n')) {
    let line = raw.trimEnd();
    if (line === '') {
      out.push('');
      continue;
    }
    while (line.length > room) {
      const space = line.lastIndexOf(' ', room);
      const cut = space > room / 3 ? space : room;
      out.push(indent + line.slice(0, cut).trimEnd());
      line = line.slice(cut).trimStart();
    }
    out.push(indent + line);
  }
  return out;
}
