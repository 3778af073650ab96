// The world statements of a policy run, against one VM's stage-2 page table
// (@kvmsim/mmu-model's simulator): a split takes
// stage2_block_get_nr_page_tables() pages per block from the cache the call
// names, only when the cache holds them all (else -ENOMEM, as
// stage2_split_walker), and every replaced block costs a TLB invalidation.
import { Stage2PageTable, type Stage2Geometry } from '@kvmsim/mmu-model';
import { isAddress, type Value } from '../program/values.js';
import type { WorldCall, WorldModel } from '../kvm/world-model.js';

const integer = (value: Value | undefined): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) ? value : undefined;

export class PageTableWorld implements WorldModel {
  readonly table: Stage2PageTable;
  /** tlbi.vmid operations (kvm_flush_remote_tlbs and friends). */
  vmidInvalidations = 0;
  /** World statements the model does not simulate, by action: said in the result. */
  readonly unmodelled = new Map<string, number>();

  private seenVersion = -1;
  private print = 0;

  constructor(
    geometry: Stage2Geometry,
    /** Interns canonical page-table texts; shared by the VMs of a run. */
    private readonly intern: (text: string) => number,
  ) {
    this.table = new Stage2PageTable(geometry);
  }

  /** A number for the table's mappings: equal numbers, equal mappings. */
  fingerprint(): number {
    if (this.table.version !== this.seenVersion) {
      this.seenVersion = this.table.version;
      this.print = this.intern(this.table.encode());
    }
    return this.print;
  }

  apply(call: WorldCall): number {
    const [, addr, size, cache, level] = call.args;
    switch (call.action) {
      case 'stage2.split': {
        const ipa = integer(addr);
        const bytes = integer(size);
        if (ipa === undefined || bytes === undefined || cache === undefined || !isAddress(cache)) {
          this.skip(call.action);
          return 0;
        }
        const path = cache.address;
        return this.table.split(
          ipa,
          bytes,
          {
            get available() {
              return call.available(path);
            },
            take: (count) => call.take(path, count),
          },
          integer(level) ?? undefined,
        );
      }
      case 'stage2.unmap': {
        const ipa = integer(addr);
        const bytes = integer(size);
        if (ipa === undefined || bytes === undefined) this.skip(call.action);
        else if (bytes > 0) {
          try {
            this.table.unmap(ipa, bytes);
          } catch (error) {
            // A range that cuts a block: the model only unmaps whole entries.
            if (!(error instanceof RangeError)) throw error;
            this.skip(`${call.action} of part of a block`);
          }
        }
        return 0;
      }
      case 'stage2.destroy':
        this.table.destroy();
        return 0;
      case 'tlbi.vmid':
        this.vmidInvalidations += 1;
        return 0;
      default:
        // stage2.map (a vCPU fault's page) and stage2.wrprotect change no table
        // page the policy study counts.
        this.skip(call.action);
        return 0;
    }
  }

  get tlbInvalidations(): number {
    return this.table.counters.tlbInvalidations + this.vmidInvalidations;
  }

  private skip(action: string): void {
    this.unmodelled.set(action, (this.unmodelled.get(action) ?? 0) + 1);
  }
}
