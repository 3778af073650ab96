// The policy runner: one execution per VM, no interleavings. Each tick's
// calls run the revision's IR to completion on the VM's world (locks, memory
// caches with their WARNs, the stage-2 page table), and the runner measures
// what the race explorer does not: how many pages the cache holds over time,
// how often it is topped up and the lock dropped for it, what each ioctl
// returns, every WARN. Where the model cannot decide a branch the runner takes
// the condition as false (no contention, no error from code outside the
// analysis set) and says so, per site, in the result.
import type { HelperContext, MemoryCache, Path } from '@kvmsim/mmu-model';
import { EMPTY_CACHE, POINTER_BYTES } from '@kvmsim/mmu-model';
import { KvmSystem } from '../kvm/kvm-system.js';
import type { Observation, Violation } from '../kvm/observation.js';
import type { SimState, SimStep, Site } from '../kvm/sim-state.js';
import { StateEncoder, ThreadState } from '../kvm/sim-state.js';
import { compileProgram } from '../program/compile-program.js';
import { runScripted } from '../engine/run-scripted.js';
import type { OpEvent } from '../ops/operation.js';
import type { Value } from '../program/values.js';
import { isUnknown, showValue } from '../program/values.js';
import { PageTableWorld } from './page-table-world.js';
import type {
  PolicyCall,
  PolicyFacts,
  PolicyInput,
  PolicyTick,
  PolicyValue,
} from './policy-input.js';

/** What one VM, or the host, spent over a workload. */
export interface PolicyMetrics {
  /** Most cache pages held at once. For the host: the most, tick by tick, summed over VMs. */
  readonly peakCachePages: number;
  /** The same in bytes: pages plus the `objects` array (8 bytes a slot). */
  readonly peakCacheBytes: number;
  /** Most held at the end of a tick with dirty logging off everywhere (nothing to split). */
  readonly idleCachePages: number;
  readonly idleCacheBytes: number;
  /** Pages held at each tick's end, summed over ticks: the time-integrated cost. */
  readonly cachePageTicks: number;
  readonly cacheByteTicks: number;
  /** Cache pages allocated by topups and freed by cache frees. */
  readonly cachePagesAllocated: number;
  readonly cachePagesFreed: number;
  /** Pages splits took from the cache into the page table. */
  readonly pagesTakenBySplits: number;
  /** Blocks split (each one break-before-make). */
  readonly blocksSplit: number;
  /** Table pages of the stage-2 page table at the end (start-level tables included). */
  readonly tablePagesLive: number;
  /** Topups that allocated at least one page. */
  readonly topups: number;
  /** Releases of the counted lock inside the analysed code (the runner's own wrappers excluded). */
  readonly lockDrops: number;
  readonly tlbInvalidations: number;
}

export interface PolicyIoctlResult {
  readonly ioctl: string;
  /** The tick's label, e.g. `KVM_ENABLE_CAP(EAGER_SPLIT_CHUNK_SIZE, 2M)`. */
  readonly label: string;
  /** The return value, as C would print it: `0`, `-22`. */
  readonly result: string;
  /** How many times (over ticks and VMs) it returned this. */
  readonly count: number;
}

export interface PolicyFinding {
  readonly kind: Violation['kind'];
  readonly key: string;
  readonly message: string;
  readonly sites: readonly Site[];
  /** The first VM and tick it happened at, and how often it happened. */
  readonly vm: string;
  readonly tick: number;
  readonly label: string;
  readonly count: number;
}

/** A branch the model could not decide, taken as false. */
export interface PolicyAssumption {
  readonly site: Site;
  readonly reason: string;
  readonly count: number;
}

export interface PolicySeriesPoint {
  readonly tick: number;
  /** VM 0's tick label at that host tick, when it has one. */
  readonly label: string;
  /** Cache pages and bytes, the most held within the tick, summed over VMs. */
  readonly pages: number;
  readonly bytes: number;
}

export interface PolicyRunResult {
  readonly vms: number;
  readonly ticks: number;
  readonly host: PolicyMetrics;
  readonly perVm: readonly PolicyMetrics[];
  readonly series: readonly PolicySeriesPoint[];
  readonly ioctls: readonly PolicyIoctlResult[];
  readonly findings: readonly PolicyFinding[];
  readonly assumptions: readonly PolicyAssumption[];
  /** Loop cuts, calls too deep, world operations not simulated. */
  readonly notices: readonly string[];
  /** Interpreter steps run, over all VMs (for benchmarks). */
  readonly steps: number;
  /** Calls into the analysed code, over all VMs. */
  readonly calls: number;
  /** Calls whose outcome was reused from an identical call on an identical world. */
  readonly reusedCalls: number;
}

const IDLE = '$policy:idle';

/** One VM's run: its figures per tick, and its totals. */
interface VmTrack {
  readonly peakPages: number[];
  readonly peakBytes: number[];
  readonly endPages: number[];
  readonly endBytes: number[];
  readonly idle: boolean[];
  readonly labels: string[];
}

class Tally<T> {
  readonly entries = new Map<string, T & { count: number }>();
  private last: { key: string; entry: T & { count: number } } | undefined;
  add(key: string, make: () => T): void {
    // The same key again and again (one site per call) skips the map.
    if (this.last?.key === key) {
      this.last.entry.count += 1;
      return;
    }
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { ...make(), count: 0 };
      this.entries.set(key, entry);
    }
    entry.count += 1;
    this.last = { key, entry };
  }
  values(): (T & { count: number })[] {
    return [...this.entries.values()];
  }
}

/** What one call did, enough to do it again on another VM in the same world. */
interface CallOutcome {
  readonly state: SimState;
  readonly violations: readonly Observation[];
  readonly assumptions: readonly { key: string; site: Site; reason: string }[];
  readonly topups: number;
  readonly allocated: number;
  readonly freed: number;
  readonly drops: number;
  readonly peakPages: number;
  readonly peakBytes: number;
  readonly result: Value | undefined;
  /** What the call did to the page-table world's counters (set once the outcome is kept). */
  readonly worldDelta: { vmids: number; unmodelled: readonly [string, number][] } | undefined;
}

/**
 * Outcomes by call, as a trie over numbers: the entry, the fields it stores,
 * then each argument. Small non-negative integers stand for themselves; any
 * other value (an address, a u64 beyond 2^53, NULL) is numbered once, below
 * zero. A run makes millions of calls, and a number is hashed for free.
 */
class CallTrie {
  private readonly root = new Map<number, unknown>();
  private readonly tokens = new Map<string | bigint, number>();
  private readonly fieldTokens = new WeakMap<object, number>();

  private token(value: string | bigint): number {
    let id = this.tokens.get(value);
    if (id === undefined) {
      id = -1 - this.tokens.size;
      this.tokens.set(value, id);
    }
    return id;
  }

  private value(value: PolicyValue): number {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    if (typeof value === 'bigint') return this.token(value);
    if (value === null || typeof value !== 'object') return this.token(`${String(value)}`);
    return this.token(`&${value.address}`);
  }

  private fields(fields: PolicyCall['fields']): number {
    if (fields === undefined) return -1;
    let id = this.fieldTokens.get(fields);
    if (id === undefined) {
      let text = '';
      for (const path of Object.keys(fields).sort())
        text += `${path}=${typeof fields[path] === 'object' && fields[path] !== null ? `&${(fields[path] as { address: string }).address}` : String(fields[path])};`;
      id = this.token(`fields:${text}`);
      this.fieldTokens.set(fields, id);
    }
    return id;
  }

  /** The leaf map of `call` under `world` and the memslots that exist, and the last key in it. */
  private leaf(world: number, memslots: string, call: PolicyCall, create: boolean) {
    let node = this.root;
    const parts = [
      world,
      this.token(`memslots:${memslots}`),
      this.token(call.entry),
      this.fields(call.fields),
    ];
    for (let index = 0; index < call.args.length - 1; index += 1)
      parts.push(this.value(call.args[index] ?? null));
    const last = call.args.length === 0 ? -2 : this.value(call.args.at(-1) ?? null);
    for (const part of parts) {
      let next = node.get(part) as Map<number, unknown> | undefined;
      if (next === undefined) {
        if (!create) return undefined;
        next = new Map();
        node.set(part, next);
      }
      node = next;
    }
    return { node, last };
  }

  get(world: number, memslots: string, call: PolicyCall): CallOutcome | undefined {
    const found = this.leaf(world, memslots, call, false);
    return found?.node.get(found.last) as CallOutcome | undefined;
  }

  set(world: number, memslots: string, call: PolicyCall, outcome: CallOutcome): void {
    const found = this.leaf(world, memslots, call, true);
    found?.node.set(found.last, outcome);
  }
}

export function runPolicy(input: PolicyInput): PolicyRunResult {
  const program = {
    ...input.program,
    functions: {
      ...input.program.functions,
      [IDLE]: {
        name: IDLE,
        params: [],
        loc: { file: '<policy>', line: 1, column: 1 },
        endLine: 1,
        isStatic: true,
        body: [],
        bodyHash: IDLE,
      },
    },
  };
  const compiled = compileProgram(program, undefined, { loopBound: input.loopBound ?? 1_000_000 });
  const findings = new Tally<Omit<PolicyFinding, 'count'>>();
  const assumptions = new Tally<Omit<PolicyAssumption, 'count'>>();
  const ioctls = new Tally<Omit<PolicyIoctlResult, 'count'>>();
  const notices = new Set<string>();
  let steps = 0;
  let reused = 0;
  let calls = 0;
  // Shared by every VM: states are immutable values, so VMs that reach the
  // same world share its key and the outcomes of the calls made on it. Every
  // VM's system encodes through this one encoder (it caches ids on states).
  const encoder = new StateEncoder();
  const interned = new Map<string, number>();
  const intern = (text: string) => {
    let id = interned.get(text);
    if (id === undefined) {
      id = interned.size;
      interned.set(text, id);
    }
    return id;
  };
  const reuse = input.reuseOutcomes !== false;
  const memo = new CallTrie();
  const stateIds = new WeakMap<SimState, number>();
  const stateId = (state: SimState): number => {
    let id = stateIds.get(state);
    if (id === undefined) {
      id = intern(encoder.key(state));
      stateIds.set(state, id);
    }
    return id;
  };

  const runs: { track: VmTrack; metrics: PolicyMetrics }[] = input.vms.map((vm) => {
    const facts: PolicyFacts = { ...input.facts };
    const helpers: HelperContext = {
      geometry: input.geometry,
      get memslotsEmpty() {
        return facts.memslotsEmpty;
      },
      get memslots() {
        return facts.memslots;
      },
      get dirtyLogging() {
        return facts.dirtyLogging;
      },
      get manualProtect() {
        return facts.manualProtect;
      },
    };
    const world = new PageTableWorld(input.geometry, intern);
    const system = new KvmSystem(
      compiled,
      {
        program,
        threads: [{ name: vm.name, entry: IDLE, args: [] }],
        world: input.world,
        helpers,
        ...(input.locks === undefined ? {} : { locks: input.locks }),
      },
      {
        allocationFailures: false,
        world,
        encoder,
        events: (event) => listen?.(event),
      },
    );
    let listen: ((event: OpEvent) => void) | undefined;
    let state = system.initial();
    const pageSize = input.geometry.pageSize;
    const cacheOf = (s: SimState): MemoryCache => s.caches[input.cache] ?? EMPTY_CACHE;
    const bytesOf = (cache: MemoryCache) =>
      cache.nobjs * pageSize + (cache.objects === null ? 0 : cache.capacity * POINTER_BYTES);
    const track: VmTrack = {
      peakPages: [],
      peakBytes: [],
      endPages: [],
      endBytes: [],
      idle: [],
      labels: [],
    };
    let allocated = 0;
    let freed = 0;
    let topups = 0;
    let drops = 0;
    let tick = 0;
    let currentLabel = '';
    const record = (violations: readonly Observation[]) => {
      for (const violation of violations) {
        if (violation.kind === 'lock-edge') continue;
        if (violation.kind === 'notice') {
          notices.add(violation.message);
          continue;
        }
        findings.add(violation.key, () => ({
          kind: violation.kind,
          key: violation.key,
          message: violation.message,
          sites: violation.sites,
          vm: vm.name,
          tick,
          label: currentLabel,
        }));
      }
    };
    record(system.stateViolations(state, system.enabled(state)));

    /** Runs one call to its end: the scripted strategy, metrics from the operations' events. */
    const interpret = (from: SimState, call: PolicyCall): CallOutcome => {
      const fields: Record<Path, Value> = {};
      for (const [path, value] of Object.entries(call.fields ?? {})) fields[path] = value;
      const started = system.restart(from, 0, call.entry, call.args, fields);
      const made: { key: string; site: Site; reason: string }[] = [];
      const tally = { topups: 0, allocated: 0, freed: 0, drops: 0 };
      const atStart = cacheOf(started.state);
      let peakPages = atStart.nobjs;
      let peakBytes = bytesOf(atStart);
      listen = (event) => {
        if (event.kind === 'unlock') {
          if (event.lock === input.lock && !event.function.startsWith('$')) tally.drops += 1;
          return;
        }
        if (event.cache !== input.cache) return;
        const { before, after } = event;
        if (event.op === 'topup' && after.nobjs > before.nobjs) {
          tally.topups += 1;
          tally.allocated += after.nobjs - before.nobjs;
        }
        if (event.op === 'free') tally.freed += before.nobjs;
        peakPages = Math.max(peakPages, after.nobjs);
        peakBytes = Math.max(peakBytes, bytesOf(after));
      };
      // An undecided branch takes its false side; anything else its first
      // choice (a lock that may fail succeeds).
      const run = runScripted(system, started.state, (state, enabled) => {
        const first = enabled[0] as SimStep;
        if (enabled.length < 2) return first;
        const { instr, frame, fn } = system.stepInstr(state, first);
        if (instr.op !== 'branch') return first;
        const cond = system.evaluateIn(frame, instr.cond);
        made.push({
          key: `${fn.name}:${instr.loc.file}:${instr.loc.line}`,
          site: { function: fn.name, loc: instr.loc },
          reason:
            isUnknown(cond) && cond.unknown !== 'not modelled' ? cond.unknown : 'the condition',
        });
        return enabled[1] as SimStep;
      });
      listen = undefined;
      steps += run.steps;
      const thread = run.state.threads[0];
      // Stuck (a lock the thread itself holds, a grace period it blocks): it stops there.
      const stuck = thread !== undefined && thread.frames.length > 0 && !thread.stopped;
      const state = stuck ? { ...run.state, threads: [new ThreadState([], true)] } : run.state;
      return {
        state,
        // Lock-order edges are the race explorer's; a policy run reports what happened.
        violations: [...started.violations, ...run.violations].filter(
          (violation) => violation.kind !== 'lock-edge',
        ),
        assumptions: made,
        ...tally,
        peakPages,
        peakBytes,
        result: state.threads[0]?.result,
        worldDelta: undefined,
      };
    };

    const run = (tickInput: PolicyTick): void => {
      currentLabel = tickInput.label;
      for (const range of tickInput.unmap ?? []) world.table.unmap(range.ipa, range.size);
      let peakPages = cacheOf(state).nobjs;
      let peakBytes = bytesOf(cacheOf(state));
      for (const call of tickInput.calls) {
        // A call that met the same world before (same state, page table and
        // facts) does the same again: the interpreter is deterministic, so the
        // outcome is reused. Only calls that leave the page table as they found
        // it are kept, so a reused outcome never has to change the table.
        const worldKey =
          (stateId(state) * 2 ** 20 + world.fingerprint()) * 8 +
          (facts.memslotsEmpty === true ? 4 : 0) +
          (facts.dirtyLogging === true ? 2 : 0) +
          (facts.manualProtect === true ? 1 : 0);
        calls += 1;
        const memslots = facts.memslots?.join(',') ?? '?';
        let outcome = reuse ? memo.get(worldKey, memslots, call) : undefined;
        if (outcome === undefined) {
          const version = world.table.version;
          const vmids = world.vmidInvalidations;
          const unmodelled = new Map(world.unmodelled);
          outcome = interpret(state, call);
          if (reuse && world.table.version === version) {
            const worldDelta = {
              vmids: world.vmidInvalidations - vmids,
              unmodelled: [...world.unmodelled]
                .map(([action, count]): [string, number] => [
                  action,
                  count - (unmodelled.get(action) ?? 0),
                ])
                .filter(([, count]) => count > 0),
            };
            outcome = { ...outcome, worldDelta };
            memo.set(worldKey, memslots, call, outcome);
          }
        } else {
          world.vmidInvalidations += outcome.worldDelta?.vmids ?? 0;
          for (const [action, count] of outcome.worldDelta?.unmodelled ?? [])
            world.unmodelled.set(action, (world.unmodelled.get(action) ?? 0) + count);
          reused += 1;
        }
        state = outcome.state;
        topups += outcome.topups;
        allocated += outcome.allocated;
        freed += outcome.freed;
        drops += outcome.drops;
        peakPages = Math.max(peakPages, outcome.peakPages);
        peakBytes = Math.max(peakBytes, outcome.peakBytes);
        if (outcome.violations.length > 0) record(outcome.violations);
        for (const assumption of outcome.assumptions)
          assumptions.add(assumption.key, () => ({
            site: assumption.site,
            reason: assumption.reason,
          }));
        if (call.ioctl !== undefined)
          ioctls.add(`${call.ioctl}|${tickInput.label}|${show(outcome.result)}`, () => ({
            ioctl: call.ioctl as string,
            label: tickInput.label,
            result: show(outcome.result),
          }));
      }
      for (const range of tickInput.map ?? []) world.table.map(range.ipa, range.size, range.level);
      if (tickInput.facts !== undefined) Object.assign(facts, tickInput.facts);
      track.peakPages.push(peakPages);
      track.peakBytes.push(peakBytes);
      track.endPages.push(cacheOf(state).nobjs);
      track.endBytes.push(bytesOf(cacheOf(state)));
      track.idle.push(facts.dirtyLogging !== true);
      track.labels.push(tickInput.label);
      tick += 1;
    };

    const show = (value: Value | undefined) =>
      value === undefined ? 'void' : showValue(value, (id) => `object#${id}`);

    for (const tickInput of vm.ticks) run(tickInput);
    for (const [action, count] of world.unmodelled)
      notices.add(`${action} ran ${count} time(s) without effect on the page-table model`);
    let idlePages = 0;
    let idleBytes = 0;
    track.endPages.forEach((pages, index) => {
      if (track.idle[index] !== true) return;
      idlePages = Math.max(idlePages, pages);
      idleBytes = Math.max(idleBytes, track.endBytes[index] ?? 0);
    });
    const metrics: PolicyMetrics = {
      peakCachePages: Math.max(0, ...track.peakPages),
      peakCacheBytes: Math.max(0, ...track.peakBytes),
      idleCachePages: idlePages,
      idleCacheBytes: idleBytes,
      cachePageTicks: track.endPages.reduce((sum, pages) => sum + pages, 0),
      cacheByteTicks: track.endBytes.reduce((sum, bytes) => sum + bytes, 0),
      cachePagesAllocated: allocated,
      cachePagesFreed: freed,
      pagesTakenBySplits: world.table.counters.pagesTakenFromCache,
      blocksSplit: world.table.counters.breakBeforeMake,
      tablePagesLive: world.table.counters.tablePagesLive,
      topups,
      lockDrops: drops,
      tlbInvalidations: world.tlbInvalidations,
    };
    return { track, metrics };
  });

  return hostResult(input, runs, {
    findings: findings.values(),
    assumptions: assumptions.values(),
    ioctls: ioctls.values(),
    notices: [...notices].sort(),
    steps,
    calls,
    reusedCalls: reused,
  });
}

function hostResult(
  input: PolicyInput,
  runs: readonly { readonly track: VmTrack; readonly metrics: PolicyMetrics }[],
  rest: Pick<
    PolicyRunResult,
    'findings' | 'assumptions' | 'ioctls' | 'notices' | 'steps' | 'calls' | 'reusedCalls'
  >,
): PolicyRunResult {
  const tracks = runs.map((run) => run.track);
  const length = Math.max(
    0,
    ...tracks.map((track, index) => (input.vms[index]?.startTick ?? 0) + track.endPages.length),
  );
  const series: PolicySeriesPoint[] = [];
  let peakPages = 0;
  let peakBytes = 0;
  let idlePages = 0;
  let idleBytes = 0;
  for (let tick = 0; tick < length; tick += 1) {
    let pages = 0;
    let bytes = 0;
    let endPages = 0;
    let endBytes = 0;
    let idle = true;
    let label = '';
    tracks.forEach((track, index) => {
      const at = tick - (input.vms[index]?.startTick ?? 0);
      if (at < 0 || at >= track.endPages.length) return;
      pages += track.peakPages[at] ?? 0;
      bytes += track.peakBytes[at] ?? 0;
      endPages += track.endPages[at] ?? 0;
      endBytes += track.endBytes[at] ?? 0;
      if (track.idle[at] !== true) idle = false;
      if (index === 0) label = track.labels[at] ?? '';
    });
    series.push({ tick, label, pages, bytes });
    peakPages = Math.max(peakPages, pages);
    peakBytes = Math.max(peakBytes, bytes);
    if (idle) {
      idlePages = Math.max(idlePages, endPages);
      idleBytes = Math.max(idleBytes, endBytes);
    }
  }
  const sum = (key: keyof PolicyMetrics) =>
    runs.reduce((total, run) => total + run.metrics[key], 0);
  return {
    vms: tracks.length,
    ticks: length,
    host: {
      peakCachePages: peakPages,
      peakCacheBytes: peakBytes,
      idleCachePages: idlePages,
      idleCacheBytes: idleBytes,
      cachePageTicks: sum('cachePageTicks'),
      cacheByteTicks: sum('cacheByteTicks'),
      cachePagesAllocated: sum('cachePagesAllocated'),
      cachePagesFreed: sum('cachePagesFreed'),
      pagesTakenBySplits: sum('pagesTakenBySplits'),
      blocksSplit: sum('blocksSplit'),
      tablePagesLive: sum('tablePagesLive'),
      topups: sum('topups'),
      lockDrops: sum('lockDrops'),
      tlbInvalidations: sum('tlbInvalidations'),
    },
    perVm: runs.map((run) => run.metrics),
    series,
    ...rest,
  };
}
