// A PolicyReport as people read it: Markdown for a pull request or a file
// (tables, the ABI changes, Mermaid xychart-beta charts of the split cache
// over each workload), plain text for a terminal, and an HTML page whose
// charts are SVG. The numbers come from the report; nothing is computed here
// but differences from the baseline and the buckets a long chart is cut into.
import { formatSize } from '@kvmsim/mmu-model';
import type { PolicyMetrics } from '@kvmsim/sim';
import { escapeMarkdown, inlineCode } from '../markdown/escape.js';
import { renderXyChart, type XyChart } from '../markdown/mermaid-xychart.js';
import type {
  AbiChange,
  PolicyConfiguration,
  PolicyReport,
  PolicyRow,
  PolicyWorkloadReport,
} from './policy-report.js';

/** Bytes as a person reads them: 2.0 MiB, 64 KiB, 0. */
export function humanBytes(bytes: number): string {
  if (bytes === 0) return '0';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text} ${units[unit]}`;
}

export function configurationText(configuration: PolicyConfiguration): string {
  return `${configuration.granule} pages, ${formatSize(configuration.chunkSize)} chunks`;
}

interface Column {
  readonly title: string;
  readonly metric: keyof PolicyMetrics;
  readonly show: (value: number) => string;
}

const COLUMNS: readonly Column[] = [
  { title: 'peak cache', metric: 'peakCacheBytes', show: humanBytes },
  { title: 'cache at idle', metric: 'idleCacheBytes', show: humanBytes },
  { title: 'cache pages × ticks', metric: 'cachePageTicks', show: String },
  { title: 'pages allocated', metric: 'cachePagesAllocated', show: String },
  { title: 'blocks split', metric: 'blocksSplit', show: String },
  { title: 'topups', metric: 'topups', show: String },
  { title: 'mmu_lock drops', metric: 'lockDrops', show: String },
  { title: 'TLBIs', metric: 'tlbInvalidations', show: String },
];

function sameConfiguration(a: PolicyConfiguration, b: PolicyConfiguration): boolean {
  return a.granule === b.granule && a.chunkSize === b.chunkSize;
}

function baselineRow(
  workload: PolicyWorkloadReport,
  row: PolicyRow,
  baseline: string,
): PolicyRow | undefined {
  if (row.policy === baseline) return undefined;
  return workload.rows.find(
    (candidate) =>
      candidate.policy === baseline &&
      candidate.error === undefined &&
      sameConfiguration(candidate.configuration, row.configuration),
  );
}

/** `513` or `513 (+512)`: the value and its difference from the baseline's. */
function cell(column: Column, row: PolicyRow, reference: PolicyRow | undefined): string {
  const value = row.metrics[column.metric];
  if (reference === undefined) return column.show(value);
  const delta = value - reference.metrics[column.metric];
  if (delta === 0) return column.show(value);
  return `${column.show(value)} (${delta > 0 ? '+' : '−'}${column.show(Math.abs(delta))})`;
}

function findingsCell(row: PolicyRow): string {
  if (row.error !== undefined) return `not run: ${row.error}`;
  if (row.findings.length === 0) return '—';
  // Distinct findings per kind; how often each one happened is in the details.
  const kinds = new Map<string, number>();
  for (const finding of row.findings) kinds.set(finding.kind, (kinds.get(finding.kind) ?? 0) + 1);
  return [...kinds].map(([kind, count]) => (count === 1 ? kind : `${kind} ×${count}`)).join(', ');
}

/** One row of a workload's table: the policy, its configuration, each metric, its findings. */
function rowCells(
  workload: PolicyWorkloadReport,
  row: PolicyRow,
  baseline: string,
  policy: string,
): string[] {
  const reference = baselineRow(workload, row, baseline);
  return [
    policy,
    configurationText(row.configuration),
    ...COLUMNS.map((column) => (row.error === undefined ? cell(column, row, reference) : '—')),
    findingsCell(row),
  ];
}

function abiMarkdown(change: AbiChange): string {
  return `${inlineCode(change.label)} returns ${inlineCode(change.result)} under ${inlineCode(change.policy)} (${inlineCode(change.baseline)} before), ${configurationText(change.configuration)}`;
}

function abiText(change: AbiChange): string {
  return `${change.ioctl} at “${change.label}” returns ${change.result} under ${change.policy} (${change.baseline} before), ${configurationText(change.configuration)}`;
}

/** At most `buckets` points: each the most of the ticks it covers, as a chart of a peak should. */
export function bucketed(
  ticks: readonly string[],
  series: readonly (readonly number[])[],
  buckets = 40,
): { steps: string[]; values: number[][] } {
  const length = Math.max(ticks.length, ...series.map((values) => values.length));
  const size = Math.max(1, Math.ceil(length / buckets));
  const steps: string[] = [];
  for (let start = 0; start < length; start += size) {
    const end = Math.min(length, start + size);
    steps.push(size === 1 ? String(start + 1) : `${start + 1}-${end}`);
  }
  const values = series.map((values) =>
    steps.map((_, index) => {
      const slice = values.slice(index * size, index * size + size);
      return slice.length === 0 ? 0 : Math.max(...slice);
    }),
  );
  return { steps, values };
}

/** The configuration whose policies differ most in peak cache: the one worth a chart. */
function chartConfiguration(workload: PolicyWorkloadReport): PolicyConfiguration | undefined {
  let best: { configuration: PolicyConfiguration; spread: number } | undefined;
  for (const row of workload.rows) {
    const peers = workload.rows.filter((other) =>
      sameConfiguration(other.configuration, row.configuration),
    );
    const peaks = peers.map((peer) => peer.metrics.peakCacheBytes);
    const spread = Math.max(...peaks) - Math.min(...peaks) + Math.max(...peaks) / 1e9;
    if (best === undefined || spread > best.spread)
      best = { configuration: row.configuration, spread };
  }
  return best?.configuration;
}

/** The chart of a workload: split-cache KiB per tick, one line per policy. */
export function policyChart(workload: PolicyWorkloadReport): XyChart | undefined {
  const configuration = chartConfiguration(workload);
  if (configuration === undefined) return undefined;
  const rows = workload.rows.filter(
    (row) => row.error === undefined && sameConfiguration(row.configuration, configuration),
  );
  if (rows.length === 0) return undefined;
  const { steps, values } = bucketed(
    workload.ticks,
    rows.map((row) => row.series.map((bytes) => Math.round(bytes / 1024))),
  );
  return {
    title: `${workload.name}, split cache, ${configurationText(configuration)}`,
    steps,
    yLabel: 'KiB',
    series: rows.map((row, index) => ({ name: row.policy, values: values[index] ?? [] })),
  };
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) =>
    `| ${cells.map((text) => text.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

function workloadMarkdown(
  workload: PolicyWorkloadReport,
  baseline: string,
  heading = '###',
): string[] {
  const out: string[] = [
    `${heading} ${inlineCode(workload.name)}`,
    '',
    `${escapeMarkdown(workload.description)}${workload.vms > 1 ? ` (${workload.vms} VMs on one host.)` : ''}`,
    '',
  ];
  out.push(
    ...markdownTable(
      ['policy', 'configuration', ...COLUMNS.map((column) => column.title), 'findings'],
      workload.rows.map((row) => rowCells(workload, row, baseline, inlineCode(row.policy))),
    ),
    '',
  );
  if (workload.abiChanges.length > 0) {
    out.push('**ABI changes**', '');
    for (const change of workload.abiChanges) out.push(`- ${abiMarkdown(change)}`);
    out.push('');
  }
  const warns = workload.rows.flatMap((row) => row.findings.map((finding) => ({ row, finding })));
  if (warns.length > 0) {
    out.push('<details><summary>Findings along the workload</summary>', '');
    for (const { row, finding } of warns)
      out.push(
        `- ${inlineCode(row.policy)}, ${configurationText(row.configuration)}, at “${escapeMarkdown(finding.label)}”${finding.at === undefined ? '' : ` (${inlineCode(finding.at)})`}: ${escapeMarkdown(finding.message)}${finding.count > 1 ? ` (${finding.count} times)` : ''}`,
      );
    out.push('', '</details>', '');
  }
  const chart = policyChart(workload);
  if (chart !== undefined) {
    out.push('```mermaid', renderXyChart(chart), '```', '');
    out.push(
      `Lines, in order: ${chart.series.map((series) => inlineCode(series.name)).join(', ')}. Each point is the most the cache held within the ticks it covers.`,
      '',
    );
  }
  return out;
}

function racesMarkdown(report: PolicyReport): string[] {
  if (report.races === undefined) return [];
  const out = ['## Races on the same code', ''];
  out.push(
    ...markdownTable(
      ['policy', 'scenarios run', 'findings'],
      report.races.map((races) => {
        const kinds = new Map<string, string[]>();
        for (const finding of races.findings)
          kinds.set(finding.kind, [...(kinds.get(finding.kind) ?? []), finding.scenario]);
        return [
          inlineCode(races.policy),
          String(races.scenarios - races.skipped.length),
          kinds.size === 0
            ? 'none'
            : [...kinds]
                .map(([kind, where]) => `${kind} (${[...new Set(where)].join(', ')})`)
                .join('; '),
        ];
      }),
    ),
    '',
  );
  return out;
}

function assumptionsMarkdown(report: PolicyReport): string[] {
  const sites = new Map<string, Set<string>>();
  for (const workload of report.workloads)
    for (const row of workload.rows)
      for (const assumption of row.assumptions) {
        const at = `${assumption.site.loc.file}:${assumption.site.loc.line} in ${assumption.site.function}`;
        sites.set(at, (sites.get(at) ?? new Set()).add(assumption.reason));
      }
  if (sites.size === 0) return [];
  return [
    '<details><summary>Branches the model could not decide, taken as false</summary>',
    '',
    ...[...sites]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([at, reasons]) => `- ${inlineCode(at)}: ${escapeMarkdown([...reasons].join('; '))}`),
    '',
    '</details>',
    '',
  ];
}

export function renderPolicyMarkdown(report: PolicyReport): string {
  const single = report.policies.length === 1;
  const out: string[] = [
    single ? `## kvmsim policy run: ${inlineCode(report.baseline)}` : '## kvmsim policy study',
    '',
    single
      ? 'The code:'
      : `Policies, compared with ${inlineCode(report.baseline)} (differences in parentheses):`,
    '',
    ...report.policies.map(
      (policy) => `- ${inlineCode(policy.name)}: ${escapeMarkdown(policy.description)}`,
    ),
    '',
  ];
  const abi = report.workloads.flatMap((workload) => workload.abiChanges);
  if (abi.length > 0) {
    out.push('**ABI changes**', '');
    for (const change of abi) out.push(`- ${inlineCode(change.workload)}: ${abiMarkdown(change)}`);
    out.push('');
  }
  for (const workload of report.workloads) out.push(...workloadMarkdown(workload, report.baseline));
  out.push(...racesMarkdown(report), ...assumptionsMarkdown(report));
  out.push(`<sub>kvmsim ${escapeMarkdown(report.toolVersion)}</sub>`, '');
  return out.join('\n');
}

// ---- terminal -----------------------------------------------------------------

function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((text, index) => text.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

export function renderPolicyText(report: PolicyReport): string {
  const out: string[] = [
    report.policies.length === 1
      ? `kvmsim policy run: ${report.baseline}`
      : `kvmsim policy study (compared with ${report.baseline})`,
    '',
  ];
  for (const workload of report.workloads) {
    out.push(`${workload.name}${workload.vms > 1 ? ` (${workload.vms} VMs)` : ''}`);
    out.push(
      ...textTable(
        ['policy', 'configuration', ...COLUMNS.map((column) => column.title), 'findings'],
        workload.rows.map((row) => rowCells(workload, row, report.baseline, row.policy)),
      ),
    );
    for (const change of workload.abiChanges) out.push(`  ABI change: ${abiText(change)}`);
    out.push('');
  }
  if (report.races !== undefined) {
    out.push('races on the same code');
    for (const races of report.races)
      out.push(
        `  ${races.policy}: ${races.findings.length === 0 ? 'no finding' : races.findings.map((finding) => `${finding.kind} (${finding.scenario})`).join(', ')}`,
      );
    out.push('');
  }
  return out.join('\n');
}

// ---- HTML with SVG charts ------------------------------------------------------

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** A line chart with axes and a legend, as standalone SVG. */
export function renderSvgChart(chart: XyChart, width = 720, height = 260): string {
  const left = 60;
  const right = 160;
  const top = 30;
  const bottom = 40;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...chart.series.flatMap((series) => series.values));
  const count = Math.max(1, chart.steps.length - 1);
  const x = (index: number) => left + (index / count) * plotWidth;
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(chart.title)}">`,
    `<text x="${left}" y="18" font-family="sans-serif" font-size="13">${escapeHtml(chart.title)}</text>`,
    `<line x1="${left}" y1="${top + plotHeight}" x2="${left + plotWidth}" y2="${top + plotHeight}" stroke="#444"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotHeight}" stroke="#444"/>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end" font-family="sans-serif" font-size="11">${max}</text>`,
    `<text x="${left - 6}" y="${top + plotHeight}" text-anchor="end" font-family="sans-serif" font-size="11">0</text>`,
    `<text x="12" y="${top + plotHeight / 2}" font-family="sans-serif" font-size="11" transform="rotate(-90 12 ${top + plotHeight / 2})">${escapeHtml(chart.yLabel)}</text>`,
    `<text x="${left}" y="${height - 12}" font-family="sans-serif" font-size="11">tick ${escapeHtml(chart.steps[0] ?? '')}</text>`,
    `<text x="${left + plotWidth}" y="${height - 12}" text-anchor="end" font-family="sans-serif" font-size="11">tick ${escapeHtml(chart.steps.at(-1) ?? '')}</text>`,
  ];
  chart.series.forEach((series, index) => {
    const colour = COLOURS[index % COLOURS.length] ?? '#000';
    const points = series.values.map(
      (value, step) => `${x(step).toFixed(1)},${y(value).toFixed(1)}`,
    );
    parts.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(' ')}"/>`,
      `<rect x="${left + plotWidth + 16}" y="${top + index * 18}" width="12" height="12" fill="${colour}"/>`,
      `<text x="${left + plotWidth + 34}" y="${top + index * 18 + 10}" font-family="sans-serif" font-size="11">${escapeHtml(series.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export function renderPolicyHtml(report: PolicyReport): string {
  const table = (header: readonly string[], rows: readonly (readonly string[])[]) =>
    `<table><thead><tr>${header.map((title) => `<th>${escapeHtml(title)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((row) => `<tr>${row.map((text) => `<td>${escapeHtml(text)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const body: string[] = [
    `<h1>kvmsim policy study</h1>`,
    `<p>Compared with <code>${escapeHtml(report.baseline)}</code>; differences in parentheses.</p>`,
    `<ul>${report.policies.map((policy) => `<li><code>${escapeHtml(policy.name)}</code>: ${escapeHtml(policy.description)}</li>`).join('')}</ul>`,
  ];
  for (const workload of report.workloads) {
    body.push(
      `<h2>${escapeHtml(workload.name)}</h2>`,
      `<p>${escapeHtml(workload.description)}</p>`,
    );
    body.push(
      table(
        ['policy', 'configuration', ...COLUMNS.map((column) => column.title), 'findings'],
        workload.rows.map((row) => rowCells(workload, row, report.baseline, row.policy)),
      ),
    );
    if (workload.abiChanges.length > 0)
      body.push(
        `<p><strong>ABI changes</strong></p><ul>${workload.abiChanges.map((change) => `<li>${escapeHtml(abiText(change))}</li>`).join('')}</ul>`,
      );
    const chart = policyChart(workload);
    if (chart !== undefined) body.push(renderSvgChart(chart));
  }
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>kvmsim policy study</title>',
    '<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px}th{background:#f4f4f4}</style>',
    '</head><body>',
    ...body,
    `<p><small>kvmsim ${escapeHtml(report.toolVersion)}</small></p>`,
    '</body></html>',
    '',
  ].join('\n');
}

/**
 * The costs section of a pull request's comment: the workloads on base and
 * head, why they ran, the ABI changes, a table and a chart per workload.
 */
export function renderPolicyCostsMarkdown(report: PolicyReport): string {
  const abi = report.workloads.flatMap((workload) => workload.abiChanges);
  const out = [
    '## What it costs',
    '',
    `The workloads ran on base and head${report.reason === undefined ? '' : ` (${escapeMarkdown(report.reason)})`}; differences from the base in parentheses. ${report.workloads.map((workload) => inlineCode(workload.name)).join(', ')}: see \`kvmsim policy list\`.`,
    '',
  ];
  if (abi.length > 0) {
    out.push('**ABI changes**', '');
    for (const change of abi) out.push(`- ${inlineCode(change.workload)}: ${abiMarkdown(change)}`);
    out.push('');
  }
  for (const workload of report.workloads)
    out.push(...workloadMarkdown(workload, report.baseline, '####'));
  return out.join('\n');
}
