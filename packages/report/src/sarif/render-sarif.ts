// SARIF 2.1.0 for GitHub code scanning: one rule per finding kind, one result
// per finding in the head (introduced, unchanged, and undetermined ones the
// head has; fixed ones are gone from the code; unverified WARNs are not
// findings), the trace as a code flow, and partial fingerprints from the
// finding's identity so code scanning tracks an alert across pushes.
import { findingNotes, scenariosText } from '../model/finding-notes.js';
import type { Report, ReportFinding } from '../model/report.js';

/** What each detector reports, for the rule descriptions. */
const RULE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'data-race': 'Two threads can access the same location, one writing, holding no common lock.',
  'use-after-free': 'An object or memory cache is used after another thread freed it.',
  'double-free': 'An object or memory cache is freed twice.',
  warn: 'A WARN_ON/BUG_ON fires, including the memory cache capacity WARN.',
  deadlock:
    'Every live thread is blocked: a lock cycle, a recursive acquire, or synchronize_srcu waiting on a reader.',
  'lock-order': 'A cycle in the lock-order graph, as lockdep reports it.',
  'sleep-in-atomic': 'A function that may sleep runs while a spinlock or rwlock is held.',
  'missing-lock': 'A lockdep assertion fails, or an access breaks a documented guarded-by rule.',
  leak: 'An object or cache page is still allocated when the VM is destroyed.',
};

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly unknown[];
}

function location(loc: { file: string; line: number; column: number }, message?: string) {
  return {
    physicalLocation: {
      artifactLocation: { uri: loc.file, uriBaseId: '%SRCROOT%' },
      region: { startLine: loc.line, startColumn: Math.max(1, loc.column) },
    },
    ...(message === undefined ? {} : { message: { text: message } }),
  };
}

function result(finding: ReportFinding, ruleIndex: number, identity: string, status: string) {
  const primary = finding.locations[0] ?? finding.trace.at(-1)?.loc;
  return {
    ruleId: finding.kind,
    ruleIndex,
    level: status === 'introduced' ? 'error' : 'warning',
    message: {
      text: `${[...findingNotes(finding), finding.message].join(': ')} (${scenariosText(finding)}, ${status})`,
    },
    locations: primary === undefined ? [] : [location(primary)],
    partialFingerprints: { 'kvmsimFindingIdentity/v2': identity },
    codeFlows: [
      {
        threadFlows: [
          {
            locations: finding.trace.map((step, index) => ({
              location: location(step.loc, `[${step.thread}] ${step.text} in ${step.function}`),
              executionOrder: index + 1,
              ...(step.locksHeld.length === 0
                ? {}
                : { state: { locksHeld: { text: step.locksHeld.join(', ') } } }),
            })),
          },
        ],
      },
    ],
    properties: { findingId: finding.id, scenarios: finding.scenarios, status },
  };
}

export function renderSarif(report: Report): SarifLog {
  const kinds = Object.keys(RULE_DESCRIPTIONS);
  const rules = kinds.map((kind) => ({
    id: kind,
    name: kind.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase()),
    shortDescription: { text: RULE_DESCRIPTIONS[kind] ?? kind },
    helpUri: 'https://github.com/kvmsim/kvmsim/blob/main/docs/architecture.md',
  }));
  const results = (
    [
      ['introduced', report.findings.introduced],
      ['unchanged', report.findings.unchanged],
      [
        'undetermined',
        report.findings.undetermined.filter((finding) => finding.revision === 'head'),
      ],
    ] as const
  ).flatMap(([status, findings]) =>
    findings.map((finding) =>
      result(finding, Math.max(0, kinds.indexOf(finding.kind)), finding.id, status),
    ),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kvmsim',
            version: report.tool.version,
            informationUri: 'https://github.com/kvmsim/kvmsim',
            rules,
          },
        },
        ...(report.head.sha === undefined
          ? {}
          : {
              versionControlProvenance: [
                { repositoryUri: repositoryUri(report), revisionId: report.head.sha },
              ],
            }),
        results,
      },
    ],
  };
}

function repositoryUri(report: Report): string {
  const repository = report.repository;
  return repository === undefined
    ? 'https://github.com/unknown/unknown'
    : `${repository.serverUrl}/${repository.owner}/${repository.repo}`;
}
