/* struct machine: one modeled x86-64 box — its NUMA nodes (pglist_data),
 * zones, memmap, sysctls, counters and clock. Pure C: no I/O, no threads. */
#ifndef MMSIM_MACHINE_H
#define MMSIM_MACHINE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/huge_memory.h"
#include "model/mmzone.h"
#include "model/page.h"
#include "model/sysctl.h"
#include "model/vmstat.h"

/* Boot parameters: what the config file describes. */
struct machine_params {
	unsigned long long ram_bytes;
	int nr_nodes;
	unsigned long long node_ram_bytes[MAX_NUMNODES]; /* 0: even split */
	int nr_cpus;
	enum thp_enabled thp_enabled;
	bool randomize_va_space; /* ASLR: off by default, like setarch -R */
	uint64_t seed;
};

/* A pfn range [start, end). */
struct pfn_range {
	unsigned long start, end;
};

/* The RAM the firmware reports (e820): below 640K, 1M to the PCI hole,
 * and above 4 GiB. */
struct e820_map {
	struct pfn_range ram[3];
	int nr;
};

struct machine {
	pthread_mutex_t lock; /* taken by fs/ and the clock, never by model/ */
	struct machine_params params;
	struct e820_map e820;
	struct page *mem_map;
	unsigned long max_pfn;
	int nr_nodes;
	int nr_cpus;
	struct pglist_data *node_data[MAX_NUMNODES];
	unsigned long totalreserve_pages;
	long vm_committed_as; /* pages charged by accountable mappings */
	struct vm_sysctls vm;
	struct thp_settings thp;
	unsigned long vm_events[NR_VM_EVENT_ITEMS];
	struct pfn_list sim_allocs;    /* blocks held by sim "alloc" */
	struct pfn_list hugetlb_pool;  /* free hugetlb pages */
	unsigned long nr_huge_pages;
	struct slab_state *slab;       /* the kmem_caches and their slabs */
	struct inode *inodes;       /* the root file system's, newest first */
	unsigned long nr_inodes;
	unsigned long shm_last_ino; /* the inode number shm_mnt gave last (shmem.c) */
	struct task_struct **tasks; /* sorted by pid */
	int nr_tasks, tasks_cap;
	int last_pid;
	struct task_gone *gone;     /* ended tasks not yet told to the file system */
	int nr_gone, gone_cap;
	unsigned long total_forks; /* tasks created since boot, threads too */
	uint64_t token_mismatches;  /* reads that found other data than written */
	uint64_t last_token;        /* the content token the latest write stamped */
	unsigned long zero_pfn;     /* empty_zero_page, in the kernel image; 0 until found */
	struct kmsg *kmsg;          /* the kernel log, allocated at the first line */
	uint64_t ticks;
	uint64_t rng;
};

/* Iterate over every zone of every node, populated or not. */
#define for_each_zone(m, z)                                                          \
	for (int nid__ = 0; nid__ < (m)->nr_nodes; nid__++)                          \
		for ((z) = (m)->node_data[nid__]->node_zones;                        \
		     (z) < (m)->node_data[nid__]->node_zones + MAX_NR_ZONES; (z)++)

static inline struct page *pfn_to_page(const struct machine *m, unsigned long pfn)
{
	return &m->mem_map[pfn];
}

/* Fill params with the defaults of config/default.cfg's machine. */
void machine_params_default(struct machine_params *p);

/* Build a machine from params: RAM layout, zones, memmap, buddy allocator,
 * watermarks, reserves and sysctl defaults. NULL with *err set on failure
 * (too much or too little RAM, bad node split, no host memory). */
struct machine *machine_boot(const struct machine_params *p, const char **err);

void machine_free(struct machine *m);

/* Advance simulated time by one tick: kswapd and the other periodic work. */
void machine_tick(struct machine *m);

/* Σ managed pages over every zone: MemTotal in pages. */
unsigned long totalram_pages(const struct machine *m);

/* Does pfn's memory section hold RAM, so that it has a memmap
 * (pfn_valid() under SPARSEMEM)? */
bool pfn_valid(const struct machine *m, unsigned long pfn);

/* Managed pages of the node. */
unsigned long node_managed_pages(const struct pglist_data *pgdat);

/* Seeded PRNG (splitmix64): the model's only source of randomness. */
uint64_t machine_random(struct machine *m);

#endif
