// What a reviewer reads in an extractor fixture's snapshot: everything
// extractProgram returns about one file, as text. The functions as
// format-ir.ts prints them, then the guarded-by rules with the comment each
// was read from, the locks outside the catalogue with the kind the code
// implies, and every diagnostic. An empty section says `none`, so that "no
// diagnostics" is a claim of the snapshot too.
import type { ProgramModel } from '@kvmsim/mmu-model';
import { formatFunction } from '../format-ir.js';

function section(title: string, lines: readonly string[]): string {
  return `== ${title}\n${lines.length === 0 ? 'none\n' : `${lines.join('\n')}\n`}`;
}

export function formatFixture(program: ProgramModel): string {
  const functions = Object.values(program.functions).map(formatFunction);
  return [
    `== functions\n${functions.length === 0 ? 'none\n' : functions.join('\n')}`,
    section(
      'guarded by',
      program.guardRules.map(
        (rule) =>
          `${rule.path} by ${rule.lock} (${rule.mode})  ${rule.loc.file}:${rule.loc.line}\n    from: ${rule.text}`,
      ),
    ),
    section(
      'locks outside the catalogue',
      (program.locks ?? []).map(
        (lock) => `${lock.path} ${lock.kind}  ${lock.source}\n    ${lock.description}`,
      ),
    ),
    section(
      'diagnostics',
      program.diagnostics.map(
        (d) =>
          `${d.loc.file}:${d.loc.line}:${d.loc.column} ${d.severity} ${d.code}${d.function === undefined ? '' : ` in ${d.function}`}\n    ${d.message}`,
      ),
    ),
  ].join('\n');
}
