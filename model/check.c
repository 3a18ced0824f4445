/* The invariant checker: what must hold after every step, checked from
 * first principles (walking lists and page tables) against the counters
 * the model keeps incrementally. */
#include "model/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/machine.h"
#include "model/memory.h"
#include "model/mm.h"
#include "model/task.h"

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

/* An address space: its RSS counters equal the pages its PTEs map, and
 * its VM_ACCOUNT pages add to what it charged. Counts each mapped page
 * in maps[] (by pfn) for the mapcount check. */
static long check_mm(struct checker *c, const struct task_struct *t, uint32_t *maps)
{
	const struct mm_struct *mm = t->mm;
	long anon = 0, file = 0, accounted = 0;
	for (int i = 0; i < mm->map_count; i++) {
		const struct vm_area_struct *v = &mm->vmas[i];
		if (v->vm_flags & VM_ACCOUNT)
			accounted += (long)vma_pages(v);
		for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE) {
			pte_t *pte = follow_pte(c->m, mm, a);
			if (!pte || !pte_present(*pte) || pte_special(*pte))
				continue;
			unsigned long pfn = pte_pfn(*pte);
			maps[pfn]++;
			if (PageAnon(pfn_to_page(c->m, pfn)))
				anon++;
			else
				file++;
		}
	}
	if (anon != mm->rss_stat[MM_ANONPAGES] || file != mm->rss_stat[MM_FILEPAGES])
		violation(c, "pid %d: PTEs map %ld anon and %ld file pages, RSS counters say %ld and %ld",
			  t->pid, anon, file, mm->rss_stat[MM_ANONPAGES], mm->rss_stat[MM_FILEPAGES]);
	return accounted;
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

/* Every address space once (by its group leader): RSS, mapcounts and the
 * commit charge. */
static void check_address_spaces(struct checker *c)
{
	struct machine *m = c->m;
	uint32_t *maps = calloc(m->max_pfn, sizeof(*maps));
	if (!maps) {
		violation(c, "no host memory to check mapcounts");
		return;
	}
	long committed = 0;
	for (const struct task_struct *t = next_task(m, 0); t; t = next_task(m, t->pid))
		if (t->mm && t->tgid == t->pid)
			committed += check_mm(c, t, maps);
	struct zone *z;
	for_each_zone(m, z)
		check_mapcounts(c, z, maps);
	free(maps);
	if (committed != m->vm_committed_as)
		violation(c, "Committed_AS is %ld pages, the accountable mappings hold %ld",
			  m->vm_committed_as, committed);
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
