/*
 * A comma expression as a do-while condition (the stage-2 walkers' "addr =
 * next, addr != end"): the left side runs as statements at the end of each
 * iteration, then the right side is the test that breaks the loop.
 */
u64 walk_range(struct kvm *kvm, u64 addr, u64 end)
{
	u64 next;

	do {
		next = addr + PAGE_SIZE;
	} while (addr = next, addr != end);
	return addr << PAGE_SHIFT;
}
