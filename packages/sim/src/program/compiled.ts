// The compiled form of a thread program: each function's structured IR
// lowered to a flat list of instructions with explicit jumps, so a thread's
// position is a (function, pc) pair that fits in a state key. `guard()`
// cleanups are copied onto every exit of their scope (as a compiler lowers
// __attribute__((cleanup))), loops get a hidden iteration counter, and every
// statement that reads shared fields is split into a visible `read` step
// followed by its effect (docs/ir.md, "Atomicity").
import type { BinaryOperator, Path, SourceLocation, Stmt } from '@kvmsim/mmu-model';
import type { Value } from './values.js';

/** A path whose first segment may be a local holding an address. */
export interface PathRef {
  /** The path as written in the IR. */
  readonly text: Path;
  /** Slot of the local the path is relative to, or -1 for a path rooted at a world object. */
  readonly slot: number;
  /** The rest of the path after the root segment, e.g. `.pgt`. */
  readonly rest: string;
  /**
   * A one-entry cache of `resolvePath`: the base address last resolved and
   * the path it gave. A thread resolves the same path through the same base
   * again and again; returning the same string keeps its hash computed for
   * every map keyed by paths.
   */
  lastBase: string | undefined;
  lastPath: Path;
}

/** An expression with locals resolved to slots and shared fields already read into slots. */
export type CExpr =
  | { readonly kind: 'const'; readonly value: Value }
  | { readonly kind: 'slot'; readonly slot: number }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'address'; readonly path: PathRef }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'not' | 'negate' | 'complement'; readonly operand: CExpr }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOperator;
      readonly left: CExpr;
      readonly right: CExpr;
    }
  | {
      readonly kind: 'conditional';
      readonly test: CExpr;
      readonly then: CExpr;
      readonly else: CExpr;
    }
  | { readonly kind: 'helper'; readonly name: string; readonly args: readonly CExpr[] };

export type ReadTarget =
  | { readonly kind: 'field'; readonly path: PathRef; readonly slot: number }
  | { readonly kind: 'cache'; readonly path: PathRef; readonly slot: number };

/** What every instruction has. */
export interface InstrBase {
  readonly loc: SourceLocation;
  /** The IR statement this instruction came from (for traces). */
  readonly src: Stmt;
  /** Slots holding this statement's read values, cleared once it has run. */
  readonly kill?: readonly number[];
}

/**
 * Instructions that are scheduling points: they touch state other threads
 * can see. Each is declared with its operation (ops/<op>.ts).
 */
export type { VisibleInstr } from '../ops/index.js';
import type { VisibleInstr } from '../ops/index.js';

/** Thread-local instructions, run at once between scheduling points. */
export type LocalInstr =
  | (InstrBase & { readonly op: 'set'; readonly slot: number; readonly value: CExpr })
  | { readonly op: 'jump'; readonly to: number; readonly loc: SourceLocation }
  /** Falls through when `cond` holds, jumps to `else` when not; unknown is a choice of the scheduler. */
  | (InstrBase & { readonly op: 'branch'; readonly cond: CExpr; readonly else: number })
  /** Loop bound: when the counter reached `bound` the loop is cut (a notice) and control leaves it. */
  | (InstrBase & {
      readonly op: 'bound';
      readonly slot: number;
      readonly bound: number;
      readonly exit: number;
    })
  | (InstrBase & {
      readonly op: 'call';
      /** Index of the callee in the program, or -1 for an opaque call. */
      readonly callee: number;
      readonly name: string;
      readonly args: readonly CExpr[];
      readonly slot?: number;
    })
  | (InstrBase & { readonly op: 'ret'; readonly value?: CExpr });

export type Instr = VisibleInstr | LocalInstr;

/** Whether an instruction is a scheduling point (anything but the thread-local kinds). */
export function isVisible(instr: Instr): instr is VisibleInstr {
  switch (instr.op) {
    case 'set':
    case 'jump':
    case 'branch':
    case 'bound':
    case 'call':
    case 'ret':
      return false;
    default:
      return true;
  }
}

export interface CompiledFunction {
  readonly name: string;
  readonly index: number;
  readonly params: readonly string[];
  /** Slot names: parameters first, then locals, then compiler temporaries (`$`-prefixed). */
  readonly slots: readonly string[];
  readonly code: readonly Instr[];
  readonly loc: SourceLocation;
}

export interface CompiledProgram {
  readonly functions: readonly CompiledFunction[];
  readonly byName: ReadonlyMap<string, CompiledFunction>;
}
