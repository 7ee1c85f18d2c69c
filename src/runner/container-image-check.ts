import type { ContainerRuntimeClient, ImageName } from 'testcontainers';
import { errorMessage } from '../shared/index.js';
import { type ImageChoice, LOCAL_IMAGE_PREFIX } from './container-images.js';

/**
 * Why the engine cannot run this image, or undefined when it has it (pulled now if it was missing).
 * A local tag (localhost/...) is never pulled: there is no registry behind it, it is built. A failed
 * pull says what the engine answered (the pull's own error line; testcontainers' pull does not throw
 * on it). Only called where a runtime answers (container-preflight.ts).
 */
export async function imageProblem(image: ImageChoice): Promise<string | undefined> {
  const testcontainers = await import('testcontainers');
  const client = await testcontainers.getContainerRuntimeClient();
  const name = testcontainers.ImageName.fromString(image.image);
  if (await client.image.exists(name)) return undefined;
  if (image.image.startsWith(LOCAL_IMAGE_PREFIX) || name.registry === 'localhost') {
    return 'is not in the engine (a local image is built, not pulled)';
  }
  try {
    // testcontainers' pull: the registry credentials of the Docker config are used.
    await client.image.pull(name);
  } catch (error) {
    return `is not in the engine and cannot be pulled here (${errorMessage(error)})`;
  }
  if (await client.image.exists(name)) return undefined;
  return `is not in the engine and cannot be pulled here (${await pullError(client, name)})`;
}

/** The error a pull of `name` ends with (the engine reports it in the pull's stream, not as a status). */
async function pullError(client: ContainerRuntimeClient, name: ImageName): Promise<string> {
  try {
    const stream = (await client.container.dockerode.pull(name.string)) as NodeJS.ReadableStream;
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    await new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    const errors = text
      .split('\n')
      .flatMap((line) => {
        try {
          const parsed = JSON.parse(line) as { error?: unknown };
          return typeof parsed.error === 'string' ? [parsed.error] : [];
        } catch {
          return [];
        }
      })
      .filter((line) => line.length > 0);
    return errors.at(-1) ?? 'the pull ended without the image and without an error';
  } catch (error) {
    return errorMessage(error);
  }
}
