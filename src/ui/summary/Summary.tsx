import { Badge } from '@inkjs/ui';
import { Box, Text } from 'ink';
import { Table } from '../components/Table.js';
import { READINESS_COLOR, VERDICT_COLOR } from '../format.js';
import type { ReadinessSummary } from './readiness-summary.js';
import {
  DELTA_HEAD,
  deltaCells,
  filesText,
  PERFORMANCE_HEAD,
  PERFORMANCE_RIGHT,
  performanceCells,
} from './summary-text.js';

/** The readiness summary in Ink (the live reporter's last frame): the same content as summaryText. */
export function Summary({ summary: s }: { summary: ReadinessSummary }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text wrap="truncate-end">
        Readiness: <Badge color={READINESS_COLOR[s.status]}>{s.status}</Badge>{' '}
        {s.gate ? (
          <Text color="red" bold>
            · {s.gate}
          </Text>
        ) : (
          s.sentence
        )}
      </Text>
      <Text>Scenarios: {s.headline}</Text>
      {s.gateDeferred.map((d) => (
        <Text key={d}>Gate: {d}</Text>
      ))}
      <List title="Blockers" items={s.blockers} more={s.moreBlockers} mark="✗" color="red" />
      <List title="Risks" items={s.risks} more={s.moreRisks} mark="⚠" color="yellow" />
      {s.performance.length > 0 && (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Performance:</Text>
          <Table
            head={PERFORMANCE_HEAD}
            rows={s.performance.map(performanceCells)}
            right={PERFORMANCE_RIGHT}
            color={(row, col) => (col === 1 ? VERDICT_COLOR[s.performance[row]!.verdict] : undefined)}
          />
          {s.morePerformance > 0 && (
            <Text dimColor> … and {s.morePerformance} more scenarios (report.md)</Text>
          )}
        </Box>
      )}
      {s.baseline && (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>
            Against baseline {s.baseline.runId}:{' '}
            <Text color={s.baseline.regressions > 0 ? 'red' : 'green'}>
              {s.baseline.regressions === 0
                ? 'no regressions'
                : `${s.baseline.regressions} regression${s.baseline.regressions === 1 ? '' : 's'}`}
            </Text>
          </Text>
          {s.baseline.rows.length === 0 ? (
            <Text> nothing changed</Text>
          ) : (
            <Table
              head={DELTA_HEAD}
              rows={s.baseline.rows.map(deltaCells)}
              color={(row) => (s.baseline!.rows[row]!.regression ? 'red' : undefined)}
            />
          )}
          {s.baseline.more > 0 && <Text dimColor> … and {s.baseline.more} more changes (report.md)</Text>}
        </Box>
      )}
      <Box marginTop={1}>
        <Text>{filesText(s)}</Text>
      </Box>
    </Box>
  );
}

function List(props: { title: string; items: string[]; more: number; mark: string; color: string }) {
  if (props.items.length === 0) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>
        {props.title} ({props.items.length + props.more}):
      </Text>
      {props.items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
        <Text key={i} wrap="truncate-end">
          {'  '}
          <Text color={props.color}>{props.mark}</Text> {item}
        </Text>
      ))}
      {props.more > 0 && <Text dimColor> … and {props.more} more (report.md)</Text>}
    </Box>
  );
}
