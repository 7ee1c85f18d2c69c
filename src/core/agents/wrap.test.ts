import { describe, expect, it } from 'vitest';
import { type CommandWrapper, runProcess } from './process.js';

// The hook a sandbox container uses: what the wrapper returns is what is spawned.
describe('runProcess with a command wrapper', () => {
  it('spawns what the wrapper returns (argv, cwd, env), with its output captured as usual', async () => {
    const seen: Parameters<CommandWrapper>[0][] = [];
    const wrap: CommandWrapper = (command) => {
      seen.push(command);
      return {
        argv: ['sh', '-c', 'echo "wrapped in $PWD with $MARK"; exec "$@"', 'sh', ...command.argv],
        cwd: '/',
        env: { ...command.env, MARK: 'yes' },
      };
    };
    const outcome = await runProcess({
      argv: ['sh', '-c', 'echo inner $MARK'],
      cwd: process.cwd(),
      env: { PATH: process.env.PATH },
      wrap,
    });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toBe('wrapped in / with yes\ninner yes\n');
    expect(seen).toEqual([
      { argv: ['sh', '-c', 'echo inner $MARK'], cwd: process.cwd(), env: { PATH: process.env.PATH } },
    ]);
  });
});
