import { describe, expect, it } from 'vitest';
import { escapeMermaid, renderSequenceDiagram } from './mermaid-sequence.js';
import type { TraceStepView } from './trace-view.js';

const loc = (line: number) => ({ file: 'arch/arm64/kvm/nested.c', line, column: 2 });
const steps: TraceStepView[] = [
  {
    thread: 'exit_mm',
    function: 'kvm_mmu_notifier_release',
    op: 'srcu_read_lock',
    text: 'srcu_read_lock(kvm.srcu)',
    loc: loc(10),
    locksHeld: ['kvm.srcu'],
  },
  {
    thread: 'kvm_vm_release',
    function: 'kvm_arch_flush_shadow_all',
    op: 'assign',
    text: 'read kvm.arch.nested_mmus',
    loc: loc(20),
    locksHeld: [],
  },
  {
    thread: 'exit_mm',
    function: 'kvm_arch_flush_shadow_all',
    op: 'free',
    text: 'kvfree(kvm.arch.nested_mmus)',
    loc: loc(21),
    locksHeld: ['kvm.srcu'],
  },
  {
    thread: 'kvm_vm_release',
    function: 'kvm_arch_flush_shadow_all',
    op: 'free',
    text: 'kvfree(kvm.arch.nested_mmus)',
    loc: loc(21),
    locksHeld: [],
  },
];

describe('renderSequenceDiagram', () => {
  const diagram = renderSequenceDiagram(steps);

  it('has one participant per thread, in order of first appearance', () => {
    expect(diagram).toContain('participant T1 as exit_mm');
    expect(diagram).toContain('participant T2 as kvm_vm_release');
    expect(diagram.match(/participant /g)).toHaveLength(2);
  });

  it('draws lock operations as notes and highlights the fatal step', () => {
    expect(diagram).toContain('Note right of T1: srcu_read_lock(kvm.srcu)');
    expect(diagram).toMatch(
      /rect rgb\(255, 220, 220\)\n {4}Note over T2: kvfree\(kvm\.arch\.nested_mmus\)/,
    );
    expect(diagram).toContain('T1->>T1: kvfree(kvm.arch.nested_mmus)');
  });

  it('keeps every step on its own line', () => {
    expect(diagram.split('\n')).toHaveLength(1 + 2 + 4 + 2);
  });
});

describe('escapeMermaid', () => {
  it('cannot end a statement, start a comment or inject markup', () => {
    const escaped = escapeMermaid('a;b\n%%c <b>x</b> #d: `e`');
    expect(escaped.replace(/#\w+;/g, '')).not.toMatch(/[;\n<>`#:]|%%/);
    expect(escaped).toBe('a#59;b #37;#37;c #lt;b#gt;x#lt;/b#gt; #35;d#58; #96;e#96;');
  });
});
