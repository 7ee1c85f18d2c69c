import { z } from 'zod';

/**
 * The schema that validates the value at `path` inside `value` (for messages: which keys an object
 * accepts, whether a number must be an integer). Walks optional, array, object and discriminated-union
 * schemas; undefined where it cannot tell.
 */
export function schemaAt(
  schema: z.ZodType,
  value: unknown,
  path: readonly PropertyKey[],
): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  let here: unknown = value;
  for (const part of path) {
    current = unwrap(current, here);
    if (current instanceof z.ZodObject) current = current.shape[String(part)] as z.ZodType | undefined;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else return undefined;
    here =
      here !== null && typeof here === 'object' ? (here as Record<PropertyKey, unknown>)[part] : undefined;
  }
  return unwrap(current, here);
}

/** The keys the object schema at `path` accepts ([] when it is not an object schema). */
export function knownKeysAt(schema: z.ZodType, value: unknown, path: readonly PropertyKey[]): string[] {
  const found = schemaAt(schema, value, path);
  return found instanceof z.ZodObject ? Object.keys(found.shape) : [];
}

/** Whether the schema at `path` is an integer schema. */
export function isIntegerAt(schema: z.ZodType, value: unknown, path: readonly PropertyKey[]): boolean {
  const found = schemaAt(schema, value, path);
  return found instanceof z.ZodNumber && found.isInt === true;
}

function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  if (current instanceof z.ZodDiscriminatedUnion) {
    const key = current.def.discriminator;
    const kind =
      value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return (current.options as z.ZodType[]).find(
      (option) => option instanceof z.ZodObject && literalOf(option.shape[key]) === kind,
    );
  }
  return current;
}

function literalOf(schema: unknown): unknown {
  return schema instanceof z.ZodLiteral ? schema.value : undefined;
}
