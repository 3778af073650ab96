// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture written for kvmsim in the shape of arch/arm64/kvm/arm.c:
 * KVM_ENABLE_CAP for the eager-split chunk size.
 */
#include <linux/kvm_host.h>

int kvm_vm_ioctl_enable_cap(struct kvm *kvm, struct kvm_enable_cap *cap)
{
	int r = -EINVAL;
	u64 new_cap;

	if (cap->flags)
		return -EINVAL;

	switch (cap->cap) {
	case KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE:
		new_cap = cap->args[0];

		mutex_lock(&kvm->slots_lock);
		/*
		 * To keep things simple, allow changing the chunk
		 * size only when no memory slots have been created.
		 */
		if (kvm_are_all_memslots_empty(kvm)) {
			u64 *sizes = kvm_supported_block_sizes();

			r = -EINVAL;
			if (new_cap == 0 || kvm_is_block_size_supported(new_cap)) {
				r = 0;
				kvm->arch.mmu.split_page_chunk_size = new_cap;
			}
		}
		mutex_unlock(&kvm->slots_lock);
		break;
	default:
		break;
	}

	return r;
}

int kvm_arch_init_vm(struct kvm *kvm, unsigned long type)
{
	int ret;

	mutex_init(&kvm->arch.config_lock);

	ret = kvm_init_stage2_mmu(kvm, &kvm->arch.mmu, type);
	if (ret)
		return ret;

	ret = kvm_share_hyp(kvm, kvm + 1);
	if (ret)
		goto err_uninit_mmu;

	return 0;

err_uninit_mmu:
	kvm_uninit_stage2_mmu(kvm);
	return ret;
}

int kvm_arch_vcpu_ioctl_run(struct kvm_vcpu *vcpu)
{
	int ret = 1;

	while (ret > 0) {
		ret = kvm_arm_vcpu_enter_exit(vcpu);
		if (kvm_vcpu_trap_is_iabt(vcpu))
			ret = kvm_handle_guest_abort(vcpu);
	}
	return ret;
}
