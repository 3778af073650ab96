// A command of the design that has not landed yet: it says so and fails, so no
// script mistakes it for a clean result.
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';

export function notYetImplemented(name: string, summary: string, issue: string): Command {
  return {
    summary: `${summary} (not implemented yet)`,
    help: `kvmsim ${name}: ${summary}.\n\nNot implemented yet; tracked in ${issue}.\n`,
    run: () => {
      throw new UsageError(`kvmsim ${name} is not implemented yet (${issue})`);
    },
  };
}
