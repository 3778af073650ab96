// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture written for kvmsim in the shape of virt/kvm/kvm_main.c: the MMU
 * notifier release, VM teardown, memslot updates and CLEAR_DIRTY_LOG.
 *
 * Variant: patch 4, the generic flush takes the MMU lock.
 */
#include <linux/kvm_host.h>

static void kvm_flush_shadow_all(struct kvm *kvm)
{
	KVM_MMU_LOCK(kvm);
	kvm_arch_flush_shadow_all(kvm);
	KVM_MMU_UNLOCK(kvm);
	kvm_arch_guest_memory_reclaimed(kvm);
}

static void kvm_mmu_notifier_release(struct mmu_notifier *mn,
				     struct mm_struct *mm)
{
	struct kvm *kvm = mmu_notifier_to_kvm(mn);
	int idx;

	idx = srcu_read_lock(&kvm->srcu);
	kvm_flush_shadow_all(kvm);
	srcu_read_unlock(&kvm->srcu, idx);
}

static void kvm_destroy_vm(struct kvm *kvm)
{
	kvm_arch_pre_destroy_vm(kvm);
	kvm_flush_shadow_all(kvm);
	kvm_arch_destroy_vm(kvm);
}

static void kvm_swap_active_memslots(struct kvm *kvm, int as_id)
{
	mutex_unlock(&kvm->slots_arch_lock);
	synchronize_srcu_expedited(&kvm->srcu);
	kvm->mn_active_invalidate_count = 0;
}

static int kvm_set_memslot(struct kvm *kvm,
			   struct kvm_memory_slot *old,
			   struct kvm_memory_slot *new,
			   enum kvm_mr_change change)
{
	int r;

	mutex_lock(&kvm->slots_arch_lock);

	r = kvm_prepare_memory_region(kvm, old, new, change);
	if (r) {
		mutex_unlock(&kvm->slots_arch_lock);
		return r;
	}

	kvm_swap_active_memslots(kvm, 0);
	kvm_arch_commit_memory_region(kvm, old, new, change);
	return 0;
}

int kvm_set_memory_region(struct kvm *kvm,
			  const struct kvm_userspace_memory_region2 *mem)
{
	int r;

	mutex_lock(&kvm->slots_lock);
	r = kvm_set_memslot(kvm, NULL, NULL, KVM_MR_FLAGS_ONLY);
	mutex_unlock(&kvm->slots_lock);
	return r;
}

static int kvm_clear_dirty_log_protect(struct kvm *kvm,
				       struct kvm_clear_dirty_log *log)
{
	KVM_MMU_LOCK(kvm);
	kvm_arch_mmu_enable_log_dirty_pt_masked(kvm, NULL, 0, 0);
	KVM_MMU_UNLOCK(kvm);
	return 0;
}

static int kvm_vm_ioctl_clear_dirty_log(struct kvm *kvm,
					struct kvm_clear_dirty_log *log)
{
	int r;

	mutex_lock(&kvm->slots_lock);
	r = kvm_clear_dirty_log_protect(kvm, log);
	mutex_unlock(&kvm->slots_lock);
	return r;
}
