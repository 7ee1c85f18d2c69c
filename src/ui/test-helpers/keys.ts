/** What the key helpers need of an ink-testing-library instance. */
interface Typed {
  stdin: { write(data: string): void };
  frames: string[];
  lastFrame(): string | undefined;
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves once Ink has drawn what the input caused: no new frame for `quietMs` (a lone Esc waits a
 * turn of the event loop for a sequence; React may schedule the render). Gives up after `maxMs`.
 */
export async function settled(ui: Typed, quietMs = 40, maxMs = 3000): Promise<string> {
  const start = Date.now();
  let count = ui.frames.length;
  let still = 0;
  while (still < quietMs && Date.now() - start < maxMs) {
    await tick(10);
    if (ui.frames.length === count) still += 10;
    else {
      count = ui.frames.length;
      still = 0;
    }
  }
  return ui.lastFrame() ?? '';
}

/** Types each key (one write each, like a person would), waiting for the frame after every one. */
export async function press(ui: Typed, ...keys: string[]): Promise<string> {
  for (const key of keys) {
    ui.stdin.write(key);
    await settled(ui);
  }
  return ui.lastFrame() ?? '';
}
