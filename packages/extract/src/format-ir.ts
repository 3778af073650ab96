// The IR as readable text, one statement a line with its source line: what
// `kvmsim extract` prints and what the fixture snapshots hold.
import type { Expr, FunctionModel, ProgramModel, Stmt } from '@kvmsim/mmu-model';

export function formatExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'const':
      return expr.value === null ? 'NULL' : String(expr.value);
    case 'field':
      return expr.path;
    case 'local':
      return expr.name;
    case 'param':
      return `param(${expr.name})`;
    case 'addressOf':
      return `&${expr.path}`;
    case 'unknown':
      return `?(${expr.reason})`;
    case 'not':
      return `!${formatExpr(expr.operand)}`;
    case 'negate':
      return `-${formatExpr(expr.operand)}`;
    case 'complement':
      return `~${formatExpr(expr.operand)}`;
    case 'binary':
      return `(${formatExpr(expr.left)} ${expr.op} ${formatExpr(expr.right)})`;
    case 'conditional':
      return `(${formatExpr(expr.test)} ? ${formatExpr(expr.then)} : ${formatExpr(expr.else)})`;
    case 'helper':
      return `${expr.name}(${expr.args.map(formatExpr).join(', ')})`;
  }
}

function assignTo(result: string | undefined): string {
  return result === undefined ? '' : `${result} = `;
}

function formatStmt(stmt: Stmt, indent: string, out: string[]): void {
  const at = `${String(stmt.loc.line).padStart(4)}  ${indent}`;
  switch (stmt.op) {
    case 'lock':
      out.push(
        `${at}${stmt.mayFail === undefined ? '' : `${stmt.mayFail.result} = `}lock ${stmt.lock} (${stmt.mode})${stmt.mayFail === undefined ? '' : ` may fail${stmt.mayFail.blocks ? '' : ', never blocks'}`}`,
      );
      return;
    case 'unlock':
      out.push(`${at}unlock ${stmt.lock} (${stmt.mode})`);
      return;
    case 'srcu_read_lock':
      out.push(`${at}${assignTo(stmt.result)}srcu_read_lock ${stmt.srcu}`);
      return;
    case 'srcu_read_unlock':
      out.push(`${at}srcu_read_unlock ${stmt.srcu}`);
      return;
    case 'synchronize_srcu':
      out.push(`${at}synchronize_srcu${stmt.expedited ? '_expedited' : ''} ${stmt.srcu}`);
      return;
    case 'access':
      out.push(`${at}${stmt.mode} ${stmt.path}`);
      return;
    case 'assign':
      out.push(
        `${at}${stmt.target.kind === 'local' ? stmt.target.name : stmt.target.path} = ${formatExpr(stmt.value)}`,
      );
      return;
    case 'alloc':
      out.push(
        `${at}${stmt.target.kind === 'local' ? stmt.target.name : stmt.target.path} = ${stmt.api}() [${stmt.object}${stmt.mightSleep ? ', may sleep' : ''}]`,
      );
      return;
    case 'free':
      out.push(`${at}${stmt.api}(${formatExpr(stmt.object)})`);
      return;
    case 'cache_topup':
      out.push(
        `${at}${assignTo(stmt.result)}topup ${stmt.cache} capacity ${formatExpr(stmt.capacity)} min ${formatExpr(stmt.min)}`,
      );
      return;
    case 'cache_alloc':
      out.push(`${at}${assignTo(stmt.result)}cache_alloc ${stmt.cache}`);
      return;
    case 'cache_free':
      out.push(`${at}cache_free ${stmt.cache}`);
      return;
    case 'assert_held':
      out.push(`${at}${stmt.api}(${stmt.lock})`);
      return;
    case 'warn':
      out.push(`${at}${assignTo(stmt.result)}${stmt.api}(${formatExpr(stmt.cond)})`);
      return;
    case 'might_sleep':
      out.push(`${at}might_sleep (${stmt.reason})`);
      return;
    case 'call':
      out.push(
        `${at}${assignTo(stmt.result)}call ${stmt.callee}(${stmt.args.map(formatExpr).join(', ')})`,
      );
      return;
    case 'world':
      out.push(
        `${at}${assignTo(stmt.result)}${stmt.action}(${stmt.args.map(formatExpr).join(', ')})`,
      );
      return;
    case 'branch':
      out.push(`${at}if ${formatExpr(stmt.cond)}`);
      for (const inner of stmt.then) formatStmt(inner, `${indent}  `, out);
      if (stmt.else.length > 0) {
        out.push(`${' '.repeat(6)}${indent}else`);
        for (const inner of stmt.else) formatStmt(inner, `${indent}  `, out);
      }
      return;
    case 'loop':
      out.push(
        `${at}loop${stmt.cond === undefined ? '' : ` while ${formatExpr(stmt.cond)}`} (at most ${stmt.bound})`,
      );
      for (const inner of stmt.body) formatStmt(inner, `${indent}  `, out);
      if ((stmt.update ?? []).length > 0) {
        out.push(`${' '.repeat(6)}${indent}then`);
        for (const inner of stmt.update ?? []) formatStmt(inner, `${indent}  `, out);
      }
      return;
    case 'break':
    case 'continue':
      out.push(`${at}${stmt.op}`);
      return;
    case 'return':
      out.push(`${at}return${stmt.value === undefined ? '' : ` ${formatExpr(stmt.value)}`}`);
      return;
    case 'label':
      out.push(`${at}${stmt.name}:`);
      return;
    case 'goto':
      out.push(`${at}goto ${stmt.label}`);
      return;
    case 'scope':
      out.push(`${at}scope`);
      for (const inner of stmt.body) formatStmt(inner, `${indent}  `, out);
      out.push(`${' '.repeat(6)}${indent}on exit`);
      for (const inner of stmt.cleanup) formatStmt(inner, `${indent}  `, out);
      return;
    default: {
      // A statement without a form of its own: its kind and fields.
      const { op, loc: _loc, ...fields } = stmt as Stmt;
      const shown = Object.entries(fields).map(
        ([name, value]) =>
          `${name}=${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`,
      );
      out.push(`${at}${[op, ...shown].join(' ')}`);
    }
  }
}

export function formatFunction(fn: FunctionModel): string {
  const out = [
    `${fn.isStatic ? 'static ' : ''}${fn.name}(${fn.params.join(', ')})  ${fn.loc.file}:${fn.loc.line}`,
  ];
  for (const stmt of fn.body) formatStmt(stmt, '', out);
  return `${out.join('\n')}\n`;
}

/** Every function, the guarded-by rules and the diagnostics of a program. */
export function formatProgram(program: ProgramModel): string {
  const parts = Object.values(program.functions).map(formatFunction);
  if (program.guardRules.length > 0)
    parts.push(
      `guarded by\n${program.guardRules.map((rule) => `  ${rule.path} by ${rule.lock}  ${rule.loc.file}:${rule.loc.line}`).join('\n')}\n`,
    );
  if (program.diagnostics.length > 0)
    parts.push(
      `diagnostics\n${program.diagnostics
        .map(
          (d) =>
            `  ${d.loc.file}:${d.loc.line}:${d.loc.column}: ${d.severity} ${d.code}: ${d.message}`,
        )
        .join('\n')}\n`,
    );
  return parts.join('\n');
}
