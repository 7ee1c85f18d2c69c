import { describe, expect, it } from 'vitest';
import { containerExecWrapper } from './container-exec.js';

describe('containerExecWrapper', () => {
  const wrap = containerExecWrapper('/usr/bin/docker', 'c0ffee', {
    PATH: '/usr/bin',
    HOME: '/root',
    KEEP: 'same',
  });

  it('runs the command with `docker exec` in the same folder, passing only the variables it set, by name', () => {
    const env = {
      PATH: '/other/bin',
      HOME: '/r/attempts/a-1/agent-home',
      KEEP: 'same',
      ANTHROPIC_API_KEY: 'secret-value',
      TMPDIR: '/r/attempts/a-1/tmp',
    };
    const wrapped = wrap({ argv: ['claude', '-p', 'do it'], cwd: '/r/attempts/a-1/workspace', env });
    expect(wrapped.argv).toEqual([
      '/usr/bin/docker',
      'exec',
      '-i',
      '-w',
      '/r/attempts/a-1/workspace',
      '-e',
      'ANTHROPIC_API_KEY',
      '-e',
      'HOME',
      '-e',
      'TMPDIR',
      'c0ffee',
      'claude',
      '-p',
      'do it',
    ]);
    expect(wrapped.argv.join(' ')).not.toContain('secret-value');
    // The client gets the values through its own environment.
    expect(wrapped.env).toBe(env);
    expect(wrapped.cwd).toBe('/r/attempts/a-1/workspace');
  });
});
