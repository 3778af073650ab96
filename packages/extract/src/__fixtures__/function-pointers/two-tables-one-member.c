/*
 * Two ops tables that name different functions for one member: a call
 * through it could be either, so it is opaque, and the diagnostic names
 * both candidates. Picking one would be a guess.
 */
static void free_a(void *addr)
{
	kfree(addr);
}

static void free_b(void *addr)
{
	kvfree(addr);
}

static struct kvm_pgtable_mm_ops ops_a = {
	.free_pages_exact = free_a,
};

static struct kvm_pgtable_mm_ops ops_b = {
	.free_pages_exact = free_b,
};

void free_through(struct kvm_pgtable_mm_ops *mm_ops, void *p)
{
	mm_ops->free_pages_exact(p);
}
