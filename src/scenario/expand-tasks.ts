import type { z } from 'zod';
import { type DocPath, formatPath, type SourceLocation } from './problem.js';
import type { generatorSchema, taskSchema } from './schema-tasks.js';
import { renderRecord, renderTemplate, type TemplateVars } from './template.js';
import type { NormalizedTask, ResolvedPath, Solution } from './types.js';

type TaskParsed = z.output<typeof taskSchema>;
type GeneratorParsed = z.output<typeof generatorSchema>;
export type TasksParsed = (TaskParsed | GeneratorParsed)[] | GeneratorParsed;

export interface ExpandContext {
  /** Overrides every generator's count (`--scale N`). */
  scale?: number;
  locationOf: (path: DocPath) => SourceLocation;
  resolve: (written: string) => ResolvedPath;
}

/** Written tasks as they are; each generator expanded into its N tasks with `{{i}}` = 1..N. */
export function expandTasks(tasks: TasksParsed, context: ExpandContext): NormalizedTask[] {
  if (!Array.isArray(tasks)) return expandGenerator(tasks, origin(['tasks'], context), context);
  return tasks.flatMap((task, index) => {
    const where = origin(['tasks', index], context);
    return 'generate' in task ? expandGenerator(task, where, context) : [writtenTask(task, where, context)];
  });
}

interface Origin {
  location: SourceLocation;
  source: string;
}

function origin(path: DocPath, context: ExpandContext): Origin {
  return { location: context.locationOf(path), source: formatPath(path) };
}

function writtenTask(task: TaskParsed, where: Origin, context: ExpandContext): NormalizedTask {
  return {
    id: task.id,
    title: task.title,
    description: task.description ?? '',
    type: task.type,
    dependsOn: task.depends_on ?? [],
    priority: task.priority,
    ...(task.max_iterations === undefined ? {} : { maxIterations: task.max_iterations }),
    ...(task.milestone === undefined ? {} : { milestone: task.milestone }),
    ...(task.solution === undefined ? {} : { solution: solution(task.solution, {}, context) }),
    vars: {},
    ...where,
  };
}

function expandGenerator(
  generator: GeneratorParsed,
  where: Origin,
  context: ExpandContext,
): NormalizedTask[] {
  const count = context.scale ?? generator.generate;
  return Array.from({ length: count }, (_, k) => {
    const vars = { i: k + 1 };
    const fill = (text: string) => renderTemplate(text, vars);
    return {
      id: fill(generator.id),
      title: fill(generator.title),
      description: fill(generator.description ?? ''),
      type: generator.type,
      dependsOn: (generator.depends_on ?? []).map(fill),
      priority: generator.priority,
      ...(generator.max_iterations === undefined ? {} : { maxIterations: generator.max_iterations }),
      ...(generator.milestone === undefined ? {} : { milestone: fill(generator.milestone) }),
      ...(generator.solution === undefined ? {} : { solution: solution(generator.solution, vars, context) }),
      vars,
      ...where,
    };
  });
}

/** A solution with its folder resolved and its files templated with `vars` (none for written tasks). */
export function solution(
  written: { dir?: string | undefined; files?: Record<string, string> | undefined },
  vars: TemplateVars,
  context: Pick<ExpandContext, 'resolve'>,
): Solution {
  return {
    ...(written.dir === undefined ? {} : { dir: context.resolve(renderTemplate(written.dir, vars)) }),
    files: renderRecord(written.files ?? {}, vars),
  };
}
