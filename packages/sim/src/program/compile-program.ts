// Lowers a ProgramModel's functions into flat code (see compiled.ts). Malformed
// programs are rejected here, before any exploration, with an error that names
// the function and the source location.
import type {
  Expr,
  FunctionModel,
  Path,
  ProgramModel,
  ScopeStmt,
  SourceLocation,
  Stmt,
} from '@kvmsim/mmu-model';
import { STMT_OPS, forEachStatement } from '@kvmsim/mmu-model';
import type {
  CExpr,
  CompiledFunction,
  CompiledProgram,
  Instr,
  PathRef,
  ReadTarget,
} from './compiled.js';
import { ProgramInputError } from './program-input-error.js';
import { isOpName, operation } from '../ops/index.js';
import type { OpCompiler, OpName, StmtOf } from '../ops/operation.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const ROOT_END = /[.[]/;

interface LoopContext {
  readonly breaks: number[];
  readonly continues: number[];
  readonly scopeDepth: number;
}

class FunctionCompiler {
  readonly code: Instr[] = [];
  private readonly slotIndex = new Map<string, number>();
  readonly slots: string[] = [];
  private readonly scopes: ScopeStmt[] = [];
  private readonly loops: LoopContext[] = [];
  private readonly labels = new Map<string, { pc: number; chain: readonly ScopeStmt[] }>();
  private readonly labelChains = new Map<string, readonly ScopeStmt[]>();
  private readonly gotos: { at: number; label: string; loc: SourceLocation }[] = [];
  private reads: ReadTarget[] = [];
  private loopCount = 0;

  constructor(
    private readonly fn: FunctionModel,
    private readonly functionIndex: ReadonlyMap<string, number>,
    private readonly options: CompileOptions,
  ) {
    for (const param of fn.params) this.slot(param);
    this.collectLocals(fn.body, []);
  }

  fail(message: string, loc: SourceLocation): never {
    throw new ProgramInputError(message, this.fn.name, loc);
  }

  private slot(name: string): number {
    let index = this.slotIndex.get(name);
    if (index === undefined) {
      index = this.slots.length;
      this.slots.push(name);
      this.slotIndex.set(name, index);
    }
    return index;
  }

  /** Locals (so a path rooted at one is relative to it) and the scope chain of each label. */
  private collectLocals(body: readonly Stmt[], chain: readonly ScopeStmt[]): void {
    for (const stmt of body) {
      if (!(STMT_OPS as readonly string[]).includes(stmt.op)) {
        this.fail(`unknown statement kind '${String(stmt.op)}'`, stmt.loc ?? this.fn.loc);
      }
      switch (stmt.op) {
        case 'assign':
        case 'alloc':
          if (stmt.target.kind === 'local') this.slot(stmt.target.name);
          break;
        case 'label':
          if (this.labelChains.has(stmt.name))
            this.fail(`label '${stmt.name}' is defined twice`, stmt.loc);
          this.labelChains.set(stmt.name, chain);
          break;
        case 'branch':
          this.collectLocals(stmt.then, chain);
          this.collectLocals(stmt.else, chain);
          break;
        case 'loop':
          this.collectLocals(stmt.body, chain);
          this.collectLocals(stmt.update ?? [], chain);
          break;
        case 'scope':
          this.collectLocals(stmt.body, [...chain, stmt]);
          this.collectLocals(stmt.cleanup, chain);
          break;
        default:
          break;
      }
      const result = 'result' in stmt ? stmt.result : undefined;
      if (typeof result === 'string') this.slot(result);
      if (stmt.op === 'lock' && stmt.mayFail !== undefined) this.slot(stmt.mayFail.result);
    }
  }

  private path(text: Path): PathRef {
    const end = text.search(ROOT_END);
    const root = end < 0 ? text : text.slice(0, end);
    const slot = this.slotIndex.get(root);
    return slot === undefined || root.startsWith('$')
      ? { text, slot: -1, rest: '', lastBase: undefined, lastPath: text }
      : { text, slot, rest: end < 0 ? '' : text.slice(end), lastBase: undefined, lastPath: text };
  }

  /** Lowers an expression; every shared field it reads becomes a read into a temporary. */
  private expr(expr: Expr): CExpr {
    switch (expr.kind) {
      case 'const':
        return { kind: 'const', value: expr.value };
      case 'field': {
        const existing = this.reads.find(
          (read) => read.kind === 'field' && read.path.text === expr.path,
        );
        if (existing !== undefined) return { kind: 'slot', slot: existing.slot };
        const slot = this.slot(readSlotName(this.reads.length));
        this.reads.push({ kind: 'field', path: this.path(expr.path), slot });
        return { kind: 'slot', slot };
      }
      case 'local':
        return { kind: 'slot', slot: this.slot(expr.name) };
      case 'param':
        return { kind: 'param', name: expr.name };
      case 'addressOf':
        return { kind: 'address', path: this.path(expr.path) };
      case 'unknown':
        return { kind: 'unknown', reason: expr.reason };
      case 'not':
      case 'negate':
      case 'complement':
        return { kind: expr.kind, operand: this.expr(expr.operand) };
      case 'binary':
        return {
          kind: 'binary',
          op: expr.op,
          left: this.expr(expr.left),
          right: this.expr(expr.right),
        };
      case 'conditional':
        return {
          kind: 'conditional',
          test: this.expr(expr.test),
          then: this.expr(expr.then),
          else: this.expr(expr.else),
        };
      case 'helper':
        return { kind: 'helper', name: expr.name, args: expr.args.map((arg) => this.expr(arg)) };
    }
  }

  private cacheRead(path: Path): number {
    const slot = this.slot(readSlotName(this.reads.length));
    this.reads.push({ kind: 'cache', path: this.path(path), slot });
    return slot;
  }

  /** Emits the pending reads as one visible step; returns the slots its consumer must clear. */
  private flushReads(stmt: Stmt): readonly number[] | undefined {
    const reads = this.reads;
    this.reads = [];
    if (reads.length === 0) return undefined;
    this.code.push({ op: 'read', loc: stmt.loc, src: stmt, reads });
    return reads.map((read) => read.slot);
  }

  private emit(instr: Instr, kill: readonly number[] | undefined): number {
    this.code.push(kill === undefined ? instr : ({ ...instr, kill } as Instr));
    return this.code.length - 1;
  }

  private jumpPlaceholder(loc: SourceLocation): number {
    this.code.push({ op: 'jump', to: -1, loc });
    return this.code.length - 1;
  }

  private patch(at: number, to: number): void {
    const instr = this.code[at] as Mutable<Instr & { to?: number; else?: number; exit?: number }>;
    if (instr.op === 'jump') instr.to = to;
    else if (instr.op === 'branch') instr.else = to;
    else if (instr.op === 'bound') instr.exit = to;
  }

  /** Cleanups of the scopes above `depth`, innermost first, as on a C scope exit. */
  private unwindTo(depth: number): void {
    const saved = this.scopes.splice(depth);
    for (let index = saved.length - 1; index >= 0; index -= 1) {
      const scope = saved[index];
      if (scope !== undefined) this.block(scope.cleanup);
    }
    this.scopes.push(...saved);
  }

  private resultSlot(result: string | undefined): { slot?: number } {
    return result === undefined ? {} : { slot: this.slot(result) };
  }

  block(body: readonly Stmt[]): void {
    for (const stmt of body) this.stmt(stmt);
  }

  /** What operations' compile steps may ask of this compiler. */
  private readonly opCompiler: OpCompiler = {
    path: (path) => this.path(path),
    slot: (name) => this.slot(name),
    expr: (expr) => this.expr(expr),
    cacheRead: (path) => this.cacheRead(path),
    flushReads: (stmt) => this.flushReads(stmt),
    emit: (instr, kill) => {
      this.emit(instr, kill);
    },
    resultSlot: (result) => this.resultSlot(result),
  };

  private stmt(stmt: Stmt): void {
    const loc = stmt.loc;
    const src = stmt;
    const compile = isOpName(stmt.op) ? operation(stmt.op).compile : undefined;
    if (compile !== undefined) {
      compile(stmt as StmtOf<OpName>, this.opCompiler);
      return;
    }
    switch (stmt.op) {
      case 'call': {
        const args = stmt.args.map((arg) => this.expr(arg));
        const kill = this.flushReads(stmt);
        this.emit(
          {
            op: 'call',
            loc,
            src,
            callee: this.functionIndex.get(stmt.callee) ?? -1,
            name: stmt.callee,
            args,
            ...this.resultSlot(stmt.result),
          },
          kill,
        );
        return;
      }
      case 'branch': {
        const cond = this.expr(stmt.cond);
        const kill = this.flushReads(stmt);
        const test = this.emit({ op: 'branch', loc, src, cond, else: -1 }, kill);
        this.block(stmt.then);
        if (stmt.else.length === 0) {
          this.patch(test, this.code.length);
          return;
        }
        const skip = this.jumpPlaceholder(loc);
        this.patch(test, this.code.length);
        this.block(stmt.else);
        this.patch(skip, this.code.length);
        return;
      }
      case 'loop':
        this.loop(stmt);
        return;
      case 'break':
      case 'continue': {
        const loop = this.loops.at(-1);
        if (loop === undefined) this.fail(`'${stmt.op}' outside a loop`, loc);
        this.unwindTo(loop.scopeDepth);
        const at = this.jumpPlaceholder(loc);
        (stmt.op === 'break' ? loop.breaks : loop.continues).push(at);
        return;
      }
      case 'return': {
        if (stmt.value === undefined) {
          this.unwindTo(0);
          this.emit({ op: 'ret', loc, src }, undefined);
          return;
        }
        const value = this.expr(stmt.value);
        const kill = this.flushReads(stmt);
        if (this.scopes.length === 0) {
          this.emit({ op: 'ret', loc, src, value }, kill);
          return;
        }
        // C computes the value, then runs the cleanups, then returns it.
        const slot = this.slot('$ret');
        this.emit({ op: 'set', loc, src, slot, value }, kill);
        this.unwindTo(0);
        this.emit({ op: 'ret', loc, src, value: { kind: 'slot', slot } }, undefined);
        return;
      }
      case 'label':
        this.labels.set(stmt.name, {
          pc: this.code.length,
          chain: this.labelChains.get(stmt.name) ?? [],
        });
        return;
      case 'goto': {
        const target = this.labelChains.get(stmt.label);
        if (target === undefined) this.fail(`goto to undefined label '${stmt.label}'`, loc);
        let common = 0;
        while (common < target.length && target[common] === this.scopes[common]) common += 1;
        if (common < target.length)
          this.fail(`goto '${stmt.label}' jumps into a guard() scope`, loc);
        this.unwindTo(common);
        this.gotos.push({ at: this.jumpPlaceholder(loc), label: stmt.label, loc });
        return;
      }
      case 'scope':
        this.scopes.push(stmt);
        this.block(stmt.body);
        this.scopes.pop();
        this.block(stmt.cleanup);
        return;
      default: {
        const unknown: { op: unknown; loc?: SourceLocation } = stmt;
        this.fail(`unknown statement kind '${String(unknown.op)}'`, unknown.loc ?? this.fn.loc);
      }
    }
  }

  private loop(stmt: Extract<Stmt, { op: 'loop' }>): void {
    const loc = stmt.loc;
    if (!Number.isInteger(stmt.bound) || stmt.bound < 0)
      this.fail(`loop bound must be a non-negative integer, got ${stmt.bound}`, loc);
    const counter = this.slot(`$loop${this.loopCount++}`);
    this.emit(
      { op: 'set', loc, src: stmt, slot: counter, value: { kind: 'const', value: 0 } },
      undefined,
    );
    const head = this.code.length;
    let exitTest: number | undefined;
    if (stmt.cond !== undefined) {
      const cond = this.expr(stmt.cond);
      const kill = this.flushReads(stmt);
      exitTest = this.emit({ op: 'branch', loc, src: stmt, cond, else: -1 }, kill);
    }
    const bound = this.emit(
      {
        op: 'bound',
        loc,
        src: stmt,
        slot: counter,
        // A loop with no condition (a kernel iterator macro) never ends by its
        // own test: it keeps the extractor's bound whatever the options say.
        bound: stmt.cond === undefined ? stmt.bound : (this.options.loopBound ?? stmt.bound),
        exit: -1,
      },
      undefined,
    );
    const context: LoopContext = { breaks: [], continues: [], scopeDepth: this.scopes.length };
    this.loops.push(context);
    this.block(stmt.body);
    this.loops.pop();
    const next = this.code.length;
    this.block(stmt.update ?? []);
    this.emit(
      {
        op: 'set',
        loc,
        src: stmt,
        slot: counter,
        value: {
          kind: 'binary',
          op: '+',
          left: { kind: 'slot', slot: counter },
          right: { kind: 'const', value: 1 },
        },
      },
      undefined,
    );
    this.code.push({ op: 'jump', to: head, loc });
    const exit = this.code.length;
    if (exitTest !== undefined) this.patch(exitTest, exit);
    this.patch(bound, exit);
    for (const at of context.breaks) this.patch(at, exit);
    for (const at of context.continues) this.patch(at, next);
  }

  finish(): void {
    this.code.push({ op: 'ret', loc: this.fn.loc, src: { op: 'return', loc: this.fn.loc } });
    for (const { at, label, loc } of this.gotos) {
      const target = this.labels.get(label);
      if (target === undefined) this.fail(`goto to undefined label '${label}'`, loc);
      this.patch(at, target.pc);
    }
  }
}

/** Compiles every function of `program`, in name order (so indices are deterministic). */
/**
 * Compiles the functions of `program` that `roots` reach through calls (all
 * of them without roots): a construct the simulator refuses in code no thread
 * runs (a real file has hundreds of functions) does not stop the run.
 */
/**
 * The local a statement's n-th shared read goes into. IR locals are C names
 * or the extractor's temporaries (`$r1`, `$ret2`, ...): `%` is in neither, so
 * a read can never land in a local the statement also uses.
 */
function readSlotName(index: number): string {
  return `%read${index}`;
}

export interface CompileOptions {
  /**
   * The bound of every loop that has a condition, instead of the one the
   * extractor wrote. The policy runner runs loops to their modelled
   * condition: a bound far above any real iteration count that only stops a
   * loop whose condition the model cannot decide. A loop without a condition
   * (an iterator macro the extractor could not read) keeps its own bound.
   */
  readonly loopBound?: number;
}

export function compileProgram(
  program: ProgramModel,
  roots?: readonly string[],
  options: CompileOptions = {},
): CompiledProgram {
  const names = (
    roots === undefined ? Object.keys(program.functions) : reachable(program, roots)
  ).sort();
  const functionIndex = new Map(names.map((name, index) => [name, index]));
  const functions: CompiledFunction[] = names.map((name, index) => {
    const fn = program.functions[name];
    if (fn === undefined) throw new Error(`unreachable: ${name}`);
    if (fn.name !== name)
      throw new ProgramInputError(
        `function is keyed '${name}' but named '${fn.name}'`,
        fn.name,
        fn.loc,
      );
    const compiler = new FunctionCompiler(fn, functionIndex, options);
    compiler.block(fn.body);
    compiler.finish();
    return {
      name,
      index,
      params: fn.params,
      slots: compiler.slots,
      code: compiler.code,
      loc: fn.loc,
    };
  });
  return { functions, byName: new Map(functions.map((fn) => [fn.name, fn])) };
}

/** The functions of `program` that `roots` call, directly or not, roots included. */
function reachable(program: ProgramModel, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const pending = roots.filter((name) => program.functions[name] !== undefined);
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    forEachStatement(program.functions[name]?.body ?? [], (stmt) => {
      if (
        stmt.op === 'call' &&
        program.functions[stmt.callee] !== undefined &&
        !seen.has(stmt.callee)
      )
        pending.push(stmt.callee);
    });
  }
  return [...seen];
}
