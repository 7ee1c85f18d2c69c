/** Where the viewer is: one screen per level, from the run down to one iteration or one finding. */
export type Screen =
  | { kind: 'run' }
  | { kind: 'scenario'; name: string }
  | { kind: 'attempt'; attemptId: string }
  | { kind: 'task'; attemptId: string; taskId: number }
  | { kind: 'iteration'; attemptId: string; taskId: number; iteration: number }
  | { kind: 'finding'; index: number }
  | { kind: 'check'; attemptId: string; id: string }
  | { kind: 'attempt-finding'; attemptId: string; index: number };

/** One selectable line of a list screen. */
export interface Row {
  key: string;
  mark: string;
  color?: string;
  /** The whole line after the mark (the filter matches it). */
  text: string;
  /** Not passed / not completed: kept by "failures only". */
  failing: boolean;
  /** The screen Enter opens; none for rows that lead nowhere. */
  open?: Screen;
  /** A heading printed above this row (the first row of a section). */
  section?: string;
}

/** One line of a detail screen (already wrapped to the width). */
export interface Line {
  text: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
}

export type Content =
  | { kind: 'list'; title: string; rows: Row[]; empty: string }
  | { kind: 'detail'; title: string; lines: Line[] };
