/*
 * A call through an ops-table member (mm_ops->put_page(p)) is a call of the
 * one function an initialiser of the program designates for that member:
 * kvm_s2_put_page here. A member no table names stays opaque, said as
 * information.
 */
static void kvm_s2_put_page(void *addr)
{
	kfree(addr);
}

static struct kvm_pgtable_mm_ops kvm_s2_mm_ops = {
	.put_page = kvm_s2_put_page,
};

void put_both(struct kvm_pgtable_mm_ops *mm_ops, void *p)
{
	mm_ops->put_page(p);
	mm_ops->get_page(p);
}
