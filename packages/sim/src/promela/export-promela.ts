// Promela export of a simulation input, for SPIN: the same threads over the
// same world, statement for statement, so an independent model checker can be
// asked the questions kvmsim answers (`kvmsim export promela`).
//
// Each thread is a proctype; calls are inlined per call site (paths relative
// to parameters are resolved statically, as they must be for the export to be
// exact). Every scheduling point of kvmsim is one `atomic` block; local work
// is plain statements, which SPIN's partial-order reduction treats as safe.
// Values are ints: numbers as themselves, NULL as 0, heap objects as OBJ+id,
// addresses as ADDR+n, and UNK for what the model does not know (a branch on
// an unknown condition is a nondeterministic `if`).
//
// Safety violations kvmsim reports as double-free, use-after-free, warn and
// missing-lock are `assert(false)` at the same statement, and a deadlock is an
// invalid end state: run pan with -E to look for the former only and with -A
// for the latter only. Data races, lock order, sleeping in atomic context and
// leaks are not exported.
import type { GuardRule, LockCatalogue, LockKind, Path, SourceLocation } from '@kvmsim/mmu-model';
import { evaluateHelper, lockKindOf } from '@kvmsim/mmu-model';
import { inputLockCatalogue } from '../kvm/input-catalogue.js';
import type {
  CExpr,
  CompiledFunction,
  CompiledProgram,
  Instr,
  PathRef,
} from '../program/compiled.js';
import { compileProgram } from '../program/compile-program.js';
import { operation } from '../ops/index.js';
import { ProgramInputError } from '../program/program-input-error.js';
import type { Value } from '../program/values.js';
import { initialWorld } from '../kvm/initial-world.js';
import { pathPrefixes, pathWithin } from '../kvm/paths.js';
import { MAX_RECURSION } from '../kvm/run-local.js';
import type { SimulationInput } from '../kvm/simulation-input.js';

const OBJ = 1_500_000_000;
const ADDR = 1_600_000_000;
const UNK = -2_000_000_000;
const MAX_INLINE_DEPTH = 16;

interface Instance {
  readonly id: number;
  readonly fn: CompiledFunction;
  /** Static values of the parameters (addresses and constants) where known. */
  readonly bindings: readonly (Value | undefined)[];
  /** Where a `ret` goes: the caller's instance, the pc after the call, the result slot. */
  readonly returnTo?: { readonly instance: number; readonly pc: number; readonly slot?: number };
  readonly depth: number;
}

interface PExpr {
  /** Promela condition: the value is known. */
  readonly known: string;
  /** Promela expression: the value (meaningful when known). */
  readonly value: string;
}

const unknownExpr: PExpr = { known: '0', value: '0' };
const constant = (value: string): PExpr => ({ known: '1', value });

function fail(reason: string, fn: string | undefined, loc: SourceLocation | undefined): never {
  throw new ProgramInputError(`cannot export to Promela: ${reason}`, fn, loc);
}

class Exporter {
  private readonly catalogue: LockCatalogue;
  private readonly program: CompiledProgram;
  private readonly fields = new Map<Path, string>();
  private readonly locks = new Map<Path, { name: string; kind: LockKind }>();
  private readonly caches = new Map<Path, string>();
  private readonly addresses = new Map<Path, number>();
  private readonly guardRules: readonly GuardRule[];
  private readonly cachePaths = new Set<Path>();
  private readonly threadCount: number;
  private maxPages = 1;
  private allocationSites = 0;
  private readonly initial: ReturnType<typeof initialWorld>;

  constructor(private readonly input: SimulationInput) {
    this.catalogue = inputLockCatalogue(input);
    this.program = compileProgram(
      input.program,
      input.threads.map((thread) => thread.entry),
    );
    this.guardRules = input.program.guardRules;
    this.threadCount = input.threads.length;
    this.initial = initialWorld(input.world ?? {});
    for (const [path, cache] of Object.entries(input.world?.caches ?? {})) {
      this.cachePaths.add(path);
      this.maxPages = Math.max(this.maxPages, cache.capacity);
    }
  }

  private number(value: number, fn: string | undefined, loc: SourceLocation | undefined): string {
    if (!Number.isInteger(value) || Math.abs(value) >= OBJ)
      fail(`the constant ${value} does not fit Promela's 32-bit int`, fn, loc);
    return String(value);
  }

  private valueConst(value: Value, fn?: string, loc?: SourceLocation): PExpr {
    if (value === null) return constant('0');
    if (typeof value === 'boolean') return constant(value ? '1' : '0');
    if (typeof value === 'number') return constant(this.number(value, fn, loc));
    if (typeof value === 'bigint')
      fail(`the constant ${value} does not fit Promela's 32-bit int`, fn, loc);
    if ('address' in value) return constant(String(ADDR + this.address(value.address)));
    if ('object' in value) return constant(String(OBJ + value.object));
    return unknownExpr;
  }

  private address(path: Path): number {
    let index = this.addresses.get(path);
    if (index === undefined) {
      index = this.addresses.size;
      this.addresses.set(path, index);
    }
    return index;
  }

  private field(path: Path): string {
    let name = this.fields.get(path);
    if (name === undefined) {
      name = `f${this.fields.size}`;
      this.fields.set(path, name);
    }
    return name;
  }

  private lock(path: Path, fn: string, loc: SourceLocation): { name: string; kind: LockKind } {
    let lock = this.locks.get(path);
    if (lock === undefined) {
      const kind = lockKindOf(this.catalogue, path);
      if (kind === undefined) throw new ProgramInputError(`unknown lock '${path}'`, fn, loc);
      lock = { name: `l${this.locks.size}`, kind };
      this.locks.set(path, lock);
    }
    return lock;
  }

  private cache(path: Path): string {
    let name = this.caches.get(path);
    if (name === undefined) {
      name = `c${this.caches.size}`;
      this.caches.set(path, name);
    }
    return name;
  }

  // ---- per-thread generation ------------------------------------------------

  private threadCode(thread: number): string {
    const spec = this.input.threads[thread];
    const entry = spec === undefined ? undefined : this.program.byName.get(spec.entry);
    if (spec === undefined || entry === undefined)
      fail(`thread ${thread}: entry '${spec?.entry}' is not in the program`, undefined, undefined);
    const bindings = entry.params.map((_, index) => {
      const arg = spec.args[index];
      if (arg?.kind === 'const') return arg.value;
      if (arg?.kind === 'addressOf') return { address: arg.path };
      if (arg?.kind === 'param') return this.input.params?.[arg.name];
      return undefined;
    });
    const instances: Instance[] = [{ id: 0, fn: entry, bindings, depth: 0 }];
    const locals: string[] = [];
    const body: string[] = [];
    for (let next = 0; next < instances.length; next += 1) {
      const instance = instances[next] as Instance;
      const slotName = (slot: number) => `t${thread}_${instance.id}_${slot}`;
      instance.fn.slots.forEach((name, slot) => {
        const snapshot = instance.fn.code.some(
          (instr) =>
            instr.op === 'read' &&
            instr.reads.some((read) => read.kind === 'cache' && read.slot === slot),
        );
        if (snapshot)
          locals.push(
            `int ${slotName(slot)}_cap, ${slotName(slot)}_n, ${slotName(slot)}_arr; int ${slotName(slot)}_pg[MAXPAGES]; /* ${instance.fn.name}: snapshot of a cache */`,
          );
        const bound = slot < instance.fn.params.length ? instance.bindings[slot] : undefined;
        const init =
          bound === undefined
            ? 'UNK'
            : this.valueConst(bound, instance.fn.name, instance.fn.loc).value;
        locals.push(`int ${slotName(slot)} = ${init}; /* ${instance.fn.name}: ${name} */`);
      });
      body.push(
        `/* ${instance.fn.name}${instance.depth > 0 ? ` (inlined, depth ${instance.depth})` : ''} */`,
      );
      instance.fn.code.forEach((instr, pc) => {
        body.push(`${this.label(thread, instance.id, pc)}:`);
        const call =
          instr.op === 'call' &&
          instr.callee >= 0 &&
          this.activations(instances, instance, instr.callee) < MAX_RECURSION
            ? instr
            : undefined;
        if (call !== undefined) {
          const callee = this.program.functions[call.callee] as CompiledFunction;
          if (instance.depth + 1 > MAX_INLINE_DEPTH)
            fail(
              `calls nest deeper than ${MAX_INLINE_DEPTH} (recursion?) at ${callee.name}`,
              instance.fn.name,
              instr.loc,
            );
          const child: Instance = {
            id: instances.length,
            fn: callee,
            bindings: call.args.map((arg) => this.staticValue(arg, instance)),
            returnTo: {
              instance: instance.id,
              pc: pc + 1,
              ...(call.slot === undefined ? {} : { slot: call.slot }),
            },
            depth: instance.depth + 1,
          };
          instances.push(child);
          const assigns = call.args.map((arg, index) => {
            const value = this.expr(arg, instance, slotName);
            return `t${thread}_${child.id}_${index} = (${value.known} -> ${value.value} : UNK)`;
          });
          const kills = (call.kill ?? []).map((slot) => `${slotName(slot)} = UNK`);
          body.push(
            `  atomic { ${[...assigns, ...kills, 'skip'].join('; ')} }; goto ${this.label(thread, child.id, 0)};`,
          );
          return;
        }
        body.push(...this.instr(thread, instance, pc, instr, slotName).map((line) => `  ${line}`));
      });
    }
    return [
      `proctype ${this.procName(thread)}() {`,
      ...locals.map((line) => `  ${line}`),
      ...body.map((line) => `  ${line}`),
      `${this.label(thread, -1, 0)}: skip`,
      '}',
    ].join('\n');
  }

  /** Activations of `fn` on the inlined call chain ending at `instance`, as KvmSystem counts them. */
  private activations(instances: readonly Instance[], instance: Instance, fn: number): number {
    let count = 0;
    for (let at: Instance | undefined = instance; at !== undefined;) {
      if (at.fn.index === fn) count += 1;
      at = at.returnTo === undefined ? undefined : instances[at.returnTo.instance];
    }
    return count;
  }

  private procName(thread: number): string {
    const name = (this.input.threads[thread]?.name ?? `thread${thread}`).replace(
      /[^A-Za-z0-9_]/g,
      '_',
    );
    return `t${thread}_${name}`;
  }

  private label(thread: number, instance: number, pc: number): string {
    return instance < 0 ? `t${thread}_end` : `t${thread}_i${instance}_${pc}`;
  }

  private staticValue(expr: CExpr, instance: Instance): Value | undefined {
    if (expr.kind === 'const') return expr.value;
    if (expr.kind === 'address') return { address: this.resolve(expr.path, instance, undefined) };
    if (expr.kind === 'slot' && expr.slot < instance.fn.params.length)
      return instance.bindings[expr.slot];
    if (expr.kind === 'param') return this.input.params?.[expr.name];
    return undefined;
  }

  private resolve(ref: PathRef, instance: Instance, loc: SourceLocation | undefined): Path {
    if (ref.slot < 0) return ref.text;
    const bound = ref.slot < instance.fn.params.length ? instance.bindings[ref.slot] : undefined;
    if (bound !== undefined && bound !== null && typeof bound === 'object' && 'address' in bound)
      return bound.address + ref.rest;
    if (bound === undefined)
      fail(
        `the path ${ref.text} depends on a value known only at run time`,
        instance.fn.name,
        loc ?? instance.fn.loc,
      );
    return ref.text;
  }

  private expr(expr: CExpr, instance: Instance, slotName: (slot: number) => string): PExpr {
    const fn = instance.fn.name;
    switch (expr.kind) {
      case 'const':
        return this.valueConst(expr.value, fn);
      case 'slot': {
        const name = slotName(expr.slot);
        return { known: `(${name} != UNK)`, value: name };
      }
      case 'param': {
        const value = this.input.params?.[expr.name];
        return value === undefined ? unknownExpr : this.valueConst(value, fn);
      }
      case 'address':
        return constant(String(ADDR + this.address(this.resolve(expr.path, instance, undefined))));
      case 'unknown':
        return unknownExpr;
      case 'not': {
        const operand = this.expr(expr.operand, instance, slotName);
        return { known: operand.known, value: `(${operand.value} == 0)` };
      }
      case 'negate': {
        const operand = this.expr(expr.operand, instance, slotName);
        return { known: operand.known, value: `(-${operand.value})` };
      }
      case 'complement': {
        const operand = this.expr(expr.operand, instance, slotName);
        return { known: operand.known, value: `(~${operand.value})` };
      }
      case 'conditional': {
        const test = this.expr(expr.test, instance, slotName);
        const then = this.expr(expr.then, instance, slotName);
        const other = this.expr(expr.else, instance, slotName);
        return {
          known: `(${test.known} && (${test.value} != 0 -> ${then.known} : ${other.known}))`,
          value: `(${test.value} != 0 -> ${then.value} : ${other.value})`,
        };
      }
      case 'helper': {
        const args = expr.args.map((arg) => this.staticValue(arg, instance));
        const scalars = args.map((arg) =>
          arg === null || typeof arg === 'number' || typeof arg === 'boolean' ? arg : undefined,
        );
        const value =
          this.input.helpers === undefined
            ? undefined
            : evaluateHelper(expr.name, scalars, this.input.helpers);
        return value === undefined ? unknownExpr : this.valueConst(value, fn);
      }
      case 'binary': {
        const left = this.expr(expr.left, instance, slotName);
        const right = this.expr(expr.right, instance, slotName);
        const both = `(${left.known} && ${right.known})`;
        switch (expr.op) {
          case '&&':
            return {
              known: `((${left.known} && ${left.value} == 0) || (${right.known} && ${right.value} == 0) || ${both})`,
              value: `(${left.value} != 0 && ${right.value} != 0)`,
            };
          case '||':
            return {
              known: `((${left.known} && ${left.value} != 0) || (${right.known} && ${right.value} != 0) || ${both})`,
              value: `(${left.value} != 0 || ${right.value} != 0)`,
            };
          case '==':
          case '!=':
            return { known: both, value: `(${left.value} ${expr.op} ${right.value})` };
          case '/':
          case '%':
            return {
              known: `(${both} && ${right.value} != 0)`,
              value: `(${right.value} != 0 -> ${left.value} ${expr.op} ${right.value} : 0)`,
            };
          default:
            return { known: both, value: `(${left.value} ${expr.op} ${right.value})` };
        }
      }
    }
  }

  /** Checks kvmsim makes on an access: use after free through a prefix, guarded-by rules. */
  private accessChecks(thread: number, path: Path, fn: string, loc: SourceLocation): string[] {
    const checks: string[] = [];
    for (const prefix of pathPrefixes(path)) {
      if (!this.fields.has(prefix) && !(prefix in this.initial.fields) && !this.written.has(prefix))
        continue;
      const name = this.field(prefix);
      checks.push(
        `assert(!(isobj(${name}) && freed[${name} - OBJ])) /* use-after-free: ${path} */`,
      );
    }
    for (const rule of this.guardRules) {
      if (!pathWithin(path, rule.path)) continue;
      checks.push(
        `assert(${this.holds(thread, rule.lock, rule.mode, fn, loc)}) /* missing-lock: ${rule.lock} guards ${rule.path} */`,
      );
    }
    return checks;
  }

  /** Paths any thread stores to, so prefix checks know which fields can hold objects. */
  written = new Set<Path>();

  private holds(thread: number, path: Path, mode: string, fn: string, loc: SourceLocation): string {
    const lock = this.lock(path, fn, loc);
    if (lock.kind === 'srcu') return `(${lock.name}_cnt[${thread}] > 0)`;
    const exclusive = `(${lock.name}_x == ${thread + 1})`;
    const read = `(${lock.name}_r[${thread}] > 0)`;
    if (mode === 'any') return `(${exclusive} || ${read})`;
    return mode === 'read' ? read : exclusive;
  }

  private readField(path: Path): string {
    const dot = path.lastIndexOf('.');
    if (dot > 0) {
      const base = path.slice(0, dot);
      const member = path.slice(dot + 1);
      if (this.cachePaths.has(base)) {
        const cache = this.cache(base);
        if (member === 'capacity') return `${cache}_cap`;
        if (member === 'nobjs') return `${cache}_n`;
        if (member === 'objects') return `(${cache}_arr)`;
      }
    }
    return this.field(path);
  }

  private instr(
    thread: number,
    instance: Instance,
    pc: number,
    instr: Instr,
    slotName: (slot: number) => string,
  ): string[] {
    const fn = instance.fn.name;
    const next = `goto ${this.label(thread, instance.id, pc + 1)}`;
    const resolve = (ref: PathRef) => this.resolve(ref, instance, instr.loc);
    const expr = (value: CExpr) => this.expr(value, instance, slotName);
    const orUnk = (value: PExpr) => `(${value.known} -> ${value.value} : UNK)`;
    const kills = ('kill' in instr ? (instr.kill ?? []) : []).map(
      (slot) => `${slotName(slot)} = UNK`,
    );
    const atomic = (lines: string[], guard?: string) =>
      `atomic { ${guard === undefined ? '' : `${guard} -> `}${[...lines, ...kills, lines.some((line) => line.includes('tmp')) ? 'tmp = 0' : 'skip'].join('; ')} }; ${next}`;
    const where = `${instr.loc.file}:${instr.loc.line}`;
    const freeObject = (value: string, what: string) =>
      `if :: isobj(${value}) -> assert(!freed[${value} - OBJ]) /* double-free: ${what} at ${where} */; freed[${value} - OBJ] = 1 :: else -> skip fi`;
    switch (instr.op) {
      case 'set':
        return [
          `atomic { ${slotName(instr.slot)} = ${orUnk(expr(instr.value))}; ${[...kills, 'skip'].join('; ')} }; ${next}`,
        ];
      case 'jump':
        return [`goto ${this.label(thread, instance.id, instr.to)}`];
      case 'branch': {
        const cond = expr(instr.cond);
        const yes = `goto ${this.label(thread, instance.id, pc + 1)}`;
        const no = `goto ${this.label(thread, instance.id, instr.else)}`;
        const clear = kills.length === 0 ? '' : `atomic { ${kills.join('; ')} }; `;
        return [
          `if`,
          `:: ${cond.known} && ${cond.value} != 0 -> ${clear}${yes}`,
          `:: ${cond.known} && ${cond.value} == 0 -> ${clear}${no}`,
          `:: !(${cond.known}) -> ${clear}if :: ${yes} :: ${no} fi`,
          `fi`,
        ];
      }
      case 'bound':
        return [
          `if :: ${slotName(instr.slot)} >= ${instr.bound} -> goto ${this.label(thread, instance.id, instr.exit)} :: else -> ${next} fi`,
        ];
      case 'call': {
        // An opaque call: its result is unknown.
        const lines = instr.slot === undefined ? [] : [`${slotName(instr.slot)} = UNK`];
        return [`atomic { ${[...lines, ...kills, 'skip'].join('; ')} }; ${next}`];
      }
      case 'ret': {
        const value = instr.value === undefined ? undefined : expr(instr.value);
        const back = instance.returnTo;
        if (back === undefined) return [`goto ${this.label(thread, -1, 0)}`];
        const assign =
          back.slot === undefined
            ? 'skip'
            : `t${thread}_${back.instance}_${back.slot} = ${value === undefined ? 'UNK' : orUnk(value)}`;
        return [`atomic { ${assign} }; goto ${this.label(thread, back.instance, back.pc)}`];
      }
      default:
        return operation(instr.op).toPromela(instr, {
          thread,
          threadCount: this.threadCount,
          fn,
          where,
          allocationFailures: this.input.options?.allocationFailures === true,
          next,
          resolve,
          expr,
          orUnknown: (value) => orUnk(expr(value)),
          slot: slotName,
          atomic,
          lock: (path) => this.lock(path, fn, instr.loc),
          holds: (path, mode) => this.holds(thread, path, mode, fn, instr.loc),
          noReaders: (lock) => this.noReaders(lock),
          accessChecks: (path) => this.accessChecks(thread, path, fn, instr.loc),
          field: (path) => this.field(path),
          readField: (path) => this.readField(path),
          cache: (path) => this.cache(path),
          freeObject,
          number: (value) => this.number(value, fn, instr.loc),
          allocates: (sites) => {
            this.allocationSites += sites;
          },
          pages: (capacity) => {
            this.maxPages = Math.max(this.maxPages, capacity);
          },
          fail: (reason) => fail(reason, fn, instr.loc),
        });
    }
  }

  private noReaders(lock: string): string {
    return Array.from(
      { length: this.threadCount },
      (_, thread) => `${lock}_r[${thread}] == 0`,
    ).join(' && ');
  }

  export(): string {
    // First pass over every thread collects the fields stores write (for use-after-free checks).
    for (const fn of this.program.functions)
      for (const instr of fn.code) {
        if (instr.op === 'assign' || (instr.op === 'alloc' && 'path' in instr.target)) {
          const ref = instr.op === 'assign' ? instr.path : (instr.target as { path: PathRef }).path;
          if (ref.slot < 0) this.written.add(ref.text);
        }
        if (
          (instr.op === 'cache_topup' || instr.op === 'cache_alloc' || instr.op === 'cache_free') &&
          instr.cache.slot < 0
        )
          this.cachePaths.add(instr.cache.text);
      }
    for (const path of Object.keys(this.initial.fields)) this.field(path);
    for (const path of this.cachePaths) this.cache(path);
    const threads = this.input.threads.map((_, thread) => this.threadCode(thread));
    const objects = this.initial.objects.length;
    const maxObjects = objects + Math.max(8, this.allocationSites * 4);
    const globals: string[] = [];
    for (const [path, name] of this.fields) {
      const value = this.initial.fields[path];
      globals.push(
        `int ${name} = ${value === undefined ? 'UNK' : this.valueConst(value).value}; /* ${path} */`,
      );
    }
    for (const [path, lock] of this.locks) {
      if (lock.kind === 'srcu')
        globals.push(
          `byte ${lock.name}_cnt[${this.threadCount}]; bit ${lock.name}_pend[${this.threadCount * this.threadCount}]; /* ${path}: read sections per thread, grace periods pending */`,
        );
      else
        globals.push(
          `byte ${lock.name}_x; byte ${lock.name}_r[${this.threadCount}]; /* ${path} (${lock.kind}): holder, read holds */`,
        );
    }
    const cacheInit: string[] = [];
    for (const [path, name] of this.caches) {
      globals.push(
        `int ${name}_cap, ${name}_n, ${name}_arr; int ${name}_pg[MAXPAGES]; /* ${path} */`,
      );
      const cache = this.initial.caches[path];
      if (cache !== undefined && cache.objects !== null) {
        cacheInit.push(
          `${name}_cap = ${cache.capacity}`,
          `${name}_n = ${cache.nobjs}`,
          `${name}_arr = OBJ + ${cache.objects}`,
        );
        cache.pages.forEach((page, index) =>
          cacheInit.push(`${name}_pg[${index}] = OBJ + ${page}`),
        );
      }
    }
    return [
      `/* kvmsim export: ${this.input.threads.map((thread) => `${thread.name} = ${thread.entry}()`).join(', ')} */`,
      '/* spin -a model.pml && cc -O2 -o pan pan.c && ./pan -E (safety only) ; ./pan -A (deadlock only) */',
      `#define UNK (${UNK})`,
      `#define OBJ ${OBJ}`,
      `#define ADDR ${ADDR}`,
      `#define MAXOBJ ${maxObjects}`,
      `#define MAXPAGES ${this.maxPages}`,
      '#define isobj(v) ((v) >= OBJ && (v) < ADDR)',
      '#define copy_pages(to, from) i = 0; do :: i < MAXPAGES -> to[i] = from[i]; i++ :: else -> break od; i = 0',
      '',
      `bit freed[MAXOBJ];`,
      `int nextobj = ${objects};`,
      'int tmp; byte i;',
      ...globals,
      '',
      ...threads,
      '',
      // The world is set up before any thread runs; init then ends.
      'init {',
      ...(cacheInit.length === 0 ? [] : [`  atomic { ${cacheInit.join('; ')} };`]),
      `  atomic { ${this.input.threads.map((_, thread) => `run ${this.procName(thread)}()`).join('; ')} }`,
      '}',
      '',
    ].join('\n');
  }
}

/** The input as a Promela model for SPIN; throws ProgramInputError for what cannot be exported exactly. */
export function toPromela(input: SimulationInput): string {
  return new Exporter(input).export();
}
