// A trace as a Mermaid sequenceDiagram: one participant per thread, each step
// a self-message on its thread's lane, lock operations drawn as notes, the
// step where the finding fires highlighted in a red rect. Every piece of text
// comes from the analysed code (function names, paths), so it is escaped with
// Mermaid's entity codes and cannot break out of its line.
import { LOCK_OPS, type TraceStepView } from './trace-view.js';

const MERMAID_ENTITIES: Readonly<Record<string, string>> = {
  '#': '#35;',
  ';': '#59;',
  '<': '#lt;',
  '>': '#gt;',
  ':': '#58;',
  '%': '#37;',
  '`': '#96;',
};

/** Text safe inside one Mermaid statement: no newlines, separators or markup. */
export function escapeMermaid(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 300)
    .replace(/[#;<>:%`]/g, (character) => MERMAID_ENTITIES[character] ?? '');
}

/** A participant id: letters, digits and underscores only. */
function participantId(index: number): string {
  return `T${index + 1}`;
}

/**
 * The diagram source (without the ``` fence). `fatalStep` is the index of the
 * step where the finding fires, highlighted; absent means the last step.
 */
export function renderSequenceDiagram(
  steps: readonly TraceStepView[],
  fatalStep: number = steps.length - 1,
): string {
  const threads = [...new Set(steps.map((step) => step.thread))];
  const lines = ['sequenceDiagram'];
  threads.forEach((thread, index) => {
    lines.push(`  participant ${participantId(index)} as ${escapeMermaid(thread)}`);
  });
  steps.forEach((step, index) => {
    const id = participantId(threads.indexOf(step.thread));
    const text = escapeMermaid(`${step.text} (${step.function}, line ${step.loc.line})`);
    if (index === fatalStep) {
      lines.push('  rect rgb(255, 220, 220)');
      lines.push(`    Note over ${id}: ${text}`);
      lines.push('  end');
    } else if (LOCK_OPS.has(step.op)) {
      lines.push(`  Note right of ${id}: ${text}`);
    } else {
      lines.push(`  ${id}->>${id}: ${text}`);
    }
  });
  return lines.join('\n');
}
