/* VMAs: placement, merge and split as Linux does them, max_map_count,
 * mmap_min_addr, overcommit accounting and brk. */
#include <errno.h>
#include <string.h>

#include "fs/render.h"
#include "model/machine.h"
#include "model/memory.h"
#include "model/mm.h"
#include "model/task.h"
#include "model/show_mem.h"
#include "tests/unit/suites.h"

#define MB (1UL << 20)
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define BASE 0x7ffff7fff000UL /* mmap_base without randomization */

static struct machine *m;
static struct mm_struct *mm;

static int setup(void)
{
	m = test_machine(1ULL << 30, 1, 2);
	mm = mm_alloc(m);
	return 0;
}

static int teardown(void)
{
	mmput(m, mm);
	CU_ASSERT_EQUAL(m->vm_committed_as, 0);
	machine_free(m);
	return 0;
}

/* mmap at a fixed address; the address, or the negative errno. */
static long map_at(unsigned long addr, unsigned long len, unsigned long prot)
{
	return do_mmap(m, mm, addr, len, prot, ANON | MAP_FIXED, NULL, 0);
}

/* Is there a VMA exactly [start, end) with these rwx rights? */
static bool vma_is(unsigned long start, unsigned long end, unsigned long rwx)
{
	struct vm_area_struct *v = find_vma(mm, start);
	return v && v->vm_start == start && v->vm_end == end &&
	       (v->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) == rwx;
}

static void test_topdown_placement(void)
{
	setup();
	CU_ASSERT_EQUAL(mm->mmap_base, BASE);
	long a = do_mmap(m, mm, 0, 1 * MB, RW, ANON, NULL, 0);
	long b = do_mmap(m, mm, 0, 2 * MB, PROT_READ, ANON, NULL, 0);
	CU_ASSERT_EQUAL(a, (long)(BASE - MB));
	CU_ASSERT_EQUAL(b, (long)(BASE - 3 * MB));
	/* a free hint is honoured, a taken one is not */
	CU_ASSERT_EQUAL(do_mmap(m, mm, 0x10000000, 4096, RW, ANON, NULL, 0), 0x10000000);
	CU_ASSERT_NOT_EQUAL(do_mmap(m, mm, a, 4096, RW, ANON, NULL, 0), a);
	teardown();
}

static void test_merge_and_split(void)
{
	setup();
	unsigned long x = 0x40000000;
	map_at(x, 4 * 4096, RW);
	map_at(x + 8 * 4096, 4 * 4096, RW);
	CU_ASSERT_EQUAL(mm->map_count, 2);
	/* filling the gap merges all three */
	map_at(x + 4 * 4096, 4 * 4096, RW);
	CU_ASSERT_EQUAL(mm->map_count, 1);
	CU_ASSERT(vma_is(x, x + 12 * 4096, VM_READ | VM_WRITE));
	/* a neighbour with other rights stays apart */
	map_at(x + 12 * 4096, 4096, PROT_READ);
	CU_ASSERT_EQUAL(mm->map_count, 2);
	/* munmap of a middle part splits; the upper part's pgoff moves */
	CU_ASSERT_EQUAL(do_munmap(m, mm, x + 4096, 4096), 0);
	CU_ASSERT_EQUAL(mm->map_count, 3);
	CU_ASSERT(vma_is(x, x + 4096, VM_READ | VM_WRITE));
	CU_ASSERT(vma_is(x + 2 * 4096, x + 12 * 4096, VM_READ | VM_WRITE));
	CU_ASSERT_EQUAL(find_vma(mm, x + 2 * 4096)->vm_pgoff, (x >> 12) + 2);
	/* mprotect of a middle part splits in three, and back merges again */
	CU_ASSERT_EQUAL(do_mprotect(m, mm, x + 4 * 4096, 2 * 4096, PROT_READ), 0);
	CU_ASSERT_EQUAL(mm->map_count, 5);
	CU_ASSERT(vma_is(x + 4 * 4096, x + 6 * 4096, VM_READ));
	CU_ASSERT_EQUAL(do_mprotect(m, mm, x + 4 * 4096, 2 * 4096, RW), 0);
	CU_ASSERT_EQUAL(mm->map_count, 3);
	/* read-only tail made writable joins its neighbour */
	CU_ASSERT_EQUAL(do_mprotect(m, mm, x + 12 * 4096, 4096, RW), 0);
	CU_ASSERT(vma_is(x + 2 * 4096, x + 13 * 4096, VM_READ | VM_WRITE));
	/* refilling the hole merges everything back into one */
	map_at(x + 4096, 4096, RW);
	CU_ASSERT_EQUAL(mm->map_count, 1);
	teardown();
}

static void test_errors_change_nothing(void)
{
	setup();
	unsigned long x = 0x40000000;
	map_at(x, 4 * 4096, RW);
	unsigned long total = mm->total_vm;
	long committed = m->vm_committed_as;
	CU_ASSERT_EQUAL(do_mmap(m, mm, 0, 0, RW, ANON, NULL, 0), -EINVAL);
	CU_ASSERT_EQUAL(do_mmap(m, mm, 0, 4096, RW, MAP_ANONYMOUS, NULL, 0), -EINVAL);
	CU_ASSERT_EQUAL(do_mmap(m, mm, x + 1, 4096, RW, ANON | MAP_FIXED, NULL, 0), -EINVAL);
	CU_ASSERT_EQUAL(do_mmap(m, mm, x, 4096, RW, ANON | MAP_FIXED_NOREPLACE, NULL, 0), -EEXIST);
	CU_ASSERT_EQUAL(do_munmap(m, mm, x + 1, 4096), -EINVAL);
	CU_ASSERT_EQUAL(do_mprotect(m, mm, x, 8 * 4096, PROT_READ), -ENOMEM); /* hole */
	CU_ASSERT_EQUAL(do_mprotect(m, mm, x, 4096, 0x10), -EINVAL);
	/* as a read-only file's MAP_SHARED mapping has no VM_MAYWRITE */
	find_vma(mm, x)->vm_flags &= ~VM_MAYWRITE;
	CU_ASSERT_EQUAL(do_mprotect(m, mm, x, 4096, RW), -EACCES);
	find_vma(mm, x)->vm_flags |= VM_MAYWRITE;
	CU_ASSERT_EQUAL(mm->map_count, 1);
	CU_ASSERT(vma_is(x, x + 4 * 4096, VM_READ | VM_WRITE));
	CU_ASSERT_EQUAL(mm->total_vm, total);
	CU_ASSERT_EQUAL(m->vm_committed_as, committed);
	teardown();
}

static void test_mmap_min_addr(void)
{
	setup();
	m->vm.mmap_min_addr = 65536;
	CU_ASSERT_EQUAL(map_at(0x8000, 4096, RW), -EPERM);
	CU_ASSERT_EQUAL(map_at(0x10000, 4096, RW), 0x10000);
	m->vm.mmap_min_addr = 4096;
	CU_ASSERT_EQUAL(map_at(0x8000, 4096, RW), 0x8000);
	teardown();
}

static void test_max_map_count(void)
{
	setup();
	m->vm.max_map_count = 10;
	unsigned long x = 0x40000000;
	int made = 0;
	for (int i = 0; i < 20; i++)
		made += map_at(x + (unsigned long)i * 2 * 4096, 4096, RW) > 0;
	/* mmap refuses once map_count exceeds the limit */
	CU_ASSERT_EQUAL(made, 11);
	CU_ASSERT_EQUAL(mm->map_count, 11);
	/* a split that would add a VMA is refused too */
	map_at(0x50000000, 3 * 4096, RW);
	CU_ASSERT_EQUAL(do_munmap(m, mm, x, 4096), 0);
	CU_ASSERT_EQUAL(mm->map_count, 10);
	CU_ASSERT_EQUAL(map_at(0x50000000, 3 * 4096, RW), 0x50000000);
	CU_ASSERT_EQUAL(do_munmap(m, mm, 0x50000000 + 4096, 4096), -ENOMEM);
	CU_ASSERT_EQUAL(mm->map_count, 11);
	teardown();
}

static void test_overcommit_accounting(void)
{
	setup();
	long a = do_mmap(m, mm, 0, 10 * MB, RW, ANON, NULL, 0);
	CU_ASSERT_EQUAL(m->vm_committed_as, 10 * MB / 4096);
	/* read-only and MAP_NORESERVE mappings charge nothing; shared
	 * anonymous memory charges its shmem file while it is mapped */
	do_mmap(m, mm, 0, MB, PROT_READ, ANON, NULL, 0);
	do_mmap(m, mm, 0, MB, RW, ANON | MAP_NORESERVE, NULL, 0);
	CU_ASSERT_EQUAL(m->vm_committed_as, 10 * MB / 4096);
	long shared = do_mmap(m, mm, 0, MB, RW, MAP_SHARED | MAP_ANONYMOUS, NULL, 0);
	CU_ASSERT_EQUAL(m->vm_committed_as, 11 * MB / 4096);
	CU_ASSERT_EQUAL(do_munmap(m, mm, (unsigned long)shared, MB), 0);
	CU_ASSERT_EQUAL(m->vm_committed_as, 10 * MB / 4096);
	/* mprotect +W on a private read-only mapping charges it */
	long ro = do_mmap(m, mm, 0, MB, PROT_READ, ANON, NULL, 0);
	CU_ASSERT_EQUAL(do_mprotect(m, mm, (unsigned long)ro, MB, RW), 0);
	CU_ASSERT_EQUAL(m->vm_committed_as, 11 * MB / 4096);
	/* unmapping half gives half back; MAP_FIXED over it charges once */
	do_munmap(m, mm, (unsigned long)a, 5 * MB);
	CU_ASSERT_EQUAL(m->vm_committed_as, 6 * MB / 4096);
	map_at((unsigned long)a + 4 * MB, 2 * MB, RW);
	CU_ASSERT_EQUAL(m->vm_committed_as, 7 * MB / 4096);

	/* mode 2: the limit is CommitLimit minus the admin reserve */
	struct buf r = BUF_INIT;
	const struct ctl_table *t = sysctl_find("overcommit_memory");
	CU_ASSERT_EQUAL(store_sysctl(m, t - vm_table, "2", 1, &r), 0);
	long big = (long)(vm_commit_limit(m) * 4096);
	CU_ASSERT_EQUAL(do_mmap(m, mm, 0, (unsigned long)big, RW, ANON, NULL, 0), -ENOMEM);
	CU_ASSERT_EQUAL(do_mmap(m, mm, 0, (unsigned long)big, RW, ANON | MAP_NORESERVE, NULL, 0),
			-ENOMEM);
	CU_ASSERT(do_mmap(m, mm, 0, (unsigned long)big, PROT_READ, ANON, NULL, 0) > 0);
	/* a higher overcommit_ratio lets the same request through */
	t = sysctl_find("overcommit_ratio");
	CU_ASSERT_EQUAL(store_sysctl(m, t - vm_table, "100", 3, &r), 0);
	long half = big / 2 / 4096 * 4096;
	CU_ASSERT(do_mmap(m, mm, 0, (unsigned long)half, RW, ANON, NULL, 0) > 0);
	/* mode 1 allows anything that fits the address space */
	t = sysctl_find("overcommit_memory");
	CU_ASSERT_EQUAL(store_sysctl(m, t - vm_table, "1", 1, &r), 0);
	CU_ASSERT(do_mmap(m, mm, 0, 64UL << 30, RW, ANON, NULL, 0) > 0);
	/* mode 0 refuses only a single request larger than RAM + swap */
	t = sysctl_find("overcommit_memory");
	CU_ASSERT_EQUAL(store_sysctl(m, t - vm_table, "0", 1, &r), 0);
	CU_ASSERT_EQUAL(do_mmap(m, mm, 0, 2UL << 30, RW, ANON, NULL, 0), -ENOMEM);
	CU_ASSERT(do_mmap(m, mm, 0, 512UL << 20, RW, ANON, NULL, 0) > 0);
	buf_free(&r);
	teardown();
}

static void test_brk(void)
{
	setup();
	mm->start_brk = mm->brk = 0x555555560000;
	CU_ASSERT_EQUAL(do_brk(m, mm, 0x555555560000 + 5000), 0x555555560000 + 5000);
	CU_ASSERT(vma_is(0x555555560000, 0x555555560000 + 2 * 4096, VM_READ | VM_WRITE));
	CU_ASSERT_EQUAL(do_brk(m, mm, 0x555555560000 + 40000), 0x555555560000 + 40000);
	CU_ASSERT_EQUAL(mm->map_count, 1); /* the heap grows in place */
	CU_ASSERT(vma_is(0x555555560000, 0x555555560000 + 10 * 4096, VM_READ | VM_WRITE));
	CU_ASSERT_EQUAL(m->vm_committed_as, 10);
	CU_ASSERT_EQUAL(mm->data_vm, 10);
	CU_ASSERT_EQUAL(do_brk(m, mm, 0x555555560000 + 4096), 0x555555560000 + 4096);
	CU_ASSERT_EQUAL(m->vm_committed_as, 1);
	/* below start_brk, or into another mapping: refused, break unchanged */
	CU_ASSERT_EQUAL(do_brk(m, mm, 0x555555550000), 0x555555560000 + 4096);
	map_at(0x555555560000 + 8 * 4096, 4096, RW);
	CU_ASSERT_EQUAL(do_brk(m, mm, 0x555555560000 + 9 * 4096), 0x555555560000 + 4096);
	teardown();
}

/* An mm with page tables and a task to touch it, for the tests that
 * look at pages. */
static struct task_struct task;

static void setup_with_pages(void)
{
	setup();
	CU_ASSERT_EQUAL_FATAL(pgd_alloc(m, mm), 0);
	task = (struct task_struct){.pid = 2, .mm = mm};
}

static unsigned long rss(void)
{
	return (unsigned long)(mm->rss_stat[MM_ANONPAGES] + mm->rss_stat[MM_FILEPAGES]);
}

static void test_mremap(void)
{
	setup_with_pages();
	unsigned long x = 0x40000000, bad;
	map_at(x, 2 * 4096, RW);
	long committed = m->vm_committed_as;
	/* grow in place: same address, one VMA, the growth charged */
	CU_ASSERT_EQUAL(do_mremap(m, mm, x, 2 * 4096, 4 * 4096, false), (long)x);
	CU_ASSERT(vma_is(x, x + 4 * 4096, VM_READ | VM_WRITE));
	CU_ASSERT_EQUAL(m->vm_committed_as, committed + 2);
	/* a neighbour blocks growth: ENOMEM unless it may move */
	map_at(x + 4 * 4096, 4096, PROT_READ);
	CU_ASSERT_EQUAL(touch_range(m, &task, x, 4 * 4096, true, &bad), 0);
	CU_ASSERT_EQUAL(do_mremap(m, mm, x, 4 * 4096, 8 * 4096, false), -ENOMEM);
	long y = do_mremap(m, mm, x, 4 * 4096, 8 * 4096, true);
	CU_ASSERT(y > 0 && (unsigned long)y != x);
	pte_t *old = follow_pte(m, mm, x);
	CU_ASSERT(!old || pte_none(*old));
	CU_ASSERT(vma_is((unsigned long)y, (unsigned long)y + 8 * 4096, VM_READ | VM_WRITE));
	CU_ASSERT_EQUAL(m->vm_committed_as, committed + 6);
	/* the data moved with the pages: what was written reads back */
	CU_ASSERT_EQUAL(rss(), 4);
	CU_ASSERT_EQUAL(touch_range(m, &task, (unsigned long)y, 4 * 4096, false, &bad), 0);
	CU_ASSERT_EQUAL(m->token_mismatches, 0);
	CU_ASSERT_EQUAL(rss(), 4);
	/* shrinking unmaps the tail; an unmapped address is EFAULT */
	CU_ASSERT_EQUAL(do_mremap(m, mm, (unsigned long)y, 8 * 4096, 4096, false), y);
	CU_ASSERT_EQUAL(rss(), 1);
	CU_ASSERT_EQUAL(do_mremap(m, mm, x, 4096, 2 * 4096, true), -EFAULT);
	CU_ASSERT_EQUAL(do_mremap(m, mm, (unsigned long)y + 1, 4096, 4096, true), -EINVAL);
	teardown();
}

static void test_madvise(void)
{
	setup_with_pages();
	unsigned long x = 0x40000000, bad;
	map_at(x, 8 * 4096, RW);
	CU_ASSERT_EQUAL(touch_range(m, &task, x, 8 * 4096, true, &bad), 0);
	/* dontneed drops the pages; reading again finds zeroes, as written nothing */
	CU_ASSERT_EQUAL(do_madvise(m, mm, x, 2 * 4096, "dontneed"), 0);
	CU_ASSERT_EQUAL(rss(), 6);
	CU_ASSERT_EQUAL(touch_range(m, &task, x, 2 * 4096, false, &bad), 0);
	CU_ASSERT_EQUAL(m->token_mismatches, 0);
	/* free makes pages clean and lazily freeable, counted in pglazyfree */
	CU_ASSERT_EQUAL(do_madvise(m, mm, x + 2 * 4096, 2 * 4096, "free"), 0);
	CU_ASSERT_EQUAL(m->vm_events[PGLAZYFREE], 2);
	CU_ASSERT(!(*follow_pte(m, mm, x + 2 * 4096) & _PAGE_DIRTY));
	/* flag advice splits the VMA like mprotect does, and merges back */
	CU_ASSERT_EQUAL(do_madvise(m, mm, x + 4096, 4096, "hugepage"), 0);
	CU_ASSERT_EQUAL(mm->map_count, 3);
	CU_ASSERT(find_vma(mm, x + 4096)->vm_flags & VM_HUGEPAGE);
	CU_ASSERT_EQUAL(do_madvise(m, mm, x + 4096, 4096, "nohugepage"), 0);
	CU_ASSERT(find_vma(mm, x + 4096)->vm_flags & VM_NOHUGEPAGE);
	CU_ASSERT_EQUAL(do_madvise(m, mm, x, 4096, "bogus"), -EINVAL);
	CU_ASSERT_EQUAL(do_madvise(m, mm, x + 1, 4096, "dontneed"), -EINVAL);
	CU_ASSERT_EQUAL(do_madvise(m, mm, x, 16 * 4096, "dontneed"), -ENOMEM);
	teardown();
}

static void test_mlock_and_fork_flags(void)
{
	setup_with_pages();
	unsigned long x = 0x40000000;
	map_at(x, 4 * 4096, RW);
	map_at(0x50000000, 4096, RW);
	/* mlock faults the pages in and counts them locked */
	CU_ASSERT_EQUAL(do_mlock(m, mm, x + 4096, 2 * 4096, true), 0);
	CU_ASSERT_EQUAL(mm->locked_vm, 2);
	CU_ASSERT_EQUAL(rss(), 2);
	CU_ASSERT_EQUAL(mm->map_count, 4);
	CU_ASSERT_EQUAL(do_madvise(m, mm, x + 4096, 4096, "dontneed"), -EINVAL);
	CU_ASSERT_EQUAL(do_madvise(m, mm, 0x50000000, 4096, "dontfork"), 0);
	/* a child has neither the lock nor the VM_DONTCOPY mapping */
	struct mm_struct *child = mm_alloc(m);
	CU_ASSERT_EQUAL(dup_mmap(m, child, mm), 0);
	CU_ASSERT_EQUAL(child->locked_vm, 0);
	CU_ASSERT_EQUAL(child->map_count, mm->map_count - 1);
	CU_ASSERT_PTR_NULL(find_vma(child, 0x50000000));
	CU_ASSERT_EQUAL(child->total_vm, mm->total_vm - 1);
	mmput(m, child);
	/* munlock clears the flag and the VMAs merge again */
	CU_ASSERT_EQUAL(do_mlock(m, mm, x + 4096, 2 * 4096, false), 0);
	CU_ASSERT_EQUAL(mm->locked_vm, 0);
	CU_ASSERT(vma_is(x, x + 4 * 4096, VM_READ | VM_WRITE));
	CU_ASSERT_EQUAL(do_mlock(m, mm, 0x60000000, 4096, true), -ENOMEM);
	teardown();
}

void add_mmap_suite(void)
{
	CU_pSuite s = CU_add_suite("mmap", NULL, NULL);
	CU_add_test(s, "top-down placement", test_topdown_placement);
	CU_add_test(s, "merge and split", test_merge_and_split);
	CU_add_test(s, "errors change nothing", test_errors_change_nothing);
	CU_add_test(s, "mmap_min_addr", test_mmap_min_addr);
	CU_add_test(s, "max_map_count", test_max_map_count);
	CU_add_test(s, "overcommit accounting", test_overcommit_accounting);
	CU_add_test(s, "brk", test_brk);
	CU_add_test(s, "mremap", test_mremap);
	CU_add_test(s, "madvise", test_madvise);
	CU_add_test(s, "mlock and fork flags", test_mlock_and_fork_flags);
}
