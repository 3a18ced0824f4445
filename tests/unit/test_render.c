/* meminfo, vmstat and the node meminfo/vmstat/numastat files: layout line
 * by line against the 6.18 reference, values against the fields of the
 * model they are computed from. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/render.h"
#include "model/gfp.h"
#include "model/hugetlb.h"
#include "model/machine.h"
#include "model/page_writeback.h"
#include "tests/unit/suites.h"

#define GiB (1ULL << 30)
#define MAX_LINE 128

/* Equal texts; on a mismatch the first differing line goes to stderr. */
static bool same_text(const char *what, const char *got, const char *want)
{
	const char *g = got, *w = want;

	while (*g && *g == *w)
		g++, w++;
	if (!*g && !*w)
		return true;
	while (g > got && g[-1] != '\n')
		g--, w--;
	fprintf(stderr, "\n%s differs:\n  got:  %.*s\n  want: %.*s\n", what,
		(int)strcspn(g, "\n"), g, (int)strcspn(w, "\n"), w);
	return false;
}

/* The line that starts with key and a space, or NULL. */
static const char *find_line(const char *text, const char *key)
{
	size_t len = strlen(key);

	for (const char *line = text; *line; line = strchr(line, '\n') + 1)
		if (!strncmp(line, key, len) && line[len] == ' ')
			return line;
	return NULL;
}

/* The number after key on its line; a missing line fails the test. */
static unsigned long value_of(const char *text, const char *key)
{
	const char *line = find_line(text, key);

	if (line)
		return strtoul(line + strlen(key), NULL, 10);
	fprintf(stderr, "\nno line \"%s\"\n", key);
	CU_FAIL("line missing");
	return 0;
}

/* The layout of a rendered file equals the reference's under shape(). */
static void assert_layout(const char *ref_path, char *(*shape)(const char *), const char *text)
{
	char *ref = test_reference(ref_path);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
	char *want = shape(ref), *got = shape(text);

	CU_ASSERT(same_text(ref_path, got, want));
	free(got);
	free(want);
	free(ref);
}

static const struct {
	unsigned long long ram;
	int nodes, cpus;
} machines[] = {
	{4 * GiB, 1, 2},
	{1 * GiB, 1, 1},
	{24 * GiB, 1, 2},
	{8 * GiB, 2, 4},
};

#define NR_MACHINES (sizeof machines / sizeof machines[0])

#define NODE0 "sys/devices/system/node/node0/"

/* Each file, the reference it must look like, and the shape compared. */
static const struct {
	show_fn show;
	bool per_node;
	const char *ref;
	char *(*shape)(const char *);
} layouts[] = {
	{show_meminfo, false, "proc/meminfo", test_digits_to_blanks},
	{show_vmstat, false, "proc/vmstat", test_digit_runs_to_hash},
	{show_node_meminfo, true, NODE0 "meminfo", test_digits_to_blanks},
	{show_node_vmstat, true, NODE0 "vmstat", test_digit_runs_to_hash},
	{show_node_numastat, true, NODE0 "numastat", test_digit_runs_to_hash},
};

/* Every file of every test machine has the reference's lines: labels and
 * names in the same order, values in the same columns. */
static void test_layouts(void)
{
	for (size_t i = 0; i < NR_MACHINES; i++) {
		struct machine *m = test_machine(machines[i].ram, machines[i].nodes,
						 machines[i].cpus);

		for (size_t f = 0; f < sizeof layouts / sizeof layouts[0]; f++)
			for (int nid = 0; nid < (layouts[f].per_node ? m->nr_nodes : 1); nid++) {
				char *text = test_render(layouts[f].show, m, nid);

				assert_layout(layouts[f].ref, layouts[f].shape, text);
				free(text);
			}
		machine_free(m);
	}
}

/* Node files exist only for the machine's nodes. */
static void test_node_range(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);
	struct buf out = BUF_INIT;

	CU_ASSERT_NOT_EQUAL(show_node_meminfo(m, 1, &out), 0);
	CU_ASSERT_NOT_EQUAL(show_node_vmstat(m, -1, &out), 0);
	CU_ASSERT_NOT_EQUAL(show_node_numastat(m, 1, &out), 0);
	buf_free(&out);
	machine_free(m);
}

/* Raw sums over the model's fields, independent of model/vmstat.c: a zone
 * counter, a node counter, the managed pages. */
static long raw_zone_sum(const struct machine *m, enum zone_stat_item item)
{
	long sum = 0;

	for (int nid = 0; nid < m->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			sum += m->node_data[nid]->node_zones[zid].vm_stat[item];
	return sum;
}

static long raw_node_sum(const struct machine *m, enum node_stat_item item)
{
	long sum = 0;

	for (int nid = 0; nid < m->nr_nodes; nid++)
		sum += m->node_data[nid]->vm_stat[item];
	return sum;
}

static unsigned long raw_managed(const struct machine *m)
{
	unsigned long sum = 0;

	for (int nid = 0; nid < m->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			sum += m->node_data[nid]->node_zones[zid].managed_pages;
	return sum;
}

/* The smaller of a and b. */
static unsigned long lmin(unsigned long a, unsigned long b)
{
	return a < b ? a : b;
}

/* si_mem_available() as kernel-notes §3 states it, from zone fields. */
static unsigned long expected_mem_available(const struct machine *m)
{
	unsigned long wmark_low = 0;

	for (int nid = 0; nid < m->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &m->node_data[nid]->node_zones[zid];

			wmark_low += z->_watermark[WMARK_LOW] + z->watermark_boost;
		}
	unsigned long file = raw_node_sum(m, NR_ACTIVE_FILE) + raw_node_sum(m, NR_INACTIVE_FILE);
	unsigned long slab = raw_node_sum(m, NR_SLAB_RECLAIMABLE) +
			     raw_node_sum(m, NR_KERNEL_MISC_RECLAIMABLE);
	long avail = raw_zone_sum(m, NR_FREE_PAGES) - (long)m->totalreserve_pages;

	avail += file - lmin(file / 2, wmark_low);
	avail += slab - lmin(slab / 2, wmark_low);
	return avail < 0 ? 0 : (unsigned long)avail;
}

/* The low watermarks of all zones: the cap si_mem_available() uses. */
static unsigned long total_low_wmark(const struct machine *m)
{
	unsigned long sum = 0;

	for (int nid = 0; nid < m->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			sum += m->node_data[nid]->node_zones[zid]._watermark[WMARK_LOW];
	return sum;
}

/* The meminfo lines that are computations. The page cache lies between one
 * and two low watermarks (half of it counts as available), reclaimable
 * slab above two (all but a low watermark's worth counts). */
static void test_meminfo_values(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);
	struct pglist_data *pgdat = m->node_data[0];
	unsigned long low = total_low_wmark(m);

	CU_ASSERT_FATAL(low > 0);
	mod_node_page_state(pgdat, NR_ACTIVE_FILE, (long)low);
	mod_node_page_state(pgdat, NR_INACTIVE_FILE, (long)(low / 2 + 1));
	mod_node_page_state(pgdat, NR_ACTIVE_ANON, 40);
	mod_node_page_state(pgdat, NR_INACTIVE_ANON, 2);
	mod_node_page_state(pgdat, NR_FILE_PAGES, 1500);
	mod_node_page_state(pgdat, NR_SWAPCACHE, 100);
	mod_node_page_state(pgdat, NR_SLAB_RECLAIMABLE, (long)(10 * low));
	mod_node_page_state(pgdat, NR_KERNEL_MISC_RECLAIMABLE, 3);
	/* the boot caches' own slabs are there already */
	unsigned long boot_slab = node_page_state(pgdat, NR_SLAB_UNRECLAIMABLE);
	mod_node_page_state(pgdat, NR_SLAB_UNRECLAIMABLE, 77);
	mod_node_page_state(pgdat, NR_KERNEL_STACK_KB, 1232);
	mod_node_page_state(pgdat, NR_ANON_THPS, 2 * HPAGE_PMD_NR);
	mod_zone_page_state(&pgdat->node_zones[ZONE_DMA32], NR_MLOCK, 9);

	char *text = test_render(show_meminfo, m, 0);

	CU_ASSERT_EQUAL(value_of(text, "MemTotal:"), raw_managed(m) * 4);
	CU_ASSERT_EQUAL(value_of(text, "MemFree:"), raw_zone_sum(m, NR_FREE_PAGES) * 4);
	CU_ASSERT_EQUAL(value_of(text, "MemAvailable:"), expected_mem_available(m) * 4);
	CU_ASSERT_EQUAL(value_of(text, "Cached:"), (1500 - 100) * 4);
	CU_ASSERT_EQUAL(value_of(text, "SwapCached:"), 100 * 4);
	CU_ASSERT_EQUAL(value_of(text, "Active:"), (low + 40) * 4);
	CU_ASSERT_EQUAL(value_of(text, "Inactive:"), (low / 2 + 1 + 2) * 4);
	CU_ASSERT_EQUAL(value_of(text, "Inactive(file):"), (low / 2 + 1) * 4);
	CU_ASSERT_EQUAL(value_of(text, "Mlocked:"), 9 * 4);
	CU_ASSERT_EQUAL(value_of(text, "KReclaimable:"), (10 * low + 3) * 4);
	CU_ASSERT_EQUAL(value_of(text, "Slab:"), (10 * low + 77 + boot_slab) * 4);
	CU_ASSERT_EQUAL(value_of(text, "SUnreclaim:"), (77 + boot_slab) * 4);
	CU_ASSERT_EQUAL(value_of(text, "KernelStack:"), 1232);
	CU_ASSERT_EQUAL(value_of(text, "AnonHugePages:"), 2 * HPAGE_PMD_NR * 4);
	CU_ASSERT_EQUAL(value_of(text, "CommitLimit:"),
			raw_managed(m) * (unsigned long)m->vm.overcommit_ratio / 100 * 4);
	CU_ASSERT_EQUAL(value_of(text, "Hugepagesize:"), 2048);
	CU_ASSERT(strlen(text) < 2048);
	free(text);
	machine_free(m);
}

/* overcommit_kbytes replaces the ratio in CommitLimit. */
static void test_commit_limit_kbytes(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);

	m->vm.overcommit_kbytes = 1000003;
	char *text = test_render(show_meminfo, m, 0);

	CU_ASSERT_EQUAL(value_of(text, "CommitLimit:"), 1000003 / 4 * 4);
	free(text);
	machine_free(m);
}

/* The node counters vmstat prints in huge pages (kernel-notes §4). */
static bool printed_in_thp(const char *name)
{
	static const char *const thp[] = {"nr_anon_transparent_hugepages", "nr_shmem_hugepages",
					  "nr_shmem_pmdmapped", "nr_file_hugepages",
					  "nr_file_pmdmapped"};

	for (size_t i = 0; i < sizeof thp / sizeof thp[0]; i++)
		if (!strcmp(name, thp[i]))
			return true;
	return false;
}

/* Give every counter of m a distinct value, spread over zones and nodes;
 * nr_hugetlb is left to the hugetlb pool, which tests size for real. */
static void set_distinct_counters(struct machine *m)
{
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];

		for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
			mod_zone_page_state(&pgdat->node_zones[ZONE_DMA32], i, 100 + i + nid);
		mod_zone_page_state(&pgdat->node_zones[ZONE_NORMAL], NR_MLOCK, 5);
		for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
			if (i != NR_HUGETLB)
				mod_node_page_state(pgdat, i,
						    (long)((i + 1) * HPAGE_PMD_NR) + i + nid);
		for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
			for (int n = 0; n <= i + nid; n++)
				count_numa_event(&pgdat->node_zones[ZONE_DMA32], i);
	}
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		count_vm_events(m, i, 1000 + 3 * (unsigned long)i);
}

/* Every /proc/vmstat line carries its counter: zone and node sums, THP
 * counters in huge pages, pgpgin/pgpgout halved from sectors. */
static void test_vmstat_values(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);

	set_distinct_counters(m);
	char *text = test_render(show_vmstat, m, 0);

	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		CU_ASSERT_EQUAL(value_of(text, zone_stat_name[i]),
				(unsigned long)raw_zone_sum(m, i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		CU_ASSERT_EQUAL(value_of(text, numa_stat_name[i]), (unsigned long)i + 1);
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
		unsigned long v = (unsigned long)raw_node_sum(m, i);

		CU_ASSERT_EQUAL(value_of(text, node_stat_name[i]),
				printed_in_thp(node_stat_name[i]) ? v / HPAGE_PMD_NR : v);
	}
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++) {
		unsigned long v = m->vm_events[i];

		CU_ASSERT_EQUAL(value_of(text, vm_event_name[i]),
				i == PGPGIN || i == PGPGOUT ? v / 2 : v);
	}
	CU_ASSERT_EQUAL(value_of(text, "nr_unstable"), 0);
	free(text);
	machine_free(m);
}

/* The thresholds of kernel-notes §8, from the ratio and the bytes knobs. */
static void test_dirty_thresholds(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);

	mod_node_page_state(m->node_data[0], NR_INACTIVE_FILE, 5000);
	unsigned long nr_free = (unsigned long)raw_zone_sum(m, NR_FREE_PAGES);
	unsigned long dirtyable = nr_free - lmin(nr_free, m->totalreserve_pages) + 5000 + 1;
	char *text = test_render(show_vmstat, m, 0);

	CU_ASSERT_EQUAL(global_dirtyable_memory(m), dirtyable);
	unsigned long ratio_pp = (unsigned long)m->vm.dirty_ratio * 4096 / 100;
	unsigned long bg_ratio_pp = (unsigned long)m->vm.dirty_background_ratio * 4096 / 100;

	CU_ASSERT_EQUAL(value_of(text, "nr_dirty_threshold"), ratio_pp * dirtyable / 4096);
	CU_ASSERT_EQUAL(value_of(text, "nr_dirty_background_threshold"),
			bg_ratio_pp * dirtyable / 4096);
	free(text);

	/* bytes round up to pages; a background limit at or above the
	 * hard one falls to half of it */
	m->vm.dirty_bytes = (10UL << 20) + 1;
	m->vm.dirty_background_bytes = 20UL << 20;
	text = test_render(show_vmstat, m, 0);
	CU_ASSERT_EQUAL(value_of(text, "nr_dirty_threshold"), 2561);
	CU_ASSERT_EQUAL(value_of(text, "nr_dirty_background_threshold"), 2561 / 2);
	free(text);
	machine_free(m);
}

/* nr_memmap_boot_pages is the memmap all nodes allocated at boot: 512
 * pages per 128 MiB section holding RAM (the reference: 98304 for 24 GiB),
 * however the RAM is split into nodes. */
static void test_memmap_pages(void)
{
	char *ref = test_reference("proc/vmstat");

	CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
	for (int nodes = 1; nodes <= 2; nodes++) {
		struct machine *m = test_machine(24 * GiB, nodes, 2);
		char *text = test_render(show_vmstat, m, 0);

		CU_ASSERT_EQUAL(value_of(text, "nr_memmap_boot_pages"),
				value_of(ref, "nr_memmap_boot_pages"));
		CU_ASSERT_EQUAL(value_of(text, "nr_memmap_pages"), 0);
		free(text);
		machine_free(m);
	}
	free(ref);
}

/* A counter driven below zero prints as 0 everywhere. */
static void test_clamp_at_zero(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);

	mod_node_page_state(m->node_data[0], NR_SHMEM, -5);
	mod_zone_page_state(&m->node_data[0]->node_zones[ZONE_DMA], NR_MLOCK, -3);
	char *vmstat = test_render(show_vmstat, m, 0);
	char *meminfo = test_render(show_meminfo, m, 0);
	char *node = test_render(show_node_meminfo, m, 0);

	CU_ASSERT_EQUAL(value_of(vmstat, "nr_shmem"), 0);
	CU_ASSERT_EQUAL(value_of(vmstat, "nr_mlock"), 0);
	CU_ASSERT_EQUAL(value_of(meminfo, "Shmem:"), 0);
	CU_ASSERT_EQUAL(value_of(node, "Node 0 Mlocked:"), 0);
	free(node);
	free(meminfo);
	free(vmstat);
	machine_free(m);
}

/* An allocation shows in the next render, and its free undoes it. */
static void test_render_follows_allocator(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);
	char *before = test_render(show_meminfo, m, 0);
	char *vm_before = test_render(show_vmstat, m, 0);
	unsigned long pfn = alloc_pages(m, GFP_KERNEL, 3, 0);

	CU_ASSERT_NOT_EQUAL_FATAL(pfn, PFN_NONE);
	char *during = test_render(show_meminfo, m, 0);
	char *vm_during = test_render(show_vmstat, m, 0);
	char pgalloc[64];

	snprintf(pgalloc, sizeof pgalloc, "pgalloc_%s", page_zone(m, pfn)->name);
	for (char *p = pgalloc; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	CU_ASSERT_EQUAL(value_of(before, "MemFree:") - value_of(during, "MemFree:"), 32);
	CU_ASSERT_EQUAL(value_of(vm_before, "nr_free_pages") - value_of(vm_during, "nr_free_pages"),
			8);
	CU_ASSERT_EQUAL(value_of(vm_during, pgalloc) - value_of(vm_before, pgalloc), 8);

	free_pages(m, pfn, 3);
	char *after = test_render(show_meminfo, m, 0);
	char *vm_after = test_render(show_vmstat, m, 0);

	CU_ASSERT_EQUAL(value_of(after, "MemFree:"), value_of(before, "MemFree:"));
	CU_ASSERT_EQUAL(value_of(vm_after, "pgfree") - value_of(vm_before, "pgfree"), 8);
	free(vm_after);
	free(after);
	free(vm_during);
	free(during);
	free(vm_before);
	free(before);
	machine_free(m);
}

/* The sum over nodes of the value on key's line of a node file; prefixed
 * files start each line with "Node N ". */
static unsigned long nodes_sum(struct machine *m, show_fn node_show, bool prefixed,
			       const char *key)
{
	unsigned long sum = 0;

	for (int nid = 0; nid < m->nr_nodes; nid++) {
		char *text = test_render(node_show, m, nid);
		char node_key[MAX_LINE + 16];

		if (prefixed)
			snprintf(node_key, sizeof node_key, "Node %d %s", nid, key);
		else
			snprintf(node_key, sizeof node_key, "%s", key);
		sum += value_of(text, node_key);
		free(text);
	}
	return sum;
}

/* Every line of a node file that the global file also has (under the same
 * key, or global_key[line]) adds up over the nodes to the global value. */
static void assert_nodes_sum(struct machine *m, show_fn node_show, bool prefixed,
			     const char *global, const char *const *global_key)
{
	char *node0 = test_render(node_show, m, 0);
	int line = 0;

	for (const char *p = node0; *p; p = strchr(p, '\n') + 1, line++) {
		char key[MAX_LINE];

		CU_ASSERT_FATAL(sscanf(p + (prefixed ? strlen("Node 0 ") : 0), "%127s", key) == 1);
		const char *gkey = global_key ? global_key[line] : key;

		if (!find_line(global, gkey))
			continue;
		unsigned long sum = nodes_sum(m, node_show, prefixed, key);
		unsigned long want = value_of(global, gkey);

		if (sum != want)
			fprintf(stderr, "\n%s: nodes add up to %lu, global %lu\n", key, sum, want);
		CU_ASSERT_EQUAL(sum, want);
	}
	free(node0);
}

/* Two nodes: node meminfo, vmstat and numastat add up to the global files. */
static void test_nodes_sum_to_global(void)
{
	struct machine *m = test_machine(8 * GiB, 2, 4);

	set_distinct_counters(m);
	CU_ASSERT_EQUAL(set_max_huge_pages(m, 3), 0);
	CU_ASSERT_NOT_EQUAL(alloc_pages(m, GFP_KERNEL, 0, 1), PFN_NONE);
	char *meminfo = test_render(show_meminfo, m, 0);
	char *vmstat = test_render(show_vmstat, m, 0);
	static const char *const numastat_as_vmstat[] = {"numa_hit", "numa_miss", "numa_foreign",
							  "numa_interleave", "numa_local",
							  "numa_other"};

	assert_nodes_sum(m, show_node_meminfo, true, meminfo, NULL);
	assert_nodes_sum(m, show_node_vmstat, false, vmstat, NULL);
	assert_nodes_sum(m, show_node_numastat, false, vmstat, numastat_as_vmstat);
	CU_ASSERT_EQUAL(value_of(meminfo, "HugePages_Total:"), 3);
	CU_ASSERT_EQUAL(value_of(meminfo, "HugePages_Free:"), 3);
	CU_ASSERT_EQUAL(value_of(meminfo, "Hugetlb:"), 3 * 2048);
	CU_ASSERT_EQUAL(value_of(meminfo, "CommitLimit:"),
			(raw_managed(m) - 3 * HPAGE_PMD_NR) *
				(unsigned long)m->vm.overcommit_ratio / 100 * 4);
	free(vmstat);
	free(meminfo);
	machine_free(m);
}

/* The direct map of 4 GiB (RAM at [1M, 3G) and [4G, 5G)), walked by hand
 * through init_mem_mapping(): 4k for the ISA range and [1M, 2M), 2M up to
 * 1G, 1G for [1G, 3G); the 1G page at 4G is met by three top-down pieces
 * ([5G-2M, 5G), [4.5G, 5G-2M), [4G, 4.5G)) and counted each time. */
static void test_direct_map_4g(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);
	char *text = test_render(show_meminfo, m, 0);

	CU_ASSERT_EQUAL(value_of(text, "DirectMap4k:"), 512 * 4);
	CU_ASSERT_EQUAL(value_of(text, "DirectMap2M:"), 511 * 2048);
	CU_ASSERT_EQUAL(value_of(text, "DirectMap1G:"), 5 * 1048576);
	free(text);
	machine_free(m);
}

/* The reference's 24 GiB layout: its DirectMap lines are our boot map
 * after the kernel image's protections split one 1G page into 2M pages
 * and twelve 2M pages into 4k ones. */
static void test_direct_map_reference(void)
{
	struct machine *m = test_machine(24 * GiB, 1, 2);
	char *text = test_render(show_meminfo, m, 0);
	char *ref = test_reference("proc/meminfo");

	CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
	CU_ASSERT_EQUAL(value_of(text, "DirectMap4k:") + 12 * 2048, value_of(ref, "DirectMap4k:"));
	CU_ASSERT_EQUAL(value_of(text, "DirectMap2M:") + (512 - 12) * 2048,
			value_of(ref, "DirectMap2M:"));
	CU_ASSERT_EQUAL(value_of(text, "DirectMap1G:") - 1048576, value_of(ref, "DirectMap1G:"));
	free(ref);
	free(text);
	machine_free(m);
}

void add_render_suite(void)
{
	CU_pSuite s = CU_add_suite("render", NULL, NULL);

	CU_add_test(s, "layouts match the reference", test_layouts);
	CU_add_test(s, "node files only for nodes", test_node_range);
	CU_add_test(s, "meminfo values", test_meminfo_values);
	CU_add_test(s, "CommitLimit from overcommit_kbytes", test_commit_limit_kbytes);
	CU_add_test(s, "vmstat values", test_vmstat_values);
	CU_add_test(s, "dirty thresholds", test_dirty_thresholds);
	CU_add_test(s, "memmap pages", test_memmap_pages);
	CU_add_test(s, "counters clamp at zero", test_clamp_at_zero);
	CU_add_test(s, "renders follow the allocator", test_render_follows_allocator);
	CU_add_test(s, "node files sum to global", test_nodes_sum_to_global);
	CU_add_test(s, "direct map, 4 GiB", test_direct_map_4g);
	CU_add_test(s, "direct map, reference layout", test_direct_map_reference);
}
