import { isIP } from 'node:net';

/** Whether `host` names this machine only: localhost, 127.0.0.0/8, ::1 (with or without brackets). */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  if (isIP(bare) === 4) return bare.split('.')[0] === '127';
  if (isIP(bare) === 6) return /^(?:0*:)*:?0*1$/.test(bare) || bare.toLowerCase().startsWith('::ffff:127.');
  return false;
}

/**
 * What `model-server --host HOST` says on stderr when HOST is not a loopback address: other machines
 * can then reach the server and the recorded conversations it plays; undefined for loopback. Pure.
 */
export function loopbackWarning(host: string): string | undefined {
  if (isLoopback(host)) return undefined;
  return `--host ${host} is not a loopback address: other machines on the network can reach this model server and the conversations it plays. Leave --host out to listen on 127.0.0.1 only.`;
}
