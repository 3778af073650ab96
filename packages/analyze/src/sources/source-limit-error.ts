// A revision holds more than the config lets one analysis read: too many
// files, or too many bytes in all. Nothing is analysed; the CLI prints the
// message (exit 2), the app posts it as a neutral check. A single file over
// the size limit is not this error: it is left out and named in the report
// (see source-limits.ts).

/** Which limit of `limits` in `.github/kvmsim.yml` a revision is over. */
export type SourceLimitKey = 'maxFiles' | 'maxTotalBytes';

export class SourceLimitError extends Error {
  readonly code = 'source-limit' as const;
  readonly isInputError = true;
  constructor(
    /** The limit exceeded, as its key under `limits`. */
    readonly limit: SourceLimitKey,
    message: string,
  ) {
    super(message);
    this.name = 'SourceLimitError';
  }
}
