/* Reclaim: kswapd's balancing loop and direct reclaim's entry. */
#include "model/vmscan.h"

#include "model/machine.h"

/* Shrink the node's reclaimable memory for kswapd or a direct reclaimer;
 * returns pages reclaimed. The model has no reclaimable pages yet. */
static unsigned long shrink_node(struct machine *m, struct pglist_data *pgdat, int priority)
{
	return 0;
}

bool pgdat_balanced(const struct pglist_data *pgdat, int order, enum zone_type highest_zoneidx)
{
	for (int i = 0; i <= (int)highest_zoneidx; i++) {
		const struct zone *z = &pgdat->node_zones[i];
		if (!managed_zone(z))
			continue;
		if (zone_watermark_ok(z, (unsigned int)order, wmark_pages(z, WMARK_HIGH), highest_zoneidx))
			return true;
	}
	for (int i = 0; i <= (int)highest_zoneidx; i++)
		if (managed_zone(&pgdat->node_zones[i]))
			return false;
	return true;
}

/* Is any eligible zone's watermark boosted (pgdat_watermark_boosted())? */
static bool pgdat_watermark_boosted(const struct pglist_data *pgdat, enum zone_type highest_zoneidx)
{
	for (int i = 0; i <= (int)highest_zoneidx; i++)
		if (pgdat->node_zones[i].watermark_boost)
			return true;
	return false;
}

void wakeup_kswapd(struct machine *m, struct zone *z, gfp_t gfp, int order,
		   enum zone_type highest_zoneidx)
{
	struct pglist_data *pgdat = z->zone_pgdat;
	if (!managed_zone(z))
		return;
	if (!pgdat->kswapd_woken || pgdat->kswapd_highest_zoneidx < highest_zoneidx)
		pgdat->kswapd_highest_zoneidx = highest_zoneidx;
	if (!pgdat->kswapd_woken || pgdat->kswapd_order < order)
		pgdat->kswapd_order = order;
	if (pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES)
		return;
	if (pgdat_balanced(pgdat, order, highest_zoneidx) &&
	    !pgdat_watermark_boosted(pgdat, highest_zoneidx))
		return;
	pgdat->kswapd_woken = true;
}

/* kswapd's pass over a node (balance_pgdat()): raise the priority until
 * the node is balanced; a pass that frees nothing counts a failure, and a
 * boost is paid back whatever the outcome. */
static void balance_pgdat(struct machine *m, struct pglist_data *pgdat)
{
	int order = pgdat->kswapd_order;
	enum zone_type highest = pgdat->kswapd_highest_zoneidx;
	unsigned long reclaimed = 0;

	count_vm_events(m, PAGEOUTRUN, 1);
	for (int priority = 12; priority >= 1; priority--) {
		if (pgdat_balanced(pgdat, order, highest))
			break;
		reclaimed += shrink_node(m, pgdat, priority);
	}
	if (!reclaimed && !pgdat_balanced(pgdat, order, highest))
		pgdat->kswapd_failures++;
	for (int i = 0; i < MAX_NR_ZONES; i++)
		pgdat->node_zones[i].watermark_boost = 0;
}

void kswapd_tick(struct machine *m)
{
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];
		if (!pgdat->kswapd_woken)
			continue;
		balance_pgdat(m, pgdat);
		bool hopeless = pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES;
		if (hopeless || pgdat_balanced(pgdat, pgdat->kswapd_order, pgdat->kswapd_highest_zoneidx)) {
			pgdat->kswapd_woken = false;
			pgdat->kswapd_order = 0;
		}
	}
}

unsigned long try_to_free_pages(struct machine *m, gfp_t gfp, unsigned int order, int nid)
{
	count_vm_events(m, ALLOCSTALL_DMA + gfp_zone(gfp), 1);
	unsigned long reclaimed = 0;
	for (int priority = 12; priority >= 0 && reclaimed < 32; priority--)
		reclaimed += shrink_node(m, m->node_data[nid], priority);
	return reclaimed;
}
