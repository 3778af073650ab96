// data-race: two threads poised at conflicting accesses (one a write) to the
// same memory, back to back, with no common lock (a lock held in common would
// have kept one of them from standing there).
import type { Path } from '@kvmsim/mmu-model';
import type { Violation } from '../kvm/observation.js';
import type { PoisedAccess } from '../kvm/sim-state.js';

const NO_RACES: readonly Violation[] = Object.freeze([]);

/**
 * Whether two paths name overlapping memory: one is the other or a member of
 * it, without going through an array element. `kvm.arch.mmu.split_page_cache`
 * and its `.nobjs` overlap, but `kvm.arch.nested_mmus[*].pgt` is memory the
 * pointer `kvm.arch.nested_mmus` points to, not the pointer itself.
 */
export function sameMemory(a: Path, b: Path): boolean {
  const short = a.length <= b.length ? a : b;
  const long = short === a ? b : a;
  if (!long.startsWith(short)) return false;
  if (long.length === short.length) return true;
  return long[short.length] === '.' && !long.includes('[', short.length);
}

/** The races of threads `a` and `b` (named by `name`) poised at `lefts` and `rights`. */
export function dataRaces(
  a: number,
  b: number,
  lefts: readonly PoisedAccess[],
  rights: readonly PoisedAccess[],
  name: (thread: number) => string,
): readonly Violation[] {
  const out: Violation[] = [];
  for (const left of lefts) {
    for (const right of rights) {
      if (!(left.write || right.write)) continue;
      if (!sameMemory(left.path, right.path)) continue;
      const subject = left.path.length <= right.path.length ? left.path : right.path;
      const sites = [left.site, right.site];
      out.push({
        kind: 'data-race',
        rule: 'concurrent-access',
        key: `data-race|${subject}|${sites
          .map((s) => `${s.function}:${s.loc.line}`)
          .sort()
          .join('+')}`,
        message: `${name(a)} (${left.write ? 'write' : 'read'} in ${left.site.function}) and ${name(b)} (${right.write ? 'write' : 'read'} in ${right.site.function}) access ${subject} concurrently with no common lock`,
        threads: [a, b],
        sites,
        subject,
        then: [
          { thread: a, choice: 0 },
          { thread: b, choice: 0 },
        ],
      });
    }
  }
  return out.length === 0 ? NO_RACES : out;
}
