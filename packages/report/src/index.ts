// @kvmsim/report: the Report value, finding identity, base-vs-head comparison,
// the verdict, and every renderer. Public API, exported by name.
export {
  CHECK_RUN_ANNOTATIONS_PER_REQUEST,
  GITHUB_COMMENT_LIMIT,
  batchAnnotations,
} from './comment-limit.js';
export { findingId, identityHash, identityParts } from './identity/finding-identity.js';
export type { IdentityParts } from './identity/finding-identity.js';
export { compareFindings } from './compare/compare-findings.js';
export type {
  Comparable,
  Comparison,
  RunState,
  RunStates,
  Undetermined,
} from './compare/compare-findings.js';
export { groupByIdentity } from './identity/group-by-identity.js';
export { UNMODELLED_BRANCH } from './model/finding-notes.js';
export { escapeMarkdown, inlineCode, truncateText } from './markdown/escape.js';
export { escapeMermaid, renderSequenceDiagram } from './trace/mermaid-sequence.js';
export { LOCK_OPS } from './trace/trace-view.js';
export type { TraceLocation, TraceStepView } from './trace/trace-view.js';
export { renderStepTable, sourceLink } from './trace/step-table.js';
export type { SourceLinkBase } from './trace/step-table.js';
export { CONCLUSIONS, REPORT_SCHEMA_VERSION } from './model/report.js';
export type {
  Conclusion,
  Report,
  ReportDiagnostic,
  ReportFinding,
  RevisionInfo,
  RunSummary,
  ScenarioSummary,
  Verdict,
} from './model/report.js';
export { decideVerdict } from './model/decide-verdict.js';
export type { VerdictOptions } from './model/decide-verdict.js';
export { combinePolicyVerdict, markWorkloadsNotRun } from './model/policy-verdict.js';
export {
  COMMENT_MARKER,
  renderFindingMarkdown,
  renderMarkdown,
} from './markdown/render-markdown.js';
export type { MarkdownOptions } from './markdown/render-markdown.js';
export {
  ANNOTATION_LEVELS,
  changedLinesFromPatch,
  renderCheckRun,
} from './check-run/render-check-run.js';
export type {
  AnnotationLevel,
  ChangedLines,
  CheckAnnotation,
  CheckRunOutput,
} from './check-run/render-check-run.js';
export { renderSarif } from './sarif/render-sarif.js';
export type { SarifLog } from './sarif/render-sarif.js';
export { renderLanes, renderText, sanitizeTerminal } from './text/render-text.js';
export type { TextOptions } from './text/render-text.js';
export {
  ReportFormatError,
  parseReport,
  reportJsonSchema,
  reportSchema,
} from './model/report-schema.js';
export { REPORT_FORMATS, isReportFormat, renderReport } from './render/render-report.js';
export type { RenderReportOptions, ReportFormat } from './render/render-report.js';
export { renderXyChart } from './markdown/mermaid-xychart.js';
export type { ChartSeries, XyChart } from './markdown/mermaid-xychart.js';

// Policy reports: what a split-cache policy or a patch costs along workloads.
export { POLICY_REPORT_SCHEMA_VERSION } from './policy/policy-report.js';
export type {
  AbiChange,
  PolicyConfiguration,
  PolicyRaceFinding,
  PolicyRaces,
  PolicyReport,
  PolicyRow,
  PolicyRowFinding,
  PolicyWorkloadReport,
} from './policy/policy-report.js';
export { abiChanges } from './policy/abi-changes.js';
export { policyFindingsIntroduced } from './policy/policy-findings-introduced.js';
export {
  humanBytes,
  renderPolicyHtml,
  renderPolicyMarkdown,
  renderPolicyText,
  renderSvgChart,
} from './policy/render-policy.js';
export {
  POLICY_REPORT_FORMATS,
  isPolicyReportFormat,
  renderPolicyReport,
} from './render/render-policy-report.js';
export type { PolicyReportFormat } from './render/render-policy-report.js';
