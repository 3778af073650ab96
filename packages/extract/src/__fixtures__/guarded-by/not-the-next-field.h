/*
 * The comment on a field's line is that field's, not the next one's.
 */
struct kvm_arch {
	int a; /* protected by kvm->lock */
	int b;
};
