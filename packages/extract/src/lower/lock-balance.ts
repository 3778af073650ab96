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
}

const EMPTY: State = { held: new Map(), decided: new Map() };

function heldKey(held: ReadonlyMap<string, number>): string {
  return [...held]
    .filter(([, count]) => count !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([lock, count]) => `${lock}${count === 1 ? '' : `×${count}`}`)
    .join(', ');
}

function stateKey(state: State): string {
  return `${heldKey(state.held)}|${[...state.decided].sort().join(';')}`;
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
    if (![...state.decided.keys()].some((cond) => mentions(cond, local))) return state;
    return {
      ...state,
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
              .filter((state) => state.decided.get(cond) !== !value)
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
          current = current.map((state) => this.step(state, stmt));
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
  return {
    code: 'unbalanced-lock',
    severity: 'warning',
    message: `${fn.name} returns holding ${describe(first)} at line ${first.loc.line} but ${describe(second)} at line ${second.loc.line}`,
    loc: second.loc,
    function: fn.name,
  };
}
