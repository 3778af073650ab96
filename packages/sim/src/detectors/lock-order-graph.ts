// lockdep's rule, over every explored execution: taking lock B while holding
// lock A records the edge A -> B; a cycle in the graph is a potential
// deadlock even when no explored interleaving deadlocked. SRCU follows
// lockdep's model: a read section of S that takes L records S -> L, and
// synchronize_srcu(S) while holding L records L -> S (the synchroniser waits
// for readers, so it behaves as if it took S). Each edge keeps its first
// witness so the finding can show where both orders were taken.

export interface LockOrderEdge<Witness> {
  readonly from: string;
  readonly to: string;
  readonly witness: Witness;
}

export class LockOrderGraph<Witness> {
  private readonly edges = new Map<string, LockOrderEdge<Witness>>();

  /** Records `from -> to` (first witness wins). Taking a lock inside itself is not an order. */
  add(from: string, to: string, witness: Witness): void {
    if (from === to) return;
    const key = `${from}\u0000${to}`;
    if (!this.edges.has(key)) this.edges.set(key, { from, to, witness });
  }

  get size(): number {
    return this.edges.size;
  }

  /**
   * Every elementary cycle's edges, each cycle reported once, starting at its
   * smallest lock name, in a deterministic order.
   */
  cycles(): LockOrderEdge<Witness>[][] {
    const out = new Map<string, LockOrderEdge<Witness>[]>();
    for (const edge of [...this.edges.values()].sort((a, b) =>
      a.from + a.to < b.from + b.to ? -1 : 1,
    )) {
      out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
    }
    const nodes = [...out.keys()].sort();
    const cycles: LockOrderEdge<Witness>[][] = [];
    const seen = new Set<string>();
    for (const start of nodes) {
      // Only cycles whose smallest node is `start`, so each is found once.
      const path: LockOrderEdge<Witness>[] = [];
      const onPath = new Set<string>([start]);
      const walk = (node: string) => {
        for (const edge of out.get(node) ?? []) {
          if (edge.to === start) {
            const cycle = [...path, edge];
            const id = cycle.map((step) => step.from).join('>');
            if (!seen.has(id)) {
              seen.add(id);
              cycles.push(cycle);
            }
          } else if (edge.to > start && !onPath.has(edge.to)) {
            onPath.add(edge.to);
            path.push(edge);
            walk(edge.to);
            path.pop();
            onPath.delete(edge.to);
          }
        }
      };
      walk(start);
    }
    return cycles;
  }
}
