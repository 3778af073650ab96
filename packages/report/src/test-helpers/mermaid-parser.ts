// Mermaid's own parser, for tests that check rendered diagrams. Mermaid
// sanitises labels with DOMPurify, which needs a browser window: a happy-dom
// window is installed as the global `window` just before mermaid is loaded,
// and only for it (the rest of a test, tree-sitter's WASM included, keeps
// running as in Node).
let parser: Promise<(text: string) => Promise<unknown>> | undefined;

export function mermaidParse(text: string): Promise<unknown> {
  parser ??= (async () => {
    const { Window } = await import('happy-dom');
    const global = globalThis as { window?: unknown; document?: unknown };
    if (global.window === undefined) {
      const window = new Window();
      global.window = window;
      global.document = window.document;
    }
    const { default: mermaid } = await import('mermaid');
    return (source: string) => mermaid.parse(source);
  })();
  return parser.then((parse) => parse(text));
}
