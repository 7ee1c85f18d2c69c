import type { Row, Screen } from './screens.js';

/** One level of the viewer: its screen, the selected row (lists) and the first line shown. */
export interface Entry {
  screen: Screen;
  /** Index into the visible rows of a list. */
  selected: number;
  /** First display line shown (lists: headings count as lines; details: the scroll position). */
  offset: number;
  /** The list's filter (each level keeps its own). */
  filter: string;
}

export interface ViewerState {
  stack: Entry[];
  /** Typing a filter (after `/`). */
  editing: boolean;
  /** `f`: only rows that did not pass, on every level. */
  failuresOnly: boolean;
}

export type ViewerAction =
  | { type: 'move'; by: number }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'open' }
  | { type: 'back' }
  | { type: 'filter-start' }
  | { type: 'filter-type'; text: string }
  | { type: 'filter-erase' }
  | { type: 'filter-done' }
  | { type: 'filter-cancel' }
  | { type: 'failures' };

/** What the reducer needs to know about the current screen as displayed. */
export interface Layout {
  /** Visible rows of a list (after filter and "failures only"); empty for a detail. */
  rows: readonly Row[];
  /** Display line of each visible row (headings take lines too). */
  rowLine: readonly number[];
  /** Display lines of the screen (list: rows + headings; detail: wrapped lines). */
  lineCount: number;
  /** Lines the body shows. */
  height: number;
  isList: boolean;
}

export const initialViewerState = (): ViewerState => ({
  stack: [{ screen: { kind: 'run' }, selected: 0, offset: 0, filter: '' }],
  editing: false,
  failuresOnly: false,
});

/** Keeps the selected row's line (and the heading just above it) inside the window. */
export function clampOffset(entry: Entry, layout: Layout): Entry {
  const maxOffset = Math.max(0, layout.lineCount - layout.height);
  if (!layout.isList) return { ...entry, offset: Math.min(Math.max(0, entry.offset), maxOffset) };
  const selected = Math.min(Math.max(0, entry.selected), Math.max(0, layout.rows.length - 1));
  const line = layout.rowLine[selected] ?? 0;
  let offset = entry.offset;
  if (line < offset) offset = line;
  if (line >= offset + layout.height) offset = line - layout.height + 1;
  // Show the section heading right above the selected row when there is room.
  if (offset === line && line > 0 && layout.rows[selected]?.section) offset = line - 1;
  return { ...entry, selected, offset: Math.min(Math.max(0, offset), maxOffset) };
}

/** The viewer's keyboard logic, pure: a state and an action (and the screen's layout) give the next state. */
export function viewerReducer(state: ViewerState, action: ViewerAction, layout: Layout): ViewerState {
  const top = state.stack.at(-1)!;
  const replaceTop = (entry: Entry, extra: Partial<ViewerState> = {}): ViewerState => ({
    ...state,
    ...extra,
    stack: [...state.stack.slice(0, -1), clampOffset(entry, layout)],
  });
  const step = (by: number): Entry =>
    layout.isList ? { ...top, selected: top.selected + by } : { ...top, offset: top.offset + by };
  switch (action.type) {
    case 'move':
      return replaceTop(step(action.by));
    case 'home':
      return replaceTop({ ...top, selected: 0, offset: 0 });
    case 'end':
      return replaceTop(
        layout.isList ? { ...top, selected: layout.rows.length - 1 } : { ...top, offset: layout.lineCount },
      );
    case 'open': {
      const target = layout.isList ? layout.rows[top.selected]?.open : undefined;
      if (!target) return state;
      return {
        ...state,
        editing: false,
        stack: [...state.stack, { screen: target, selected: 0, offset: 0, filter: '' }],
      };
    }
    case 'back':
      if (state.stack.length === 1) return state;
      return { ...state, editing: false, stack: state.stack.slice(0, -1) };
    case 'filter-start':
      return layout.isList ? { ...state, editing: true } : state;
    case 'filter-type':
      return { ...replaceTop({ ...top, filter: top.filter + action.text, selected: 0, offset: 0 }) };
    case 'filter-erase':
      return replaceTop({ ...top, filter: top.filter.slice(0, -1), selected: 0, offset: 0 });
    case 'filter-done':
      return { ...state, editing: false };
    case 'filter-cancel':
      return replaceTop({ ...top, filter: '', selected: 0, offset: 0 }, { editing: false });
    case 'failures':
      return replaceTop({ ...top, selected: 0, offset: 0 }, { failuresOnly: !state.failuresOnly });
  }
}
