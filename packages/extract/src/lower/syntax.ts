// Small helpers over tree-sitter nodes.
import type { SourceLocation } from '@kvmsim/mmu-model';
import type { Node } from 'web-tree-sitter';

export function children(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

export function field(node: Node, name: string): Node | undefined {
  return node.childForFieldName(name) ?? undefined;
}

export function locOf(file: string, node: Node): SourceLocation {
  return { file, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** Strips parentheses and casts: the value of `(struct kvm *)(x)` is x's. */
export function unwrap(node: Node): Node {
  let at = node;
  for (;;) {
    if (at.type === 'parenthesized_expression') {
      const inner = children(at)[0];
      if (inner === undefined) return at;
      at = inner;
    } else if (at.type === 'cast_expression') {
      const value = field(at, 'value');
      if (value === undefined) return at;
      at = value;
    } else return at;
  }
}

/** The called name of a call: `f(...)` → f; `KVM_PGT_FN(f)(...)` is handled by the caller. */
export function calleeName(call: Node): string | undefined {
  const fn = field(call, 'function');
  return fn?.type === 'identifier' ? fn.text : undefined;
}

export function argumentsOf(call: Node): Node[] {
  const args = field(call, 'arguments');
  return args === undefined ? [] : children(args).filter((arg) => arg.type !== 'comment');
}

/** The identifier a declarator declares (through pointers, arrays, init and attributes). */
export function declaredName(declarator: Node): string | undefined {
  let at: Node | undefined = declarator;
  while (at !== undefined) {
    if (at.type === 'identifier' || at.type === 'field_identifier') return at.text;
    at =
      field(at, 'declarator') ??
      children(at).find(
        (child) => child.type.endsWith('declarator') || child.type === 'identifier',
      );
  }
  return undefined;
}
