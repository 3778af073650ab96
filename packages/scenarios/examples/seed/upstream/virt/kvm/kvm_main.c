// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture written for kvmsim in the shape of virt/kvm/kvm_main.c: the MMU
 * notifier release, VM teardown, memslot updates and CLEAR_DIRTY_LOG.
 */
#include <linux/kvm_host.h>

static void kvm_flush_shadow_all(struct kvm *kvm)
{
	kvm_arch_flush_shadow_all(kvm);
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
	struct kvm_memory_slot *old, *new;
	enum kvm_mr_change change;
	int r;

	lockdep_assert_held(&kvm->slots_lock);

	old = id_to_memslot(kvm, mem->slot);
	if (!mem->memory_size) {
		if (!old)
			return -EINVAL;
		return kvm_set_memslot(kvm, old, NULL, KVM_MR_DELETE);
	}

	if (!old)
		change = KVM_MR_CREATE;
	else if (mem->guest_phys_addr != old->base_gfn)
		change = KVM_MR_MOVE;
	else
		change = KVM_MR_FLAGS_ONLY;

	new = kzalloc(sizeof(*new), GFP_KERNEL_ACCOUNT);
	if (!new)
		return -ENOMEM;
	new->flags = mem->flags;

	r = kvm_set_memslot(kvm, old, new, change);
	if (r)
		kfree(new);
	return r;
}

static int kvm_vm_ioctl_set_memory_region(struct kvm *kvm,
					  struct kvm_userspace_memory_region2 *mem)
{
	if ((u16)mem->slot >= KVM_USER_MEM_SLOTS)
		return -EINVAL;

	guard(mutex)(&kvm->slots_lock);
	return kvm_set_memory_region(kvm, mem);
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

static int kvm_get_dirty_log_protect(struct kvm *kvm, struct kvm_dirty_log *log)
{
	KVM_MMU_LOCK(kvm);
	kvm_arch_mmu_enable_log_dirty_pt_masked(kvm, NULL, 0, 0);
	KVM_MMU_UNLOCK(kvm);
	return 0;
}

static int kvm_vm_ioctl_get_dirty_log(struct kvm *kvm, struct kvm_dirty_log *log)
{
	int r;

	mutex_lock(&kvm->slots_lock);
	r = kvm_get_dirty_log_protect(kvm, log);
	mutex_unlock(&kvm->slots_lock);
	return r;
}

static int kvm_mmu_notifier_invalidate_range_start(struct mmu_notifier *mn,
					const struct mmu_notifier_range *range)
{
	struct kvm *kvm = mmu_notifier_to_kvm(mn);
	int idx;

	idx = srcu_read_lock(&kvm->srcu);
	KVM_MMU_LOCK(kvm);
	kvm->mmu_invalidate_in_progress++;
	kvm_unmap_gfn_range(kvm, range);
	KVM_MMU_UNLOCK(kvm);
	srcu_read_unlock(&kvm->srcu, idx);
	return 0;
}
