// Which files of a kernel tree the extractor reads by default.
import picomatch from 'picomatch';

export const DEFAULT_ANALYSIS_SET: readonly string[] = [
  'arch/arm64/kvm/**/*.c',
  '!arch/arm64/kvm/hyp/nvhe/**',
  'arch/arm64/kvm/hyp/pgtable.c',
  'virt/kvm/kvm_main.c',
  'include/linux/kvm_host.h',
  'arch/arm64/include/asm/kvm_host.h',
  'arch/arm64/include/asm/kvm_pgtable.h',
];

/** Whether `path` is in the analysis set given as globs (`!` excludes; a later include wins). */
export function isInAnalysisSet(
  path: string,
  globs: readonly string[] = DEFAULT_ANALYSIS_SET,
): boolean {
  let included = false;
  for (const glob of globs) {
    if (glob.startsWith('!')) {
      if (picomatch.isMatch(path, glob.slice(1))) included = false;
    } else if (picomatch.isMatch(path, glob)) included = true;
  }
  return included;
}
