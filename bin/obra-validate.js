#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run on `npm install` via `prepare`).
import { main } from '../dist/cli/index.js';

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
