import { register } from 'node:module';

/** bin/ink-resolve-hook.mjs, from src/ui (Vitest) and from dist/ui alike. */
export const INK_RESOLVE_HOOK = new URL('../../bin/ink-resolve-hook.mjs', import.meta.url);

let registered = false;

/**
 * Makes the coming import of Ink cheaper by about half (bin/ink-resolve-hook.mjs says how). For a
 * command whose first screen waits for Ink (`view`); a run does not register it, since a hook sends
 * every later import of the process through Node's loader thread.
 */
export function registerInkResolveHook(): void {
  if (registered) return;
  registered = true;
  register(INK_RESOLVE_HOOK);
}
