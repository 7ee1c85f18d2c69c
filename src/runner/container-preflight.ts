import { relative } from 'node:path';
import type { Scenario } from '../scenario/index.js';
import { errorMessage, packagePath } from '../shared/index.js';
import { imageProblem } from './container-image-check.js';
import { chooseImage, describeImage, type ImagePurpose, imageFix } from './container-images.js';
import { detectContainerRuntime } from './container-runtime.js';

/** What in the scenario needs a container runtime, or undefined. Pure. */
export function containerNeed(scenario: Scenario): string | undefined {
  const needs = containerImages(scenario).map((c) => c.need);
  return needs.length > 0 ? needs.join(' and ') : undefined;
}

/** The containers a scenario starts: what asks for each, the image it names and what it is for. Pure. */
function containerImages(scenario: Scenario): { need: string; named: string; purpose: ImagePurpose }[] {
  const images: { need: string; named: string; purpose: ImagePurpose }[] = [];
  if (scenario.sandbox.kind === 'container') {
    const named = scenario.sandbox.image;
    images.push({ need: `sandbox: container (${named})`, named, purpose: 'sandbox' });
  }
  if (scenario.llm.kind === 'ollama' && scenario.llm.container) {
    const named = scenario.llm.container.image;
    images.push({ need: `llm: { kind: ollama, container: true } (${named})`, named, purpose: 'ollama' });
  }
  return images;
}

export interface ContainerPreflightOptions {
  /** Local images for the images scenarios name (`images:` in obra-validate.config.yaml). */
  images?: Readonly<Record<string, string>> | undefined;
  /** The project root: the build command in a hint is shown from there. */
  rootDir: string;
}

/**
 * Why a scenario that needs containers is blocked here, or undefined: no runtime answers, or an image
 * (after the `images:` mapping) is not in the engine and cannot be pulled (or the engine fails to say
 * whether it has it). Each reason ends with its fix:
 * how to start an engine, or the command that builds the image (never `failed`: nothing was judged).
 */
export async function containerBlockReason(
  scenario: Scenario,
  env: NodeJS.ProcessEnv,
  options: ContainerPreflightOptions = { rootDir: process.cwd() },
): Promise<string | undefined> {
  const need = containerNeed(scenario);
  if (need === undefined) return undefined;
  const runtime = await detectContainerRuntime(env);
  if (!runtime.available) return `${need} needs a container runtime: ${runtime.reason}. Fix: ${runtime.hint}`;
  const script = shownPath(packagePath('scripts/container-image.sh'), options.rootDir);
  const problems: string[] = [];
  for (const { need: what, named, purpose } of containerImages(scenario)) {
    const choice = chooseImage(named, options.images);
    const problem = await imageProblem(choice).catch(
      (error: unknown) => `could not be looked up: the engine answered ${errorMessage(error)}`,
    );
    if (problem !== undefined) {
      problems.push(
        `${what}: image ${describeImage(choice)} ${problem}. Fix: ${imageFix(choice, purpose, script)}`,
      );
    }
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/** A path as typed from the project root: relative inside it, absolute outside. */
function shownPath(path: string, rootDir: string): string {
  const rel = relative(rootDir, path);
  return rel.startsWith('..') ? path : rel;
}
