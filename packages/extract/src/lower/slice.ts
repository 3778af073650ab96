// Slicing: the simulator should see small programs. Statements with no
// visible effect go (assignments to locals nobody reads, branches and loops
// left empty, calls to functions that do nothing visible, labels no goto
// names), and a branch whose two sides do the same visible things becomes
// those things.
import type { Expr, FunctionModel, Stmt } from '@kvmsim/mmu-model';

function exprLocals(expr: Expr | undefined, out: Set<string>): void {
  if (expr === undefined) return;
  switch (expr.kind) {
    case 'local':
      out.add(expr.name);
      return;
    case 'field':
    case 'addressOf': {
      // A path rooted at a local reads that local.
      const root = expr.path.split(/[.[]/)[0];
      if (root !== undefined) out.add(root);
      return;
    }
    case 'not':
    case 'negate':
    case 'complement':
      exprLocals(expr.operand, out);
      return;
    case 'binary':
      exprLocals(expr.left, out);
      exprLocals(expr.right, out);
      return;
    case 'conditional':
      exprLocals(expr.test, out);
      exprLocals(expr.then, out);
      exprLocals(expr.else, out);
      return;
    case 'helper':
      for (const arg of expr.args) exprLocals(arg, out);
      return;
    default:
      return;
  }
}

function pathRoot(path: string): string {
  return path.split(/[.[]/)[0] ?? path;
}

/** Locals read anywhere in `body`, and labels some goto names. */
function uses(body: readonly Stmt[], locals: Set<string>, labels: Set<string>): void {
  for (const stmt of body) {
    switch (stmt.op) {
      case 'lock':
      case 'unlock':
      case 'assert_held':
        locals.add(pathRoot(stmt.lock));
        break;
      case 'srcu_read_lock':
      case 'srcu_read_unlock':
      case 'synchronize_srcu':
        locals.add(pathRoot(stmt.srcu));
        break;
      case 'access':
        locals.add(pathRoot(stmt.path));
        break;
      case 'assign':
        exprLocals(stmt.value, locals);
        if (stmt.target.kind === 'field') locals.add(pathRoot(stmt.target.path));
        break;
      case 'alloc':
        if (stmt.target.kind === 'field') locals.add(pathRoot(stmt.target.path));
        break;
      case 'free':
        exprLocals(stmt.object, locals);
        break;
      case 'cache_topup':
        locals.add(pathRoot(stmt.cache));
        exprLocals(stmt.capacity, locals);
        exprLocals(stmt.min, locals);
        break;
      case 'cache_alloc':
      case 'cache_free':
        locals.add(pathRoot(stmt.cache));
        break;
      case 'warn':
        exprLocals(stmt.cond, locals);
        break;
      case 'call':
      case 'world':
        for (const arg of stmt.args) exprLocals(arg, locals);
        break;
      case 'branch':
        exprLocals(stmt.cond, locals);
        uses(stmt.then, locals, labels);
        uses(stmt.else, locals, labels);
        break;
      case 'loop':
        exprLocals(stmt.cond, locals);
        uses(stmt.body, locals, labels);
        uses(stmt.update ?? [], locals, labels);
        break;
      case 'return':
        exprLocals(stmt.value, locals);
        break;
      case 'goto':
        labels.add(stmt.label);
        break;
      case 'scope':
        uses(stmt.body, locals, labels);
        uses(stmt.cleanup, locals, labels);
        break;
      default:
        break;
    }
  }
}

/** The statement without its locations, to compare what two sides do. */
function shape(body: readonly Stmt[]): string {
  return JSON.stringify(body, (key, value: unknown) => (key === 'loc' ? undefined : value));
}

function sliceBody(
  body: readonly Stmt[],
  live: ReadonlySet<string>,
  labels: ReadonlySet<string>,
  idle: { has(name: string): boolean },
): Stmt[] {
  const out: Stmt[] = [];
  for (const stmt of body) {
    switch (stmt.op) {
      case 'assign':
        if (stmt.target.kind === 'local' && !live.has(stmt.target.name)) continue;
        out.push(stmt);
        break;
      case 'alloc':
        // An allocation nobody keeps is still an allocation (and may sleep): kept.
        out.push(stmt);
        break;
      case 'call':
        // A callee with nothing visible (or outside the program, so opaque) matters only for its result.
        if (idle.has(stmt.callee) && (stmt.result === undefined || !live.has(stmt.result)))
          continue;
        out.push(stmt);
        break;
      case 'label':
        if (labels.has(stmt.name)) out.push(stmt);
        break;
      case 'branch': {
        const then = sliceBody(stmt.then, live, labels, idle);
        const otherwise = sliceBody(stmt.else, live, labels, idle);
        if (then.length === 0 && otherwise.length === 0) continue;
        if (shape(then) === shape(otherwise)) out.push(...then);
        else out.push({ ...stmt, then, else: otherwise });
        break;
      }
      case 'loop': {
        const loopBody = sliceBody(stmt.body, live, labels, idle);
        const update = sliceBody(stmt.update ?? [], live, labels, idle);
        if (
          loopBody.length === 0 &&
          update.every((inner) => inner.op === 'assign' && inner.target.kind === 'local')
        )
          continue;
        out.push({ ...stmt, body: loopBody, update });
        break;
      }
      case 'scope':
        out.push({
          ...stmt,
          body: sliceBody(stmt.body, live, labels, idle),
          cleanup: sliceBody(stmt.cleanup, live, labels, idle),
        });
        break;
      default:
        out.push(stmt);
    }
  }
  // A trailing bare `return` of a void function does nothing.
  return out;
}

/** Slices every function; calls to functions left with nothing visible are dropped too. */
export function sliceProgram(
  functions: Readonly<Record<string, FunctionModel>>,
): Record<string, FunctionModel> {
  let current: Record<string, FunctionModel> = { ...functions };
  for (let round = 0; round < 8; round += 1) {
    const idle = new Set(
      Object.values(current)
        .filter((fn) => fn.body.every((stmt) => stmt.op === 'return' && stmt.value === undefined))
        .map((fn) => fn.name),
    );
    const defined = new Set(Object.keys(current));
    const isIdle = (name: string) => idle.has(name) || !defined.has(name);
    let changed = false;
    const next: Record<string, FunctionModel> = {};
    for (const [name, fn] of Object.entries(current)) {
      let body = fn.body;
      for (;;) {
        const live = new Set<string>(fn.params);
        const labels = new Set<string>();
        uses(body, live, labels);
        const sliced = sliceBody(body, live, labels, { has: isIdle });
        if (shape(sliced) === shape(body)) break;
        body = sliced;
        changed = true;
      }
      next[name] = body === fn.body ? fn : { ...fn, body };
    }
    current = next;
    if (!changed) break;
  }
  return current;
}
