import { describe, expect, it } from 'vitest';
import { renderXyChart } from './mermaid-xychart.js';

describe('renderXyChart', () => {
  const chart = renderXyChart({
    title: 'split cache bytes, live migration, 4K/1G',
    steps: ['enable', 'clear 1', 'clear 2', 'disable'],
    yLabel: 'bytes',
    series: [
      { name: 'upstream', values: [0, 2_105_352, 2_105_352, 0] },
      { name: 'keep until destroy', values: [0, 2_105_352, 2_105_352, 2_105_352] },
    ],
  });

  it('draws one line per series over the workload steps', () => {
    expect(chart.split('\n')).toEqual([
      'xychart-beta',
      '  title "split cache bytes, live migration, 4K/1G"',
      '  x-axis ["enable", "clear 1", "clear 2", "disable"]',
      '  y-axis "bytes" 0 --> 2105352',
      '  line [0, 2105352, 2105352, 0]',
      '  line [0, 2105352, 2105352, 2105352]',
    ]);
  });

  it('keeps labels from breaking out of their quotes or line', () => {
    const hostile = renderXyChart({
      title: 'a"]\n%%x',
      steps: ['s;1'],
      yLabel: 'y',
      series: [{ name: 'n', values: [Number.NaN] }],
    });
    expect(hostile.split('\n')).toHaveLength(5);
    expect(hostile).toContain(`title "a'] #37;#37;x"`);
    expect(hostile).toContain('x-axis ["s#59;1"]');
    expect(hostile).toContain('line [0]');
  });
});
