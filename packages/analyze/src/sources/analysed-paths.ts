// Which paths of a revision the pipeline reads: the analysis set, the config
// file and the repository's scenario files, and the folders that hold them.
// A kernel tree has some 90,000 files; a shell lists only these folders (the
// app through the trees API, the CLI as a git pathspec) and reads only these
// paths.
import { DEFAULT_ANALYSIS_SET, isInAnalysisSet } from '@kvmsim/extract';
import { DEFAULT_CONFIG, type KvmsimConfig } from '../config/config-schema.js';
import { CONFIG_PATH } from '../config/parse-config.js';

/** Whether `path` is a scenario file: a direct child of a configured scenario folder, `.yml` or `.yaml`. */
export function isScenarioFile(path: string, config: KvmsimConfig): boolean {
  return config.scenarios.directories.some((folder) => {
    const directory = folder.replace(/\/+$/, '');
    return (
      path.startsWith(`${directory}/`) &&
      !path.slice(directory.length + 1).includes('/') &&
      /\.ya?ml$/.test(path)
    );
  });
}

/**
 * Whether the pipeline needs `path` of a revision: a file of the analysis set,
 * the config file, or a scenario file. Shells read only these.
 */
export function isAnalysedPath(path: string, config: KvmsimConfig = DEFAULT_CONFIG): boolean {
  return (
    path === CONFIG_PATH ||
    isInAnalysisSet(path, config.analysisSet ?? DEFAULT_ANALYSIS_SET) ||
    isScenarioFile(path, config)
  );
}

const WILDCARD = /[*?[\]{}!]/;

/**
 * The folders to list for a set of globs: each glob's fixed leading folders,
 * listed recursively when the rest of the glob can span folders. A glob with
 * no wildcard is one file: its folder, one level.
 */
function foldersToList(
  globs: readonly string[],
): { readonly folder: string; readonly recursive: boolean }[] {
  const out = new Map<string, boolean>();
  for (const glob of globs) {
    if (glob.startsWith('!')) continue;
    const segments = glob.split('/');
    const fixed: string[] = [];
    for (const segment of segments.slice(0, -1)) {
      if (WILDCARD.test(segment)) break;
      fixed.push(segment);
    }
    const rest = segments.slice(fixed.length);
    const recursive = rest.length > 1 || rest.some((segment) => segment.includes('**'));
    const folder = fixed.join('/');
    out.set(folder, (out.get(folder) ?? false) || recursive);
  }
  // A folder inside one listed recursively is listed already.
  const covered = (folder: string) =>
    [...out].some(
      ([other, recursive]) =>
        recursive && other !== folder && (other === '' || folder.startsWith(`${other}/`)),
    );
  return [...out]
    .filter(([folder]) => !covered(folder))
    .map(([folder, recursive]) => ({ folder, recursive }));
}

/**
 * The folders of a revision that hold every path `isAnalysedPath` accepts:
 * the analysis set's, `.github` and the scenario folders. A shell lists only
 * these (a kernel tree is large): the app through the trees API, the CLI with
 * a pathspec.
 */
export function analysedFolders(
  config: KvmsimConfig = DEFAULT_CONFIG,
): { readonly folder: string; readonly recursive: boolean }[] {
  return foldersToList([
    ...(config.analysisSet ?? DEFAULT_ANALYSIS_SET),
    '.github/*',
    ...config.scenarios.directories.map((folder) => `${folder.replace(/\/+$/, '')}/*`),
  ]);
}
