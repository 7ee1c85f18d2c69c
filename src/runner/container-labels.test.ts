import { describe, expect, it } from 'vitest';
import {
  containerLabels,
  isStale,
  LABEL_ATTEMPT,
  LABEL_OWNER,
  LABEL_RUN,
  parseOwner,
} from './container-labels.js';

describe('container labels', () => {
  it('carry the run, the attempt and the harness that started the container', () => {
    expect(containerLabels('20261207-015921-6c2f', 'calc#1', { host: 'vm', pid: 42 })).toEqual({
      [LABEL_RUN]: '20261207-015921-6c2f',
      [LABEL_ATTEMPT]: 'calc#1',
      [LABEL_OWNER]: 'vm/42',
    });
  });

  it.each([
    ['vm/42', { host: 'vm', pid: 42 }],
    ['host.with/slash/7', { host: 'host.with/slash', pid: 7 }],
    ['vm/', undefined],
    ['42', undefined],
    [undefined, undefined],
  ])('parseOwner(%j)', (label, owner) => {
    expect(parseOwner(label)).toEqual(owner);
  });

  const here = { host: 'vm', alive: (pid: number) => pid === 1 };
  it.each([
    ['a dead harness on this host', { [LABEL_OWNER]: 'vm/42' }, true],
    ['a live harness on this host (another run now)', { [LABEL_OWNER]: 'vm/1' }, false],
    ['a harness on another host', { [LABEL_OWNER]: 'other/42' }, false],
    ['a container that is not ours', { 'some.label': 'x' }, false],
  ])('a container of %s is stale: %s', (_what, labels, stale) => {
    expect(isStale(labels, here)).toBe(stale);
  });
});
