import { describe, expect, it } from 'vitest';
import { escapeMarkdown, inlineCode, truncateText } from './escape.js';

describe('inlineCode', () => {
  it('wraps plain identifiers in one backtick', () => {
    expect(inlineCode('kvm_arch_flush_shadow_all')).toBe('`kvm_arch_flush_shadow_all`');
  });
  it('uses a longer fence than any backtick run inside', () => {
    expect(inlineCode('a``b`c')).toBe('```a``b`c```');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
  });
  it('escapes pipes so a table cell cannot be split', () => {
    expect(inlineCode('a|b')).toBe('`a\\|b`');
  });
  it('flattens newlines so a span cannot end a block', () => {
    expect(inlineCode('a\n# heading')).toBe('`a # heading`');
  });
  it('shortens very long identifiers', () => {
    const span = inlineCode('x'.repeat(10_000));
    expect(span.length).toBeLessThan(210);
    expect(span).toContain('…');
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['@torvalds please look', '@\u200btorvalds please look'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert\\(1\\)&gt;'],
    ['[click](javascript:alert(1))', '\\[click\\]\\(javascript:alert\\(1\\)\\)'],
    ['**bold** _it_', '\\*\\*bold\\*\\* \\_it\\_'],
    ['see https://evil.example', 'see https:\u200b//evil\\.example'],
  ])('neutralises %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('never leaves an unescaped link, mention or tag', () => {
    const hostile = '@org/team [x](javascript:void) <script>`rm`</script> ![i](http://t)';
    const escaped = escapeMarkdown(hostile);
    expect(escaped).not.toMatch(/(^|[^\\])\[/);
    expect(escaped).not.toMatch(/<script/);
    expect(escaped).not.toMatch(/@[a-z]/);
  });
});

describe('truncateText', () => {
  it('keeps short text as it is', () => {
    expect(truncateText('abc', 5)).toBe('abc');
    expect(truncateText('abcdef', 5)).toBe('abcd…');
  });
});
