import { z } from 'zod';
import { scenarioSchema } from './schema.js';

/** Where editors find the schema from a shipped scenario (first line of every scenario file). */
export const SCHEMA_COMMENT = '# yaml-language-server: $schema=../schema/scenario.schema.json';

/**
 * The JSON Schema of scenario files (draft 2020-12), generated from scenarioSchema: what a user may
 * write (defaults are optional). Committed as schema/scenario.schema.json; printed by `obra-validate schema`.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'obra-validate scenario',
    $comment:
      'Generated from src/scenario/schema*.ts by `node --import tsx src/scenario/write-json-schema.ts`; do not edit by hand.',
    ...rest,
  };
}

/** The schema as committed: 2-space JSON with a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
