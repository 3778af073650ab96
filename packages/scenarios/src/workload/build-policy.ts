// A workload over one revision's program → the input of the policy runner.
// Each ioctl becomes a call of its entry point through a wrapper that holds
// what the generic KVM code around it holds; KVM_CLEAR_DIRTY_LOG becomes what
// kvm_clear_dirty_log_protect() does with the bitmap: one call of the arch
// hook per non-zero 64-page word, under slots_lock and mmu_lock. Memslots get
// their guest memory mapped with blocks after creation (the guest faulting it
// in) and unmapped when deleted, as the generic code and the fault path do.
import type { Expr, FunctionModel, ProgramModel, SourceLocation, Stmt } from '@kvmsim/mmu-model';
import {
  LAST_LEVEL,
  formatSize,
  memslotPath,
  granuleShift,
  parseSize,
  stage2Geometry,
  type Stage2Geometry,
} from '@kvmsim/mmu-model';
import type { PolicyCall, PolicyFacts, PolicyInput, PolicyTick, PolicyVm } from '@kvmsim/sim';
import { ENTRY_POINTS, KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE } from '../entry-points/entry-points.js';
import { WorkloadFormatError, stepOperation, type Workload } from './parse-workload.js';
import type { WorkloadStep } from './workload-schema.js';

/** What a study changes in a workload's VM. */
export interface WorkloadOverrides {
  readonly granule?: Workload['vm']['granule'];
  readonly chunkSize?: number;
  readonly vms?: number;
}

const ALL_DIRTY = 2n ** 64n - 1n;
const BITS_PER_LONG = 64;
export const SPLIT_CACHE = 'kvm.arch.mmu.split_page_cache';
export const MMU_LOCK = 'kvm.mmu_lock';

const bytes = (value: number | string): number =>
  typeof value === 'number' ? value : (parseSize(value) ?? 0);

/** The entry points any workload may call: their wrappers are built for every run. */
const CALLED = ['set-memory-region', 'enable-cap-eager-split', 'dirty-log-word', 'vm-destroy'];

/** `$policy:<entry>`: holds the entry's caller locks around one call and returns its result. */
function wrapper(entryName: string, program: ProgramModel): FunctionModel | string {
  const entry = ENTRY_POINTS[entryName];
  if (entry === undefined) return `unknown entry point ${entryName}`;
  const fn = program.functions[entry.function];
  if (fn === undefined)
    return `${entry.function}, the function of entry point ${entry.name}, is not in the analysis set`;
  const loc: SourceLocation = { file: '<workload>', line: 1, column: 1 };
  const params = fn.params.map((_, index) => `arg${index}`);
  const body: Stmt[] = [];
  for (const held of entry.holds ?? [])
    body.push({ op: 'lock', lock: held.lock, mode: held.mode, loc });
  body.push({
    op: 'call',
    callee: entry.function,
    args: params.map((name): Expr => ({ kind: 'local', name })),
    result: 'result',
    loc,
  });
  for (const held of [...(entry.holds ?? [])].reverse())
    body.push({ op: 'unlock', lock: held.lock, mode: held.mode, loc });
  body.push({ op: 'return', value: { kind: 'local', name: 'result' }, loc });
  const name = `$policy:${entryName}`;
  return { name, params, loc, endLine: 1, isStatic: true, body, bodyHash: name };
}

/** A deterministic generator of numbers in [0, 1), seeded by a few integers (mulberry32). */
function random(...parts: number[]): () => number {
  let state = 0x811c9dc5;
  for (const part of parts) state = Math.imul(state ^ part, 0x01000193);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * The bitmap words the guest dirtied: every word, or `share` of them chosen
 * at random (seeded by the workload, the VM, the round and the memslot), in
 * address order, as kvm_clear_dirty_log_protect() walks them.
 */
function dirtyWords(words: number, share: number, ...seed: number[]): () => Iterable<number> {
  if (share >= 1)
    return function* () {
      for (let word = 0; word < words; word += 1) yield word;
    };
  const count = Math.min(words, Math.max(share > 0 ? 1 : 0, Math.round(words * share)));
  return () => {
    // Floyd's sampling: `count` distinct words in O(count).
    const next = random(...seed);
    const picked = new Set<number>();
    for (let top = words - count; top < words; top += 1) {
      const candidate = Math.floor(next() * (top + 1));
      picked.add(picked.has(candidate) ? top : candidate);
    }
    return [...picked].sort((a, b) => a - b);
  };
}

interface Memslot {
  readonly id: number;
  readonly base: number;
  readonly size: number;
  readonly level: number;
  logging: boolean;
}

/** The largest block size of the geometry that divides `size`, as a level. */
function blockLevelFor(geometry: Stage2Geometry, size: number): number {
  for (let level = geometry.minBlockLevel; level <= LAST_LEVEL; level += 1)
    if (size % 2 ** granuleShift(geometry.pageShift, level) === 0) return level;
  return LAST_LEVEL;
}

const STEP_ENTRIES: Readonly<Record<string, string>> = {
  'create-memslot': 'set-memory-region',
  'delete-memslot': 'set-memory-region',
  'enable-dirty-logging': 'set-memory-region',
  'disable-dirty-logging': 'set-memory-region',
  'clear-dirty-log': 'dirty-log-word',
  'set-chunk-size': 'enable-cap-eager-split',
  'destroy-vm': 'vm-destroy',
};

/** The entry points a workload's steps call, in name order. */
export function workloadEntries(workload: Workload): string[] {
  const entries = new Set<string>();
  const walk = (steps: readonly WorkloadStep[]) => {
    for (const step of steps) {
      const [name, args] = stepOperation(step);
      if (name === 'repeat') walk((args as { steps: WorkloadStep[] }).steps);
      const entry = STEP_ENTRIES[name];
      if (entry !== undefined) entries.add(entry);
    }
  };
  walk(workload.steps);
  return [...entries].sort();
}

export function buildPolicy(
  workload: Workload,
  program: ProgramModel,
  overrides: WorkloadOverrides = {},
): PolicyInput {
  const fail = (path: string, reason: string): never => {
    // The line of the step the field belongs to.
    const step = Object.keys(workload.lines)
      .filter((known) => path === known || path.startsWith(`${known}.`))
      .sort((a, b) => b.length - a.length)[0];
    const line = step === undefined ? 1 : (workload.lines[step] ?? 1);
    throw new WorkloadFormatError(workload.source, line, path, reason);
  };
  const geometry = stage2Geometry({
    granule: overrides.granule ?? workload.vm.granule,
    ipaBits: workload.vm.ipaBits,
  });
  const wrappers: Record<string, FunctionModel> = {};
  for (const name of CALLED) {
    const built = wrapper(name, program);
    if (typeof built === 'string') fail('steps', `cannot run on this revision: ${built}`);
    else wrappers[built.name] = built;
  }
  const chunkSize = overrides.chunkSize ?? bytes(workload.vm.chunkSize);
  const vmCount = overrides.vms ?? workload.vms;
  /** The block size next to the chunk size: smaller when there is one, else larger. */
  const otherChunk = (): number => {
    const sizes = geometry.blockSizes.filter((candidate) => candidate !== geometry.pageSize);
    const smaller = sizes.filter((candidate) => candidate < chunkSize);
    return smaller.at(-1) ?? sizes.find((candidate) => candidate > chunkSize) ?? chunkSize;
  };
  const kvm = { address: 'kvm' };

  function* ticks(vm: number): Generator<PolicyTick> {
    const memslots = new Map<number, Memslot>();
    let nextBase = 0;
    const facts = (): PolicyFacts => ({
      memslotsEmpty: memslots.size === 0,
      memslots: [...memslots.keys()].sort((a, b) => a - b),
      dirtyLogging: [...memslots.values()].some((slot) => slot.logging),
    });
    /**
     * KVM_SET_USER_MEMORY_REGION2 for `slot`: the ioctl's struct, and the
     * slot's own fields as they stand before the call, which the kernel
     * compares the request with (id_to_memslot finds them at memslotPath).
     */
    const region = (slot: Memslot, size: number, logging: boolean): PolicyCall => {
      const old = memslotPath(slot.id);
      return {
        entry: '$policy:set-memory-region',
        args: [kvm, { address: 'mem' }],
        fields: {
          'mem.slot': slot.id,
          'mem.guest_phys_addr': slot.base,
          'mem.memory_size': size,
          'mem.flags': logging ? 1 : 0,
          [`${old}.id`]: slot.id,
          [`${old}.base_gfn`]: slot.base / geometry.pageSize,
          [`${old}.npages`]: slot.size / geometry.pageSize,
          [`${old}.flags`]: slot.logging ? 1 : 0,
        },
        ioctl: 'KVM_SET_USER_MEMORY_REGION2',
      };
    };
    const blockSize = (slot: Memslot) => 2 ** granuleShift(geometry.pageShift, slot.level);
    let round = 0;

    function* run(steps: readonly WorkloadStep[], path: string): Generator<PolicyTick> {
      for (const [index, step] of steps.entries()) {
        const at = `${path}[${index}]`;
        const [name, args] = stepOperation(step);
        const slotOf = () => memslots.get(args.slot as number) as Memslot;
        switch (name) {
          case 'repeat': {
            const repeat = args as { times: number; steps: WorkloadStep[] };
            for (let time = 0; time < repeat.times; time += 1)
              yield* run(repeat.steps, `${at}.repeat.steps`);
            break;
          }
          case 'create-memslot': {
            const size = bytes(args.size as number | string);
            const wanted = args.blocks === undefined ? undefined : bytes(args.blocks as string);
            const level =
              wanted === undefined
                ? blockLevelFor(geometry, size)
                : geometry.blockSizes.indexOf(wanted) < 0
                  ? fail(
                      `${at}.create-memslot.blocks`,
                      `${formatSize(wanted)} is not a block size of the ${geometry.granule} granule (${geometry.blockSizes.map((size) => formatSize(size)).join(', ')})`,
                    )
                  : LAST_LEVEL - geometry.blockSizes.indexOf(wanted);
            const block = 2 ** granuleShift(geometry.pageShift, level);
            if (size === 0 || size % block !== 0)
              fail(
                `${at}.create-memslot.size`,
                `${formatSize(size)} is not a multiple of its ${formatSize(block)} blocks`,
              );
            const alignment = Math.max(
              block,
              2 ** granuleShift(geometry.pageShift, geometry.minBlockLevel),
            );
            const base = Math.ceil(nextBase / alignment) * alignment;
            if (base + size > 2 ** workload.vm.ipaBits)
              fail(
                `${at}.create-memslot.size`,
                `does not fit the ${workload.vm.ipaBits}-bit IPA space`,
              );
            nextBase = base + size;
            const slot: Memslot = { id: args.slot as number, base, size, level, logging: false };
            const call = region(slot, size, false);
            memslots.set(slot.id, slot);
            yield {
              label: `create memslot ${slot.id} (${formatSize(size)}, ${formatSize(block)} blocks)`,
              calls: [call],
              map: [{ ipa: base, size, level }],
              facts: facts(),
            };
            break;
          }
          case 'delete-memslot': {
            const slot = slotOf();
            memslots.delete(slot.id);
            yield {
              label: `delete memslot ${slot.id}`,
              unmap: [{ ipa: slot.base, size: slot.size }],
              calls: [region(slot, 0, false)],
              facts: facts(),
            };
            break;
          }
          case 'enable-dirty-logging':
          case 'disable-dirty-logging': {
            const slot = slotOf();
            const logging = name === 'enable-dirty-logging';
            const call = region(slot, slot.size, logging);
            slot.logging = logging;
            yield {
              label: `${logging ? 'enable' : 'disable'} dirty logging on memslot ${slot.id}`,
              calls: [call],
              facts: facts(),
            };
            break;
          }
          case 'clear-dirty-log': {
            const slot = slotOf();
            const spec = args as { rounds: number; first: string; then: string };
            for (let r = 0; r < spec.rounds; r += 1) {
              round += 1;
              const pattern = r === 0 ? spec.first : spec.then;
              const share = pattern === 'all' ? 1 : Number.parseFloat(pattern) / 100;
              const words = Math.ceil(slot.size / geometry.pageSize / BITS_PER_LONG);
              const chosen = dirtyWords(words, share, workload.seed, vm, round, slot.id);
              const fields = {
                [`${memslotPath(slot.id)}.base_gfn`]: slot.base / geometry.pageSize,
                [`${memslotPath(slot.id)}.flags`]: 1,
              };
              const memslot = { address: memslotPath(slot.id) };
              yield {
                label: `KVM_CLEAR_DIRTY_LOG memslot ${slot.id} round ${r + 1}${pattern === 'all' ? ' (every page)' : ` (${pattern} dirty)`}`,
                calls: (function* (): Generator<PolicyCall> {
                  for (const word of chosen())
                    yield {
                      entry: '$policy:dirty-log-word',
                      args: [kvm, memslot, word * BITS_PER_LONG, ALL_DIRTY],
                      fields,
                    };
                })(),
              };
            }
            break;
          }
          case 'set-chunk-size': {
            const size = args.size === 'other' ? otherChunk() : bytes(args.size as number | string);
            yield {
              label: `KVM_ENABLE_CAP(ARM_EAGER_SPLIT_CHUNK_SIZE, ${size === 0 ? '0' : formatSize(size)})`,
              calls: [
                {
                  entry: '$policy:enable-cap-eager-split',
                  args: [kvm, { address: 'cap' }],
                  fields: {
                    'cap.cap': KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE,
                    'cap.flags': 0,
                    'cap.args[*]': size,
                  },
                  ioctl: 'KVM_ENABLE_CAP',
                },
              ],
            };
            break;
          }
          case 'remap-blocks': {
            const slot = slotOf();
            yield {
              label: `memslot ${slot.id} mapped with ${formatSize(blockSize(slot))} blocks again`,
              unmap: [{ ipa: slot.base, size: slot.size }],
              calls: [],
              map: [{ ipa: slot.base, size: slot.size, level: slot.level }],
            };
            break;
          }
          case 'destroy-vm':
            yield {
              label: 'VM destroyed',
              calls: [{ entry: '$policy:vm-destroy', args: [kvm] }],
            };
            break;
          default:
            fail(at, `unknown step '${name}'`);
        }
      }
    }
    yield* run(workload.steps, 'steps');
  }

  // Walk the steps once before anything runs, so that a step the geometry
  // cannot take is refused up front (calls are generated, not made, here).
  for (const tick of ticks(0)) void tick;
  const vms: PolicyVm[] = Array.from({ length: vmCount }, (_, index) => ({
    name: vmCount === 1 ? 'vm' : `vm${index}`,
    startTick: index * workload.stagger,
    get ticks() {
      return ticks(index);
    },
  }));
  return {
    program: { ...program, functions: { ...program.functions, ...wrappers } },
    geometry,
    world: {
      fields: {
        'kvm.arch.mmu.split_page_chunk_size': chunkSize,
        'kvm.arch.mmu.pgt': { object: 'pgt' },
        'kvm.arch.nested_mmus': null,
        'kvm.arch.nested_mmus_size': 0,
      },
      caches: {
        [SPLIT_CACHE]: { capacity: 0, nobjs: 0 },
        'vcpu.arch.mmu_page_cache': { capacity: 0, nobjs: 0 },
      },
    },
    facts: {
      memslotsEmpty: true,
      memslots: [],
      dirtyLogging: false,
      manualProtect: workload.vm.manualProtect,
    },
    vms,
    cache: SPLIT_CACHE,
    lock: MMU_LOCK,
  };
}
