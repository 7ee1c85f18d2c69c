import { isMap, isSeq, LineCounter, type Node } from 'yaml';
import type { ScenarioProblem } from '../scenario/index.js';
// The module itself, not the barrel: the barrel is loaded by the live view's worker, which needs no yaml.
import { pairByKey, parseYamlDocument } from '../shared/yaml-document.js';

/** Path of a node in a YAML document as written: `['gate', 'required', 0]`. */
export type YamlPath = readonly (string | number)[];

export interface PositionedYaml {
  /** The document as plain data; undefined when it could not be read. */
  data: unknown;
  /** line:col of the node at `path` (of its key with `at: 'key'`), or of its deepest existing ancestor. */
  locate: (path: YamlPath, at?: 'key' | 'value') => { line: number; col: number };
  /** Syntax errors with their positions. */
  problems: ScenarioProblem[];
}

/**
 * Parses a small YAML config keeping positions (the scenario loader's approach: `parseDocument` with a
 * LineCounter), so every problem can say file:line:col. Never throws.
 */
export function readPositionedYaml(text: string, file: string): PositionedYaml {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, lineCounter);
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(line, 1), col: Math.max(col, 1) };
  };
  const locate = (path: YamlPath, at: 'key' | 'value' = 'value') => {
    let node: unknown = doc.contents;
    let best = offsetOf(node) ?? 0;
    for (const [index, segment] of path.entries()) {
      if (isMap(node)) {
        const pair = pairByKey(node, String(segment));
        if (!pair) break;
        if (index === path.length - 1 && at === 'key') return position(offsetOf(pair.key) ?? best);
        best = offsetOf(pair.value) ?? offsetOf(pair.key) ?? best;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment];
        best = offsetOf(node) ?? best;
      } else {
        break;
      }
    }
    return position(best);
  };
  const problems: ScenarioProblem[] = doc.errors.map((error) => ({
    file,
    ...position(error.pos[0]),
    path: '',
    message: `is not valid YAML: ${(error.message.split('\n')[0] ?? '').trim()} (${error.code})`,
  }));
  if (problems.length > 0) return { data: undefined, locate, problems };
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }), locate, problems };
  } catch (error) {
    const message = `could not be read: ${(error as Error).message.split('\n')[0]}`;
    return { data: undefined, locate, problems: [{ file, line: 1, col: 1, path: '', message }] };
  }
}

function offsetOf(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
