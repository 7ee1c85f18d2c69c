import { EnumValueError, InvalidValueError } from './errors.js';
import type { JsonObject, JsonValue } from './types.js';

/**
 * Pure conversions between TypeScript values and SQLite columns. Every check names the field and
 * the value it refused; nothing is coerced silently.
 */
export interface EnumCodec<T extends string> {
  readonly column: string;
  readonly values: readonly T[];
  /** Checks a value before it is written (`field` names the input field in the error). */
  encode(value: T, field?: string): T;
  /** Checks a value read from the database. */
  decode(value: unknown): T;
}

export function enumCodec<T extends string>(column: string, values: readonly T[]): EnumCodec<T> {
  const allowed = new Set<unknown>(values);
  return {
    column,
    values,
    encode(value, field = column) {
      if (!allowed.has(value)) throw new EnumValueError(field, value, values, 'write');
      return value;
    },
    decode(value) {
      if (!allowed.has(value)) throw new EnumValueError(column, value, values, 'read');
      return value as T;
    },
  };
}

/** Scores (quality, confidence) are on 0-1, everywhere. */
export function checkScore(field: string, value: number): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    Object.is(value, -0) ||
    value < 0 ||
    value > 1
  ) {
    throw new InvalidValueError(
      field,
      value,
      'must be a score between 0 and 1 (a percentage must be divided by 100)',
    );
  }
  return value;
}

export function checkOptionalScore(field: string, value: number | null | undefined): number | null {
  return value === undefined || value === null ? null : checkScore(field, value);
}

export function checkInteger(
  field: string,
  value: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
    throw new InvalidValueError(field, value, `must be an integer ${range}`);
  }
  return value;
}

export function checkNonNegative(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidValueError(field, value, 'must be a finite number >= 0');
  }
  return value;
}

export function checkText(field: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidValueError(field, value, 'must be a non-empty string');
  }
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkUuid(field: string, value: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new InvalidValueError(field, value, 'must be a UUID (the id passed to the agent as --session-id)');
  }
  return value;
}

export function encodeBool(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

export function decodeBool(column: string, value: unknown): boolean {
  if (value === 0 || value === 1) return value === 1;
  throw new InvalidValueError(column, value, 'must be 0 or 1 in the database');
}

export function decodeOptionalBool(column: string, value: unknown): boolean | null {
  return value === null ? null : decodeBool(column, value);
}

/** Serializes a JSON value, refusing anything JSON.stringify would drop or change. */
export function encodeJson(field: string, value: JsonValue): string {
  checkJson(field, value);
  return JSON.stringify(value);
}

export function encodeJsonObject(field: string, value: JsonObject): string {
  if (!isPlainObject(value)) throw new InvalidValueError(field, value, 'must be a plain JSON object');
  return encodeJson(field, value);
}

export function decodeJson(column: string, text: unknown): JsonValue {
  if (typeof text !== 'string')
    throw new InvalidValueError(column, text, 'must be JSON text in the database');
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new InvalidValueError(column, text, `must be valid JSON in the database (${String(error)})`);
  }
}

export function decodeJsonObject(column: string, text: unknown): JsonObject {
  const value = decodeJson(column, text);
  if (!isPlainObject(value))
    throw new InvalidValueError(column, value, 'must be a JSON object in the database');
  return value;
}

function checkJson(path: string, value: unknown): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidValueError(path, value, 'must be a finite number (JSON)');
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkJson(`${path}[${i}]`, item);
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) checkJson(`${path}.${key}`, item);
    return;
  }
  throw new InvalidValueError(
    path,
    value,
    'must be a JSON value (null, boolean, number, string, array, object)',
  );
}

function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
