/* Dirty page limits (mm/page-writeback.c: global_dirtyable_memory,
 * domain_dirty_limits) for the global writeback domain. */
#include "model/page_writeback.h"

#include <limits.h>

#include "model/machine.h"

/* global_dirtyable_memory(): free pages above the reserves plus the file
 * LRUs, plus one so that no limit is ever computed from 0. */
unsigned long global_dirtyable_memory(const struct machine *m)
{
	unsigned long x = global_zone_page_state(m, NR_FREE_PAGES);

	/* Dirtying the kernel's reserves would leave reclaim cleaning pages
	 * just to balance the zones. x86-64 has no highmem to take out. */
	x -= x < m->totalreserve_pages ? x : m->totalreserve_pages;
	x += global_node_page_state(m, NR_INACTIVE_FILE);
	x += global_node_page_state(m, NR_ACTIVE_FILE);
	return x + 1;
}

/* One threshold in pages: the bytes knob rounded up when it is set, else
 * the ratio knob applied to avail in per-PAGE_SIZE fixed point (the
 * kernel's extra precision). */
static unsigned long dirty_limit_pages(unsigned long bytes, int ratio, unsigned long avail)
{
	if (bytes)
		return (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	return ((unsigned long)ratio * PAGE_SIZE / 100) * avail / PAGE_SIZE;
}

/* The model has no real-time tasks, so the RT boost of
 * domain_dirty_limits() never applies. */
void global_dirty_limits(const struct machine *m, unsigned long *pbackground,
			 unsigned long *pdirty)
{
	unsigned long avail = global_dirtyable_memory(m);
	unsigned long thresh = dirty_limit_pages(m->vm.dirty_bytes, m->vm.dirty_ratio, avail);
	unsigned long bg_thresh = dirty_limit_pages(m->vm.dirty_background_bytes,
						    m->vm.dirty_background_ratio, avail);

	/* Throttling keeps limits in 32 bits: at most 16 TiB of dirty pages. */
	if (thresh > UINT_MAX)
		thresh = UINT_MAX;
	if (bg_thresh >= thresh)
		bg_thresh = thresh / 2;
	*pbackground = bg_thresh;
	*pdirty = thresh;
}
