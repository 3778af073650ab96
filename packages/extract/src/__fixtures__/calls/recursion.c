/*
 * A function that calls itself: the call stays, the simulator cuts the
 * recursion at its inlining depth, and the extractor says so.
 */
void walk_level(struct kvm *kvm, int level)
{
	if (level > 3)
		return;
	kvm->arch.flags = level;
	walk_level(kvm, level + 1);
}
