/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixture written for kvmsim in the shape of the arm64 KVM host header:
 * only the structures and fields the seed thread's functions touch.
 */
#ifndef __ARM64_KVM_HOST_H__
#define __ARM64_KVM_HOST_H__

struct kvm_mmu_memory_cache {
	int nobjs;
	int capacity;
	void **objects;
};

struct kvm_s2_mmu {
	struct kvm_vmid vmid;

	/* The stage-2 page table; NULL once torn down. */
	struct kvm_pgtable *pgt;
	u64 pgd_phys;

	/*
	 * Memory cache used to split eager-split chunks of huge pages:
	 * its capacity follows the chunk size.
	 *
	 * Protected by kvm->slots_lock.
	 */
	struct kvm_mmu_memory_cache split_page_cache;
	uint64_t split_page_chunk_size;

	struct kvm_arch *arch;
	atomic_t refcnt;
};

struct kvm_arch {
	struct kvm_s2_mmu mmu;

	/* Nested stage-2 page tables, kvm->arch.nested_mmus_size of them. */
	struct kvm_s2_mmu *nested_mmus;
	size_t nested_mmus_size;
	int nested_mmus_next;

	/* Protected by kvm->arch.config_lock */
	unsigned long flags;
	struct mutex config_lock;
};

struct kvm_vcpu_arch {
	/* Stage 2 paging state used by the hardware on next switch */
	struct kvm_s2_mmu *hw_mmu;

	/* Cache of objects for stage-2 faults, used by this vcpu only. */
	struct kvm_mmu_memory_cache mmu_page_cache;
};

static inline struct kvm *kvm_s2_mmu_to_kvm(struct kvm_s2_mmu *mmu)
{
	return container_of(mmu->arch, struct kvm, arch);
}

#endif /* __ARM64_KVM_HOST_H__ */
