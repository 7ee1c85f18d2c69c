import { getContainerRuntimeClient } from 'testcontainers';
import { imageProblem } from '../../src/runner/container-image-check.js';
import { chooseImage } from '../../src/runner/container-images.js';
import { detectContainerRuntime } from '../../src/runner/index.js';

/** The image the shipped container scenarios name, and the local one scripts/container-image.sh builds. */
export const NAMED_IMAGE = 'python:3.12-slim-bookworm';
export const LOCAL_IMAGE = 'localhost/obra-validate/python3:bookworm';

export interface TestEngine {
  /** Empty when the container tests can run; else why not (printed by the test file). */
  skipReason: string;
  /** obra-validate.config.yaml for a test project: maps NAMED_IMAGE to LOCAL_IMAGE when that is here. */
  config: string;
  /** The python3 image the engine has (LOCAL_IMAGE, else NAMED_IMAGE), for a scenario to name directly. */
  image: string;
}

/**
 * Whether the container tests can run here, asked as the harness asks: a runtime that answers
 * (`eval "$(scripts/container-engine.sh start)"` sets one up on Debian as root; .ci/run does), and an
 * image with python3: the local build, or the named image (pulled where a registry answers).
 */
export async function testEngine(): Promise<TestEngine> {
  const runtime = await detectContainerRuntime();
  if (!runtime.available) {
    const setup = process.env.OBRA_VALIDATE_NO_ENGINE;
    return {
      skipReason: `no container runtime here: ${runtime.reason}${setup ? `; scripts/container-engine.sh could not set one up: ${setup}` : ''}`,
      config: '',
      image: NAMED_IMAGE,
    };
  }
  if ((await imageProblem(chooseImage(LOCAL_IMAGE, undefined))) === undefined) {
    return { skipReason: '', config: `images:\n  "${NAMED_IMAGE}": ${LOCAL_IMAGE}\n`, image: LOCAL_IMAGE };
  }
  const problem = await imageProblem(chooseImage(NAMED_IMAGE, undefined));
  if (problem === undefined) return { skipReason: '', config: '', image: NAMED_IMAGE };
  return {
    skipReason: `a runtime answers (${runtime.description}) but there is no python3 image: ${LOCAL_IMAGE} is not built and ${NAMED_IMAGE} ${problem}; build it with \`scripts/container-image.sh build python3\``,
    config: '',
    image: NAMED_IMAGE,
  };
}

/** The containers (any state) that carry `label` (`key` or `key=value`), with their labels. */
export async function containersLabelled(
  label: string,
): Promise<{ id: string; labels: Record<string, string> }[]> {
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const listed = await docker.listContainers({ all: true, filters: { label: [label] } });
  return listed.map((c) => ({ id: c.Id, labels: c.Labels ?? {} }));
}

/** Polls `probe` every 100 ms until it returns a value, or fails after `timeoutMs`. */
export async function until<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
