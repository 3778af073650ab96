// Function pointers through ops tables: `static struct kvm_pgtable_mm_ops
// kvm_s2_mm_ops = { .free_pages_exact = kvm_s2_free_pages_exact, ... }` makes
// a call `mm_ops->free_pages_exact(p)` a call of kvm_s2_free_pages_exact when
// no other table of the program names another function for that member.
import type { Node } from 'web-tree-sitter';
import { children, field } from './syntax.js';

/** member → functions named for it in designated initialisers of the file. */
export function opsTables(root: Node): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const initializer of root.descendantsOfType('initializer_pair')) {
    if (initializer === null) continue;
    const designator = field(initializer, 'designator') ?? children(initializer)[0];
    const value = field(initializer, 'value');
    const member =
      designator?.type === 'field_designator'
        ? (children(designator)[0]?.text ?? designator.text.replace(/^\./, ''))
        : undefined;
    if (member === undefined || value?.type !== 'identifier') continue;
    out[member] = [...new Set([...(out[member] ?? []), value.text])];
  }
  return out;
}
