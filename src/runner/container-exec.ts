import type { CommandWrapper } from '../core/index.js';

/** Never handed to the container: its own PATH and identity win over the host's. */
const HOST_ONLY = new Set(['PATH', 'HOSTNAME', 'PWD', 'OLDPWD', 'SHLVL', '_']);

/**
 * Runs every command through `<cli> exec` in the sandbox container (pure). The working directory is
 * the same path inside (the attempt folder is mounted there). Variables the command sets on top of the
 * run's environment (HOME, TMPDIR, ANTHROPIC_BASE_URL, ...) are passed by NAME (`-e NAME`): the client
 * reads their values from its own environment, so no value (an API key) ever appears in an argv.
 */
export function containerExecWrapper(
  cli: string,
  containerId: string,
  hostEnv: NodeJS.ProcessEnv,
): CommandWrapper {
  return ({ argv, cwd, env }) => {
    const names = Object.keys(env)
      .filter((name) => env[name] !== undefined && env[name] !== hostEnv[name] && !HOST_ONLY.has(name))
      .sort();
    return {
      argv: [cli, 'exec', '-i', '-w', cwd, ...names.flatMap((name) => ['-e', name]), containerId, ...argv],
      cwd,
      env,
    };
  };
}
