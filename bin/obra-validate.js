#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ and bundled into dist/cli-bundle/ by `npm run build` (run on
// `npm install` via `prepare`; scripts/bundle-cli.mjs says why it is bundled).
import { setFlagsFromString } from 'node:v8';

// A run is a long batch that makes garbage in waves (every event, every check pass over the events):
// ask V8 to keep the heap small rather than let it grow between collections. Peak memory of a 1,000-task
// run drops by a third at no measurable cost in time, and every agent process the harness forks is
// cheaper to start from a smaller parent (docs/PERFORMANCE.md). Set before the CLI is loaded.
setFlagsFromString('--optimize-for-size');
// A reader that goes away (`obra-validate run --help | head -3`) closes the pipe: what is left to print has
// no reader, which is not an error of the command. Later writes are dropped and the command ends as it
// would have (a run still finishes, writes its reports and exits with its code). Any other stream error
// is raised as before.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error?.code !== 'EPIPE' && error?.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}
// A run that will draw the live view on this terminal starts the view's thread first, so that its start
// overlaps the CLI's own (src/cli/preboot.ts; docs/PERFORMANCE.md, figure 8).
let main;
try {
  const { prebootLiveView } = await import('../dist/cli-bundle/preboot.js');
  await prebootLiveView(process.argv.slice(2));
  ({ main } = await import('../dist/cli-bundle/index.js'));
} catch (error) {
  // No file descriptor left (EMFILE, ENFILE) while Node loads the CLI: the machine, not a bug (exit 3).
  if (error?.code !== 'EMFILE' && error?.code !== 'ENFILE') throw error;
  console.error(
    `obra-validate: could not judge: a machine fault, not a bug in obra-validate or the orchestrator: ${error.message}. Fix: this process ran out of file descriptors while loading obra-validate: raise its limit (e.g. \`ulimit -n 4096\`), then run again.`,
  );
  process.exit(3);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error('obra-validate: internal error (a bug in obra-validate, please report it):');
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 3;
  },
);
