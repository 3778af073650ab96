// What a progress display is told while the pipeline runs: each side's
// extraction, and each exploration as it starts, advances and ends. The CLI
// draws a bar from it; nothing in the pipeline waits for the listener.

/** What a progress display is told while the analysis runs. */
export type AnalysisProgress =
  | {
      readonly phase: 'extract';
      readonly revision: 'base' | 'head';
      readonly files: number;
      readonly done: boolean;
    }
  | {
      readonly phase: 'explore';
      readonly scenario: string;
      readonly revision: 'base' | 'head';
      /** Index of this exploration and how many there are in all. */
      readonly index: number;
      readonly total: number;
      readonly statesExplored: number;
      readonly maxStates: number;
      readonly done: boolean;
      /** When done: whether every state was explored. */
      readonly exhaustive?: boolean;
    };
