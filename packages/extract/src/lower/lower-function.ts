// One C function definition to one FunctionModel. Calls are matched against
// the API catalogue; member accesses become canonical paths (docs/ir.md,
// "Paths"); locals holding an address are tracked as aliases; values the
// model can evaluate (fields, helpers, constants, flag tests) become
// expressions, everything else an explicit unknown. What cannot be modelled
// is a diagnostic with a location, never a guess.
import { createHash } from 'node:crypto';
import type {
  BinaryOperator,
  Diagnostic,
  Expr,
  FunctionModel,
  LockCatalogue,
  LockDescriptor,
  LockMode,
  Path,
  SourceLocation,
  Stmt,
} from '@kvmsim/mmu-model';
import { BINARY_OPERATORS, KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE, lockKindOf } from '@kvmsim/mmu-model';
import type { Node, Tree } from 'web-tree-sitter';
import {
  CASE_RANGE_CALLEE,
  impliedLockKind,
  isLoopMacro,
  type ApiCatalogue,
} from '../catalogue/api-catalogue.js';
import { argumentsOf, calleeName, children, declaredName, field, locOf, unwrap } from './syntax.js';

/** Callee prefix of a call through an ops-table member, resolved when the program is assembled. */
export const OPS_CALL_PREFIX = '->';

/** Struct types whose pointers are the roots a scenario knows. */
const TYPE_ROOTS: Readonly<Record<string, string>> = {
  kvm: 'kvm',
  kvm_vcpu: 'vcpu',
  kvm_s2_mmu: 'mmu',
  kvm_memory_slot: 'slot',
};

export interface LowerOptions {
  readonly file: string;
  readonly catalogue: ApiCatalogue;
  readonly locks: LockCatalogue;
  /** Iterations a loop runs at most. */
  readonly loopBound: number;
  readonly diagnostics: Diagnostic[];
  /** Locks outside the catalogue whose kind the API implies, by canonical path (filled in). */
  readonly inferredLocks: Map<Path, LockDescriptor>;
  /** Parses C text (for statements the grammar could not see whole); absent, they are diagnosed. */
  readonly reparse?: (text: string) => Tree;
}

interface Lowered {
  readonly pre: Stmt[];
  readonly expr: Expr;
}

const unknown = (reason: string): Expr => ({ kind: 'unknown', reason });

function parseNumber(text: string): number | undefined {
  const clean = text.replace(/[uUlL]+$/, '');
  const value = /^0[xX]/.test(clean)
    ? Number.parseInt(clean, 16)
    : /^0[0-7]+$/.test(clean)
      ? Number.parseInt(clean, 8)
      : Number(clean);
  return Number.isFinite(value) ? value : undefined;
}

/** The shared paths evaluating `expr` reads, each once, in order. */
function fieldsRead(expr: Expr, out: Path[] = []): Path[] {
  switch (expr.kind) {
    case 'field':
      if (!out.includes(expr.path)) out.push(expr.path);
      break;
    case 'not':
    case 'negate':
    case 'complement':
      fieldsRead(expr.operand, out);
      break;
    case 'binary':
      fieldsRead(expr.left, out);
      fieldsRead(expr.right, out);
      break;
    case 'conditional':
      fieldsRead(expr.test, out);
      fieldsRead(expr.then, out);
      fieldsRead(expr.else, out);
      break;
    case 'helper':
      for (const arg of expr.args) fieldsRead(arg, out);
      break;
    default:
      break;
  }
  return out;
}

export function bodyHash(body: Node): string {
  // Comments dropped and whitespace collapsed: a reformatting is not a change.
  const text = collectText(body).replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function collectText(node: Node): string {
  if (node.type === 'comment') return ' ';
  if (node.childCount === 0) return node.text;
  let out = '';
  for (let index = 0; index < node.childCount; index += 1) {
    const child = node.child(index);
    if (child !== null) out += `${collectText(child)} `;
  }
  return out;
}

export class FunctionLowering {
  private readonly params: string[] = [];
  /** Parameters and locals of a known struct type: their canonical root for catalogue checks. */
  private readonly typeRoots = new Map<string, string>();
  private readonly locals = new Set<string>();
  /** Locals that only ever hold one address: substituted by the path. */
  private readonly aliases = new Map<string, Path>();
  private temp = 0;

  constructor(
    private readonly definition: Node,
    private readonly name: string,
    private readonly options: LowerOptions,
  ) {}

  private loc(node: Node): SourceLocation {
    return locOf(this.options.file, node);
  }

  private diagnose(
    code: string,
    severity: Diagnostic['severity'],
    message: string,
    node: Node,
  ): void {
    this.options.diagnostics.push({
      code,
      severity,
      message,
      loc: this.loc(node),
      function: this.name,
    });
  }

  lower(): FunctionModel {
    const declarator = field(this.definition, 'declarator');
    const parameters = declarator === undefined ? undefined : this.findParameters(declarator);
    for (const param of parameters === undefined ? [] : children(parameters)) {
      if (param.type !== 'parameter_declaration') continue;
      const paramDeclarator = field(param, 'declarator');
      const name = paramDeclarator === undefined ? undefined : declaredName(paramDeclarator);
      if (name === undefined) continue;
      this.params.push(name);
      this.noteType(name, param);
    }
    const body = field(this.definition, 'body');
    if (body !== undefined) this.collectAliases(body);
    const statements = body === undefined ? [] : this.block(children(body));
    const nameNode =
      declarator === undefined
        ? this.definition
        : (this.findIdentifier(declarator) ?? this.definition);
    return {
      name: this.name,
      params: this.params,
      loc: this.loc(nameNode),
      endLine: this.definition.endPosition.row + 1,
      isStatic: children(this.definition).some(
        (child) => child.type === 'storage_class_specifier' && child.text === 'static',
      ),
      body: statements,
      bodyHash: body === undefined ? '' : bodyHash(body),
    };
  }

  private findParameters(declarator: Node): Node | undefined {
    if (declarator.type === 'function_declarator') return field(declarator, 'parameters');
    const inner = field(declarator, 'declarator');
    return inner === undefined ? undefined : this.findParameters(inner);
  }

  private findIdentifier(declarator: Node): Node | undefined {
    if (declarator.type === 'identifier') return declarator;
    const inner = field(declarator, 'declarator');
    return inner === undefined ? undefined : this.findIdentifier(inner);
  }

  private noteType(name: string, declaration: Node): void {
    const type = field(declaration, 'type');
    if (type?.type !== 'struct_specifier') return;
    const struct = field(type, 'name')?.text;
    const root = struct === undefined ? undefined : TYPE_ROOTS[struct];
    if (root !== undefined) this.typeRoots.set(name, root);
  }

  /** First pass: locals, and which of them only ever hold one address. */
  private collectAliases(body: Node): void {
    const assigned = new Map<string, Node[]>();
    const visit = (node: Node) => {
      if (node.type === 'declaration') {
        for (const declarator of children(node)) {
          const name = declaredName(declarator);
          if (name === undefined) continue;
          this.locals.add(name);
          this.noteType(name, node);
          if (declarator.type === 'init_declarator') {
            const value = field(declarator, 'value');
            if (value !== undefined) assigned.set(name, [...(assigned.get(name) ?? []), value]);
          }
        }
      } else if (node.type === 'assignment_expression' || node.type === 'update_expression') {
        const target = unwrap(
          field(node, node.type === 'update_expression' ? 'argument' : 'left') ?? node,
        );
        if (target.type === 'identifier') {
          const value =
            node.type === 'assignment_expression' && field(node, 'operator')?.text === '='
              ? field(node, 'right')
              : undefined;
          assigned.set(target.text, [...(assigned.get(target.text) ?? []), value ?? node]);
        }
      } else if (node.type === 'pointer_expression' && field(node, 'operator')?.text === '&') {
        const target = unwrap(field(node, 'argument') ?? node);
        // &local escapes: it may be written through the pointer.
        if (target.type === 'identifier')
          assigned.set(target.text, [...(assigned.get(target.text) ?? []), node]);
      }
      for (const child of children(node)) visit(child);
    };
    visit(body);
    // Resolve in declaration order so aliases of aliases settle.
    for (const [name, values] of assigned) {
      if (values.length !== 1 || !this.locals.has(name)) continue;
      const value = values[0];
      if (value === undefined) continue;
      const path =
        this.aliasTarget(value) ?? (this.typeRoots.get(name) === 'kvm' ? 'kvm' : undefined);
      if (path !== undefined) this.aliases.set(name, path);
    }
  }

  /**
   * What a local initialised with `value` is an alias of: the address of a
   * path, the VM (kvm_s2_mmu_to_kvm, container_of), or another alias or
   * parameter. A pointer read out of a field is a value, not an alias. A
   * local of type `struct kvm *` is always the scenario's one VM.
   */
  private aliasTarget(value: Node): Path | undefined {
    const at = unwrap(value);
    if (at.type === 'field_expression' || at.type === 'subscript_expression') return undefined;
    return this.addressPath(at);
  }

  // ---- paths ------------------------------------------------------------------

  /** The canonical path a C lvalue expression names, if the model can name it. */
  path(node: Node): Path | undefined {
    const at = unwrap(node);
    switch (at.type) {
      case 'identifier': {
        const alias = this.aliases.get(at.text);
        if (alias !== undefined) return alias;
        return at.text;
      }
      case 'field_expression': {
        const argument = field(at, 'argument');
        const member = field(at, 'field')?.text;
        if (argument === undefined || member === undefined) return undefined;
        const operator = field(at, 'operator')?.text ?? (at.text.includes('->') ? '->' : '.');
        const base = operator === '->' ? this.pointee(argument) : this.path(argument);
        return base === undefined ? undefined : `${base}.${member}`;
      }
      case 'subscript_expression': {
        const argument = field(at, 'argument');
        const base = argument === undefined ? undefined : this.path(argument);
        return base === undefined ? undefined : `${base}[*]`;
      }
      case 'pointer_expression': {
        if (field(at, 'operator')?.text === '*') {
          const argument = field(at, 'argument');
          return argument === undefined ? undefined : this.pointee(argument);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** The path of the object a pointer expression points to. */
  private pointee(node: Node): Path | undefined {
    const at = unwrap(node);
    if (at.type === 'identifier') return this.aliases.get(at.text) ?? at.text;
    if (at.type === 'call_expression') return this.addressPath(at);
    const path = this.path(at);
    if (path === undefined) return undefined;
    // In KVM every `->kvm` member (vcpu->kvm, dev->kvm, ...) is the VM the object belongs to.
    return (
      this.options.catalogue.pointerFields[this.canonical(path)] ??
      (path.endsWith('.kvm') ? 'kvm' : path)
    );
  }

  /** The path whose address an expression evaluates to: `&kvm->arch.mmu`, an alias, kvm_s2_mmu_to_kvm(mmu). */
  addressPath(node: Node): Path | undefined {
    const at = unwrap(node);
    if (at.type === 'pointer_expression' && field(at, 'operator')?.text === '&') {
      const argument = field(at, 'argument');
      return argument === undefined ? undefined : this.path(argument);
    }
    if (at.type === 'identifier') {
      const alias = this.aliases.get(at.text);
      if (alias !== undefined) return alias;
      if (this.params.includes(at.text) || this.locals.has(at.text)) return at.text;
      return undefined;
    }
    if (at.type === 'call_expression') {
      const name = calleeName(at);
      if (name !== undefined && this.options.catalogue.toKvm.includes(name)) return 'kvm';
      if (name === 'container_of') {
        const type = argumentsOf(at)[1]?.text.replace(/\s+/g, ' ').trim();
        if (type === 'struct kvm') return 'kvm';
        const struct = type?.replace(/^struct /, '');
        const root = struct === undefined ? undefined : TYPE_ROOTS[struct];
        if (root !== undefined) return root;
      }
    }
    if (at.type === 'field_expression' || at.type === 'subscript_expression') return this.path(at);
    return undefined;
  }

  /** The path with its root parameter replaced by the canonical root of its type, for catalogue checks. */
  private canonical(path: Path): Path {
    const end = path.search(/[.[]/);
    const root = end < 0 ? path : path.slice(0, end);
    const typed = this.typeRoots.get(root);
    return typed === undefined ? path : typed + (end < 0 ? '' : path.slice(end));
  }

  /**
   * A lock argument (`&kvm->mmu_lock`) to a lock path: one the catalogue
   * knows, or one whose kind the API (`api`: `mutex_lock`, a guard class)
   * implies, recorded for the program's `locks`. Otherwise a diagnostic.
   */
  private lockPath(
    arg: Node | undefined,
    call: Node,
    api: string | undefined,
    suffix?: string,
  ): Path | undefined {
    if (arg === undefined) {
      this.diagnose(
        'lock-argument-missing',
        'warning',
        `${calleeName(call) ?? 'lock call'} without a lock argument`,
        call,
      );
      return undefined;
    }
    let path = suffix === undefined ? this.addressPath(arg) : this.pointee(arg);
    if (path !== undefined && suffix !== undefined) path = `${path}.${suffix}`;
    if (path === undefined) {
      this.diagnose('unresolved-lock', 'warning', `cannot tell which lock '${arg.text}' is`, arg);
      return undefined;
    }
    const canonical = this.canonical(path);
    const kind = api === undefined ? undefined : impliedLockKind(api);
    const catalogued = lockKindOf(this.options.locks, canonical);
    if (catalogued !== undefined) {
      // C would not compile this (spin_lock on an rwlock_t), or the catalogue is wrong about the lock.
      if (kind !== undefined && catalogued !== 'srcu' && kind !== catalogued)
        this.diagnose(
          'lock-kind-mismatch',
          'warning',
          `${api}() takes '${canonical}' as a ${kind}, but the lock catalogue says it is a ${catalogued}; modelled as a ${catalogued}`,
          arg,
        );
      return path;
    }
    const known = this.options.inferredLocks.get(canonical);
    if (kind === undefined && known === undefined) {
      this.diagnose(
        'unknown-lock',
        'warning',
        `lock '${canonical}' (${arg.text}) is not in the lock catalogue and ${api ?? 'this use'} does not say what kind it is; its operations are not modelled`,
        arg,
      );
      return undefined;
    }
    if (known === undefined && kind !== undefined) {
      const where = `${this.options.file}:${this.loc(arg).line}`;
      this.options.inferredLocks.set(canonical, {
        path: canonical,
        kind,
        description: `not in the lock catalogue; a ${kind} because ${api}() takes it`,
        source: where,
      });
      this.diagnose(
        'uncatalogued-lock',
        'info',
        `lock '${canonical}' is not in the lock catalogue; modelled as a ${kind} (${api} takes it), with no documented order`,
        arg,
      );
    } else if (known !== undefined && kind !== undefined && known.kind !== kind) {
      this.diagnose(
        'lock-kind-conflict',
        'warning',
        `${api}() takes '${canonical}' as a ${kind}, but ${known.source} took it as a ${known.kind}`,
        arg,
      );
      return undefined;
    }
    return path;
  }

  /** An SRCU struct argument (`&kvm->srcu`) to its path, or a diagnostic. */
  private srcuPath(arg: Node | undefined, call: Node): Path | undefined {
    const srcu = this.addressPath(arg ?? call);
    if (srcu !== undefined && lockKindOf(this.options.locks, this.canonical(srcu)) === 'srcu')
      return srcu;
    this.diagnose(
      'unknown-srcu',
      'warning',
      `'${arg?.text}' is not an SRCU struct of the lock catalogue`,
      call,
    );
    return undefined;
  }

  // ---- expressions -----------------------------------------------------------

  private fresh(prefix: string): string {
    this.temp += 1;
    return `$${prefix}${this.temp}`;
  }

  /** An operand that may be missing (a parse error, `WARN_ON()`): then it is unknown, never the node again. */
  private operand(node: Node | undefined): Lowered {
    return node === undefined ? { pre: [], expr: unknown('missing operand') } : this.expr(node);
  }

  private optionalStatement(node: Node | undefined): Stmt[] {
    return node === undefined ? [] : this.statement(node);
  }

  /** A C expression as an IR expression, with the statements its calls need first. */
  expr(node: Node): Lowered {
    const at = unwrap(node);
    switch (at.type) {
      case 'number_literal': {
        const value = parseNumber(at.text);
        return {
          pre: [],
          expr: value === undefined ? unknown(`number ${at.text}`) : { kind: 'const', value },
        };
      }
      case 'true':
        return { pre: [], expr: { kind: 'const', value: true } };
      case 'false':
        return { pre: [], expr: { kind: 'const', value: false } };
      case 'null':
        return { pre: [], expr: { kind: 'const', value: null } };
      case 'identifier': {
        if (at.text === 'NULL') return { pre: [], expr: { kind: 'const', value: null } };
        const alias = this.aliases.get(at.text);
        if (alias !== undefined) return { pre: [], expr: { kind: 'addressOf', path: alias } };
        if (this.params.includes(at.text) || this.locals.has(at.text))
          return { pre: [], expr: { kind: 'local', name: at.text } };
        const constant = this.options.catalogue.constants[at.text];
        if (constant !== undefined) return { pre: [], expr: { kind: 'const', value: constant } };
        // A constant of the VM's geometry (PAGE_SHIFT): a helper of no arguments.
        if (this.options.catalogue.helpers.includes(at.text))
          return { pre: [], expr: { kind: 'helper', name: at.text, args: [] } };
        return { pre: [], expr: unknown(`'${at.text}' is not modelled`) };
      }
      case 'field_expression':
      case 'subscript_expression': {
        const path = this.path(at);
        return {
          pre: [],
          expr:
            path === undefined ? unknown(`'${at.text}' is not modelled`) : { kind: 'field', path },
        };
      }
      case 'pointer_expression': {
        if (field(at, 'operator')?.text === '&') {
          const path = this.addressPath(at);
          return {
            pre: [],
            expr:
              path === undefined ? unknown(`address '${at.text}'`) : { kind: 'addressOf', path },
          };
        }
        const path = this.path(at);
        return {
          pre: [],
          expr: path === undefined ? unknown(`'${at.text}'`) : { kind: 'field', path },
        };
      }
      case 'unary_expression': {
        const operand = this.operand(field(at, 'argument'));
        const operator = field(at, 'operator')?.text;
        const kind =
          operator === '!'
            ? 'not'
            : operator === '-'
              ? 'negate'
              : operator === '~'
                ? 'complement'
                : undefined;
        if (kind === undefined)
          return {
            pre: operand.pre,
            expr: operator === '+' ? operand.expr : unknown(`operator ${operator}`),
          };
        return { pre: operand.pre, expr: { kind, operand: operand.expr } };
      }
      case 'binary_expression': {
        const operator = field(at, 'operator')?.text ?? '';
        const left = this.operand(field(at, 'left'));
        const right = this.operand(field(at, 'right'));
        if (!(BINARY_OPERATORS as readonly string[]).includes(operator))
          return { pre: [...left.pre, ...right.pre], expr: unknown(`operator ${operator}`) };
        // The right side of && and || runs only sometimes: its calls cannot be hoisted before it.
        if ((operator === '&&' || operator === '||') && right.pre.length > 0) {
          this.diagnose(
            'conditional-effect',
            'info',
            `the call on the right of '${operator}' is modelled as always evaluated`,
            at,
          );
        }
        return {
          pre: [...left.pre, ...right.pre],
          expr: {
            kind: 'binary',
            op: operator as BinaryOperator,
            left: left.expr,
            right: right.expr,
          },
        };
      }
      case 'conditional_expression': {
        const test = this.operand(field(at, 'condition'));
        // GNU `a ?: b` has no middle operand: it is `a ? a : b`.
        const consequence = field(at, 'consequence');
        const then =
          consequence === undefined ? { pre: [], expr: test.expr } : this.expr(consequence);
        const otherwise = this.operand(field(at, 'alternative'));
        return {
          pre: [...test.pre, ...then.pre, ...otherwise.pre],
          expr: { kind: 'conditional', test: test.expr, then: then.expr, else: otherwise.expr },
        };
      }
      case 'call_expression':
        return this.callValue(at);
      case 'comma_expression': {
        // `a, b`: a's effects, then b's value (do { } while (addr = next, addr != end)).
        const parts = children(at);
        const effects = parts.slice(0, -1).flatMap((part) => this.effect(part));
        const value = this.operand(parts.at(-1));
        return { pre: [...effects, ...value.pre], expr: value.expr };
      }
      case 'sizeof_expression':
        return { pre: [], expr: unknown('sizeof') };
      case 'string_literal':
      case 'concatenated_string':
      case 'char_literal':
        return { pre: [], expr: unknown('literal') };
      default:
        return { pre: [], expr: unknown(`${at.type} '${at.text.slice(0, 40)}'`) };
    }
  }

  /** A call used for its value: effects first, the value as a local. */
  private callValue(call: Node): Lowered {
    const name = this.callTarget(call);
    const catalogue = this.options.catalogue;
    const args = argumentsOf(call);
    if (name !== undefined) {
      if (catalogue.helpers.includes(name)) {
        const lowered = args.map((arg) => this.expr(arg));
        return {
          pre: lowered.flatMap((arg) => arg.pre),
          expr: { kind: 'helper', name, args: lowered.map((arg) => arg.expr) },
        };
      }
      if (catalogue.toKvm.includes(name))
        return { pre: [], expr: { kind: 'addressOf', path: 'kvm' } };
      if (catalogue.cacheCount.includes(name)) {
        const cache = args[0] === undefined ? undefined : this.addressPath(args[0]);
        if (cache !== undefined)
          return { pre: [], expr: { kind: 'field', path: `${cache}.nobjs` } };
      }
      if (name in catalogue.reads) {
        const path =
          this.pointee(args[catalogue.reads[name] ?? 0] ?? call) ?? this.path(args[0] ?? call);
        if (name === 'READ_ONCE' && args[0] !== undefined) return this.expr(args[0]);
        return {
          pre:
            path === undefined ? [] : [{ op: 'access', path, mode: 'read', loc: this.loc(call) }],
          expr: unknown(`${name}()`),
        };
      }
      if (catalogue.invisible.includes(name)) return { pre: [], expr: unknown(`${name}()`) };
    }
    const result = this.fresh('r');
    this.locals.add(result);
    const statements = this.callStatements(call, result);
    if (statements === undefined) return { pre: [], expr: unknown(`${call.text.slice(0, 40)}`) };
    return { pre: statements, expr: { kind: 'local', name: result } };
  }

  /** The function a call calls, through wrappers such as KVM_PGT_FN(fn). */
  private callTarget(call: Node): string | undefined {
    const fn = field(call, 'function');
    if (fn?.type === 'identifier') return fn.text;
    if (fn?.type === 'call_expression') {
      const wrapper = calleeName(fn);
      const inner = argumentsOf(fn)[0];
      if (
        wrapper !== undefined &&
        this.options.catalogue.functionWrappers.includes(wrapper) &&
        inner?.type === 'identifier'
      )
        return inner.text;
    }
    return undefined;
  }

  private gfpMightSleep(arg: Node | undefined): boolean {
    if (arg === undefined) return true;
    return !this.options.catalogue.atomicGfp.some((flag) => arg.text.includes(flag));
  }

  // ---- calls as statements ---------------------------------------------------

  /**
   * The statements of a call; `result` names the local that receives its
   * value. Undefined for a call with no visible effect.
   */
  callStatements(call: Node, result?: string): Stmt[] | undefined {
    const loc = this.loc(call);
    const catalogue = this.options.catalogue;
    const name = this.callTarget(call);
    const args = argumentsOf(call);
    const resultField = result === undefined ? {} : { result };
    const fn = field(call, 'function');
    if (name === undefined) {
      if (fn?.type === 'call_expression' && calleeName(fn) === 'guard') return undefined; // handled by block()
      const member = fn?.type === 'field_expression' ? field(fn, 'field')?.text : undefined;
      if (member !== undefined) {
        // `mm_ops->free_pages_exact(p)`: resolved against the program's ops tables at assembly.
        const lowered = args.map((arg) => this.expr(arg));
        return [
          ...lowered.flatMap((arg) => arg.pre),
          {
            op: 'call',
            callee: `${OPS_CALL_PREFIX}${member}`,
            args: lowered.map((arg) => arg.expr),
            ...resultField,
            loc,
          },
        ];
      }
      this.diagnose(
        'unresolved-function-pointer',
        'info',
        `call through '${fn?.text ?? call.text}' is not resolved; it is opaque`,
        call,
      );
      return [];
    }
    const lockApi = catalogue.locks[name];
    if (lockApi !== undefined) {
      const path = this.lockPath(
        args[lockApi.arg],
        call,
        name,
        'suffix' in lockApi ? lockApi.suffix : undefined,
      );
      if (path === undefined) return [];
      if (lockApi.kind === 'unlock') return [{ op: 'unlock', lock: path, mode: lockApi.mode, loc }];
      if (lockApi.kind === 'lock') return [{ op: 'lock', lock: path, mode: lockApi.mode, loc }];
      const local = result ?? this.fresh('ret');
      this.locals.add(local);
      return [
        {
          op: 'lock',
          lock: path,
          mode: lockApi.mode,
          mayFail: {
            result: local,
            successValue: lockApi.successValue,
            failureValue: lockApi.failureValue,
            blocks: lockApi.blocks,
          },
          loc,
        },
      ];
    }
    if (catalogue.srcuReadLock.includes(name) || catalogue.srcuReadUnlock.includes(name)) {
      const srcu = this.srcuPath(args[0], call);
      if (srcu === undefined) return [];
      return catalogue.srcuReadLock.includes(name)
        ? [{ op: 'srcu_read_lock', srcu, ...resultField, loc }]
        : [{ op: 'srcu_read_unlock', srcu, loc }];
    }
    const sync = catalogue.synchronizeSrcu[name];
    if (sync !== undefined) {
      const srcu = this.srcuPath(args[0], call);
      if (srcu === undefined) return [{ op: 'might_sleep', reason: `${name}()`, loc }];
      return [{ op: 'synchronize_srcu', srcu, expedited: sync.expedited, loc }];
    }
    const assertMode = catalogue.asserts[name];
    if (assertMode !== undefined) {
      const path = this.lockPath(args[0], call, undefined);
      return path === undefined
        ? []
        : [{ op: 'assert_held', lock: path, mode: assertMode, api: name, loc }];
    }
    const warn = catalogue.warns[name];
    if (warn !== undefined) {
      const cond = this.operand(args[warn.arg]);
      return [
        ...cond.pre,
        { op: 'warn', cond: cond.expr, api: name, fatal: warn.fatal, ...resultField, loc },
      ];
    }
    const freeApi = catalogue.frees[name];
    if (freeApi !== undefined) {
      const object = this.operand(args[freeApi === 'kmem_cache_free' ? 1 : 0]);
      return [...object.pre, { op: 'free', object: object.expr, api: freeApi, loc }];
    }
    const alloc = catalogue.allocs[name];
    if (alloc !== undefined) {
      const local = result ?? this.fresh('alloc');
      this.locals.add(local);
      return [
        {
          op: 'alloc',
          target: { kind: 'local', name: local },
          object: name,
          api: name,
          mightSleep: alloc.gfpArg < 0 || this.gfpMightSleep(args[alloc.gfpArg]),
          mayFail: true,
          loc,
        },
      ];
    }
    const topup = catalogue.cacheTopup[name];
    if (topup !== undefined) {
      const cache = this.addressPath(args[0] ?? call);
      if (cache === undefined) {
        this.diagnose(
          'unresolved-cache',
          'warning',
          `cannot tell which memory cache '${args[0]?.text}' is`,
          call,
        );
        return [];
      }
      const capacity =
        topup.capacityArg === 'default'
          ? { pre: [], expr: { kind: 'const', value: KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE } as Expr }
          : this.operand(args[topup.capacityArg]);
      const min = this.operand(args[topup.minArg]);
      return [
        ...capacity.pre,
        ...min.pre,
        { op: 'cache_topup', cache, capacity: capacity.expr, min: min.expr, ...resultField, loc },
      ];
    }
    if (catalogue.cacheAlloc.includes(name) || catalogue.cacheFree.includes(name)) {
      const cache = this.addressPath(args[0] ?? call);
      if (cache === undefined) {
        this.diagnose(
          'unresolved-cache',
          'warning',
          `cannot tell which memory cache '${args[0]?.text}' is`,
          call,
        );
        return [];
      }
      return catalogue.cacheAlloc.includes(name)
        ? [{ op: 'cache_alloc', cache, ...resultField, loc }]
        : [{ op: 'cache_free', cache, loc }];
    }
    const fixed = catalogue.statements[name];
    if (fixed !== undefined) return [{ ...fixed, loc } as Stmt];
    if (catalogue.mightSleep.includes(name))
      return [{ op: 'might_sleep', reason: `${name}()`, loc }];
    const resched = catalogue.condReschedLock[name];
    if (resched !== undefined) {
      const path = this.lockPath(args[0], call, name);
      if (path === undefined) return [{ op: 'might_sleep', reason: `${name}()`, loc }];
      return [
        { op: 'unlock', lock: path, mode: resched, loc },
        { op: 'might_sleep', reason: `${name}()`, loc },
        { op: 'lock', lock: path, mode: resched, loc },
      ];
    }
    const world = catalogue.world[name];
    if (world !== undefined) {
      const lowered = args.map((arg) => this.expr(arg));
      const cacheArg = catalogue.worldCaches[name];
      const cache =
        cacheArg === undefined || args[cacheArg] === undefined
          ? undefined
          : this.addressPath(args[cacheArg]);
      const consumes: Stmt[] = cache === undefined ? [] : [{ op: 'cache_alloc', cache, loc }];
      return [
        ...consumes,
        ...lowered.flatMap((arg) => arg.pre),
        { op: 'world', action: world, args: lowered.map((arg) => arg.expr), ...resultField, loc },
      ];
    }
    if (name in catalogue.writes) {
      const path =
        this.pointee(args[catalogue.writes[name] ?? 0] ?? call) ??
        this.path(args[catalogue.writes[name] ?? 0] ?? call);
      return path === undefined ? [] : [{ op: 'access', path, mode: 'write', loc }];
    }
    if (name in catalogue.reads) {
      const path = this.pointee(args[catalogue.reads[name] ?? 0] ?? call);
      return path === undefined ? [] : [{ op: 'access', path, mode: 'read', loc }];
    }
    if (catalogue.invisible.includes(name) || catalogue.helpers.includes(name)) return undefined;
    // A call to any other function: inlined by the simulator when the analysis set defines it,
    // opaque (with a diagnostic at program level) when it does not.
    const lowered = args.map((arg) => this.expr(arg));
    if (name === this.name)
      this.diagnose(
        'recursion',
        'info',
        `${name} calls itself; the simulator cuts the recursion`,
        call,
      );
    return [
      ...lowered.flatMap((arg) => arg.pre),
      { op: 'call', callee: name, args: lowered.map((arg) => arg.expr), ...resultField, loc },
    ];
  }

  // ---- statements ------------------------------------------------------------

  /** A block's statements; guard() takes the rest of the block as its scope. */
  block(nodes: readonly Node[]): Stmt[] {
    const out: Stmt[] = [];
    for (let index = 0; index < nodes.length; index += 1) {
      const node = nodes[index] as Node;
      if (node.type === 'comment') continue;
      const guard = this.guardCall(node);
      if (guard?.srcu === true) {
        // guard(srcu)(&kvm->srcu): a read section to the end of the block.
        const srcu = this.srcuPath(guard.lockArg, guard.call);
        const rest = this.block(nodes.slice(index + 1));
        if (srcu === undefined) return [...out, ...rest];
        const loc = this.loc(node);
        return [
          ...out,
          { op: 'srcu_read_lock', srcu, loc },
          { op: 'scope', body: rest, cleanup: [{ op: 'srcu_read_unlock', srcu, loc }], loc },
        ];
      }
      if (guard?.section !== undefined) {
        // guard(preempt)(): an atomic section to the end of the block.
        const loc = this.loc(node);
        const rest = this.block(nodes.slice(index + 1));
        out.push(...atomicScope(guard.section, guard.api, rest, loc));
        return out;
      }
      if (guard !== undefined) {
        const path = this.lockPath(guard.lockArg, guard.call, guard.lockClass);
        const rest = this.block(nodes.slice(index + 1));
        if (path === undefined) return [...out, ...rest];
        const loc = this.loc(node);
        out.push(
          { op: 'lock', lock: path, mode: guard.mode, loc },
          {
            op: 'scope',
            body: rest,
            cleanup: [{ op: 'unlock', lock: path, mode: guard.mode, loc }],
            loc,
          },
        );
        return out;
      }
      // `scoped_guard(...) { }` and `list_for_each_entry(...) { }` parse as a call missing its
      // semicolon followed by a statement: the two belong together.
      const braceless = this.bracelessMacro(node);
      if (braceless !== undefined) {
        out.push(...braceless);
        continue;
      }
      // A label may sit on the macro (`out_unlock: kvm_for_each_vcpu(...) {`): it labels the loop.
      const labelled =
        node.type === 'labeled_statement'
          ? children(node).filter((child) => child.type !== 'statement_identifier')
          : undefined;
      const macro =
        labelled === undefined
          ? this.blockMacro(node)
          : labelled.length === 1 && labelled[0] !== undefined
            ? this.blockMacro(labelled[0])
            : undefined;
      if (macro !== undefined) {
        if (labelled !== undefined)
          out.push({ op: 'label', name: field(node, 'label')?.text ?? '', loc: this.loc(node) });
        const next = nodes[index + 1];
        const body = next === undefined ? [] : this.statement(next);
        index += 1;
        out.push(...this.blockMacroStatements(macro.call, macro.name, body));
        continue;
      }
      out.push(...this.statement(node));
    }
    return out;
  }

  /**
   * `guard(class)(&lock)`: a lock class of the catalogue, `srcu`, an atomic
   * section (preempt, irq), or a section the IR does not track (rcu), said once.
   */
  private guardCall(node: Node):
    | {
        call: Node;
        lockArg: Node | undefined;
        mode: LockMode;
        lockClass: string;
        srcu?: false;
        section?: undefined;
      }
    | { call: Node; lockArg: Node | undefined; srcu: true }
    | { call: Node; section: string; api: string; srcu?: false }
    | undefined {
    if (node.type !== 'expression_statement') return undefined;
    const call = children(node)[0];
    if (call?.type !== 'call_expression') return undefined;
    const fn = field(call, 'function');
    if (fn?.type !== 'call_expression' || calleeName(fn) !== 'guard') return undefined;
    const lockClass = argumentsOf(fn)[0]?.text ?? '';
    if (lockClass === 'srcu') return { call, lockArg: argumentsOf(call)[0], srcu: true };
    const section = this.options.catalogue.atomicSectionGuards[lockClass];
    if (section !== undefined) return { call, section, api: `guard(${lockClass})` };
    const mode = this.options.catalogue.guardClasses[lockClass];
    if (mode === undefined) {
      if (this.options.catalogue.untrackedGuardClasses.includes(lockClass))
        this.diagnose(
          'untracked-section',
          'info',
          `guard(${lockClass}) starts a section the model does not track (sleeping in it is not detected)`,
          node,
        );
      else
        this.diagnose(
          'unknown-guard-class',
          'warning',
          `guard(${lockClass}) is not a lock class the catalogue knows`,
          node,
        );
      return undefined;
    }
    return { call, lockArg: argumentsOf(call)[0], mode, lockClass };
  }

  /**
   * `scoped_guard(write_lock, &kvm->mmu_lock)\n\tstmt;` (a block macro whose
   * body has no braces) parses as one garbled expression. The text after the
   * macro call is parsed again on its own, padded so that every position is
   * the original one, and becomes the macro's body.
   */
  private bracelessMacro(node: Node): Stmt[] | undefined {
    if (node.type !== 'expression_statement' || !node.hasError) return undefined;
    let call: Node | null | undefined = children(node)[0];
    while (call !== null && call !== undefined && call.type !== 'call_expression')
      call = call.namedChildren[0];
    const name = call === null || call === undefined ? undefined : calleeName(call);
    if (
      call === null ||
      call === undefined ||
      name === undefined ||
      call.nextSibling?.type !== 'ERROR' ||
      !(name === 'scoped_guard' || isLoopMacro(this.options.catalogue, name))
    )
      return undefined;
    if (this.options.reparse === undefined) return undefined;
    const source = Buffer.from(this.definition.text);
    const from = call.endIndex - this.definition.startIndex;
    const to = node.endIndex - this.definition.startIndex;
    const text = source.subarray(from, to).toString();
    const { row, column } = call.endPosition;
    const tree = this.options.reparse(
      `void kvmsim_body(void) {${'\n'.repeat(row)}${' '.repeat(column)}${text}\n}`,
    );
    try {
      const body = tree.rootNode.descendantsOfType('compound_statement')[0];
      if (body === undefined || body === null) return undefined;
      const inner = this.block(body.namedChildren.filter((child) => child !== null));
      return this.blockMacroStatements(call, name, inner);
    } finally {
      tree.delete();
    }
  }

  private blockMacro(node: Node): { call: Node; name: string } | undefined {
    if (node.type !== 'expression_statement') return undefined;
    const call = children(node)[0];
    const name = call?.type === 'call_expression' ? calleeName(call) : undefined;
    if (call === undefined || name === undefined) return undefined;
    const missingSemicolon =
      node.lastChild?.isMissing === true || !node.text.trimEnd().endsWith(';');
    if (!missingSemicolon) return undefined;
    if (name === 'scoped_guard' || isLoopMacro(this.options.catalogue, name)) return { call, name };
    return undefined;
  }

  private blockMacroStatements(call: Node, name: string, body: Stmt[]): Stmt[] {
    const loc = this.loc(call);
    if (name === 'scoped_guard') {
      const [lockClass, lockArg] = argumentsOf(call);
      const section = this.options.catalogue.atomicSectionGuards[lockClass?.text ?? ''];
      if (section !== undefined)
        return atomicScope(section, `scoped_guard(${lockClass?.text})`, body, loc);
      const mode = this.options.catalogue.guardClasses[lockClass?.text ?? ''];
      if (mode === undefined) {
        this.diagnose(
          'unknown-guard-class',
          'warning',
          `scoped_guard(${lockClass?.text}) is not a lock class the catalogue knows`,
          call,
        );
        return body;
      }
      const path = this.lockPath(lockArg, call, lockClass?.text);
      if (path === undefined) return body;
      return [
        { op: 'lock', lock: path, mode, loc },
        { op: 'scope', body, cleanup: [{ op: 'unlock', lock: path, mode, loc }], loc },
      ];
    }
    return [{ op: 'loop', bound: this.options.loopBound, body, loc }];
  }

  statement(node: Node): Stmt[] {
    const loc = this.loc(node);
    switch (node.type) {
      case 'compound_statement':
        return this.block(children(node));
      case 'expression_statement': {
        const inner = children(node)[0];
        return inner === undefined ? [] : this.effect(inner);
      }
      case 'declaration':
        return children(node).flatMap((declarator) => {
          if (declarator.type !== 'init_declarator') return [];
          const name = declaredName(declarator);
          const value = field(declarator, 'value');
          if (name === undefined || value === undefined || this.aliases.has(name)) return [];
          return this.assignLocal(name, value, this.loc(declarator));
        });
      case 'if_statement': {
        const cond = this.operand(field(node, 'condition'));
        const then = this.optionalStatement(field(node, 'consequence'));
        const alternative = field(node, 'alternative');
        const otherwise =
          alternative === undefined
            ? []
            : this.statement(
                alternative.type === 'else_clause'
                  ? (children(alternative)[0] ?? alternative)
                  : alternative,
              );
        return [...cond.pre, { op: 'branch', cond: cond.expr, then, else: otherwise, loc }];
      }
      case 'else_clause':
        return children(node).flatMap((child) => this.statement(child));
      case 'for_statement': {
        const init = field(node, 'initializer');
        const pre =
          init === undefined
            ? []
            : init.type === 'declaration'
              ? this.statement(init)
              : this.effect(init);
        const condition = field(node, 'condition');
        const cond = condition === undefined ? undefined : this.expr(condition);
        const update = field(node, 'update');
        const body = this.statement(field(node, 'body') ?? node);
        return [
          ...pre,
          ...this.loop(cond, body, update === undefined ? [] : this.effect(update), node),
        ];
      }
      case 'while_statement': {
        const cond = this.operand(field(node, 'condition'));
        return this.loop(cond, this.statement(field(node, 'body') ?? node), [], node);
      }
      case 'do_statement': {
        // do { body } while (cond): a loop whose test comes after the body.
        const body = this.statement(field(node, 'body') ?? node);
        const cond = this.operand(field(node, 'condition'));
        const exit: Stmt = {
          op: 'branch',
          cond: { kind: 'not', operand: cond.expr },
          then: [{ op: 'break', loc }],
          else: [],
          loc,
        };
        return [
          { op: 'loop', bound: this.options.loopBound, body: [...body, ...cond.pre, exit], loc },
        ];
      }
      case 'return_statement': {
        const value = children(node)[0];
        if (value === undefined) return [{ op: 'return', loc }];
        const lowered = this.expr(value);
        return [...lowered.pre, { op: 'return', value: lowered.expr, loc }];
      }
      case 'break_statement':
        return [{ op: 'break', loc }];
      case 'continue_statement':
        return [{ op: 'continue', loc }];
      case 'goto_statement':
        return [{ op: 'goto', label: field(node, 'label')?.text ?? '', loc }];
      case 'labeled_statement': {
        const label = field(node, 'label')?.text ?? '';
        const inner = children(node).filter((child) => child.type !== 'statement_identifier');
        return [
          { op: 'label', name: label, loc },
          ...inner.flatMap((child) => this.statement(child)),
        ];
      }
      case 'switch_statement':
        return this.switchStatement(node);
      case 'comment':
      case 'type_definition':
      case 'struct_specifier':
        return [];
      case 'ERROR':
        this.diagnose(
          'parse-error',
          'warning',
          `cannot parse '${node.text.slice(0, 60).replace(/\s+/g, ' ')}'; skipped`,
          node,
        );
        return [];
      default:
        if (node.type.startsWith('preproc_')) {
          // #ifdef inside a body: both sides are code; modelling one would be a guess.
          this.diagnose(
            'preprocessor-in-body',
            'info',
            `${node.type} inside a function body; its branches are not modelled`,
            node,
          );
          return [];
        }
        if (node.type === 'function_definition') {
          // `for_each_possible_cpu(cpu) { struct page *p = ...; }` parses as a
          // nested function definition (C has none): an iterator and its body.
          const declarator = field(node, 'declarator');
          // Either `name(args)` as a declarator, or `name` as a type and `(args)` as one.
          const name =
            declarator?.type === 'function_declarator'
              ? field(declarator, 'declarator')?.text
              : declarator?.type === 'parenthesized_declarator'
                ? field(node, 'type')?.text
                : undefined;
          const body = field(node, 'body');
          if (name !== undefined && body !== undefined && isLoopMacro(this.options.catalogue, name))
            return [{ op: 'loop', bound: this.options.loopBound, body: this.statement(body), loc }];
          // `scoped_guard(irqsave) { }` parses the same way: a section with no lock argument.
          const guardClass =
            name === 'scoped_guard' && declarator?.type === 'parenthesized_declarator'
              ? declarator.namedChildren[0]?.text
              : undefined;
          const section =
            guardClass === undefined
              ? undefined
              : this.options.catalogue.atomicSectionGuards[guardClass];
          if (section !== undefined && body !== undefined)
            return atomicScope(section, `scoped_guard(${guardClass})`, this.statement(body), loc);
        }
        this.diagnose('unknown-statement', 'info', `${node.type} is not modelled`, node);
        return [];
    }
  }

  private loop(cond: Lowered | undefined, body: Stmt[], update: Stmt[], node: Node): Stmt[] {
    const loc = this.loc(node);
    if (cond !== undefined && cond.pre.length > 0) {
      this.diagnose(
        'loop-condition-effect',
        'info',
        'the loop condition calls a function; it is modelled as unknown',
        node,
      );
      return [
        {
          op: 'loop',
          bound: this.options.loopBound,
          body: [...cond.pre, ...body],
          update,
          cond: { kind: 'unknown', reason: 'loop condition with a call' },
          loc,
        },
      ];
    }
    return [
      {
        op: 'loop',
        bound: this.options.loopBound,
        body,
        update,
        ...(cond === undefined ? {} : { cond: cond.expr }),
        loc,
      },
    ];
  }

  private switchStatement(node: Node): Stmt[] {
    const value = this.operand(field(node, 'condition'));
    const body = field(node, 'body');
    const cases =
      body === undefined ? [] : children(body).filter((child) => child.type === 'case_statement');
    // Each case is one side of a chain of choices. A `break` of the switch
    // (not one of a loop inside it) leaves the switch: at the end of a case it
    // is dropped, anywhere else (`if (err) break;`) it jumps past the chain.
    const end = this.fresh('switch_end');
    let jumped = false;
    const leave = (stmts: readonly Stmt[]): Stmt[] =>
      stmts.map((stmt): Stmt => {
        switch (stmt.op) {
          case 'break':
            jumped = true;
            return { op: 'goto', label: end, loc: stmt.loc };
          case 'branch':
            return { ...stmt, then: leave(stmt.then), else: leave(stmt.else) };
          case 'scope':
            return { ...stmt, body: leave(stmt.body) };
          default:
            return stmt;
        }
      });
    // The value is read once, into a local each case compares with. Labels
    // with no statements of their own (`case A: case B: ...`) share the next
    // arm; `default` is what runs when no label matches, wherever it sits.
    const selector = this.fresh('switch');
    this.locals.add(selector);
    const arms: { tests: Expr[]; isDefault: boolean; body: Stmt[]; node: Node }[] = [];
    let pending: Expr[] = [];
    let pendingDefault = false;
    for (const arm of cases) {
      const label = field(arm, 'value');
      if (label === undefined) pendingDefault = true;
      else pending.push(this.caseTest(label, selector));
      const statements = children(arm).filter((child) => child.id !== label?.id);
      if (statements.length === 0) continue;
      const lowered = this.block(statements);
      const last = lowered.at(-1);
      arms.push({
        tests: pending,
        isDefault: pendingDefault,
        body: leave(last?.op === 'break' ? lowered.slice(0, -1) : lowered),
        node: arm,
      });
      pending = [];
      pendingDefault = false;
    }
    const fallback = arms.find((arm) => arm.isDefault)?.body ?? [];
    let chain: Stmt[] = fallback;
    for (let index = arms.length - 1; index >= 0; index -= 1) {
      const arm = arms[index];
      if (arm === undefined || arm.isDefault || arm.tests.length === 0) continue;
      const cond = arm.tests.reduce((left, right): Expr => ({
        kind: 'binary',
        op: '||',
        left,
        right,
      }));
      chain = [{ op: 'branch', cond, then: arm.body, else: chain, loc: this.loc(arm.node) }];
    }
    return [
      ...value.pre,
      {
        op: 'assign',
        target: { kind: 'local', name: selector },
        value: value.expr,
        loc: this.loc(node),
      },
      ...chain,
      ...(jumped ? [{ op: 'label' as const, name: end, loc: this.loc(node) }] : []),
    ];
  }

  /**
   * The test of one case label against the switch's value: `$switch == A`,
   * or for a GNU range `case A ... B:` (read as `$(A, B)`, see
   * blankCaseRanges) `A <= $switch && $switch <= B`.
   */
  private caseTest(label: Node, selector: string): Expr {
    const value: Expr = { kind: 'local', name: selector };
    const at = unwrap(label);
    const [low, high] = at.type === 'call_expression' ? argumentsOf(at) : [];
    if (calleeName(at) === CASE_RANGE_CALLEE && low !== undefined && high !== undefined)
      return {
        kind: 'binary',
        op: '&&',
        left: { kind: 'binary', op: '<=', left: this.operand(low).expr, right: value },
        right: { kind: 'binary', op: '<=', left: value, right: this.operand(high).expr },
      };
    return { kind: 'binary', op: '==', left: value, right: this.operand(label).expr };
  }

  private assignLocal(name: string, value: Node, loc: SourceLocation): Stmt[] {
    const call = unwrap(value);
    if (call.type === 'call_expression') {
      const target = this.callTarget(call);
      const alloc = target === undefined ? undefined : this.options.catalogue.allocs[target];
      if (alloc !== undefined && target !== undefined) {
        const args = argumentsOf(call);
        return [
          {
            op: 'alloc',
            target: { kind: 'local', name },
            object: name,
            api: target,
            mightSleep: alloc.gfpArg < 0 || this.gfpMightSleep(args[alloc.gfpArg]),
            mayFail: true,
            loc,
          },
        ];
      }
    }
    const lowered = this.expr(value);
    return [
      ...lowered.pre,
      { op: 'assign', target: { kind: 'local', name }, value: lowered.expr, loc },
    ];
  }

  /** An expression evaluated for its effect. */
  effect(node: Node): Stmt[] {
    const at = unwrap(node);
    const loc = this.loc(at);
    switch (at.type) {
      case 'call_expression':
        return this.callStatements(at) ?? [];
      case 'assignment_expression': {
        const left = unwrap(field(at, 'left') ?? at);
        const right = field(at, 'right') ?? at;
        const operator = field(at, 'operator')?.text ?? '=';
        if (
          left.type === 'identifier' &&
          (this.params.includes(left.text) || this.locals.has(left.text))
        ) {
          if (this.aliases.has(left.text)) return [];
          if (operator === '=') return this.assignLocal(left.text, right, loc);
          const lowered = this.expr(right);
          const op = operator.slice(0, -1);
          const value: Expr = (BINARY_OPERATORS as readonly string[]).includes(op)
            ? {
                kind: 'binary',
                op: op as BinaryOperator,
                left: { kind: 'local', name: left.text },
                right: lowered.expr,
              }
            : unknown(`operator ${operator}`);
          return [
            ...lowered.pre,
            { op: 'assign', target: { kind: 'local', name: left.text }, value, loc },
          ];
        }
        const path = this.path(left);
        if (path === undefined) {
          this.diagnose(
            'unresolved-store',
            'info',
            `cannot name the location '${left.text}' written here`,
            at,
          );
          // The value is still computed and stored somewhere: its fields are read.
          const value = this.expr(right);
          return [
            ...value.pre,
            ...fieldsRead(value.expr).map((read): Stmt => ({
              op: 'access',
              path: read,
              mode: 'read',
              loc,
            })),
          ];
        }
        const call = unwrap(right);
        const target = call.type === 'call_expression' ? this.callTarget(call) : undefined;
        const alloc = target === undefined ? undefined : this.options.catalogue.allocs[target];
        if (alloc !== undefined && target !== undefined) {
          const member = path.split(/[.[]/).filter(Boolean).at(-1) ?? target;
          return [
            {
              op: 'alloc',
              target: { kind: 'field', path },
              object: member,
              api: target,
              mightSleep: alloc.gfpArg < 0 || this.gfpMightSleep(argumentsOf(call)[alloc.gfpArg]),
              mayFail: true,
              loc,
            },
          ];
        }
        const lowered = this.expr(right);
        if (operator !== '=') return [...lowered.pre, { op: 'access', path, mode: 'write', loc }];
        return [
          ...lowered.pre,
          { op: 'assign', target: { kind: 'field', path }, value: lowered.expr, loc },
        ];
      }
      case 'update_expression': {
        const argument = unwrap(field(at, 'argument') ?? at);
        const operator = at.text.includes('++') ? '+' : '-';
        if (
          argument.type === 'identifier' &&
          (this.params.includes(argument.text) || this.locals.has(argument.text))
        )
          return [
            {
              op: 'assign',
              target: { kind: 'local', name: argument.text },
              value: {
                kind: 'binary',
                op: operator,
                left: { kind: 'local', name: argument.text },
                right: { kind: 'const', value: 1 },
              },
              loc,
            },
          ];
        const path = this.path(argument);
        return path === undefined ? [] : [{ op: 'access', path, mode: 'write', loc }];
      }
      case 'comma_expression':
        return children(at).flatMap((child) => this.effect(child));
      case 'conditional_expression':
      case 'binary_expression':
      case 'unary_expression':
        return this.expr(at).pre;
      default:
        return this.expr(at).pre;
    }
  }
}

/** `body` inside an atomic section entered and left by `api` (a guard: left on every exit). */
function atomicScope(section: string, api: string, body: Stmt[], loc: SourceLocation): Stmt[] {
  return [
    { op: 'atomic', section, enter: true, api, loc },
    { op: 'scope', body, cleanup: [{ op: 'atomic', section, enter: false, api, loc }], loc },
  ];
}
