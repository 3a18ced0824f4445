/* meminfo's computed values (mm/show_mem.c: si_mem_available; mm/util.c:
 * vm_commit_limit; arch/x86/mm/init.c: the direct map) and
 * the sizes of subsystems the model does not have yet, which stay 0 until
 * their code lands. */
#include "model/show_mem.h"

#include <stdbool.h>

#include "model/hugetlb.h"
#include "model/machine.h"

/* The part of a reclaimable pool that could really be freed: at least half
 * of it, or the low watermarks' worth, is assumed to stay in use. */
static unsigned long reclaimable_part(unsigned long pool, unsigned long wmark_low)
{
	return pool - (pool / 2 < wmark_low ? pool / 2 : wmark_low);
}

/* si_mem_available(): the estimate MemAvailable prints. */
unsigned long si_mem_available(const struct machine *m)
{
	const struct zone *zone;
	unsigned long wmark_low = 0;

	for_each_zone(m, zone)
		wmark_low += wmark_pages(zone, WMARK_LOW);

	long available = (long)global_zone_page_state(m, NR_FREE_PAGES) -
			 (long)m->totalreserve_pages;
	available += reclaimable_part(global_node_page_state(m, NR_ACTIVE_FILE) +
				      global_node_page_state(m, NR_INACTIVE_FILE), wmark_low);
	available += reclaimable_part(global_node_page_state(m, NR_SLAB_RECLAIMABLE) +
				      global_node_page_state(m, NR_KERNEL_MISC_RECLAIMABLE),
				      wmark_low);
	return available < 0 ? 0 : (unsigned long)available;
}

/* No block devices are modeled yet, so none has page cache. */
unsigned long nr_blockdev_pages(const struct machine *m)
{
	return 0;
}

/* No swap areas yet: swapon arrives with swapfile.c. */
unsigned long total_swap_pages(const struct machine *m)
{
	return 0;
}

/* No swap areas yet, so no free slots. */
unsigned long get_nr_swap_pages(const struct machine *m)
{
	return 0;
}

/* zsmalloc pages back the zswap pool: the model has no zram, so all of
 * NR_ZSPAGES is zswap's. */
unsigned long zswap_total_pages(const struct machine *m)
{
	return global_zone_page_state(m, NR_ZSPAGES);
}

/* Nothing is compressed into zswap until swap-out exists. */
unsigned long zswap_stored_pages(const struct machine *m)
{
	return 0;
}

/* vm_commit_limit(): overcommit_kbytes when set, else overcommit_ratio
 * percent of RAM outside the hugetlb pool; plus all of swap. */
unsigned long vm_commit_limit(const struct machine *m)
{
	unsigned long allowed;

	if (m->vm.overcommit_kbytes)
		allowed = m->vm.overcommit_kbytes >> (PAGE_SHIFT - 10);
	else
		allowed = (totalram_pages(m) - hugetlb_total_pages(m)) *
			  (unsigned long)m->vm.overcommit_ratio / 100;
	return allowed + total_swap_pages(m);
}

/* Committed_AS: the pages accountable mappings charged, never below 0. */
unsigned long vm_memory_committed(const struct machine *m)
{
	return m->vm_committed_as < 0 ? 0 : (unsigned long)m->vm_committed_as;
}

/* No vmalloc areas are modeled yet. */
unsigned long vmalloc_nr_pages(const struct machine *m)
{
	return 0;
}

/* The per-CPU allocator is not modeled yet. */
unsigned long pcpu_nr_pages(const struct machine *m)
{
	return 0;
}

/*
 * The direct map (arch/x86/mm/init.c: init_mem_mapping). At boot x86-64
 * maps the ISA range [0, 1 MiB) with 4k pages, then memblock.memory top
 * down in growing steps. Each step's piece of a RAM range is split into a
 * 4k head, 2M pages up to a 1G boundary, 1G pages, and 2M and 4k tails; a
 * piece whose surrounding 2M or 1G frame is all RAM is promoted to that
 * size. A large page met again by a later piece is counted again, as
 * phys_pud_init() and phys_pmd_init() do. Later splits by set_memory_*()
 * are not modeled: on the reference machine the kernel image's
 * protections split one 1G entry into 2M ones and twelve 2M into 4k.
 */

#define PMD_PFNS (1UL << (21 - PAGE_SHIFT))
#define PUD_PFNS (1UL << (30 - PAGE_SHIFT))
#define ISA_END_PFN (1UL << (20 - PAGE_SHIFT))
#define NR_RANGE_MR 5

static const unsigned long pg_level_pfns[NR_PG_LEVELS] = {
	[PG_LEVEL_4K] = 1,
	[PG_LEVEL_2M] = PMD_PFNS,
	[PG_LEVEL_1G] = PUD_PFNS,
};

/* memblock.memory when the direct map is built: RAM ranges in pfn order,
 * merged across zones and nodes (NUMA is set up later). */
struct memblock_memory {
	struct pfn_range r[sizeof(((struct e820_map *)0)->ram) / sizeof(struct pfn_range)];
	int nr;
};

/* A piece of the direct map and the largest page size it may use. */
struct map_range {
	unsigned long start, end;
	enum pg_level level;
};

/* pfn rounded up / down to a multiple of align, a power of two. */
static unsigned long round_up_pfn(unsigned long pfn, unsigned long align)
{
	return (pfn + align - 1) & ~(align - 1);
}

static unsigned long round_down_pfn(unsigned long pfn, unsigned long align)
{
	return pfn & ~(align - 1);
}

/* The smaller / larger of two pfns. */
static unsigned long pfn_min(unsigned long a, unsigned long b)
{
	return a < b ? a : b;
}

static unsigned long pfn_max(unsigned long a, unsigned long b)
{
	return a > b ? a : b;
}

/* memblock.memory above 1 MiB: the e820 RAM ranges, clipped at the ISA
 * end (the ISA mapping covers the first 1 MiB whole, holes and all). */
static void memblock_memory_above_isa(const struct machine *m, struct memblock_memory *mem)
{
	mem->nr = 0;
	for (int i = 0; i < m->e820.nr; i++) {
		unsigned long start = pfn_max(m->e820.ram[i].start, ISA_END_PFN);
		if (start < m->e820.ram[i].end)
			mem->r[mem->nr++] = (struct pfn_range){start, m->e820.ram[i].end};
	}
}

/* memblock_is_region_memory(): does one RAM range hold all of [start, end)? */
static bool region_is_memory(const struct memblock_memory *mem, unsigned long start,
			     unsigned long end)
{
	for (int i = 0; i < mem->nr; i++)
		if (mem->r[i].start <= start && end <= mem->r[i].end)
			return true;
	return false;
}

/* save_mr(): record [start, end) at level unless it is empty; returns
 * where the next piece begins. */
static unsigned long save_mr(struct map_range *mr, int *nr, unsigned long pfn,
			     unsigned long start, unsigned long end, enum pg_level level)
{
	if (start >= end)
		return pfn;
	mr[(*nr)++] = (struct map_range){start, end, level};
	return end;
}

/* split_mem_range(): a 4k head to the first 2M boundary, 2M pages to the
 * first 1G boundary, 1G pages, then 2M and 4k tails. */
static int split_mem_range(struct map_range *mr, unsigned long start, unsigned long end)
{
	unsigned long pfn = start;
	int nr = 0;

	pfn = save_mr(mr, &nr, pfn, pfn, pfn_min(round_up_pfn(pfn, PMD_PFNS), end), PG_LEVEL_4K);
	pfn = save_mr(mr, &nr, pfn, round_up_pfn(pfn, PMD_PFNS),
		      pfn_min(round_up_pfn(pfn, PUD_PFNS), round_down_pfn(end, PMD_PFNS)),
		      PG_LEVEL_2M);
	pfn = save_mr(mr, &nr, pfn, round_up_pfn(pfn, PUD_PFNS), round_down_pfn(end, PUD_PFNS),
		      PG_LEVEL_1G);
	pfn = save_mr(mr, &nr, pfn, round_up_pfn(pfn, PMD_PFNS), round_down_pfn(end, PMD_PFNS),
		      PG_LEVEL_2M);
	save_mr(mr, &nr, pfn, pfn, end, PG_LEVEL_4K);
	return nr;
}

/* adjust_range_page_size_mask(): a piece may use a larger page when the
 * whole frame of that size around it is RAM. */
static void adjust_range_page_size(const struct memblock_memory *mem, struct map_range *mr, int nr)
{
	for (int i = 0; i < nr; i++)
		for (int level = mr[i].level + 1; level < NR_PG_LEVELS; level++)
			if (region_is_memory(mem, round_down_pfn(mr[i].start, pg_level_pfns[level]),
					     round_up_pfn(mr[i].end, pg_level_pfns[level])))
				mr[i].level = (enum pg_level)level;
}

/* Join neighbouring pieces that use the same page size. */
static int merge_ranges(struct map_range *mr, int nr)
{
	int out = 0;

	for (int i = 0; i < nr; i++) {
		if (out && mr[out - 1].end == mr[i].start && mr[out - 1].level == mr[i].level)
			mr[out - 1].end = mr[i].end;
		else
			mr[out++] = mr[i];
	}
	return out;
}

/* init_memory_mapping(): map [start, end), counting every entry each
 * piece touches at its level. */
static void init_memory_mapping(const struct memblock_memory *mem, unsigned long start,
				unsigned long end, unsigned long count[NR_PG_LEVELS])
{
	struct map_range mr[NR_RANGE_MR];
	int nr = split_mem_range(mr, start, end);

	adjust_range_page_size(mem, mr, nr);
	nr = merge_ranges(mr, nr);
	for (int i = 0; i < nr; i++) {
		unsigned long size = pg_level_pfns[mr[i].level];

		count[mr[i].level] += (round_up_pfn(mr[i].end, size) -
				       round_down_pfn(mr[i].start, size)) / size;
	}
}

/* init_range_memory_mapping(): map the RAM inside [start, end); returns
 * the pages mapped. */
static unsigned long init_range_memory_mapping(const struct memblock_memory *mem,
					       unsigned long start, unsigned long end,
					       unsigned long count[NR_PG_LEVELS])
{
	unsigned long mapped = 0;

	for (int i = 0; i < mem->nr; i++) {
		unsigned long lo = pfn_max(mem->r[i].start, start);
		unsigned long hi = pfn_min(mem->r[i].end, end);

		if (lo >= hi)
			continue;
		init_memory_mapping(mem, lo, hi, count);
		mapped += hi - lo;
	}
	return mapped;
}

/* The end of the highest free 2 MiB block below map_end, where the top-down
 * mapping starts (memblock_phys_alloc_range(); nothing up there is
 * reserved this early in boot). */
static unsigned long top_down_real_end(const struct memblock_memory *mem, unsigned long map_start,
				       unsigned long map_end)
{
	for (int i = mem->nr - 1; i >= 0; i--) {
		unsigned long hi = round_down_pfn(pfn_min(mem->r[i].end, map_end), PMD_PFNS);

		if (hi >= pfn_max(mem->r[i].start, map_start) + PMD_PFNS)
			return hi;
	}
	return pfn_max(map_start, round_down_pfn(map_end, PMD_PFNS));
}

/* memory_map_top_down(): map [map_start, map_end) downwards from the top,
 * in steps that grow from 2 MiB by 2^8 once that much is mapped. */
static void memory_map_top_down(const struct memblock_memory *mem, unsigned long map_start,
				unsigned long map_end, unsigned long count[NR_PG_LEVELS])
{
	unsigned long real_end = top_down_real_end(mem, map_start, map_end);
	unsigned long last_start = real_end, step = PMD_PFNS, mapped = 0;

	while (last_start > map_start) {
		unsigned long start = map_start;

		if (last_start > step)
			start = pfn_max(round_down_pfn(last_start - 1, step), map_start);
		mapped += init_range_memory_mapping(mem, start, last_start, count);
		last_start = start;
		if (mapped >= step)
			step <<= 21 - PAGE_SHIFT - 1; /* get_new_step_size() */
	}
	if (real_end < map_end)
		init_range_memory_mapping(mem, real_end, map_end, count);
}

/* direct_pages_count[] after init_mem_mapping(). */
void direct_pages_count(const struct machine *m, unsigned long count[NR_PG_LEVELS])
{
	struct memblock_memory mem;

	for (int level = 0; level < NR_PG_LEVELS; level++)
		count[level] = 0;
	memblock_memory_above_isa(m, &mem);
	/* the ISA range is mapped whatever its holes */
	init_memory_mapping(&mem, 0, ISA_END_PFN, count);
	memory_map_top_down(&mem, ISA_END_PFN, m->max_pfn, count);
}
