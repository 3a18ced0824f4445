/* Shared anonymous memory as shmem files, and the anon_vma objects of the
 * reverse map: what maps, smaps, status and meminfo show, what fork
 * shares, when pages and commit charges go, and how anon_vmas and their
 * chains are made, shared, reused and freed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/render.h"
#include "model/check.h"
#include "model/filemap.h"
#include "model/fs.h"
#include "model/machine.h"
#include "model/memory.h"
#include "model/mm.h"
#include "model/rmap.h"
#include "model/show_mem.h"
#include "model/task.h"
#include "tests/unit/suites.h"

#define PG 4096UL
#define RW (PROT_READ | PROT_WRITE)
#define RWX (PROT_READ | PROT_WRITE | PROT_EXEC)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define SHARED_ANON (MAP_SHARED | MAP_ANONYMOUS)
/* an address below mmap_base, clear of the exec layout */
#define SCRATCH 0x7f0000000000UL

static struct machine *m;

/* A machine with init running. */
static void boot(void)
{
	m = test_machine(1ULL << 30, 1, 2);
	CU_ASSERT_EQUAL_FATAL(tasks_init(m), 0);
}

static int spawn(void)
{
	int pid = task_spawn(m, "shm", NULL, 0, 1);
	CU_ASSERT_FATAL(pid > 1);
	return pid;
}

static int fork_of(int pid)
{
	int child = task_fork(m, pid);
	CU_ASSERT_FATAL(child > 1);
	return child;
}

static struct task_struct *task(int pid)
{
	struct task_struct *t = find_task_by_pid(m, pid);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	return t;
}

/* mmap in pid's mm at SCRATCH + off. */
static unsigned long map_at(int pid, unsigned long off, unsigned long len, unsigned long prot,
			    unsigned long flags)
{
	long addr = do_mmap(m, task(pid)->mm, SCRATCH + off, len, prot, flags | MAP_FIXED, NULL, 0);
	CU_ASSERT_EQUAL_FATAL(addr, (long)(SCRATCH + off));
	return (unsigned long)addr;
}

/* pid reads or writes [addr, addr+len): it must succeed. */
static void access_range(int pid, unsigned long addr, unsigned long len, bool write)
{
	unsigned long bad;
	CU_ASSERT_EQUAL_FATAL(touch_range(m, task(pid), addr, len, write, &bad), 0);
}

/* The page pid maps at addr, or PFN_NONE. */
static unsigned long mapped_pfn(int pid, unsigned long addr)
{
	pte_t *pte = follow_pte(m, task(pid)->mm, addr);
	return pte && pte_present(*pte) ? pte_pfn(*pte) : PFN_NONE;
}

static struct vm_area_struct *vma_of(int pid, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(task(pid)->mm, addr);
	CU_ASSERT_FATAL(vma && vma->vm_start <= addr);
	return vma;
}

static int chain_len(const struct vm_area_struct *vma)
{
	int n = 0;
	for (const struct anon_vma_chain *avc = vma->anon_vma_chain; avc; avc = avc->next)
		n++;
	return n;
}

static unsigned long node_stat(enum node_stat_item item)
{
	return global_node_page_state(m, item);
}

/* Pages that are free, slab or page tables: what a process's memory
 * returns to once it and the page cache it made are gone. */
static unsigned long nr_free_slab_tables(void)
{
	return global_zone_page_state(m, NR_FREE_PAGES) + node_stat(NR_SLAB_UNRECLAIMABLE) +
	       node_stat(NR_SLAB_RECLAIMABLE) + node_stat(NR_PAGETABLE);
}

static char last_violation[256];

static void note(void *ctx, const char *msg)
{
	(*(int *)ctx)++;
	snprintf(last_violation, sizeof(last_violation), "%s", msg);
}

/* The invariant checker's violations. */
static int violations(void)
{
	int n = 0;
	last_violation[0] = '\0';
	machine_check(m, note, &n);
	return n;
}

/* The number after label in text (kB for the memory lines); text is freed. */
static unsigned long number_after(char *text, const char *from, const char *label)
{
	unsigned long v = ~0UL;
	const char *at = strstr(text, from);
	at = at ? strstr(at, label) : NULL;
	if (at)
		sscanf(at + strlen(label), " %lu", &v);
	free(text);
	return v;
}

/* The number after label in a rendered file. */
static unsigned long field(show_fn show, long arg, const char *label)
{
	return number_after(test_render(show, m, arg), "", label);
}

/* The number after label in the smaps entry of the VMA starting at addr. */
static unsigned long smaps_field(int pid, unsigned long addr, const char *label)
{
	char head[32];
	snprintf(head, sizeof(head), "\n%lx-", addr);
	return number_after(test_render(show_pid_smaps, m, pid), head, label);
}

/* maps shows [start, end) with perms as offset off of shmem inode ino:
 * shm_mnt's device, and the name padded out to its column. */
static void assert_dev_zero_line(int pid, unsigned long start, unsigned long end,
				 const char *perms, unsigned long off, unsigned long ino)
{
	char head[32], prefix[128], want[256], *maps = test_render(show_pid_maps, m, pid);
	snprintf(head, sizeof(head), "%lx-", start);
	snprintf(prefix, sizeof(prefix), "%lx-%lx %s %08lx 00:01 %lu ", start, end, perms, off, ino);
	snprintf(want, sizeof(want), "%-72s /dev/zero (deleted)\n", prefix);
	const char *line = strstr(maps, head);
	CU_ASSERT_FATAL(line != NULL);
	CU_ASSERT_NSTRING_EQUAL(line, want, strlen(want));
	free(maps);
}

static void test_maps_shows_dev_zero(void)
{
	boot();
	int pid = spawn();
	long committed = m->vm_committed_as;
	unsigned long ino = m->shm_last_ino;
	unsigned long a = map_at(pid, 0, 64 * 1024, RW, SHARED_ANON);
	unsigned long b = map_at(pid, 64 * 1024, 4 * PG, PROT_READ, SHARED_ANON);
	const struct inode *inode = vma_of(pid, a)->vm_file->f_inode;
	CU_ASSERT(shmem_mapping(inode));
	CU_ASSERT_EQUAL(inode->i_size, 64 * 1024);
	CU_ASSERT_EQUAL(inode->i_ino, ino + 1);
	CU_ASSERT_EQUAL(vma_of(pid, b)->vm_file->f_inode->i_ino, ino + 2);
	/* each its own file, so the two never merge */
	CU_ASSERT_EQUAL(vma_of(pid, a)->vm_end, b);
	/* the whole size is charged, writable or not */
	CU_ASSERT_EQUAL(m->vm_committed_as, committed + 16 + 4);

	assert_dev_zero_line(pid, a, b, "rw-s", 0, ino + 1);
	assert_dev_zero_line(pid, b, b + 4 * PG, "r--s", 0, ino + 2);
	CU_ASSERT_EQUAL(smaps_field(pid, a, "Rss:"), 0); /* nothing touched yet */

	/* a split keeps the file, at its offset */
	CU_ASSERT_EQUAL(do_mprotect(m, task(pid)->mm, a + 4 * PG, 4 * PG, PROT_READ), 0);
	assert_dev_zero_line(pid, a + 4 * PG, a + 8 * PG, "r--s", 4 * PG, ino + 1);
	CU_ASSERT_EQUAL(violations(), 0);
	machine_free(m);
}

static void test_fork_shares_every_offset(void)
{
	boot();
	int parent = spawn();
	unsigned long a = map_at(parent, 0, 8 * PG, RW, SHARED_ANON);
	unsigned long shmem = node_stat(NR_SHMEM), file = node_stat(NR_FILE_PAGES);
	unsigned long majflt = m->vm_events[PGMAJFAULT], meminfo_shmem;
	meminfo_shmem = field(show_meminfo, 0, "\nShmem:");

	access_range(parent, a, PG, true);
	CU_ASSERT_EQUAL(node_stat(NR_SHMEM), shmem + 1);
	CU_ASSERT_EQUAL(task(parent)->mm->rss_stat[MM_SHMEMPAGES], 1);
	int child = fork_of(parent);
	/* no anon_vma, nothing copied: the child finds the page on its fault */
	CU_ASSERT_EQUAL(mapped_pfn(child, a), PFN_NONE);
	access_range(child, a, PG, false);
	CU_ASSERT_EQUAL(mapped_pfn(child, a), mapped_pfn(parent, a));

	/* a page first touched after the fork is as shared */
	access_range(child, a + 5 * PG, PG, true);
	access_range(parent, a + 5 * PG, PG, false);
	CU_ASSERT_EQUAL(mapped_pfn(parent, a + 5 * PG), mapped_pfn(child, a + 5 * PG));
	access_range(parent, a + 5 * PG, PG, true);
	access_range(child, a, 8 * PG, false);
	CU_ASSERT_EQUAL(m->token_mismatches, 0);

	/* eight pages now, zeroed memory: minor faults, no disk */
	CU_ASSERT_EQUAL(node_stat(NR_SHMEM), shmem + 8);
	CU_ASSERT_EQUAL(node_stat(NR_FILE_PAGES), file + 8);
	CU_ASSERT_EQUAL(m->vm_events[PGMAJFAULT], majflt);
	CU_ASSERT_EQUAL(task(child)->maj_flt, 0);
	CU_ASSERT_EQUAL(field(show_meminfo, 0, "\nShmem:"), meminfo_shmem + 32);
	CU_ASSERT_EQUAL(page_mapcount(pfn_to_page(m, mapped_pfn(child, a))), 2);

	/* RssShmem, smaps and the rollup count the child's view */
	CU_ASSERT_EQUAL(task(child)->mm->rss_stat[MM_SHMEMPAGES], 8);
	CU_ASSERT_EQUAL(task(parent)->mm->rss_stat[MM_SHMEMPAGES], 2);
	CU_ASSERT_EQUAL(field(show_pid_status, child, "RssShmem:"), 32);
	CU_ASSERT_EQUAL(smaps_field(child, a, "Rss:"), 32);
	CU_ASSERT_EQUAL(smaps_field(child, a, "Pss:"), 28); /* two pages shared with the parent */
	CU_ASSERT_EQUAL(smaps_field(child, a, "Shared_Dirty:"), 8);
	CU_ASSERT_EQUAL(smaps_field(child, a, "Private_Clean:"), 24);
	CU_ASSERT_EQUAL(smaps_field(child, a, "Anonymous:"), 0);
	CU_ASSERT_EQUAL(field(show_pid_smaps_rollup, child, "Pss_Shmem:"), 28);
	CU_ASSERT_EQUAL(violations(), 0);
	machine_free(m);
}

static void test_last_mapping_frees_pages_and_charge(void)
{
	boot();
	int parent = spawn();
	long committed = m->vm_committed_as;
	unsigned long shmem = node_stat(NR_SHMEM), file = node_stat(NR_FILE_PAGES);
	unsigned long pages = nr_free_slab_tables();
	unsigned long a = map_at(parent, 0, 16 * PG, RW, SHARED_ANON);
	access_range(parent, a, 16 * PG, true);
	int child = fork_of(parent);
	access_range(child, a, 16 * PG, false);
	long forked = m->vm_committed_as;

	/* the child's mapping keeps the file, its pages and its charge */
	CU_ASSERT_EQUAL(do_munmap(m, task(parent)->mm, a, 16 * PG), 0);
	CU_ASSERT_EQUAL(node_stat(NR_SHMEM), shmem + 16);
	CU_ASSERT_EQUAL(m->vm_committed_as, forked);
	access_range(child, a, 16 * PG, false);
	CU_ASSERT_EQUAL(m->token_mismatches, 0);
	CU_ASSERT_EQUAL(violations(), 0);

	CU_ASSERT_EQUAL(task_exit(m, child, 0), 0);
	CU_ASSERT_EQUAL(node_stat(NR_SHMEM), shmem);
	CU_ASSERT_EQUAL(node_stat(NR_FILE_PAGES), file);
	CU_ASSERT_EQUAL(m->vm_committed_as, committed);
	CU_ASSERT_EQUAL(nr_free_slab_tables(), pages);
	CU_ASSERT_EQUAL(violations(), 0);
	machine_free(m);
}

static void test_commit_charge_rules(void)
{
	boot();
	int pid = spawn();
	struct mm_struct *mm = task(pid)->mm;
	long committed = m->vm_committed_as;
	unsigned long a = map_at(pid, 0, 256 * PG, RW, SHARED_ANON | MAP_NORESERVE);
	CU_ASSERT_EQUAL(m->vm_committed_as, committed);
	/* overcommit_memory 2 ignores MAP_NORESERVE */
	m->vm.overcommit_memory = 2;
	unsigned long b = map_at(pid, 256 * PG, 256 * PG, RW, SHARED_ANON | MAP_NORESERVE);
	CU_ASSERT_EQUAL(m->vm_committed_as, committed + 256);
	CU_ASSERT_EQUAL(violations(), 0);

	/* beyond the limit: refused before anything changes */
	int count = mm->map_count;
	unsigned long ino = m->shm_last_ino, big = vm_commit_limit(m) * PG;
	CU_ASSERT_EQUAL(do_mmap(m, mm, 0, big, PROT_READ, SHARED_ANON, NULL, 0), -ENOMEM);
	CU_ASSERT_EQUAL(do_mmap(m, mm, b, 256 * PG, PROT_READ, SHARED_ANON | MAP_FIXED, NULL, 0),
			(long)b);
	CU_ASSERT_EQUAL(mm->map_count, count);
	CU_ASSERT_EQUAL(m->shm_last_ino, ino + 1);
	CU_ASSERT_EQUAL(m->vm_committed_as, committed + 256);
	m->vm.overcommit_memory = 0;

	CU_ASSERT_EQUAL(do_munmap(m, mm, a, 512 * PG), 0);
	CU_ASSERT_EQUAL(m->vm_committed_as, committed);
	CU_ASSERT_EQUAL(violations(), 0);
	machine_free(m);
}

static void test_anon_vma_on_first_write(void)
{
	boot();
	int pid = spawn();
	struct mm_struct *mm = task(pid)->mm;
	unsigned long a = map_at(pid, 0, 2 * PG, RW, ANON);
	CU_ASSERT_EQUAL(do_mprotect(m, mm, a + PG, PG, RWX), 0);
	access_range(pid, a, 2 * PG, false);
	CU_ASSERT_PTR_NULL(vma_of(pid, a)->anon_vma); /* the zero page needs none */

	access_range(pid, a, PG, true);
	struct anon_vma *av = vma_of(pid, a)->anon_vma;
	CU_ASSERT_PTR_NOT_NULL_FATAL(av);
	CU_ASSERT_EQUAL(chain_len(vma_of(pid, a)), 1);
	CU_ASSERT(av->root == av && av->parent == av);
	CU_ASSERT_EQUAL(av->refcount, 1);
	CU_ASSERT_EQUAL(av->num_children, 1);
	CU_ASSERT_EQUAL(av->degree, 1);

	/* a neighbour differing in access rights only shares it */
	access_range(pid, a + PG, PG, true);
	CU_ASSERT_PTR_EQUAL(vma_of(pid, a + PG)->anon_vma, av);
	CU_ASSERT_EQUAL(av->degree, 2);
	CU_ASSERT_EQUAL(av->num_active_vmas, 2);
	CU_ASSERT_EQUAL(violations(), 0);
	/* and merges back into one VMA with it */
	int count = mm->map_count;
	CU_ASSERT_EQUAL(do_mprotect(m, mm, a + PG, PG, RW), 0);
	CU_ASSERT_EQUAL(mm->map_count, count - 1);
	CU_ASSERT_EQUAL(av->degree, 1);
	CU_ASSERT_EQUAL(av->num_active_vmas, 1);
	CU_ASSERT_EQUAL(violations(), 0);
	machine_free(m);
}

static void test_fork_links_and_reuses(void)
{
	boot();
	int p = spawn();
	unsigned long a = map_at(p, 0, 4 * PG, RW, ANON);
	access_range(p, a, 4 * PG, true);
	struct anon_vma *av = vma_of(p, a)->anon_vma;

	int c = fork_of(p);
	const struct vm_area_struct *cv = vma_of(c, a);
	struct anon_vma *cav = cv->anon_vma;
	CU_ASSERT(cav && cav != av);
	CU_ASSERT_EQUAL(chain_len(cv), 2);
	CU_ASSERT(cav->parent == av && cav->root == av);
	CU_ASSERT_EQUAL(av->refcount, 2);
	CU_ASSERT_EQUAL(av->num_children, 2);
	CU_ASSERT_EQUAL(av->degree, 2);
	CU_ASSERT(vma_is_fork_child(cv) && !vma_is_fork_child(vma_of(p, a)));
	/* with an anon_vma, fork copies the PTEs */
	CU_ASSERT_EQUAL(mapped_pfn(c, a), mapped_pfn(p, a));

	int g = fork_of(c);
	struct anon_vma *gav = vma_of(g, a)->anon_vma;
	CU_ASSERT(gav != av && gav != cav && gav->parent == cav && gav->root == av);
	CU_ASSERT_EQUAL(chain_len(vma_of(g, a)), 3);
	CU_ASSERT_EQUAL(av->refcount, 3);

	/* the middle generation leaves an anon_vma with no VMA and one child:
	 * the next fork reuses it instead of making one */
	CU_ASSERT_EQUAL(task_exit(m, c, 0), 0);
	CU_ASSERT_EQUAL(cav->num_active_vmas, 0);
	CU_ASSERT_EQUAL(cav->num_children, 1);
	int gg = fork_of(g);
	CU_ASSERT_PTR_EQUAL(vma_of(gg, a)->anon_vma, cav);
	CU_ASSERT_EQUAL(chain_len(vma_of(gg, a)), 3);
	CU_ASSERT_EQUAL(violations(), 0);

	/* everyone's data is intact; the root outlives its own process */
	access_range(gg, a, 4 * PG, false);
	CU_ASSERT_EQUAL(task_exit(m, p, 0), 0);
	access_range(g, a, 4 * PG, false);
	CU_ASSERT_EQUAL(m->token_mismatches, 0);
	CU_ASSERT_EQUAL(av->degree, 2);
	CU_ASSERT_EQUAL(violations(), 0);
	CU_ASSERT_EQUAL(task_exit(m, g, 0), 0);
	CU_ASSERT_EQUAL(violations(), 0);
	CU_ASSERT_EQUAL(task_exit(m, gg, 0), 0);
	CU_ASSERT_EQUAL(violations(), 0);
	machine_free(m);
}

static void test_split_and_merge_keep_links(void)
{
	boot();
	int p = spawn();
	unsigned long a = map_at(p, 0, 4 * PG, RW, ANON);
	access_range(p, a, 4 * PG, true);
	struct anon_vma *av = vma_of(p, a)->anon_vma;
	int c = fork_of(p);
	struct anon_vma *cav = vma_of(c, a)->anon_vma;

	/* each part of a split is linked to every anon_vma of the whole */
	CU_ASSERT_EQUAL(do_munmap(m, task(c)->mm, a + PG, PG), 0);
	CU_ASSERT_EQUAL(chain_len(vma_of(c, a)), 2);
	CU_ASSERT_EQUAL(chain_len(vma_of(c, a + 2 * PG)), 2);
	CU_ASSERT_PTR_EQUAL(vma_of(c, a + 2 * PG)->anon_vma, cav);
	CU_ASSERT_EQUAL(cav->degree, 2);
	CU_ASSERT_EQUAL(av->degree, 3);
	CU_ASSERT_EQUAL(violations(), 0);

	/* a fork child's faulted VMA does not merge with new anonymous
	 * memory next to it; the parent's does */
	int count = task(c)->mm->map_count;
	map_at(c, 4 * PG, PG, RW, ANON);
	CU_ASSERT_EQUAL(task(c)->mm->map_count, count + 1);
	count = task(p)->mm->map_count;
	map_at(p, 4 * PG, PG, RW, ANON);
	CU_ASSERT_EQUAL(task(p)->mm->map_count, count);
	CU_ASSERT_PTR_EQUAL(vma_of(p, a + 4 * PG)->anon_vma, av);

	/* an mprotect split in three and merged back leaves one link */
	CU_ASSERT_EQUAL(do_mprotect(m, task(p)->mm, a + PG, PG, PROT_READ), 0);
	CU_ASSERT_EQUAL(av->degree, 5);
	CU_ASSERT_EQUAL(do_mprotect(m, task(p)->mm, a + PG, PG, RW), 0);
	CU_ASSERT_EQUAL(av->degree, 3);
	CU_ASSERT_EQUAL(chain_len(vma_of(p, a)), 1);
	CU_ASSERT_EQUAL(violations(), 0);
	machine_free(m);
}

static void test_checker_counts_links_and_files(void)
{
	boot();
	int p = spawn();
	unsigned long a = map_at(p, 0, 2 * PG, RW, ANON);
	unsigned long s = map_at(p, 2 * PG, 2 * PG, RW, SHARED_ANON);
	access_range(p, a, 4 * PG, true);
	int c = fork_of(p);
	struct anon_vma *av = vma_of(c, a)->anon_vma;
	struct file *file = vma_of(c, s)->vm_file;
	CU_ASSERT_EQUAL(violations(), 0);

	av->degree++;
	CU_ASSERT_EQUAL(violations(), 1);
	CU_ASSERT(strstr(last_violation, "anon_vma") != NULL);
	av->degree--;
	av->root->refcount++;
	CU_ASSERT_EQUAL(violations(), 1);
	CU_ASSERT(strstr(last_violation, "refcount") != NULL);
	av->root->refcount--;
	file->f_count++;
	CU_ASSERT_EQUAL(violations(), 1);
	CU_ASSERT(strstr(last_violation, "shmem inode") != NULL);
	file->f_count--;
	task(c)->mm->rss_stat[MM_SHMEMPAGES]--;
	CU_ASSERT_EQUAL(violations(), 1);
	CU_ASSERT(strstr(last_violation, "shmem pages") != NULL);
	task(c)->mm->rss_stat[MM_SHMEMPAGES]++;
	CU_ASSERT_EQUAL(violations(), 0);
	machine_free(m);
}

void add_shmem_suite(void)
{
	CU_pSuite s = CU_add_suite("shmem", NULL, NULL);
	CU_add_test(s, "maps shows /dev/zero (deleted)", test_maps_shows_dev_zero);
	CU_add_test(s, "fork shares every offset", test_fork_shares_every_offset);
	CU_add_test(s, "the last mapping frees pages and charge",
		    test_last_mapping_frees_pages_and_charge);
	CU_add_test(s, "commit charge rules", test_commit_charge_rules);
	CU_add_test(s, "anon_vma on the first write", test_anon_vma_on_first_write);
	CU_add_test(s, "fork links and reuses anon_vmas", test_fork_links_and_reuses);
	CU_add_test(s, "split and merge keep the links", test_split_and_merge_keep_links);
	CU_add_test(s, "the checker counts links and files", test_checker_counts_links_and_files);
}
