/* Reclaim (mm/vmscan.c): kswapd per node and direct reclaim. The LRU lists
 * and their scanning arrive with the page cache; until then nothing is
 * reclaimable and reclaim reports no progress, as a kernel with no
 * reclaimable pages would. */
#ifndef MMSIM_VMSCAN_H
#define MMSIM_VMSCAN_H

#include <stdbool.h>

#include "model/gfp.h"

struct machine;

/* kswapd gives up on a node after this many passes without progress. */
#define MAX_RECLAIM_RETRIES 16

/* Ask node z's kswapd to balance up to highest_zoneidx for order
 * (wakeup_kswapd()); it runs on the next tick. */
void wakeup_kswapd(struct machine *m, struct zone *z, gfp_t gfp, int order,
		   enum zone_type highest_zoneidx);

/* Is some eligible zone of pgdat above its high mark (pgdat_balanced())? */
bool pgdat_balanced(const struct pglist_data *pgdat, int order, enum zone_type highest_zoneidx);

/* Direct reclaim by an allocating task (try_to_free_pages()): returns the
 * pages reclaimed. */
unsigned long try_to_free_pages(struct machine *m, gfp_t gfp, unsigned int order, int nid);

/* One tick of every woken kswapd. */
void kswapd_tick(struct machine *m);

#endif
