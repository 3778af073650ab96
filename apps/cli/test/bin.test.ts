// The built `kvmsim` bin, spawned as a user would run it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

function kvmsim(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

describe('kvmsim bin', () => {
  it('prints usage and exits 0', () => {
    const result = kvmsim('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Commands:');
  });

  it('answers an unknown command with one line on stderr and exit 2', () => {
    const result = kvmsim('frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });
});
