// Runs SPIN on a Promela model: `spin -a`, compile pan.c once, run pan for
// safety (-E: assertions only) and for deadlock (-A: invalid end states
// only). Used by the differential tests and the benchmark; never by the app.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PanRun {
  /** pan found an error of the kind it looked for. */
  readonly violated: boolean;
  readonly errorLine?: string;
  readonly statesStored: number;
  readonly transitions: number;
  /** pan's own report of its search time. */
  readonly searchMs: number;
  /** Wall time of this pan run. */
  readonly wallMs: number;
}

export interface SpinResult {
  /** Wall time of spin -a and the C compile. */
  readonly buildMs: number;
  readonly safety: PanRun;
  readonly deadlock: PanRun;
}

/** Whether `spin` and a C compiler are on the PATH. */
export function spinAvailable(): boolean {
  const spin = spawnSync('spin', ['-V'], { encoding: 'utf8' });
  const cc = spawnSync('cc', ['--version'], { encoding: 'utf8' });
  return spin.status === 0 && cc.status === 0;
}

export interface SpinOptions {
  /** Compiler optimisation: -O2 for figures (default), -O0 to compile fast in tests. */
  readonly optimize?: boolean;
  /** Disable SPIN's partial-order reduction (-DNOREDUCE). */
  readonly noReduce?: boolean;
  /** Keep searching after the first error (pan -c0), so the whole state space is counted. */
  readonly exhaustive?: boolean;
  /** Run each pan this many times and report the run of median search time (default 1). */
  readonly repeat?: number;
}

function parsePan(output: string, wallMs: number): PanRun {
  const errors = Number(/errors: (\d+)/.exec(output)?.[1] ?? 'NaN');
  if (Number.isNaN(errors)) throw new Error(`pan did not report errors:\n${output}`);
  const errorLine = /pan:\d+: (.*)/.exec(output)?.[1];
  return {
    violated: errors > 0,
    ...(errorLine === undefined ? {} : { errorLine }),
    statesStored: Number(/([\d.e+]+) states, stored/.exec(output)?.[1] ?? 0),
    transitions: Number(/([\d.e+]+) transitions \(= stored\+matched\)/.exec(output)?.[1] ?? 0),
    searchMs: Number(/pan: elapsed time ([\d.e+-]+) seconds/.exec(output)?.[1] ?? 0) * 1000,
    wallMs,
  };
}

export async function runSpin(model: string, options: SpinOptions = {}): Promise<SpinResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kvmsim-spin-'));
  try {
    const started = performance.now();
    await writeFile(join(dir, 'model.pml'), model);
    await run('spin', ['-a', 'model.pml'], { cwd: dir });
    await run(
      'cc',
      [
        options.optimize === false ? '-O0' : '-O2',
        '-DSAFETY',
        ...(options.noReduce === true ? ['-DNOREDUCE'] : []),
        '-DVECTORSZ=8192',
        '-o',
        'pan',
        'pan.c',
      ],
      { cwd: dir },
    );
    const buildMs = performance.now() - started;
    const pan = async (flag: string) => {
      const begin = performance.now();
      // pan exits non-zero when it finds an error; its report is what counts.
      const args = [flag, '-m1000000', '-w24', ...(options.exhaustive === true ? ['-c0'] : [])];
      const result = await run('./pan', args, {
        cwd: dir,
        maxBuffer: 64 << 20,
      }).catch((error: { stdout?: string; stderr?: string }) => ({
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      }));
      return parsePan(`${result.stdout}${result.stderr}`, performance.now() - begin);
    };
    const median = async (flag: string) => {
      const runs: PanRun[] = [];
      for (let count = 0; count < Math.max(1, options.repeat ?? 1); count += 1)
        runs.push(await pan(flag));
      runs.sort((a, b) => a.searchMs - b.searchMs);
      return runs[Math.floor(runs.length / 2)] as PanRun;
    };
    const safety = await median('-E');
    const deadlock = await median('-A');
    return { buildMs, safety, deadlock };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
