/* /proc/vmstat and a node's vmstat and numastat files (mm/vmstat.c:
 * vmstat_start, vmstat_show; drivers/base/node.c: node_read_vmstat,
 * node_read_numastat). Every list comes from the tables in vmstat.h. */
#include <errno.h>

#include "fs/render.h"
#include "model/hugetlb.h"
#include "model/machine.h"

/* numastat's older names for the NUMA events, in the same order. */
static const char *const numastat_name[NR_VM_NUMA_EVENT_ITEMS] = {
	[NUMA_HIT] = "numa_hit",
	[NUMA_MISS] = "numa_miss",
	[NUMA_FOREIGN] = "numa_foreign",
	[NUMA_INTERLEAVE_HIT] = "interleave_hit",
	[NUMA_LOCAL] = "local_node",
	[NUMA_OTHER] = "other_node",
};

/* One "name value" line. */
static void stat_line(struct buf *out, const char *name, unsigned long value)
{
	buf_printf(out, "%s %lu\n", name, value);
}

/* A node counter as vmstat prints it: THP counters in huge pages. */
static unsigned long node_stat_shown(enum node_stat_item item, unsigned long pages)
{
	return vmstat_item_print_in_thp(item) ? pages / HPAGE_PMD_NR : pages;
}

/* An event as /proc/vmstat prints it. pgpgin/pgpgout are counted in
 * 512-byte sectors, as block I/O is submitted, and printed in kB. */
static unsigned long vm_event_shown(const struct machine *m, enum vm_event_item item)
{
	unsigned long count = m->vm_events[item];

	return item == PGPGIN || item == PGPGOUT ? count / 2 : count;
}

/* The zone, NUMA and node counters, summed over one node or, for a NULL
 * pgdat, the whole machine: the part both vmstat files share. */
static void show_counters(const struct machine *m, const struct pglist_data *pgdat,
			  struct buf *out)
{
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		stat_line(out, zone_stat_name[i],
			  pgdat ? node_zone_page_state(pgdat, i) : global_zone_page_state(m, i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		stat_line(out, numa_stat_name[i],
			  pgdat ? node_numa_event(pgdat, i) : global_numa_event(m, i));
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		stat_line(out, node_stat_name[i],
			  node_stat_shown(i, pgdat ? node_page_state(pgdat, i)
						   : global_node_page_state(m, i)));
}

/* /proc/vmstat: the counters, the values computed at open, the events,
 * then nr_unstable, whose counter is gone but whose line is ABI. */
int show_vmstat(struct machine *m, long arg, struct buf *out)
{
	show_counters(m, NULL, out);
	for (int i = 0; i < NR_VMSTAT_DERIVED_ITEMS; i++)
		stat_line(out, vmstat_derived_name[i], vmstat_derived_value(m, i));
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		stat_line(out, vm_event_name[i], vm_event_shown(m, i));
	stat_line(out, "nr_unstable", 0);
	return 0;
}

/* /sys/devices/system/node/node<nid>/vmstat. */
int show_node_vmstat(struct machine *m, long nid, struct buf *out)
{
	if (nid < 0 || nid >= m->nr_nodes)
		return -ENOENT;
	show_counters(m, m->node_data[nid], out);
	return 0;
}

/* /sys/devices/system/node/node<nid>/numastat. */
int show_node_numastat(struct machine *m, long nid, struct buf *out)
{
	if (nid < 0 || nid >= m->nr_nodes)
		return -ENOENT;
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		stat_line(out, numastat_name[i], node_numa_event(m->node_data[nid], i));
	return 0;
}
