/*
 * A block macro the catalogue does not know, whose body opens with a
 * declaration, parses as a nested function definition (C has none). It is
 * not an iterator the catalogue names, so guessing a loop would be wrong:
 * it is dropped with an information diagnostic naming its kind. Inline
 * assembly (a barrier here) is invisible to the model and dropped without
 * one. The statements around both are lowered.
 */
void scan_pages(struct kvm *kvm)
{
	mutex_lock(&kvm->lock);
	page_walk_scope(kvm) {
		struct page *page = kzalloc(8, GFP_KERNEL);

		kfree(page);
	}
	asm volatile("dsb ish" : : : "memory");
	mutex_unlock(&kvm->lock);
}
