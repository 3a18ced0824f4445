/* Allocation requests: the gfp bits the model acts on, and the page
 * allocator's entry points (mm/page_alloc.c). */
#ifndef MMSIM_GFP_H
#define MMSIM_GFP_H

#include "model/mmzone.h"

struct machine;

typedef unsigned int gfp_t;

#define __GFP_DMA 0x01u
#define __GFP_DMA32 0x04u
#define __GFP_MOVABLE 0x08u
#define __GFP_RECLAIMABLE 0x10u
#define __GFP_HIGH 0x20u
#define __GFP_DIRECT_RECLAIM 0x400u
#define __GFP_KSWAPD_RECLAIM 0x800u
#define __GFP_THISNODE 0x200000u
#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_ATOMIC (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL __GFP_RECLAIM
#define GFP_HIGHUSER_MOVABLE (__GFP_RECLAIM | __GFP_MOVABLE)

/* The highest zone a request may use (gfp_zone()). */
enum zone_type gfp_zone(gfp_t gfp);

/* The free list a request prefers (gfp_migratetype()). */
enum migratetype gfp_migratetype(gfp_t gfp);

/* Allocate 2^order pages, preferring node nid (-1: node 0), falling back
 * along the zonelist. Returns the first pfn, or PFN_NONE. */
unsigned long alloc_pages(struct machine *m, gfp_t gfp, unsigned int order, int nid);

/* Give a block from alloc_pages() back to the buddy allocator. */
void free_pages(struct machine *m, unsigned long pfn, unsigned int order);

/* The zone that holds pfn. */
struct zone *page_zone(const struct machine *m, unsigned long pfn);

/* Can zone z serve an order-2^order request at mark, with the lowmem
 * protection of highest_zoneidx and no reserves (zone_watermark_ok())? */
bool zone_watermark_ok(const struct zone *z, unsigned int order, unsigned long mark,
		       enum zone_type highest_zoneidx);

/* Boot: hand [start, end) to the buddy allocator as aligned blocks. */
void memblock_free_pages(struct machine *m, unsigned long start, unsigned long end);

/* The kernel's boot-time and on-write recomputations. */
int calculate_min_free_kbytes(const struct machine *m);
unsigned long nr_free_buffer_pages(const struct machine *m);
void setup_per_zone_wmarks(struct machine *m);
void setup_per_zone_lowmem_reserve(struct machine *m);
void zone_pcp_update_all(struct machine *m);

#endif
