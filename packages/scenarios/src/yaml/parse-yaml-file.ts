// YAML → zod with every problem reported as file:line: field: reason, never a
// stack trace. Scenario and workload files share it.
import { LineCounter, isNode, parseDocument } from 'yaml';
import type { z } from 'zod';

/** A problem in a YAML file of kvmsim's, said as `file:line: field: reason`. */
export abstract class YamlFileFormatError extends Error {
  abstract readonly code: string;
  readonly isInputError = true;
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${field}: ${reason}`);
  }
}

/** Where a value sits in the file, as parse errors and later checks report it. */
export interface YamlLocator {
  lineOf(path: readonly (string | number)[]): number;
  fieldOf(path: readonly (string | number)[]): string;
}

export interface YamlFileError {
  readonly line: number;
  readonly field: string;
  readonly reason: string;
}

/**
 * Parses `text` against `schema`. `fail` builds the error the caller throws,
 * so each file format keeps its own error class.
 */
export function parseYamlFile<Schema extends z.ZodType>(
  text: string,
  schema: Schema,
  fail: (error: YamlFileError) => Error,
): { value: z.output<Schema>; locate: YamlLocator } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const locate: YamlLocator = {
    lineOf: (path) => {
      for (let length = path.length; length >= 0; length -= 1) {
        const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
        if (isNode(node) && node.range !== undefined && node.range !== null)
          return lineCounter.linePos(node.range[0]).line;
      }
      return 1;
    },
    fieldOf: (path) =>
      path.length === 0
        ? '(top level)'
        : path
            .map((part) => (typeof part === 'number' ? `[${part}]` : part))
            .join('.')
            .replace(/\.\[/g, '['),
  };
  const yamlError = document.errors[0];
  if (yamlError !== undefined)
    throw fail({
      line: yamlError.linePos?.[0]?.line ?? 1,
      field: '(YAML)',
      reason: yamlError.message.split('\n')[0] ?? 'invalid YAML',
    });
  const parsed = schema.safeParse(document.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).map((part) =>
      typeof part === 'symbol' ? String(part) : part,
    );
    throw fail({
      line: locate.lineOf(path),
      field: locate.fieldOf(path),
      reason: issue?.message ?? 'invalid',
    });
  }
  return { value: parsed.data, locate };
}
