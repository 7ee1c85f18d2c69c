import { describe, expect, it } from 'vitest';
import { isLoopback, loopbackWarning } from './loopback.js';

describe('isLoopback (the model server warns for any other --host)', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['::1', true],
    ['[::1]', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.5', false],
    ['10.0.0.1', false],
    ['example.com', false],
    ['128.0.0.1', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });

  it('the warning names the host and how to stay on this machine', () => {
    expect(loopbackWarning('0.0.0.0')).toMatch(
      /--host 0\.0\.0\.0 is not a loopback address: .*other machines.*Leave --host out/,
    );
    expect(loopbackWarning('127.0.0.1')).toBeUndefined();
  });
});
