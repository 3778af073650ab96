// Terse builders for IR in tests: every statement gets the next line of a
// made-up file, so traces and identities have stable locations.
import type {
  Expr,
  FunctionModel,
  GuardRule,
  LockMode,
  ProgramModel,
  SourceLocation,
  Stmt,
} from '@kvmsim/mmu-model';

let line = 1;
const at = (): SourceLocation => ({ file: 'arch/arm64/kvm/test.c', line: line++, column: 2 });

export const ir = {
  lock: (lock: string, mode: LockMode = 'exclusive'): Stmt => ({
    op: 'lock',
    lock,
    mode,
    loc: at(),
  }),
  unlock: (lock: string, mode: LockMode = 'exclusive'): Stmt => ({
    op: 'unlock',
    lock,
    mode,
    loc: at(),
  }),
  srcuLock: (srcu = 'kvm.srcu'): Stmt => ({ op: 'srcu_read_lock', srcu, loc: at() }),
  srcuUnlock: (srcu = 'kvm.srcu'): Stmt => ({ op: 'srcu_read_unlock', srcu, loc: at() }),
  sync: (srcu = 'kvm.srcu'): Stmt => ({
    op: 'synchronize_srcu',
    srcu,
    expedited: false,
    loc: at(),
  }),
  read: (path: string): Stmt => ({ op: 'access', path, mode: 'read', loc: at() }),
  write: (path: string): Stmt => ({ op: 'access', path, mode: 'write', loc: at() }),
  store: (path: string, value: Expr): Stmt => ({
    op: 'assign',
    target: { kind: 'field', path },
    value,
    loc: at(),
  }),
  set: (name: string, value: Expr): Stmt => ({
    op: 'assign',
    target: { kind: 'local', name },
    value,
    loc: at(),
  }),
  alloc: (path: string, object: string): Stmt => ({
    op: 'alloc',
    target: { kind: 'field', path },
    object,
    api: 'kvcalloc',
    mightSleep: true,
    mayFail: true,
    loc: at(),
  }),
  kvfree: (object: Expr): Stmt => ({ op: 'free', object, api: 'kvfree', loc: at() }),
  topup: (cache: string, capacity: Expr, min: Expr, result?: string): Stmt => ({
    op: 'cache_topup',
    cache,
    capacity,
    min,
    ...(result === undefined ? {} : { result }),
    loc: at(),
  }),
  cacheFree: (cache: string): Stmt => ({ op: 'cache_free', cache, loc: at() }),
  cacheAlloc: (cache: string, result?: string): Stmt => ({
    op: 'cache_alloc',
    cache,
    ...(result === undefined ? {} : { result }),
    loc: at(),
  }),
  assertHeld: (
    lock: string,
    mode: LockMode | 'any' = 'any',
    api = 'lockdep_assert_held',
  ): Stmt => ({
    op: 'assert_held',
    lock,
    mode,
    api,
    loc: at(),
  }),
  warn: (cond: Expr, fatal = false): Stmt => ({
    op: 'warn',
    cond,
    api: fatal ? 'BUG_ON' : 'WARN_ON',
    fatal,
    loc: at(),
  }),
  mightSleep: (reason = 'cond_resched()'): Stmt => ({ op: 'might_sleep', reason, loc: at() }),
  call: (callee: string, ...args: Expr[]): Stmt => ({ op: 'call', callee, args, loc: at() }),
  branch: (cond: Expr, then: Stmt[], otherwise: Stmt[] = []): Stmt => ({
    op: 'branch',
    cond,
    then,
    else: otherwise,
    loc: at(),
  }),
  loop: (bound: number, body: Stmt[], cond?: Expr): Stmt => ({
    op: 'loop',
    bound,
    body,
    ...(cond === undefined ? {} : { cond }),
    loc: at(),
  }),
  brk: (): Stmt => ({ op: 'break', loc: at() }),
  ret: (value?: Expr): Stmt => ({
    op: 'return',
    ...(value === undefined ? {} : { value }),
    loc: at(),
  }),
  label: (name: string): Stmt => ({ op: 'label', name, loc: at() }),
  goto: (label: string): Stmt => ({ op: 'goto', label, loc: at() }),
  /** guard(mode_lock)(&lock) to the end of `body`. */
  guard: (lock: string, mode: LockMode, body: Stmt[]): Stmt[] => [
    ir.lock(lock, mode),
    { op: 'scope', body, cleanup: [ir.unlock(lock, mode)], loc: at() },
  ],
};

export const e = {
  num: (value: number): Expr => ({ kind: 'const', value }),
  bool: (value: boolean): Expr => ({ kind: 'const', value }),
  null: (): Expr => ({ kind: 'const', value: null }),
  field: (path: string): Expr => ({ kind: 'field', path }),
  local: (name: string): Expr => ({ kind: 'local', name }),
  param: (name: string): Expr => ({ kind: 'param', name }),
  addr: (path: string): Expr => ({ kind: 'addressOf', path }),
  unknown: (reason = 'test'): Expr => ({ kind: 'unknown', reason }),
  not: (operand: Expr): Expr => ({ kind: 'not', operand }),
  ne: (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '!=', left, right }),
  eq: (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '==', left, right }),
};

export function fn(name: string, params: string[], body: Stmt[]): FunctionModel {
  return {
    name,
    params,
    loc: at(),
    endLine: line,
    isStatic: false,
    body,
    bodyHash: name,
  };
}

export function program(functions: FunctionModel[], guardRules: GuardRule[] = []): ProgramModel {
  return {
    irVersion: 1,
    functions: Object.fromEntries(functions.map((f) => [f.name, f])),
    guardRules,
    diagnostics: [],
  };
}

/** A thread running `entry(&kvm)` (or the given args). */
export function thread(name: string, entry: string, args: Expr[] = [e.addr('kvm')]) {
  return { name, entry, args };
}
