// The two-pass alternative Sean suggests in the seed thread: split 1G blocks
// to 2M first, then 2M blocks to pages, topping up between chunks of each
// pass. The cache then needs only the pages of one pass's chunk, at the price
// of more topups, and each topup drops and retakes mmu_lock
// (kvm_mmu_split_huge_pages: write_unlock, __kvm_mmu_topup_memory_cache,
// write_lock). With a first block level of 2 (16K, 64K granules) there is one
// pass only and nothing changes.
import { formatSize } from '../geometry/granule.js';
import type { Stage2Geometry } from '../geometry/stage2-geometry.js';
import { POINTER_BYTES, splitNrPageTables } from './split-cache-capacity.js';

export interface TwoPassFigures {
  readonly chunkSize: number;
  /** Capacity one pass needs: its largest per-chunk demand. */
  readonly capacity: number;
  readonly totalBytes: number;
  /** Topups (so mmu_lock drops) to split one chunk, if each one empties the cache. */
  readonly topupsPerChunk: number;
  /** The same two figures for today's single pass, for comparison. */
  readonly singlePass: { readonly capacity: number; readonly topupsPerChunk: number };
  readonly derivation: readonly string[];
}

export function twoPassFigures(geometry: Stage2Geometry, chunkSize: number): TwoPassFigures {
  const single = {
    capacity: splitNrPageTables(geometry, chunkSize),
    topupsPerChunk: chunkSize > 0 ? 1 : 0,
  };
  const bytes = (capacity: number) => capacity * (geometry.pageSize + POINTER_BYTES);
  if (geometry.minBlockLevel >= 2 || chunkSize < geometry.pudSize) {
    return {
      chunkSize,
      ...single,
      totalBytes: bytes(single.capacity),
      singlePass: single,
      derivation: ['one block level below the chunk: a second pass changes nothing'],
    };
  }
  const firstPass = Math.ceil(chunkSize / geometry.pudSize); // one level-2 table per 1G block
  const secondPassChunks = Math.ceil(chunkSize / geometry.pmdSize); // then one level-3 table per 2M block
  const capacity = Math.max(firstPass, 1);
  return {
    chunkSize,
    capacity,
    totalBytes: bytes(capacity),
    topupsPerChunk: 1 + secondPassChunks,
    singlePass: single,
    derivation: [
      `pass 1: ${formatSize(chunkSize)} of ${formatSize(geometry.pudSize)} blocks -> ${formatSize(geometry.pmdSize)} blocks, ${firstPass} page(s), 1 topup`,
      `pass 2: ${secondPassChunks} blocks of ${formatSize(geometry.pmdSize)} -> pages, 1 page and 1 topup each`,
      `capacity ${capacity} instead of ${single.capacity}; ${1 + secondPassChunks} topups (mmu_lock drops) instead of ${single.topupsPerChunk}`,
    ],
  };
}
