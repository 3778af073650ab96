/*
 * guard() and scoped_guard() of a class the catalogue does not know: no
 * lock is modelled, a warning names the class, and the body is still
 * lowered (the accesses in it are real).
 */
void custom_guard(struct kvm *kvm)
{
	scoped_guard(frobnicator, &kvm->lock) {
		kvm->arch.flags = 1;
	}
	guard(frobnicator)(&kvm->lock);
	kvm->arch.flags = 2;
}
