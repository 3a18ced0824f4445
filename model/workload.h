/* What sim/ctl commands do to the model: for now, allocations held on the
 * simulator's behalf so tests can push zones toward their watermarks. */
#ifndef MMSIM_WORKLOAD_H
#define MMSIM_WORKLOAD_H

#include "model/gfp.h"

struct machine;

/* Allocate a 2^order block as alloc_pages() would and hold it for the
 * simulator. Returns its pfn, or PFN_NONE when the allocation failed. */
unsigned long sim_alloc_pages(struct machine *m, gfp_t gfp, unsigned int order, int nid);

/* Free the block sim_alloc_pages() returned at pfn: 0, or -EINVAL when no
 * simulator block starts there (the model's own pages are off limits). */
int sim_free_pages(struct machine *m, unsigned long pfn);

/* Free every simulator block; returns how many pages went back. */
unsigned long sim_free_all(struct machine *m);

#endif
