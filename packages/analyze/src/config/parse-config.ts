// Reading `.github/kvmsim.yml`: YAML with line numbers, validated by the zod
// schema; a problem is reported with the key path, the line and the reason,
// for the check run to show, never thrown at the webhook.
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { configSchema, DEFAULT_CONFIG, type KvmsimConfig } from './config-schema.js';

export const CONFIG_PATH = '.github/kvmsim.yml';

export type ConfigResult =
  | { readonly ok: true; readonly config: KvmsimConfig }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Parses the config file's text; `undefined` (no file) means the defaults. */
export function parseConfig(text: string | undefined): ConfigResult {
  if (text === undefined || text.trim() === '') return { ok: true, config: DEFAULT_CONFIG };
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        key: '(file)',
        line: error.linePos?.[0].line,
        reason: error.message.split('\n')[0] ?? 'invalid YAML',
      })) as ConfigProblem[],
    };
  }
  const result = configSchema.safeParse(document.toJS() ?? {});
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const key =
        issue.code === 'unrecognized_keys'
          ? [...path, ...issue.keys].join('.')
          : path.join('.') || '(root)';
      const line = lineOf(
        document.contents,
        issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path,
        lineCounter,
      );
      return { key, reason: issue.message, ...(line === undefined ? {} : { line }) };
    }),
  };
}

/** The line of the node at `path` (or of its nearest existing ancestor). */
function lineOf(
  root: unknown,
  path: readonly string[],
  lineCounter: LineCounter,
): number | undefined {
  let node = root as Node | undefined;
  let line: number | undefined;
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => String((item.key as { value?: unknown })?.value) === segment,
      );
      if (pair === undefined) break;
      line = lineAt((pair.key as Node | undefined)?.range?.[0]) ?? line;
      node = pair.value as Node | undefined;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)] as Node | undefined;
      line = lineAt(node?.range?.[0]) ?? line;
    } else {
      break;
    }
  }
  return line ?? lineAt((root as Node | undefined)?.range?.[0]);
}

/** The config in `text` (from `file`), or a ConfigError naming each bad key and its line. */
export function loadConfig(text: string | undefined, file: string = CONFIG_PATH): KvmsimConfig {
  const result = parseConfig(text);
  if (!result.ok) throw new ConfigError(file, result.problems);
  return result.config;
}
