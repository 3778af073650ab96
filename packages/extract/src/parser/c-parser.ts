// tree-sitter's C grammar through its WASM build: no native toolchain on
// install, and the same parser in Node and in a GitHub Action. The runtime and
// the grammar load once per process.
import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';

let loading: Promise<Language> | undefined;

function language(): Promise<Language> {
  loading ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    return Language.load(require.resolve('tree-sitter-c/tree-sitter-c.wasm'));
  })();
  return loading;
}

export interface CParser {
  /** Parses C text; tree-sitter recovers from errors, marking them ERROR/MISSING. */
  parse(text: string): Tree;
}

/** A parser for C. Parsing is synchronous once the grammar is loaded. */
export async function createCParser(): Promise<CParser> {
  const c = await language();
  const parser = new Parser();
  parser.setLanguage(c);
  return {
    parse(text) {
      const tree = parser.parse(text);
      if (tree === null) throw new Error('tree-sitter returned no tree');
      return tree;
    },
  };
}
