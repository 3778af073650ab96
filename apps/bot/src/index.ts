// @kvmsim/bot: the Probot app. index wires events to handlers; handlers live beside it.
export { DEFAULT_KVM_PATHS, matchingPaths } from './kvm-paths.js';
