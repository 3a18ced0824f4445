/* Simulator-held allocations, linked through their head pages. */
#include "model/workload.h"

#include <errno.h>

#include "model/machine.h"

unsigned long sim_alloc_pages(struct machine *m, gfp_t gfp, unsigned int order, int nid)
{
	unsigned long pfn = alloc_pages(m, gfp, order, nid);
	if (pfn == PFN_NONE)
		return PFN_NONE;
	struct page *page = pfn_to_page(m, pfn);
	page->flags |= PG_sim;
	pfn_list_add(m->mem_map, &m->sim_allocs, pfn);
	return pfn;
}

int sim_free_pages(struct machine *m, unsigned long pfn)
{
	if (pfn >= m->max_pfn || !(pfn_to_page(m, pfn)->flags & PG_sim))
		return -EINVAL;
	struct page *page = pfn_to_page(m, pfn);
	pfn_list_del(m->mem_map, &m->sim_allocs, pfn);
	page->flags &= (uint16_t)~PG_sim;
	free_pages(m, pfn, page->order);
	return 0;
}

unsigned long sim_free_all(struct machine *m)
{
	unsigned long pages = 0;
	while (m->sim_allocs.first != PFN_NONE) {
		unsigned long pfn = m->sim_allocs.first;
		pages += 1UL << pfn_to_page(m, pfn)->order;
		sim_free_pages(m, pfn);
	}
	return pages;
}
