/*
 * WARN_ON() with its condition left out (a macro that expanded to nothing):
 * the condition is an explicit unknown ("missing operand"), never the node
 * read again, and no warning: the simulator treats an unknown WARN_ON
 * condition as one it cannot decide.
 */
void warn_always(struct kvm *kvm)
{
	WARN_ON();
	kvm->arch.flags = 0;
}
