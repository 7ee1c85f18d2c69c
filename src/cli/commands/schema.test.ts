import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../scenario/index.js';
import type { CliIo } from '../io.js';
import { addSchemaCommand } from './schema.js';

function fakeIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    cwd: process.cwd(),
    env: {},
    isTTY: false,
  };
}

describe('obra-validate schema', () => {
  it('prints the scenario JSON Schema on stdout and exits 0', async () => {
    const io = fakeIo();
    const exitCodes: number[] = [];
    const program = new Command('obra-validate').exitOverride();
    addSchemaCommand(program, { io, setExitCode: (code) => exitCodes.push(code) });
    await program.parseAsync(['schema'], { from: 'user' });
    expect(exitCodes).toEqual([]);
    expect(io.err.join('')).toBe('');
    expect(JSON.parse(io.out.join(''))).toEqual(scenarioJsonSchema());
  });
});
