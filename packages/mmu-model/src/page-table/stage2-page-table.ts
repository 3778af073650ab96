// A stage-2 page table, mirroring arch/arm64/kvm/hyp/pgtable.c closely enough
// to count what the kernel spends: kvm_pgtable_stage2_map() installing blocks,
// kvm_pgtable_stage2_split() (stage2_split_walker) turning each block into a
// fully populated subtree down to pages, and unmap. A split takes, per block
// at level L, exactly stage2_block_get_nr_page_tables(L) pages from the cache,
// and only when the cache holds that many (otherwise -ENOMEM, as the kernel's
// `if (mc->nobjs >= nr_pages)` check); each replaced block costs one
// break-before-make and one TLB invalidation.
//
// A table freshly created by a split maps contiguous output with identical
// entries; it is kept as one "uniform" node, so splitting 64 GiB of 1 GiB
// blocks down to 4 KiB pages costs a few objects, not sixteen million.
import { granuleShift, LAST_LEVEL, type Stage2Geometry } from '../geometry/stage2-geometry.js';

/** Where split pages come from: the split cache, or anything that counts like it. */
export interface PageSource {
  /** Pages available now (mc->nobjs). */
  readonly available: number;
  /** Takes `count` pages; called only when `available >= count`. */
  take(count: number): void;
}

type Node =
  | { readonly kind: 'block'; readonly level: number; readonly output: number }
  | { readonly kind: 'table'; readonly level: number; readonly entries: Map<number, Node> }
  /** A table whose every entry maps contiguous output at its level, fully split to pages below. */
  | { readonly kind: 'uniform'; readonly level: number; readonly output: number };

export interface PageTableCounters {
  /** Table pages allocated and not freed (the start-level tables included). */
  tablePagesLive: number;
  /** Table pages taken from a PageSource by splits. */
  pagesTakenFromCache: number;
  tlbInvalidations: number;
  breakBeforeMake: number;
}

export const ENOMEM_SPLIT = -12;

export class Stage2PageTable {
  private readonly root: Map<number, Node> = new Map();
  readonly counters: PageTableCounters;

  constructor(readonly geometry: Stage2Geometry) {
    this.counters = {
      tablePagesLive: geometry.concatenatedStartTables,
      pagesTakenFromCache: 0,
      tlbInvalidations: 0,
      breakBeforeMake: 0,
    };
  }

  private size(level: number): number {
    return 2 ** granuleShift(this.geometry.pageShift, level);
  }

  private get entriesPerTable(): number {
    return 2 ** this.geometry.bitsPerLevel;
  }

  /** Pages to split one block of `level` fully to pages: stage2_block_get_nr_page_tables(). */
  splitCost(level: number): number {
    if (level >= LAST_LEVEL) return 0;
    return 1 + (level + 1 < LAST_LEVEL ? this.entriesPerTable * this.splitCost(level + 1) : 0);
  }

  /** Maps [ipa, ipa + size) with blocks (or pages) of `level`, output = ipa + offset. */
  map(ipa: number, size: number, level: number, offset = 0): void {
    const blockSize = this.size(level);
    if (level < this.geometry.minBlockLevel)
      throw new RangeError(`level ${level} cannot hold blocks`);
    if (ipa % blockSize !== 0 || size % blockSize !== 0) {
      throw new RangeError(`map of ${size} bytes at ${ipa} is not aligned to level ${level}`);
    }
    for (let address = ipa; address < ipa + size; address += blockSize) {
      const parent = this.tableFor(address, level);
      parent.set(this.index(address, level), { kind: 'block', level, output: address + offset });
    }
  }

  /** kvm_pgtable_stage2_split(pgt, addr, size, mc): 0, or -ENOMEM when the source ran short. */
  split(ipa: number, size: number, source: PageSource): number {
    for (const { entries, index, node } of this.blocksIn(ipa, ipa + size)) {
      const cost = this.splitCost(node.level);
      if (cost === 0) continue;
      if (source.available < cost) return ENOMEM_SPLIT;
      source.take(cost);
      this.counters.pagesTakenFromCache += cost;
      this.counters.tablePagesLive += cost;
      this.counters.breakBeforeMake += 1;
      this.counters.tlbInvalidations += 1;
      entries.set(index, { kind: 'uniform', level: node.level + 1, output: node.output });
    }
    return 0;
  }

  /**
   * Unmaps [ipa, ipa + size): every entry wholly inside the range is removed,
   * and the table pages below it are freed. An entry only partly inside would
   * need a split first, as in the kernel; that is a RangeError here.
   */
  unmap(ipa: number, size: number): void {
    const end = ipa + size;
    const walk = (entries: Map<number, Node>, level: number, base: number) => {
      const entrySize = this.size(level);
      for (const [index, node] of [...entries].sort(([a], [b]) => a - b)) {
        const from = base + index * entrySize;
        if (from + entrySize <= ipa || from >= end) continue;
        if (from >= ipa && from + entrySize <= end) {
          entries.delete(index);
          this.counters.tablePagesLive -= this.tablePagesBelow(node);
          this.counters.tlbInvalidations += 1;
        } else if (node.kind === 'table') {
          walk(node.entries, level + 1, from);
        } else {
          throw new RangeError(
            `unmap of ${size} bytes at ${ipa} cuts a level-${level} ${node.kind} mapping`,
          );
        }
      }
    };
    walk(this.root, this.geometry.startLevel, 0);
  }

  /** Table pages a node holds: a table and everything under it. */
  private tablePagesBelow(node: Node): number {
    if (node.kind === 'block') return 0;
    if (node.kind === 'uniform') return this.splitCost(node.level - 1);
    let pages = 1;
    for (const child of node.entries.values()) pages += this.tablePagesBelow(child);
    return pages;
  }

  /** The output address of `ipa`, or undefined when unmapped. */
  translate(ipa: number): number | undefined {
    const leaf = this.leaf(ipa);
    if (leaf === undefined) return undefined;
    // A block maps its whole size; a uniform table maps its parent block's range contiguously.
    const span = leaf.node.kind === 'block' ? this.size(leaf.level) : this.size(leaf.level - 1);
    return leaf.node.output + (ipa % span);
  }

  /** Leaf size mapping `ipa` (a page after a split), or undefined. */
  leafSize(ipa: number): number | undefined {
    const leaf = this.leaf(ipa);
    if (leaf === undefined) return undefined;
    return leaf.node.kind === 'block' ? this.size(leaf.level) : this.size(LAST_LEVEL);
  }

  /** The block or uniform table that maps `ipa`, and the level of its entry. */
  private leaf(ipa: number): { node: Exclude<Node, { kind: 'table' }>; level: number } | undefined {
    let entries = this.root;
    for (let level = this.geometry.startLevel; level <= LAST_LEVEL; level += 1) {
      const node = entries.get(this.index(ipa, level));
      if (node === undefined) return undefined;
      if (node.kind !== 'table')
        return { node, level: node.kind === 'uniform' ? node.level : level };
      entries = node.entries;
    }
    return undefined;
  }

  private index(ipa: number, level: number): number {
    const shift = granuleShift(this.geometry.pageShift, level);
    const entries =
      level === this.geometry.startLevel
        ? this.entriesPerTable * this.geometry.concatenatedStartTables
        : this.entriesPerTable;
    return Math.floor(ipa / 2 ** shift) % entries;
  }

  /** The table that holds the entry of `level` for `ipa`, creating tables above it. */
  private tableFor(ipa: number, level: number): Map<number, Node> {
    let entries = this.root;
    for (let current = this.geometry.startLevel; current < level; current += 1) {
      const index = this.index(ipa, current);
      const node = entries.get(index);
      if (node === undefined || node.kind !== 'table') {
        if (node !== undefined)
          throw new RangeError(`ipa ${ipa} is already mapped at level ${current}`);
        const table: Node = { kind: 'table', level: current + 1, entries: new Map() };
        entries.set(index, table);
        this.counters.tablePagesLive += 1;
        entries = table.entries;
      } else {
        entries = node.entries;
      }
    }
    return entries;
  }

  /** Every block entry (not yet split) intersecting [start, end), in address order. */
  private *blocksIn(start: number, end: number) {
    const found: {
      entries: Map<number, Node>;
      index: number;
      node: Extract<Node, { kind: 'block' }>;
    }[] = [];
    const walk = (entries: Map<number, Node>, level: number, base: number) => {
      const size = this.size(level);
      for (const [index, node] of [...entries].sort(([a], [b]) => a - b)) {
        const from = base + index * size;
        if (from + size <= start || from >= end) continue;
        if (node.kind === 'block') found.push({ entries, index, node });
        else if (node.kind === 'table') walk(node.entries, level + 1, from);
      }
    };
    walk(this.root, this.geometry.startLevel, 0);
    yield* found;
  }
}
