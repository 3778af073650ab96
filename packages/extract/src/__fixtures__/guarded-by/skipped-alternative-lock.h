/*
 * "kvm->slots_lock or kvm->srcu": either will do, which a rule cannot say.
 * No rule; guard-comment-skipped says why.
 */
struct kvm_arch {
	/* Protected by kvm->slots_lock or kvm->srcu. */
	struct file *file;
};
