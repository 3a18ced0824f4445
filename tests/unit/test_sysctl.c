/* /proc/sys/vm: the table against the reference's file list and values,
 * the kernel's write syntax, and each knob's side effects on the model. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/render.h"
#include "model/gfp.h"
#include "model/machine.h"
#include "tests/unit/suites.h"

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)

/* Boot a one-node, two-CPU machine of ram bytes with THP set to thp. */
static struct machine *thp_machine(unsigned long long ram, enum thp_enabled thp)
{
	struct machine_params p;
	const char *err = NULL;

	machine_params_default(&p);
	p.ram_bytes = ram;
	p.thp_enabled = thp;
	struct machine *m = machine_boot(&p, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	return m;
}

/* The row index of a knob the table must have. */
static long row_of(const char *name)
{
	const struct ctl_table *t = sysctl_find(name);

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	return t - vm_table;
}

/* Read a knob as cat would; the caller frees the text. */
static char *read_knob(struct machine *m, const char *name)
{
	struct buf out = BUF_INIT;

	CU_ASSERT_EQUAL(show_sysctl(m, row_of(name), &out), 0);
	buf_write(&out, "", 0);
	return out.data;
}

/* Does the knob read back exactly want? */
static int knob_is(struct machine *m, const char *name, const char *want)
{
	char *got = read_knob(m, name);
	int same = !strcmp(got, want);

	if (!same)
		fprintf(stderr, "\n%s reads \"%s\", want \"%s\"\n", name, got, want);
	free(got);
	return same;
}

/* One write(2) of text, as echo -n would make it. */
static int write_knob(struct machine *m, const char *name, const char *text)
{
	return store_sysctl(m, row_of(name), text, strlen(text), NULL);
}

/* floor(sqrt(x)) by bisection, independent of the model's int_sqrt. */
static unsigned long isqrt(unsigned long x)
{
	unsigned long lo = 0, hi = 1UL << 32;

	while (hi - lo > 1) {
		unsigned long mid = (lo + hi) / 2;
		if (mid * mid <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The MIN, LOW and HIGH marks of zone z for min_free_kbytes, by
 * __setup_per_zone_wmarks() as kernel-notes §2 states it. */
static void formula_wmarks(struct machine *m, int min_free_kbytes, const struct zone *z,
			   unsigned long marks[3])
{
	unsigned long pages_min = (unsigned long)min_free_kbytes / 4, lowmem = 0;
	const struct zone *zz;

	for_each_zone(m, zz)
		if (zz->idx != ZONE_MOVABLE)
			lowmem += zz->managed_pages;
	unsigned long tmp =
		(unsigned long)((unsigned __int128)pages_min * z->managed_pages / lowmem);
	unsigned long min = tmp;
	if (z->idx == ZONE_MOVABLE) {
		min = z->managed_pages / 1024;
		min = min < 32 ? 32 : min > 128 ? 128 : min;
	}
	unsigned long scaled =
		z->managed_pages * (unsigned long)m->vm.watermark_scale_factor / 10000;
	unsigned long gap = tmp / 4 > scaled ? tmp / 4 : scaled;
	marks[WMARK_MIN] = min;
	marks[WMARK_LOW] = min + gap;
	marks[WMARK_HIGH] = min + 2 * gap;
}

/* Every zone's marks follow the formula for the current sysctls. */
static void assert_wmarks_follow_formula(struct machine *m)
{
	const struct zone *z;
	unsigned long marks[3];

	for_each_zone(m, z) {
		formula_wmarks(m, m->vm.min_free_kbytes, z, marks);
		CU_ASSERT_EQUAL(z->_watermark[WMARK_MIN], marks[WMARK_MIN]);
		CU_ASSERT_EQUAL(z->_watermark[WMARK_LOW], marks[WMARK_LOW]);
		CU_ASSERT_EQUAL(z->_watermark[WMARK_HIGH], marks[WMARK_HIGH]);
	}
}

/* nr_free_buffer_pages() with the marks of min_free_kbytes in place. */
static unsigned long free_buffer_pages_at(struct machine *m, int min_free_kbytes)
{
	const struct zone *z;
	unsigned long pages = 0, marks[3];

	for_each_zone(m, z) {
		formula_wmarks(m, min_free_kbytes, z, marks);
		if (z->idx <= ZONE_NORMAL && z->managed_pages > marks[WMARK_HIGH])
			pages += z->managed_pages - marks[WMARK_HIGH];
	}
	return pages;
}

/* nr_free_buffer_pages() at boot, before any watermark is set. */
static unsigned long boot_free_buffer_pages(struct machine *m)
{
	const struct zone *z;
	unsigned long pages = 0;

	for_each_zone(m, z)
		if (z->idx <= ZONE_NORMAL)
			pages += z->managed_pages;
	return pages;
}

/* Every /proc/sys/vm file of MODES has a row with its mode, no row is
 * extra, and rows are in readdir's strcmp() order. */
static void test_table_matches_modes(void)
{
	static const char prefix[] = "/proc/sys/vm/";
	char *modes = test_reference("MODES");
	size_t listed = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(modes);
	for (char *line = strtok(modes, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned int mode;
		char path[256];
		if (sscanf(line, "%o %255s", &mode, path) != 2 ||
		    strncmp(path, prefix, sizeof(prefix) - 1))
			continue;
		const struct ctl_table *t = sysctl_find(path + sizeof(prefix) - 1);
		CU_ASSERT_PTR_NOT_NULL(t);
		if (t)
			CU_ASSERT_EQUAL(t->mode, mode);
		listed++;
	}
	CU_ASSERT_EQUAL(listed, vm_table_size);
	for (size_t i = 1; i < vm_table_size; i++)
		CU_ASSERT(strcmp(vm_table[i - 1].procname, vm_table[i].procname) < 0);
	CU_ASSERT_PTR_NULL(sysctl_find("shrink_inodes_with_pagecache"));
	free(modes);
}

/* Knobs whose reference value depends on the machine or its kernel
 * config rather than on mainline's defaults. */
static int machine_dependent(const char *name)
{
	static const char *const names[] = {
		"admin_reserve_kbytes", "user_reserve_kbytes", /* free memory at boot */
		"min_free_kbytes",                             /* zone sizes and THP */
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

/* Every readable knob with a machine-independent default reads exactly
 * as on the reference machine (4 GiB, 2 CPUs, THP madvise). */
static void test_defaults_match_reference(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);
	char rel[128];
	int compared = 0;

	for (size_t i = 0; i < vm_table_size; i++) {
		const char *name = vm_table[i].procname;
		if (!(vm_table[i].mode & 0400) || machine_dependent(name))
			continue;
		snprintf(rel, sizeof(rel), "proc/sys/vm/%s", name);
		char *want = test_reference(rel);
		CU_ASSERT_PTR_NOT_NULL_FATAL(want);
		CU_ASSERT(knob_is(m, name, want));
		free(want);
		compared++;
	}
	CU_ASSERT_EQUAL(compared, 46);
	machine_free(m);
}

/* The reserves are 1/32 of the free memory at boot, capped at 8 MiB for
 * root and 128 MiB for users. */
static void test_reserve_defaults(void)
{
	static const unsigned long long sizes[] = { 128 * MiB, 4 * GiB, 16 * GiB };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct machine *m = test_machine(sizes[i], 1, 2);
		unsigned long share = global_zone_page_state(m, NR_FREE_PAGES) * 4 / 32;
		CU_ASSERT_EQUAL(m->vm.admin_reserve_kbytes, share < 8192 ? share : 8192);
		CU_ASSERT_EQUAL(m->vm.user_reserve_kbytes, share < 131072 ? share : 131072);
		machine_free(m);
	}
}

/* calculate_min_free_kbytes(): 4*sqrt(lowmem kB) for lowmem pages above
 * the high marks. */
static int sqrt_rule(unsigned long lowmem_pages)
{
	unsigned long v = isqrt(lowmem_pages * 4 * 16);

	return v < 128 ? 128 : v > 262144 ? 262144 : (int)v;
}

/* Boot computes min_free_kbytes by the sqrt rule on marks of 0; then
 * starting khugepaged raises it to 5632 pages per usable zone (at most 5%
 * of lowmem), while not starting it repeats the sqrt rule on the marks
 * just set. Machines under 512 MiB skip that second step. */
static void test_min_free_kbytes_default(void)
{
	struct machine *never = thp_machine(4 * GiB, THP_NEVER);
	struct machine *madvise = thp_machine(4 * GiB, THP_MADVISE);
	struct machine *small = thp_machine(256 * MiB, THP_MADVISE);
	int first = sqrt_rule(boot_free_buffer_pages(never)), nr_zones = 0;
	const struct zone *z;

	CU_ASSERT_EQUAL(never->vm.min_free_kbytes, sqrt_rule(free_buffer_pages_at(never, first)));
	CU_ASSERT(never->vm.min_free_kbytes < first);
	assert_wmarks_follow_formula(never);
	for_each_zone(madvise, z)
		nr_zones += populated_zone(z) && z->idx <= ZONE_NORMAL;
	unsigned long rec = 5632UL * (unsigned long)nr_zones;
	unsigned long cap = free_buffer_pages_at(madvise, first) / 20;
	unsigned long want = (rec < cap ? rec : cap) * 4;
	CU_ASSERT_EQUAL((unsigned long)madvise->vm.min_free_kbytes,
			want > (unsigned long)first ? want : (unsigned long)first);
	CU_ASSERT_EQUAL(madvise->vm.min_free_kbytes, 67584);
	CU_ASSERT_EQUAL(madvise->vm.user_min_free_kbytes, -1);
	assert_wmarks_follow_formula(madvise);
	CU_ASSERT_EQUAL(small->vm.min_free_kbytes, sqrt_rule(boot_free_buffer_pages(small)));
	assert_wmarks_follow_formula(small);
	machine_free(never);
	machine_free(madvise);
	machine_free(small);
}

struct write_case {
	const char *text;
	int err;   /* what the write returns */
	int value; /* what the knob holds afterwards */
};

/* proc_dointvec_minmax's syntax, on swappiness (0..200) starting at 77. */
static void test_int_write_syntax(void)
{
	static const struct write_case cases[] = {
		{ "100", 0, 100 },
		{ "0x3c", 0, 60 },
		{ "0X3C", 0, 60 },
		{ "074", 0, 60 },
		{ "  42\n", 0, 42 },
		{ "\t60\t\n  ", 0, 60 },
		{ "50 99", 0, 50 },
		{ "50 abc", 0, 50 },
		{ "-0", 0, 0 },
		{ "200", 0, 200 },
		{ "00000000000000000074", 0, 60 },
		{ "", 0, 77 },
		{ "abc", -EINVAL, 77 },
		{ "+5", -EINVAL, 77 },
		{ "60abc", -EINVAL, 77 },
		{ "60,5", -EINVAL, 77 },
		{ "\n", -EINVAL, 77 },
		{ "   ", -EINVAL, 77 },
		{ "201", -EINVAL, 77 },
		{ "-1", -EINVAL, 77 },
		{ "9223372036854775808", -EINVAL, 77 },
		{ "18446744073709551616", -EINVAL, 77 },
		{ "08", -EINVAL, 77 },
		{ "0x", -EINVAL, 77 },
		{ "-", -EINVAL, 77 },
		{ "- 5", -EINVAL, 77 },
		{ "--5", -EINVAL, 77 },
		{ "000000000000000000074", -EINVAL, 77 },
	};
	struct machine *m = test_machine(1 * GiB, 1, 2);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL_FATAL(write_knob(m, "swappiness", "77"), 0);
		int err = write_knob(m, "swappiness", cases[i].text);
		if (err != cases[i].err || m->vm.swappiness != cases[i].value)
			fprintf(stderr, "\nswappiness <- \"%s\": %d, reads %d\n", cases[i].text,
				err, m->vm.swappiness);
		CU_ASSERT_EQUAL(err, cases[i].err);
		CU_ASSERT_EQUAL(m->vm.swappiness, cases[i].value);
	}
	machine_free(m);
}

/* proc_dointvec's int range, on a knob without bounds. */
static void test_int_overflow(void)
{
	struct machine *m = test_machine(1 * GiB, 1, 2);

	CU_ASSERT_EQUAL(write_knob(m, "hugetlb_shm_group", "2147483647"), 0);
	CU_ASSERT(knob_is(m, "hugetlb_shm_group", "2147483647\n"));
	CU_ASSERT_EQUAL(write_knob(m, "hugetlb_shm_group", "-2147483648"), 0);
	CU_ASSERT(knob_is(m, "hugetlb_shm_group", "-2147483648\n"));
	CU_ASSERT_EQUAL(write_knob(m, "hugetlb_shm_group", "2147483648"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "hugetlb_shm_group", "-2147483649"), -EINVAL);
	CU_ASSERT(knob_is(m, "hugetlb_shm_group", "-2147483648\n"));
	machine_free(m);
}

/* proc_doulongvec_minmax: the full unsigned range and no sign at all. */
static void test_ulong_write_syntax(void)
{
	struct machine *m = test_machine(1 * GiB, 1, 2);

	CU_ASSERT_EQUAL(write_knob(m, "user_reserve_kbytes", "18446744073709551615"), 0);
	CU_ASSERT(knob_is(m, "user_reserve_kbytes", "18446744073709551615\n"));
	CU_ASSERT_EQUAL(write_knob(m, "user_reserve_kbytes", "0x10\n"), 0);
	CU_ASSERT(knob_is(m, "user_reserve_kbytes", "16\n"));
	CU_ASSERT_EQUAL(write_knob(m, "user_reserve_kbytes", "-1"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "user_reserve_kbytes", "-0"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "user_reserve_kbytes", "18446744073709551616"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "user_reserve_kbytes", "12k"), -EINVAL);
	CU_ASSERT(knob_is(m, "user_reserve_kbytes", "16\n"));
	machine_free(m);
}

/* proc_dointvec_jiffies: seconds up to INT_MAX jiffies at HZ=250. */
static void test_jiffies_range(void)
{
	struct machine *m = test_machine(1 * GiB, 1, 2);

	CU_ASSERT_EQUAL(write_knob(m, "stat_interval", "8589934"), 0);
	CU_ASSERT_EQUAL(write_knob(m, "stat_interval", "-8589934"), 0);
	CU_ASSERT(knob_is(m, "stat_interval", "-8589934\n"));
	CU_ASSERT_EQUAL(write_knob(m, "stat_interval", "8589935"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "laptop_mode", "-8589935"), -EINVAL);
	CU_ASSERT(knob_is(m, "stat_interval", "-8589934\n"));
	machine_free(m);
}

/* drop_caches: write-only, 1..4, bits 1 and 2 counted as events. */
static void test_drop_caches(void)
{
	struct machine *m = test_machine(1 * GiB, 1, 2);
	struct buf out = BUF_INIT;

	CU_ASSERT_EQUAL(show_sysctl(m, row_of("drop_caches"), &out), -EACCES);
	CU_ASSERT_EQUAL(write_knob(m, "drop_caches", "0"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "drop_caches", "5"), -EINVAL);
	CU_ASSERT_EQUAL(m->vm_events[DROP_PAGECACHE] + m->vm_events[DROP_SLAB], 0);
	CU_ASSERT_EQUAL(write_knob(m, "drop_caches", "1\n"), 0);
	CU_ASSERT_EQUAL(m->vm_events[DROP_PAGECACHE], 1);
	CU_ASSERT_EQUAL(m->vm_events[DROP_SLAB], 0);
	CU_ASSERT_EQUAL(write_knob(m, "drop_caches", "3"), 0);
	CU_ASSERT_EQUAL(write_knob(m, "drop_caches", "2"), 0);
	CU_ASSERT_EQUAL(write_knob(m, "drop_caches", "4"), 0);
	CU_ASSERT_EQUAL(m->vm_events[DROP_PAGECACHE], 2);
	CU_ASSERT_EQUAL(m->vm_events[DROP_SLAB], 2);
	buf_free(&out);
	machine_free(m);
}

/* compact_memory: write-only, only 1 is accepted. */
static void test_compact_memory(void)
{
	struct machine *m = test_machine(1 * GiB, 1, 2);
	struct buf out = BUF_INIT;

	CU_ASSERT_EQUAL(show_sysctl(m, row_of("compact_memory"), &out), -EACCES);
	CU_ASSERT_EQUAL(write_knob(m, "compact_memory", "1"), 0);
	CU_ASSERT_EQUAL(write_knob(m, "compact_memory", "2"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "compact_memory", "one"), -EINVAL);
	buf_free(&out);
	machine_free(m);
}

/* A ratio and its byte twin exclude each other; bytes must fit in
 * UINT_MAX pages; dirty_ratio and dirty_bytes act only on a change. */
static void test_dirty_pairs(void)
{
	struct machine *m = test_machine(1 * GiB, 1, 2);

	CU_ASSERT_EQUAL(write_knob(m, "dirty_bytes", "8191"), -EINVAL);
	CU_ASSERT(knob_is(m, "dirty_ratio", "20\n"));
	CU_ASSERT_EQUAL(write_knob(m, "dirty_bytes", "8192"), 0);
	CU_ASSERT(knob_is(m, "dirty_bytes", "8192\n"));
	CU_ASSERT(knob_is(m, "dirty_ratio", "0\n"));
	CU_ASSERT_EQUAL(write_knob(m, "dirty_bytes", "17592186040321"), -ERANGE);
	CU_ASSERT(knob_is(m, "dirty_bytes", "8192\n"));
	CU_ASSERT_EQUAL(write_knob(m, "dirty_ratio", "0"), 0);
	CU_ASSERT(knob_is(m, "dirty_bytes", "8192\n"));
	CU_ASSERT_EQUAL(write_knob(m, "dirty_bytes", "17592186040320"), 0);
	CU_ASSERT_EQUAL(write_knob(m, "dirty_ratio", "30"), 0);
	CU_ASSERT(knob_is(m, "dirty_bytes", "0\n"));
	CU_ASSERT(knob_is(m, "dirty_ratio", "30\n"));
	CU_ASSERT_EQUAL(write_knob(m, "dirty_ratio", "101"), -EINVAL);

	CU_ASSERT_EQUAL(write_knob(m, "dirty_background_bytes", "0"), -EINVAL);
	CU_ASSERT(knob_is(m, "dirty_background_ratio", "10\n"));
	CU_ASSERT_EQUAL(write_knob(m, "dirty_background_bytes", "1"), 0);
	CU_ASSERT(knob_is(m, "dirty_background_ratio", "0\n"));
	CU_ASSERT_EQUAL(write_knob(m, "dirty_background_bytes", "17592186040321"), -ERANGE);
	CU_ASSERT(knob_is(m, "dirty_background_bytes", "1\n"));
	CU_ASSERT_EQUAL(write_knob(m, "dirty_background_ratio", "0"), 0);
	CU_ASSERT(knob_is(m, "dirty_background_bytes", "0\n"));
	machine_free(m);
}

/* CommitLimit comes from the ratio or the kbytes, whichever was last set. */
static void test_overcommit_pair(void)
{
	struct machine *m = test_machine(1 * GiB, 1, 2);

	CU_ASSERT_EQUAL(write_knob(m, "overcommit_kbytes", "1000"), 0);
	CU_ASSERT(knob_is(m, "overcommit_ratio", "0\n"));
	CU_ASSERT_EQUAL(write_knob(m, "overcommit_ratio", "-7"), 0);
	CU_ASSERT(knob_is(m, "overcommit_kbytes", "0\n"));
	CU_ASSERT(knob_is(m, "overcommit_ratio", "-7\n"));
	CU_ASSERT_EQUAL(write_knob(m, "overcommit_memory", "3"), -EINVAL);
	CU_ASSERT(knob_is(m, "overcommit_memory", "0\n"));
	machine_free(m);
}

/* min_free_kbytes and watermark_scale_factor move every watermark. */
static void test_watermark_knobs(void)
{
	struct machine *m = test_machine(4 * GiB, 2, 4);

	CU_ASSERT_EQUAL(write_knob(m, "min_free_kbytes", "123456"), 0);
	CU_ASSERT_EQUAL(m->vm.user_min_free_kbytes, 123456);
	CU_ASSERT(knob_is(m, "min_free_kbytes", "123456\n"));
	assert_wmarks_follow_formula(m);
	CU_ASSERT_EQUAL(write_knob(m, "min_free_kbytes", "-1"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "watermark_scale_factor", "0"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "watermark_scale_factor", "3001"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "watermark_scale_factor", "1000"), 0);
	assert_wmarks_follow_formula(m);
	CU_ASSERT_EQUAL(write_knob(m, "min_free_kbytes", "0"), 0);
	assert_wmarks_follow_formula(m);
	machine_free(m);
}

/* Check zone i's protection against higher zones for the given ratio. */
static void assert_lowmem_reserve(const struct pglist_data *pgdat, int i, int ratio)
{
	const struct zone *zones = pgdat->node_zones;
	unsigned long acc = 0;

	for (int j = i + 1; j < MAX_NR_ZONES; j++) {
		acc += zones[j].managed_pages;
		long want = 0;
		if (ratio && zones[i].managed_pages)
			want = (long)(acc / (unsigned long)ratio);
		CU_ASSERT_EQUAL(zones[i].lowmem_reserve[j], want);
	}
}

/* An int vector: partial writes replace the leading entries, ratios
 * below 1 become 0, and (like the kernel's handler) bad text is ignored
 * after the values before it are applied. */
static void test_lowmem_reserve_ratio(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);
	const struct pglist_data *pgdat = m->node_data[0];

	CU_ASSERT(knob_is(m, "lowmem_reserve_ratio", "256\t256\t32\t0\t0\n"));
	assert_lowmem_reserve(pgdat, ZONE_DMA, 256);
	CU_ASSERT_EQUAL(write_knob(m, "lowmem_reserve_ratio", "128 128\t16\n"), 0);
	CU_ASSERT(knob_is(m, "lowmem_reserve_ratio", "128\t128\t16\t0\t0\n"));
	assert_lowmem_reserve(pgdat, ZONE_DMA, 128);
	assert_lowmem_reserve(pgdat, ZONE_DMA32, 128);
	CU_ASSERT(pgdat->node_zones[ZONE_DMA].lowmem_reserve[ZONE_DMA32] > 0);
	CU_ASSERT_EQUAL(write_knob(m, "lowmem_reserve_ratio", "-5 64"), 0);
	CU_ASSERT(knob_is(m, "lowmem_reserve_ratio", "0\t64\t16\t0\t0\n"));
	assert_lowmem_reserve(pgdat, ZONE_DMA, 0);
	assert_lowmem_reserve(pgdat, ZONE_DMA32, 64);
	CU_ASSERT_EQUAL(write_knob(m, "lowmem_reserve_ratio", "abc"), 0);
	CU_ASSERT_EQUAL(write_knob(m, "lowmem_reserve_ratio", "300 abc 7"), 0);
	CU_ASSERT(knob_is(m, "lowmem_reserve_ratio", "300\t64\t16\t0\t0\n"));
	assert_lowmem_reserve(pgdat, ZONE_DMA, 300);
	machine_free(m);
}

/* 0 or at least 8; a change resizes the per-cpu lists, 0 restores the
 * default sizing. */
static void test_percpu_pagelist_high_fraction(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);
	struct zone *normal = &m->node_data[0]->node_zones[ZONE_NORMAL];
	struct per_cpu_pages_cfg before = normal->pcp;

	CU_ASSERT_EQUAL(write_knob(m, "percpu_pagelist_high_fraction", "7"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "percpu_pagelist_high_fraction", "-1"), -EINVAL);
	CU_ASSERT(knob_is(m, "percpu_pagelist_high_fraction", "0\n"));
	CU_ASSERT_EQUAL(write_knob(m, "percpu_pagelist_high_fraction", "8"), 0);
	CU_ASSERT(knob_is(m, "percpu_pagelist_high_fraction", "8\n"));
	CU_ASSERT_NOT_EQUAL(normal->pcp.high_min, before.high_min);
	CU_ASSERT_EQUAL(write_knob(m, "percpu_pagelist_high_fraction", "0"), 0);
	CU_ASSERT_EQUAL(normal->pcp.high_min, before.high_min);
	CU_ASSERT_EQUAL(normal->pcp.high_max, before.high_max);
	machine_free(m);
}

/* numa_zonelist_order only checks its first letter; it stays "Node". */
static void test_numa_zonelist_order(void)
{
	struct machine *m = test_machine(1 * GiB, 1, 2);

	CU_ASSERT_EQUAL(write_knob(m, "numa_zonelist_order", "node"), 0);
	CU_ASSERT_EQUAL(write_knob(m, "numa_zonelist_order", "Default\n"), 0);
	CU_ASSERT_EQUAL(write_knob(m, "numa_zonelist_order", "zone"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "numa_zonelist_order", ""), -EINVAL);
	CU_ASSERT(knob_is(m, "numa_zonelist_order", "Node\n"));
	machine_free(m);
}

/* stat_refresh reads empty and takes any write; hugetlb_optimize_vmemmap
 * keeps any int as a bool. */
static void test_trigger_and_bool(void)
{
	struct machine *m = test_machine(1 * GiB, 1, 2);

	CU_ASSERT(knob_is(m, "stat_refresh", ""));
	CU_ASSERT_EQUAL(write_knob(m, "stat_refresh", "1\n"), 0);
	CU_ASSERT_EQUAL(write_knob(m, "hugetlb_optimize_vmemmap", "5"), 0);
	CU_ASSERT(knob_is(m, "hugetlb_optimize_vmemmap", "1\n"));
	CU_ASSERT_EQUAL(write_knob(m, "hugetlb_optimize_vmemmap", "0"), 0);
	CU_ASSERT(knob_is(m, "hugetlb_optimize_vmemmap", "0\n"));
	machine_free(m);
}

/* Turning numa_stat off clears the NUMA counters. */
static void test_numa_stat_off_clears(void)
{
	struct machine *m = test_machine(1 * GiB, 1, 2);
	struct zone *z = &m->node_data[0]->node_zones[ZONE_DMA32];

	count_numa_event(z, NUMA_HIT);
	CU_ASSERT_EQUAL(write_knob(m, "numa_stat", "1"), 0);
	CU_ASSERT_EQUAL(global_numa_event(m, NUMA_HIT), 1);
	CU_ASSERT_EQUAL(write_knob(m, "numa_stat", "2"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "numa_stat", "0"), 0);
	CU_ASSERT_EQUAL(global_numa_event(m, NUMA_HIT), 0);
	machine_free(m);
}

/* nr_hugepages resizes the pool; both names read the pool's size. */
static void test_nr_hugepages(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);

	CU_ASSERT_EQUAL(write_knob(m, "nr_hugepages", "4"), 0);
	CU_ASSERT(knob_is(m, "nr_hugepages", "4\n"));
	CU_ASSERT(knob_is(m, "nr_hugepages_mempolicy", "4\n"));
	CU_ASSERT_EQUAL(m->nr_huge_pages, 4);
	CU_ASSERT_EQUAL(write_knob(m, "nr_hugepages", "-1"), -EINVAL);
	CU_ASSERT_EQUAL(write_knob(m, "nr_hugepages_mempolicy", "1"), 0);
	CU_ASSERT(knob_is(m, "nr_hugepages", "1\n"));
	CU_ASSERT_EQUAL(m->nr_huge_pages, 1);
	machine_free(m);
}

void add_sysctl_suite(void)
{
	CU_pSuite s = CU_add_suite("sysctl", NULL, NULL);

	CU_add_test(s, "table matches MODES", test_table_matches_modes);
	CU_add_test(s, "defaults match reference", test_defaults_match_reference);
	CU_add_test(s, "reserve defaults", test_reserve_defaults);
	CU_add_test(s, "min_free_kbytes default", test_min_free_kbytes_default);
	CU_add_test(s, "int write syntax", test_int_write_syntax);
	CU_add_test(s, "int overflow", test_int_overflow);
	CU_add_test(s, "ulong write syntax", test_ulong_write_syntax);
	CU_add_test(s, "jiffies range", test_jiffies_range);
	CU_add_test(s, "drop_caches", test_drop_caches);
	CU_add_test(s, "compact_memory", test_compact_memory);
	CU_add_test(s, "dirty pairs", test_dirty_pairs);
	CU_add_test(s, "overcommit pair", test_overcommit_pair);
	CU_add_test(s, "watermark knobs", test_watermark_knobs);
	CU_add_test(s, "lowmem_reserve_ratio", test_lowmem_reserve_ratio);
	CU_add_test(s, "percpu_pagelist_high_fraction", test_percpu_pagelist_high_fraction);
	CU_add_test(s, "numa_zonelist_order", test_numa_zonelist_order);
	CU_add_test(s, "stat_refresh and bool", test_trigger_and_bool);
	CU_add_test(s, "numa_stat off clears", test_numa_stat_off_clears);
	CU_add_test(s, "nr_hugepages", test_nr_hugepages);
}
