// A scenario over one revision's program → the input of the race explorer.
// Each thread becomes a small wrapper function that takes what the callers
// outside the analysis set hold, and calls its entry points in order; the VM
// configuration becomes the world the threads start in.
import type { Expr, FunctionModel, ProgramModel, SourceLocation, Stmt } from '@kvmsim/mmu-model';
import { memslotPath, parseSize, splitNrPageTables, stage2Geometry } from '@kvmsim/mmu-model';
import type { InitialValue, SimulationInput } from '@kvmsim/sim';
import { ENTRY_POINTS, type EntryOptions, type EntryVm } from '../entry-points/entry-points.js';
import type { Scenario } from '../format/parse-scenario.js';

export type BuiltSimulation =
  | { readonly input: SimulationInput; readonly skipped?: undefined }
  | {
      readonly input?: undefined;
      /** Why the scenario cannot run on this program. */
      readonly skipped: string;
      /**
       * The function of an entry point the scenario runs is not in this
       * revision at all: no interleaving of it exists, so there is nothing to
       * find, rather than something not looked at.
       */
      readonly absent?: string;
    };

/** Sizes were validated by the schema's pattern, so parsing cannot fail here. */
function bytes(value: number | string): number {
  return typeof value === 'number' ? value : (parseSize(value) ?? 0);
}

/** `$arg` in the entry's argument paths → the thread's own struct root. */
function bindArg(expr: Expr, root: string): Expr {
  if (expr.kind === 'addressOf' && expr.path.startsWith('$arg'))
    return { ...expr, path: root + expr.path.slice(4) };
  return expr;
}

function options(
  raw: Readonly<Record<string, number | boolean | string>> | undefined,
): EntryOptions {
  const out: Record<string, number | boolean | string> = {};
  for (const [key, value] of Object.entries(raw ?? {}))
    out[key] = typeof value === 'string' ? (parseSize(value) ?? value) : value;
  return out;
}

export function threadName(scenario: Scenario, index: number): string {
  const thread = scenario.threads[index];
  return (
    thread?.name ??
    thread?.entry ??
    thread?.steps?.map((step) => step.entry).join('+') ??
    `thread${index}`
  );
}

/** A scenario's threads as the explorer names them (unique), with the entry points each calls in order. */
export function scenarioThreads(
  scenario: Scenario,
): { readonly name: string; readonly entries: readonly string[] }[] {
  const names = new Set<string>();
  return scenario.threads.map((thread, index) => {
    let name = threadName(scenario, index);
    while (names.has(name)) name = `${name}-${index}`;
    names.add(name);
    return {
      name,
      entries: (thread.steps ?? [{ entry: thread.entry ?? '' }]).map((step) => step.entry),
    };
  });
}

/** The VM's memslots, numbered in order and laid out one after another from IPA 0. */
function memslotLayout(scenario: Scenario): EntryVm {
  let base = 0;
  return {
    memslots: scenario.vm.memslots.map((slot) => {
      const size = bytes(slot.size);
      base += size;
      return { base: base - size, size };
    }),
  };
}

export function buildSimulation(scenario: Scenario, program: ProgramModel): BuiltSimulation {
  const loc: SourceLocation = { file: scenario.source, line: 1, column: 1 };
  const wrappers: Record<string, FunctionModel> = {};
  const fields: Record<string, InitialValue> = {};
  const named = scenarioThreads(scenario);
  const layout = memslotLayout(scenario);
  const threads = scenario.threads.map((thread, index) => {
    const name = named[index]?.name ?? threadName(scenario, index);
    const steps = thread.steps ?? [{ entry: thread.entry ?? '', with: thread.with }];
    const body: Stmt[] = [];
    for (const [position, step] of steps.entries()) {
      const entry = ENTRY_POINTS[step.entry];
      if (entry === undefined) return { skipped: `unknown entry point '${step.entry}'` };
      if (program.functions[entry.function] === undefined)
        return {
          skipped: `${entry.function}, the function of entry point ${entry.name}, is not in this revision`,
          absent: entry.function,
        };
      const root = `${name}.${position}`;
      for (const [path, value] of Object.entries(entry.fields?.(options(step.with), layout) ?? {}))
        fields[root + path.slice(4)] = value;
      for (const held of entry.holds ?? [])
        body.push({ op: 'lock', lock: held.lock, mode: held.mode, loc });
      body.push({
        op: 'call',
        callee: entry.function,
        args: entry.args.map((arg) => bindArg(arg, root)),
        loc,
      });
      for (const held of [...(entry.holds ?? [])].reverse())
        body.push({ op: 'unlock', lock: held.lock, mode: held.mode, loc });
    }
    const wrapper = `$thread:${name}`;
    wrappers[wrapper] = {
      name: wrapper,
      params: [],
      loc,
      endLine: 1,
      isStatic: true,
      body,
      bodyHash: wrapper,
    };
    return { name, entry: wrapper, args: [] as Expr[] };
  });
  const skipped = threads.find((thread) => 'skipped' in thread);
  if (skipped !== undefined && 'skipped' in skipped)
    return {
      skipped: skipped.skipped ?? 'skipped',
      ...('absent' in skipped && skipped.absent !== undefined ? { absent: skipped.absent } : {}),
    };

  const vm = scenario.vm;
  const geometry = stage2Geometry({ granule: vm.granule, ipaBits: vm.ipaBits });
  const chunk = bytes(vm.chunkSize);
  fields['kvm.arch.mmu.split_page_chunk_size'] = chunk;
  fields['kvm.arch.mmu.pgt'] = vm.stage2 ? { object: 'pgt' } : null;
  fields['kvm.arch.nested_mmus'] = vm.nested ? { object: 'nested_mmus' } : null;
  fields['kvm.arch.nested_mmus_size'] = vm.nested ? 1 : 0;
  if (vm.nested) fields['kvm.arch.nested_mmus[*].pgt'] = { object: 'nested pgt' };
  // The VM's memslots where id_to_memslot() finds them.
  for (const [id, slot] of layout.memslots.entries()) {
    const path = memslotPath(id);
    fields[`${path}.id`] = id;
    fields[`${path}.base_gfn`] = slot.base / geometry.pageSize;
    fields[`${path}.userspace_addr`] = slot.base;
    fields[`${path}.npages`] = slot.size / geometry.pageSize;
    fields[`${path}.flags`] = vm.memslots[id]?.dirtyLogging === true ? 1 : 0;
  }
  const capacity = chunk > 0 ? splitNrPageTables(geometry, chunk) : 0;
  const filled = vm.splitCache?.filled === true && capacity > 0;
  return {
    input: {
      program: { ...program, functions: { ...program.functions, ...wrappers } },
      threads: threads as SimulationInput['threads'],
      world: {
        fields,
        caches: {
          'kvm.arch.mmu.split_page_cache': filled
            ? { capacity, nobjs: Math.min(capacity, vm.splitCache?.pages ?? 2) }
            : { capacity: 0, nobjs: 0 },
          'vcpu.arch.mmu_page_cache': { capacity: 0, nobjs: 0 },
        },
      },
      helpers: {
        geometry,
        memslotsEmpty: vm.memslots.length === 0,
        memslots: vm.memslots.map((_, id) => id),
        dirtyLogging: vm.memslots.some((slot) => slot.dirtyLogging),
      },
      ...(scenario.destroysVm === undefined ? {} : { destroysVm: scenario.destroysVm }),
      options: {
        ...(scenario.budget === undefined
          ? {}
          : {
              budget: {
                ...(scenario.budget.maxStates === undefined
                  ? {}
                  : { maxStates: scenario.budget.maxStates }),
                ...(scenario.budget.maxTransitions === undefined
                  ? {}
                  : { maxTransitions: scenario.budget.maxTransitions }),
                ...(scenario.budget.maxDepth === undefined
                  ? {}
                  : { maxDepth: scenario.budget.maxDepth }),
              },
            }),
      },
    },
  };
}
