// Which files of a pull request make it a KVM arm64 pull request.
import picomatch from 'picomatch';

/** The paths whose change triggers an analysis, unless the repository's config says otherwise. */
export const DEFAULT_KVM_PATHS: readonly string[] = [
  'arch/arm64/kvm/**',
  'virt/kvm/**',
  'include/linux/kvm_host.h',
  'arch/arm64/include/asm/kvm_*.h',
];

/** The changed files that match any of `patterns` (globs, `**` across folders). */
export function matchingPaths(
  changedFiles: readonly string[],
  patterns: readonly string[] = DEFAULT_KVM_PATHS,
): string[] {
  const isMatch = picomatch([...patterns], { dot: true });
  return changedFiles.filter((file) => isMatch(file));
}
