/* The zoned buddy allocator (mm/page_alloc.c): free lists per order and
 * migratetype, pageblock stealing, watermarks, lowmem reserves, the fast
 * and slow allocation paths. */
#include <stdint.h>

#include "model/gfp.h"
#include "model/machine.h"
#include "model/vmscan.h"

const char *const zone_names[MAX_NR_ZONES] = {"DMA", "DMA32", "Normal", "Movable", "Device"};
const char *const migratetype_names[MIGRATE_TYPES] = {"Unmovable", "Movable", "Reclaimable",
						      "HighAtomic", "Isolate"};

/* What an allocation attempt may dip into (the kernel's ALLOC_* flags). */
enum alloc_flags {
	ALLOC_WMARK_MIN = WMARK_MIN,
	ALLOC_WMARK_LOW = WMARK_LOW,
	ALLOC_WMARK_HIGH = WMARK_HIGH,
	ALLOC_WMARK_MASK = 0x3,
	ALLOC_MIN_RESERVE = 0x08, /* __GFP_HIGH: may use half the min reserve */
	ALLOC_NON_BLOCK = 0x10,   /* cannot reclaim: a quarter more */
	ALLOC_KSWAPD = 0x20,      /* may wake kswapd */
};

/* Where the free-list walk goes when a type's own lists are empty
 * (fallbacks[] in the kernel): the other two mobility types. */
static const enum migratetype fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE},
	[MIGRATE_MOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE},
	[MIGRATE_RECLAIMABLE] = {MIGRATE_UNMOVABLE, MIGRATE_MOVABLE},
};

enum zone_type gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_DMA32)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

enum migratetype gfp_migratetype(gfp_t gfp)
{
	if (gfp & __GFP_MOVABLE)
		return MIGRATE_MOVABLE;
	if (gfp & __GFP_RECLAIMABLE)
		return MIGRATE_RECLAIMABLE;
	return MIGRATE_UNMOVABLE;
}

struct zone *page_zone(const struct machine *m, unsigned long pfn)
{
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *z = &pgdat->node_zones[i];
			if (pfn >= z->zone_start_pfn && pfn < zone_end_pfn(z))
				return z;
		}
	}
	return NULL;
}

/* The migratetype of the pageblock holding pfn. */
static enum migratetype get_pageblock_migratetype(const struct zone *z, unsigned long pfn)
{
	return z->pageblock_mt[pageblock_index(z, pfn)];
}

/* Set the migratetype of every pageblock in [pfn, pfn + 2^order). */
static void set_pageblock_range(struct zone *z, unsigned long pfn, unsigned int order,
				enum migratetype mt)
{
	unsigned long nr = order >= pageblock_order ? 1UL << (order - pageblock_order) : 1;
	unsigned long first = pageblock_index(z, pfn);
	for (unsigned long i = 0; i < nr; i++)
		z->pageblock_mt[first + i] = (uint8_t)mt;
}

/* Free-page accounting for a block entering (+) or leaving (-) a list. */
static void account_freepages(struct zone *z, unsigned int order, long sign)
{
	long nr = sign * (1L << order);
	mod_zone_page_state(z, NR_FREE_PAGES, nr);
	if (order >= pageblock_order)
		mod_zone_page_state(z, NR_FREE_PAGES_BLOCKS, nr);
}

/* Link the free block at pfn at the head of its (order, mt) list. */
static void link_free_block(struct machine *m, struct zone *z, unsigned long pfn,
			    unsigned int order, enum migratetype mt)
{
	struct pfn_list *list = &z->free_area[order].free_list[mt];
	struct page *page = pfn_to_page(m, pfn);

	page->flags |= PG_buddy;
	page->order = (uint8_t)order;
	page->mt = (uint8_t)mt;
	pfn_list_add(m->mem_map, list, pfn);
}

/* Put the free block at pfn on its (order, mt) list and count it. */
static void add_to_free_list(struct machine *m, struct zone *z, unsigned long pfn,
			     unsigned int order, enum migratetype mt)
{
	link_free_block(m, z, pfn, order, mt);
	z->free_area[order].nr_free[mt]++;
	account_freepages(z, order, +1);
}

/* The first block on the (order, mt) list, or PFN_NONE. An empty movable
 * top-order list takes its next block from the pristine range. */
static unsigned long free_list_first(struct machine *m, struct zone *z, unsigned int order,
				     enum migratetype mt)
{
	struct pfn_list *list = &z->free_area[order].free_list[mt];
	if (list->first == PFN_NONE && order == MAX_PAGE_ORDER && mt == MIGRATE_MOVABLE &&
	    zone_pristine_blocks(z)) {
		link_free_block(m, z, z->pristine_pfn, order, mt);
		z->pristine_pfn += 1UL << MAX_PAGE_ORDER;
	}
	return list->first;
}

/* Take the free block at pfn off whichever list it is on. */
static void del_page_from_free_list(struct machine *m, struct zone *z, unsigned long pfn)
{
	struct page *page = pfn_to_page(m, pfn);
	unsigned int order = page->order;
	struct pfn_list *list = &z->free_area[order].free_list[page->mt];

	pfn_list_del(m->mem_map, list, pfn);
	z->free_area[order].nr_free[page->mt]--;
	account_freepages(z, order, -1);
	page->flags &= (uint16_t)~PG_buddy;
}

/* Is the block at buddy_pfn a free buddy of this order in zone z? */
static bool page_is_buddy(const struct machine *m, const struct zone *z,
			  unsigned long buddy_pfn, unsigned int order)
{
	if (buddy_pfn < z->zone_start_pfn || buddy_pfn >= zone_end_pfn(z))
		return false;
	const struct page *buddy = pfn_to_page(m, buddy_pfn);
	return (buddy->flags & PG_buddy) && buddy->order == order;
}

/* Free a block, merging with its buddy at pfn ^ (1 << order) while the
 * buddy is free, then list it under its pageblock's type. */
static void __free_one_page(struct machine *m, struct zone *z, unsigned long pfn,
			    unsigned int order)
{
	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		if (!page_is_buddy(m, z, buddy_pfn, order))
			break;
		del_page_from_free_list(m, z, buddy_pfn);
		pfn_to_page(m, buddy_pfn)->order = 0;
		pfn &= ~(1UL << order);
		order++;
	}
	if (order >= pageblock_order)
		set_pageblock_range(z, pfn, order, get_pageblock_migratetype(z, pfn));
	add_to_free_list(m, z, pfn, order, get_pageblock_migratetype(z, pfn));
}

/* Split the order-high block at pfn down to order low, listing the upper
 * halves under mt (expand()). */
static void expand(struct machine *m, struct zone *z, unsigned long pfn, unsigned int low,
		   unsigned int high, enum migratetype mt)
{
	while (high > low) {
		high--;
		add_to_free_list(m, z, pfn + (1UL << high), high, mt);
	}
}

/* Take the smallest free block of at least order from mt's lists. */
static unsigned long __rmqueue_smallest(struct machine *m, struct zone *z, unsigned int order,
					enum migratetype mt)
{
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		unsigned long pfn = free_list_first(m, z, o, mt);
		if (pfn == PFN_NONE)
			continue;
		del_page_from_free_list(m, z, pfn);
		expand(m, z, pfn, order, o, mt);
		return pfn;
	}
	return PFN_NONE;
}

/* May a start_mt allocation claim a whole pageblock of another type
 * (can_steal_fallback())? Large requests and unmovable/reclaimable ones
 * do, to keep mixed blocks rare. */
static bool can_steal_fallback(unsigned int order, enum migratetype start_mt)
{
	return order >= pageblock_order / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE;
}

/* The first fallback type with a free block at order, or -1. */
static int find_suitable_fallback(const struct zone *z, unsigned int order,
				  enum migratetype start_mt)
{
	for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		enum migratetype mt = fallbacks[start_mt][i];
		if (z->free_area[order].nr_free[mt])
			return (int)mt;
	}
	return -1;
}

/* Raise the zone's watermarks after a fallback so kswapd frees enough to
 * reduce further fragmentation (boost_watermark()). True if boosted. */
static bool boost_watermark(struct machine *m, struct zone *z)
{
	if (!m->vm.watermark_boost_factor || 4 * pageblock_nr_pages > z->managed_pages)
		return false;
	unsigned long max_boost = z->_watermark[WMARK_HIGH] *
				  (unsigned long)m->vm.watermark_boost_factor / 10000;
	if (max_boost < pageblock_nr_pages)
		max_boost = pageblock_nr_pages;
	z->watermark_boost += pageblock_nr_pages;
	if (z->watermark_boost > max_boost)
		z->watermark_boost = max_boost;
	return true;
}

/* Count the pages in pfn's pageblock that are free, and those allocated
 * as movable: walk the block head by head, free and allocated alike. */
static void count_pageblock(const struct machine *m, const struct zone *z, unsigned long pfn,
			    unsigned long *free, unsigned long *movable)
{
	unsigned long start = pfn & ~(pageblock_nr_pages - 1);
	if (start < z->zone_start_pfn)
		start = z->zone_start_pfn;
	unsigned long end = (pfn | (pageblock_nr_pages - 1)) + 1;
	if (end > zone_end_pfn(z))
		end = zone_end_pfn(z);

	*free = *movable = 0;
	for (unsigned long p = start; p < end;) {
		const struct page *page = pfn_to_page(m, p);
		unsigned long nr = 1UL << page->order;
		if (page->flags & PG_buddy)
			*free += nr;
		else if (!(page->flags & PG_reserved) && page->mt == MIGRATE_MOVABLE)
			*movable += nr;
		p += nr;
	}
}

/* Move every free block of pfn's pageblock to mt's lists and make the
 * block mt's (move_freepages_block()). */
static void move_freepages_block(struct machine *m, struct zone *z, unsigned long pfn,
				 enum migratetype mt)
{
	unsigned long start = pfn & ~(pageblock_nr_pages - 1);
	unsigned long end = start + pageblock_nr_pages;
	if (start < z->zone_start_pfn)
		start = z->zone_start_pfn;
	if (end > zone_end_pfn(z))
		end = zone_end_pfn(z);

	set_pageblock_range(z, start, 0, mt);
	for (unsigned long p = start; p < end;) {
		struct page *page = pfn_to_page(m, p);
		unsigned int order = page->order;
		if (page->flags & PG_buddy) {
			del_page_from_free_list(m, z, p);
			add_to_free_list(m, z, p, order, mt);
		}
		p += 1UL << order;
	}
}

/* Allocate from a fallback block at current_order, claiming its pageblock
 * for start_mt when the rules allow (steal_suitable_fallback()). */
static unsigned long steal_suitable_fallback(struct machine *m, struct zone *z,
					     unsigned long pfn, unsigned int order,
					     unsigned int current_order, enum migratetype start_mt,
					     bool can_steal, unsigned int alloc_flags)
{
	enum migratetype block_mt = get_pageblock_migratetype(z, pfn);

	if (boost_watermark(m, z) && (alloc_flags & ALLOC_KSWAPD))
		wakeup_kswapd(m, z, 0, 0, z->idx);

	if (current_order >= pageblock_order) {
		del_page_from_free_list(m, z, pfn);
		set_pageblock_range(z, pfn, current_order, start_mt);
		expand(m, z, pfn, order, current_order, start_mt);
		return pfn;
	}
	if (can_steal) {
		unsigned long free, movable, alike;
		count_pageblock(m, z, pfn, &free, &movable);
		if (start_mt == MIGRATE_MOVABLE)
			alike = movable;
		else if (block_mt == MIGRATE_MOVABLE)
			alike = pageblock_nr_pages - (free + movable);
		else
			alike = 0;
		if (free + alike >= pageblock_nr_pages / 2) {
			move_freepages_block(m, z, pfn, start_mt);
			return __rmqueue_smallest(m, z, order, start_mt);
		}
	}
	del_page_from_free_list(m, z, pfn);
	expand(m, z, pfn, order, current_order, block_mt);
	return pfn;
}

/* Take a block from another migratetype's lists (__rmqueue_fallback()):
 * the largest one that may be claimed whole, else the smallest that fits. */
static unsigned long __rmqueue_fallback(struct machine *m, struct zone *z, unsigned int order,
					enum migratetype start_mt, unsigned int alloc_flags)
{
	if (start_mt >= MIGRATE_PCPTYPES)
		return PFN_NONE;
	for (int o = MAX_PAGE_ORDER; o >= (int)order; o--) {
		int mt = find_suitable_fallback(z, (unsigned int)o, start_mt);
		if (mt < 0)
			continue;
		bool can_steal = can_steal_fallback((unsigned int)o, start_mt);
		if (!can_steal && start_mt == MIGRATE_MOVABLE && (unsigned int)o > order)
			break;
		unsigned long pfn = free_list_first(m, z, (unsigned int)o, (enum migratetype)mt);
		return steal_suitable_fallback(m, z, pfn, order, (unsigned int)o, start_mt, can_steal,
					       alloc_flags);
	}
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		int mt = find_suitable_fallback(z, o, start_mt);
		if (mt >= 0)
			return steal_suitable_fallback(m, z, free_list_first(m, z, o, mt), order, o,
						       start_mt, false, alloc_flags);
	}
	return PFN_NONE;
}

/* Take a block of the given order from zone z, or PFN_NONE. */
static unsigned long rmqueue(struct machine *m, struct zone *z, unsigned int order,
			     enum migratetype mt, unsigned int alloc_flags)
{
	unsigned long pfn = __rmqueue_smallest(m, z, order, mt);
	if (pfn == PFN_NONE)
		pfn = __rmqueue_fallback(m, z, order, mt, alloc_flags);
	return pfn;
}

/* The watermark test of __zone_watermark_ok(): free pages above the mark
 * (less the reserves alloc_flags may use) plus the lowmem protection
 * against highest_zoneidx, and a free block large enough for order. */
static bool __zone_watermark_ok(const struct zone *z, unsigned int order, unsigned long mark,
				enum zone_type highest_zoneidx, unsigned int alloc_flags)
{
	long free = (long)zone_page_state(z, NR_FREE_PAGES) - ((1L << order) - 1);
	long min = (long)mark;
	if (alloc_flags & ALLOC_MIN_RESERVE) {
		min -= min / 2;
		if (alloc_flags & ALLOC_NON_BLOCK)
			min -= min / 4;
	}
	if (free <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (z->free_area[o].nr_free[mt])
				return true;
	return false;
}

bool zone_watermark_ok(const struct zone *z, unsigned int order, unsigned long mark,
		       enum zone_type highest_zoneidx)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, 0);
}

/* The i-th zone of node nid's zonelist: the node's own zones from the
 * highest down, then every other node's in node order, as
 * build_zonelists() orders them for equal remote distances. */
static struct zone *zonelist_zone(struct machine *m, int nid, int i)
{
	int node = (nid + i / MAX_NR_ZONES) % m->nr_nodes;
	return &m->node_data[node]->node_zones[MAX_NR_ZONES - 1 - i % MAX_NR_ZONES];
}

/* Count a successful allocation from z for a request preferring node
 * preferred (zone_statistics() and pgalloc_<zone>). */
static void account_alloc(struct machine *m, struct zone *z, int preferred, unsigned int order)
{
	count_vm_events(m, PGALLOC_DMA + z->idx, 1UL << order);
	if (!m->vm.numa_stat)
		return;
	struct pglist_data *home = m->node_data[preferred];
	bool local = z->zone_pgdat == home;
	count_numa_event(z, local ? NUMA_HIT : NUMA_MISS);
	if (!local)
		count_numa_event(&home->node_zones[z->idx], NUMA_FOREIGN);
	count_numa_event(z, local ? NUMA_LOCAL : NUMA_OTHER);
}

/* One pass over the zonelist at the watermark alloc_flags names
 * (get_page_from_freelist()). */
static unsigned long get_page_from_freelist(struct machine *m, gfp_t gfp, unsigned int order,
					    int nid, unsigned int alloc_flags)
{
	enum zone_type highest = gfp_zone(gfp);
	int nzones = (gfp & __GFP_THISNODE) ? MAX_NR_ZONES : MAX_NR_ZONES * m->nr_nodes;

	for (int i = 0; i < nzones; i++) {
		struct zone *z = zonelist_zone(m, nid, i);
		if (z->idx > highest || !managed_zone(z))
			continue;
		unsigned long mark = wmark_pages(z, alloc_flags & ALLOC_WMARK_MASK);
		if (!__zone_watermark_ok(z, order, mark, highest, alloc_flags))
			continue;
		unsigned long pfn = rmqueue(m, z, order, gfp_migratetype(gfp), alloc_flags);
		if (pfn == PFN_NONE)
			continue;
		struct page *page = pfn_to_page(m, pfn);
		page->order = (uint8_t)order;
		page->mt = (uint8_t)gfp_migratetype(gfp);
		account_alloc(m, z, nid, order);
		return pfn;
	}
	return PFN_NONE;
}

/* The slow path's rights (gfp_to_alloc_flags()): the MIN mark, half of it
 * for __GFP_HIGH, a quarter more for callers that cannot sleep. */
static unsigned int gfp_to_alloc_flags(gfp_t gfp)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN;
	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_MIN_RESERVE;
	if (!(gfp & __GFP_DIRECT_RECLAIM))
		alloc_flags |= ALLOC_NON_BLOCK;
	if (gfp & __GFP_KSWAPD_RECLAIM)
		alloc_flags |= ALLOC_KSWAPD;
	return alloc_flags;
}

/* Wake kswapd on every node of the zonelist (wake_all_kswapds()). */
static void wake_all_kswapds(struct machine *m, gfp_t gfp, unsigned int order, int nid)
{
	int nnodes = (gfp & __GFP_THISNODE) ? 1 : m->nr_nodes;
	enum zone_type highest = gfp_zone(gfp);
	for (int i = 0; i < nnodes; i++) {
		struct pglist_data *pgdat = m->node_data[(nid + i) % m->nr_nodes];
		for (int zi = (int)highest; zi >= 0; zi--) {
			struct zone *z = &pgdat->node_zones[zi];
			if (managed_zone(z)) {
				wakeup_kswapd(m, z, gfp, order, highest);
				break;
			}
		}
	}
}

/* Below the low mark: wake kswapd, retry at min, reclaim directly if the
 * caller may sleep, retry once more (__alloc_pages_slowpath()). The OOM
 * killer joins when there are processes to kill. */
static unsigned long __alloc_pages_slowpath(struct machine *m, gfp_t gfp, unsigned int order,
					    int nid)
{
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp);
	if (alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(m, gfp, order, nid);

	unsigned long pfn = get_page_from_freelist(m, gfp, order, nid, alloc_flags);
	if (pfn != PFN_NONE || !(gfp & __GFP_DIRECT_RECLAIM))
		return pfn;

	if (try_to_free_pages(m, gfp, order, nid))
		pfn = get_page_from_freelist(m, gfp, order, nid, alloc_flags);
	return pfn;
}

unsigned long alloc_pages(struct machine *m, gfp_t gfp, unsigned int order, int nid)
{
	if (order > MAX_PAGE_ORDER)
		return PFN_NONE;
	if (nid < 0 || nid >= m->nr_nodes)
		nid = 0;
	unsigned int alloc_flags = ALLOC_WMARK_LOW;
	if (gfp & __GFP_KSWAPD_RECLAIM)
		alloc_flags |= ALLOC_KSWAPD;
	unsigned long pfn = get_page_from_freelist(m, gfp, order, nid, alloc_flags);
	if (pfn == PFN_NONE)
		pfn = __alloc_pages_slowpath(m, gfp, order, nid);
	return pfn;
}

void free_pages(struct machine *m, unsigned long pfn, unsigned int order)
{
	struct zone *z = page_zone(m, pfn);
	struct page *page = pfn_to_page(m, pfn);
	page->order = 0;
	page->mt = 0;
	count_vm_events(m, PGFREE, 1UL << order);
	__free_one_page(m, z, pfn, order);
}

/* Free [start, end) of zone z as the largest aligned blocks that fit. */
static void free_range_blocks(struct machine *m, struct zone *z, unsigned long start,
			      unsigned long end)
{
	while (start < end) {
		unsigned int order = MAX_PAGE_ORDER;
		while (order && ((start & ((1UL << order) - 1)) || start + (1UL << order) > end))
			order--;
		z->managed_pages += 1UL << order;
		__free_one_page(m, z, start, order);
		start += 1UL << order;
	}
}

void memblock_free_pages(struct machine *m, unsigned long start, unsigned long end)
{
	struct zone *z = page_zone(m, start);
	unsigned long block = 1UL << MAX_PAGE_ORDER;
	unsigned long lo = (start + block - 1) & ~(block - 1);
	unsigned long hi = end & ~(block - 1);

	if (zone_pristine_blocks(z) || lo >= hi) {
		free_range_blocks(m, z, start, end);
		return;
	}
	free_range_blocks(m, z, start, lo);
	z->pristine_pfn = lo;
	z->pristine_end = hi;
	unsigned long nr = zone_pristine_blocks(z);
	z->managed_pages += hi - lo;
	z->free_area[MAX_PAGE_ORDER].nr_free[MIGRATE_MOVABLE] += nr;
	mod_zone_page_state(z, NR_FREE_PAGES, (long)(hi - lo));
	mod_zone_page_state(z, NR_FREE_PAGES_BLOCKS, (long)(hi - lo));
	free_range_blocks(m, z, hi, end);
}

unsigned long nr_free_buffer_pages(const struct machine *m)
{
	unsigned long sum = 0;
	const struct zone *z;
	for_each_zone(m, z) {
		unsigned long high = wmark_pages(z, WMARK_HIGH);
		if (z->idx <= ZONE_NORMAL && z->managed_pages > high)
			sum += z->managed_pages - high;
	}
	return sum;
}

/* Integer square root, floor. */
static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0;
	for (unsigned long bit = 1UL << (sizeof(long) * 8 - 2); bit; bit >>= 2) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

int calculate_min_free_kbytes(const struct machine *m)
{
	unsigned long lowmem_kbytes = nr_free_buffer_pages(m) * (PAGE_SIZE >> 10);
	unsigned long v = int_sqrt(lowmem_kbytes * 16);
	if (v < 128)
		v = 128;
	if (v > 262144)
		v = 262144;
	return (int)v;
}

/* totalreserve_pages: per zone its largest reserve plus HIGH, capped at
 * the zone's size (calculate_totalreserve_pages()). */
static void calculate_totalreserve_pages(struct machine *m)
{
	unsigned long total = 0;
	struct zone *z;
	for_each_zone(m, z) {
		long max = 0;
		for (int j = z->idx; j < MAX_NR_ZONES; j++)
			if (z->lowmem_reserve[j] > max)
				max = z->lowmem_reserve[j];
		unsigned long r = (unsigned long)max + z->_watermark[WMARK_HIGH];
		total += r < z->managed_pages ? r : z->managed_pages;
	}
	m->totalreserve_pages = total;
}

/* The per-CPU list high mark: total_pages split over the node's CPUs, or
 * over all CPUs for a memory-only node, at least 4 batches
 * (zone_highsize()). */
static int zone_highsize(const struct machine *m, const struct zone *z, int batch,
			 unsigned long total_pages)
{
	int cpus = z->zone_pgdat->nr_cpus;
	if (!cpus)
		cpus = m->nr_cpus;
	int high = (int)(total_pages / (unsigned long)cpus);
	return high > batch * 4 ? high : batch * 4;
}

/* PCP batch: a quarter of 1/1024 of the zone, at most 256 KiB's worth,
 * rounded to 2^n - 1 (zone_batchsize()). */
static int zone_batchsize(const struct zone *z)
{
	unsigned long b = z->managed_pages >> 10;
	if (b > (1UL << 20) / PAGE_SIZE)
		b = (1UL << 20) / PAGE_SIZE;
	b /= 4;
	if (b < 1)
		b = 1;
	b = b + b / 2;
	unsigned long p = 1;
	while (p * 2 <= b)
		p *= 2;
	return p - 1 > 0 ? (int)(p - 1) : 1;
}

void zone_pcp_update_all(struct machine *m)
{
	struct zone *z;
	int fraction = m->vm.percpu_pagelist_high_fraction;
	for_each_zone(m, z) {
		int batch = zone_batchsize(z);
		z->pcp.batch = batch;
		if (fraction) {
			z->pcp.high_min = zone_highsize(m, z, batch, z->managed_pages / (unsigned long)fraction);
			z->pcp.high_max = z->pcp.high_min;
		} else {
			z->pcp.high_min = zone_highsize(m, z, batch, z->_watermark[WMARK_LOW]);
			z->pcp.high_max = zone_highsize(m, z, batch, z->managed_pages / 8);
		}
	}
}

void setup_per_zone_wmarks(struct machine *m)
{
	unsigned long pages_min = (unsigned long)m->vm.min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	struct zone *z;

	for_each_zone(m, z)
		if (z->idx != ZONE_MOVABLE)
			lowmem_pages += z->managed_pages;

	for_each_zone(m, z) {
		unsigned long tmp = (unsigned long)((unsigned __int128)pages_min * z->managed_pages /
						    lowmem_pages);
		if (z->idx == ZONE_MOVABLE) {
			unsigned long min_pages = z->managed_pages / 1024;
			z->_watermark[WMARK_MIN] = min_pages < 32 ? 32 : min_pages > 128 ? 128 : min_pages;
		} else {
			z->_watermark[WMARK_MIN] = tmp;
		}
		unsigned long scaled = z->managed_pages * (unsigned long)m->vm.watermark_scale_factor / 10000;
		tmp = tmp / 4 > scaled ? tmp / 4 : scaled;
		z->watermark_boost = 0;
		z->_watermark[WMARK_LOW] = z->_watermark[WMARK_MIN] + tmp;
		z->_watermark[WMARK_HIGH] = z->_watermark[WMARK_LOW] + tmp;
		z->_watermark[WMARK_PROMO] = z->_watermark[WMARK_HIGH] + tmp;
	}
	calculate_totalreserve_pages(m);
	zone_pcp_update_all(m);
}

void setup_per_zone_lowmem_reserve(struct machine *m)
{
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct zone *zones = m->node_data[nid]->node_zones;
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			int ratio = m->vm.lowmem_reserve_ratio[i];
			bool clear = ratio <= 0 || !zones[i].managed_pages;
			unsigned long acc = 0;
			for (int j = 0; j <= i; j++)
				zones[i].lowmem_reserve[j] = 0;
			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				acc += zones[j].managed_pages;
				zones[i].lowmem_reserve[j] = clear ? 0 : (long)(acc / (unsigned long)ratio);
			}
		}
	}
	calculate_totalreserve_pages(m);
}
