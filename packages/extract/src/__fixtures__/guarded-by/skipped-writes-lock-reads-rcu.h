/*
 * Writes take the lock and reads RCU: no rule (it would flag every RCU
 * reader); guard-comment-skipped says why.
 */
struct kvm_arch {
	/* Protected by kvm->slots_lock (for writes) and RCU (for reads) */
	struct xarray attrs;
};
