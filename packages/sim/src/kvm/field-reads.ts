// Which fields a program can ever read back. A scalar stored into a field no
// instruction of any thread reads cannot change what happens next: the store
// still counts as an access (data races, guarded-by rules and use after free
// look at the access, not at the value), but the world does not keep the
// value, so interleavings and paths that differ only in such stores are one
// state. Dead-variable reduction, as model checkers apply it to locals,
// applied to the shared fields of the world.
//
// A read is known by its path: an absolute one (`kvm.arch.flags`) reads that
// field; one relative to a local holding an address (`slot.npages`) may read
// any field ending in its rest; a read of the whole target of a local may
// read anything. Caches and locks are not fields. Object references are always
// kept: the use-after-free detector reads them back through every access below
// them.
import type { Path } from '@kvmsim/mmu-model';
import type { CompiledProgram } from '../program/compiled.js';

export class FieldReads {
  private readonly exact = new Set<Path>();
  private readonly suffixes = new Set<string>();
  private readonly anything: boolean;
  private readonly memo = new Map<Path, boolean>();

  constructor(program: CompiledProgram) {
    let anything = false;
    for (const fn of program.functions)
      for (const instr of fn.code) {
        if (instr.k !== 'read') continue;
        for (const target of instr.reads) {
          if (target.kind !== 'field') continue;
          const ref = target.path;
          if (ref.slot < 0) this.exact.add(ref.text);
          else if (ref.rest === '') anything = true;
          else this.suffixes.add(ref.rest);
        }
      }
    this.anything = anything;
  }

  /** Whether some instruction may read the field at `path`. */
  mayBeRead(path: Path): boolean {
    if (this.anything) return true;
    let read = this.memo.get(path);
    if (read === undefined) {
      read = this.exact.has(path);
      for (const rest of this.suffixes) {
        if (read) break;
        read = path.endsWith(rest);
      }
      this.memo.set(path, read);
    }
    return read;
  }
}
