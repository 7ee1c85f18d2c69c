// @ts-check
// A module resolve hook for `obra-validate view` (registered by src/ui/ink-import.ts before Ink loads).
//
// Ink 6.8 imports one function, `throttle`, from the barrel of `es-toolkit/compat`, which loads several
// hundred modules: about 0.28 s of the 0.6 s Ink takes to import on this project's machines, paid before
// the viewer's first screen (docs/PERFORMANCE.md, figure 5b). This hook points that one import at the
// module that defines `throttle`. When es-toolkit is laid out differently (another version), the file
// is not found and the import resolves as it always did: only slower.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, next) {
  if (specifier === 'es-toolkit/compat' && context.parentURL?.includes('/node_modules/ink/build/')) {
    const entry = await next('es-toolkit/compat/throttle', context);
    const url = new URL('../dist/compat/function/throttle.mjs', entry.url);
    if (existsSync(fileURLToPath(url))) return { ...entry, url: url.href };
  }
  return next(specifier, context);
}
