import { describe, expect, it } from 'vitest';
import { commandNames } from './context.js';
import { drawsLiveView, NOT_A_RUN } from './preboot.js';
import { createProgram } from './program.js';

describe('drawsLiveView (whether to start the live view thread before the CLI loads)', () => {
  it.each([
    [[], {}, true, true],
    [['scenarios/'], {}, true, true],
    [['scenarios/', '--scale', '10'], { CI: 'false' }, true, true],
    [['scenarios/'], {}, false, false],
    [['scenarios/'], { CI: 'true' }, true, false],
    [['scenarios/', '--reporter', 'live'], { CI: '1' }, true, true],
    [['scenarios/', '--reporter=dot,live'], {}, true, true],
    [['scenarios/', '--reporter', 'line'], {}, true, false],
    [['scenarios/', '--reporter=json'], {}, true, false],
    [['view'], {}, true, false],
    [['report', 'reports/x'], {}, true, false],
    [['doctor'], {}, true, false],
    [['--version'], {}, true, false],
    [['scenarios/', '-h'], {}, true, false],
    [['scenarios/', '--', '--reporter', 'line'], {}, true, true],
  ] as const)('%j with env %j, stdout a TTY %s: %s', (argv, env, tty, expected) => {
    expect(drawsLiveView(argv, env, tty)).toBe(expected);
  });

  it('knows every command that is not a run', () => {
    const program = createProgram({
      io: { cwd: '/', env: {}, isTTY: false, stdout: () => {}, stderr: () => {} },
      setExitCode: () => {},
    });
    const commands = new Set([...commandNames(program).filter((name) => name !== 'run'), 'help']);
    expect(NOT_A_RUN).toEqual(commands);
  });
});
