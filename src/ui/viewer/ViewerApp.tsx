import { Badge } from '@inkjs/ui';
import { Box, type Key, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { gateHeadline } from '../../report/index.js';
import { duration, plural, READINESS_COLOR, truncate } from '../format.js';
import type { LoadedRun } from './load-run.js';
import {
  clampOffset,
  initialViewerState,
  type Layout,
  type ViewerAction,
  type ViewerState,
  viewerReducer,
} from './navigation.js';
import { type Content, crumb, type Row, type Screen, screenContent, visibleRows } from './screens.js';

/** Lines around the body: header, breadcrumb, title, footer, and one spare (Ink redraws in place below the height). */
const CHROME = 5;

/** The terminal size, following resizes. */
export function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read only closes over stdout
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** One (input, key) per character of plain text that arrived in one chunk; anything else as it came. */
export function splitKeys(input: string, key: Key): [string, Key][] {
  if (input.length <= 1 || key.ctrl || key.meta || input.includes('\u001b')) return [[input, key]];
  return [...input].map((char): [string, Key] =>
    char === '\r' || char === '\n'
      ? ['', { ...NO_KEY, return: true }]
      : char === '\u007f' || char === '\b'
        ? ['', { ...NO_KEY, backspace: true }]
        : [char, NO_KEY],
  );
}

/** The breadcrumb cut from the start to `width` (the deepest levels matter most), padded to it. */
function crumbLine(path: string, width: number): string {
  if (width <= 1) return '';
  return path.length <= width ? path.padEnd(width) : `…${path.slice(path.length - width + 1)}`;
}

type DisplayLine = { heading: string } | { row: Row; index: number };

function displayLines(rows: readonly Row[]): { lines: DisplayLine[]; rowLine: number[] } {
  const lines: DisplayLine[] = [];
  const rowLine: number[] = [];
  rows.forEach((row, index) => {
    if (row.section) lines.push({ heading: row.section });
    rowLine.push(lines.length);
    lines.push({ row, index });
  });
  return { lines, rowLine };
}

/**
 * The interactive report viewer: scenarios (and the run's findings) → attempts → tasks, checks and
 * findings → iterations → one iteration, check or finding in full. Keys in the footer.
 */
export function ViewerApp({ run }: { run: LoadedRun }) {
  const { exit } = useApp();
  const { columns, rows: terminalRows } = useTerminalSize();
  const width = Math.max(20, columns);
  const height = Math.max(3, terminalRows - CHROME);
  const [state, setState] = useState<ViewerState>(initialViewerState);
  // Content per screen (and width): computed once, also for keys that arrive before the next render.
  const cache = useRef(new WeakMap<Screen, { width: number; content: Content }>());
  // The event log is read once the first screen is up (effects run after it): then every screen is built again.
  const [, setDetailsSettled] = useState(run.detailsStatus().state !== 'loading');
  useEffect(() => {
    let mounted = true;
    run.loadDetails().then(() => {
      if (!mounted) return;
      cache.current = new WeakMap();
      setDetailsSettled(true);
    });
    return () => {
      mounted = false;
    };
  }, [run]);
  const contentOf = (screen: Screen): Content => {
    const known = cache.current.get(screen);
    if (known && known.width === width) return known.content;
    const content = screenContent(run, screen, width);
    cache.current.set(screen, { width, content });
    return content;
  };
  const view = (s: ViewerState) => {
    const top = s.stack.at(-1)!;
    const content = contentOf(top.screen);
    const shown = content.kind === 'list' ? visibleRows(content.rows, top.filter, s.failuresOnly) : [];
    const display = displayLines(shown);
    const layout: Layout = {
      rows: shown,
      rowLine: display.rowLine,
      lineCount: content.kind === 'list' ? display.lines.length : content.lines.length,
      height,
      isList: content.kind === 'list',
    };
    return { top, content, display, layout };
  };
  const { top, content, display, layout } = view(state);
  const entry = clampOffset(top, layout);
  // Keys can arrive faster than frames (or several in one chunk): each one sees the state the
  // previous one left, and the layout of that state, not of the last frame.
  const stateRef = useRef(state);
  stateRef.current = state;
  const dispatch = (action: ViewerAction) => {
    stateRef.current = viewerReducer(stateRef.current, action, view(stateRef.current).layout);
    setState(stateRef.current);
  };

  useInput((input, key) => {
    // Keys typed faster than a frame arrive as one string ("j\r"): handle them one by one.
    for (const [char, k] of splitKeys(input, key)) handleKey(char, k);
  });
  const handleKey = (input: string, key: Key) => {
    if (stateRef.current.editing) {
      if (key.return) dispatch({ type: 'filter-done' });
      else if (key.escape) dispatch({ type: 'filter-cancel' });
      else if (key.backspace || key.delete) dispatch({ type: 'filter-erase' });
      else if (input && !key.ctrl && !key.meta) dispatch({ type: 'filter-type', text: input });
      return;
    }
    if (input === 'q') exit();
    else if (key.downArrow || input === 'j') dispatch({ type: 'move', by: 1 });
    else if (key.upArrow || input === 'k') dispatch({ type: 'move', by: -1 });
    else if (key.pageDown || input === ' ') dispatch({ type: 'move', by: height });
    else if (key.pageUp) dispatch({ type: 'move', by: -height });
    else if (key.home || input === 'g') dispatch({ type: 'home' });
    else if (key.end || input === 'G') dispatch({ type: 'end' });
    else if (key.return || key.rightArrow || input === 'l') dispatch({ type: 'open' });
    else if (key.escape || key.leftArrow || key.backspace || input === 'h') dispatch({ type: 'back' });
    else if (input === '/') dispatch({ type: 'filter-start' });
    else if (input === 'f') dispatch({ type: 'failures' });
  };

  const report = run.report;
  const counts = (['passed', 'failed', 'flaky', 'error', 'blocked', 'skipped'] as const)
    .filter((k) => report.summary[k] > 0)
    .map((k) => `${report.summary[k]} ${k}`)
    .join(', ');
  const gate = gateHeadline(report);
  const path = state.stack.map((e) => crumb(e.screen)).join(' › ');
  const position =
    layout.lineCount > height
      ? `${entry.offset + 1}–${Math.min(entry.offset + height, layout.lineCount)} of ${layout.lineCount}`
      : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>run {report.runId}</Text>{' '}
        <Badge color={READINESS_COLOR[report.readiness.status]}>{report.readiness.status}</Badge>{' '}
        {counts || 'no scenario'}
        {' · '}
        {plural(report.summary.attempts, 'attempt')} · {duration(report.durationMs)}
        {report.interrupted ? ' · interrupted' : ''}
        {gate ? (
          <Text color="red" bold>
            {' · '}
            {gate}
          </Text>
        ) : (
          ''
        )}
      </Text>
      <Text wrap="truncate-end">
        <Text color="cyan">{crumbLine(path, width - position.length - 1)}</Text>
        {position ? ` ${position}` : ''}
      </Text>
      <Text bold wrap="truncate-end">
        {content.title}
      </Text>
      <Box flexDirection="column" height={height}>
        {content.kind === 'list' ? (
          <ListBody
            lines={display.lines.slice(entry.offset, entry.offset + height)}
            selected={entry.selected}
            width={width}
            empty={
              content.rows.length === 0
                ? content.empty
                : `nothing matches${top.filter ? ` "${top.filter}"` : ''}${state.failuresOnly ? ' among the failures (f shows all)' : ''}`
            }
          />
        ) : (
          content.lines.slice(entry.offset, entry.offset + height).map((line, i) => (
            <Text
              // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
              key={entry.offset + i}
              wrap="truncate-end"
              {...(line.color ? { color: line.color } : {})}
              bold={line.bold ?? false}
              dimColor={line.dim ?? false}
            >
              {line.text || ' '}
            </Text>
          ))
        )}
      </Box>
      <Footer state={state} filter={top.filter} isList={content.kind === 'list'} width={width} />
    </Box>
  );
}

function ListBody(props: { lines: DisplayLine[]; selected: number; width: number; empty: string }) {
  if (props.lines.length === 0) return <Text dimColor>{props.empty}</Text>;
  return (
    <>
      {props.lines.map((line) =>
        'heading' in line ? (
          <Text key={`h:${line.heading}`} bold dimColor wrap="truncate-end">
            {line.heading}
          </Text>
        ) : (
          <RowLine
            key={line.row.key}
            row={line.row}
            selected={line.index === props.selected}
            width={props.width}
          />
        ),
      )}
    </>
  );
}

function RowLine({ row, selected, width }: { row: Row; selected: boolean; width: number }) {
  const text = truncate(row.text, width - 5);
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {selected ? '› ' : '  '}
      <Text {...(row.color ? { color: row.color } : {})}>{row.mark}</Text> {text}
      {row.open ? '' : ' '}
    </Text>
  );
}

function Footer(props: { state: ViewerState; filter: string; isList: boolean; width: number }) {
  const { state, filter } = props;
  if (state.editing) {
    return (
      <Text wrap="truncate-start">
        <Text color="cyan">/</Text>
        {filter}
        <Text inverse> </Text>
        <Text dimColor> enter keep · esc clear</Text>
      </Text>
    );
  }
  const keys = props.isList
    ? '↑↓/jk move · enter open · esc back · / filter · f failures · q quit'
    : '↑↓/jk scroll · esc back · q quit';
  const flags = [
    ...(filter ? [`filter "${filter}"`] : []),
    ...(state.failuresOnly ? ['failures only'] : []),
  ].join(' · ');
  return (
    <Box justifyContent="space-between">
      <Text dimColor wrap="truncate-end">
        {keys}
      </Text>
      {flags ? <Text color="yellow">{` ${flags}`}</Text> : null}
    </Box>
  );
}
