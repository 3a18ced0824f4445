/* The hugetlb pool of 2 MiB pages (mm/hugetlb.c), sized by nr_hugepages. */
#ifndef MMSIM_HUGETLB_H
#define MMSIM_HUGETLB_H

struct machine;

#define HPAGE_PMD_ORDER 9
#define HPAGE_PMD_NR (1UL << HPAGE_PMD_ORDER)

/* Grow or shrink the pool toward count pages, spreading allocations over
 * the nodes; stops early when the buddy allocator runs dry, as the kernel
 * does, leaving nr_hugepages at what it got. Returns 0. */
int set_max_huge_pages(struct machine *m, unsigned long count);

#endif
