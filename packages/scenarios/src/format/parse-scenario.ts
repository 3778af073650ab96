// Reads a scenario file: YAML → zod → entry points checked. Every problem is
// reported with the file, the line and the field, never a stack trace.
import { LineCounter, parseDocument, isNode } from 'yaml';
import { ENTRY_POINTS } from '../entry-points/entry-points.js';
import { scenarioSchema, type ScenarioSpec } from './scenario-schema.js';

export class ScenarioFormatError extends Error {
  override readonly name = 'ScenarioFormatError';
  readonly code = 'invalid-scenario';
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

export interface Scenario extends ScenarioSpec {
  /** Where it was read from (a built-in file, or a repository's). */
  readonly source: string;
}

export function parseScenario(text: string, file: string): Scenario {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (path: readonly (string | number)[]): number => {
    for (let length = path.length; length >= 0; length -= 1) {
      const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
      if (isNode(node) && node.range !== undefined && node.range !== null)
        return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  const fieldOf = (path: readonly (string | number)[]) =>
    path.length === 0
      ? '(top level)'
      : path
          .map((part) => (typeof part === 'number' ? `[${part}]` : part))
          .join('.')
          .replace(/\.\[/g, '[');
  const yamlError = document.errors[0];
  if (yamlError !== undefined) {
    const line = yamlError.linePos?.[0]?.line ?? 1;
    throw new ScenarioFormatError(
      file,
      line,
      '(YAML)',
      yamlError.message.split('\n')[0] ?? 'invalid YAML',
    );
  }
  const parsed = scenarioSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).map((part) =>
      typeof part === 'symbol' ? String(part) : part,
    );
    throw new ScenarioFormatError(file, lineOf(path), fieldOf(path), issue?.message ?? 'invalid');
  }
  const scenario = parsed.data;
  scenario.threads.forEach((thread, index) => {
    const steps = thread.steps ?? [{ entry: thread.entry ?? '', with: thread.with }];
    steps.forEach((step, position) => {
      const path =
        thread.steps === undefined
          ? ['threads', index, 'entry']
          : ['threads', index, 'steps', position, 'entry'];
      const entry = ENTRY_POINTS[step.entry];
      if (entry === undefined)
        throw new ScenarioFormatError(
          file,
          lineOf(path),
          fieldOf(path),
          `unknown entry point '${step.entry}'; known: ${Object.keys(ENTRY_POINTS).join(', ')}`,
        );
      for (const option of Object.keys(step.with ?? {})) {
        if (entry.options?.[option] === undefined) {
          const optionPath = [...path.slice(0, -1), 'with', option];
          throw new ScenarioFormatError(
            file,
            lineOf(optionPath),
            fieldOf(optionPath),
            `${entry.name} has no option '${option}'${entry.options === undefined ? '' : `; its options: ${Object.keys(entry.options).join(', ')}`}`,
          );
        }
      }
    });
  });
  return { ...scenario, source: file };
}
