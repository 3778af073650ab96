/*
 * Scope-based locking (linux/cleanup.h): scoped_guard(mutex, &lock) holds the
 * lock for its body; guard(write_lock)(&lock) holds it to the end of the
 * enclosing block. Each is a lock followed by a scope whose exit releases it,
 * on every way out of the scope (fall-through, return, goto).
 */
void flush_nested(struct kvm *kvm)
{
	scoped_guard(mutex, &kvm->slots_lock) {
		kvm->arch.nested_mmus_size = 0;
	}
	guard(write_lock)(&kvm->mmu_lock);
	kvm->arch.nested_mmus = NULL;
}
