// Reads a scenario file: YAML → zod → entry points checked. Every problem is
// reported with the file, the line and the field, never a stack trace.
import { ENTRY_POINTS } from '../entry-points/entry-points.js';
import { YamlFileFormatError, parseYamlFile } from '../yaml/parse-yaml-file.js';
import { scenarioSchema, type ScenarioSpec } from './scenario-schema.js';

export class ScenarioFormatError extends YamlFileFormatError {
  override readonly name = 'ScenarioFormatError';
  readonly code = 'invalid-scenario';
}

export interface Scenario extends ScenarioSpec {
  /** Where it was read from (a built-in file, or a repository's). */
  readonly source: string;
}

export function parseScenario(text: string, file: string): Scenario {
  const fail = ({ line, field, reason }: { line: number; field: string; reason: string }) =>
    new ScenarioFormatError(file, line, field, reason);
  const { value: scenario, locate } = parseYamlFile(text, scenarioSchema, fail);
  const { lineOf, fieldOf } = locate;
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
