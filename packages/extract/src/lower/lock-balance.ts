// sparse's "context imbalance", on the IR: a function whose paths return with
// different locks held (one path keeps the lock it took, another releases it)
// gets a diagnostic. Every path is followed: each side of a branch (two
// branches on the same condition over unchanged locals take the same side, so
// `if (!locked) lock(); ... if (!locked) unlock();` is balanced), loops once,
// forward gotos to their label, guard() cleanups on return, and calls through
// the callee's own net effect (a helper that releases its caller's lock).
import type { Diagnostic, Expr, FunctionModel, SourceLocation, Stmt } from '@kvmsim/mmu-model';

const MAX_STATES = 64;

interface State {
  /** Net acquisitions per lock: +1 taken here, -1 released without being taken here. */
  readonly held: ReadonlyMap<string, number>;
  /** Conditions over locals already decided on this path. */
  readonly decided: ReadonlyMap<string, boolean>;
  /** Locals whose value this path knows: the result of a lock that may fail. */
  readonly values: ReadonlyMap<string, number>;
}

const EMPTY: State = { held: new Map(), decided: new Map(), values: new Map() };

const BINARY: Partial<Record<string, (a: number, b: number) => number>> = {
  '&&': (a, b) => Number(a !== 0 && b !== 0),
  '||': (a, b) => Number(a !== 0 || b !== 0),
  '==': (a, b) => Number(a === b),
  '!=': (a, b) => Number(a !== b),
  '<': (a, b) => Number(a < b),
  '<=': (a, b) => Number(a <= b),
  '>': (a, b) => Number(a > b),
  '>=': (a, b) => Number(a >= b),
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '&': (a, b) => a & b,
  '|': (a, b) => a | b,
};

/** A local condition's value from what the path knows, or undefined. */
function valueOf(expr: Expr, values: ReadonlyMap<string, number>): number | undefined {
  switch (expr.kind) {
    case 'const':
      return typeof expr.value === 'number'
        ? expr.value
        : typeof expr.value === 'boolean'
          ? Number(expr.value)
          : expr.value === null
            ? 0
            : undefined;
    case 'local':
      return values.get(expr.name);
    case 'not': {
      const operand = valueOf(expr.operand, values);
      return operand === undefined ? undefined : Number(operand === 0);
    }
    case 'negate': {
      const operand = valueOf(expr.operand, values);
      return operand === undefined ? undefined : -operand;
    }
    case 'binary': {
      const left = valueOf(expr.left, values);
      const right = valueOf(expr.right, values);
      const apply = BINARY[expr.op];
      return left === undefined || right === undefined || apply === undefined
        ? undefined
        : apply(left, right);
    }
    default:
      return undefined;
  }
}

function heldKey(held: ReadonlyMap<string, number>): string {
  return [...held]
    .filter(([, count]) => count !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([lock, count]) => `${lock}${count === 1 ? '' : `×${count}`}`)
    .join(', ');
}

function stateKey(state: State): string {
  return `${heldKey(state.held)}|${[...state.decided].sort().join(';')}|${[...state.values].sort().join(';')}`;
}

function adjust(state: State, lock: string, by: number): State {
  const held = new Map(state.held);
  held.set(lock, (held.get(lock) ?? 0) + by);
  return { ...state, held };
}

/** A condition that only reads locals and constants: its value cannot change behind the function's back. */
function localCondition(expr: Expr): boolean {
  switch (expr.kind) {
    case 'const':
    case 'local':
      return true;
    case 'not':
    case 'negate':
    case 'complement':
      return localCondition(expr.operand);
    case 'binary':
      return localCondition(expr.left) && localCondition(expr.right);
    default:
      return false;
  }
}

function mentions(expr: string, local: string): boolean {
  return expr.includes(`"name":"${local}"`);
}

/** Net lock effect of calling a function: absent when its paths disagree. */
export type LockSummary = ReadonlyMap<string, number>;

interface Exit {
  readonly state: State;
  readonly loc: SourceLocation;
}

class Walker {
  readonly exits: Exit[] = [];
  private readonly pending = new Map<string, State[]>();
  private readonly breaks: State[][] = [];
  overflow = false;

  constructor(private readonly summaries: ReadonlyMap<string, LockSummary>) {}

  /** A lock that may fail splits the path: taken with its success value, or not with its failure value. */
  private steps(state: State, stmt: Stmt): State[] {
    if (stmt.op !== 'lock' || stmt.mayFail === undefined) return [this.step(state, stmt)];
    const { result, successValue, failureValue } = stmt.mayFail;
    const known = (value: number): State => ({
      ...this.forget(state, result),
      values: new Map(state.values).set(result, value),
    });
    return [adjust(known(successValue), `${stmt.lock} (${stmt.mode})`, 1), known(failureValue)];
  }

  private step(state: State, stmt: Stmt): State {
    switch (stmt.op) {
      case 'lock':
        return stmt.mayFail === undefined ? adjust(state, `${stmt.lock} (${stmt.mode})`, 1) : state;
      case 'unlock':
        return adjust(state, `${stmt.lock} (${stmt.mode})`, -1);
      case 'call': {
        const summary = this.summaries.get(stmt.callee);
        let next = state;
        for (const [lock, count] of summary ?? []) next = adjust(next, lock, count);
        return stmt.result === undefined ? next : this.forget(next, stmt.result);
      }
      case 'assign':
        return stmt.target.kind === 'local' ? this.forget(state, stmt.target.name) : state;
      default:
        return state;
    }
  }

  private forget(state: State, local: string): State {
    const values = state.values.has(local)
      ? new Map([...state.values].filter(([name]) => name !== local))
      : state.values;
    if (![...state.decided.keys()].some((cond) => mentions(cond, local)))
      return values === state.values ? state : { ...state, values };
    return {
      ...state,
      values,
      decided: new Map([...state.decided].filter(([cond]) => !mentions(cond, local))),
    };
  }

  walk(body: readonly Stmt[], states: State[], cleanups: readonly (readonly Stmt[])[]): State[] {
    let current = states;
    for (const stmt of body) {
      if (this.overflow) return [];
      const unique = new Map(current.map((state) => [stateKey(state), state]));
      if (unique.size > MAX_STATES) {
        this.overflow = true;
        return [];
      }
      current = [...unique.values()];
      switch (stmt.op) {
        case 'branch': {
          if (!localCondition(stmt.cond)) {
            current = [
              ...this.walk(stmt.then, current, cleanups),
              ...this.walk(stmt.else, current, cleanups),
            ];
            break;
          }
          const cond = JSON.stringify(stmt.cond);
          const side = (value: boolean) =>
            current
              .filter((state) => {
                const known = valueOf(stmt.cond, state.values);
                return known === undefined
                  ? state.decided.get(cond) !== !value
                  : (known !== 0) === value;
              })
              .map((state) => ({ ...state, decided: new Map(state.decided).set(cond, value) }));
          current = [
            ...this.walk(stmt.then, side(true), cleanups),
            ...this.walk(stmt.else, side(false), cleanups),
          ];
          break;
        }
        case 'loop': {
          this.breaks.push([]);
          const after = this.walk([...stmt.body, ...(stmt.update ?? [])], current, cleanups);
          const broke = this.breaks.pop() ?? [];
          current = [...current, ...after, ...broke];
          break;
        }
        case 'break':
        case 'continue':
          this.breaks.at(-1)?.push(...current);
          current = [];
          break;
        case 'scope': {
          const inner = this.walk(stmt.body, current, [...cleanups, stmt.cleanup]);
          current = this.walk(stmt.cleanup, inner, cleanups);
          break;
        }
        case 'return':
          for (const state of current) {
            let exit = state;
            for (const cleanup of [...cleanups].reverse())
              for (const inner of cleanup) exit = this.step(exit, inner);
            this.exits.push({ state: exit, loc: stmt.loc });
          }
          current = [];
          break;
        case 'goto':
          this.pending.set(stmt.label, [...(this.pending.get(stmt.label) ?? []), ...current]);
          current = [];
          break;
        case 'label':
          current = [...current, ...(this.pending.get(stmt.name) ?? [])];
          this.pending.delete(stmt.name);
          break;
        default:
          current = current.flatMap((state) => this.steps(state, stmt));
      }
    }
    return current;
  }
}

function exitsOf(
  fn: FunctionModel,
  summaries: ReadonlyMap<string, LockSummary>,
): Exit[] | undefined {
  const walker = new Walker(summaries);
  const end = walker.walk(fn.body, [EMPTY], []);
  if (walker.overflow) return undefined;
  return [
    ...walker.exits,
    ...end.map((state) => ({ state, loc: { ...fn.loc, line: fn.endLine } })),
  ];
}

/** Each function's net lock effect when all its paths agree, callees first (a few rounds). */
export function lockSummaries(
  functions: Readonly<Record<string, FunctionModel>>,
): Map<string, LockSummary> {
  const summaries = new Map<string, LockSummary>();
  for (let round = 0; round < 4; round += 1) {
    let changed = false;
    for (const fn of Object.values(functions)) {
      const exits = exitsOf(fn, summaries);
      if (exits === undefined || exits.length === 0) continue;
      const keys = new Set(exits.map((exit) => heldKey(exit.state.held)));
      if (keys.size !== 1) continue;
      const net = new Map([...(exits[0]?.state.held ?? [])].filter(([, count]) => count !== 0));
      if (heldKey(net) !== heldKey(summaries.get(fn.name) ?? new Map())) changed = true;
      if (net.size > 0) summaries.set(fn.name, net);
    }
    if (!changed) break;
  }
  return summaries;
}

/** The diagnostic for `fn`, if its paths return holding different locks. */
export function lockBalance(
  fn: FunctionModel,
  summaries: ReadonlyMap<string, LockSummary>,
): Diagnostic | undefined {
  const exits = exitsOf(fn, summaries);
  if (exits === undefined) return undefined;
  const distinct = new Map<string, Exit>();
  for (const exit of exits) {
    const key = heldKey(exit.state.held);
    if (!distinct.has(key)) distinct.set(key, exit);
  }
  if (distinct.size < 2) return undefined;
  const [first, second] = [...distinct.values()];
  if (first === undefined || second === undefined) return undefined;
  const describe = (exit: Exit) => {
    const held = heldKey(exit.state.held);
    return held.length === 0 ? 'no lock it took' : held;
  };
  const message = `${fn.name} returns holding ${describe(first)} at line ${first.loc.line} but ${describe(second)} at line ${second.loc.line}`;
  // Locking one element per iteration (kvm_lock_all_vcpus), or once on the
  // first iteration behind a flag (kvm_handle_hva_range), balances over the
  // iterations, which path counting cannot see: said, but not as a warning.
  const disagreeing = new Set(
    exits.flatMap((exit) =>
      [...new Set([...exit.state.held.keys(), ...first.state.held.keys()])].filter(
        (lock) => (exit.state.held.get(lock) ?? 0) !== (first.state.held.get(lock) ?? 0),
      ),
    ),
  );
  const inLoops = locksInLoops(fn.body, summaries, false);
  if ([...disagreeing].every((lock) => inLoops.has(lock)))
    return {
      code: 'lock-in-loop',
      severity: 'info',
      message: `${message}; ${[...disagreeing].join(', ')} is taken or released inside a loop, so the balance depends on the iterations`,
      loc: second.loc,
      function: fn.name,
    };
  return {
    code: 'unbalanced-lock',
    severity: 'warning',
    message,
    loc: second.loc,
    function: fn.name,
  };
}

/** Locks (as `path (mode)`) taken or released inside a loop body, directly or through a callee. */
function locksInLoops(
  body: readonly Stmt[],
  summaries: ReadonlyMap<string, LockSummary>,
  inLoop: boolean,
  out = new Set<string>(),
): Set<string> {
  for (const stmt of body) {
    if (inLoop && (stmt.op === 'lock' || stmt.op === 'unlock'))
      out.add(`${stmt.lock} (${stmt.mode})`);
    if (inLoop && stmt.op === 'call')
      for (const lock of summaries.get(stmt.callee)?.keys() ?? []) out.add(lock);
    if (stmt.op === 'loop') {
      locksInLoops(stmt.body, summaries, true, out);
      locksInLoops(stmt.update ?? [], summaries, true, out);
    } else if (stmt.op === 'branch') {
      locksInLoops(stmt.then, summaries, inLoop, out);
      locksInLoops(stmt.else, summaries, inLoop, out);
    } else if (stmt.op === 'scope') {
      locksInLoops(stmt.body, summaries, inLoop, out);
      locksInLoops(stmt.cleanup, summaries, inLoop, out);
    }
  }
  return out;
}
