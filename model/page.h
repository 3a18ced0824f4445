/* The compact struct page: one per modeled 4 KiB frame, linked by 32-bit
 * pfn indices instead of pointers so that a 1 TiB machine fits in host RAM. */
#ifndef MMSIM_PAGE_H
#define MMSIM_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)

/* "No page": ends a pfn list. pfns must stay below it (16 TiB). */
#define PFN_NONE UINT32_MAX

/*
 * page->flags
 *
 *   bit  0  PG_reserved   never given to the buddy allocator (memblock)
 *   bit  1  PG_buddy      head of a free block; order and mt say which list
 *   bit  2  PG_head       head of an allocated block of order > 0
 *   bit  3  PG_sim        allocated by a sim/ctl "alloc" command
 *   bit  4  PG_hugetlb    head of a hugetlb pool page
 *   bit  5  PG_slab       head of a slab; next holds its slab table index
 *   bit  6  PG_anon       anonymous memory mapped by user page tables
 *   bit  7  PG_anon_exclusive  anonymous and owned by one mm: a write
 *                         fault may reuse it (PageAnonExclusive)
 *   bit  8  PG_dirty      page cache page holding data not yet on disk
 *   bit  9  PG_pgtable    a page table; pt holds its 512 entries
 *   bit 10  PG_swapbacked  anonymous data that only swap could keep
 *   bit 11  PG_referenced  a page cache page seen accessed once
 *                         (folio_mark_accessed())
 *
 * Tail pages of a free or allocated block keep flags 0: like the kernel,
 * only the head describes the block, so booting touches one struct page
 * per 4 MiB and a large memmap stays mostly untouched host memory.
 */
enum pageflags {
	PG_reserved = 1 << 0,
	PG_buddy = 1 << 1,
	PG_head = 1 << 2,
	PG_sim = 1 << 3,
	PG_hugetlb = 1 << 4,
	PG_slab = 1 << 5,
	PG_anon = 1 << 6,
	PG_anon_exclusive = 1 << 7,
	PG_dirty = 1 << 8,
	PG_pgtable = 1 << 9,
	PG_swapbacked = 1 << 10,
	PG_referenced = 1 << 11,
};

/*
 * struct page, 24 bytes:
 *
 *   0  flags     PG_* above
 *   2  order     block order, on PG_buddy, PG_head and PG_sim heads
 *   3  mt        free list migratetype while PG_buddy
 *   4  next      list links as pfn indices: a buddy free list,
 *   8  prev      the sim or hugetlb allocation list
 *  12  mapcount  user PTEs mapping the page (the kernel's _mapcount + 1)
 *  16  token     content token of a user page (DESIGN.md "No data lost"),
 *      or pt     on PG_pgtable: the table's entries in host memory (the
 *                kernel's struct ptdesc overlays struct page likewise)
 */
struct page {
	uint16_t flags;
	uint8_t order;
	uint8_t mt;
	uint32_t next;
	uint32_t prev;
	uint32_t mapcount;
	union {
		uint64_t token;
		uint64_t *pt;
	};
};

static inline bool PageAnon(const struct page *page)
{
	return page->flags & PG_anon;
}

static inline bool PageSwapBacked(const struct page *page)
{
	return page->flags & PG_swapbacked;
}

static inline bool PageDirty(const struct page *page)
{
	return page->flags & PG_dirty;
}

static inline bool PageReferenced(const struct page *page)
{
	return page->flags & PG_referenced;
}

static inline unsigned int page_mapcount(const struct page *page)
{
	return page->mapcount;
}

/* A doubly linked list of pages threaded through next/prev. */
struct pfn_list {
	uint32_t first;
};

/* Push pfn's page (in the memmap mem_map) on the head of list. */
static inline void pfn_list_add(struct page *mem_map, struct pfn_list *list, unsigned long pfn)
{
	struct page *page = &mem_map[pfn];
	page->prev = PFN_NONE;
	page->next = list->first;
	if (list->first != PFN_NONE)
		mem_map[list->first].prev = (uint32_t)pfn;
	list->first = (uint32_t)pfn;
}

/* Unlink pfn's page from list, which must hold it. */
static inline void pfn_list_del(struct page *mem_map, struct pfn_list *list, unsigned long pfn)
{
	struct page *page = &mem_map[pfn];
	if (page->prev != PFN_NONE)
		mem_map[page->prev].next = page->next;
	else
		list->first = page->next;
	if (page->next != PFN_NONE)
		mem_map[page->next].prev = page->prev;
	page->next = page->prev = PFN_NONE;
}

#endif
