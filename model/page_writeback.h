/* Dirty page limits (mm/page-writeback.c): how much of memory may be dirty
 * before background writeback starts and before dirtiers are throttled. */
#ifndef MMSIM_PAGE_WRITEBACK_H
#define MMSIM_PAGE_WRITEBACK_H

struct machine;

/* Pages that could hold dirty page cache: free pages above the reserves
 * plus the file LRUs, never 0 (global_dirtyable_memory()). */
unsigned long global_dirtyable_memory(const struct machine *m);

/* The global background and throttling thresholds, in pages, from
 * vm.dirty_{background_,}{ratio,bytes} (global_dirty_limits()). */
void global_dirty_limits(const struct machine *m, unsigned long *pbackground,
			 unsigned long *pdirty);

#endif
