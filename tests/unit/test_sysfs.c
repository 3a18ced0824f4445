/* sysfs: the transparent_hugepage files against the reference and the
 * kernel's store rules, khugepaged's effect on min_free_kbytes, and the
 * node masks and CPU lists for various machine shapes. */
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

static const char *const thp_file_names[NR_THP_FILES] = {
	[THP_FILE_ENABLED] = "enabled",
	[THP_FILE_DEFRAG] = "defrag",
	[THP_FILE_SHMEM_ENABLED] = "shmem_enabled",
	[THP_FILE_USE_ZERO_PAGE] = "use_zero_page",
	[THP_FILE_SHRINK_UNDERUSED] = "shrink_underused",
	[THP_FILE_HPAGE_PMD_SIZE] = "hpage_pmd_size",
};

/* Does show(m, arg) print exactly want? */
static int shows(show_fn show, struct machine *m, long arg, const char *want)
{
	struct buf out = BUF_INIT;
	int same;

	CU_ASSERT_EQUAL(show(m, arg, &out), 0);
	buf_write(&out, "", 0);
	same = !strcmp(out.data, want);
	if (!same)
		fprintf(stderr, "\nread \"%s\", want \"%s\"\n", out.data, want);
	buf_free(&out);
	return same;
}

/* One write(2) of text to a THP file. */
static int write_thp(struct machine *m, enum thp_file file, const char *text)
{
	return store_thp(m, file, text, strlen(text), NULL);
}

/* Does a THP file read as the reference machine's? */
static int thp_file_is_reference(struct machine *m, enum thp_file file)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "sys/kernel/mm/transparent_hugepage/%s", thp_file_names[file]);
	char *want = test_reference(rel);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	int same = shows(show_thp, m, file, want);
	free(want);
	return same;
}

/* Boot a one-node machine of ram bytes with THP set to thp. */
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

/* The reference machine's defaults: THP madvise, defrag madvise. */
static void test_thp_defaults_match_reference(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);

	for (int f = 0; f < NR_THP_FILES; f++)
		CU_ASSERT(thp_file_is_reference(m, f));
	machine_free(m);
}

/* Under 512 MiB boot switches THP off whatever the config says. */
static void test_thp_off_on_small_machines(void)
{
	struct machine *m = thp_machine(256 * MiB, THP_ALWAYS);

	CU_ASSERT(shows(show_thp, m, THP_FILE_ENABLED, "always madvise [never]\n"));
	CU_ASSERT(shows(show_thp, m, THP_FILE_DEFRAG,
			"always defer defer+madvise madvise [never]\n"));
	CU_ASSERT(shows(show_thp, m, THP_FILE_USE_ZERO_PAGE, "0\n"));
	CU_ASSERT(shows(show_thp, m, THP_FILE_SHRINK_UNDERUSED, "1\n"));
	machine_free(m);
}

/* enabled and defrag take exactly their words, one trailing newline
 * allowed (sysfs_streq()); anything else is EINVAL and changes nothing. */
static void test_thp_enabled_defrag_words(void)
{
	static const char *const bad[] = { "", "\n", "Always", "alway", "always ", " always",
					   "always\n\n", "always\nx", "inherit" };
	struct machine *m = test_machine(4 * GiB, 1, 2);

	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_ENABLED, "always"), 0);
	CU_ASSERT(shows(show_thp, m, THP_FILE_ENABLED, "[always] madvise never\n"));
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_ENABLED, "never\n"), 0);
	CU_ASSERT(shows(show_thp, m, THP_FILE_ENABLED, "always madvise [never]\n"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL(write_thp(m, THP_FILE_ENABLED, bad[i]), -EINVAL);
		CU_ASSERT_EQUAL(write_thp(m, THP_FILE_DEFRAG, bad[i]), -EINVAL);
	}
	CU_ASSERT(shows(show_thp, m, THP_FILE_ENABLED, "always madvise [never]\n"));
	CU_ASSERT(thp_file_is_reference(m, THP_FILE_DEFRAG));
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_DEFRAG, "defer+madvise\n"), 0);
	CU_ASSERT(shows(show_thp, m, THP_FILE_DEFRAG,
			"always defer [defer+madvise] madvise never\n"));
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_DEFRAG, "defer+"), -EINVAL);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_DEFRAG, "defer"), 0);
	CU_ASSERT(shows(show_thp, m, THP_FILE_DEFRAG,
			"always [defer] defer+madvise madvise never\n"));
	machine_free(m);
}

/* shmem_enabled takes its six words, deny and force included, from a
 * write of at most 15 bytes. */
static void test_shmem_enabled_words(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);

	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_SHMEM_ENABLED, "deny"), 0);
	CU_ASSERT(shows(show_thp, m, THP_FILE_SHMEM_ENABLED,
			"always within_size advise never [deny] force\n"));
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_SHMEM_ENABLED, "force\n"), 0);
	CU_ASSERT(shows(show_thp, m, THP_FILE_SHMEM_ENABLED,
			"always within_size advise never deny [force]\n"));
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_SHMEM_ENABLED, "within_size\n"), 0);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_SHMEM_ENABLED, "within_size    "), -EINVAL);
	/* The text after a NUL is never compared, but it counts for length. */
	CU_ASSERT_EQUAL(store_thp(m, THP_FILE_SHMEM_ENABLED, "advise\0xxxxxxxx", 15, NULL), 0);
	CU_ASSERT_EQUAL(store_thp(m, THP_FILE_SHMEM_ENABLED, "never\0xxxxxxxxxx", 16, NULL),
			-EINVAL);
	CU_ASSERT(shows(show_thp, m, THP_FILE_SHMEM_ENABLED,
			"always within_size [advise] never deny force\n"));
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_SHMEM_ENABLED, "within_size\n"), 0);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_SHMEM_ENABLED, "inherit"), -EINVAL);
	CU_ASSERT(shows(show_thp, m, THP_FILE_SHMEM_ENABLED,
			"always [within_size] advise never deny force\n"));
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_SHMEM_ENABLED, "never"), 0);
	CU_ASSERT(thp_file_is_reference(m, THP_FILE_SHMEM_ENABLED));
	machine_free(m);
}

/* use_zero_page parses with kstrtoul (0 or 1), shrink_underused with
 * kstrtobool; hpage_pmd_size is read-only. */
static void test_thp_flags(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);

	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_USE_ZERO_PAGE, "0"), 0);
	CU_ASSERT(shows(show_thp, m, THP_FILE_USE_ZERO_PAGE, "0\n"));
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_USE_ZERO_PAGE, "+1\n"), 0);
	CU_ASSERT(shows(show_thp, m, THP_FILE_USE_ZERO_PAGE, "1\n"));
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_USE_ZERO_PAGE, "00"), 0);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_USE_ZERO_PAGE, "2"), -EINVAL);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_USE_ZERO_PAGE, "-1"), -EINVAL);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_USE_ZERO_PAGE, " 1"), -EINVAL);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_USE_ZERO_PAGE, "0x1"), -EINVAL);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_USE_ZERO_PAGE, ""), -EINVAL);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_USE_ZERO_PAGE, "99999999999999999999"), -ERANGE);
	CU_ASSERT(shows(show_thp, m, THP_FILE_USE_ZERO_PAGE, "0\n"));

	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_SHRINK_UNDERUSED, "off"), 0);
	CU_ASSERT(shows(show_thp, m, THP_FILE_SHRINK_UNDERUSED, "0\n"));
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_SHRINK_UNDERUSED, "yes please"), 0);
	CU_ASSERT(shows(show_thp, m, THP_FILE_SHRINK_UNDERUSED, "1\n"));
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_SHRINK_UNDERUSED, "0"), 0);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_SHRINK_UNDERUSED, "2"), -EINVAL);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_SHRINK_UNDERUSED, "o"), -EINVAL);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_SHRINK_UNDERUSED, ""), -EINVAL);
	CU_ASSERT(shows(show_thp, m, THP_FILE_SHRINK_UNDERUSED, "0\n"));

	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_HPAGE_PMD_SIZE, "4096"), -EACCES);
	CU_ASSERT(shows(show_thp, m, THP_FILE_HPAGE_PMD_SIZE, "2097152\n"));
	machine_free(m);
}

/* nr_free_buffer_pages() now, as the kernel computes it. */
static unsigned long lowmem_free_pages(const struct machine *m)
{
	const struct zone *z;
	unsigned long pages = 0;

	for_each_zone(m, z)
		if (z->idx <= ZONE_NORMAL && z->managed_pages > z->_watermark[WMARK_HIGH])
			pages += z->managed_pages - z->_watermark[WMARK_HIGH];
	return pages;
}

/* khugepaged's min_free_kbytes: 2 + 3*3 pageblocks per populated zone up
 * to Normal, capped at 5% of lowmem. */
static int recommended_min_free_kbytes(const struct machine *m)
{
	const struct zone *z;
	unsigned long nr_zones = 0;

	for_each_zone(m, z)
		nr_zones += populated_zone(z) && z->idx <= ZONE_NORMAL;
	unsigned long rec = 512 * nr_zones * 2 + 512 * nr_zones * 3 * 3;
	unsigned long cap = lowmem_free_pages(m) / 20;
	return (int)((rec < cap ? rec : cap) * 4);
}

/* floor(4 * sqrt(lowmem kB)): calculate_min_free_kbytes() off THP. */
static int sqrt_rule(const struct machine *m)
{
	unsigned long x = lowmem_free_pages(m) * 4 * 16, r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return (int)r;
}

/* Turning THP on starts khugepaged, which raises min_free_kbytes to its
 * recommendation and moves the watermarks; off, the sqrt rule returns. */
static void test_thp_enable_moves_min_free_kbytes(void)
{
	struct machine *m = thp_machine(4 * GiB, THP_NEVER);
	struct zone *dma32 = &m->node_data[0]->node_zones[ZONE_DMA32];
	unsigned long low_before = dma32->_watermark[WMARK_LOW];
	int want = recommended_min_free_kbytes(m);

	CU_ASSERT(want > m->vm.min_free_kbytes);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_ENABLED, "always\n"), 0);
	CU_ASSERT_EQUAL(m->vm.min_free_kbytes, want);
	CU_ASSERT_EQUAL(m->vm.min_free_kbytes, 67584);
	CU_ASSERT(dma32->_watermark[WMARK_LOW] > low_before);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_ENABLED, "madvise"), 0);
	CU_ASSERT_EQUAL(m->vm.min_free_kbytes, 67584);
	want = sqrt_rule(m);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_ENABLED, "never"), 0);
	CU_ASSERT_EQUAL(m->vm.min_free_kbytes, want);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_ENABLED, "bogus"), -EINVAL);
	CU_ASSERT_EQUAL(m->vm.min_free_kbytes, want);
	machine_free(m);
}

/* On a small machine the 5% cap decides; a user's larger value stays
 * through THP on and off. */
static void test_thp_min_free_kbytes_cap_and_user(void)
{
	struct machine *m = thp_machine(512 * MiB, THP_NEVER);
	int want = recommended_min_free_kbytes(m);

	CU_ASSERT(want < 5632 * 2 * 4);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_ENABLED, "always"), 0);
	CU_ASSERT_EQUAL(m->vm.min_free_kbytes, want);
	CU_ASSERT_EQUAL(store_sysctl(m, sysctl_find("min_free_kbytes") - vm_table, "30000", 5,
				     NULL), 0);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_ENABLED, "never"), 0);
	CU_ASSERT_EQUAL(m->vm.min_free_kbytes, 30000);
	CU_ASSERT_EQUAL(write_thp(m, THP_FILE_ENABLED, "always"), 0);
	CU_ASSERT_EQUAL(m->vm.min_free_kbytes, 30000);
	machine_free(m);
}

/* The reference machine's node directory: one node, CPUs 0-1. */
static void test_node_files_match_reference(void)
{
	static const char *const state_files[NR_NODE_STATES] = {
		[N_POSSIBLE] = "possible", [N_ONLINE] = "online",
		[N_NORMAL_MEMORY] = "has_normal_memory", [N_MEMORY] = "has_memory",
		[N_CPU] = "has_cpu",
	};
	static const struct {
		const char *file;
		show_fn show;
	} node0_files[] = {
		{ "cpulist", show_node_cpulist },
		{ "cpumap", show_node_cpumap },
		{ "distance", show_node_distance },
	};
	struct machine *m = test_machine(4 * GiB, 1, 2);
	char rel[128];

	for (int s = 0; s < NR_NODE_STATES; s++) {
		snprintf(rel, sizeof(rel), "sys/devices/system/node/%s", state_files[s]);
		char *want = test_reference(rel);
		CU_ASSERT_PTR_NOT_NULL_FATAL(want);
		CU_ASSERT(shows(show_node_state, m, s, want));
		free(want);
	}
	for (size_t i = 0; i < sizeof(node0_files) / sizeof(node0_files[0]); i++) {
		snprintf(rel, sizeof(rel), "sys/devices/system/node/node0/%s", node0_files[i].file);
		char *want = test_reference(rel);
		CU_ASSERT_PTR_NOT_NULL_FATAL(want);
		CU_ASSERT(shows(node0_files[i].show, m, 0, want));
		free(want);
	}
	machine_free(m);
}

/* CPU lists and masks: one CPU, two nodes, a node with no CPU, and masks
 * wider than one 32-bit group. */
static void test_node_cpu_formats(void)
{
	struct machine *m = test_machine(1 * GiB, 1, 1);
	CU_ASSERT(shows(show_node_cpulist, m, 0, "0\n"));
	CU_ASSERT(shows(show_node_cpumap, m, 0, "1\n"));
	machine_free(m);

	m = test_machine(4 * GiB, 2, 4);
	CU_ASSERT(shows(show_node_state, m, N_ONLINE, "0-1\n"));
	CU_ASSERT(shows(show_node_state, m, N_MEMORY, "0-1\n"));
	CU_ASSERT(shows(show_node_cpulist, m, 1, "2-3\n"));
	CU_ASSERT(shows(show_node_cpumap, m, 1, "c\n"));
	CU_ASSERT(shows(show_node_distance, m, 0, "10 20\n"));
	CU_ASSERT(shows(show_node_distance, m, 1, "20 10\n"));
	machine_free(m);

	m = test_machine(4 * GiB, 3, 2);
	CU_ASSERT(shows(show_node_state, m, N_POSSIBLE, "0-2\n"));
	CU_ASSERT(shows(show_node_state, m, N_CPU, "0-1\n"));
	CU_ASSERT(shows(show_node_cpulist, m, 2, "\n"));
	CU_ASSERT(shows(show_node_cpumap, m, 2, "0\n"));
	CU_ASSERT(shows(show_node_distance, m, 2, "20 20 10\n"));
	machine_free(m);

	m = test_machine(4 * GiB, 2, 40);
	CU_ASSERT(shows(show_node_cpulist, m, 0, "0-19\n"));
	CU_ASSERT(shows(show_node_cpumap, m, 0, "00,000fffff\n"));
	CU_ASSERT(shows(show_node_cpulist, m, 1, "20-39\n"));
	CU_ASSERT(shows(show_node_cpumap, m, 1, "ff,fff00000\n"));
	machine_free(m);

	m = test_machine(1 * GiB, 1, 32);
	CU_ASSERT(shows(show_node_cpumap, m, 0, "ffffffff\n"));
	machine_free(m);

	m = test_machine(1 * GiB, 1, 33);
	CU_ASSERT(shows(show_node_cpulist, m, 0, "0-32\n"));
	CU_ASSERT(shows(show_node_cpumap, m, 0, "1,ffffffff\n"));
	machine_free(m);
}

void add_sysfs_suite(void)
{
	CU_pSuite s = CU_add_suite("sysfs", NULL, NULL);

	CU_add_test(s, "THP defaults match reference", test_thp_defaults_match_reference);
	CU_add_test(s, "THP off under 512 MiB", test_thp_off_on_small_machines);
	CU_add_test(s, "THP enabled and defrag words", test_thp_enabled_defrag_words);
	CU_add_test(s, "shmem_enabled words", test_shmem_enabled_words);
	CU_add_test(s, "THP flags", test_thp_flags);
	CU_add_test(s, "THP enabled moves min_free_kbytes",
		    test_thp_enable_moves_min_free_kbytes);
	CU_add_test(s, "THP min_free_kbytes cap and user value",
		    test_thp_min_free_kbytes_cap_and_user);
	CU_add_test(s, "node files match reference", test_node_files_match_reference);
	CU_add_test(s, "node CPU formats", test_node_cpu_formats);
}
