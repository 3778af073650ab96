import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config-schema.js';
import { parseConfig } from './parse-config.js';

describe('parseConfig', () => {
  it('gives the defaults when the repository has no config', () => {
    expect(parseConfig(undefined)).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(DEFAULT_CONFIG.paths).toContain('arch/arm64/kvm/**');
    expect(DEFAULT_CONFIG.comment).toBe('on-findings');
  });

  it('reads a valid config and fills in the rest', () => {
    const result = parseConfig(
      'failOn: [double-free, deadlock]\ncomment: always\nbudgets:\n  maxStates: 5000\n',
    );
    expect(result.ok && result.config.failOn).toEqual(['double-free', 'deadlock']);
    expect(result.ok && result.config.budgets).toEqual({
      maxStates: 5000,
      maxTransitions: 3_000_000,
      explorationMs: 600_000,
      totalMs: 1_800_000,
    });
  });

  it('names the key, the line and the reason of a wrong value', () => {
    const result = parseConfig('comment: always\nbudgets:\n  maxStates: -3\n');
    expect(result).toEqual({
      ok: false,
      problems: [expect.objectContaining({ key: 'budgets.maxStates', line: 3 })],
    });
  });

  it('rejects unknown keys, with their line', () => {
    const result = parseConfig('paths: [virt/kvm/**]\nfail_on: [deadlock]\n');
    expect(result).toEqual({
      ok: false,
      problems: [expect.objectContaining({ key: 'fail_on', line: 2 })],
    });
  });

  it('rejects an unknown finding kind', () => {
    const result = parseConfig('failOn:\n  - double-free\n  - race\n');
    expect(result).toEqual({
      ok: false,
      problems: [expect.objectContaining({ key: 'failOn.1', line: 3 })],
    });
  });

  it('reports broken YAML as a problem, not an exception', () => {
    const result = parseConfig('paths: [unclosed\n');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]?.key).toBe('(file)');
  });
});
