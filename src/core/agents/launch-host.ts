import { existsSync } from 'node:fs';
import type { HostTransport } from './host-transport.js';
import { NATIVE_LAUNCH_HOST_PATH, NODE_LAUNCH_HOST_PATH } from './launch-host-files.js';
import { nativeHostTransport } from './native-host-transport.js';
import { nodeHostTransport } from './node-host-transport.js';

export const LAUNCH_HOST_KINDS = ['native', 'node'] as const;
export type LaunchHostKind = (typeof LAUNCH_HOST_KINDS)[number];

export interface LaunchHostChoice {
  transport: HostTransport;
  /** Why this host, in words (the report and `doctor` show it). */
  reason: string;
}

/** The transport of a launch host of the given kind, at its file in this package. */
export function launchHostTransport(kind: LaunchHostKind): HostTransport {
  return kind === 'native'
    ? nativeHostTransport(NATIVE_LAUNCH_HOST_PATH)
    : nodeHostTransport(NODE_LAUNCH_HOST_PATH);
}

/**
 * The launch host a run uses: OBRA_LAUNCH_HOST when set (native or node), else the native host when it
 * was built for this platform, else the Node host, with the reason either way (not a silent fallback:
 * the report and `doctor` name the host and why).
 * @throws on an OBRA_LAUNCH_HOST that is neither, or native asked for and not built.
 */
export function defaultLaunchHost(env: NodeJS.ProcessEnv = process.env): LaunchHostChoice {
  const asked = env.OBRA_LAUNCH_HOST;
  if (asked !== undefined && asked !== '') {
    if (asked !== 'native' && asked !== 'node') {
      throw new Error(
        `OBRA_LAUNCH_HOST=${JSON.stringify(asked)} is not a launch host; use native or node (or unset it)`,
      );
    }
    if (asked === 'native' && !existsSync(NATIVE_LAUNCH_HOST_PATH)) {
      throw new Error(
        `OBRA_LAUNCH_HOST=native, but the native launch host ${NATIVE_LAUNCH_HOST_PATH} is not built; run \`npm run build\` where a C compiler (cc) is installed, or set OBRA_LAUNCH_HOST=node`,
      );
    }
    return { transport: launchHostTransport(asked), reason: 'OBRA_LAUNCH_HOST' };
  }
  if (existsSync(NATIVE_LAUNCH_HOST_PATH)) {
    return { transport: launchHostTransport('native'), reason: 'built for this platform' };
  }
  return {
    transport: launchHostTransport('node'),
    reason: `no native launch host was built for ${process.platform}-${process.arch} (no C compiler at build time): spawns cost about 1 ms more each`,
  };
}
