// @kvmsim/mmu-model: the world kvmsim simulates. Public API, exported by name.
export type {
  AccessStmt,
  AllocStmt,
  AssertHeldStmt,
  AssertMode,
  AssignStmt,
  AssignTarget,
  BinaryOperator,
  BranchStmt,
  BreakStmt,
  CacheAllocStmt,
  CacheFreeStmt,
  CacheTopupStmt,
  CallStmt,
  ContinueStmt,
  Diagnostic,
  DiagnosticSeverity,
  Expr,
  FreeApi,
  FreeStmt,
  FunctionModel,
  GotoStmt,
  GuardRule,
  LabelStmt,
  LockKind,
  LockMode,
  LockStmt,
  LoopStmt,
  MightSleepStmt,
  AtomicStmt,
  Path,
  ProgramModel,
  ReturnStmt,
  ScopeStmt,
  SourceLocation,
  SrcuReadLockStmt,
  SrcuReadUnlockStmt,
  Stmt,
  StmtOp,
  SynchronizeSrcuStmt,
  UnlockStmt,
  WarnStmt,
  WorldStmt,
} from './ir/types.js';
export {
  BINARY_OPERATORS,
  DIAGNOSTIC_SEVERITIES,
  FREE_APIS,
  IR_VERSION,
  LOCK_KINDS,
  LOCK_MODES,
} from './ir/types.js';
export { GRANULES, PAGE_SHIFT, formatSize, parseSize } from './geometry/granule.js';
export type { Granule } from './geometry/granule.js';
export {
  GeometryError,
  LAST_LEVEL,
  granuleShift,
  isBlockSizeSupported,
  stage2Geometry,
} from './geometry/stage2-geometry.js';
export type { Stage2Config, Stage2Geometry } from './geometry/stage2-geometry.js';
export {
  POINTER_BYTES,
  isLegalChunkSize,
  legalChunkSizes,
  splitCacheFigures,
  splitNrPageTables,
} from './split-cache/split-cache-capacity.js';
export type { SplitCacheFigures } from './split-cache/split-cache-capacity.js';
export {
  EIO,
  EMPTY_CACHE,
  ENOMEM,
  KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE,
  allocFromMemoryCache,
  freeMemoryCache,
  memoryCacheFreeObjects,
  takeFromMemoryCache,
  topupMemoryCache,
  topupMemoryCacheDefault,
} from './memory-cache/memory-cache.js';
export type {
  CacheEvent,
  CacheStep,
  MemoryCache,
  ObjectAllocator,
  ObjectId,
} from './memory-cache/memory-cache.js';
export {
  acquire,
  acquireMaySleep,
  canAcquire,
  holds,
  isAtomicWhileHeld,
  modesOf,
  newLock,
  release,
} from './sync/lock-state.js';
export type {
  AcquireCheck,
  LockHolder,
  LockState,
  ReleaseResult,
  ThreadId,
} from './sync/lock-state.js';
export {
  EMPTY_SRCU,
  gracePeriodElapsed,
  gracePeriodWaitSet,
  inReadSection,
  srcuReadLock,
  srcuReadUnlock,
} from './sync/srcu-state.js';
export type { SrcuState } from './sync/srcu-state.js';
export {
  KVM_LOCK_CATALOGUE,
  forbiddenInsideSrcu,
  lockKindOf,
  mergeLockCatalogues,
} from './locks/lock-catalogue.js';
export type {
  LockCatalogue,
  LockDescriptor,
  LockOrderEdge,
  SrcuRule,
} from './locks/lock-catalogue.js';
export { ENOMEM_SPLIT, Stage2PageTable } from './page-table/stage2-page-table.js';
export type { PageSource, PageTableCounters } from './page-table/stage2-page-table.js';
export { twoPassFigures } from './split-cache/two-pass-split.js';
export type { TwoPassFigures } from './split-cache/two-pass-split.js';
export { STMT_OPS } from './ir/types.js';
export { forEachStatement } from './ir/walk.js';
export {
  ProgramFormatError,
  exprSchema,
  programModelJsonSchema,
  programModelSchema,
  stmtSchema,
  validateProgramModel,
} from './ir/ir-schema.js';
export { MODEL_HELPERS, evaluateHelper, memslotPath } from './helpers/model-helpers.js';
export type { HelperContext, HelperValue, ModelHelper } from './helpers/model-helpers.js';
