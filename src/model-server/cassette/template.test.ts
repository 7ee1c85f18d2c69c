import { describe, expect, it } from 'vitest';
import { fillDeep, fillString, placeholdersIn, templatize } from './template.js';

describe('templates', () => {
  it.each([
    ['{{cwd}}/a.txt', { cwd: '/w' }, '/w/a.txt'],
    ['stress_{{ n }}.txt', { n: '17' }, 'stress_17.txt'],
    ['{{unknown}} stays', {}, '{{unknown}} stays'],
    [
      '{{ a.b }} and {{#each}} are not placeholders',
      { a: 'x' },
      '{{ a.b }} and {{#each}} are not placeholders',
    ],
    ['\\{{cwd}} is literal', { cwd: '/w' }, '{{cwd}} is literal'],
  ])('fillString(%j)', (text, values, expected) => {
    expect(fillString(text, values)).toBe(expected);
  });

  it('lists placeholders, not escaped ones', () => {
    expect(placeholdersIn('{{cwd}} {{n}} \\{{m}} {{ a.b }}')).toEqual(['cwd', 'n']);
  });

  it('fills strings deeply, leaving keys and other values alone', () => {
    const input = { '{{n}}': ['{{n}}', 3, { deep: 'at {{cwd}}' }], flag: true, none: null };
    expect(fillDeep(input, { n: '7', cwd: '/w' })).toEqual({
      '{{n}}': ['7', 3, { deep: 'at /w' }],
      flag: true,
      none: null,
    });
  });

  it('templatize turns a recorded reply back into a template that fills to the same text', () => {
    const recorded = {
      text: 'Wrote /tmp/ws-1/a.txt with {{name}} in it',
      input: { path: '/tmp/ws-1/a.txt' },
    };
    const template = templatize(recorded, '/tmp/ws-1');
    expect(template).toEqual({
      text: 'Wrote {{cwd}}/a.txt with \\{{name}} in it',
      input: { path: '{{cwd}}/a.txt' },
    });
    expect(fillDeep(template, { cwd: '/tmp/ws-1' })).toEqual(recorded);
    expect(fillDeep(template, { cwd: '/other' }).input.path).toBe('/other/a.txt');
  });
});
