import { z } from 'zod';

/**
 * The keys an object schema accepts at `path` inside `value` (for "did you mean" hints on unknown keys).
 * Walks optional, array, object and discriminated-union schemas; returns [] where it cannot tell.
 */
export function knownKeysAt(schema: z.ZodType, value: unknown, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = schema;
  let here: unknown = value;
  for (const part of [...path, undefined]) {
    current = unwrap(current, here);
    if (current === undefined) return [];
    if (part === undefined) break;
    if (current instanceof z.ZodObject) current = current.shape[String(part)] as z.ZodType | undefined;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else return [];
    here =
      here !== null && typeof here === 'object' ? (here as Record<PropertyKey, unknown>)[part] : undefined;
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  if (current instanceof z.ZodDiscriminatedUnion) {
    const kind =
      value !== null && typeof value === 'object'
        ? (value as Record<string, unknown>)[current.def.discriminator]
        : undefined;
    return (current.options as z.ZodType[]).find(
      (option) =>
        option instanceof z.ZodObject && literalOf(option.shape[current.def.discriminator]) === kind,
    );
  }
  return current;
}

function literalOf(schema: unknown): unknown {
  return schema instanceof z.ZodLiteral ? schema.value : undefined;
}
