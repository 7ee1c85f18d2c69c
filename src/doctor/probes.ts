import { existsSync, readFileSync } from 'node:fs';
import { defaultLaunchHost, resolveClaudeBinary } from '../core/index.js';
import { detectContainerRuntime, findOnPath, probeVersion } from '../runner/index.js';
import { errorMessage, packagePath } from '../shared/index.js';
import { satisfiesEngines } from './node-version.js';

export type ProbeId = 'node' | 'claude' | 'launch-host' | 'container-runtime' | 'ollama' | `bin:${string}`;

/** One thing a scenario may need, and whether this machine has it. */
export interface Probe {
  id: ProbeId;
  label: string;
  ok: boolean;
  /** What was found (version, path) or what is wrong. */
  detail: string;
  /** How to get it, when missing. */
  fix?: string;
}

/**
 * The Ollama the doctor probes: OLLAMA_HOST read as Ollama reads it (host[:port] without a scheme gets
 * http and port 11434; with a scheme, that scheme's default port; 0.0.0.0 means this machine), else
 * 127.0.0.1:11434.
 */
export function ollamaUrl(env: NodeJS.ProcessEnv): string {
  const raw = env.OLLAMA_HOST?.trim() || '127.0.0.1:11434';
  const hasScheme = /^https?:\/\//.test(raw);
  const url = new URL(hasScheme ? raw : `http://${raw}`);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (!hasScheme && !url.port) url.port = '11434';
  return url.origin;
}

export function probeNode(): Probe {
  const engines = (
    JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { engines?: { node?: string } }
  ).engines?.node;
  const version = process.version;
  if (!engines) return { id: 'node', label: 'node', ok: true, detail: version };
  const ok = satisfiesEngines(version, engines);
  return {
    id: 'node',
    label: 'node',
    ok: ok !== false,
    detail: `${version} (obra-validate needs ${engines}${ok === undefined ? '; cannot tell' : ''})`,
    ...(ok === false ? { fix: `install Node ${engines} (e.g. with nvm or fnm)` } : {}),
  };
}

export function probeClaude(env: NodeJS.ProcessEnv): Probe {
  const binary = env.OBRA_VALIDATE_CLAUDE_BINARY ?? resolveClaudeBinary();
  const fix =
    'run `npm install` (obra-validate installs @anthropic-ai/claude-code; its postinstall must run) or set OBRA_VALIDATE_CLAUDE_BINARY';
  if (binary !== 'claude' && !existsSync(binary)) {
    return { id: 'claude', label: 'claude', ok: false, detail: `${binary} is missing`, fix };
  }
  const result = probeVersion(binary, env);
  if ('error' in result) return { id: 'claude', label: 'claude', ok: false, detail: result.error, fix };
  return { id: 'claude', label: 'claude', ok: true, detail: `${result.version} at ${binary}` };
}

/** The launch host a run would use here (native: posix_spawn; node: bin/launch-host.cjs), and why. */
export function probeLaunchHost(env: NodeJS.ProcessEnv): Probe {
  const probe = { id: 'launch-host', label: 'launch host' } as const;
  let chosen: ReturnType<typeof defaultLaunchHost>;
  try {
    chosen = defaultLaunchHost(env);
  } catch (error) {
    return {
      ...probe,
      ok: false,
      detail: errorMessage(error),
      fix: 'set OBRA_LAUNCH_HOST to native or node, or unset it',
    };
  }
  const { kind, path } = chosen.transport;
  const detail = `${kind} at ${path} (${chosen.reason})`;
  if (kind === 'native' || chosen.reason === 'OBRA_LAUNCH_HOST') return { ...probe, ok: true, detail };
  return {
    ...probe,
    ok: false,
    detail,
    fix: 'install a C compiler (e.g. apt-get install gcc) and run `npm run build` in the package',
  };
}

export function probeBinary(name: string, env: NodeJS.ProcessEnv): Probe {
  const id: ProbeId = `bin:${name}`;
  const path = findOnPath(name, env);
  if (!path) {
    return {
      id,
      label: name,
      ok: false,
      detail: 'not found on PATH',
      fix: `install ${name} and put it on PATH`,
    };
  }
  const result = probeVersion(path, env);
  const version = 'version' in result ? `${result.version} ` : '';
  return { id, label: name, ok: true, detail: `${version}at ${path}` };
}

export async function probeContainerRuntime(env: NodeJS.ProcessEnv): Promise<Probe> {
  const runtime = await detectContainerRuntime(env);
  return runtime.available
    ? { id: 'container-runtime', label: 'container runtime', ok: true, detail: runtime.description }
    : {
        id: 'container-runtime',
        label: 'container runtime',
        ok: false,
        detail: runtime.reason,
        fix: runtime.hint,
      };
}

export async function probeOllama(env: NodeJS.ProcessEnv, timeoutMs = 2000): Promise<Probe> {
  let url: string;
  try {
    url = ollamaUrl(env);
  } catch {
    return {
      id: 'ollama',
      label: 'ollama',
      ok: false,
      detail: `OLLAMA_HOST=${env.OLLAMA_HOST} is not a host or URL`,
      fix: 'set OLLAMA_HOST to host:port, e.g. 127.0.0.1:11434',
    };
  }
  const fix = `start Ollama (\`ollama serve\`) at ${url} or set OLLAMA_HOST; scenarios with llm: { kind: ollama, container: true } start their own`;
  try {
    const response = await fetch(`${url}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok)
      return {
        id: 'ollama',
        label: 'ollama',
        ok: false,
        detail: `${url}/api/tags answered HTTP ${response.status}`,
        fix,
      };
    const body = (await response.json()) as { models?: { name?: string }[] };
    const models = (body.models ?? []).map((m) => m.name).filter(Boolean);
    return {
      id: 'ollama',
      label: 'ollama',
      ok: true,
      detail: `${url}, ${models.length} model${models.length === 1 ? '' : 's'}${models.length ? ` (${models.slice(0, 5).join(', ')})` : ''}`,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return {
      id: 'ollama',
      label: 'ollama',
      ok: false,
      detail: `not reachable at ${url} (${cause ?? errorMessage(error)})`,
      fix,
    };
  }
}
