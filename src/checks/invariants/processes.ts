import { plural } from '../text.js';
import { type Invariant, violation } from './types.js';

/** 12. Nothing the attempt started is still running after its teardown. */
export const noProcessLeft: Invariant = {
  name: 'no-process-left',
  title: 'no process left running',
  expected: 'no process of the attempt is alive after teardown',
  findingKind: 'process_leak',
  severity: 'blocker',
  usesDatabase: false,
  check(ctx) {
    return {
      checked: plural(ctx.leftoverProcesses, 'leftover process', 'leftover processes'),
      violations:
        ctx.leftoverProcesses === 0
          ? []
          : [
              violation(
                'process_leak',
                `${plural(ctx.leftoverProcesses, 'process group was', 'process groups were')} still alive after the attempt's teardown; agents must kill their process group at deadlines and on stop`,
              ),
            ],
    };
  },
};
