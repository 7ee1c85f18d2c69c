import { z } from 'zod';
import { text } from './schema-common.js';

export const SANDBOX_KINDS = ['host', 'container'] as const;
/** Image of `sandbox: container` when none is given: sh and python3 on glibc (the claude binary needs glibc). */
export const DEFAULT_SANDBOX_IMAGE = 'python:3.12-slim-bookworm';
/** Image of `llm: { kind: ollama, container: true }` when none is given. */
export const DEFAULT_OLLAMA_IMAGE = 'ollama/ollama:latest';

export const sandboxSchema = z
  .union([
    z.enum(SANDBOX_KINDS),
    z.strictObject({
      kind: z.enum(SANDBOX_KINDS),
      image: text().optional().describe(`Container image. Default: ${DEFAULT_SANDBOX_IMAGE}.`),
    }),
  ])
  .describe(
    'Where the agent and the checks run: "host" (default), or "container": a container (testcontainers; needs a running Docker or Podman) with the attempt folder mounted at the same path. Without a container runtime the scenario is blocked.',
  );
