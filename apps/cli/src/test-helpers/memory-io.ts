// A CliIo that records what a command prints, for in-process command tests.
import type { CliIo } from '../io.js';

export function memoryIo(options: { cwd?: string } = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    stderrIsTTY: false,
    env: {},
    cwd: options.cwd ?? process.cwd(),
  };
}
