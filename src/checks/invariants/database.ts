import { plural } from '../text.js';
import { type Invariant, violation } from './types.js';

/** At most this many foreign key problems are named. */
const MAX_LISTED = 10;

/** 11. The attempt's database is sound: PRAGMA integrity_check says ok, foreign_key_check finds nothing. */
export const sqliteIntegrity: Invariant = {
  name: 'sqlite-integrity',
  title: 'database integrity and foreign keys',
  expected: 'PRAGMA integrity_check = ok and PRAGMA foreign_key_check is empty',
  findingKind: 'database_corrupt',
  severity: 'blocker',
  usesDatabase: true,
  check(_ctx, db) {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
      (r) => r.integrity_check,
    );
    const foreign = db.pragma('foreign_key_check') as {
      table: string;
      rowid: number;
      parent: string;
      fkid: number;
    }[];
    const violations = [];
    if (integrity.join() !== 'ok') {
      violations.push(
        violation('database_corrupt', `PRAGMA integrity_check: ${integrity.slice(0, MAX_LISTED).join('; ')}`),
      );
    }
    for (const row of foreign.slice(0, MAX_LISTED)) {
      violations.push(
        violation(
          'database_corrupt',
          `foreign key broken: ${row.table} row ${row.rowid} references a missing ${row.parent} row`,
        ),
      );
    }
    if (foreign.length > MAX_LISTED) {
      violations.push(
        violation('database_corrupt', `and ${foreign.length - MAX_LISTED} more broken foreign keys`),
      );
    }
    return {
      checked: `integrity ${integrity.join('; ')}, ${plural(foreign.length, 'foreign key problem')}`,
      violations,
    };
  },
  whenUnreadable: (failure) =>
    failure.corrupt ? [violation('database_corrupt', failure.reason)] : undefined,
};
