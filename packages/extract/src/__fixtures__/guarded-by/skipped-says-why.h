/*
 * When a comment makes no rule, the diagnostic says why, at the field it
 * sits above: here the comment is about created_vcpus, a member of the
 * same struct, not about online_vcpus below it; created_vcpus itself has
 * no comment of its own, so it gets no rule either.
 */
struct kvm {
	/* created_vcpus is protected by kvm->lock */
	atomic_t online_vcpus;
	int created_vcpus;
};
