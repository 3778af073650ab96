/*
 * Guarded-by comments are read wherever a struct the model has paths for
 * is defined, a .c file included, and the functions of that file are
 * lowered as usual: the rule and the store it governs are both in the
 * program (the simulator checks one against the other).
 */
struct kvm_arch {
	/* Protected by kvm->slots_lock */
	unsigned long chunk_pages;
};

void set_chunk_pages(struct kvm *kvm, unsigned long pages)
{
	mutex_lock(&kvm->slots_lock);
	kvm->arch.chunk_pages = pages;
	mutex_unlock(&kvm->slots_lock);
}
