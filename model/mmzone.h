/* Zones and nodes (pglist_data) as include/linux/mmzone.h lays them out. */
#ifndef MMSIM_MMZONE_H
#define MMSIM_MMZONE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/page.h"
#include "model/vmstat.h"

#define MAX_NUMNODES 64
#define MAX_CPUS 1024

#define MAX_PAGE_ORDER 10
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)
#define pageblock_order 9
#define pageblock_nr_pages (1UL << pageblock_order)

/* 128 MiB memory sections; each present one costs 512 pages of memmap. */
#define PAGES_PER_SECTION (1UL << (27 - PAGE_SHIFT))
#define MEMMAP_PAGES_PER_SECTION 512

/* Simulated time: one tick is 10 ms (USER_HZ), as /proc/stat counts it. */
#define MSEC_PER_TICK 10

enum zone_type { ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, ZONE_MOVABLE, ZONE_DEVICE, MAX_NR_ZONES };

/* Free list types, in the kernel's order (no CMA: the reference has none). */
enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_HIGHATOMIC,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES
};
#define MIGRATE_PCPTYPES MIGRATE_HIGHATOMIC

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, WMARK_PROMO, NR_WMARK };

extern const char *const zone_names[MAX_NR_ZONES];
extern const char *const migratetype_names[MIGRATE_TYPES];

struct free_area {
	struct pfn_list free_list[MIGRATE_TYPES];
	unsigned long nr_free[MIGRATE_TYPES]; /* blocks on each list */
};

/* Per-CPU page list sizing (zone_set_pageset_high_and_batch); the model
 * keeps no pages on PCP lists, so count is always 0. */
struct per_cpu_pages_cfg {
	int batch;
	int high_min;
	int high_max;
};

struct pglist_data;

struct zone {
	struct pglist_data *zone_pgdat;
	enum zone_type idx;
	const char *name;
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	long lowmem_reserve[MAX_NR_ZONES];
	struct free_area free_area[NR_PAGE_ORDERS];
	/* Free MAX_PAGE_ORDER movable blocks never touched since boot, kept
	 * off the free list until first needed so that a 1 TiB memmap is not
	 * faulted in at boot (the kernel defers struct page init likewise).
	 * They count in free_area[MAX_PAGE_ORDER].nr_free[MIGRATE_MOVABLE]. */
	unsigned long pristine_pfn, pristine_end;
	uint8_t *pageblock_mt; /* migratetype per pageblock of the span */
	struct per_cpu_pages_cfg pcp;
	long vm_stat[NR_VM_ZONE_STAT_ITEMS];
	unsigned long vm_numa_event[NR_VM_NUMA_EVENT_ITEMS];
};

struct pglist_data {
	int node_id;
	struct zone node_zones[MAX_NR_ZONES];
	unsigned long node_start_pfn;
	unsigned long node_spanned_pages;
	unsigned long node_present_pages;
	unsigned long memmap_pages; /* memblock-allocated struct pages */
	int first_cpu, nr_cpus;     /* CPUs cpu_first .. +nr_cpus-1 */
	long vm_stat[NR_VM_NODE_STAT_ITEMS];
	/* kswapd */
	bool kswapd_woken;
	enum zone_type kswapd_highest_zoneidx;
	int kswapd_order;
	int kswapd_failures;
};

static inline bool populated_zone(const struct zone *z)
{
	return z->present_pages != 0;
}

static inline bool managed_zone(const struct zone *z)
{
	return z->managed_pages != 0;
}

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

/* Index into zone->pageblock_mt of the pageblock holding pfn; blocks are
 * aligned to 2 MiB of physical memory, not to the zone's start. */
static inline unsigned long pageblock_index(const struct zone *z, unsigned long pfn)
{
	return (pfn >> pageblock_order) - (z->zone_start_pfn >> pageblock_order);
}

/* Number of pageblocks the zone's span touches. */
static inline unsigned long zone_nr_pageblocks(const struct zone *z)
{
	if (!z->spanned_pages)
		return 0;
	return pageblock_index(z, zone_end_pfn(z) - 1) + 1;
}

/* Free blocks of the zone still in its pristine range. */
static inline unsigned long zone_pristine_blocks(const struct zone *z)
{
	return (z->pristine_end - z->pristine_pfn) >> MAX_PAGE_ORDER;
}

/* The watermark in force: the base mark plus any boost (wmark_pages()). */
static inline unsigned long wmark_pages(const struct zone *z, enum zone_watermarks w)
{
	return z->_watermark[w] + z->watermark_boost;
}

#endif
