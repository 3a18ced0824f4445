/* The hugetlb pool of 2 MiB pages (mm/hugetlb.c), sized by nr_hugepages. */
#ifndef MMSIM_HUGETLB_H
#define MMSIM_HUGETLB_H

struct machine;
struct pglist_data;

#define HPAGE_PMD_ORDER 9
#define HPAGE_PMD_NR (1UL << HPAGE_PMD_ORDER)

/* Grow or shrink the pool toward count pages, spreading allocations over
 * the nodes; stops early when the buddy allocator runs dry, as the kernel
 * does, leaving nr_hugepages at what it got. Returns 0. */
int set_max_huge_pages(struct machine *m, unsigned long count);

/* The default (2 MiB) hstate, counted in huge pages: the pool, its free,
 * reserved and surplus parts; per node, the pool and its parts there. */
unsigned long hugetlb_free_pages(const struct machine *m);
unsigned long hugetlb_resv_pages(const struct machine *m);
unsigned long hugetlb_surplus_pages(const struct machine *m);
unsigned long hugetlb_node_pages(const struct pglist_data *pgdat);
unsigned long hugetlb_node_free_pages(const struct pglist_data *pgdat);
unsigned long hugetlb_node_surplus_pages(const struct pglist_data *pgdat);

/* Base pages held by every hstate's pool (hugetlb_total_pages()). */
unsigned long hugetlb_total_pages(const struct machine *m);

#endif
