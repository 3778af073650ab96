// What a reviewer reads in a detector fixture's snapshot: the threads that
// ran, whether every interleaving was explored, and each finding with its
// kind and rule, subject, message, locations and shortest trace (one line a step:
// thread, what it did, where, the locks it holds after). State counts are
// left out: they follow the explorer's reductions, not the code.
import type { Finding, SimulationInput, SimulationResult } from '@kvmsim/sim';

function formatFinding(finding: Finding): string {
  const width = Math.max(...finding.trace.map((step) => step.thread.length));
  return [
    `${finding.kind} (${finding.rule})${finding.subject === undefined ? '' : ` on ${finding.subject}`}${finding.restsOnUnknown ? ' (rests on an unmodelled branch)' : ''}`,
    `  ${finding.message}`,
    `  at ${finding.locations.length === 0 ? '(no location)' : finding.locations.map((loc) => `${loc.file}:${loc.line}`).join(', ')}`,
    '  trace:',
    ...finding.trace.map(
      (step) =>
        `    ${step.thread.padEnd(width)}  ${step.text}  (${step.function}, line ${step.loc.line})${step.locksHeld.length === 0 ? '' : `  holding ${step.locksHeld.join(', ')}`}`,
    ),
  ].join('\n');
}

function section(title: string, lines: readonly string[]): string {
  return `== ${title}\n${lines.length === 0 ? 'none' : lines.join('\n\n')}\n`;
}

export function formatFindings(input: SimulationInput, result: SimulationResult): string {
  const threads = input.threads.map(
    (thread) =>
      `${thread.name}: ${thread.entry}(${thread.args
        .map((arg) =>
          arg.kind === 'addressOf'
            ? `&${arg.path}`
            : arg.kind === 'const'
              ? String(arg.value ?? 'NULL')
              : arg.kind,
        )
        .join(', ')})`,
  );
  return [
    `threads\n${threads.map((line) => `  ${line}`).join('\n')}`,
    `exhaustive: ${result.exhaustive ? 'yes' : `no (${result.stopReason ?? 'cut'})`}\n`,
    section('findings', result.findings.map(formatFinding)),
    section(
      'unverified (WARN_ON only along an unmodelled branch)',
      result.unverified.map(formatFinding),
    ),
    section(
      'notices',
      result.notices.map(
        (notice) =>
          `${notice.message}${notice.loc === undefined ? '' : `  (${notice.loc.file}:${notice.loc.line})`}`,
      ),
    ),
  ].join('\n');
}
