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
  /** Bumped by every change of the mappings. */
  version = 0;

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
      this.version += 1;
    }
  }

  /**
   * Pages to split one block of `level` into blocks of `leafLevel`: a table
   * per level in between, fully populated (one when leafLevel = level + 1).
   */
  splitCostTo(level: number, leafLevel: number): number {
    if (leafLevel >= LAST_LEVEL) return this.splitCost(level);
    if (level >= leafLevel) return 0;
    return (
      1 +
      (level + 1 < leafLevel ? this.entriesPerTable * this.splitCostTo(level + 1, leafLevel) : 0)
    );
  }

  /**
   * kvm_pgtable_stage2_split(pgt, addr, size, mc): every block intersecting the
   * range is replaced by a subtree of `leafLevel` mappings (pages by default,
   * as the kernel does; a shallower leaf level models a first pass that stops
   * at smaller blocks). 0, or -ENOMEM when the source ran short.
   */
  split(ipa: number, size: number, source: PageSource, leafLevel = LAST_LEVEL): number {
    for (const { entries, index, node, from } of this.blocksIn(ipa, ipa + size)) {
      const result = this.splitBlock(
        entries,
        index,
        node,
        from,
        ipa,
        ipa + size,
        source,
        leafLevel,
      );
      if (result !== 0) return result;
    }
    return 0;
  }

  /**
   * stage2_split_walker on one block: the whole subtree when the cache holds
   * its pages; otherwise, as the kernel does without force_pte, one table of
   * next-level blocks for one page, whose blocks inside the range the walk
   * then splits in turn. -ENOMEM only when not even one page is there.
   */
  private splitBlock(
    entries: Map<number, Node>,
    index: number,
    node: Extract<Node, { kind: 'block' }>,
    at: number,
    start: number,
    end: number,
    source: PageSource,
    leafLevel: number,
  ): number {
    const cost = this.splitCostTo(node.level, leafLevel);
    if (cost === 0) return 0;
    const whole = source.available >= cost;
    if (!whole && source.available < 1) return ENOMEM_SPLIT;
    const taken = whole ? cost : 1;
    source.take(taken);
    this.counters.pagesTakenFromCache += taken;
    this.counters.tablePagesLive += taken;
    this.counters.breakBeforeMake += 1;
    this.counters.tlbInvalidations += 1;
    this.version += 1;
    if (whole) {
      entries.set(index, this.subtree(node.level, node.output, leafLevel));
      return 0;
    }
    const table = this.subtree(node.level, node.output, node.level + 1);
    entries.set(index, table);
    if (table.kind !== 'table') return 0;
    const childSize = this.size(node.level + 1);
    for (const [childIndex, child] of [...table.entries]) {
      const from = at + childIndex * childSize;
      if (from + childSize <= start || from >= end || child.kind !== 'block') continue;
      const result = this.splitBlock(
        table.entries,
        childIndex,
        child,
        from,
        start,
        end,
        source,
        leafLevel,
      );
      if (result !== 0) return result;
    }
    return 0;
  }

  /** The table replacing a block of `level` at `output`, with blocks of `leafLevel` below. */
  private subtree(level: number, output: number, leafLevel: number): Node {
    if (leafLevel >= LAST_LEVEL) return { kind: 'uniform', level: level + 1, output };
    const entries = new Map<number, Node>();
    const childSize = this.size(level + 1);
    for (let index = 0; index < this.entriesPerTable; index += 1) {
      const childOutput = output + index * childSize;
      entries.set(
        index,
        level + 1 >= leafLevel
          ? { kind: 'block', level: level + 1, output: childOutput }
          : this.subtree(level + 1, childOutput, leafLevel),
      );
    }
    return { kind: 'table', level: level + 1, entries };
  }

  /**
   * A canonical text of the mappings (not the counters): two tables with the
   * same text map the same way, so a run may reuse what one call did on it.
   */
  encode(): string {
    const node = (entry: Node): string =>
      entry.kind === 'block'
        ? `b${entry.level}:${entry.output}`
        : entry.kind === 'uniform'
          ? `u${entry.level}:${entry.output}`
          : `t${entry.level}(${entries(entry.entries)})`;
    const entries = (map: Map<number, Node>): string =>
      [...map]
        .sort(([a], [b]) => a - b)
        .map(([index, entry]) => `${index}=${node(entry)}`)
        .join(',');
    return entries(this.root);
  }

  /** kvm_pgtable_stage2_destroy(pgt): every table page below the start level is freed. */
  destroy(): void {
    for (const node of this.root.values())
      this.counters.tablePagesLive -= this.tablePagesBelow(node);
    this.root.clear();
    this.version += 1;
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
          this.version += 1;
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
      from: number;
    }[] = [];
    const walk = (entries: Map<number, Node>, level: number, base: number) => {
      const size = this.size(level);
      // Only the indices the range covers, in order: a small range in a full
      // table looks at a few entries, not all of them.
      const first = Math.max(0, Math.floor((start - base) / size));
      const last = Math.floor((end - 1 - base) / size);
      const visit = (index: number, node: Node) => {
        const from = base + index * size;
        if (from + size <= start || from >= end) return;
        if (node.kind === 'block') found.push({ entries, index, node, from });
        else if (node.kind === 'table') walk(node.entries, level + 1, from);
      };
      if (last - first + 1 <= entries.size) {
        for (let index = first; index <= last; index += 1) {
          const node = entries.get(index);
          if (node !== undefined) visit(index, node);
        }
      } else {
        for (const [index, node] of [...entries].sort(([a], [b]) => a - b)) visit(index, node);
      }
    };
    walk(this.root, this.geometry.startLevel, 0);
    yield* found;
  }
}
