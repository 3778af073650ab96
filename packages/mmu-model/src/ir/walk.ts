// Visiting every statement of a body, nested ones included: the one walk
// the packages share (call graphs, diagnostics over calls).
import type { Stmt } from './types.js';

/** Calls `visit` on each statement of `body` and of every nested body (branch sides, loop bodies and updates, scope bodies and cleanups), in source order. */
export function forEachStatement(body: readonly Stmt[], visit: (stmt: Stmt) => void): void {
  for (const stmt of body) {
    visit(stmt);
    if (stmt.op === 'branch') {
      forEachStatement(stmt.then, visit);
      forEachStatement(stmt.else, visit);
    } else if (stmt.op === 'loop') {
      forEachStatement(stmt.body, visit);
      forEachStatement(stmt.update ?? [], visit);
    } else if (stmt.op === 'scope') {
      forEachStatement(stmt.body, visit);
      forEachStatement(stmt.cleanup, visit);
    }
  }
}
