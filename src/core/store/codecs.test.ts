import { describe, expect, it } from 'vitest';
import {
  checkInteger,
  checkScore,
  checkUuid,
  decodeBool,
  decodeJson,
  decodeJsonObject,
  encodeJson,
  encodeJsonObject,
  enumCodec,
} from './codecs.js';
import { EnumValueError, InvalidValueError } from './errors.js';
import { catchError } from './test-helpers/catch-error.js';
import type { JsonValue } from './types.js';

describe('checkScore', () => {
  it.each([0, 0.5, 0.7, 1])('accepts %s', (value) => {
    expect(checkScore('interaction.confidence', value)).toBe(value);
  });

  it.each([
    [Number.NaN, 'NaN'],
    [-0.1, '-0.1'],
    [1.5, '1.5'],
    [85, '85'],
    [-0, '-0'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    ['0.5' as unknown as number, '"0.5"'],
  ])('rejects %s naming the field and the value', (value, shown) => {
    const error = catchError(() => checkScore('interaction.qualityScore', value));
    expect(error).toBeInstanceOf(InvalidValueError);
    expect(error).toMatchObject({ field: 'interaction.qualityScore', code: 'OBRA_STORE_INVALID_VALUE' });
    expect((error as Error).message).toBe(
      `interaction.qualityScore must be a score between 0 and 1 (a percentage must be divided by 100); got ${shown}`,
    );
  });
});

describe('enumCodec', () => {
  const codec = enumCodec('tasks.status', ['pending', 'running'] as const);

  it('passes enum values both ways', () => {
    expect(codec.encode('running')).toBe('running');
    expect(codec.decode('pending')).toBe('pending');
  });

  it.each([
    [
      'write',
      () => codec.encode('done' as never, 'task.status'),
      'task.status: "done" is not one of pending | running (written)',
    ],
    [
      'read',
      () => codec.decode('done'),
      'tasks.status: "done" is not one of pending | running (read from the database)',
    ],
    [
      'read',
      () => codec.decode(3),
      'tasks.status: 3 is not one of pending | running (read from the database)',
    ],
  ])('refuses a value outside the enum on %s', (direction, run, message) => {
    const error = catchError(run);
    expect(error).toBeInstanceOf(EnumValueError);
    expect(error).toMatchObject({ direction, code: 'OBRA_STORE_ENUM_VALUE' });
    expect((error as Error).message).toBe(message);
  });
});

describe('checkInteger and checkUuid', () => {
  it.each([
    [0, 1, 10],
    [11, 1, 10],
    [5.5, 1, 10],
    [Number.NaN, 0, undefined],
    [-1, 0, undefined],
  ])('refuses %s outside [%s, %s]', (value, min, max) => {
    expect(() => checkInteger('task.priority', value, min, max)).toThrow(InvalidValueError);
  });

  it('accepts integers in range', () => {
    expect(checkInteger('task.priority', 10, 1, 10)).toBe(10);
  });

  it.each(['not-a-uuid', '', '123e4567-e89b-12d3-a456-42661417400'])('refuses the session id %j', (id) => {
    expect(() => checkUuid('session.id', id)).toThrow(/session.id must be a UUID/);
  });
});

describe('JSON columns', () => {
  it.each<[string, JsonValue]>([
    ['object', { a: 1, b: [true, null, 'x'], c: { d: -2.5 } }],
    ['array', [1, 2, 3]],
    ['string', 'text'],
    ['null', null],
  ])('round-trips a %s', (_kind, value) => {
    expect(decodeJson('tasks.result', encodeJson('task.result', value))).toEqual(value);
  });

  it.each<[string, unknown, string]>([
    ['undefined inside an object', { a: undefined }, 'task.result.a'],
    ['NaN inside an array', [1, Number.NaN], 'task.result[1]'],
    ['a Date', { at: new Date(0) }, 'task.result.at'],
    ['a function', { f: () => 1 }, 'task.result.f'],
    ['a bigint', { n: 1n }, 'task.result.n'],
  ])('refuses %s, naming the path', (_kind, value, field) => {
    const error = catchError(() => encodeJson('task.result', value as JsonValue));
    expect(error).toBeInstanceOf(InvalidValueError);
    expect(error).toMatchObject({ field });
  });

  it('requires a plain object for metadata', () => {
    expect(() => encodeJsonObject('task.metadata', [1] as never)).toThrow(
      'task.metadata must be a plain JSON object',
    );
    expect(() => decodeJsonObject('tasks.metadata', '[1]')).toThrow('tasks.metadata must be a JSON object');
  });

  it('names the column of unparsable JSON read from the database', () => {
    expect(() => decodeJson('tasks.result', '{oops')).toThrow(
      /^tasks.result must be valid JSON in the database/,
    );
  });

  it('decodes booleans strictly', () => {
    expect(decodeBool('interactions.is_error', 1)).toBe(true);
    expect(() => decodeBool('interactions.is_error', 2)).toThrow('interactions.is_error must be 0 or 1');
  });
});
