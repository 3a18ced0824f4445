/* The invariant checker: what must hold after every step, checked from
 * first principles (walking lists and page tables) against the counters
 * the model keeps incrementally. */
#include "model/check.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/filemap.h"
#include "model/machine.h"
#include "model/memory.h"
#include "model/mm.h"
#include "model/rmap.h"
#include "model/shmem.h"
#include "model/task.h"
#include "model/xarray.h"

struct checker {
	struct machine *m;
	check_fail_fn fail;
	void *ctx;
	int failures;
};

/* Report one violation. */
static void violation(struct checker *c, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->fail(c->ctx, msg);
	c->failures++;
}

/* Free lists: each entry a free head of its order and type inside its
 * zone, and the pages they hold (with the pristine blocks) NR_FREE_PAGES. */
static void check_free_lists(struct checker *c, const struct zone *z)
{
	const struct machine *m = c->m;
	unsigned long pages = zone_pristine_blocks(z) << MAX_PAGE_ORDER;
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long n = 0;
			for (unsigned long pfn = z->free_area[o].free_list[mt].first; pfn != PFN_NONE;
			     pfn = pfn_to_page(m, pfn)->next, n++) {
				const struct page *p = pfn_to_page(m, pfn);
				if (!(p->flags & PG_buddy) || p->order != o || p->mt != mt ||
				    pfn < z->zone_start_pfn || pfn >= zone_end_pfn(z))
					violation(c, "node %d %s: pfn %lu on the order-%u %s list is not such a free block",
						  z->zone_pgdat->node_id, z->name, pfn, o, migratetype_names[mt]);
				pages += 1UL << o;
			}
			if (o == MAX_PAGE_ORDER && mt == MIGRATE_MOVABLE)
				n += zone_pristine_blocks(z);
			if (n != z->free_area[o].nr_free[mt])
				violation(c, "node %d %s: order-%u %s list holds %lu blocks, nr_free says %lu",
					  z->zone_pgdat->node_id, z->name, o, migratetype_names[mt], n,
					  z->free_area[o].nr_free[mt]);
		}
	}
	if (pages != zone_page_state(z, NR_FREE_PAGES))
		violation(c, "node %d %s: free lists hold %lu pages, nr_free_pages is %lu",
			  z->zone_pgdat->node_id, z->name, pages, zone_page_state(z, NR_FREE_PAGES));
}

/* What a walk over every address space gathers, keyed by object
 * address: the shmem files and anon_vmas are reached only through VMAs. */
struct census {
	uint32_t *maps;          /* by pfn: the PTEs mapping it */
	long committed;          /* VM_ACCOUNT pages, then the shmem files' charges */
	struct xarray files;     /* shmem file -> VMAs mapping it */
	struct xarray links;     /* anon_vma -> chain links to it */
	struct xarray active;    /* anon_vma -> VMAs whose anon_vma it is */
	struct xarray rooted;    /* root anon_vma -> live anon_vmas below it */
	bool nomem;
};

/* Count one more of key in xa (noting a failure for lack of host memory). */
static void census_inc(struct census *cs, struct xarray *xa, const void *key)
{
	unsigned long index = (unsigned long)(uintptr_t)key;
	if (xa_store(xa, index, xa_load(xa, index) + 1))
		cs->nomem = true;
}

static uint64_t census_get(const struct xarray *xa, const void *key)
{
	return xa_load(xa, (unsigned long)(uintptr_t)key);
}

/* A VMA's links: its anon_vma among them, each counted in the census. */
static void census_anon_vmas(struct checker *c, struct census *cs, const struct task_struct *t,
			     const struct vm_area_struct *v)
{
	bool own = false;
	for (const struct anon_vma_chain *avc = v->anon_vma_chain; avc; avc = avc->next) {
		census_inc(cs, &cs->links, avc->anon_vma);
		own |= avc->anon_vma == v->anon_vma;
	}
	if (v->anon_vma)
		census_inc(cs, &cs->active, v->anon_vma);
	if (v->anon_vma && !own)
		violation(c, "pid %d: VMA at %lx is not linked to its anon_vma", t->pid,
			  v->vm_start);
}

/* An address space: its RSS counters equal the pages its PTEs map, by
 * kind. Counts each mapped page in cs->maps for the mapcount check, its
 * VM_ACCOUNT pages, shmem files and anon_vma links in the census. */
static void check_mm(struct checker *c, const struct task_struct *t, struct census *cs)
{
	const struct mm_struct *mm = t->mm;
	long rss[NR_MM_COUNTERS] = {0};
	for (int i = 0; i < mm->map_count; i++) {
		const struct vm_area_struct *v = &mm->vmas[i];
		if (v->vm_flags & VM_ACCOUNT)
			cs->committed += (long)vma_pages(v);
		if (v->vm_file && shmem_mapping(v->vm_file->f_inode))
			census_inc(cs, &cs->files, v->vm_file);
		census_anon_vmas(c, cs, t, v);
		for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE) {
			pte_t *pte = follow_pte(c->m, mm, a);
			if (!pte || !pte_present(*pte) || pte_special(*pte))
				continue;
			unsigned long pfn = pte_pfn(*pte);
			const struct page *page = pfn_to_page(c->m, pfn);
			cs->maps[pfn]++;
			if (PageAnon(page))
				rss[MM_ANONPAGES]++;
			else
				rss[PageSwapBacked(page) ? MM_SHMEMPAGES : MM_FILEPAGES]++;
		}
	}
	if (rss[MM_ANONPAGES] != mm->rss_stat[MM_ANONPAGES] ||
	    rss[MM_FILEPAGES] != mm->rss_stat[MM_FILEPAGES] ||
	    rss[MM_SHMEMPAGES] != mm->rss_stat[MM_SHMEMPAGES])
		violation(c, "pid %d: PTEs map %ld anon, %ld file and %ld shmem pages, "
			  "RSS counters say %ld, %ld and %ld", t->pid, rss[MM_ANONPAGES],
			  rss[MM_FILEPAGES], rss[MM_SHMEMPAGES], mm->rss_stat[MM_ANONPAGES],
			  mm->rss_stat[MM_FILEPAGES], mm->rss_stat[MM_SHMEMPAGES]);
}

/* Each shmem file is referenced by its VMAs alone, and charges its
 * size while it lives. */
static void check_shmem_files(struct checker *c, struct census *cs)
{
	unsigned long key;
	uint64_t vmas;
	xa_for_each(&cs->files, pos, key, vmas) {
		const struct file *file = (const struct file *)(uintptr_t)key;
		if ((uint64_t)file->f_count != vmas)
			violation(c, "shmem inode %lu: %d file references, %llu VMAs map it",
				  file->f_inode->i_ino, file->f_count, (unsigned long long)vmas);
		cs->committed += (long)shmem_acct_pages(file->f_inode);
	}
}

/* Every live anon_vma is linked to some VMA, or is a root that a linked
 * one holds: its degree and active VMAs are what the VMAs show, and its
 * references one for being linked plus one per live descendant. */
static void check_anon_vmas(struct checker *c, struct census *cs)
{
	unsigned long key;
	uint64_t n;
	xa_for_each(&cs->links, pos, key, n) {
		const struct anon_vma *av = (const struct anon_vma *)(uintptr_t)key;
		uint64_t active = census_get(&cs->active, av);
		if ((uint64_t)av->degree != n || (uint64_t)av->num_active_vmas != active)
			violation(c, "anon_vma %lx: degree %d and %d active VMAs, VMAs show %llu "
				  "links and %llu", av->slab, av->degree, av->num_active_vmas,
				  (unsigned long long)n, (unsigned long long)active);
		if (av->root != av)
			census_inc(cs, &cs->rooted, av->root);
	}
	xa_for_each(&cs->links, pos, key, n) {
		const struct anon_vma *av = (const struct anon_vma *)(uintptr_t)key;
		uint64_t want = 1 + census_get(&cs->rooted, av);
		if ((uint64_t)av->refcount != want)
			violation(c, "anon_vma %lx: refcount %d, %llu expected", av->slab,
				  av->refcount, (unsigned long long)want);
	}
	xa_for_each(&cs->rooted, pos, key, n) {
		const struct anon_vma *root = (const struct anon_vma *)(uintptr_t)key;
		if (!census_get(&cs->links, root) && (uint64_t)root->refcount != n)
			violation(c, "unlinked root anon_vma %lx: refcount %d, %llu descendants",
				  root->slab, root->refcount, (unsigned long long)n);
	}
}

/* Each page in use in zone z has as many mappings as PTEs found; free
 * blocks and the untouched pristine range are skipped whole. */
static void check_mapcounts(struct checker *c, const struct zone *z, const uint32_t *maps)
{
	for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z);) {
		if (pfn == z->pristine_pfn && z->pristine_end > pfn) {
			pfn = z->pristine_end;
			continue;
		}
		const struct page *p = pfn_to_page(c->m, pfn);
		if (p->flags & PG_buddy) {
			pfn += 1UL << p->order;
			continue;
		}
		if (maps[pfn] != (uint32_t)page_mapcount(p) && !(p->flags & PG_pgtable))
			violation(c, "pfn %lu: mapped by %u PTEs, mapcount %d", pfn, maps[pfn],
				  page_mapcount(p));
		pfn++;
	}
}

/* Every address space once (by its group leader): RSS, mapcounts, the
 * objects reached through VMAs, and the commit charge, which is what
 * the accountable mappings and the shmem files hold. */
static void check_address_spaces(struct checker *c)
{
	struct machine *m = c->m;
	struct census cs = {.maps = calloc(m->max_pfn, sizeof(*cs.maps))};
	if (!cs.maps) {
		violation(c, "no host memory to check mapcounts");
		return;
	}
	for (const struct task_struct *t = next_task(m, 0); t; t = next_task(m, t->pid))
		if (t->mm && t->tgid == t->pid)
			check_mm(c, t, &cs);
	struct zone *z;
	for_each_zone(m, z)
		check_mapcounts(c, z, cs.maps);
	check_shmem_files(c, &cs);
	check_anon_vmas(c, &cs);
	if (cs.nomem)
		violation(c, "no host memory to check shmem files and anon_vmas");
	else if (cs.committed != m->vm_committed_as)
		violation(c, "Committed_AS is %ld pages, the accountable mappings and shmem "
			  "files hold %ld", m->vm_committed_as, cs.committed);
	free(cs.maps);
	xa_destroy(&cs.files);
	xa_destroy(&cs.links);
	xa_destroy(&cs.active);
	xa_destroy(&cs.rooted);
}

int machine_check(struct machine *m, check_fail_fn fail, void *ctx)
{
	struct checker c = {m, fail, ctx, 0};
	if (m->token_mismatches)
		violation(&c, "%llu reads found other data than was written",
			  (unsigned long long)m->token_mismatches);
	struct zone *z;
	for_each_zone(m, z)
		check_free_lists(&c, z);
	check_address_spaces(&c);
	return c.failures;
}
