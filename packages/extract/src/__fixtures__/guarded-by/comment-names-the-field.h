/*
 * A comment whose subject is the field itself ("nested_mmus_size is
 * protected by") documents it.
 */
struct kvm_arch {
	/* nested_mmus_size is protected by kvm->lock. */
	size_t nested_mmus_size;
};
