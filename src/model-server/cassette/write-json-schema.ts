/**
 * Regenerates schema/cassette.schema.json from the zod schema:
 *
 *   npx tsx src/model-server/cassette/write-json-schema.ts
 *
 * Run it after changing cassette/schema.ts; json-schema.test.ts fails while the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cassetteJsonSchemaText } from './json-schema.js';

const target = fileURLToPath(new URL('../../../schema/cassette.schema.json', import.meta.url));
writeFileSync(target, cassetteJsonSchemaText());
console.log(`wrote ${target}`);
