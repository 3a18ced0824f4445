/* The compact struct page: one per modeled 4 KiB frame, linked by 32-bit
 * pfn indices instead of pointers so that a 1 TiB machine fits in host RAM. */
#ifndef MMSIM_PAGE_H
#define MMSIM_PAGE_H

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
};

struct page {
	uint16_t flags;
	uint8_t order; /* block order, on PG_buddy, PG_head and PG_sim heads */
	uint8_t mt;    /* free list migratetype while PG_buddy */
	uint32_t next; /* list links as pfn indices: a buddy free list, */
	uint32_t prev; /* the sim or hugetlb allocation list */
};

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
