/* The buddy allocator: free lists add up, blocks coalesce back, fallback
 * steals pageblocks, watermarks wake kswapd and stop allocations. */
#include <stdlib.h>
#include <string.h>

#include "model/gfp.h"
#include "model/machine.h"
#include "model/workload.h"
#include "tests/unit/suites.h"

/* Walk every free list of z: each entry is a free head of the list's order
 * and type inside the zone, no page is listed twice, and the listed pages
 * (plus pristine blocks) equal NR_FREE_PAGES. Returns violations. */
static int check_zone_lists(struct machine *m, struct zone *z)
{
	int bad = 0;
	unsigned long pages = zone_pristine_blocks(z) << MAX_PAGE_ORDER;
	unsigned char *seen = calloc(z->spanned_pages + 1, 1);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long n = 0;
			for (unsigned long pfn = z->free_area[o].free_list[mt].first; pfn != PFN_NONE;
			     pfn = pfn_to_page(m, pfn)->next, n++) {
				struct page *p = pfn_to_page(m, pfn);
				bad += !(p->flags & PG_buddy) || p->order != o || p->mt != mt;
				bad += pfn < z->zone_start_pfn || pfn + (1UL << o) > zone_end_pfn(z);
				bad += (pfn & ((1UL << o) - 1)) != 0;
				for (unsigned long i = 0; i < (1UL << o) && pfn + i < zone_end_pfn(z); i++)
					bad += seen[pfn + i - z->zone_start_pfn]++ != 0;
			}
			if (o == MAX_PAGE_ORDER && mt == MIGRATE_MOVABLE)
				n += zone_pristine_blocks(z);
			bad += n != z->free_area[o].nr_free[mt];
			pages += (n - (o == MAX_PAGE_ORDER && mt == MIGRATE_MOVABLE ?
					       zone_pristine_blocks(z) : 0)) << o;
		}
	}
	free(seen);
	bad += pages != zone_page_state(z, NR_FREE_PAGES);
	return bad;
}

static int check_all_lists(struct machine *m)
{
	int bad = 0;
	struct zone *z;
	for_each_zone(m, z)
		bad += check_zone_lists(m, z);
	return bad;
}

/* nr_free per order of zone z, summed over types. */
static void zone_orders(const struct zone *z, unsigned long *out)
{
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		out[o] = 0;
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			out[o] += z->free_area[o].nr_free[mt];
	}
}

static void test_boot_lists_consistent(void)
{
	struct machine *m = test_machine(4ULL << 30, 1, 2);
	CU_ASSERT_EQUAL(check_all_lists(m), 0);
	struct zone *z;
	unsigned long in_use = 0;
	for_each_zone(m, z) {
		CU_ASSERT(z->spanned_pages >= z->present_pages);
		CU_ASSERT(z->present_pages >= z->managed_pages);
		CU_ASSERT(zone_page_state(z, NR_FREE_PAGES) <= z->managed_pages);
		in_use += z->managed_pages - zone_page_state(z, NR_FREE_PAGES);
	}
	/* what is not free was allocated at boot (the slab caches) */
	unsigned long allocated = 0;
	for (int i = PGALLOC_DMA; i <= PGALLOC_DEVICE; i++)
		allocated += m->vm_events[i];
	CU_ASSERT_EQUAL(in_use, allocated - m->vm_events[PGFREE]);
	CU_ASSERT(in_use > 0 && in_use < 64);
	CU_ASSERT(totalram_pages(m) < (4UL << 30) / PAGE_SIZE);
	machine_free(m);
}

static void test_alloc_free_coalesces(void)
{
	struct machine *m = test_machine(1ULL << 30, 1, 2);
	struct zone *dma32 = &m->node_data[0]->node_zones[ZONE_DMA32];
	unsigned long before[NR_PAGE_ORDERS], after[NR_PAGE_ORDERS];
	zone_orders(dma32, before);
	unsigned long free_before = zone_page_state(dma32, NR_FREE_PAGES);
	unsigned long pgalloc_before = m->vm_events[PGALLOC_DMA32];
	unsigned long pgfree_before = m->vm_events[PGFREE];

	unsigned long pfns[200];
	unsigned int orders[200];
	for (int i = 0; i < 200; i++) {
		orders[i] = (unsigned int)(i * 7 % 11);
		pfns[i] = alloc_pages(m, GFP_KERNEL | __GFP_DMA32, orders[i], 0);
		CU_ASSERT_NOT_EQUAL_FATAL(pfns[i], PFN_NONE);
		CU_ASSERT_PTR_EQUAL(page_zone(m, pfns[i]), dma32);
	}
	CU_ASSERT_EQUAL(check_all_lists(m), 0);
	unsigned long taken = 0;
	for (int i = 0; i < 200; i++)
		taken += 1UL << orders[i];
	CU_ASSERT_EQUAL(zone_page_state(dma32, NR_FREE_PAGES), free_before - taken);
	CU_ASSERT_EQUAL(m->vm_events[PGALLOC_DMA32] - pgalloc_before, taken);

	for (int i = 199; i >= 0; i -= 2)
		free_pages(m, pfns[i], orders[i]);
	for (int i = 0; i < 200; i += 2)
		free_pages(m, pfns[i], orders[i]);
	CU_ASSERT_EQUAL(check_all_lists(m), 0);
	CU_ASSERT_EQUAL(m->vm_events[PGFREE] - pgfree_before, taken);
	zone_orders(dma32, after);
	CU_ASSERT_EQUAL(memcmp(before, after, sizeof(before)), 0);
	machine_free(m);
}

static void test_zone_selection_and_numa(void)
{
	struct machine *m = test_machine(8ULL << 30, 2, 4);
	unsigned long pfn = alloc_pages(m, GFP_KERNEL | __GFP_DMA, 0, 0);
	CU_ASSERT_EQUAL(page_zone(m, pfn)->idx, ZONE_DMA);
	pfn = alloc_pages(m, GFP_KERNEL, 0, 1);
	CU_ASSERT_EQUAL(page_zone(m, pfn)->zone_pgdat->node_id, 1);
	CU_ASSERT_EQUAL(page_zone(m, pfn)->idx, ZONE_NORMAL);
	CU_ASSERT_EQUAL(global_numa_event(m, NUMA_HIT), 2);
	CU_ASSERT_EQUAL(global_numa_event(m, NUMA_LOCAL), 2);
	CU_ASSERT_EQUAL(global_numa_event(m, NUMA_MISS), 0);
	machine_free(m);
}

/* Pageblocks of zone z that are of type mt. */
static unsigned long blocks_of_type(const struct zone *z, enum migratetype mt)
{
	unsigned long n = 0;
	for (unsigned long i = 0; i < zone_nr_pageblocks(z); i++)
		n += z->pageblock_mt[i] == mt;
	return n;
}

static void test_unmovable_steals_pageblock(void)
{
	struct machine *m = test_machine(1ULL << 30, 1, 2);
	struct zone *dma32 = &m->node_data[0]->node_zones[ZONE_DMA32];
	unsigned long before = blocks_of_type(dma32, MIGRATE_UNMOVABLE);
	/* no unmovable 4 MiB block is free: one is claimed from the movable ones */
	CU_ASSERT_EQUAL(dma32->free_area[MAX_PAGE_ORDER].nr_free[MIGRATE_UNMOVABLE], 0);
	alloc_pages(m, GFP_KERNEL | __GFP_DMA32, MAX_PAGE_ORDER, 0);
	CU_ASSERT_EQUAL(blocks_of_type(dma32, MIGRATE_UNMOVABLE) - before,
			1UL << (MAX_PAGE_ORDER - pageblock_order));
	CU_ASSERT(dma32->watermark_boost > 0);
	CU_ASSERT(m->node_data[0]->kswapd_woken);
	CU_ASSERT_EQUAL(check_all_lists(m), 0);
	unsigned long runs = m->vm_events[PAGEOUTRUN];
	machine_tick(m);
	CU_ASSERT_EQUAL(dma32->watermark_boost, 0);
	CU_ASSERT_EQUAL(m->vm_events[PAGEOUTRUN] - runs, 1);
	machine_free(m);
}

/* Allocate order-0 pages from the Normal zone of a 2-zone machine until
 * the first failure; returns how many succeeded. */
static unsigned long drain(struct machine *m, gfp_t gfp)
{
	unsigned long n = 0;
	while (sim_alloc_pages(m, gfp, 0, 0) != PFN_NONE)
		n++;
	return n;
}

static void test_watermarks_gate_allocation(void)
{
	struct machine *m = test_machine(512ULL << 20, 1, 1);
	struct zone *dma32 = &m->node_data[0]->node_zones[ZONE_DMA32];
	struct zone *dma = &m->node_data[0]->node_zones[ZONE_DMA];
	unsigned long free_at_start = global_zone_page_state(m, NR_FREE_PAGES);

	/* the drain stops at the min mark; steals from the boot slabs'
	 * unmovable block may have boosted it on the way */
	drain(m, GFP_KERNEL | __GFP_MOVABLE);
	long left = (long)zone_page_state(dma32, NR_FREE_PAGES);
	CU_ASSERT(left <= (long)wmark_pages(dma32, WMARK_MIN) + 1);
	CU_ASSERT(left >= (long)dma32->_watermark[WMARK_MIN] - 1);
	CU_ASSERT(m->vm_events[ALLOCSTALL_NORMAL] > 0); /* reclaim_idx is gfp_zone() */
	CU_ASSERT(m->node_data[0]->kswapd_woken);
	/* the fallback to DMA stops at its min plus its protection */
	long dma_floor = (long)dma->_watermark[WMARK_MIN] + dma->lowmem_reserve[ZONE_NORMAL];
	CU_ASSERT(dma->lowmem_reserve[ZONE_NORMAL] > 0);
	CU_ASSERT(labs((long)zone_page_state(dma, NR_FREE_PAGES) - dma_floor) <= 1);

	/* atomic requests may go below min: to 3/8 of it */
	drain(m, GFP_ATOMIC | __GFP_DMA32);
	long atomic_left = (long)zone_page_state(dma32, NR_FREE_PAGES);
	long min = (long)wmark_pages(dma32, WMARK_MIN), base = (long)dma32->_watermark[WMARK_MIN];
	CU_ASSERT(atomic_left < left);
	CU_ASSERT(atomic_left <= min - min / 2 - (min - min / 2) / 4 + 1);
	CU_ASSERT(atomic_left >= base - base / 2 - (base - base / 2) / 4 - 1);

	/* kswapd finds nothing to reclaim: the node turns hopeless */
	for (int i = 0; i < 40; i++)
		machine_tick(m);
	CU_ASSERT(m->node_data[0]->kswapd_failures >= 16);
	CU_ASSERT(m->vm_events[PAGEOUTRUN] >= 16);

	unsigned long freed = sim_free_all(m);
	CU_ASSERT(freed > 0);
	CU_ASSERT_EQUAL(check_all_lists(m), 0);
	CU_ASSERT_EQUAL(global_zone_page_state(m, NR_FREE_PAGES), free_at_start);
	machine_free(m);
}

static void test_sim_free_rejects_foreign_pages(void)
{
	struct machine *m = test_machine(1ULL << 30, 1, 2);
	unsigned long pfn = sim_alloc_pages(m, GFP_KERNEL, 3, 0);
	CU_ASSERT_NOT_EQUAL(pfn, PFN_NONE);
	CU_ASSERT_EQUAL(sim_free_pages(m, pfn + 1), -22);
	CU_ASSERT_EQUAL(sim_free_pages(m, 0), -22);
	CU_ASSERT_EQUAL(sim_free_pages(m, m->max_pfn + 5), -22);
	CU_ASSERT_EQUAL(sim_free_pages(m, pfn), 0);
	CU_ASSERT_EQUAL(sim_free_pages(m, pfn), -22);
	CU_ASSERT_EQUAL(check_all_lists(m), 0);
	machine_free(m);
}

static void test_terabyte_boot(void)
{
	struct machine *m = test_machine(1ULL << 40, 4, 64);
	CU_ASSERT(totalram_pages(m) > (1UL << 28) * 98 / 100);
	CU_ASSERT(totalram_pages(m) < 1UL << 28);
	unsigned long pfn = alloc_pages(m, GFP_KERNEL | __GFP_MOVABLE, 10, 3);
	CU_ASSERT_EQUAL(page_zone(m, pfn)->zone_pgdat->node_id, 3);
	free_pages(m, pfn, 10);
	CU_ASSERT_EQUAL(check_all_lists(m), 0);
	machine_free(m);
}

void add_buddy_suite(void)
{
	CU_pSuite s = CU_add_suite("buddy", NULL, NULL);
	CU_add_test(s, "boot lists consistent", test_boot_lists_consistent);
	CU_add_test(s, "alloc/free coalesces back", test_alloc_free_coalesces);
	CU_add_test(s, "zone selection and NUMA stats", test_zone_selection_and_numa);
	CU_add_test(s, "unmovable steals a pageblock", test_unmovable_steals_pageblock);
	CU_add_test(s, "watermarks gate allocation", test_watermarks_gate_allocation);
	CU_add_test(s, "sim free rejects foreign pages", test_sim_free_rejects_foreign_pages);
	CU_add_test(s, "1 TiB boots", test_terabyte_boot);
}
