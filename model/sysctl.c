/* /proc/sys/vm (kernel/sysctl.c and the tables in mm/ and fs/): one row
 * per knob with the kernel's mode, bounds and handler side effects. The
 * text side of proc_dointvec and friends lives in fs/proc_sysctl.c. */
#include "model/sysctl.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model/gfp.h"
#include "model/hugetlb.h"
#include "model/machine.h"

/* The tick rate behind the jiffies knobs, and the lowest address mmap()
 * may map: mainline's Kconfig defaults, as the reference machine has them
 * (Debian's own kernels raise the latter to 65536). */
#define HZ 250
#define CONFIG_DEFAULT_MMAP_MIN_ADDR 4096

/* mm/page_alloc.c: smaller fractions would make pcp->high too large. */
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION 8

/* Rows of CTL_ULONG keep their bounds as unsigned long bit patterns. */
#define ULONG_NO_MAX ((long)ULONG_MAX)

#define VM_FIELD_SIZE(field) sizeof(((struct vm_sysctls *)0)->field)
#define VM_ROW(name, mode_, kind_, field, n, lo, hi, hook)                                 \
	{ .procname = (name), .mode = (mode_), .kind = (kind_),                            \
	  .offset = offsetof(struct vm_sysctls, field), .maxlen = (n), .min = (lo),        \
	  .max = (hi), .set = (hook) }
/* proc_dointvec_minmax; proc_dointvec is the same with INT_MIN..INT_MAX. */
#define VM_INT(name, field, lo, hi, hook) VM_ROW(name, 0644, CTL_INT, field, 1, lo, hi, hook)
/* proc_doulongvec_minmax: never a maximum among the vm knobs. */
#define VM_ULONG(name, field, lo, hook) \
	VM_ROW(name, 0644, CTL_ULONG, field, 1, lo, ULONG_NO_MAX, hook)
/* proc_dointvec_jiffies: seconds, refused once they overflow an int of
 * jiffies. The model keeps the seconds. */
#define VM_JIFFIES(name, field) VM_INT(name, field, -(INT_MAX / HZ), INT_MAX / HZ, NULL)

/* The int (or first int of a vector) a row reads and writes. */
int *sysctl_int(struct machine *m, const struct ctl_table *t)
{
	return (int *)((char *)&m->vm + t->offset);
}

/* The unsigned long a CTL_ULONG row reads and writes. */
unsigned long *sysctl_ulong(struct machine *m, const struct ctl_table *t)
{
	return (unsigned long *)((char *)&m->vm + t->offset);
}

/* The NUL-terminated text of a CTL_STRING row. */
char *sysctl_string(struct machine *m, const struct ctl_table *t)
{
	return (char *)&m->vm + t->offset;
}

/* Store the first n values of a numeric row; the rest keep theirs. */
static void sysctl_store(struct machine *m, const struct ctl_table *t, const long *vals, int n)
{
	for (int i = 0; i < n && i < t->maxlen; i++) {
		if (t->kind == CTL_ULONG)
			sysctl_ulong(m, t)[i] = (unsigned long)vals[i];
		else
			sysctl_int(m, t)[i] = (int)vals[i];
	}
}

/* min_free_kbytes_sysctl_handler: the user's value outlives later
 * recomputations (memory hotplug, THP) that would lower it. */
static int min_free_kbytes_set(struct machine *m, const struct ctl_table *t, const long *vals,
			       int n, const char *text)
{
	sysctl_store(m, t, vals, n);
	m->vm.user_min_free_kbytes = m->vm.min_free_kbytes;
	setup_per_zone_wmarks(m);
	return 0;
}

/* watermark_scale_factor_sysctl_handler: the gaps between marks follow. */
static int watermark_scale_factor_set(struct machine *m, const struct ctl_table *t,
				      const long *vals, int n, const char *text)
{
	sysctl_store(m, t, vals, n);
	setup_per_zone_wmarks(m);
	return 0;
}

/* lowmem_reserve_ratio_sysctl_handler: ratios below 1 mean no reserve. */
static int lowmem_reserve_ratio_set(struct machine *m, const struct ctl_table *t,
				    const long *vals, int n, const char *text)
{
	sysctl_store(m, t, vals, n);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (m->vm.lowmem_reserve_ratio[i] < 1)
			m->vm.lowmem_reserve_ratio[i] = 0;
	setup_per_zone_lowmem_reserve(m);
	return 0;
}

/* percpu_pagelist_high_fraction_sysctl_handler: 0 (the default sizing) or
 * at least 8; pcp sizes are recomputed only on a change. */
static int percpu_pagelist_high_fraction_set(struct machine *m, const struct ctl_table *t,
					     const long *vals, int n, const char *text)
{
	if (vals[0] && vals[0] < MIN_PERCPU_PAGELIST_HIGH_FRACTION)
		return -EINVAL;
	if (vals[0] == m->vm.percpu_pagelist_high_fraction)
		return 0;
	sysctl_store(m, t, vals, n);
	zone_pcp_update_all(m);
	return 0;
}

/* A dirty limit in bytes whose page count overflows an unsigned int is
 * refused (DIV_ROUND_UP(bytes, PAGE_SIZE) > UINT_MAX, wrapping as in C). */
static bool dirty_bytes_too_large(unsigned long bytes)
{
	return (bytes + PAGE_SIZE - 1) / PAGE_SIZE > UINT_MAX;
}

/* dirty_background_ratio_handler: a ratio replaces any byte limit. */
static int dirty_background_ratio_set(struct machine *m, const struct ctl_table *t,
				      const long *vals, int n, const char *text)
{
	sysctl_store(m, t, vals, n);
	m->vm.dirty_background_bytes = 0;
	return 0;
}

/* dirty_background_bytes_handler: a byte limit replaces the ratio. */
static int dirty_background_bytes_set(struct machine *m, const struct ctl_table *t,
				      const long *vals, int n, const char *text)
{
	if (dirty_bytes_too_large((unsigned long)vals[0]))
		return -ERANGE;
	sysctl_store(m, t, vals, n);
	m->vm.dirty_background_ratio = 0;
	return 0;
}

/* dirty_ratio_handler: only a changed ratio clears dirty_bytes. */
static int dirty_ratio_set(struct machine *m, const struct ctl_table *t, const long *vals, int n,
			   const char *text)
{
	if (vals[0] == m->vm.dirty_ratio)
		return 0;
	sysctl_store(m, t, vals, n);
	m->vm.dirty_bytes = 0;
	return 0;
}

/* dirty_bytes_handler: only a changed byte limit clears dirty_ratio. */
static int dirty_bytes_set(struct machine *m, const struct ctl_table *t, const long *vals, int n,
			   const char *text)
{
	unsigned long bytes = (unsigned long)vals[0];

	if (bytes == m->vm.dirty_bytes)
		return 0;
	if (dirty_bytes_too_large(bytes))
		return -ERANGE;
	sysctl_store(m, t, vals, n);
	m->vm.dirty_ratio = 0;
	return 0;
}

/* overcommit_ratio_handler: CommitLimit now comes from the ratio. */
static int overcommit_ratio_set(struct machine *m, const struct ctl_table *t, const long *vals,
				int n, const char *text)
{
	sysctl_store(m, t, vals, n);
	m->vm.overcommit_kbytes = 0;
	return 0;
}

/* overcommit_kbytes_handler: CommitLimit now comes from the kbytes. */
static int overcommit_kbytes_set(struct machine *m, const struct ctl_table *t, const long *vals,
				 int n, const char *text)
{
	sysctl_store(m, t, vals, n);
	m->vm.overcommit_ratio = 0;
	return 0;
}

/* drop_caches_sysctl_handler: bit 1 drops the page cache, bit 2 the slab
 * caches. Only the events are counted until the page cache and slab
 * models arrive to be dropped. */
static int drop_caches_set(struct machine *m, const struct ctl_table *t, const long *vals, int n,
			   const char *text)
{
	sysctl_store(m, t, vals, n);
	if (m->vm.drop_caches & 1)
		count_vm_events(m, DROP_PAGECACHE, 1);
	if (m->vm.drop_caches & 2)
		count_vm_events(m, DROP_SLAB, 1);
	return 0;
}

/* sysctl_compaction_handler: stores any int, then refuses all but 1.
 * Compacting the zones arrives with the compaction model. */
static int compact_memory_set(struct machine *m, const struct ctl_table *t, const long *vals,
			      int n, const char *text)
{
	sysctl_store(m, t, vals, n);
	return m->vm.compact_memory == 1 ? 0 : -EINVAL;
}

/* hugetlb_sysctl_handler: resize the pool; it reads back what was
 * reached. */
static int nr_hugepages_set(struct machine *m, const struct ctl_table *t, const long *vals, int n,
			    const char *text)
{
	return set_max_huge_pages(m, (unsigned long)vals[0]);
}

/* sysctl_vm_numa_stat_handler: turning NUMA statistics off clears them. */
static int numa_stat_set(struct machine *m, const struct ctl_table *t, const long *vals, int n,
			 const char *text)
{
	int old = m->vm.numa_stat;
	struct zone *z;

	sysctl_store(m, t, vals, n);
	if (old == m->vm.numa_stat || m->vm.numa_stat)
		return 0;
	for_each_zone(m, z)
		memset(z->vm_numa_event, 0, sizeof(z->vm_numa_event));
	return 0;
}

/* numa_zonelist_order_handler: only the node order is left, so a write
 * is merely checked ("Node" or the old "Default", any case of the first
 * letter) and the value stays "Node". */
static int numa_zonelist_order_set(struct machine *m, const struct ctl_table *t,
				   const long *vals, int n, const char *text)
{
	return text[0] && strchr("dDnN", text[0]) ? 0 : -EINVAL;
}

/* proc_dobool: any int is accepted and kept as 0 or 1. */
static int proc_dobool_set(struct machine *m, const struct ctl_table *t, const long *vals, int n,
			   const char *text)
{
	long v = vals[0] != 0;

	sysctl_store(m, t, &v, n);
	return 0;
}

/* Sorted by strcmp(), the order in which readdir lists /proc/sys/vm. */
const struct ctl_table vm_table[] = {
	VM_ULONG("admin_reserve_kbytes", admin_reserve_kbytes, 0, NULL),
	VM_ROW("compact_memory", 0200, CTL_INT, compact_memory, 1, INT_MIN, INT_MAX,
	       compact_memory_set),
	VM_INT("compact_unevictable_allowed", compact_unevictable_allowed, 0, 1, NULL),
	VM_INT("compaction_proactiveness", compaction_proactiveness, 0, 100, NULL),
	VM_INT("defrag_mode", defrag_mode, 0, 1, NULL),
	VM_ULONG("dirty_background_bytes", dirty_background_bytes, 1, dirty_background_bytes_set),
	VM_INT("dirty_background_ratio", dirty_background_ratio, 0, 100,
	       dirty_background_ratio_set),
	VM_ULONG("dirty_bytes", dirty_bytes, 2 * PAGE_SIZE, dirty_bytes_set),
	VM_INT("dirty_expire_centisecs", dirty_expire_centisecs, 0, INT_MAX, NULL),
	VM_INT("dirty_ratio", dirty_ratio, 0, 100, dirty_ratio_set),
	/* Waking the flushers on a change arrives with writeback. */
	VM_INT("dirty_writeback_centisecs", dirty_writeback_centisecs, INT_MIN, INT_MAX, NULL),
	VM_INT("dirtytime_expire_seconds", dirtytime_expire_seconds, 0, INT_MAX, NULL),
	VM_ROW("drop_caches", 0200, CTL_INT, drop_caches, 1, 1, 4, drop_caches_set),
	VM_INT("extfrag_threshold", extfrag_threshold, 0, 1000, NULL),
	VM_INT("hugetlb_optimize_vmemmap", hugetlb_optimize_vmemmap, INT_MIN, INT_MAX,
	       proc_dobool_set),
	VM_INT("hugetlb_shm_group", hugetlb_shm_group, INT_MIN, INT_MAX, NULL),
	VM_JIFFIES("laptop_mode", laptop_mode),
	VM_INT("legacy_va_layout", legacy_va_layout, 0, INT_MAX, NULL),
	VM_ROW("lowmem_reserve_ratio", 0644, CTL_INTVEC, lowmem_reserve_ratio, MAX_NR_ZONES,
	       INT_MIN, INT_MAX, lowmem_reserve_ratio_set),
	VM_INT("max_map_count", max_map_count, 0, INT_MAX, NULL),
	VM_INT("memfd_noexec", memfd_noexec, 0, 2, NULL),
	VM_INT("min_free_kbytes", min_free_kbytes, 0, INT_MAX, min_free_kbytes_set),
	VM_INT("min_slab_ratio", min_slab_ratio, 0, 100, NULL),
	VM_INT("min_unmapped_ratio", min_unmapped_ratio, 0, 100, NULL),
	VM_ULONG("mmap_min_addr", mmap_min_addr, 0, NULL),
	VM_ROW("mmap_rnd_bits", 0600, CTL_INT, mmap_rnd_bits, 1, 28, 32, NULL),
	VM_ROW("mmap_rnd_compat_bits", 0600, CTL_INT, mmap_rnd_compat_bits, 1, 8, 16, NULL),
	VM_ULONG("nr_hugepages", nr_hugepages, 0, nr_hugepages_set),
	/* Both read the default hstate's max_huge_pages. */
	VM_ULONG("nr_hugepages_mempolicy", nr_hugepages, 0, nr_hugepages_set),
	VM_ULONG("nr_overcommit_hugepages", nr_overcommit_hugepages, 0, NULL),
	VM_INT("numa_stat", numa_stat, 0, 1, numa_stat_set),
	VM_ROW("numa_zonelist_order", 0644, CTL_STRING, numa_zonelist_order,
	       VM_FIELD_SIZE(numa_zonelist_order), 0, 0, numa_zonelist_order_set),
	VM_INT("oom_dump_tasks", oom_dump_tasks, INT_MIN, INT_MAX, NULL),
	VM_INT("oom_kill_allocating_task", oom_kill_allocating_task, INT_MIN, INT_MAX, NULL),
	VM_ULONG("overcommit_kbytes", overcommit_kbytes, 0, overcommit_kbytes_set),
	VM_INT("overcommit_memory", overcommit_memory, 0, 2, NULL),
	VM_INT("overcommit_ratio", overcommit_ratio, INT_MIN, INT_MAX, overcommit_ratio_set),
	VM_INT("page-cluster", page_cluster, 0, 31, NULL),
	VM_INT("page_lock_unfairness", page_lock_unfairness, 0, INT_MAX, NULL),
	VM_INT("panic_on_oom", panic_on_oom, 0, 2, NULL),
	VM_INT("percpu_pagelist_high_fraction", percpu_pagelist_high_fraction, 0, INT_MAX,
	       percpu_pagelist_high_fraction_set),
	VM_JIFFIES("stat_interval", stat_interval),
	{ .procname = "stat_refresh", .mode = 0600, .kind = CTL_TRIGGER },
	VM_INT("swappiness", swappiness, 0, 200, NULL),
	VM_INT("unprivileged_userfaultfd", unprivileged_userfaultfd, 0, 1, NULL),
	VM_ULONG("user_reserve_kbytes", user_reserve_kbytes, 0, NULL),
	VM_INT("vfs_cache_pressure", vfs_cache_pressure, 0, INT_MAX, NULL),
	VM_INT("vfs_cache_pressure_denom", vfs_cache_pressure_denom, 100, INT_MAX, NULL),
	VM_INT("watermark_boost_factor", watermark_boost_factor, 0, INT_MAX, NULL),
	VM_INT("watermark_scale_factor", watermark_scale_factor, 1, 3000,
	       watermark_scale_factor_set),
	VM_INT("zone_reclaim_mode", zone_reclaim_mode, 0, INT_MAX, NULL),
};

const size_t vm_table_size = sizeof(vm_table) / sizeof(vm_table[0]);

/* The compile-time values of the knobs the kernel does not size at boot. */
static const struct vm_sysctls vm_defaults = {
	.compact_unevictable_allowed = 1,
	.compaction_proactiveness = 20,
	.dirty_background_ratio = 10,
	.dirty_expire_centisecs = 3000,
	.dirty_ratio = 20,
	.dirty_writeback_centisecs = 500,
	.dirtytime_expire_seconds = 12 * 60 * 60,
	.extfrag_threshold = 500,
	.lowmem_reserve_ratio = { [ZONE_DMA] = 256, [ZONE_DMA32] = 256, [ZONE_NORMAL] = 32 },
	.max_map_count = USHRT_MAX - 5,
	.user_min_free_kbytes = -1,
	.min_slab_ratio = 5,
	.min_unmapped_ratio = 1,
	.mmap_min_addr = CONFIG_DEFAULT_MMAP_MIN_ADDR,
	.mmap_rnd_bits = 28,
	.mmap_rnd_compat_bits = 8,
	.numa_stat = 1,
	.numa_zonelist_order = "Node",
	.oom_dump_tasks = 1,
	.overcommit_ratio = 50,
	.page_lock_unfairness = 5,
	.stat_interval = 1,
	.swappiness = 60,
	.vfs_cache_pressure = 100,
	.vfs_cache_pressure_denom = 100,
	.watermark_boost_factor = 15000,
	.watermark_scale_factor = 10,
};

/* Row lookup for bsearch(): key is a procname. */
static int ctl_table_cmp(const void *key, const void *row)
{
	return strcmp(key, ((const struct ctl_table *)row)->procname);
}

/* The row named procname, by binary search of the sorted table. */
const struct ctl_table *sysctl_find(const char *procname)
{
	return bsearch(procname, vm_table, vm_table_size, sizeof(vm_table[0]), ctl_table_cmp);
}

/* Is every value inside the row's inclusive bounds (the minmax check)? */
static bool sysctl_in_bounds(const struct ctl_table *t, const long *vals, int n)
{
	for (int i = 0; i < n; i++) {
		bool ok = t->kind == CTL_ULONG ?
			(unsigned long)vals[i] >= (unsigned long)t->min &&
			(unsigned long)vals[i] <= (unsigned long)t->max :
			vals[i] >= t->min && vals[i] <= t->max;
		if (!ok)
			return false;
	}
	return true;
}

/* A write: the minmax check, then the handler's hook or a plain store. */
int sysctl_set(struct machine *m, const struct ctl_table *t, const long *vals, int n,
	       const char *text)
{
	if (!sysctl_in_bounds(t, vals, n))
		return -EINVAL;
	if (t->set)
		return t->set(m, t, vals, n, text);
	sysctl_store(m, t, vals, n);
	return 0;
}

/* admin_reserve_kbytes / user_reserve_kbytes: 1/32 of free memory, capped
 * (init_admin_reserve(), init_user_reserve()). */
static void init_reserves(struct machine *m)
{
	unsigned long free_kbytes =
		global_zone_page_state(m, NR_FREE_PAGES) << (PAGE_SHIFT - 10);
	unsigned long share = free_kbytes / 32;

	m->vm.admin_reserve_kbytes = share < 8192 ? share : 8192;
	m->vm.user_reserve_kbytes = share < 131072 ? share : 131072;
}

/* Boot: the compile-time defaults, then what the kernel's initcalls size
 * from the zones, in their order (watermarks, reserves, THP, overcommit
 * reserves). */
void sysctl_init_defaults(struct machine *m)
{
	m->vm = vm_defaults;
	/* swap_setup(): a smaller swap readahead below 16 MiB. */
	m->vm.page_cluster = totalram_pages(m) < (16UL << (20 - PAGE_SHIFT)) ? 2 : 3;
	/* init_per_zone_wmark_min(), with no user value yet. */
	m->vm.min_free_kbytes = calculate_min_free_kbytes(m);
	setup_per_zone_wmarks(m);
	setup_per_zone_lowmem_reserve(m);
	hugepage_init(m);
	init_reserves(m);
}
