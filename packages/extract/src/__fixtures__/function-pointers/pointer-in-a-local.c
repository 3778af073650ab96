/*
 * A call through a function pointer held in a local (or any expression
 * that is not a member): nothing says what it calls, so it is opaque, said
 * as information at its line.
 */
void call_handler(struct kvm *kvm, int (*handler)(struct kvm *kvm))
{
	(*handler)(kvm);
	kvm->arch.flags = 1;
}
