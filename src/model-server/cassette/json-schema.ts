import { z } from 'zod';
import { cassetteSchema } from './schema.js';

/**
 * The published JSON Schema of cassette files (schema/cassette.schema.json), for editors
 * (`# yaml-language-server: $schema=../../schema/cassette.schema.json`). Generated from the zod schema;
 * write it with `npx tsx src/model-server/cassette/write-json-schema.ts` (a test fails when the committed
 * file is stale).
 */
export function cassetteJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(cassetteSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    $schema,
    title: 'obra-validate cassette',
    $comment:
      'Generated from src/model-server/cassette/schema.ts by `npx tsx src/model-server/cassette/write-json-schema.ts`; do not edit by hand.',
    ...rest,
  };
}

/** The file's exact text (2-space JSON and a final newline). */
export function cassetteJsonSchemaText(): string {
  return `${JSON.stringify(cassetteJsonSchema(), null, 2)}\n`;
}
