// One analysis per pull request at a time, newest push wins. When a push
// arrives while an older push of the same pull request is still being
// analysed, the older run is superseded: its result is never posted. Writes
// for one pull request are serialised, so two racing synchronize events can
// never both find "no comment yet" and create two.

export interface RunToken {
  readonly key: string;
  readonly generation: number;
  readonly headSha: string;
}

export class RunRegistry {
  private readonly generations = new Map<string, number>();
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Registers a new run for `key` (owner/repo#number); every older run of it is superseded. */
  start(key: string, headSha: string): RunToken {
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    return { key, generation, headSha };
  }

  /** Whether the run is still the newest for its pull request. */
  isCurrent(token: RunToken): boolean {
    return this.generations.get(token.key) === token.generation;
  }

  /**
   * Runs `write` after every earlier write for the same pull request, and only
   * if `token` is still current when its turn comes. Resolves to whether it ran.
   */
  async serialise(token: RunToken, write: () => Promise<void>): Promise<boolean> {
    const previous = this.tails.get(token.key) ?? Promise.resolve();
    const turn = previous.then(async () => {
      if (!this.isCurrent(token)) return false;
      await write();
      return true;
    });
    const tail = turn.catch(() => undefined);
    this.tails.set(token.key, tail);
    try {
      return await turn;
    } finally {
      if (this.tails.get(token.key) === tail) this.tails.delete(token.key);
    }
  }
}
