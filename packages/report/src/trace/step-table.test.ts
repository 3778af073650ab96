import { describe, expect, it } from 'vitest';
import { renderStepTable, sourceLink } from './step-table.js';

const base = {
  serverUrl: 'https://github.com',
  owner: 'kvmarm',
  repo: 'linux',
  sha: 'a'.repeat(40),
};
const loc = { file: 'arch/arm64/kvm/nested.c', line: 1201, column: 2 };

describe('sourceLink', () => {
  it('points at the line at the exact commit', () => {
    expect(sourceLink(base, loc)).toBe(
      `https://github.com/kvmarm/linux/blob/${'a'.repeat(40)}/arch/arm64/kvm/nested.c#L1201`,
    );
  });
  it.each([
    [{ ...base, owner: 'evil](javascript:alert(1))' }, loc],
    [{ ...base, sha: 'main' }, loc],
    [{ ...base, serverUrl: 'javascript:alert(1)//' }, loc],
    [base, { ...loc, file: '../../etc/passwd' }],
  ])('refuses to build an untrustworthy link (%#)', (linkBase, location) => {
    expect(sourceLink(linkBase, location)).toBeUndefined();
  });
  it('encodes odd characters in paths', () => {
    expect(sourceLink(base, { ...loc, file: 'a b/c#d.c' })).toContain('/a%20b/c%23d.c#L1201');
  });
});

describe('renderStepTable', () => {
  const table = renderStepTable(
    [
      {
        thread: 'exit_mm',
        function: 'kvm_arch_flush_shadow_all',
        op: 'free',
        text: 'kvfree(kvm.arch.nested_mmus)',
        loc,
        locksHeld: ['kvm.srcu'],
      },
    ],
    base,
  );
  it('is collapsed, with a linked location and the locks held', () => {
    expect(table.startsWith('<details>')).toBe(true);
    expect(table).toContain(
      '[`arch/arm64/kvm/nested.c:1201`](https://github.com/kvmarm/linux/blob/',
    );
    expect(table).toContain('| `kvm.srcu` |');
  });
  it('falls back to plain text without a link base', () => {
    expect(renderStepTable([], undefined, 'Trace')).not.toContain('](');
  });
});
