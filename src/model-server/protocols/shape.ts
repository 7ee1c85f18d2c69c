/** Lenient readers for request bodies: real clients send unusual shapes, so nothing here throws. */

export type Json = Record<string, unknown>;

export function record(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Text of a content value: a string, or the text of the text blocks of an array, joined with "\n". */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return list(content)
    .map(record)
    .filter((block) => typeof block.text === 'string' && (block.type === undefined || block.type === 'text'))
    .map((block) => block.text as string)
    .join('\n');
}

/** Parses a JSON text, or returns undefined (for recorded upstream replies, which may be cut). */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `data:` payloads of an SSE text, with their `event:` names. */
export function sseEvents(text: string): Array<{ event: string; data: string }> {
  const events: Array<{ event: string; data: string }> = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event = '';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return events;
}

/** One SSE frame. */
export function sseFrame(data: unknown, event?: string): string {
  const head = event === undefined ? '' : `event: ${event}\n`;
  return `${head}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}
