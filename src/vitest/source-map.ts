/** 1-based position in the scenario file. */
export interface YamlPosition {
  line: number;
  col: number;
}

export interface SourceMapV3 {
  version: 3;
  file: string;
  sources: string[];
  sourcesContent: string[];
  names: string[];
  mappings: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 VLQ of one signed integer (the source map v3 encoding). */
export function vlq(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += BASE64[digit];
  } while (rest > 0);
  return out;
}

/**
 * A source map from generated lines to the scenario file (pure): generated line i (0-based) maps, from
 * its first column, to `positions[i]`, so a stack frame on that line points at that YAML position.
 */
export function lineSourceMap(
  file: string,
  source: string,
  generatedName: string,
  positions: readonly YamlPosition[],
): SourceMapV3 {
  let prevLine = 0;
  let prevCol = 0;
  const lines = positions.map((pos) => {
    const line = pos.line - 1;
    const col = pos.col - 1;
    const segment = `${vlq(0)}${vlq(0)}${vlq(line - prevLine)}${vlq(col - prevCol)}`;
    prevLine = line;
    prevCol = col;
    return segment;
  });
  return {
    version: 3,
    file: generatedName,
    sources: [file],
    sourcesContent: [source],
    names: [],
    mappings: lines.join(';'),
  };
}
