const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * An independent decoder of source map v3 mappings (first segment of each line), for tests:
 * [generated column, source index, source line, source column], all absolute and 0-based.
 */
export function decodeMappings(mappings: string): number[][] {
  const state = [0, 0, 0, 0];
  return mappings.split(';').map((segment) => {
    const values: number[] = [];
    let shift = 0;
    let value = 0;
    for (const ch of segment.split(',')[0]!) {
      const digit = CHARS.indexOf(ch);
      value += (digit & 31) << shift;
      if (digit & 32) {
        shift += 5;
      } else {
        values.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    state[0] = 0;
    return values.map((v, i) => {
      state[i] = state[i]! + v;
      return state[i]!;
    });
  });
}
