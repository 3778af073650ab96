// A repository's own scenario file: a copy of two concurrent flushes under another name.
export const OWN_SCENARIO = `name: own-flush-pair
description: The repository's own copy of two concurrent flushes.
vm:
  nested: true
  memslots:
    - { size: 1G, blocks: 1G }
  splitCache: { filled: true, pages: 2 }
threads:
  - { name: exit_mm, entry: mmu-notifier-release }
  - { name: kvm_vm_release, entry: vm-release }
properties: [double-free]
`;
