// Progress of a long analysis on stderr: a bar while stderr is a terminal
// (explorations done, the current scenario and its states against the
// budget), one line per finished step with --verbose, nothing with --quiet.
// Stdout carries only the result, so `kvmsim check ... --format json | jq`
// works with or without a terminal.
import cliProgress from 'cli-progress';
import type { AnalysisProgress } from '@kvmsim/analyze';
import type { CliIo } from './io.js';

export type Verbosity = 'quiet' | 'normal' | 'verbose';

export interface Progress {
  readonly onProgress: (event: AnalysisProgress) => void;
  /** Clears the bar; call before printing the result. */
  readonly stop: () => void;
}

const count = (value: number) => value.toLocaleString('en-US');

/** The line --verbose prints for a finished step, or undefined for an intermediate event. */
export function describeProgress(event: AnalysisProgress): string | undefined {
  if (!event.done) return undefined;
  if (event.phase === 'extract') return `extracted ${event.revision}: ${count(event.files)} files`;
  const how =
    event.exhaustive === undefined
      ? 'did not run'
      : event.exhaustive
        ? 'exhaustive'
        : `bounded (budget ${count(event.maxStates)} states)`;
  return `[${event.index}/${event.total}] ${event.scenario} on ${event.revision}: ${count(event.statesExplored)} states, ${how}`;
}

/** The bar on stderr, or undefined when nothing is to be drawn (quiet, or not a terminal). */
export function progressBar(io: CliIo, verbosity: Verbosity): cliProgress.SingleBar | undefined {
  if (verbosity === 'quiet' || !io.stderrIsTTY || io.progressStream === undefined) return undefined;
  return new cliProgress.SingleBar(
    {
      stream: io.progressStream,
      format: 'kvmsim {bar} {value}/{total} {task}',
      barsize: 20,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
}

export function createProgress(io: CliIo, verbosity: Verbosity): Progress {
  if (verbosity === 'verbose')
    return {
      onProgress: (event) => {
        const line = describeProgress(event);
        if (line !== undefined) io.stderr(`kvmsim: ${line}\n`);
      },
      stop: () => undefined,
    };
  const bar = progressBar(io, verbosity);
  if (bar === undefined) return { onProgress: () => undefined, stop: () => undefined };
  let started = false;
  return {
    onProgress: (event) => {
      if (event.phase === 'extract') {
        const task = `reading ${event.revision} (${count(event.files)} files)`;
        if (!started) bar.start(1, 0, { task });
        else bar.update({ task });
        started = true;
        return;
      }
      const task = `${event.scenario} on ${event.revision}: ${count(event.statesExplored)}/${count(event.maxStates)} states`;
      if (!started) bar.start(event.total, 0, { task });
      started = true;
      bar.setTotal(event.total);
      bar.update(event.done ? event.index : event.index - 1, { task });
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}
