/*
 * Reads may go without the lock when a stale answer will do: no rule;
 * guard-comment-skipped says why.
 */
struct kvm_arch {
	/*
	 * Protected by kvm->slots_lock, but can be read outside if a stale
	 * answer will do.
	 */
	atomic_t nr_logging;
};
