// Guarded-by rules from the headers: a struct field whose comment says
// "Protected by kvm->slots_lock" (or which carries __guarded_by(lock)) may
// only be accessed with that lock held. Each struct type maps to the paths its
// instances live at, so the rule reads in the canonical paths of docs/ir.md.
import type { Diagnostic, GuardRule, LockCatalogue, Path } from '@kvmsim/mmu-model';
import { lockKindOf } from '@kvmsim/mmu-model';
import type { Node } from 'web-tree-sitter';
import { children, declaredName, field, locOf } from '../lower/syntax.js';

/** Where instances of a struct live, as canonical paths. */
export const STRUCT_PATHS: Readonly<Record<string, readonly Path[]>> = {
  kvm: ['kvm'],
  kvm_arch: ['kvm.arch'],
  kvm_s2_mmu: ['kvm.arch.mmu', 'kvm.arch.nested_mmus[*]'],
  kvm_vcpu: ['vcpu'],
  kvm_vcpu_arch: ['vcpu.arch'],
  kvm_memory_slot: ['slot'],
};

const PROTECTED_BY = /protected\s+by\s+(?:the\s+)?[`@']?([A-Za-z_]\w*(?:(?:->|\.)\w+)*)/i;
const GUARDED_BY = /__guarded_by\(\s*&?\s*([A-Za-z_][\w>.-]*)\s*\)/;

function lockFrom(text: string, structRoot: Path): Path {
  const normalised = text.replace(/->/g, '.');
  // A bare member name is a lock of the same struct.
  return normalised.includes('.') ? normalised : `${structRoot}.${normalised}`;
}

/** The comments attached to a field: the block right above it and one on its line. */
function fieldComments(declaration: Node): { text: string; node: Node }[] {
  const out: { text: string; node: Node }[] = [];
  let previous = declaration.previousNamedSibling;
  let below: Node = declaration;
  while (previous?.type === 'comment' && below.startPosition.row - previous.endPosition.row <= 1) {
    // A comment sharing its line with the field before it belongs to that field.
    const before = previous.previousNamedSibling;
    if (
      before !== null &&
      before.type !== 'comment' &&
      before.endPosition.row === previous.startPosition.row
    )
      break;
    out.push({ text: previous.text, node: previous });
    below = previous;
    previous = previous.previousNamedSibling;
  }
  const next = declaration.nextNamedSibling;
  if (next?.type === 'comment' && next.startPosition.row === declaration.endPosition.row)
    out.push({ text: next.text, node: next });
  return out;
}

export function guardRules(
  file: string,
  root: Node,
  locks: LockCatalogue,
  diagnostics: Diagnostic[],
): GuardRule[] {
  const rules: GuardRule[] = [];
  const visit = (node: Node) => {
    if (node.type === 'struct_specifier') {
      const struct = field(node, 'name')?.text;
      const body = field(node, 'body');
      const paths = struct === undefined ? undefined : STRUCT_PATHS[struct];
      if (body !== undefined && paths !== undefined) {
        for (const declaration of children(body)) {
          if (declaration.type !== 'field_declaration') continue;
          const declarator = field(declaration, 'declarator');
          const name = declarator === undefined ? undefined : declaredName(declarator);
          if (name === undefined) continue;
          // `int x __guarded_by(&l);` parses as a field missing its semicolon and a stray declaration.
          const split =
            declaration.lastChild?.isMissing === true
              ? (declaration.nextNamedSibling?.text ?? '')
              : '';
          const annotation = GUARDED_BY.exec(`${declaration.text} ${split}`);
          const comment = fieldComments(declaration).find((candidate) =>
            PROTECTED_BY.test(candidate.text),
          );
          const match =
            annotation ?? (comment === undefined ? null : PROTECTED_BY.exec(comment.text));
          if (match?.[1] === undefined) continue;
          const lock = lockFrom(match[1], paths[0] as Path);
          if (lockKindOf(locks, lock) === undefined) {
            diagnostics.push({
              code: 'unknown-guard-lock',
              severity: 'info',
              message: `${struct}.${name} is documented as protected by '${match[1]}', which is not in the lock catalogue`,
              loc: locOf(file, declaration),
            });
            continue;
          }
          const text = (annotation?.[0] ?? comment?.text ?? '')
            .replace(/^\s*\/\*+|\*+\/\s*$/g, '')
            .split('\n')
            .map((line) => line.replace(/^\s*\*\s?/, '').trim())
            .filter((line) => line.length > 0)
            .join(' ');
          for (const path of paths)
            rules.push({
              path: `${path}.${name}`,
              lock,
              mode: 'any',
              loc: locOf(file, declaration),
              text: text.length > 200 ? `${text.slice(0, 197)}...` : text,
            });
        }
      }
    }
    for (const child of children(node)) visit(child);
  };
  visit(root);
  return rules;
}
