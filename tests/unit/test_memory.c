/* Page tables and faults: the zero page, anonymous and file faults, stack
 * growth, fork's copy-on-write with content tokens, mprotect, populate,
 * and teardown that gives back every page. */
#include <errno.h>
#include <string.h>

#include "model/filemap.h"
#include "model/fs.h"
#include "model/machine.h"
#include "model/memory.h"
#include "model/mm.h"
#include "model/task.h"
#include "model/xarray.h"
#include "tests/unit/suites.h"

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define PG 4096UL

static struct machine *m;

/* Free pages plus slab pages: mms and VMAs leave their objects' slabs
 * cached when they go, as SLUB does, so a leak-free teardown brings this
 * sum, not the free count alone, back to where it started. */
static unsigned long nr_free_or_slab(void)
{
	return global_zone_page_state(m, NR_FREE_PAGES) +
	       global_node_page_state(m, NR_SLAB_UNRECLAIMABLE) +
	       global_node_page_state(m, NR_SLAB_RECLAIMABLE);
}

static unsigned long node_stat(enum node_stat_item item)
{
	return global_node_page_state(m, item);
}

/* An empty address space with its PGD, as exec leaves it before mapping. */
static struct mm_struct *new_mm(void)
{
	struct mm_struct *mm = mm_alloc(m);
	CU_ASSERT_FATAL(mm != NULL);
	CU_ASSERT_FATAL(pgd_alloc(m, mm) == 0);
	return mm;
}

/* A private anonymous mapping of n pages; its address. */
static unsigned long map_anon(struct mm_struct *mm, unsigned long n, unsigned long prot)
{
	long addr = do_mmap(m, mm, 0, n * PG, prot, ANON, NULL, 0);
	CU_ASSERT_FATAL(addr > 0);
	return (unsigned long)addr;
}

static int touch(struct task_struct *t, unsigned long addr, unsigned long len, bool write)
{
	unsigned long bad = 0;
	return touch_range(m, t, addr, len, write, &bad);
}

static pte_t pte_of(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = follow_pte(m, mm, addr);
	return pte ? *pte : 0;
}

static struct page *page_of(struct mm_struct *mm, unsigned long addr)
{
	return pfn_to_page(m, pte_pfn(pte_of(mm, addr)));
}

/* fork's page-table half: the child gets the parent's VMAs, PTEs and
 * token record. */
static struct mm_struct *fork_mm(struct mm_struct *parent)
{
	struct mm_struct *child = new_mm();
	CU_ASSERT_FATAL(dup_mmap(m, child, parent) == 0);
	for (int i = 0; i < parent->map_count; i++)
		CU_ASSERT_FATAL(copy_page_range(m, child, parent, &parent->vmas[i]) == 0);
	CU_ASSERT_FATAL(dup_token_shadow(child, parent) == 0);
	return child;
}

static void test_zero_page_then_write(void)
{
	m = test_machine(256ULL << 20, 1, 2);
	unsigned long free0 = nr_free_or_slab(), tables0 = node_stat(NR_PAGETABLE);
	unsigned long anon0 = node_stat(NR_ANON_MAPPED);
	struct mm_struct *mm = new_mm();
	struct task_struct t = {.mm = mm};
	CU_ASSERT_EQUAL(node_stat(NR_PAGETABLE), tables0 + 1); /* the PGD */
	CU_ASSERT_EQUAL(mm->pgtables_bytes, 0);
	unsigned long addr = map_anon(mm, 4, RW);

	CU_ASSERT_EQUAL(touch(&t, addr, PG, false), 0);
	pte_t pte = pte_of(mm, addr);
	CU_ASSERT(pte_present(pte) && pte_special(pte) && !(pte & _PAGE_RW));
	CU_ASSERT_EQUAL(pte_pfn(pte), m->zero_pfn);
	CU_ASSERT(pfn_to_page(m, m->zero_pfn)->flags & PG_reserved);
	CU_ASSERT_EQUAL(mm->rss_stat[MM_ANONPAGES], 0);
	CU_ASSERT_EQUAL(node_stat(NR_ANON_MAPPED), anon0);
	CU_ASSERT_EQUAL(node_stat(NR_PAGETABLE), tables0 + 4); /* PGD, PUD, PMD, PTE */
	CU_ASSERT_EQUAL(mm->pgtables_bytes, 3 * PG);
	CU_ASSERT_EQUAL(t.min_flt, 1);

	unsigned long free1 = nr_free_or_slab();
	CU_ASSERT_EQUAL(touch(&t, addr, PG, true), 0);
	pte = pte_of(mm, addr);
	CU_ASSERT(!pte_special(pte) && (pte & _PAGE_RW) && (pte & _PAGE_DIRTY));
	CU_ASSERT(PageAnon(page_of(mm, addr)));
	CU_ASSERT_EQUAL(mm->rss_stat[MM_ANONPAGES], 1);
	CU_ASSERT_EQUAL(node_stat(NR_ANON_MAPPED), anon0 + 1);
	CU_ASSERT_EQUAL(nr_free_or_slab(), free1 - 1);
	CU_ASSERT_EQUAL(t.min_flt, 2);

	/* a present writable page costs no fault */
	unsigned long faults = m->vm_events[PGFAULT];
	CU_ASSERT_EQUAL(touch(&t, addr, 4 * PG, false), 0);
	CU_ASSERT_EQUAL(m->vm_events[PGFAULT], faults + 3);
	CU_ASSERT_EQUAL(m->token_mismatches, 0);

	/* unmapped data is gone: the same range mapped again reads zeroes */
	CU_ASSERT_EQUAL(do_munmap(m, mm, addr, 4 * PG), 0);
	CU_ASSERT_EQUAL(mm->rss_stat[MM_ANONPAGES], 0);
	CU_ASSERT_EQUAL(node_stat(NR_PAGETABLE), tables0 + 1);
	CU_ASSERT_EQUAL(do_mmap(m, mm, addr, 4 * PG, RW, ANON | MAP_FIXED, NULL, 0), (long)addr);
	CU_ASSERT_EQUAL(touch(&t, addr, 4 * PG, false), 0);
	CU_ASSERT_EQUAL(m->token_mismatches, 0);

	mmput(m, mm);
	CU_ASSERT_EQUAL(nr_free_or_slab(), free0);
	CU_ASSERT_EQUAL(node_stat(NR_PAGETABLE), tables0);
	CU_ASSERT_EQUAL(node_stat(NR_ANON_MAPPED), anon0);
	machine_free(m);
}

static void test_bad_access(void)
{
	m = test_machine(256ULL << 20, 1, 2);
	struct mm_struct *mm = new_mm();
	struct task_struct t = {.mm = mm};
	unsigned long rw = map_anon(mm, 2, RW), ro = map_anon(mm, 2, PROT_READ);
	unsigned long bad = 0, faults = m->vm_events[PGFAULT];

	CU_ASSERT_EQUAL(touch_range(m, &t, 0x10000123, 10, false, &bad), -EFAULT);
	CU_ASSERT_EQUAL(bad, 0x10000123);
	/* the first page of the range is fine, the one past the VMA is not */
	CU_ASSERT_EQUAL(touch_range(m, &t, rw + 100, 2 * PG, true, &bad), -EFAULT);
	CU_ASSERT_EQUAL(bad, rw + 2 * PG);
	CU_ASSERT_EQUAL(touch_range(m, &t, ro, PG, true, &bad), -EFAULT);
	CU_ASSERT_EQUAL(bad, ro);
	CU_ASSERT_EQUAL(m->vm_events[PGFAULT], faults + 2); /* rw's two pages */
	CU_ASSERT_EQUAL(touch_range(m, &t, ro, 2 * PG, false, &bad), 0);
	mmput(m, mm);
	machine_free(m);
}

static void test_fork_cow(void)
{
	m = test_machine(256ULL << 20, 1, 2);
	unsigned long free0 = nr_free_or_slab(), tables0 = node_stat(NR_PAGETABLE);
	struct mm_struct *parent = new_mm();
	struct task_struct tp = {.mm = parent};
	unsigned long addr = map_anon(parent, 2, RW);
	CU_ASSERT_EQUAL(touch(&tp, addr, 2 * PG, true), 0);
	unsigned long anon = node_stat(NR_ANON_MAPPED);

	struct mm_struct *child = fork_mm(parent);
	struct task_struct tc = {.mm = child};
	CU_ASSERT_EQUAL(child->rss_stat[MM_ANONPAGES], 2);
	CU_ASSERT_EQUAL(node_stat(NR_ANON_MAPPED), anon);
	CU_ASSERT_EQUAL(pte_pfn(pte_of(child, addr)), pte_pfn(pte_of(parent, addr)));
	CU_ASSERT_EQUAL(page_mapcount(page_of(parent, addr)), 2);
	CU_ASSERT(!(pte_of(parent, addr) & _PAGE_RW) && !(pte_of(child, addr) & _PAGE_RW));
	CU_ASSERT_EQUAL(touch(&tc, addr, 2 * PG, false), 0);
	CU_ASSERT_EQUAL(m->token_mismatches, 0);

	/* the parent's write copies; the child, alone on the old page, reuses it */
	unsigned long reuse = m->vm_events[PGREUSE], shared = pte_pfn(pte_of(child, addr));
	CU_ASSERT_EQUAL(touch(&tp, addr, PG, true), 0);
	CU_ASSERT_NOT_EQUAL(pte_pfn(pte_of(parent, addr)), shared);
	CU_ASSERT_EQUAL(page_mapcount(page_of(child, addr)), 1);
	CU_ASSERT_EQUAL(node_stat(NR_ANON_MAPPED), anon + 1);
	CU_ASSERT_EQUAL(touch(&tc, addr, PG, true), 0);
	CU_ASSERT_EQUAL(pte_pfn(pte_of(child, addr)), shared);
	CU_ASSERT_EQUAL(m->vm_events[PGREUSE], reuse + 1);
	CU_ASSERT_NOT_EQUAL(page_of(child, addr)->token, page_of(parent, addr)->token);
	CU_ASSERT_EQUAL(touch(&tp, addr, 2 * PG, false), 0);
	CU_ASSERT_EQUAL(touch(&tc, addr, 2 * PG, false), 0);
	CU_ASSERT_EQUAL(m->token_mismatches, 0);

	/* once the child is gone the parent owns the second page again */
	mmput(m, child);
	unsigned long second = pte_pfn(pte_of(parent, addr + PG));
	CU_ASSERT_EQUAL(touch(&tp, addr + PG, PG, true), 0);
	CU_ASSERT_EQUAL(pte_pfn(pte_of(parent, addr + PG)), second);
	CU_ASSERT_EQUAL(m->vm_events[PGREUSE], reuse + 2);

	/* the check is live: a page that lost its data is caught */
	page_of(parent, addr)->token ^= 1;
	CU_ASSERT_EQUAL(touch(&tp, addr, PG, false), 0);
	CU_ASSERT_EQUAL(m->token_mismatches, 1);

	mmput(m, parent);
	CU_ASSERT_EQUAL(nr_free_or_slab(), free0);
	CU_ASSERT_EQUAL(node_stat(NR_PAGETABLE), tables0);
	machine_free(m);
}

static void test_table_teardown(void)
{
	m = test_machine(256ULL << 20, 1, 2);
	unsigned long free0 = nr_free_or_slab(), tables0 = node_stat(NR_PAGETABLE);
	struct mm_struct *mm = new_mm();
	struct task_struct t = {.mm = mm};
	/* two 2 MiB regions under one PMD table, and one in another PGD slot */
	unsigned long a = 0x10000000, b = 0x10400000, c = 0x7f0000000000;
	unsigned long addrs[] = {a, b, c};
	for (int i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(do_mmap(m, mm, addrs[i], 8 * PG, RW, ANON | MAP_FIXED, NULL, 0),
				(long)addrs[i]);
		CU_ASSERT_EQUAL(touch(&t, addrs[i], 8 * PG, true), 0);
	}
	/* PGD; a and b: PUD, PMD, 2 PTE; c: PUD, PMD, PTE */
	CU_ASSERT_EQUAL(node_stat(NR_PAGETABLE), tables0 + 8);
	CU_ASSERT_EQUAL(mm->pgtables_bytes, 7 * PG);

	/* b's PTE table goes; the PMD above it still serves a */
	CU_ASSERT_EQUAL(do_munmap(m, mm, b, 8 * PG), 0);
	CU_ASSERT_EQUAL(node_stat(NR_PAGETABLE), tables0 + 7);
	CU_ASSERT_EQUAL(follow_pte(m, mm, b), NULL);
	CU_ASSERT_NOT_EQUAL(follow_pte(m, mm, a), NULL);
	/* unmapping half of a leaves its table to the other half */
	CU_ASSERT_EQUAL(do_munmap(m, mm, a, 4 * PG), 0);
	CU_ASSERT_EQUAL(node_stat(NR_PAGETABLE), tables0 + 7);
	CU_ASSERT_EQUAL(mm->rss_stat[MM_ANONPAGES], 12);
	/* c was alone under its PGD entry: PUD, PMD and PTE go together */
	CU_ASSERT_EQUAL(do_munmap(m, mm, c, 8 * PG), 0);
	CU_ASSERT_EQUAL(node_stat(NR_PAGETABLE), tables0 + 4);
	CU_ASSERT_EQUAL(mm->pgtables_bytes, 3 * PG);

	mmput(m, mm);
	CU_ASSERT_EQUAL(nr_free_or_slab(), free0);
	CU_ASSERT_EQUAL(node_stat(NR_PAGETABLE), tables0);
	machine_free(m);
}

static void test_stack_growth(void)
{
	m = test_machine(256ULL << 20, 1, 2);
	struct mm_struct *mm = new_mm();
	struct task_struct t = {.mm = mm};
	unsigned long top = 0x7ff000000000, start = top - 16 * PG;
	CU_ASSERT_EQUAL(do_mmap(m, mm, start, 16 * PG, RW, ANON | MAP_FIXED | MAP_GROWSDOWN, NULL,
				0),
			(long)start);
	unsigned long stack_vm = mm->stack_vm, total_vm = mm->total_vm;
	long committed = m->vm_committed_as;

	CU_ASSERT_EQUAL(touch(&t, start - 2 * PG, PG, true), 0);
	CU_ASSERT_EQUAL(find_vma(mm, start)->vm_start, start - 2 * PG);
	CU_ASSERT_EQUAL(mm->stack_vm, stack_vm + 2);
	CU_ASSERT_EQUAL(mm->total_vm, total_vm + 2);
	CU_ASSERT_EQUAL(m->vm_committed_as, committed + 2);

	/* RLIMIT_STACK: 8 MiB from the top, and no further */
	unsigned long bad = 0;
	CU_ASSERT_EQUAL(touch(&t, top - STK_LIM, PG, true), 0);
	CU_ASSERT_EQUAL(touch_range(m, &t, top - STK_LIM - PG, PG, true, &bad), -EFAULT);
	CU_ASSERT_EQUAL(bad, top - STK_LIM - PG);

	/* stack_guard_gap keeps the stack off a mapping below it */
	unsigned long limit = top - (4UL << 20), low = limit - STACK_GUARD_GAP - PG;
	CU_ASSERT_EQUAL(do_munmap(m, mm, top - STK_LIM, STK_LIM - 16 * PG), 0);
	CU_ASSERT_EQUAL(do_mmap(m, mm, low, PG, RW, ANON | MAP_FIXED, NULL, 0), (long)low);
	CU_ASSERT_EQUAL(touch(&t, limit, PG, true), 0);
	CU_ASSERT_EQUAL(touch(&t, limit - PG, PG, true), -EFAULT);
	mmput(m, mm);
	CU_ASSERT_EQUAL(m->vm_committed_as, 0);
	machine_free(m);
}

static void test_file_pages(void)
{
	m = test_machine(256ULL << 20, 1, 2);
	unsigned long file0 = node_stat(NR_FILE_PAGES), mapped0 = node_stat(NR_FILE_MAPPED);
	struct inode *inode = iget_path(m, "/usr/lib/libtest.so.1", 40 * PG + 100);
	struct file *file = file_open(m, inode);
	struct mm_struct *mm1 = new_mm(), *mm2 = new_mm();
	struct task_struct t1 = {.mm = mm1}, t2 = {.mm = mm2};
	long a1 = do_mmap(m, mm1, 0, 42 * PG, RW, MAP_PRIVATE, file, 0);
	long a2 = do_mmap(m, mm2, 0, 42 * PG, RW, MAP_SHARED, file, 0);
	CU_ASSERT_FATAL(a1 > 0 && a2 > 0);
	unsigned long major = m->vm_events[PGMAJFAULT];

	/* a miss reads the 32-page read-around window, fault-around maps 16 */
	CU_ASSERT_EQUAL(touch(&t1, a1, PG, false), 0);
	CU_ASSERT_EQUAL(t1.maj_flt, 1);
	CU_ASSERT_EQUAL(m->vm_events[PGMAJFAULT], major + 1);
	CU_ASSERT_EQUAL(node_stat(NR_FILE_PAGES), file0 + 32);
	CU_ASSERT_EQUAL(inode->nrpages, 32);
	CU_ASSERT_EQUAL(mm1->rss_stat[MM_FILEPAGES], 16);
	CU_ASSERT_EQUAL(node_stat(NR_FILE_MAPPED), mapped0 + 16);

	/* the second process finds the page cached: a minor fault */
	CU_ASSERT_EQUAL(touch(&t2, a2, PG, false), 0);
	CU_ASSERT_EQUAL(t2.maj_flt, 0);
	CU_ASSERT_EQUAL(t2.min_flt, 1);
	CU_ASSERT_EQUAL(page_mapcount(page_of(mm1, a1)), 2);
	CU_ASSERT_EQUAL(pte_pfn(pte_of(mm1, a1)), pte_pfn(pte_of(mm2, a2)));
	/* fault-around stops at the end of the VMA */
	struct mm_struct *mm3 = new_mm();
	struct task_struct t3 = {.mm = mm3};
	long a3 = do_mmap(m, mm3, 0, 4 * PG, PROT_READ, MAP_PRIVATE, file, 8);
	CU_ASSERT_EQUAL(touch(&t3, (unsigned long)a3 + 2 * PG, PG, false), 0);
	CU_ASSERT_EQUAL(mm3->rss_stat[MM_FILEPAGES], 4);
	CU_ASSERT_EQUAL(t3.min_flt, 1);
	mmput(m, mm3);

	/* a private write copies the page into anonymous memory */
	CU_ASSERT_EQUAL(touch(&t1, a1, PG, true), 0);
	CU_ASSERT(PageAnon(page_of(mm1, a1)));
	CU_ASSERT_EQUAL(mm1->rss_stat[MM_FILEPAGES], 15);
	CU_ASSERT_EQUAL(mm1->rss_stat[MM_ANONPAGES], 1);
	CU_ASSERT_EQUAL(page_mapcount(page_of(mm2, a2)), 1);

	/* a shared write dirties the page cache page; the private mapping,
	 * not having copied that page, reads the new data */
	unsigned long dirty0 = node_stat(NR_FILE_DIRTY);
	CU_ASSERT_EQUAL(touch(&t2, a2 + 5 * PG, PG, true), 0);
	CU_ASSERT(PageDirty(page_of(mm2, a2 + 5 * PG)));
	CU_ASSERT_EQUAL(node_stat(NR_FILE_DIRTY), dirty0 + 1);
	CU_ASSERT_EQUAL(touch(&t1, a1, 16 * PG, false), 0);
	CU_ASSERT_EQUAL(page_of(mm1, a1 + 5 * PG)->token, page_of(mm2, a2 + 5 * PG)->token);
	CU_ASSERT_EQUAL(touch(&t2, a2, 40 * PG, false), 0);
	CU_ASSERT_EQUAL(m->token_mismatches, 0);

	/* the file's last page is partial; the page past it is SIGBUS */
	unsigned long bad = 0;
	CU_ASSERT_EQUAL(touch(&t1, a1 + 40 * PG, PG, false), 0);
	CU_ASSERT_EQUAL(touch_range(m, &t1, a1 + 41 * PG, PG, false, &bad), -EIO);
	CU_ASSERT_EQUAL(bad, a1 + 41 * PG);

	mmput(m, mm1);
	mmput(m, mm2);
	CU_ASSERT_EQUAL(node_stat(NR_FILE_MAPPED), mapped0);
	truncate_inode_pages_final(m, inode);
	CU_ASSERT_EQUAL(node_stat(NR_FILE_PAGES), file0);
	CU_ASSERT_EQUAL(node_stat(NR_FILE_DIRTY), dirty0);
	fput(m, file);
	inodes_free(m);
	machine_free(m);
}

static void test_mprotect(void)
{
	m = test_machine(256ULL << 20, 1, 2);
	struct mm_struct *mm = new_mm();
	struct task_struct t = {.mm = mm};
	unsigned long addr = map_anon(mm, 2, RW);
	CU_ASSERT_EQUAL(touch(&t, addr, 2 * PG, true), 0);

	CU_ASSERT_EQUAL(do_mprotect(m, mm, addr, 2 * PG, PROT_READ), 0);
	CU_ASSERT(!(pte_of(mm, addr) & _PAGE_RW));
	CU_ASSERT_EQUAL(touch(&t, addr, PG, true), -EFAULT);
	CU_ASSERT_EQUAL(do_mprotect(m, mm, addr, 2 * PG, PROT_NONE), 0);
	CU_ASSERT(!(pte_of(mm, addr) & _PAGE_PRESENT) && pte_present(pte_of(mm, addr)));
	CU_ASSERT_EQUAL(touch(&t, addr, PG, false), -EFAULT);

	/* write back on: the page is this mm's own, so no fault is needed */
	CU_ASSERT_EQUAL(do_mprotect(m, mm, addr, 2 * PG, RW), 0);
	CU_ASSERT(pte_of(mm, addr) & _PAGE_RW);
	unsigned long faults = m->vm_events[PGFAULT];
	CU_ASSERT_EQUAL(touch(&t, addr, 2 * PG, true), 0);
	CU_ASSERT_EQUAL(m->vm_events[PGFAULT], faults);

	/* but a page shared with a child stays read-only until written */
	struct mm_struct *child = fork_mm(mm);
	CU_ASSERT_EQUAL(do_mprotect(m, mm, addr, 2 * PG, PROT_READ), 0);
	CU_ASSERT_EQUAL(do_mprotect(m, mm, addr, 2 * PG, RW), 0);
	CU_ASSERT(!(pte_of(mm, addr) & _PAGE_RW));
	CU_ASSERT_EQUAL(m->token_mismatches, 0);
	mmput(m, child);
	mmput(m, mm);
	machine_free(m);
}

static void test_populate(void)
{
	m = test_machine(256ULL << 20, 1, 2);
	struct mm_struct *mm = new_mm();
	unsigned long faults = m->vm_events[PGFAULT];
	long rw = do_mmap(m, mm, 0, 8 * PG, RW, ANON | MAP_POPULATE, NULL, 0);
	CU_ASSERT_FATAL(rw > 0);
	CU_ASSERT_EQUAL(mm->rss_stat[MM_ANONPAGES], 8);
	CU_ASSERT(pte_of(mm, (unsigned long)rw + 7 * PG) & _PAGE_RW);
	/* read-only memory is populated with the zero page */
	long ro = do_mmap(m, mm, 0, 8 * PG, PROT_READ, ANON | MAP_POPULATE, NULL, 0);
	CU_ASSERT_FATAL(ro > 0);
	CU_ASSERT_EQUAL(mm->rss_stat[MM_ANONPAGES], 8);
	CU_ASSERT(pte_special(pte_of(mm, (unsigned long)ro)));
	CU_ASSERT_EQUAL(m->vm_events[PGFAULT], faults + 16);
	mmput(m, mm);
	machine_free(m);
}

static void test_xarray(void)
{
	struct xarray xa = {0}, copy = {0};
	for (unsigned long i = 0; i < 5000; i++)
		CU_ASSERT_EQUAL_FATAL(xa_store(&xa, i * 7, i + 1), 0);
	for (unsigned long i = 1; i < 5000; i += 2)
		CU_ASSERT_EQUAL(xa_erase(&xa, i * 7), i + 1);
	CU_ASSERT_EQUAL(xa.nr, 2500);
	CU_ASSERT_EQUAL(xa_dup(&copy, &xa), 0);
	unsigned long bad = 0;
	for (unsigned long i = 0; i < 5000; i++)
		bad += xa_load(&copy, i * 7) != (i % 2 ? 0 : i + 1);
	CU_ASSERT_EQUAL(bad, 0);
	unsigned long index, n = 0;
	uint64_t entry;
	xa_for_each(&xa, pos, index, entry)
		n += entry == index / 7 + 1;
	CU_ASSERT_EQUAL(n, 2500);
	xa_destroy(&xa);
	xa_destroy(&copy);
}

void add_memory_suite(void)
{
	CU_pSuite s = CU_add_suite("memory", NULL, NULL);
	CU_add_test(s, "anon read maps the zero page, write allocates", test_zero_page_then_write);
	CU_add_test(s, "bad accesses fault with the right address", test_bad_access);
	CU_add_test(s, "fork shares, writes copy or reuse, tokens hold", test_fork_cow);
	CU_add_test(s, "page tables are freed with the last user", test_table_teardown);
	CU_add_test(s, "stack grows within RLIMIT_STACK and the guard gap", test_stack_growth);
	CU_add_test(s, "file pages: major then minor, CoW, shared dirty", test_file_pages);
	CU_add_test(s, "mprotect removes and restores write access", test_mprotect);
	CU_add_test(s, "MAP_POPULATE faults the range in", test_populate);
	CU_add_test(s, "xarray store, erase, dup and walk", test_xarray);
}
