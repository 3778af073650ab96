// Guarded-by rules from the headers: a struct field whose comment says
// "Protected by kvm->slots_lock" (or which carries __guarded_by(lock)) may
// only be accessed with that lock held. Each struct type maps to the paths its
// instances live at, so the rule reads in the canonical paths of docs/ir.md.
//
// Which comments are a field's is struct-fields.ts's rule: the comment on the
// line the field ends on, or the comments above it up to the previous field,
// across blank lines, attributes and preprocessor lines but not out of a
// conditional branch. The simulator checks every read and write against a
// rule, so a comment whose sentence limits the lock to some accesses
// ("Update side is protected by irq_lock", "(for writes)", "but can be read
// outside"), offers alternatives ("kvm->slots_lock or kvm->srcu"), or names
// another field as its subject ("created_vcpus is protected by kvm->lock"
// above online_vcpus) makes no rule: a `guard-comment-skipped` diagnostic says
// why.
import type { Diagnostic, GuardRule, LockCatalogue, Path } from '@kvmsim/mmu-model';
import { lockKindOf } from '@kvmsim/mmu-model';
import type { Node } from 'web-tree-sitter';
import { children, field, locOf } from '../lower/syntax.js';
import { structFields, type StructField } from './struct-fields.js';

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
/** Words that limit a guard to some accesses, which a rule cannot say. */
const ACCESS_WORDS = /\b(?:reads?|readers?|writes?|writers?|writing|updates?|updaters?)\b/i;
const ALTERNATIVE = /\b(?:or|either)\b/i;
const SUBJECT = /([A-Za-z_]\w*(?:(?:->|\.)\w+)*)\s+(?:is|are)\s+(?:(?:only|also|always)\s+)?$/i;

function lockFrom(text: string, structRoot: Path): Path {
  const normalised = text.replace(/->/g, '.');
  // A bare member name is a lock of the same struct.
  return normalised.includes('.') ? normalised : `${structRoot}.${normalised}`;
}

/** A comment's text on one line, without its markers. */
function commentText(text: string): string {
  return text
    .replace(/^\s*\/[*/]+|\*+\/\s*$/g, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .filter((line) => line.length > 0)
    .join(' ');
}

/**
 * Why a "Protected by" comment of `field` makes no rule, if it does not.
 * `members` are the names of every field of the struct.
 */
function whyNotApplied(
  text: string,
  field: StructField,
  members: ReadonlySet<string>,
): string | undefined {
  const match = PROTECTED_BY.exec(text);
  if (match === null) return undefined;
  // The sentence around the match: a dot ends one only before a space (not in kvm->arch.config_lock).
  let start = 0;
  for (const boundary of text.slice(0, match.index).matchAll(/[.!?]\s+/g))
    start = boundary.index + boundary[0].length;
  const end = text.slice(match.index).search(/[.!?](?:\s|$)/);
  const after = text.slice(match.index, end < 0 ? undefined : match.index + end);
  const before = text.slice(start, match.index);
  // Whose the sentence is comes first: the rest of it describes that field, not this one.
  const subject = SUBJECT.exec(before)?.[1];
  const member = subject?.split(/->|\./).at(-1);
  if (
    subject !== undefined &&
    member !== undefined &&
    (/_|->|\./.test(subject) || members.has(member)) &&
    !field.names.includes(member)
  )
    return `it is about ${subject}`;
  if (ACCESS_WORDS.test(before) || ACCESS_WORDS.test(after))
    return 'it limits the lock to some accesses';
  if (ALTERNATIVE.test(after)) return 'it offers alternatives to the lock';
  return undefined;
}

function fieldRules(
  file: string,
  struct: string,
  paths: readonly Path[],
  field: StructField,
  members: ReadonlySet<string>,
  locks: LockCatalogue,
  diagnostics: Diagnostic[],
): GuardRule[] {
  const annotation = GUARDED_BY.exec(field.text);
  const comment = field.comments
    .map((node) => commentText(node.text))
    .find((text) => PROTECTED_BY.test(text));
  const match = annotation ?? (comment === undefined ? null : PROTECTED_BY.exec(comment));
  if (match?.[1] === undefined) return [];
  const loc = locOf(file, field.node);
  const described =
    field.names[0] === undefined ? `a field of ${struct}` : `${struct}.${field.names[0]}`;
  const skipped =
    field.names.length === 0
      ? 'its name cannot be read'
      : annotation === null && comment !== undefined
        ? whyNotApplied(comment, field, members)
        : undefined;
  if (skipped !== undefined) {
    diagnostics.push({
      code: 'guard-comment-skipped',
      severity: 'info',
      message: `${described} is documented as protected by '${match[1]}', but no rule is made: ${skipped}`,
      loc,
    });
    return [];
  }
  const lock = lockFrom(match[1], paths[0] as Path);
  if (lockKindOf(locks, lock) === undefined) {
    diagnostics.push({
      code: 'unknown-guard-lock',
      severity: 'info',
      message: `${described} is documented as protected by '${match[1]}', which is not in the lock catalogue`,
      loc,
    });
    return [];
  }
  const text = annotation?.[0] ?? comment ?? '';
  return field.names.flatMap((name) =>
    paths.map((path) => ({
      path: `${path}.${name}`,
      lock,
      mode: 'any' as const,
      loc,
      text: text.length > 200 ? `${text.slice(0, 197)}...` : text,
    })),
  );
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
      if (struct !== undefined && body !== undefined && paths !== undefined) {
        const fields = structFields(body);
        const members = new Set(fields.flatMap((member) => member.names));
        for (const member of fields)
          rules.push(...fieldRules(file, struct, paths, member, members, locks, diagnostics));
      }
    }
    for (const child of children(node)) visit(child);
  };
  visit(root);
  return rules;
}
