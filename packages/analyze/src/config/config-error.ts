// The one error a bad `.github/kvmsim.yml` gives: every problem with its key
// path and line, so the CLI can print it (exit 2) and the app can list it in
// a failed check run; also what a name the config gets wrong (a scenario, a
// workload) turns into when the pipeline resolves it.

export interface ConfigProblem {
  /** Dotted key path, e.g. `budgets.maxStates`, or `(file)` for YAML syntax. */
  readonly key: string;
  readonly line?: number;
  readonly reason: string;
}

/** A config file that does not validate; the CLI prints it and exits 2, the app shows it in the check run. */
export class ConfigError extends Error {
  readonly code = 'config' as const;
  readonly isInputError = true;
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      problems
        .map(
          (problem) =>
            `${file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.key}: ${problem.reason}`,
        )
        .join('\n'),
    );
    this.name = 'ConfigError';
  }
}
