/** Options of the Vitest plugin `obraValidate(options)`. Every field is optional. */
export interface ObraValidateOptions {
  /**
   * Scenario files that become test files: globs relative to the Vitest project root (`**`, `*`, `?`,
   * `{a,b}`). They are added to `test.include`; Vitest's own include patterns are kept.
   * @default ['scenarios/*.yaml', 'scenarios/*.yml']
   */
  include?: string[];
  /** Project root the scenarios' paths (cassettes, fixtures) resolve from. @default the Vitest root */
  rootDir?: string;
  /** Where run directories are written, relative to rootDir. @default 'reports' */
  reportsDir?: string;
  /** Replace every agent: the reference solution (oracle) or nothing (null). */
  agent?: 'oracle' | 'null';
  /** Attempts per scenario (overrides each scenario's `repeat`): one test per attempt. */
  repeat?: number;
  /** Tasks per task generator (stress scenarios). */
  scale?: number;
  /** Tasks run at once within an attempt. */
  concurrency?: number;
  /** Time a test gets beyond its scenario's wall budget (preflight, start-up). @default 120000 */
  timeoutMarginMs?: number;
}

export const DEFAULT_SCENARIO_INCLUDE = ['scenarios/*.yaml', 'scenarios/*.yml'];

/** What a generated test module passes to the runtime: JSON, resolved in the Vitest process. */
export interface SuiteSpec {
  /** Absolute path of the scenario file. */
  file: string;
  /** Absolute project root. */
  rootDir: string;
  reportsDir: string;
  agent?: 'oracle' | 'null';
  repeat?: number;
  scale?: number;
  concurrency?: number;
  timeoutMarginMs: number;
}
