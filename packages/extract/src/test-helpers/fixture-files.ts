// The files of a fixture folder, and the rule that a reviewed snapshot must
// already exist in CI. Vitest writes a missing file snapshot when it runs
// locally, and fails on one under CI (its snapshot mode is `none` there,
// with only "mismatched" to say why); a fixture added without its snapshot
// must never pass CI by blessing itself, so the table tests check it here
// too, with a message saying what to do. (@kvmsim/scenarios has the same
// helper for its fixtures: a test helper is not a public API.)
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every file under `root`, as `/`-separated paths relative to it, sorted. */
export function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** Whether the environment is CI, as vitest decides it (CI set, and not to `false` or `0`). */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/** Throws under CI when `snapshot` does not exist: a snapshot is reviewed, never written by CI. */
export function requireSnapshotInCi(snapshot: string, env: NodeJS.ProcessEnv = process.env): void {
  if (isCi(env) && !existsSync(snapshot))
    throw new Error(
      `${snapshot} is missing: run the test locally (it writes the snapshot), read it, and commit it with the fixture`,
    );
}
