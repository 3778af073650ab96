// A revision's sources to one ProgramModel: parse every file (cached by
// content hash), lower every function definition, read the guarded-by rules,
// slice, and say what could not be modelled.
import { createHash } from 'node:crypto';
import type {
  Diagnostic,
  FunctionModel,
  GuardRule,
  LockCatalogue,
  LockDescriptor,
  ProgramModel,
  Stmt,
} from '@kvmsim/mmu-model';
import { IR_VERSION, KVM_LOCK_CATALOGUE, forEachStatement } from '@kvmsim/mmu-model';
import type { Node } from 'web-tree-sitter';
import {
  DEFAULT_API_CATALOGUE,
  blankAttributeMacros,
  blankCaseRanges,
  type ApiCatalogue,
} from './catalogue/api-catalogue.js';
import { guardRules } from './guards/guarded-by.js';
import { FunctionLowering } from './lower/lower-function.js';
import { lockBalance, lockSummaries } from './lower/lock-balance.js';
import { sliceProgram } from './lower/slice.js';
import { opsTables } from './lower/ops-tables.js';
import { OPS_CALL_PREFIX } from './lower/lower-function.js';
import { children, field, locOf } from './lower/syntax.js';
import { createCParser, type CParser } from './parser/c-parser.js';
import type { SourceSet } from './source-set.js';

export interface ExtractOptions {
  readonly catalogue?: ApiCatalogue;
  readonly locks?: LockCatalogue;
  /** Iterations a loop runs at most in the simulator. Default 2. */
  readonly loopBound?: number;
  /** Files larger than this are not parsed (a diagnostic says so). Default 4 MiB. */
  readonly maxFileBytes?: number;
  /** Slice the program (default true). */
  readonly slice?: boolean;
}

/** What one file contributed; cached by the file's content hash and the options. */
interface FileResult {
  readonly functions: readonly FunctionModel[];
  /** Ops-table members and the functions designated for them. */
  readonly ops: Readonly<Record<string, readonly string[]>>;
  readonly guardRules: readonly GuardRule[];
  readonly diagnostics: readonly Diagnostic[];
  /** Locks outside the catalogue whose kind the API implies. */
  readonly locks: readonly LockDescriptor[];
}

export interface FileSummary {
  readonly path: string;
  readonly functions: number;
  readonly diagnostics: number;
  /** Served from the cache: the same text was extracted before. */
  readonly cached: boolean;
}

export interface ExtractResult {
  readonly program: ProgramModel;
  readonly files: readonly FileSummary[];
}

const DEFAULT_MAX_FILE_BYTES = 4 * 2 ** 20;
const CACHE_LIMIT = 512;

/** `arch/arm64/kvm/mmu.c:42` as a location. */
function sourceLoc(source: string): Diagnostic['loc'] {
  const match = /^(.*):(\d+)$/.exec(source);
  return { file: match?.[1] ?? source, line: Number(match?.[2] ?? 1), column: 1 };
}

/** Content-hash cache of per-file results, least recently used out first. */
const cache = new Map<string, FileResult>();
let parser: Promise<CParser> | undefined;

function functionName(definition: Node): { name: string; node: Node } | undefined {
  let declarator = field(definition, 'declarator');
  while (declarator !== undefined && declarator.type !== 'function_declarator')
    declarator = field(declarator, 'declarator');
  let name = declarator === undefined ? undefined : field(declarator, 'declarator');
  while (name !== undefined && name.type !== 'identifier') name = field(name, 'declarator');
  return name === undefined ? undefined : { name: name.text, node: name };
}

function extractFile(
  path: string,
  text: string,
  c: CParser,
  options: Required<Omit<ExtractOptions, 'slice'>>,
): FileResult {
  const diagnostics: Diagnostic[] = [];
  if (Buffer.byteLength(text) > options.maxFileBytes) {
    diagnostics.push({
      code: 'file-too-large',
      severity: 'warning',
      message: `${path} is larger than ${options.maxFileBytes} bytes and was not parsed`,
      loc: { file: path, line: 1, column: 1 },
    });
    return { functions: [], ops: {}, guardRules: [], diagnostics, locks: [] };
  }
  const tree = c.parse(blankCaseRanges(blankAttributeMacros(options.catalogue, text)));
  const inferredLocks = new Map<string, LockDescriptor>();
  try {
    const functions: FunctionModel[] = [];
    const visit = (node: Node) => {
      for (const child of children(node)) {
        if (child.type === 'function_definition') {
          const named = functionName(child);
          if (named === undefined) {
            diagnostics.push({
              code: 'unnamed-function',
              severity: 'info',
              message: 'a function definition whose name cannot be read',
              loc: locOf(path, child),
            });
            continue;
          }
          try {
            const fn = new FunctionLowering(child, named.name, {
              file: path,
              catalogue: options.catalogue,
              locks: options.locks,
              loopBound: options.loopBound,
              diagnostics,
              inferredLocks,
              reparse: (source) => c.parse(source),
            }).lower();
            functions.push(fn);
          } catch (error) {
            // A construct the lowering did not expect: the function is reported, the run goes on.
            diagnostics.push({
              code: 'lowering-failed',
              severity: 'error',
              message: `cannot model ${named.name}: ${(error as Error).message}`,
              loc: locOf(path, named.node),
              function: named.name,
            });
          }
        } else if (
          child.type === 'ERROR' &&
          child.descendantsOfType('function_definition').length === 0
        ) {
          diagnostics.push({
            code: 'parse-error',
            severity: 'warning',
            message: `cannot parse '${child.text.slice(0, 60).replace(/\s+/g, ' ')}'`,
            loc: locOf(path, child),
          });
        } else if (
          child.type.startsWith('preproc_') ||
          child.type === 'ERROR' ||
          child.type === 'linkage_specification' ||
          child.type === 'declaration_list'
        ) {
          // Functions inside #ifdef blocks are still functions.
          visit(child);
        }
      }
    };
    visit(tree.rootNode);
    return {
      functions,
      ops: opsTables(tree.rootNode),
      guardRules: guardRules(path, tree.rootNode, options.locks, diagnostics),
      diagnostics,
      locks: [...inferredLocks.values()],
    };
  } finally {
    tree.delete();
  }
}

/** The body with `->member(...)` calls resolved to the one function an ops table names for it. */
function resolveOpsCalls(
  body: readonly Stmt[],
  ops: ReadonlyMap<string, ReadonlySet<string>>,
  unresolved: (stmt: Stmt, member: string, targets: string[]) => void,
): readonly Stmt[] {
  let changed = false;
  const out: Stmt[] = [];
  for (const stmt of body) {
    let next: Stmt | undefined = stmt;
    if (stmt.op === 'call' && stmt.callee.startsWith(OPS_CALL_PREFIX)) {
      const member = stmt.callee.slice(OPS_CALL_PREFIX.length);
      const targets = [...(ops.get(member) ?? [])].sort();
      if (targets.length === 1) next = { ...stmt, callee: targets[0] as string };
      else {
        unresolved(stmt, member, targets);
        next = undefined;
      }
    } else if (stmt.op === 'branch') {
      const then = resolveOpsCalls(stmt.then, ops, unresolved);
      const otherwise = resolveOpsCalls(stmt.else, ops, unresolved);
      if (then !== stmt.then || otherwise !== stmt.else) next = { ...stmt, then, else: otherwise };
    } else if (stmt.op === 'loop') {
      const loopBody = resolveOpsCalls(stmt.body, ops, unresolved);
      const update = resolveOpsCalls(stmt.update ?? [], ops, unresolved);
      if (loopBody !== stmt.body || update !== (stmt.update ?? []))
        next = { ...stmt, body: loopBody, update };
    } else if (stmt.op === 'scope') {
      const scopeBody = resolveOpsCalls(stmt.body, ops, unresolved);
      const cleanup = resolveOpsCalls(stmt.cleanup, ops, unresolved);
      if (scopeBody !== stmt.body || cleanup !== stmt.cleanup)
        next = { ...stmt, body: scopeBody, cleanup };
    }
    if (next !== stmt) changed = true;
    if (next !== undefined) out.push(next);
  }
  return changed ? out : body;
}

function callees(body: readonly Stmt[], out: Map<string, Stmt>): void {
  forEachStatement(body, (stmt) => {
    if (stmt.op === 'call' && !out.has(stmt.callee)) out.set(stmt.callee, stmt);
  });
}

/** Parses and lowers `sources` into one ProgramModel. Never throws for bad C: it diagnoses. */
export async function extractProgram(
  sources: SourceSet,
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  parser ??= createCParser();
  const c = await parser;
  const settled = {
    catalogue: options.catalogue ?? DEFAULT_API_CATALOGUE,
    locks: options.locks ?? KVM_LOCK_CATALOGUE,
    loopBound: options.loopBound ?? 2,
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
  };
  const optionsKey = createHash('sha256')
    .update(
      JSON.stringify([settled.catalogue, settled.locks, settled.loopBound, settled.maxFileBytes]),
    )
    .digest('hex');
  const functions: Record<string, FunctionModel> = {};
  const rules: GuardRule[] = [];
  const diagnostics: Diagnostic[] = [];
  const files: FileSummary[] = [];
  const fileResults: FileResult[] = [];
  for (const [path, text] of [...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const key = `${optionsKey}:${path}:${createHash('sha256').update(text).digest('hex')}`;
    let result = cache.get(key);
    const cached = result !== undefined;
    if (result === undefined) {
      result = extractFile(path, text, c, settled);
      cache.set(key, result);
      if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    } else {
      cache.delete(key);
      cache.set(key, result);
    }
    for (const fn of result.functions) {
      // The model evaluates these itself (helpers, the VM a struct belongs to).
      if (settled.catalogue.helpers.includes(fn.name) || settled.catalogue.toKvm.includes(fn.name))
        continue;
      const existing = functions[fn.name];
      if (existing !== undefined) {
        diagnostics.push({
          code: 'duplicate-function',
          severity: 'info',
          message: `${fn.name} is also defined at ${existing.loc.file}:${existing.loc.line}; the first definition is used`,
          loc: fn.loc,
          function: fn.name,
        });
        continue;
      }
      functions[fn.name] = fn;
    }
    fileResults.push(result);
    rules.push(...result.guardRules);
    diagnostics.push(...result.diagnostics);
    files.push({
      path,
      functions: result.functions.length,
      diagnostics: result.diagnostics.length,
      cached,
    });
  }
  // Calls through ops-table members: one designated function is the callee.
  const ops = new Map<string, Set<string>>();
  for (const result of fileResults)
    for (const [member, targets] of Object.entries(result.ops))
      for (const target of targets) ops.set(member, (ops.get(member) ?? new Set()).add(target));
  for (const [name, fn] of Object.entries(functions)) {
    const resolved = resolveOpsCalls(fn.body, ops, (stmt, member, targets) =>
      diagnostics.push({
        code: 'unresolved-function-pointer',
        severity: 'info',
        message:
          targets.length === 0
            ? `call through ->${member} is not resolved (no ops table names a function for it); it is opaque`
            : `call through ->${member} could be any of ${targets.join(', ')}; it is opaque`,
        loc: stmt.loc,
        function: name,
      }),
    );
    if (resolved !== fn.body) functions[name] = { ...fn, body: resolved };
  }
  // Calls out of the analysis set are opaque: said once per caller and callee.
  for (const fn of Object.values(functions)) {
    const called = new Map<string, Stmt>();
    callees(fn.body, called);
    for (const [callee, stmt] of called) {
      if (functions[callee] !== undefined) continue;
      diagnostics.push({
        code: 'opaque-call',
        severity: 'info',
        message: `${callee}() is outside the analysis set and not in the API catalogue; it is opaque`,
        loc: stmt.loc,
        function: fn.name,
      });
    }
  }
  // Lock balance needs the whole program: a callee may release its caller's lock.
  const summaries = lockSummaries(functions);
  for (const fn of Object.values(functions)) {
    const imbalance = lockBalance(fn, summaries);
    if (imbalance !== undefined) diagnostics.push(imbalance);
  }
  const sliced = options.slice === false ? functions : sliceProgram(functions);
  const ordered = Object.fromEntries(
    Object.entries(sliced).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  // Locks the catalogue lacks, as their APIs imply; a kind two files disagree on is not guessed.
  const locks = new Map<string, LockDescriptor>();
  const conflicting = new Set<string>();
  for (const result of fileResults)
    for (const lock of result.locks) {
      const known = locks.get(lock.path);
      if (known !== undefined && known.kind !== lock.kind) conflicting.add(lock.path);
      else if (known === undefined) locks.set(lock.path, lock);
    }
  for (const path of conflicting) {
    const lock = locks.get(path) as LockDescriptor;
    diagnostics.push({
      code: 'lock-kind-conflict',
      severity: 'warning',
      message: `files disagree on the kind of '${path}' (${lock.source} takes it as a ${lock.kind}); add it to the lock catalogue`,
      loc: sourceLoc(lock.source),
    });
    locks.delete(path);
  }
  return {
    program: {
      irVersion: IR_VERSION,
      functions: ordered,
      guardRules: rules,
      diagnostics,
      ...(locks.size === 0
        ? {}
        : { locks: [...locks.values()].sort((a, b) => (a.path < b.path ? -1 : 1)) }),
    },
    files,
  };
}

export interface ChangedFunctions {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Functions whose normalised body differs (comments and whitespace do not count). */
  readonly changed: readonly string[];
}

/** Functions added, removed or changed between two revisions, by body, not by line. */
export function changedFunctions(base: ProgramModel, head: ProgramModel): ChangedFunctions {
  const before = base.functions;
  const after = head.functions;
  return {
    added: Object.keys(after)
      .filter((name) => before[name] === undefined)
      .sort(),
    removed: Object.keys(before)
      .filter((name) => after[name] === undefined)
      .sort(),
    changed: Object.keys(after)
      .filter(
        (name) => before[name] !== undefined && before[name]?.bodyHash !== after[name]?.bodyHash,
      )
      .sort(),
  };
}
