/* /proc/sys/vm: one table row per knob (name, mode, kind, bounds, on-change
 * hook) drives reading, writing, validation and the directory listing. */
#ifndef MMSIM_SYSCTL_H
#define MMSIM_SYSCTL_H

#include <stddef.h>

#include "model/mmzone.h"

struct machine;

/* Every /proc/sys/vm value the model keeps. Action knobs (drop_caches,
 * compact_memory) keep the last value written, as the kernel does. */
struct vm_sysctls {
	unsigned long admin_reserve_kbytes;
	int compact_memory;
	int compact_unevictable_allowed;
	int compaction_proactiveness;
	int defrag_mode;
	unsigned long dirty_background_bytes;
	int dirty_background_ratio;
	unsigned long dirty_bytes;
	int dirty_expire_centisecs;
	int dirty_ratio;
	int dirty_writeback_centisecs;
	int dirtytime_expire_seconds;
	int drop_caches;
	int extfrag_threshold;
	int hugetlb_optimize_vmemmap;
	int hugetlb_shm_group;
	int laptop_mode;
	int legacy_va_layout;
	int lowmem_reserve_ratio[MAX_NR_ZONES];
	int max_map_count;
	int memfd_noexec;
	int min_free_kbytes;
	int user_min_free_kbytes; /* -1 until a user writes min_free_kbytes */
	int min_slab_ratio;
	int min_unmapped_ratio;
	unsigned long mmap_min_addr;
	int mmap_rnd_bits;
	int mmap_rnd_compat_bits;
	unsigned long nr_hugepages;
	unsigned long nr_overcommit_hugepages;
	int numa_stat;
	char numa_zonelist_order[16];
	int oom_dump_tasks;
	int oom_kill_allocating_task;
	unsigned long overcommit_kbytes;
	int overcommit_memory;
	int overcommit_ratio;
	int page_cluster;
	int page_lock_unfairness;
	int panic_on_oom;
	int percpu_pagelist_high_fraction;
	int stat_interval;
	int swappiness;
	int unprivileged_userfaultfd;
	unsigned long user_reserve_kbytes;
	int vfs_cache_pressure;
	int vfs_cache_pressure_denom;
	int watermark_boost_factor;
	int watermark_scale_factor;
	int zone_reclaim_mode;
};

/* How a knob's text is parsed and printed (kernel/sysctl.c handlers). */
enum ctl_kind {
	CTL_INT,     /* proc_dointvec[_minmax]: one int, base 0 */
	CTL_ULONG,   /* proc_doulongvec_minmax: one unsigned long, no sign */
	CTL_INTVEC,  /* int vector, read back tab-separated */
	CTL_STRING,  /* proc_dostring */
	CTL_TRIGGER, /* an action whose read is empty (stat_refresh) */
};

struct ctl_table {
	const char *procname;
	unsigned short mode;
	enum ctl_kind kind;
	size_t offset; /* of the value in struct vm_sysctls */
	int maxlen;    /* number of values: 1, or the vector's length */
	long min, max; /* inclusive bounds of each value */
	/* Apply a parsed write: vals[0..n) for numbers, or text for
	 * CTL_STRING. Return 0 or a negative errno; a rejected write changes
	 * nothing. NULL: store the values after the bounds check. */
	int (*set)(struct machine *m, const struct ctl_table *t, const long *vals, int n,
		   const char *text);
};

extern const struct ctl_table vm_table[];
extern const size_t vm_table_size;

/* The row for a knob name, or NULL. */
const struct ctl_table *sysctl_find(const char *procname);

/* Set every knob to the kernel's default for machine m (after boot has
 * sized the zones: min_free_kbytes and the reserves depend on them). */
void sysctl_init_defaults(struct machine *m);

/* Apply parsed values through the row's bounds and hook. */
int sysctl_set(struct machine *m, const struct ctl_table *t, const long *vals, int n,
	       const char *text);

/* Pointers to a row's storage inside m->vm. */
int *sysctl_int(struct machine *m, const struct ctl_table *t);
unsigned long *sysctl_ulong(struct machine *m, const struct ctl_table *t);
char *sysctl_string(struct machine *m, const struct ctl_table *t);

#endif
