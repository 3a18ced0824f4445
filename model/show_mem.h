/* What meminfo reports beyond the raw counters (mm/show_mem.c, mm/util.c,
 * arch/x86/mm/pat/set_memory.c): estimates, limits, and the
 * sizes of subsystems the model does not have yet. All values in pages
 * unless the name says otherwise. */
#ifndef MMSIM_SHOW_MEM_H
#define MMSIM_SHOW_MEM_H

struct machine;
struct pglist_data;

/* (VMALLOC_END - VMALLOC_START) >> 10 with 4-level paging: 32 TiB - 1 byte. */
#define VMALLOC_TOTAL_KB (((32UL << 40) - 1) >> 10)

/* Pages that could be allocated without swapping: free pages above the
 * reserves plus the reclaimable part of page cache and slab. */
unsigned long si_mem_available(const struct machine *m);

/* Page cache of block-device inodes (meminfo "Buffers"). */
unsigned long nr_blockdev_pages(const struct machine *m);

/* Swap space, in pages: all of it, and the unused part. */
unsigned long total_swap_pages(const struct machine *m);
unsigned long get_nr_swap_pages(const struct machine *m);

/* zswap: pool size (compressed) and pages stored (uncompressed). */
unsigned long zswap_total_pages(const struct machine *m);
unsigned long zswap_stored_pages(const struct machine *m);

/* The most that may be committed under overcommit_memory=2. */
unsigned long vm_commit_limit(const struct machine *m);

/* Pages currently committed by private writable and shared mappings. */
unsigned long vm_memory_committed(const struct machine *m);

/* Pages backing vmalloc areas, and the per-CPU allocator's chunks. */
unsigned long vmalloc_nr_pages(const struct machine *m);
unsigned long pcpu_nr_pages(const struct machine *m);

/* Page-table levels that map the kernel's direct map of RAM. */
enum pg_level { PG_LEVEL_4K, PG_LEVEL_2M, PG_LEVEL_1G, NR_PG_LEVELS };

/* Direct-map entries at each level (direct_pages_count[]), as x86-64's
 * init_mem_mapping() lays them out at boot. */
void direct_pages_count(const struct machine *m, unsigned long count[NR_PG_LEVELS]);

#endif
