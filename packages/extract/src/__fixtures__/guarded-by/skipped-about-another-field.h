/*
 * A comment whose subject is another field (nested_mmus_next, named with
 * an underscore) above online: no rule for online; guard-comment-skipped
 * says which field it is about.
 */
struct kvm_arch {
	/*
	 * nested_mmus_next is protected by kvm->lock, and only grows;
	 * online is read atomically.
	 */
	atomic_t online;
	int nested_mmus_next;
};
