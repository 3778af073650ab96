// Benchmark: split a 64 GiB memslot mapped with 1 GiB blocks down to 4 KiB
// pages, as eager splitting does on the first KVM_CLEAR_DIRTY_LOG of a
// migration, and print the time and the table pages it needed.
import { performance } from 'node:perf_hooks';
import { Stage2PageTable, splitNrPageTables, stage2Geometry } from '../dist/index.js';

const G = 2 ** 30;
const geometry = stage2Geometry({ granule: '4K', ipaBits: 40 });
const memslot = 64 * G;
const runs = 20;
const times = [];
let table;
for (let run = 0; run < runs; run += 1) {
  const start = performance.now();
  table = new Stage2PageTable(geometry);
  table.map(0, memslot, 1);
  let available = Number.MAX_SAFE_INTEGER;
  const source = {
    get available() {
      return available;
    },
    take(count) {
      available -= count;
    },
  };
  // Chunk by chunk, as kvm_mmu_split_huge_pages() walks KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE.
  for (let address = 0; address < memslot; address += G) table.split(address, G, source);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(runs / 2)];
console.log('split 64 GiB of 1 GiB blocks to 4 KiB pages (4K granule, 40-bit IPA)');
console.log(
  `  table pages taken from the split cache: ${table.counters.pagesTakenFromCache} (64 x kvm_mmu_split_nr_page_tables(1G) = 64 x ${splitNrPageTables(geometry, G)})`,
);
console.log(`  table pages live after the split:        ${table.counters.tablePagesLive}`);
console.log(
  `  break-before-make sequences / TLBIs:     ${table.counters.breakBeforeMake} / ${table.counters.tlbInvalidations}`,
);
console.log(
  `  time: median ${median.toFixed(3)} ms, min ${times[0].toFixed(3)} ms over ${runs} runs`,
);
