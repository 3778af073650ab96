// The small port through which commands reach the terminal: injected so that
// tests run commands in-process and read exactly what a user would see.

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress is drawn only then). */
  readonly stderrIsTTY: boolean;
  /** Whether stdout is a terminal (text output is coloured only then). */
  readonly stdoutIsTTY?: boolean;
  /** The terminal stream a progress bar draws on; absent in tests. */
  readonly progressStream?: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** The process's own terminal. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    progressStream: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}
