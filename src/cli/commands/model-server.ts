import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Cassette, ModelServer } from '../../model-server/index.js';
import { UserError } from '../../shared/index.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { loopbackWarning } from '../loopback.js';
import { envName, httpUrl, nonEmpty, port } from '../parse-flags.js';
import { assertOutputFile, existingFile } from '../path-flags.js';

interface ModelServerFlags {
  cassette: string[];
  port: number;
  host: string;
  log?: string;
  record?: boolean;
  upstream?: string;
  out?: string;
  apiKeyEnv?: string;
}

/**
 * `obra-validate model-server`: serves cassettes (or records through an upstream) until SIGINT/SIGTERM,
 * then closes and exits 0. Tests stop it in-process with `process.emit('SIGINT')`: the action listens
 * with process.once, so that reaches only this command.
 */
export function addModelServerCommand(program: Command, context: CommandContext): void {
  const { cwd } = context.io;
  const cassetteFile = existingFile('--cassette', cwd, 'a cassette YAML file');
  program
    .command('model-server')
    .description('serve cassettes over the Anthropic, OpenAI and Ollama protocols on 127.0.0.1 until Ctrl+C')
    .option(
      '--cassette <file>',
      'a cassette YAML file (repeat for several; searched in order)',
      (value: string, previous: string[]) => [...previous, cassetteFile(value)],
      [],
    )
    .option('--port <n>', 'port to listen on, 0 to 65535; 0 picks a free one', port, 0)
    .option(
      '--host <host>',
      'interface to listen on; anything but a loopback address (127.0.0.1, ::1, localhost) lets other machines in, and the server says so on stderr',
      nonEmpty('--host', 'an address to listen on, e.g. --host 127.0.0.1 (or leave --host out)'),
      '127.0.0.1',
    )
    .option(
      '--log <file>',
      'write a JSONL request log (bounded at 10 MB; a new file, or a log the model server wrote)',
      nonEmpty('--log', 'the path of the request log to write, e.g. --log model.jsonl'),
    )
    .option('--record', 'record mode: proxy every request to --upstream and write the cassette --out on exit')
    .option(
      '--upstream <url>',
      'record mode: the live model endpoint, e.g. https://api.anthropic.com',
      httpUrl('--upstream'),
    )
    .option(
      '--out <file>',
      'record mode: where to write the recorded cassette (a new file, or a cassette it recorded)',
      nonEmpty('--out', 'the path of the cassette to write, e.g. --out recorded.yaml'),
    )
    .option(
      '--api-key-env <name>',
      'record mode: environment variable holding the upstream key (never written)',
      envName('--api-key-env'),
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ npx obra-validate model-server --cassette fixtures/cassettes/example.yaml',
        '  $ npx obra-validate model-server --cassette a.yaml --cassette b.yaml --port 18080 --log model.jsonl',
        '  $ npx obra-validate model-server --record --upstream https://api.anthropic.com \\',
        '      --api-key-env ANTHROPIC_API_KEY --out fixtures/cassettes/recorded.yaml',
        '',
        'Then point Claude Code at the printed URL (ANTHROPIC_BASE_URL) and run it with --model replay.',
      ].join('\n'),
    )
    .action(async (flags: ModelServerFlags) => {
      const record = recordOptions(flags, cwd);
      if (flags.cassette.length === 0 && record === undefined) {
        throw new UserError(
          'model-server needs a cassette: give --cassette FILE (e.g. --cassette fixtures/cassettes/example.yaml), or --record --upstream URL --out FILE',
        );
      }
      const { loadCassette, RECORDED_CASSETTE_KIND, REQUEST_LOG_KIND, startModelServer } = await import(
        '../../model-server/index.js'
      );
      // Files of the user's are never replaced: checked before the cassettes load and the server starts.
      if (flags.log !== undefined) assertOutputFile('--log', flags.log, cwd, REQUEST_LOG_KIND);
      if (flags.out !== undefined) assertOutputFile('--out', flags.out, cwd, RECORDED_CASSETTE_KIND);
      const cassettes: Cassette[] = [];
      for (const file of flags.cassette) cassettes.push(await loadCassette(resolve(cwd, file)));
      const warning = loopbackWarning(flags.host);
      if (warning !== undefined) context.io.stderr(`obra-validate: ${warning}\n`);
      const server = await startModelServer({
        cassettes,
        host: flags.host,
        port: flags.port,
        ...(flags.log === undefined ? {} : { logFile: resolve(context.io.cwd, flags.log) }),
        ...(record === undefined ? {} : { record }),
      });
      // The Claude Code CLI installed with obra-validate: `claude` is rarely on a project's PATH.
      const { resolveClaudeBinary } = await import('../../core/index.js');
      const claude = context.io.env.OBRA_VALIDATE_CLAUDE_BINARY ?? resolveClaudeBinary();
      context.io.stdout(banner(server, cassettes, flags, claude));
      await stopSignal();
      await server.close();
      context.io.stderr(summary(server, record?.out));
      context.setExitCode(ExitCode.Passed);
    });
}

function recordOptions(flags: ModelServerFlags, cwd: string) {
  if (!flags.record) {
    const stray =
      flags.upstream !== undefined
        ? `--upstream "${flags.upstream}"`
        : flags.out !== undefined
          ? `--out "${flags.out}"`
          : undefined;
    if (stray) {
      const flag = stray.split(' ')[0];
      throw new UserError(`${stray} is only for record mode; add --record (or drop ${flag})`);
    }
    return undefined;
  }
  if (flags.upstream === undefined || flags.out === undefined) {
    throw new UserError(
      '--record needs --upstream URL and --out FILE, e.g. --record --upstream https://api.anthropic.com --out recorded.yaml',
    );
  }
  return {
    upstream: flags.upstream,
    out: resolve(cwd, flags.out),
    ...(flags.apiKeyEnv === undefined ? {} : { apiKeyEnv: flags.apiKeyEnv }),
  };
}

/** A path as one shell word: as it is when it needs no quoting, else in single quotes. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

function banner(
  server: ModelServer,
  cassettes: readonly Cassette[],
  flags: ModelServerFlags,
  claude: string,
): string {
  const conversations = cassettes.reduce((n, c) => n + c.conversations.length, 0);
  const what = flags.record
    ? `recording through ${flags.upstream} to ${flags.out}`
    : `playing ${flags.cassette.join(', ')} (${conversations} conversation${conversations === 1 ? '' : 's'})`;
  return [
    `obra-validate model server listening on ${server.url}`,
    `  ${what}`,
    '',
    'Point Claude Code at it (the CLI installed with obra-validate):',
    `  export ANTHROPIC_BASE_URL=${server.url} ANTHROPIC_API_KEY=test-key`,
    '  export DISABLE_TELEMETRY=1 DISABLE_AUTOUPDATER=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 CLAUDE_CODE_MAX_RETRIES=0',
    `  ${shellWord(claude)} -p "..." --model replay --output-format json --dangerously-skip-permissions`,
    `OpenAI-compatible clients: OPENAI_BASE_URL=${server.url}/v1   Ollama clients: OLLAMA_HOST=${server.url}`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

function summary(server: ModelServer, out: string | undefined): string {
  const requests = server.requests().length;
  const misses = server.misses();
  const lines = [`obra-validate model server stopped: ${requests} request(s), ${misses.length} miss(es)`];
  for (const miss of misses.slice(0, 5)) lines.push(`  miss: ${miss.method} ${miss.path}: ${miss.reason}`);
  if (misses.length > 5) lines.push(`  ... and ${misses.length - 5} more`);
  if (out !== undefined) lines.push(`wrote the recorded cassette to ${out}`);
  return `${lines.join('\n')}\n`;
}

/** Resolves on the first SIGINT or SIGTERM (process.once, removed afterwards). */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolvePromise) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolvePromise(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
