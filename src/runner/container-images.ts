/**
 * Which image a container of a scenario runs, and how to get one that cannot be pulled (pure).
 *
 * A scenario names an image (`sandbox: { image }`, `llm: { container: { image } }`, or the defaults);
 * `images:` in obra-validate.config.yaml maps such a name to a local tag, e.g. one that
 * scripts/container-image.sh built from Debian packages where no registry answers (docs/CONTAINERS.md).
 */

/** The tags scripts/container-image.sh gives: localhost/obra-validate/<name>:bookworm. */
export const LOCAL_IMAGE_PREFIX = 'localhost/obra-validate/';

/** The image a scenario names, and the one that runs in its place. */
export interface ImageChoice {
  /** As the scenario names it (or its default). */
  named: string;
  /** What runs: the mapped local tag, or `named`. */
  image: string;
  /** Whether `images:` mapped it. */
  mapped: boolean;
}

/** What a container is for: the hint to get its image differs. */
export type ImagePurpose = 'sandbox' | 'ollama';

export function chooseImage(
  named: string,
  images: Readonly<Record<string, string>> | undefined,
): ImageChoice {
  const mapped = images?.[named];
  return mapped === undefined
    ? { named, image: named, mapped: false }
    : { named, image: mapped, mapped: true };
}

/** How the image is named in a message: `X` or `X (mapped from Y by images:)`. */
export function describeImage(choice: ImageChoice): string {
  return choice.mapped ? `${choice.image} (for ${choice.named}, mapped by images:)` : choice.image;
}

/**
 * The fix for an image the engine does not have and cannot pull: the command that builds it here, or,
 * for Ollama (no Debian or npm package ships its binary), where it can run instead. `script` is the path
 * of scripts/container-image.sh as the user would type it.
 */
export function imageFix(choice: ImageChoice, purpose: ImagePurpose, script: string): string {
  const local = localImageName(choice.image);
  if (local !== undefined) {
    return `build it here (as root, from Debian packages; a minute or two the first time): \`${script} build ${local}\` (it installs the package ${local}; name others after it if the image needs them)`;
  }
  const mapHint = `map "${choice.named}" to it under \`images:\` in obra-validate.config.yaml (docs/CONTAINERS.md)`;
  if (purpose === 'ollama') {
    return `no Debian or npm package ships the ollama binary, so no image with it can be built from packages here: run this scenario where a registry serves ${choice.image}, or load an image that runs \`ollama serve\` into the engine and ${mapHint}`;
  }
  return `build a local image from Debian packages with what the scenario needs, e.g. \`${script} build python3\` (${LOCAL_IMAGE_PREFIX}python3:bookworm: python3 on Debian 12, glibc), and ${mapHint}`;
}

/** `python3` for localhost/obra-validate/python3:bookworm; undefined for any other image. */
export function localImageName(image: string): string | undefined {
  if (!image.startsWith(LOCAL_IMAGE_PREFIX)) return undefined;
  const rest = image.slice(LOCAL_IMAGE_PREFIX.length);
  const name = rest.split(':')[0] ?? '';
  return /^[a-z0-9][a-z0-9._-]*$/.test(name) ? name : undefined;
}
