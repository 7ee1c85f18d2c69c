/** The text of a chunk handed to a stream's `write` (a string, or bytes read as UTF-8). */
export function chunkText(chunk: unknown): string {
  return typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
}

/**
 * Sends every write of `stream` to `route` as text, calling a write's callback at once as a synchronous
 * write would, until the returned function restores the stream's own `write` (unless something else
 * replaced it since). Used for stderr while a live view is up: text goes through Ink, above the frame.
 */
export function routeWrites(stream: NodeJS.WriteStream, route: (text: string) => void): () => void {
  const original = stream.write;
  const routed = ((chunk: unknown, ...rest: unknown[]) => {
    route(chunkText(chunk));
    rest.find((r): r is () => void => typeof r === 'function')?.();
    return true;
  }) as typeof stream.write;
  stream.write = routed;
  return () => {
    if (stream.write === routed) stream.write = original;
  };
}
