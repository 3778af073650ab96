// The folders a shell lists and the paths it reads of a revision.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/parse-config.js';
import { analysedFolders, isAnalysedPath } from './analysed-paths.js';

describe('analysedFolders', () => {
  it('the folders the default analysis set, the config and the scenarios live in', () => {
    expect(analysedFolders()).toEqual([
      { folder: 'arch/arm64/kvm', recursive: true },
      { folder: 'virt/kvm', recursive: false },
      { folder: 'include/linux', recursive: false },
      { folder: 'arch/arm64/include/asm', recursive: false },
      { folder: '.github', recursive: false },
      { folder: '.github/kvmsim/scenarios', recursive: false },
    ]);
  });

  it('a glob that starts with a wildcard means the whole tree', () => {
    const folders = analysedFolders(loadConfig('analysisSet: ["**/*.c", "!drivers/**"]\n'));
    expect(folders[0]).toEqual({ folder: '', recursive: true });
  });
});

describe('isAnalysedPath', () => {
  it('the analysis set, the config file and the scenario files, nothing else', () => {
    expect(isAnalysedPath('arch/arm64/kvm/mmu.c')).toBe(true);
    expect(isAnalysedPath('.github/kvmsim.yml')).toBe(true);
    expect(isAnalysedPath('.github/kvmsim/scenarios/own.yml')).toBe(true);
    expect(isAnalysedPath('.github/kvmsim/scenarios/sub/own.yml')).toBe(false);
    expect(isAnalysedPath('drivers/gpu/drm/drm_drv.c')).toBe(false);
  });
});
