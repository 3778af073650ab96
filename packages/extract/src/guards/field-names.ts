// The names a struct field declares. The parse tree has them when the
// declaration parsed cleanly. A kernel attribute next to the name
// (`int a ____cacheline_aligned;`, `u64 v __aligned(8);`,
// `struct page *p __counted_by(n);`, `struct foo __rcu *p;`) is an unknown
// word to the grammar, which then takes the attribute for the name or splits
// the declaration; those names are read from the text instead, with kernel
// conventions: attributes are words starting with `__`, attributes with
// arguments are dropped whole, and the name is the word before `[` or `:`, or
// after the last `*`, or the one word that is not an attribute. A name that
// cannot be told from an attribute is not guessed.
import type { Node } from 'web-tree-sitter';
import { declaredName, field } from '../lower/syntax.js';

const TAGS: ReadonlySet<string> = new Set(['struct', 'union', 'enum']);
const QUALIFIERS: ReadonlySet<string> = new Set(['const', 'volatile']);
const BASIC_TYPES: ReadonlySet<string> = new Set([
  'signed',
  'unsigned',
  'short',
  'long',
  'int',
  'char',
  'float',
  'double',
  'void',
  '_Bool',
]);

/** Whether a declarator is an attribute call the grammar read as a function: a field is never one. */
function isAttributeCall(declarator: Node): boolean {
  let at: Node | undefined = declarator;
  while (at?.type === 'pointer_declarator' || at?.type === 'array_declarator')
    at = field(at, 'declarator');
  return at?.type === 'function_declarator' && field(at, 'declarator')?.type === 'field_identifier';
}

/** `text` with every group that starts where `starts` matches, through its balanced close, replaced. */
function replaceGroups(text: string, starts: RegExp, open: string, close: string, by: string) {
  let out = text;
  for (let match = starts.exec(out); match !== null; match = starts.exec(out)) {
    let depth = 0;
    let end = match.index + match[0].length - 1;
    for (; end < out.length; end++) {
      if (out[end] === open) depth++;
      else if (out[end] === close && --depth === 0) break;
    }
    out = `${out.slice(0, match.index)}${by}${out.slice(end + 1)}`;
    starts.lastIndex = match.index + by.length;
  }
  return out;
}

/** Splits at commas outside parentheses and brackets. */
function declarators(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth--;
    else if (char === ',' && depth === 0) {
      out.push(text.slice(start, at));
      start = at + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** The words of a declaration after its type. */
function afterType(words: readonly string[]): readonly string[] {
  let at = 0;
  while (QUALIFIERS.has(words[at] ?? '')) at++;
  if (TAGS.has(words[at] ?? '')) {
    at++;
    if (/^\w/.test(words[at] ?? '')) at++;
    if (words[at] === '{}') at++;
  } else if (BASIC_TYPES.has(words[at] ?? '')) {
    while (BASIC_TYPES.has(words[at] ?? '')) at++;
  } else at++;
  return words.slice(at);
}

function nameOf(declarator: string, withType: boolean): string | undefined {
  const pointer = /\(\s*\*\s*([A-Za-z_]\w*)\s*\)/.exec(declarator);
  if (pointer !== null) return pointer[1];
  // A macro that declares the field (DECLARE_BITMAP(name, n), struct_group(...)).
  if (declarator.includes('(')) return undefined;
  const cut = declarator.search(/[[:]/);
  const tokens = (cut < 0 ? declarator : declarator.slice(0, cut)).match(/[A-Za-z_]\w*|\{\}|\*/g);
  const rest = withType ? afterType(tokens ?? []) : (tokens ?? []);
  const words = rest
    .slice(rest.lastIndexOf('*') + 1)
    .filter((word) => /^\w/.test(word) && !QUALIFIERS.has(word));
  // Nothing but the name stands before an array size or a bit-field width.
  if (cut >= 0 || words.length === 1) return words.at(-1);
  const plain = words.filter((word) => !word.startsWith('__'));
  return plain.length === 1 ? plain[0] : undefined;
}

function namesFromText(text: string): string[] {
  let rest = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ');
  rest = replaceGroups(rest, /\{/g, '{', '}', ' {} ');
  rest = replaceGroups(rest, /\b__\w*\s*\(/g, '(', ')', ' ');
  rest = rest.replace(/;\s*$/, '');
  return declarators(rest)
    .map((declarator, index) => nameOf(declarator, index === 0))
    .filter((name): name is string => name !== undefined);
}

/** The names a field declares: `parts` are its declaration's pieces, `text` theirs joined. */
export function fieldNames(parts: readonly Node[], text: string): string[] {
  const [head] = parts;
  if (parts.length === 1 && head !== undefined && !head.hasError) {
    const found = head
      .childrenForFieldName('declarator')
      .filter((declarator): declarator is Node => declarator !== null);
    if (!found.some(isAttributeCall)) {
      const names = found.map(declaredName);
      if (names.every((name): name is string => name !== undefined)) return names;
    }
  }
  return namesFromText(text);
}
