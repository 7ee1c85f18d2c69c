/**
 * The part of JSON Schema that agent CLIs use for their tools' inputs (measured on Claude Code 2.1.328:
 * type, properties, required, additionalProperties, enum, items and the numeric, length and count bounds).
 * Keywords outside it are ignored, never guessed at.
 */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  /** A key whose property has a default may be left out, even when `required` names it (zod's `.default()`). */
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

/** A value that does not fit its schema: where (relative path), what is wrong, and the value. */
export interface SchemaMismatch {
  path: PropertyKey[];
  /** `unexpected` an extra key; `missing` a required key absent (path is its parent); else `invalid`. */
  kind: 'unexpected' | 'missing' | 'invalid';
  key?: string;
  /** For `unexpected`: the keys the object that holds it takes. */
  allowed?: string[];
  message: string;
  got?: unknown;
}

/** Every place where `value` does not fit `schema`. Pure. */
export function schemaMismatches(
  value: unknown,
  schema: JsonSchema,
  path: PropertyKey[] = [],
): SchemaMismatch[] {
  if (schema.anyOf !== undefined) {
    const fits = schema.anyOf.some((option) => schemaMismatches(value, option, path).length === 0);
    return fits
      ? []
      : [{ path, kind: 'invalid', message: 'fits none of the forms the tool accepts', got: value }];
  }
  const typeProblem = typeMismatch(value, schema.type);
  if (typeProblem !== undefined) return [{ path, kind: 'invalid', message: typeProblem, got: value }];
  const problems: SchemaMismatch[] = [];
  const invalid = (message: string) => problems.push({ path, kind: 'invalid', message, got: value });
  if (schema.enum !== undefined && !schema.enum.some((option) => option === value)) {
    invalid(`must be one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}`);
  }
  if (schema.const !== undefined && schema.const !== value)
    invalid(`must be ${JSON.stringify(schema.const)}`);
  if (typeof value === 'number') for (const message of invalidBounds(value, schema)) invalid(message);
  if (typeof value === 'string') for (const message of invalidString(value, schema)) invalid(message);
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      invalid(`may hold at most ${schema.maxItems} items`);
    if (schema.minItems !== undefined && value.length < schema.minItems)
      invalid(`must hold at least ${schema.minItems} items`);
    const items = schema.items;
    if (items !== undefined) {
      for (const [i, item] of value.entries()) problems.push(...schemaMismatches(item, items, [...path, i]));
    }
  }
  if (isObject(value)) problems.push(...objectMismatches(value, schema, path));
  return problems;
}

function objectMismatches(
  value: Record<string, unknown>,
  schema: JsonSchema,
  path: PropertyKey[],
): SchemaMismatch[] {
  const problems: SchemaMismatch[] = [];
  const properties = schema.properties ?? {};
  const propertyOf = (key: string) => (Object.hasOwn(properties, key) ? properties[key] : undefined);
  for (const key of schema.required ?? []) {
    if (value[key] === undefined && propertyOf(key)?.default === undefined)
      problems.push({ path, kind: 'missing', key, message: `lacks "${key}"` });
  }
  for (const [key, item] of Object.entries(value)) {
    const known = propertyOf(key);
    if (known !== undefined) {
      problems.push(...schemaMismatches(item, known, [...path, key]));
    } else if (schema.additionalProperties === false) {
      problems.push({
        path: [...path, key],
        kind: 'unexpected',
        key,
        allowed: Object.keys(properties),
        message: 'is not a parameter',
        got: key,
      });
    } else if (typeof schema.additionalProperties === 'object') {
      problems.push(...schemaMismatches(item, schema.additionalProperties, [...path, key]));
    }
  }
  return problems;
}

function typeMismatch(value: unknown, type: string | string[] | undefined): string | undefined {
  if (type === undefined) return undefined;
  const types = Array.isArray(type) ? type : [type];
  if (types.some((t) => hasType(value, t))) return undefined;
  return `must be ${types.map(article).join(' or ')}, not ${article(typeOf(value))}`;
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (type === 'object') return isObject(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'null') return value === null;
  return typeof value === type;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'infinite or NaN number';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function article(type: string): string {
  if (type === 'null') return 'null';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function invalidBounds(value: number, schema: JsonSchema): string[] {
  const out: string[] = [];
  if (schema.minimum !== undefined && value < schema.minimum) out.push(`must be at least ${schema.minimum}`);
  if (schema.maximum !== undefined && value > schema.maximum) out.push(`must be at most ${schema.maximum}`);
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
    out.push(`must be more than ${schema.exclusiveMinimum}`);
  if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
    out.push(`must be less than ${schema.exclusiveMaximum}`);
  return out;
}

function invalidString(value: string, schema: JsonSchema): string[] {
  const out: string[] = [];
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    out.push(`may be at most ${schema.maxLength} characters long`);
  if (schema.minLength !== undefined && value.length < schema.minLength)
    out.push(`must be at least ${schema.minLength} characters long`);
  if (schema.pattern !== undefined && !matches(schema.pattern, value))
    out.push(`must match /${schema.pattern}/`);
  return out;
}

/** A pattern from the CLI's own snapshot (trusted); one this engine cannot compile is not judged. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
