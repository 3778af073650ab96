// The input of the extractor: the text of the files of one revision.

/**
 * The C sources of one revision, keyed by repository-relative path
 * (`arch/arm64/kvm/mmu.c`). Text only: nothing in it is ever compiled or run.
 */
export type SourceSet = ReadonlyMap<string, string>;

/** Builds a `SourceSet` from a plain object, e.g. one read back from JSON. */
export function sourceSetFromRecord(record: Readonly<Record<string, string>>): SourceSet {
  return new Map(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
