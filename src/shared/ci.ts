/**
 * Whether the environment says this is a CI job: `CI` set to anything but '', 'false' or '0'. What picks
 * the default reporter (dot in CI, src/reporters/registry.ts) and the CLI's guess that a run will draw
 * the live view (src/cli/preboot.ts). Pure.
 */
export function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}
