// One kernel-style fixture per construct the extractor models, each with the
// IR it must produce (the reviewed snapshot is the expected text below).
import { describe, expect, it } from 'vitest';
import { lowered } from '../test-helpers/c.js';

describe('locks', () => {
  it('lock APIs, KVM_MMU_LOCK and paths through parameters', async () => {
    const { body } = await lowered(
      `void f(struct kvm *kvm)
{
	spin_lock(&kvm->mmu_lock);
	spin_unlock(&kvm->mmu_lock);
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	KVM_MMU_LOCK(kvm);
	KVM_MMU_UNLOCK(kvm);
	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
}`,
      'f',
    );
    expect(body).toEqual([
      'lock kvm.mmu_lock (exclusive)',
      'unlock kvm.mmu_lock (exclusive)',
      'lock kvm.mmu_lock (read)',
      'unlock kvm.mmu_lock (read)',
      'lock kvm.mmu_lock (write)',
      'unlock kvm.mmu_lock (write)',
      'lock kvm.slots_lock (exclusive)',
      'unlock kvm.slots_lock (exclusive)',
    ]);
  });

  it('trylock never blocks, _interruptible may fail and blocks', async () => {
    const { body } = await lowered(
      `int f(struct kvm *kvm)
{
	if (!mutex_trylock(&kvm->lock))
		return -EBUSY;
	if (mutex_lock_interruptible(&kvm->slots_lock))
		return -EINTR;
	return 0;
}`,
      'f',
    );
    expect(body).toEqual([
      '$r1 = lock kvm.lock (exclusive) may fail, never blocks',
      'if !$r1',
      '  return -16',
      '$r2 = lock kvm.slots_lock (exclusive) may fail',
      'if $r2',
      '  return -4',
      'return 0',
    ]);
  });

  it('guard() takes the rest of the block, scoped_guard() its body', async () => {
    const { body } = await lowered(
      `void f(struct kvm *kvm)
{
	scoped_guard(mutex, &kvm->slots_lock) {
		kvm->arch.nested_mmus_size = 0;
	}
	guard(write_lock)(&kvm->mmu_lock);
	kvm->arch.nested_mmus = NULL;
}`,
      'f',
    );
    expect(body).toEqual([
      'lock kvm.slots_lock (exclusive)',
      'scope',
      '  kvm.arch.nested_mmus_size = 0',
      'on exit',
      '  unlock kvm.slots_lock (exclusive)',
      'lock kvm.mmu_lock (write)',
      'scope',
      '  kvm.arch.nested_mmus = NULL',
      'on exit',
      '  unlock kvm.mmu_lock (write)',
    ]);
  });

  it('cond_resched_rwlock_write drops, may sleep, retakes', async () => {
    const { body } = await lowered(
      `void f(struct kvm *kvm)
{
	cond_resched_rwlock_write(&kvm->mmu_lock);
}`,
      'f',
    );
    expect(body).toEqual([
      'unlock kvm.mmu_lock (write)',
      'might_sleep (cond_resched_rwlock_write())',
      'lock kvm.mmu_lock (write)',
    ]);
  });

  it('SRCU read sections and synchronize_srcu_expedited', async () => {
    const { body } = await lowered(
      `void f(struct kvm *kvm)
{
	int idx = srcu_read_lock(&kvm->srcu);

	srcu_read_unlock(&kvm->srcu, idx);
	synchronize_srcu_expedited(&kvm->srcu);
}`,
      'f',
    );
    expect(body).toEqual([
      '$r1 = srcu_read_lock kvm.srcu',
      'idx = $r1',
      'srcu_read_unlock kvm.srcu',
      'synchronize_srcu_expedited kvm.srcu',
    ]);
  });

  it('a lock outside the catalogue is modelled with the kind its API implies, and said', async () => {
    const { body, diagnostics, program } = await lowered(
      `void f(struct kvm_vcpu *vcpu)
{
	spin_lock(&vcpu->arch.mp_state_lock);
	spin_unlock(&vcpu->arch.mp_state_lock);
	mutex_lock(&kvm_lock);
	mutex_unlock(&kvm_lock);
}`,
      'f',
    );
    expect(body).toEqual([
      'lock vcpu.arch.mp_state_lock (exclusive)',
      'unlock vcpu.arch.mp_state_lock (exclusive)',
      'lock kvm_lock (exclusive)',
      'unlock kvm_lock (exclusive)',
    ]);
    expect(program.locks?.map((lock) => `${lock.path} ${lock.kind} ${lock.source}`)).toEqual([
      'kvm_lock mutex arch/arm64/kvm/test.c:5',
      'vcpu.arch.mp_state_lock spinlock arch/arm64/kvm/test.c:3',
    ]);
    expect(diagnostics.map((d) => `${d.code} ${d.severity} ${d.loc.line}`)).toEqual([
      'uncatalogued-lock info 3',
      'uncatalogued-lock info 5',
    ]);
  });

  it('a lock nothing says the kind of stays a diagnostic, not a guess', async () => {
    const { body, diagnostics } = await lowered(
      `void f(struct kvm_vcpu *vcpu)
{
	lockdep_assert_held(&vcpu->arch.mp_state_lock);
}`,
      'f',
    );
    expect(body).toEqual([]);
    expect(diagnostics.map((d) => `${d.code} ${d.loc.line}`)).toEqual(['unknown-lock 3']);
    expect(diagnostics[0]?.message).toMatch(/lock 'vcpu\.arch\.mp_state_lock'/);
  });

  it('one lock taken as two kinds is refused', async () => {
    const { diagnostics } = await lowered(
      `void f(void)
{
	mutex_lock(&odd_lock);
	spin_lock(&odd_lock);
}`,
      'f',
    );
    expect(diagnostics.map((d) => d.code)).toEqual(['uncatalogued-lock', 'lock-kind-conflict']);
  });

  it('guard(srcu) is a read section to the end of the block; guard(rcu) is said, not guessed', async () => {
    const { body, diagnostics } = await lowered(
      `void f(struct kvm *kvm)
{
	guard(srcu)(&kvm->srcu);
	guard(rcu)();
	kvm->arch.flags = 1;
}`,
      'f',
    );
    expect(body).toEqual([
      'srcu_read_lock kvm.srcu',
      'scope',
      '  kvm.arch.flags = 1',
      'on exit',
      '  srcu_read_unlock kvm.srcu',
    ]);
    expect(diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(['untracked-section info']);
  });
});

describe('operands C lets you leave out', () => {
  it('GNU `a ?: b`, WARN_ON() without a condition, and any ->kvm member is the VM', async () => {
    const { body, diagnostics } = await lowered(
      `struct kvm_vcpu *f(struct vgic_irq *irq, struct its *its)
{
	WARN_ON();
	srcu_read_lock(&its->dev->kvm->srcu);
	return irq->vcpu ? : irq->target_vcpu;
}`,
      'f',
    );
    expect(body).toEqual([
      'WARN_ON(?(missing operand))',
      'srcu_read_lock kvm.srcu',
      'return (irq.vcpu ? irq.vcpu : irq.target_vcpu)',
    ]);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});

describe('macros the grammar cannot see whole', () => {
  it('scoped_guard and an iterator without braces take the next statement as their body', async () => {
    const { body, diagnostics } = await lowered(
      `void f(struct kvm_vcpu *vcpu)
{
	if (!vcpu->arch.hw_mmu) {
		scoped_guard(write_lock, &vcpu->kvm->mmu_lock)
			vcpu->arch.hw_mmu = NULL;
	}
	kvm_for_each_vcpu(i, v, vcpu->kvm)
		v->arch.pause = true;
}`,
      'f',
    );
    expect(body).toEqual([
      'if !vcpu.arch.hw_mmu',
      '  lock kvm.mmu_lock (write)',
      '  scope',
      '    vcpu.arch.hw_mmu = NULL',
      '  on exit',
      '    unlock kvm.mmu_lock (write)',
      'loop (at most 2)',
      '  v.arch.pause = true',
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('an iterator whose body opens with a declaration, and one under a label', async () => {
    const { body, diagnostics } = await lowered(
      `int f(struct kvm *kvm)
{
	for_each_possible_cpu(cpu) {
		struct page *page = kzalloc(8, GFP_KERNEL);

		kfree(page);
	}
	return 0;
out_unlock:
	kvm_for_each_vcpu(j, vcpu, kvm) {
		mutex_unlock(&vcpu->mutex);
	}
	return -EINTR;
}`,
      'f',
    );
    expect(body).toEqual([
      'loop (at most 2)',
      '  page = kzalloc() [page, may sleep]',
      '  kfree(page)',
      'return 0',
      'out_unlock:',
      'loop (at most 2)',
      '  unlock vcpu.mutex (exclusive)',
      'return -4',
    ]);
    expect(diagnostics.filter((d) => d.code === 'unknown-statement')).toEqual([]);
  });

  it("a break in the middle of a case leaves the switch; a loop's own break stays the loop's", async () => {
    const { body } = await lowered(
      `long f(struct kvm *kvm, unsigned int ioctl)
{
	long r;

	switch (ioctl) {
	case 1: {
		r = -EFAULT;
		if (kvm->arch.flags)
			break;
		mutex_lock(&kvm->lock);
		mutex_unlock(&kvm->lock);
		break;
	}
	case 2:
		while (kvm->arch.flags) {
			if (kvm->arch.flags)
				break;
		}
		r = 0;
		break;
	default:
		r = -EINVAL;
	}
	return r;
}`,
      'f',
    );
    expect(body).toEqual([
      '$switch2 = ioctl',
      'if ($switch2 == 1)',
      '  r = -14',
      '  if kvm.arch.flags',
      '    goto $switch_end1',
      '  lock kvm.lock (exclusive)',
      '  unlock kvm.lock (exclusive)',
      'else',
      '  if ($switch2 == 2)',
      '    loop while kvm.arch.flags (at most 2)',
      '      if kvm.arch.flags',
      '        break',
      '    r = 0',
      '  else',
      '    r = -22',
      '$switch_end1:',
      'return r',
    ]);
  });

  it('a switch compares its value once with each label; shared labels share an arm; default runs when none matches', async () => {
    const { body } = await lowered(
      `int f(struct kvm *kvm)
{
	int r;

	switch (kvm->arch.flags) {
	default:
		r = -EINVAL;
		break;
	case 1:
	case 2:
		r = 1;
		break;
	case KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE:
		r = 2;
	}
	return r;
}`,
      'f',
    );
    expect(body).toEqual([
      '$switch2 = kvm.arch.flags',
      'if (($switch2 == 1) || ($switch2 == 2))',
      '  r = 1',
      'else',
      '  if ($switch2 == 228)',
      '    r = 2',
      '  else',
      '    r = -22',
      'return r',
    ]);
  });

  it('a GNU case range does not break the switch', async () => {
    const { body, diagnostics } = await lowered(
      `int f(struct kvm *kvm, int granule)
{
	switch (granule) {
	case 1 ... 3:
		mutex_lock(&kvm->lock);
		mutex_unlock(&kvm->lock);
		break;
	default:
		return -EINVAL;
	}
	return 0;
}`,
      'f',
    );
    expect(diagnostics.filter((d) => d.code === 'parse-error')).toEqual([]);
    expect(body.map((line) => line.trim())).toContain('lock kvm.lock (exclusive)');
  });

  it('attribute macros between the type and the name do not hide the function', async () => {
    const { body } = await lowered(
      `static void __init __maybe_unused f(struct kvm *kvm)
{
	mutex_lock(&kvm->lock);
	mutex_unlock(&kvm->lock);
}`,
      'f',
    );
    expect(body).toEqual(['lock kvm.lock (exclusive)', 'unlock kvm.lock (exclusive)']);
  });
});

describe('assertions and lifetimes', () => {
  it('lockdep assertions, WARN_ON as a statement and in a condition, BUG_ON', async () => {
    const { body } = await lowered(
      `void f(struct kvm *kvm)
{
	lockdep_assert_held_write(&kvm->mmu_lock);
	lockdep_assert_held(&kvm->slots_lock);
	if (WARN_ON(!kvm->arch.mmu.pgt))
		return;
	BUG_ON(kvm->arch.nested_mmus_size < 0);
}`,
      'f',
    );
    expect(body).toEqual([
      'lockdep_assert_held_write(kvm.mmu_lock)',
      'lockdep_assert_held(kvm.slots_lock)',
      '$r1 = WARN_ON(!kvm.arch.mmu.pgt)',
      'if $r1',
      '  return',
      'BUG_ON((kvm.arch.nested_mmus_size < 0))',
    ]);
  });

  it('frees, allocations with GFP flags, memory caches, stage-2 operations', async () => {
    const { body } = await lowered(
      `int f(struct kvm *kvm, struct kvm_pgtable *pgt)
{
	struct kvm_mmu_memory_cache *cache = &kvm->arch.mmu.split_page_cache;
	void *p;
	int ret;

	kvm->arch.nested_mmus = kvcalloc(4, sizeof(struct kvm_s2_mmu), GFP_KERNEL_ACCOUNT);
	p = kzalloc(64, GFP_ATOMIC);
	kfree(p);
	ret = __kvm_mmu_topup_memory_cache(cache, kvm_mmu_split_nr_page_tables(SZ_1G), 1);
	ret = kvm_mmu_topup_memory_cache(&kvm->arch.mmu.split_page_cache, 2);
	p = kvm_mmu_memory_cache_alloc(cache);
	kvm_mmu_free_memory_cache(cache);
	KVM_PGT_FN(kvm_pgtable_stage2_destroy)(pgt);
	kvfree(kvm->arch.nested_mmus);
	return ret;
}`,
      'f',
    );
    expect(body).toEqual([
      'kvm.arch.nested_mmus = kvcalloc() [nested_mmus, may sleep]',
      'p = kzalloc() [p]',
      'kfree(p)',
      "$r1 = topup kvm.arch.mmu.split_page_cache capacity kvm_mmu_split_nr_page_tables(?('SZ_1G' is not modelled)) min 1",
      'ret = $r1',
      '$r2 = topup kvm.arch.mmu.split_page_cache capacity 40 min 2',
      'ret = $r2',
      '$r3 = cache_alloc kvm.arch.mmu.split_page_cache',
      'p = $r3',
      'cache_free kvm.arch.mmu.split_page_cache',
      'stage2.destroy(pgt)',
      'kvfree(kvm.arch.nested_mmus)',
      'return ret',
    ]);
  });

  it('might_sleep and cond_resched', async () => {
    const { body } = await lowered(`void f(void)\n{\n\tmight_sleep();\n\tcond_resched();\n}`, 'f');
    expect(body).toEqual(['might_sleep (might_sleep())', 'might_sleep (cond_resched())']);
  });
});

describe('paths and values', () => {
  it('aliases of field addresses, kvm_s2_mmu_to_kvm, container_of, array elements', async () => {
    const { body } = await lowered(
      `void f(struct kvm_s2_mmu *mmu, int i)
{
	struct kvm *kvm = kvm_s2_mmu_to_kvm(mmu);
	struct kvm_s2_mmu *nested = &kvm->arch.nested_mmus[i];
	struct kvm *other = container_of(mmu->arch, struct kvm, arch);

	write_lock(&kvm->mmu_lock);
	nested->pgt = NULL;
	mmu->pgd_phys = 0;
	WRITE_ONCE(other->arch.flags, 0);
	write_unlock(&kvm->mmu_lock);
}`,
      'f',
    );
    expect(body).toEqual([
      'lock kvm.mmu_lock (write)',
      'kvm.arch.nested_mmus[*].pgt = NULL',
      'mmu.pgd_phys = 0',
      'write kvm.arch.flags',
      'unlock kvm.mmu_lock (write)',
    ]);
  });

  it('reads and writes: ++, compound assignment, flag tests, constants', async () => {
    const { body } = await lowered(
      `void f(struct kvm *kvm, const struct kvm_memory_slot *new)
{
	bool logging = new->flags & KVM_MEM_LOG_DIRTY_PAGES;

	kvm->arch.nested_mmus_next++;
	kvm->arch.nested_mmus_size += 2;
	if (logging && kvm_is_block_size_supported(kvm->arch.mmu.split_page_chunk_size))
		kvm->arch.mmu.split_page_chunk_size = 0;
}`,
      'f',
    );
    expect(body).toEqual([
      'logging = (new.flags & 1)',
      'write kvm.arch.nested_mmus_next',
      'write kvm.arch.nested_mmus_size',
      'if (logging && kvm_is_block_size_supported(kvm.arch.mmu.split_page_chunk_size))',
      '  kvm.arch.mmu.split_page_chunk_size = 0',
    ]);
  });

  it('a constant argument reaches the callee: calls keep their arguments', async () => {
    const { body } = await lowered(
      `static void __free(struct kvm_s2_mmu *mmu, bool locked)
{
	struct kvm *kvm = kvm_s2_mmu_to_kvm(mmu);

	if (!locked)
		write_lock(&kvm->mmu_lock);
	mmu->pgt = NULL;
	if (!locked)
		write_unlock(&kvm->mmu_lock);
}

void f(struct kvm *kvm)
{
	__free(&kvm->arch.mmu, true);
}`,
      'f',
    );
    expect(body).toEqual(['call __free(&kvm.arch.mmu, true)']);
  });
});

describe('control flow', () => {
  it('a comma expression as a loop condition runs its left side, then tests its right side', async () => {
    const { body } = await lowered(
      `int f(struct kvm *kvm, u64 addr, u64 end)
{
	u64 next;

	do {
		next = addr + PAGE_SIZE;
	} while (addr = next, addr != end);
	return addr << PAGE_SHIFT;
}`,
      'f',
    );
    expect(body).toEqual([
      'loop (at most 2)',
      '  next = (addr + PAGE_SIZE())',
      '  addr = next',
      '  if !(addr != end)',
      '    break',
      'return (addr << PAGE_SHIFT())',
    ]);
  });

  it('for, while, do-while, goto, switch', async () => {
    const { body } = await lowered(
      `int f(struct kvm *kvm)
{
	int i, r = 0;

	for (i = 0; i < kvm->arch.nested_mmus_size; i++)
		kvm->arch.nested_mmus[i].pgt = NULL;
	while (kvm->arch.nested_mmus_next)
		kvm->arch.nested_mmus_next--;
	do {
		r = 1;
	} while (r == 0);
	switch (r) {
	case 1:
		kvm->arch.flags = 1;
		break;
	default:
		goto out;
	}
out:
	return r;
}`,
      'f',
    );
    expect(body).toEqual([
      'r = 0',
      'i = 0',
      'loop while (i < kvm.arch.nested_mmus_size) (at most 2)',
      '  kvm.arch.nested_mmus[*].pgt = NULL',
      'then',
      '  i = (i + 1)',
      'loop while kvm.arch.nested_mmus_next (at most 2)',
      '  write kvm.arch.nested_mmus_next',
      'loop (at most 2)',
      '  r = 1',
      '  if !(r == 0)',
      '    break',
      '$switch2 = r',
      'if ($switch2 == 1)',
      '  kvm.arch.flags = 1',
      'else',
      '  goto out',
      'out:',
      'return r',
    ]);
  });

  it('iteration macros are bounded loops', async () => {
    const { body } = await lowered(
      `void f(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	kvm_for_each_vcpu(i, vcpu, kvm) {
		mutex_lock(&vcpu->mutex);
		mutex_unlock(&vcpu->mutex);
	}
}`,
      'f',
    );
    expect(body).toEqual([
      'loop (at most 2)',
      '  lock vcpu.mutex (exclusive)',
      '  unlock vcpu.mutex (exclusive)',
    ]);
  });
});

describe('diagnostics', () => {
  it('function pointers, parse errors and calls outside the analysis set are said, with lines', async () => {
    const { diagnostics } = await lowered(
      `void f(struct kvm *kvm)
{
	kvm->arch.ops->flush(kvm);
	frobnicate(kvm);
	int x = ((;
}`,
      'f',
    );
    expect(diagnostics.map((d) => `${d.code}:${d.loc.line}`).sort()).toEqual(
      ['opaque-call:4', 'parse-error:5', 'unresolved-function-pointer:3'].sort(),
    );
  });
});

describe('lock balance', () => {
  it('says when one path returns holding the lock and another does not', async () => {
    const { diagnostics } = await lowered(
      `int f(struct kvm *kvm)
{
	mutex_lock(&kvm->slots_lock);
	if (kvm->arch.flags)
		return -EBUSY;
	mutex_unlock(&kvm->slots_lock);
	return 0;
}`,
      'f',
    );
    expect(diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      'unbalanced-lock: f returns holding kvm.slots_lock (exclusive) at line 5 but no lock it took at line 7',
    ]);
  });

  it('is silent for error paths through goto, guard() returns, and a lock both paths release', async () => {
    const { diagnostics } = await lowered(
      `int f(struct kvm *kvm)
{
	int r = 0;

	mutex_lock(&kvm->slots_lock);
	if (kvm->arch.flags) {
		r = -EBUSY;
		goto out_unlock;
	}
	kvm->arch.flags = 1;
out_unlock:
	mutex_unlock(&kvm->slots_lock);
	return r;
}

int g(struct kvm *kvm)
{
	guard(write_lock)(&kvm->mmu_lock);
	if (kvm->arch.flags)
		return -EBUSY;
	return 0;
}`,
      'f',
    );
    expect(diagnostics.filter((d) => d.code === 'unbalanced-lock')).toEqual([]);
    const other = await lowered(
      `int g(struct kvm *kvm)\n{\n\tguard(write_lock)(&kvm->mmu_lock);\n\tif (kvm->arch.flags)\n\t\treturn -EBUSY;\n\treturn 0;\n}`,
      'g',
    );
    expect(other.diagnostics.filter((d) => d.code === 'unbalanced-lock')).toEqual([]);
  });

  it('follows a lock that may fail into the branch on its result', async () => {
    const { diagnostics } = await lowered(
      `long f(struct kvm_vcpu *vcpu)
{
	long r = 0;

	if (mutex_lock_killable(&vcpu->mutex))
		return -EINTR;
	if (vcpu->arch.flags)
		r = -EBUSY;
	mutex_unlock(&vcpu->mutex);
	return r;
}

int g(struct kvm_vcpu *vcpu)
{
	if (!read_trylock(&vcpu->kvm->mmu_lock))
		return 0;
	read_unlock(&vcpu->kvm->mmu_lock);
	return 1;
}`,
      'f',
    );
    expect(diagnostics.filter((d) => d.code === 'unbalanced-lock')).toEqual([]);
    const g = await lowered(
      `int g(struct kvm_vcpu *vcpu)\n{\n\tif (!read_trylock(&vcpu->kvm->mmu_lock))\n\t\treturn 0;\n\tread_unlock(&vcpu->kvm->mmu_lock);\n\treturn 1;\n}`,
      'g',
    );
    expect(g.diagnostics.filter((d) => d.code === 'unbalanced-lock')).toEqual([]);
  });

  it('still fires when the failure path releases the lock it did not get', async () => {
    const { diagnostics } = await lowered(
      `int f(struct kvm *kvm)
{
	if (mutex_lock_interruptible(&kvm->lock)) {
		mutex_unlock(&kvm->lock);
		return -EINTR;
	}
	mutex_unlock(&kvm->lock);
	return 0;
}`,
      'f',
    );
    expect(diagnostics.map((d) => d.code)).toContain('unbalanced-lock');
  });

  it('locking one element per iteration is said as information, not as a warning', async () => {
    const { diagnostics } = await lowered(
      `void f(struct kvm *kvm)
{
	kvm_for_each_vcpu(i, vcpu, kvm)
		mutex_unlock(&vcpu->mutex);
}`,
      'f',
    );
    expect(diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(['lock-in-loop info']);
  });
});

describe('function pointers', () => {
  it('a call through an ops-table member resolves to the one function a table names', async () => {
    const { body, diagnostics } = await lowered(
      `static void kvm_s2_put_page(void *addr)
{
	kfree(addr);
}

static struct kvm_pgtable_mm_ops kvm_s2_mm_ops = {
	.put_page = kvm_s2_put_page,
};

void f(struct kvm_pgtable_mm_ops *mm_ops, void *p)
{
	mm_ops->put_page(p);
	mm_ops->get_page(p);
}`,
      'f',
    );
    expect(body).toEqual(['call kvm_s2_put_page(p)']);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'call through ->get_page is not resolved (no ops table names a function for it); it is opaque',
    ]);
  });
});

describe('atomic sections', () => {
  it('preempt_disable/enable and local_irq_save/restore enter and leave sections; guards leave on every exit', async () => {
    const { body, diagnostics } = await lowered(
      `int f(struct kvm *kvm, unsigned long flags)
{
	preempt_disable();
	local_irq_save(flags);
	kvm->arch.flags = 1;
	local_irq_restore(flags);
	preempt_enable();
	scoped_guard(irqsave) {
		if (kvm->arch.flags)
			return 1;
	}
	guard(preempt)();
	return 0;
}`,
      'f',
    );
    expect(body).toEqual([
      'atomic section=preempt enter=true api=preempt_disable',
      'atomic section=irq enter=true api=local_irq_save',
      'kvm.arch.flags = 1',
      'atomic section=irq enter=false api=local_irq_restore',
      'atomic section=preempt enter=false api=preempt_enable',
      'atomic section=irq enter=true api=scoped_guard(irqsave)',
      'scope',
      '  if kvm.arch.flags',
      '    return 1',
      'on exit',
      '  atomic section=irq enter=false api=scoped_guard(irqsave)',
      'atomic section=preempt enter=true api=guard(preempt)',
      'scope',
      '  return 0',
      'on exit',
      '  atomic section=preempt enter=false api=guard(preempt)',
    ]);
    expect(diagnostics).toEqual([]);
  });
});
