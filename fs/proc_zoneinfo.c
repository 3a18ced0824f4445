/* /proc/zoneinfo, /proc/buddyinfo and /proc/pagetypeinfo: the per-zone
 * views of mm/vmstat.c, in Linux 6.18's format. */
#include "fs/render.h"
#include "model/hugetlb.h"
#include "model/machine.h"
#include "model/vmscan.h"

/* pagetypeinfo stops counting a free list at this length. */
#define FREE_LIST_COUNT_CAP 100000UL

/* The node's lowest populated zone, or NULL for a memoryless node. */
static const struct zone *first_populated_zone(const struct pglist_data *pgdat)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (populated_zone(&pgdat->node_zones[zid]))
			return &pgdat->node_zones[zid];
	return NULL;
}

/* Free blocks of one order, all migratetypes (free_area->nr_free). */
static unsigned long free_area_nr_free(const struct free_area *area)
{
	unsigned long nr = 0;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		nr += area->nr_free[mt];
	return nr;
}

/* Position of the most significant set bit, 1-based; 0 for 0 (fls()). */
static int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

/* Per-CPU vmstat fold threshold for a zone at rest: it grows with the log
 * of the CPU count and of the zone's size in 128 MiB units, capped at 125
 * (calculate_normal_threshold). */
static int calculate_normal_threshold(const struct machine *m, const struct zone *zone)
{
	unsigned int mem = (unsigned int)(zone->managed_pages >> (27 - PAGE_SHIFT));
	int threshold = 2 * fls((unsigned int)m->nr_cpus) * (1 + fls(mem));

	return threshold < 125 ? threshold : 125;
}

/* The node counters, THP items in huge pages, under "per-node stats". */
static void zoneinfo_show_node_stats(const struct pglist_data *pgdat, struct buf *out)
{
	buf_printf(out, "\n  per-node stats");
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
		unsigned long pages = node_page_state(pgdat, i);

		if (vmstat_item_print_in_thp(i))
			pages /= HPAGE_PMD_NR;
		buf_printf(out, "\n      %-12s %lu", node_stat_name[i], pages);
	}
}

/* Free pages, watermarks, sizes and the lowmem protection array. */
static void zoneinfo_show_sizes(const struct zone *zone, struct buf *out)
{
	buf_printf(out,
		   "\n  pages free     %lu"
		   "\n        boost    %lu"
		   "\n        min      %lu"
		   "\n        low      %lu"
		   "\n        high     %lu"
		   "\n        promo    %lu"
		   "\n        spanned  %lu"
		   "\n        present  %lu"
		   "\n        managed  %lu"
		   "\n        cma      %lu",
		   zone_page_state(zone, NR_FREE_PAGES), zone->watermark_boost,
		   wmark_pages(zone, WMARK_MIN), wmark_pages(zone, WMARK_LOW),
		   wmark_pages(zone, WMARK_HIGH), wmark_pages(zone, WMARK_PROMO),
		   zone->spanned_pages, zone->present_pages, zone->managed_pages,
		   0UL /* zone_cma_pages(): no CONFIG_CMA, as on the reference */);
	buf_printf(out, "\n        protection: (%ld", zone->lowmem_reserve[0]);
	for (int i = 1; i < MAX_NR_ZONES; i++)
		buf_printf(out, ", %ld", zone->lowmem_reserve[i]);
	buf_printf(out, ")");
}

/* The zone counters and NUMA events. */
static void zoneinfo_show_zone_stats(const struct zone *zone, struct buf *out)
{
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		buf_printf(out, "\n      %-12s %lu", zone_stat_name[i], zone_page_state(zone, i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		buf_printf(out, "\n      %-12s %lu", numa_stat_name[i], zone->vm_numa_event[i]);
}

/* One pageset per online CPU (every CPU of the machine, whatever the
 * zone's node). The model keeps no pages on PCP lists, so count is 0 and
 * high sits at high_min, where pageset sizing leaves it. */
static void zoneinfo_show_pagesets(const struct machine *m, const struct zone *zone,
				   struct buf *out)
{
	const struct per_cpu_pages_cfg *pcp = &zone->pcp;
	int threshold = calculate_normal_threshold(m, zone);

	buf_printf(out, "\n  pagesets");
	for (int cpu = 0; cpu < m->nr_cpus; cpu++)
		buf_printf(out,
			   "\n    cpu: %i"
			   "\n              count:    %i"
			   "\n              high:     %i"
			   "\n              batch:    %i"
			   "\n              high_min: %i"
			   "\n              high_max: %i"
			   "\n  vm stats threshold: %d",
			   cpu, 0, pcp->high_min, pcp->batch, pcp->high_min, pcp->high_max,
			   threshold);
}

/* One zone's block of /proc/zoneinfo (zoneinfo_show_print). */
static void zoneinfo_show_print(const struct machine *m, const struct pglist_data *pgdat,
				const struct zone *zone, struct buf *out)
{
	buf_printf(out, "Node %d, zone %8s", pgdat->node_id, zone->name);
	if (zone == first_populated_zone(pgdat))
		zoneinfo_show_node_stats(pgdat, out);
	zoneinfo_show_sizes(zone, out);
	/* An unpopulated zone shows only what lowmem_reserve_ratio acts on. */
	if (!populated_zone(zone)) {
		buf_printf(out, "\n");
		return;
	}
	zoneinfo_show_zone_stats(zone, out);
	zoneinfo_show_pagesets(m, zone, out);
	buf_printf(out,
		   "\n  node_unreclaimable:  %u"
		   "\n  start_pfn:           %lu\n",
		   pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES, zone->zone_start_pfn);
}

/* /proc/zoneinfo: every zone of every node, populated or not. */
int show_zoneinfo(struct machine *m, long arg, struct buf *out)
{
	const struct zone *zone;

	for_each_zone(m, zone)
		zoneinfo_show_print(m, zone->zone_pgdat, zone, out);
	return 0;
}

/* /proc/buddyinfo: free blocks per order of each populated zone. */
int show_buddyinfo(struct machine *m, long arg, struct buf *out)
{
	const struct zone *zone;

	for_each_zone(m, zone) {
		if (!populated_zone(zone))
			continue;
		buf_printf(out, "Node %d, zone %8s ", zone->zone_pgdat->node_id, zone->name);
		for (int order = 0; order < NR_PAGE_ORDERS; order++)
			buf_printf(out, "%6lu ", free_area_nr_free(&zone->free_area[order]));
		buf_printf(out, "\n");
	}
	return 0;
}

/* Blocks on the zone's (order, mt) free list, counted by walking it as the
 * kernel does, up to the cap; *overflow tells that the cap was reached.
 * The movable top-order list also holds the zone's pristine blocks, which
 * have not been linked yet. */
static unsigned long free_list_count(const struct machine *m, const struct zone *zone,
				     unsigned int order, enum migratetype mt, bool *overflow)
{
	unsigned long count = 0;
	uint32_t pfn = zone->free_area[order].free_list[mt].first;

	if (order == MAX_PAGE_ORDER && mt == MIGRATE_MOVABLE)
		count = zone_pristine_blocks(zone);
	*overflow = count >= FREE_LIST_COUNT_CAP;
	if (*overflow)
		return FREE_LIST_COUNT_CAP;
	for (; pfn != PFN_NONE; pfn = m->mem_map[pfn].next) {
		if (++count >= FREE_LIST_COUNT_CAP) {
			*overflow = true;
			break;
		}
	}
	return count;
}

/* Free blocks per order on each migratetype's list of one zone. */
static void pagetypeinfo_showfree_print(const struct machine *m, const struct zone *zone,
					struct buf *out)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		buf_printf(out, "Node %4d, zone %8s, type %12s ", zone->zone_pgdat->node_id,
			   zone->name, migratetype_names[mt]);
		for (int order = 0; order < NR_PAGE_ORDERS; order++) {
			bool overflow;
			unsigned long count = free_list_count(m, zone, order, mt, &overflow);

			buf_printf(out, "%s%6lu ", overflow ? ">" : "", count);
		}
		buf_printf(out, "\n");
	}
}

/* The migratetype of the pageblock holding pfn (get_pageblock_migratetype). */
static enum migratetype zone_pageblock_migratetype(const struct zone *zone, unsigned long pfn)
{
	return zone->pageblock_mt[pageblock_index(zone, pfn)];
}

/* Pageblocks per migratetype of one zone, sampled at zone_start_pfn and
 * every pageblock_nr_pages after it, as pagetypeinfo_showblockcount_print
 * steps, skipping samples in memory sections without RAM (such as the PCI
 * hole in DMA32), which have no memmap. */
static void pagetypeinfo_showblockcount_print(const struct machine *m, const struct zone *zone,
					      struct buf *out)
{
	unsigned long count[MIGRATE_TYPES] = {0};

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages)
		if (pfn_valid(m, pfn))
			count[zone_pageblock_migratetype(zone, pfn)]++;

	buf_printf(out, "Node %d, zone %8s ", zone->zone_pgdat->node_id, zone->name);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		buf_printf(out, "%12lu ", count[mt]);
	buf_printf(out, "\n");
}

/* One node's part of /proc/pagetypeinfo (pagetypeinfo_show). */
static void pagetypeinfo_show_node(const struct machine *m, const struct pglist_data *pgdat,
				   struct buf *out)
{
	buf_printf(out, "Page block order: %d\n", pageblock_order);
	buf_printf(out, "Pages per block:  %lu\n\n", pageblock_nr_pages);

	buf_printf(out, "%-43s ", "Free pages count per migrate type at order");
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		buf_printf(out, "%6d ", order);
	buf_printf(out, "\n");
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (populated_zone(&pgdat->node_zones[zid]))
			pagetypeinfo_showfree_print(m, &pgdat->node_zones[zid], out);

	buf_printf(out, "\n%-23s", "Number of blocks type ");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		buf_printf(out, "%12s ", migratetype_names[mt]);
	buf_printf(out, "\n");
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (populated_zone(&pgdat->node_zones[zid]))
			pagetypeinfo_showblockcount_print(m, &pgdat->node_zones[zid], out);
}

/* /proc/pagetypeinfo: free lists by migratetype and pageblocks by type,
 * for each node with memory. */
int show_pagetypeinfo(struct machine *m, long arg, struct buf *out)
{
	for (int nid = 0; nid < m->nr_nodes; nid++)
		if (first_populated_zone(m->node_data[nid]))
			pagetypeinfo_show_node(m, m->node_data[nid], out);
	return 0;
}
