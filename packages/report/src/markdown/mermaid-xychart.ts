// A series over time (e.g. split-cache bytes along a migration workload) as a
// Mermaid xychart-beta: one line per series, x axis the workload's steps.
import { escapeMermaid } from '../trace/mermaid-sequence.js';

export interface ChartSeries {
  readonly name: string;
  readonly values: readonly number[];
}

export interface XyChart {
  readonly title: string;
  /** Labels of the x axis, one per value. */
  readonly steps: readonly string[];
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
}

/** Mermaid has no escape inside quoted labels; drop what would end the label. */
function label(text: string): string {
  return `"${escapeMermaid(text).replace(/"/g, "'")}"`;
}

/** The chart source (without the ``` fence); series longer than `steps` are cut to it. */
export function renderXyChart(chart: XyChart): string {
  const all = chart.series.flatMap((series) => series.values.slice(0, chart.steps.length));
  const max = Math.max(1, ...all.filter((value) => Number.isFinite(value)));
  return [
    'xychart-beta',
    `  title ${label(chart.title)}`,
    `  x-axis [${chart.steps.map(label).join(', ')}]`,
    `  y-axis ${label(chart.yLabel)} 0 --> ${max}`,
    ...chart.series.map(
      (series) =>
        `  line [${series.values
          .slice(0, chart.steps.length)
          .map((value) => (Number.isFinite(value) ? String(value) : '0'))
          .join(', ')}]`,
    ),
  ].join('\n');
}
