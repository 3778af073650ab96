// The eager-split cache's size, mirroring arch/arm64/kvm/mmu.c:
// kvm_mmu_split_nr_page_tables(range) gives the capacity of
// kvm->arch.mmu.split_page_cache for a chunk of KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE:
//
//	if (KVM_PGTABLE_MIN_BLOCK_LEVEL < 2)
//		n += DIV_ROUND_UP(range, PUD_SIZE);
//	n += DIV_ROUND_UP(range, PMD_SIZE);
//
// Splitting a chunk down to pages needs one new table per level-1 block
// (to hold its level-2 entries) and one per level-2 block (for its pages).
// The cache pins capacity pages plus the kvmalloc'd `objects` array of
// capacity pointers (__kvm_mmu_topup_memory_cache).
import { formatSize } from '../geometry/granule.js';
import { isBlockSizeSupported, type Stage2Geometry } from '../geometry/stage2-geometry.js';

/** Bytes of one entry of the cache's `objects` array (a `void *` on arm64). */
export const POINTER_BYTES = 8;

export interface SplitCacheFigures {
  readonly chunkSize: number;
  /** Pages the cache is topped up to: kvm_mmu_split_nr_page_tables(chunkSize). */
  readonly capacity: number;
  /** capacity × page size. */
  readonly pageBytes: number;
  /** capacity × 8: the `objects` array. */
  readonly arrayBytes: number;
  /** pageBytes + arrayBytes: what a full cache pins. */
  readonly totalBytes: number;
  /** Where each number comes from, line by line, in the kernel's terms. */
  readonly derivation: readonly string[];
}

/** The legal values of KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE: 0 (disabled) and each block size. */
export function legalChunkSizes(geometry: Stage2Geometry): number[] {
  return [0, ...geometry.blockSizes];
}

/** Whether kvm_vm_ioctl_enable_cap() accepts `chunkSize` (`!new_cap || kvm_is_block_size_supported(new_cap)`). */
export function isLegalChunkSize(geometry: Stage2Geometry, chunkSize: number): boolean {
  return chunkSize === 0 || isBlockSizeSupported(geometry, chunkSize);
}

/** kvm_mmu_split_nr_page_tables(range). */
export function splitNrPageTables(geometry: Stage2Geometry, range: number): number {
  let tables = 0;
  if (geometry.minBlockLevel < 2) tables += Math.ceil(range / geometry.pudSize);
  tables += Math.ceil(range / geometry.pmdSize);
  return tables;
}

/** Capacity and memory of the split cache for one chunk size, with its derivation. */
export function splitCacheFigures(geometry: Stage2Geometry, chunkSize: number): SplitCacheFigures {
  const page = formatSize(geometry.pageSize);
  const chunk = formatSize(chunkSize);
  const derivation: string[] = [];
  let capacity = 0;
  if (chunkSize > 0) {
    if (geometry.minBlockLevel < 2) {
      const pud = Math.ceil(chunkSize / geometry.pudSize);
      capacity += pud;
      derivation.push(
        `KVM_PGTABLE_MIN_BLOCK_LEVEL = ${geometry.minBlockLevel} < 2: DIV_ROUND_UP(${chunk}, PUD_SIZE ${formatSize(geometry.pudSize)}) = ${pud} level-2 table(s)`,
      );
    } else {
      derivation.push(
        `KVM_PGTABLE_MIN_BLOCK_LEVEL = ${geometry.minBlockLevel}: no level-1 blocks, no PUD term`,
      );
    }
    const pmd = Math.ceil(chunkSize / geometry.pmdSize);
    capacity += pmd;
    derivation.push(
      `DIV_ROUND_UP(${chunk}, PMD_SIZE ${formatSize(geometry.pmdSize)}) = ${pmd} level-3 table(s)`,
    );
  } else {
    derivation.push('chunk size 0: eager splitting disabled, the cache is never topped up');
  }
  const pageBytes = capacity * geometry.pageSize;
  const arrayBytes = capacity * POINTER_BYTES;
  derivation.push(
    `capacity ${capacity} × ${page} pages = ${pageBytes} bytes; objects array ${capacity} × ${POINTER_BYTES} = ${arrayBytes} bytes`,
  );
  return {
    chunkSize,
    capacity,
    pageBytes,
    arrayBytes,
    totalBytes: pageBytes + arrayBytes,
    derivation,
  };
}
