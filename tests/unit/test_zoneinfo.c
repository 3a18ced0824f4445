/* /proc/zoneinfo, buddyinfo and pagetypeinfo: layout against the 6.18
 * reference, values against the zones they describe. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/render.h"
#include "model/gfp.h"
#include "model/machine.h"
#include "tests/unit/suites.h"

#define GiB (1ULL << 30)

/* pagetypeinfo's cap on a counted free list. */
#define FREE_LIST_COUNT_CAP 100000UL

/* Equal texts; on a mismatch the first differing line goes to stderr. */
static int same_text(const char *what, const char *got, const char *want)
{
	const char *g = got, *w = want;

	while (*g && *g == *w)
		g++, w++;
	if (!*g && !*w)
		return 1;
	while (g > got && g[-1] != '\n')
		g--, w--;
	fprintf(stderr, "\n%s differs:\n  got:  %.*s\n  want: %.*s\n", what,
		(int)strcspn(g, "\n"), g, (int)strcspn(w, "\n"), w);
	return 0;
}

/* Split text into blocks that each start at a line beginning "Node ";
 * returns the number of blocks, each malloc'd into blocks[]. */
static int split_zone_blocks(const char *text, char **blocks, int max)
{
	int n = 0;
	const char *start = text;

	while (*start && n < max) {
		const char *next = strstr(start + 1, "\nNode ");
		size_t len = next ? (size_t)(next + 1 - start) : strlen(start);

		blocks[n++] = strndup(start, len);
		start += len;
	}
	return n;
}

static void free_blocks(char **blocks, int n)
{
	for (int i = 0; i < n; i++)
		free(blocks[i]);
}

/* Parse the number that follows label in text; label must occur. */
static unsigned long value_after(const char *text, const char *label)
{
	const char *p = strstr(text, label);

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	return strtoul(p + strlen(label), NULL, 10);
}

/* The zone rendered as block i of zoneinfo (every zone, node by node). */
static const struct zone *zone_of_block(const struct machine *m, int i)
{
	return &m->node_data[i / MAX_NR_ZONES]->node_zones[i % MAX_NR_ZONES];
}

static int first_populated_zid(const struct pglist_data *pgdat)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (populated_zone(&pgdat->node_zones[zid]))
			return zid;
	return -1;
}

static void test_zoneinfo_shape_one_node(void)
{
	char *ref = test_reference("proc/zoneinfo");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
	char *want = test_digit_runs_to_hash(ref);
	unsigned long long sizes[] = {4 * GiB, 24 * GiB};

	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct machine *m = test_machine(sizes[i], 1, 2);
		char *text = test_render(show_zoneinfo, m, 0);
		char *got = test_digit_runs_to_hash(text);

		CU_ASSERT(same_text("zoneinfo shape", got, want));
		free(got);
		free(text);
		machine_free(m);
	}
	free(want);
	free(ref);
}

/* Two nodes: each zone's block has the shape of the reference block of
 * its kind (first populated of its node, populated, empty). */
static void test_zoneinfo_shape_two_nodes(void)
{
	char *ref = test_reference("proc/zoneinfo");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
	char *ref_shape = test_digit_runs_to_hash(ref);
	char *tpl[MAX_NR_ZONES];
	CU_ASSERT_EQUAL_FATAL(split_zone_blocks(ref_shape, tpl, MAX_NR_ZONES), MAX_NR_ZONES);
	/* reference: DMA first populated, DMA32 populated, Movable empty */
	const char *tpl_body[] = {strchr(tpl[ZONE_DMA], '\n'), strchr(tpl[ZONE_DMA32], '\n'),
				  strchr(tpl[ZONE_MOVABLE], '\n')};

	struct machine *m = test_machine(8 * GiB, 2, 2);
	char *text = test_render(show_zoneinfo, m, 0);
	char *got_shape = test_digit_runs_to_hash(text);
	char *got[2 * MAX_NR_ZONES];
	CU_ASSERT_EQUAL_FATAL(split_zone_blocks(got_shape, got, 2 * MAX_NR_ZONES),
			      2 * MAX_NR_ZONES);
	CU_ASSERT_PTR_NULL(strstr(text, "Node 2,"));

	for (int i = 0; i < 2 * MAX_NR_ZONES; i++) {
		const struct zone *z = zone_of_block(m, i);
		int kind = !populated_zone(z) ? 2
			   : (int)z->idx == first_populated_zid(z->zone_pgdat) ? 0 : 1;
		char header[64];

		snprintf(header, sizeof header, "Node %d, zone %8s\n", i / MAX_NR_ZONES, z->name);
		char *header_shape = test_digit_runs_to_hash(header);
		CU_ASSERT_EQUAL(strncmp(got[i], header_shape, strlen(header_shape)), 0);
		free(header_shape);
		CU_ASSERT(same_text(z->name, strchr(got[i], '\n'), tpl_body[kind]));
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Node 1, zone   Normal\n  per-node stats\n"));
	free_blocks(got, 2 * MAX_NR_ZONES);
	free_blocks(tpl, MAX_NR_ZONES);
	free(got_shape);
	free(text);
	free(ref_shape);
	free(ref);
	machine_free(m);
}

/* Every zone's "protection:" tuple is its lowmem_reserve[]. */
static void check_protection(struct machine *m)
{
	char *text = test_render(show_zoneinfo, m, 0);
	const char *p = text;
	const struct zone *z;

	for_each_zone(m, z) {
		p = strstr(p, "protection: (");
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
		p += strlen("protection: (");
		for (int j = 0; j < MAX_NR_ZONES; j++) {
			const char *sep = j + 1 < MAX_NR_ZONES ? ", " : ")\n";
			char *end;

			CU_ASSERT_EQUAL(strtol(p, &end, 10), z->lowmem_reserve[j]);
			CU_ASSERT_EQUAL_FATAL(strncmp(end, sep, strlen(sep)), 0);
			p = end + strlen(sep);
		}
	}
	CU_ASSERT_PTR_NULL(strstr(p, "protection"));
	free(text);
}

static void test_zoneinfo_protection(void)
{
	struct machine *m4 = test_machine(4 * GiB, 1, 2);
	struct machine *m8 = test_machine(8 * GiB, 2, 2);

	check_protection(m4);
	check_protection(m8);
	/* a populated zone with larger zones above it is protected */
	CU_ASSERT(m4->node_data[0]->node_zones[ZONE_DMA].lowmem_reserve[ZONE_NORMAL] > 0);
	machine_free(m4);
	machine_free(m8);
}

/* kernel-notes §2's worked example: the reference's managed counts with
 * min_free_kbytes 67584 give these marks and reserves. */
static void test_zoneinfo_worked_example(void)
{
	static const unsigned long managed[] = {3840, 772917, 327680, 0, 0};
	static const unsigned long marks[MAX_NR_ZONES][NR_WMARK] = {
		{58, 72, 86, 100}, {11824, 14780, 17736, 20692}, {5012, 6265, 7518, 8771},
		{32, 32, 32, 32}, {0, 0, 0, 0}};
	static const long reserve_dma[] = {0, 3019, 4299, 4299, 4299};
	static const long reserve_dma32[] = {0, 0, 1280, 1280, 1280};
	static const char *const labels[NR_WMARK] = {
		"\n        min      ", "\n        low      ", "\n        high     ",
		"\n        promo    "};
	static const int ratio[MAX_NR_ZONES] = {256, 256, 32, 0, 0};
	struct machine *m = test_machine(24 * GiB, 1, 2);
	struct pglist_data *pgdat = m->node_data[0];

	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		pgdat->node_zones[zid].managed_pages = managed[zid];
		m->vm.lowmem_reserve_ratio[zid] = ratio[zid];
	}
	m->vm.min_free_kbytes = 67584;
	m->vm.watermark_scale_factor = 10;
	setup_per_zone_wmarks(m);
	setup_per_zone_lowmem_reserve(m);

	char *text = test_render(show_zoneinfo, m, 0);
	char *blocks[MAX_NR_ZONES];
	CU_ASSERT_EQUAL_FATAL(split_zone_blocks(text, blocks, MAX_NR_ZONES), MAX_NR_ZONES);
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		const struct zone *z = &pgdat->node_zones[zid];

		for (int w = 0; w < NR_WMARK; w++) {
			CU_ASSERT_EQUAL(z->_watermark[w], marks[zid][w]);
			CU_ASSERT_EQUAL(value_after(blocks[zid], labels[w]), marks[zid][w]);
		}
		CU_ASSERT_EQUAL(value_after(blocks[zid], "\n        boost    "), 0);
	}
	for (int j = 0; j < MAX_NR_ZONES; j++) {
		CU_ASSERT_EQUAL(pgdat->node_zones[ZONE_DMA].lowmem_reserve[j], reserve_dma[j]);
		CU_ASSERT_EQUAL(pgdat->node_zones[ZONE_DMA32].lowmem_reserve[j], reserve_dma32[j]);
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(blocks[ZONE_DMA],
				      "protection: (0, 3019, 4299, 4299, 4299)\n"));
	check_protection(m);
	free_blocks(blocks, MAX_NR_ZONES);
	free(text);
	machine_free(m);
}

/* The pagesets of every populated zone list each CPU of the machine with
 * the zone's pcp sizing, and the vm stats threshold given. */
static void check_pagesets(struct machine *m, const int *threshold)
{
	char *text = test_render(show_zoneinfo, m, 0);
	char *blocks[MAX_NUMNODES * MAX_NR_ZONES];
	int n = split_zone_blocks(text, blocks, MAX_NUMNODES * MAX_NR_ZONES);

	CU_ASSERT_EQUAL_FATAL(n, m->nr_nodes * MAX_NR_ZONES);
	for (int i = 0; i < n; i++) {
		const struct zone *z = zone_of_block(m, i);
		const char *p = blocks[i];

		CU_ASSERT_EQUAL(strstr(p, "\n  pagesets\n") != NULL, populated_zone(z));
		for (int cpu = 0; populated_zone(z) && cpu <= m->nr_cpus; cpu++) {
			int c, count, high, batch, high_min, high_max, t;

			p = strstr(p, "\n    cpu: ");
			if (cpu == m->nr_cpus) {
				CU_ASSERT_PTR_NULL(p);
				break;
			}
			CU_ASSERT_PTR_NOT_NULL_FATAL(p);
			CU_ASSERT_EQUAL_FATAL(sscanf(p,
				"\n    cpu: %d\n              count:    %d"
				"\n              high:     %d\n              batch:    %d"
				"\n              high_min: %d\n              high_max: %d"
				"\n  vm stats threshold: %d", &c, &count, &high, &batch,
				&high_min, &high_max, &t), 7);
			CU_ASSERT_EQUAL(c, cpu);
			CU_ASSERT_EQUAL(count, 0);
			CU_ASSERT_EQUAL(high, z->pcp.high_min);
			CU_ASSERT_EQUAL(batch, z->pcp.batch);
			CU_ASSERT_EQUAL(high_min, z->pcp.high_min);
			CU_ASSERT_EQUAL(high_max, z->pcp.high_max);
			CU_ASSERT_EQUAL(t, threshold[z->idx]);
			p++;
		}
	}
	free_blocks(blocks, n);
	free(text);
}

static void test_zoneinfo_pagesets(void)
{
	/* 2*fls(cpus)*(1+fls(managed>>15)): DMA < 128 MiB, DMA32 2-4 GiB,
	 * Normal 16-32 GiB; the same rows as calculate_normal_threshold's
	 * table and the reference's 4 and 24. */
	static const int two_cpus[MAX_NR_ZONES] = {4, 24, 36};
	static const int one_cpu[MAX_NR_ZONES] = {2, 12, 18};
	/* 64 CPUs: 2*7*9 passes the cap of 125 on Normal */
	static const int many_cpus[MAX_NR_ZONES] = {14, 84, 125};
	struct machine *m;

	m = test_machine(24 * GiB, 1, 2);
	check_pagesets(m, two_cpus);
	machine_free(m);
	m = test_machine(24 * GiB, 1, 1);
	check_pagesets(m, one_cpu);
	machine_free(m);
	m = test_machine(24 * GiB, 1, 64);
	check_pagesets(m, many_cpus);
	machine_free(m);
}

/* A node whose kswapd has failed MAX_RECLAIM_RETRIES times shows as
 * unreclaimable in all its populated zones, and only that node. */
static void test_zoneinfo_node_unreclaimable(void)
{
	struct machine *m = test_machine(8 * GiB, 2, 2);
	char *text;

	m->node_data[1]->kswapd_failures = 15;
	text = test_render(show_zoneinfo, m, 0);
	CU_ASSERT_PTR_NULL(strstr(text, "node_unreclaimable:  1\n"));
	free(text);

	m->node_data[1]->kswapd_failures = 16;
	text = test_render(show_zoneinfo, m, 0);
	const char *node1 = strstr(text, "Node 1,");
	CU_ASSERT_PTR_NOT_NULL_FATAL(node1);
	CU_ASSERT(strstr(text, "node_unreclaimable:  1\n") > node1);
	CU_ASSERT(strstr(text, "node_unreclaimable:  0\n") < node1);
	CU_ASSERT_PTR_NULL(strstr(node1, "node_unreclaimable:  0\n"));
	free(text);
	machine_free(m);
}

/* Both fixed-width files of a one-node 24 GiB machine have the
 * reference's columns, line for line. */
static void test_fixed_width_shapes(void)
{
	static const char *const files[] = {"proc/buddyinfo", "proc/pagetypeinfo"};
	static const show_fn shows[] = {show_buddyinfo, show_pagetypeinfo};
	struct machine *m = test_machine(24 * GiB, 1, 2);

	for (int i = 0; i < 2; i++) {
		char *ref = test_reference(files[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
		char *text = test_render(shows[i], m, 0);
		char *want = test_digits_to_blanks(ref), *got = test_digits_to_blanks(text);

		CU_ASSERT(same_text(files[i], got, want));
		free(got);
		free(want);
		free(text);
		free(ref);
	}
	machine_free(m);
}

/* The lines of pagetypeinfo that carry no numbers of the machine are the
 * reference's, byte for byte, once per node with memory. */
static void test_pagetypeinfo_headers(void)
{
	char *ref = test_reference("proc/pagetypeinfo");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
	char *blocks_hdr = strstr(ref, "\nNumber of blocks type");
	CU_ASSERT_PTR_NOT_NULL_FATAL(blocks_hdr);
	char *head = strndup(ref, strstr(ref, "\nNode ") + 1 - ref);
	char *blocks_line = strndup(blocks_hdr, strcspn(blocks_hdr + 1, "\n") + 2);
	struct machine *m = test_machine(8 * GiB, 2, 2);
	char *text = test_render(show_pagetypeinfo, m, 0);

	CU_ASSERT_EQUAL(strncmp(text, head, strlen(head)), 0);
	const char *node1 = strstr(text + 1, head);
	CU_ASSERT_PTR_NOT_NULL_FATAL(node1);
	CU_ASSERT_PTR_NOT_NULL(strstr(node1, "Node    1, zone   Normal, type    Unmovable "));
	CU_ASSERT_PTR_NULL(strstr(node1 + 1, head));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, blocks_line));
	CU_ASSERT_PTR_NOT_NULL(strstr(node1, blocks_line));
	free(text);
	free(blocks_line);
	free(head);
	free(ref);
	machine_free(m);
}

/* What buddyinfo and pagetypeinfo print for one populated zone. */
struct zone_view {
	unsigned long buddy[NR_PAGE_ORDERS];
	char typed[MIGRATE_TYPES][NR_PAGE_ORDERS][16]; /* "12", ">100000" */
	unsigned long blocks[MIGRATE_TYPES];
};

/* Read n numeric fields (with an optional '>') after skip characters. */
static const char *read_fields(const char *line, size_t skip, int n, char (*fields)[16])
{
	const char *p = line + skip;

	for (int i = 0; i < n; i++) {
		int len = 0;

		CU_ASSERT_EQUAL_FATAL(sscanf(p, " %15[>0-9]%n", fields[i], &len), 1);
		p += len;
	}
	CU_ASSERT_EQUAL(strncmp(p, " \n", 2), 0);
	return p + 2;
}

/* Parse buddyinfo and pagetypeinfo into views[], one per populated zone in
 * for_each_zone order; returns their number. Each file is read with its
 * own cursor: buddyinfo's lines, pagetypeinfo's free lists, its blocks. */
static int read_zone_views(struct machine *m, struct zone_view *views, int max)
{
	char *buddy = test_render(show_buddyinfo, m, 0), *types = test_render(show_pagetypeinfo, m, 0);
	const char *bp = buddy, *fp = types, *cp = types;
	const struct zone *z;
	int n = 0;
	char f[NR_PAGE_ORDERS][16], prefix[64];

	for_each_zone(m, z) {
		if (!populated_zone(z))
			continue;
		CU_ASSERT_FATAL(n < max);
		int nid = z->zone_pgdat->node_id;

		snprintf(prefix, sizeof prefix, "Node %d, zone %8s ", nid, z->name);
		CU_ASSERT_EQUAL_FATAL(strncmp(bp, prefix, strlen(prefix)), 0);
		bp = read_fields(bp, strlen(prefix), NR_PAGE_ORDERS, f);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			views[n].buddy[o] = strtoul(f[o], NULL, 10);

		cp = strstr(cp, prefix);
		CU_ASSERT_PTR_NOT_NULL_FATAL(cp);
		CU_ASSERT_EQUAL(cp[-1], '\n');
		cp = read_fields(cp, strlen(prefix), MIGRATE_TYPES, f);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			views[n].blocks[mt] = strtoul(f[mt], NULL, 10);

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			snprintf(prefix, sizeof prefix, "Node %4d, zone %8s, type %12s ", nid,
				 z->name, migratetype_names[mt]);
			fp = strstr(fp, prefix);
			CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
			fp = read_fields(fp, strlen(prefix), NR_PAGE_ORDERS, views[n].typed[mt]);
		}
		n++;
	}
	CU_ASSERT_EQUAL(*bp, '\0');
	CU_ASSERT_EQUAL(*cp, '\0');
	free(buddy);
	free(types);
	return n;
}

/* buddyinfo prints nr_free; pagetypeinfo prints each list's length, capped
 * with '>'; both add up to the zone's free page counter; the block table
 * samples the zone span once per pageblock. */
static void check_zone_views(struct machine *m)
{
	struct zone_view views[MAX_NUMNODES * MAX_NR_ZONES];
	int n = read_zone_views(m, views, MAX_NUMNODES * MAX_NR_ZONES), i = 0;
	const struct zone *z;

	for_each_zone(m, z) {
		if (!populated_zone(z))
			continue;
		const struct zone_view *v = &views[i++];
		unsigned long pages = 0, blocks = 0;

		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			unsigned long nr_free = 0;

			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				unsigned long len = z->free_area[o].nr_free[mt];
				bool capped = len >= FREE_LIST_COUNT_CAP;
				char want[16];

				snprintf(want, sizeof want, "%s%lu", capped ? ">" : "",
					 capped ? FREE_LIST_COUNT_CAP : len);
				CU_ASSERT_STRING_EQUAL(v->typed[mt][o], want);
				nr_free += len;
			}
			CU_ASSERT_EQUAL(v->buddy[o], nr_free);
			pages += v->buddy[o] << o;
		}
		CU_ASSERT_EQUAL(pages, zone_page_state(z, NR_FREE_PAGES));
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			blocks += v->blocks[mt];
		unsigned long with_ram = 0;
		for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z);
		     pfn += pageblock_nr_pages)
			with_ram += pfn < m->e820.ram[m->e820.nr - 1].end &&
				    (pfn < m->e820.ram[1].end || pfn >= m->e820.ram[m->e820.nr - 1].start);
		CU_ASSERT_EQUAL(blocks, with_ram);
	}
	CU_ASSERT_EQUAL(i, n);
}

static void test_free_views_at_boot(void)
{
	struct machine *m = test_machine(4 * GiB, 1, 2);
	check_zone_views(m);
	machine_free(m);
	m = test_machine(24 * GiB, 1, 2);
	check_zone_views(m);
	machine_free(m);
	m = test_machine(8 * GiB, 2, 2);
	check_zone_views(m);
	machine_free(m);
}

/* Allocations of every order and kind take exactly their pages off their
 * zone's free counts in both files; freeing them all restores buddyinfo. */
static void test_free_views_follow_alloc_and_free(void)
{
	static const gfp_t gfps[] = {GFP_KERNEL, GFP_HIGHUSER_MOVABLE, GFP_KERNEL | __GFP_DMA,
				     GFP_ATOMIC, GFP_KERNEL | __GFP_RECLAIMABLE};
	/* every (gfp, order) pair once: 5 and 11 are coprime */
	enum { NR_ALLOCS = NR_PAGE_ORDERS * 5 };
	struct machine *m = test_machine(4 * GiB, 1, 2);
	unsigned long pfn[NR_ALLOCS], free_before[MAX_NR_ZONES], taken[MAX_NR_ZONES] = {0};
	char *buddy_before = test_render(show_buddyinfo, m, 0);

	struct zone *zones = m->node_data[0]->node_zones;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		free_before[zid] = zone_page_state(&zones[zid], NR_FREE_PAGES);
	for (int i = 0; i < NR_ALLOCS; i++) {
		unsigned int order = i % NR_PAGE_ORDERS;

		pfn[i] = alloc_pages(m, gfps[i % 5], order, -1);
		CU_ASSERT_NOT_EQUAL_FATAL(pfn[i], PFN_NONE);
		taken[page_zone(m, pfn[i])->idx] += 1UL << order;
	}
	check_zone_views(m);
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		CU_ASSERT_EQUAL(zone_page_state(&zones[zid], NR_FREE_PAGES),
				free_before[zid] - taken[zid]);
	CU_ASSERT(taken[ZONE_DMA] > 0);

	for (int i = NR_ALLOCS - 1; i >= 0; i--)
		free_pages(m, pfn[i], i % NR_PAGE_ORDERS);
	check_zone_views(m);
	char *buddy_after = test_render(show_buddyinfo, m, 0);
	CU_ASSERT(same_text("buddyinfo after freeing all", buddy_after, buddy_before));
	free(buddy_after);
	free(buddy_before);
	machine_free(m);
}

static int cmp_pfn(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return (x > y) - (x < y);
}

/* A list of 100000 blocks or more prints as ">100000": over 100000 single
 * free pages that cannot merge (each one's buddy stays allocated), and the
 * order-10 blocks of a 512 GiB machine at boot. */
static void test_pagetypeinfo_caps_long_lists(void)
{
	enum { NR_ALLOCS = 400000 };
	struct machine *m = test_machine(4 * GiB, 1, 2);
	unsigned long *pfn = malloc(NR_ALLOCS * sizeof *pfn);

	for (int i = 0; i < NR_ALLOCS; i++) {
		pfn[i] = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 0, -1);
		CU_ASSERT_NOT_EQUAL_FATAL(pfn[i], PFN_NONE);
	}
	qsort(pfn, NR_ALLOCS, sizeof *pfn, cmp_pfn);
	for (int i = 0; i + 1 < NR_ALLOCS; i++)
		if (pfn[i] % 2 == 0 && pfn[i + 1] == pfn[i] + 1)
			free_pages(m, pfn[i], 0);

	char *text = test_render(show_pagetypeinfo, m, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "      Movable >100000      "));
	free(text);
	check_zone_views(m);
	free(pfn);
	machine_free(m);

	m = test_machine(512 * GiB, 1, 2);
	text = test_render(show_pagetypeinfo, m, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "      Movable      0      0      0      0      0"
					    "      0      0      0      0      0 >100000 \n"));
	free(text);
	check_zone_views(m);
	machine_free(m);
}

void add_zoneinfo_suite(void)
{
	CU_pSuite s = CU_add_suite("zoneinfo", NULL, NULL);

	CU_add_test(s, "zoneinfo shape, one node", test_zoneinfo_shape_one_node);
	CU_add_test(s, "zoneinfo shape, two nodes", test_zoneinfo_shape_two_nodes);
	CU_add_test(s, "protection is lowmem_reserve", test_zoneinfo_protection);
	CU_add_test(s, "kernel-notes worked example", test_zoneinfo_worked_example);
	CU_add_test(s, "pagesets and thresholds", test_zoneinfo_pagesets);
	CU_add_test(s, "node_unreclaimable", test_zoneinfo_node_unreclaimable);
	CU_add_test(s, "buddyinfo, pagetypeinfo columns", test_fixed_width_shapes);
	CU_add_test(s, "pagetypeinfo headers", test_pagetypeinfo_headers);
	CU_add_test(s, "free views at boot", test_free_views_at_boot);
	CU_add_test(s, "free views follow alloc/free", test_free_views_follow_alloc_and_free);
	CU_add_test(s, "pagetypeinfo caps long lists", test_pagetypeinfo_caps_long_lists);
}
