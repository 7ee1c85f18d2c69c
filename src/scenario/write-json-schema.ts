/**
 * Regenerates schema/scenario.schema.json from the zod schema. Run from the repository root:
 *
 *   node --import tsx src/scenario/write-json-schema.ts
 *
 * json-schema.test.ts fails when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from './json-schema.js';

const target = fileURLToPath(new URL('../../schema/scenario.schema.json', import.meta.url));
writeFileSync(target, scenarioJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
