// Paths of the world: `kvm.arch.mmu.split_page_cache`, `kvm.arch.nested_mmus[*].pgt`.
import type { Path } from '@kvmsim/mmu-model';

/** Proper prefixes of a path at member and element boundaries: `a.b[*].c` → `a`, `a.b`, `a.b[*]`. */
export function pathPrefixes(path: Path): Path[] {
  const out: Path[] = [];
  for (let index = 1; index < path.length; index += 1) {
    const char = path[index];
    if (char === '.' || char === '[') out.push(path.slice(0, index));
    else if (char === ']' && index + 1 < path.length) out.push(path.slice(0, index + 1));
  }
  return [...new Set(out)];
}

/** Whether `path` is `prefix` or lies below it. */
export function pathWithin(path: Path, prefix: Path): boolean {
  return (
    path === prefix ||
    (path.startsWith(prefix) && (path[prefix.length] === '.' || path[prefix.length] === '['))
  );
}
