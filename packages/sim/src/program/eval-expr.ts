// Expression evaluation over a frame's slots. C semantics where the model
// knows the values; `unknown` wherever it does not, so that a branch on it
// explores both sides instead of guessing.
import type { HelperContext, HelperValue, Path } from '@kvmsim/mmu-model';
import { evaluateHelper } from '@kvmsim/mmu-model';
import type { CExpr, PathRef } from './compiled.js';
import type { Value } from './values.js';
import { UNKNOWN, integer, isAddress, isUnknown, truthy } from './values.js';

export interface EvalContext {
  readonly slots: readonly (Value | undefined)[];
  readonly params: Readonly<Record<string, number | boolean>>;
  readonly helpers: HelperContext | undefined;
}

/** The absolute path `ref` names in a frame: relative to the address its root local holds. */
export function resolvePath(ref: PathRef, slots: readonly (Value | undefined)[]): Path {
  if (ref.slot < 0) return ref.text;
  const base = slots[ref.slot];
  if (base === undefined || !isAddress(base)) return ref.text;
  if (ref.lastBase !== base.address) {
    ref.lastBase = base.address;
    ref.lastPath = base.address + ref.rest;
  }
  return ref.lastPath;
}

const unknown = (reason: string): Value => ({ unknown: reason });

function asNumber(value: Value): number | bigint | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === null) return 0;
  return undefined;
}

/**
 * C equality where the model knows it: scalars (numbers, booleans, NULL as 0)
 * by value; addresses and heap objects by identity, and never equal to a
 * scalar (they are not NULL).
 */
function samePointer(left: Value, right: Value): boolean | undefined {
  if (isUnknown(left) || isUnknown(right)) return undefined;
  const a = asNumber(left);
  const b = asNumber(right);
  if (a !== undefined && b !== undefined)
    return typeof a === typeof b ? a === b : Number.isInteger(Number(a)) && BigInt(a) === BigInt(b);
  if (a !== undefined || b !== undefined) return false;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object')
    return undefined;
  if ('cache' in left || 'cache' in right) return undefined;
  if ('address' in left && 'address' in right) return left.address === right.address;
  if ('object' in left && 'object' in right) return left.object === right.object;
  return false;
}

function binary(op: string, left: Value, right: Value): Value {
  if (op === '==' || op === '!=') {
    const same = samePointer(left, right);
    if (same === undefined) return UNKNOWN;
    return op === '==' ? same : !same;
  }
  const a = asNumber(left);
  const b = asNumber(right);
  if (a === undefined || b === undefined) return UNKNOWN;
  if (typeof a === 'number' && typeof b === 'number') return numeric(op, a, b);
  // A u64 beyond 2^53 on either side: exact integer arithmetic.
  if (!Number.isInteger(Number(a)) || !Number.isInteger(Number(b))) return UNKNOWN;
  return wide(op, BigInt(a), BigInt(b));
}

function numeric(op: string, a: number, b: number): Value {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '+':
    case '-':
    case '*': {
      const result = op === '+' ? a + b : op === '-' ? a - b : a * b;
      return Number.isSafeInteger(result) || !Number.isInteger(a) || !Number.isInteger(b)
        ? result
        : wide(op, BigInt(a), BigInt(b));
    }
    case '/':
      return b === 0 ? unknown('division by zero') : Math.trunc(a / b);
    case '%':
      return b === 0 ? unknown('division by zero') : a % b;
    // Sizes reach 2^40 and beyond: BigInt keeps the bit operations exact past 32 bits.
    case '&':
    case '|':
    case '^':
    case '<<':
    case '>>':
      return Number.isInteger(a) && Number.isInteger(b) ? wide(op, BigInt(a), BigInt(b)) : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

function wide(op: string, a: bigint, b: bigint): Value {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '+':
      return integer(a + b);
    case '-':
      return integer(a - b);
    case '*':
      return integer(a * b);
    case '/':
      return b === 0n ? unknown('division by zero') : integer(a / b);
    case '%':
      return b === 0n ? unknown('division by zero') : integer(a % b);
    case '&':
      return integer(a & b);
    case '|':
      return integer(a | b);
    case '^':
      return integer(a ^ b);
    case '<<':
      return integer(a << b);
    case '>>':
      return integer(a >> b);
    default:
      return UNKNOWN;
  }
}

function helperArg(value: Value): HelperValue | undefined {
  if (
    value === null ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean'
  )
    return value;
  return undefined;
}

export function evaluate(expr: CExpr, context: EvalContext): Value {
  switch (expr.kind) {
    case 'const':
      return expr.value;
    case 'slot': {
      // NULL is a value: only a slot never written is unknown.
      const value = context.slots[expr.slot];
      return value === undefined ? unknown('unset local') : value;
    }
    case 'param': {
      const value = context.params[expr.name];
      return value === undefined ? unknown(`scenario parameter '${expr.name}' not given`) : value;
    }
    case 'address':
      return { address: resolvePath(expr.path, context.slots) };
    case 'unknown':
      return unknown(expr.reason);
    case 'not': {
      const value = truthy(evaluate(expr.operand, context));
      return value === undefined ? UNKNOWN : !value;
    }
    case 'negate': {
      const value = asNumber(evaluate(expr.operand, context));
      return value === undefined ? UNKNOWN : typeof value === 'number' ? -value : integer(-value);
    }
    case 'complement': {
      const value = asNumber(evaluate(expr.operand, context));
      return value === undefined || !Number.isInteger(Number(value))
        ? UNKNOWN
        : integer(~BigInt(value));
    }
    case 'binary': {
      if (expr.op === '&&' || expr.op === '||') {
        const left = truthy(evaluate(expr.left, context));
        if (expr.op === '&&' && left === false) return false;
        if (expr.op === '||' && left === true) return true;
        const right = truthy(evaluate(expr.right, context));
        if (expr.op === '&&' && right === false) return false;
        if (expr.op === '||' && right === true) return true;
        // Neither side decided it: C's result is 1 for && (both true), 0 for ||.
        return left === undefined || right === undefined ? UNKNOWN : expr.op === '&&';
      }
      return binary(expr.op, evaluate(expr.left, context), evaluate(expr.right, context));
    }
    case 'conditional': {
      const test = truthy(evaluate(expr.test, context));
      if (test === undefined) return UNKNOWN;
      return evaluate(test ? expr.then : expr.else, context);
    }
    case 'helper': {
      if (context.helpers === undefined) return unknown(`${expr.name}: no VM geometry given`);
      const args = expr.args.map((arg) => helperArg(evaluate(arg, context)));
      const value = evaluateHelper(expr.name, args, context.helpers);
      return value === undefined ? unknown(`${expr.name} not evaluated`) : value;
    }
  }
}
