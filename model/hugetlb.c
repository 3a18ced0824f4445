/* The hugetlb pool: 2 MiB pages taken from the buddy allocator whole. */
#include "model/hugetlb.h"

#include "model/gfp.h"
#include "model/machine.h"

/* Allocation flags of a pool page: movable 2 MiB pages, this node only,
 * reclaim allowed but never the OOM killer (htlb_alloc_mask() with
 * __GFP_THISNODE | __GFP_RETRY_MAYFAIL). */
#define HTLB_GFP (GFP_HIGHUSER_MOVABLE | __GFP_THISNODE)

/* Add one page to the pool from node nid; false if the node had none. */
static bool alloc_pool_huge_page(struct machine *m, int nid)
{
	unsigned long pfn = alloc_pages(m, HTLB_GFP, HPAGE_PMD_ORDER, nid);
	if (pfn == PFN_NONE) {
		count_vm_events(m, HTLB_BUDDY_PGALLOC_FAIL, 1);
		return false;
	}
	count_vm_events(m, HTLB_BUDDY_PGALLOC, 1);
	struct page *page = pfn_to_page(m, pfn);
	page->flags |= PG_hugetlb;
	pfn_list_add(m->mem_map, &m->hugetlb_pool, pfn);
	m->nr_huge_pages++;
	mod_node_page_state(page_zone(m, pfn)->zone_pgdat, NR_HUGETLB, (long)HPAGE_PMD_NR);
	return true;
}

/* Return the pool's first page to the buddy allocator. */
static void free_pool_huge_page(struct machine *m)
{
	unsigned long pfn = m->hugetlb_pool.first;
	struct page *page = pfn_to_page(m, pfn);
	pfn_list_del(m->mem_map, &m->hugetlb_pool, pfn);
	page->flags &= (uint16_t)~PG_hugetlb;
	m->nr_huge_pages--;
	mod_node_page_state(page_zone(m, pfn)->zone_pgdat, NR_HUGETLB, -(long)HPAGE_PMD_NR);
	free_pages(m, pfn, HPAGE_PMD_ORDER);
}

int set_max_huge_pages(struct machine *m, unsigned long count)
{
	int failed_nodes = 0;
	for (int nid = 0; m->nr_huge_pages < count && failed_nodes < m->nr_nodes;
	     nid = (nid + 1) % m->nr_nodes)
		failed_nodes = alloc_pool_huge_page(m, nid) ? 0 : failed_nodes + 1;
	while (m->nr_huge_pages > count)
		free_pool_huge_page(m);
	m->vm.nr_hugepages = m->nr_huge_pages;
	return 0;
}

/* Free pool pages: until hugetlb mappings exist every pool page is free. */
unsigned long hugetlb_free_pages(const struct machine *m)
{
	return m->nr_huge_pages;
}

/* Reservations come from hugetlbfs mappings, which do not exist yet. */
unsigned long hugetlb_resv_pages(const struct machine *m)
{
	return 0;
}

/* Surplus pages are allocated past the pool for mappings; none exist yet. */
unsigned long hugetlb_surplus_pages(const struct machine *m)
{
	return 0;
}

/* The node's pool, from its nr_hugetlb counter (base pages in hugetlb
 * folios, counted as pages enter and leave the pool). */
unsigned long hugetlb_node_pages(const struct pglist_data *pgdat)
{
	return node_page_state(pgdat, NR_HUGETLB) / HPAGE_PMD_NR;
}

/* Free pool pages on the node: all of them, as for the whole pool. */
unsigned long hugetlb_node_free_pages(const struct pglist_data *pgdat)
{
	return hugetlb_node_pages(pgdat);
}

/* No surplus pages exist yet on any node. */
unsigned long hugetlb_node_surplus_pages(const struct pglist_data *pgdat)
{
	return 0;
}

/* One hstate, 2 MiB: its pool in base pages. */
unsigned long hugetlb_total_pages(const struct machine *m)
{
	return m->nr_huge_pages * HPAGE_PMD_NR;
}
