// Reads a workload file: YAML → zod → the order of its steps checked (a
// memslot exists before it is used, nothing runs after the VM is destroyed).
// Every problem is reported with the file, the line and the field.
import { YamlFileFormatError, parseYamlFile } from '../yaml/parse-yaml-file.js';
import {
  workloadSchema,
  type WorkloadRepeat,
  type WorkloadSpec,
  type WorkloadStep,
} from './workload-schema.js';

export class WorkloadFormatError extends YamlFileFormatError {
  override readonly name = 'WorkloadFormatError';
  readonly code = 'invalid-workload';
}

export interface Workload extends WorkloadSpec {
  /** Where it was read from. */
  readonly source: string;
  /** The line of each step, by its field path (`steps[2].repeat.steps[0]`): for later errors. */
  readonly lines: Readonly<Record<string, number>>;
}

/** The operation of a step and its arguments. */
export function stepOperation(step: WorkloadStep): [string, Record<string, unknown>] {
  const [name, args] = Object.entries(step)[0] ?? ['', {}];
  return [name, args as Record<string, unknown>];
}

/** The steps in the order they run, each repeated block twice at most: enough to check the order. */
function unrolled(
  steps: readonly WorkloadStep[],
  path: readonly (string | number)[],
): { step: WorkloadStep; path: (string | number)[] }[] {
  return steps.flatMap((step, index) => {
    const at = [...path, index];
    const [name] = stepOperation(step);
    if (name !== 'repeat') return [{ step, path: at }];
    const repeat = (step as WorkloadRepeat).repeat;
    const once = unrolled(repeat.steps, [...at, 'repeat', 'steps']);
    return repeat.times > 1 ? [...once, ...once] : once;
  });
}

export function parseWorkload(text: string, file: string): Workload {
  const error = (line: number, field: string, reason: string) =>
    new WorkloadFormatError(file, line, field, reason);
  const { value, locate } = parseYamlFile(text, workloadSchema, ({ line, field, reason }) =>
    error(line, field, reason),
  );
  const lines: Record<string, number> = {};
  const fail = (path: readonly (string | number)[], reason: string): never => {
    throw error(locate.lineOf(path), locate.fieldOf(path), reason);
  };
  // A repeated block runs twice here: one that creates a memslot and does not
  // delete it would create it twice, and that is found.
  const slots = new Set<number>();
  let destroyed = false;
  for (const { step, path } of unrolled(value.steps, ['steps'])) {
    lines[locate.fieldOf(path)] = locate.lineOf(path);
    const [name, args] = stepOperation(step);
    if (destroyed) fail(path, `${name} after destroy-vm: the VM is gone`);
    const slot = typeof args.slot === 'number' ? args.slot : undefined;
    if (name === 'create-memslot' && slot !== undefined) {
      if (slots.has(slot)) fail([...path, name, 'slot'], `memslot ${slot} already exists`);
      slots.add(slot);
    } else if (slot !== undefined && !slots.has(slot)) {
      fail([...path, name, 'slot'], `memslot ${slot} is not created before this step`);
    }
    if (name === 'delete-memslot' && slot !== undefined) slots.delete(slot);
    if (name === 'destroy-vm') destroyed = true;
  }
  return { ...value, source: file, lines };
}
