// The fields of one struct body as a kernel reader sees them, each with the
// comments that document it. tree-sitter's C grammar does not see a struct
// the way a reader does: `#ifdef` blocks become preproc nodes holding the
// fields, a `#define` line is a node between two fields, a comment at the end
// of a conditional branch is hoisted to the node around it, and an attribute
// after a field's name (`____cacheline_aligned`, `__aligned(8)`) can split one
// declaration into two. So fields and comments are flattened into source
// order and matched by rows and by the directive lines between them.
//
// Which comments document a field:
// - a comment that starts on the line a field ends on is that field's, and
//   only that field's (`int x; /* protected by kvm->lock */`);
// - any other comment documents the first field after it, across blank
//   lines, other comments, attributes and preprocessor lines (`#define`,
//   `#undef`, a whole `#if ... #endif`, or the `#if` line of a block the field
//   opens), but not out of a conditional branch (`#else`, `#elif` or `#endif`
//   with the comment inside the branch): a comment in one branch is not about
//   a field in another, nor about one after the block;
// - a comment on a preprocessor line (`#endif /* CONFIG_X */`) is the
//   directive's;
// - so a comment never reaches past a field: one separated from a field by
//   another field documents that other field (kernel comments above a group
//   of fields are read as the first field's only, which may miss a rule but
//   never invents one).
import type { Node } from 'web-tree-sitter';
import { fieldNames } from './field-names.js';

export interface StructField {
  /** The declaration, or its first piece when an attribute split it. */
  readonly node: Node;
  /** The declaration's text, pieces joined. */
  readonly text: string;
  /** The names it declares; empty when they cannot be read with confidence. */
  readonly names: readonly string[];
  /** The comments that document it, in source order. */
  readonly comments: readonly Node[];
}

type Directive = 'open' | 'branch' | 'close' | 'other';

const DIRECTIVE_TOKENS: Readonly<Record<string, Directive>> = {
  '#if': 'open',
  '#ifdef': 'open',
  '#ifndef': 'open',
  '#elif': 'branch',
  '#elifdef': 'branch',
  '#elifndef': 'branch',
  '#else': 'branch',
  '#endif': 'close',
};

const CONDITIONALS: ReadonlySet<string> = new Set([
  'preproc_if',
  'preproc_ifdef',
  'preproc_elif',
  'preproc_elifdef',
  'preproc_else',
]);

/** Directive lines that hold no fields. */
const OTHER_DIRECTIVES: ReadonlySet<string> = new Set([
  'preproc_def',
  'preproc_function_def',
  'preproc_call',
  'preproc_include',
]);

interface Piece {
  readonly kind: 'field' | 'comment';
  readonly node: Node;
}

interface Flattened {
  readonly pieces: readonly Piece[];
  /** Directive lines by row. */
  readonly directives: ReadonlyMap<number, Directive>;
}

function flatten(body: Node): Flattened {
  const pieces: Piece[] = [];
  const directives = new Map<number, Directive>();
  const walk = (node: Node) => {
    for (const child of node.children) {
      if (child === null) continue;
      const token = DIRECTIVE_TOKENS[child.type];
      if (!child.isNamed) {
        if (token !== undefined) directives.set(child.startPosition.row, token);
      } else if (child.type === 'field_declaration') pieces.push({ kind: 'field', node: child });
      else if (child.type === 'comment') pieces.push({ kind: 'comment', node: child });
      else if (CONDITIONALS.has(child.type) || child.type === 'ERROR') walk(child);
      else if (OTHER_DIRECTIVES.has(child.type)) directives.set(child.startPosition.row, 'other');
    }
  };
  walk(body);
  return { pieces, directives };
}

interface Building {
  readonly head: Node;
  readonly parts: Node[];
  readonly comments: Node[];
}

/** Whether `next` continues `previous`: the parser ended `previous` at an attribute. */
function continues(previous: Node, next: Node): boolean {
  return (
    previous.lastChild?.isMissing === true &&
    previous.nextNamedSibling?.equals(next) === true &&
    next.childrenForFieldName('declarator').length === 0
  );
}

/** Whether a comment ending on `from` may document a field starting on `to`. */
function sameBranch(directives: ReadonlyMap<number, Directive>, from: number, to: number): boolean {
  let depth = 0;
  for (let row = from + 1; row < to; row++) {
    const directive = directives.get(row);
    if (directive === 'open') depth++;
    else if (directive === 'close') {
      if (depth === 0) return false;
      depth--;
    } else if (directive === 'branch' && depth === 0) return false;
  }
  return true;
}

/** The fields of a `field_declaration_list`, in source order, with their comments. */
export function structFields(body: Node): StructField[] {
  const { pieces, directives } = flatten(body);
  const fields: Building[] = [];
  // Comments waiting for the next field, and the field they came after.
  let pending: Node[] = [];
  let last: Building | undefined;
  let previous: Piece | undefined;
  for (const piece of pieces) {
    const { node } = piece;
    if (piece.kind === 'field') {
      if (last !== undefined && previous?.kind === 'field' && continues(previous.node, node)) {
        last.parts.push(node);
      } else {
        const row = node.startPosition.row;
        last = {
          head: node,
          parts: [node],
          comments: pending.filter((comment) =>
            sameBranch(directives, comment.endPosition.row, row),
          ),
        };
        fields.push(last);
        pending = [];
      }
    } else if (directives.has(node.startPosition.row)) {
      // The directive's own comment.
    } else if (last?.parts.at(-1)?.endPosition.row === node.startPosition.row) {
      last.comments.push(node);
    } else pending.push(node);
    previous = piece;
  }
  return fields.map(({ head, parts, comments }) => {
    const text = parts.map((part) => part.text).join(' ');
    return { node: head, text, names: fieldNames(parts, text), comments };
  });
}
