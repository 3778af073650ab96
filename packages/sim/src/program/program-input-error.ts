// A program or scenario the simulator cannot run, found before exploration:
// the message names the function and the source location, as a compiler
// diagnostic does (`file:line:column: in function: message`).
import type { SourceLocation } from '@kvmsim/mmu-model';

export class ProgramInputError extends Error {
  override readonly name = 'ProgramInputError';
  readonly code = 'program-input';
  readonly isInputError = true;

  constructor(
    readonly reason: string,
    readonly functionName: string | undefined,
    readonly loc: SourceLocation | undefined,
  ) {
    const where = loc === undefined ? '' : `${loc.file}:${loc.line}:${loc.column}: `;
    const inFunction = functionName === undefined ? '' : `in ${functionName}: `;
    super(`${where}${inFunction}${reason}`);
  }
}
