/* Counters (mm/vmstat.c): the name tables generated from vmstat.h, the
 * update helpers and the sums the renderers print. The model keeps one
 * exact value per zone or node instead of per-CPU diffs, so a sum is always
 * current; it is still clamped at zero, as the kernel clamps when it prints. */
#include "model/vmstat.h"

#include "model/machine.h"
#include "model/page_writeback.h"

#define VMSTAT_NAME(e, name) [e] = name,

const char *const zone_stat_name[NR_VM_ZONE_STAT_ITEMS] = { ZONE_STAT_ITEMS(VMSTAT_NAME) };
const char *const numa_stat_name[NR_VM_NUMA_EVENT_ITEMS] = { NUMA_STAT_ITEMS(VMSTAT_NAME) };
const char *const node_stat_name[NR_VM_NODE_STAT_ITEMS] = { NODE_STAT_ITEMS(VMSTAT_NAME) };
const char *const vmstat_derived_name[NR_VMSTAT_DERIVED_ITEMS] = {
	VMSTAT_DERIVED_ITEMS(VMSTAT_NAME)
};
const char *const vm_event_name[NR_VM_EVENT_ITEMS] = { VM_EVENT_ITEMS(VMSTAT_NAME) };

/* The THP counters: stored in base pages, shown per huge page. */
bool vmstat_item_print_in_thp(enum node_stat_item item)
{
	return item == NR_ANON_THPS || item == NR_FILE_THPS || item == NR_SHMEM_THPS ||
	       item == NR_SHMEM_PMDMAPPED || item == NR_FILE_PMDMAPPED;
}

/* A signed running total as the kernel prints it: never below zero. */
static unsigned long clamp_stat(long x)
{
	return x < 0 ? 0 : (unsigned long)x;
}

/* Add delta (possibly negative) to a zone counter. */
void mod_zone_page_state(struct zone *zone, enum zone_stat_item item, long delta)
{
	zone->vm_stat[item] += delta;
}

/* Add delta (possibly negative) to a node counter. */
void mod_node_page_state(struct pglist_data *pgdat, enum node_stat_item item, long delta)
{
	pgdat->vm_stat[item] += delta;
}

/* Count delta occurrences of a machine-wide event. */
void count_vm_events(struct machine *m, enum vm_event_item item, unsigned long delta)
{
	m->vm_events[item] += delta;
}

/* Count one NUMA allocation event against the zone that served it. */
void count_numa_event(struct zone *zone, enum numa_stat_item item)
{
	zone->vm_numa_event[item]++;
}

/* A zone counter, clamped at zero. */
unsigned long zone_page_state(const struct zone *zone, enum zone_stat_item item)
{
	return clamp_stat(zone->vm_stat[item]);
}

/* A node counter, clamped at zero. */
unsigned long node_page_state(const struct pglist_data *pgdat, enum node_stat_item item)
{
	return clamp_stat(pgdat->vm_stat[item]);
}

/* A zone counter summed over the node's zones (sum_zone_node_page_state():
 * each zone is clamped before it is added). */
unsigned long node_zone_page_state(const struct pglist_data *pgdat, enum zone_stat_item item)
{
	unsigned long sum = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		sum += zone_page_state(&pgdat->node_zones[i], item);
	return sum;
}

/* A NUMA event summed over the node's zones (sum_zone_numa_event_state()). */
unsigned long node_numa_event(const struct pglist_data *pgdat, enum numa_stat_item item)
{
	unsigned long sum = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		sum += pgdat->node_zones[i].vm_numa_event[item];
	return sum;
}

/* A zone counter over the whole machine: the signed sum, then clamped, as
 * the kernel's vm_zone_stat[] total is. */
unsigned long global_zone_page_state(const struct machine *m, enum zone_stat_item item)
{
	const struct zone *zone;
	long sum = 0;

	for_each_zone(m, zone)
		sum += zone->vm_stat[item];
	return clamp_stat(sum);
}

/* A node counter over the whole machine, clamped like vm_node_stat[]. */
unsigned long global_node_page_state(const struct machine *m, enum node_stat_item item)
{
	long sum = 0;

	for (int nid = 0; nid < m->nr_nodes; nid++)
		sum += m->node_data[nid]->vm_stat[item];
	return clamp_stat(sum);
}

/* A NUMA event over the whole machine (global_numa_event_state()). */
unsigned long global_numa_event(const struct machine *m, enum numa_stat_item item)
{
	unsigned long sum = 0;

	for (int nid = 0; nid < m->nr_nodes; nid++)
		sum += node_numa_event(m->node_data[nid], item);
	return sum;
}

/* Struct pages allocated from memblock at boot, over all nodes. */
static unsigned long nr_memmap_boot_pages(const struct machine *m)
{
	unsigned long sum = 0;

	for (int nid = 0; nid < m->nr_nodes; nid++)
		sum += m->node_data[nid]->memmap_pages;
	return sum;
}

/* The values vmstat_start() computes when /proc/vmstat is opened. */
unsigned long vmstat_derived_value(const struct machine *m, enum vmstat_derived_item item)
{
	unsigned long bg_thresh, thresh;

	switch (item) {
	case NR_DIRTY_THRESHOLD:
	case NR_DIRTY_BG_THRESHOLD:
		global_dirty_limits(m, &bg_thresh, &thresh);
		return item == NR_DIRTY_THRESHOLD ? thresh : bg_thresh;
	case NR_MEMMAP_PAGES:
		return 0; /* memmap of hot-added sections: the model has no hotplug */
	case NR_MEMMAP_BOOT_PAGES:
		return nr_memmap_boot_pages(m);
	default:
		return 0; /* not an item */
	}
}
