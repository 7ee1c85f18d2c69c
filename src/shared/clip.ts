/**
 * `text` on one line (whitespace runs folded) and at most `max` characters: cut at the last space within
 * the final 40 characters when there is one, never inside a word otherwise shown whole, and ended with
 * `…` so a reader sees that it was cut. Pure.
 */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(' ');
  return `${space >= cut.length - 40 && space > 0 ? cut.slice(0, space) : cut}…`;
}
