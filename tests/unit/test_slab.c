/* The slab allocator: cache geometry against the 6.18 reference slabinfo
 * and kernel-notes §6, slabinfo's layout, and the pages slabs take from
 * and give back to the buddy allocator, as meminfo and slabinfo show them. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/render.h"
#include "model/gfp.h"
#include "model/machine.h"
#include "model/slab.h"
#include "tests/unit/suites.h"

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

/* One slabinfo row. */
struct slab_row {
	char name[64];
	unsigned long active_objs, num_objs;
	unsigned int objsize, objperslab, pagesperslab;
	unsigned long active_slabs, num_slabs;
};

/* Parse line as a slabinfo row; false for the header or a malformed line. */
static bool parse_row(const char *line, struct slab_row *r)
{
	return sscanf(line,
		      "%63s %lu %lu %u %u %u : tunables %*u %*u %*u : slabdata %lu %lu %*u",
		      r->name, &r->active_objs, &r->num_objs, &r->objsize, &r->objperslab,
		      &r->pagesperslab, &r->active_slabs, &r->num_slabs) == 8;
}

/* The row of cache name in slabinfo text, and its line number; -1 if absent. */
static int find_row(const char *text, const char *name, struct slab_row *r)
{
	int nr = 0;
	for (const char *line = text; *line; nr++) {
		if (parse_row(line, r) && !strcmp(r->name, name))
			return nr;
		const char *eol = strchr(line, '\n');
		if (!eol)
			break;
		line = eol + 1;
	}
	return -1;
}

/* Cache id's row in m's slabinfo now. */
static struct slab_row slabinfo_row(struct machine *m, enum kmem_cache_id id)
{
	struct slab_row r = {0};
	char *text = test_render(show_slabinfo, m, 0);
	CU_ASSERT(find_row(text, kmem_cache_get(m, id)->name, &r) >= 0);
	free(text);
	return r;
}

/* A meminfo line's value in kB, as show_meminfo prints it. */
static unsigned long meminfo_kb(struct machine *m, const char *label)
{
	char *text = test_render(show_meminfo, m, 0);
	const char *line = strstr(text, label);
	unsigned long kb = 0;
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	CU_ASSERT_EQUAL(sscanf(line + strlen(label), "%lu kB", &kb), 1);
	free(text);
	return kb;
}

static unsigned long free_pages_now(struct machine *m)
{
	return global_zone_page_state(m, NR_FREE_PAGES);
}

/* Does the cache of row id print a row of its own (not merged away)? */
static bool has_row(struct machine *m, enum kmem_cache_id id)
{
	return kmem_cache_get(m, id)->id == id;
}

/* Do lines a and b match up to their newlines, every digit read as a
 * blank? Then their fixed-width columns line up. */
static bool same_shape(const char *a, const char *b)
{
	for (; *a != '\n' || *b != '\n'; a++, b++) {
		char x = isdigit((unsigned char)*a) ? ' ' : *a;
		char y = isdigit((unsigned char)*b) ? ' ' : *b;
		if (x != y)
			return false;
	}
	return true;
}

/* The header matches the reference byte for byte, and every row has the
 * column layout of the reference row of the same cache. */
static void test_slabinfo_layout(void)
{
	char *want = test_reference("proc/slabinfo");
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	struct machine *m = test_machine(4 * GiB, 1, 2);
	char *got = test_render(show_slabinfo, m, 0);

	const char *want_rows = strchr(strchr(want, '\n') + 1, '\n') + 1;
	size_t header_len = (size_t)(want_rows - want);
	CU_ASSERT_EQUAL(strncmp(got, want, header_len), 0);

	for (const char *line = got + header_len; *line; line = strchr(line, '\n') + 1) {
		struct slab_row r, ref;
		CU_ASSERT_FATAL(parse_row(line, &r));
		int at = find_row(want, r.name, &ref);
		CU_ASSERT_FATAL(at >= 0);
		const char *ref_line = want;
		while (at--)
			ref_line = strchr(ref_line, '\n') + 1;
		CU_ASSERT(same_shape(line, ref_line));
	}
	free(got);
	free(want);
	machine_free(m);
}

/* On 2 CPUs every cache's slot size, objects and pages per slab equal the
 * reference's, its rows come in the reference's order, and the caches the
 * kernel merges (cred into pid, fs_cache into anon_vma_chain) have none. */
static void test_geometry_matches_reference(void)
{
	char *want = test_reference("proc/slabinfo");
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	struct machine *m = test_machine(4 * GiB, 1, 2);
	char *got = test_render(show_slabinfo, m, 0);
	int last = -1, rows = 0;

	for (int id = NR_KMEM_CACHES - 1; id >= 0; id--) {
		const struct kmem_cache *s = kmem_cache_get(m, (enum kmem_cache_id)id);
		struct slab_row r, ref;
		if (!has_row(m, (enum kmem_cache_id)id))
			continue;
		CU_ASSERT_FATAL(find_row(got, s->name, &r) >= 0);
		int at = find_row(want, s->name, &ref);
		CU_ASSERT_FATAL(at >= 0);
		CU_ASSERT(at > last);
		last = at;
		rows++;
		CU_ASSERT_EQUAL(r.objsize, ref.objsize);
		CU_ASSERT_EQUAL(r.objperslab, ref.objperslab);
		CU_ASSERT_EQUAL(r.pagesperslab, ref.pagesperslab);
	}
	struct slab_row r;
	CU_ASSERT_PTR_EQUAL(kmem_cache_get(m, KMEM_CRED), kmem_cache_get(m, KMEM_PID));
	CU_ASSERT_PTR_EQUAL(kmem_cache_get(m, KMEM_FS), kmem_cache_get(m, KMEM_ANON_VMA_CHAIN));
	CU_ASSERT_EQUAL(find_row(got, "cred", &r), -1);
	CU_ASSERT_EQUAL(find_row(got, "fs_cache", &r), -1);
	CU_ASSERT_EQUAL(rows, NR_KMEM_CACHES - 2);
	free(got);
	free(want);
	machine_free(m);
}

/* Objects and pages per slab on 4, 8 and 64 CPUs (kernel-notes §6). */
struct cpu_geometry {
	enum kmem_cache_id id;
	struct {
		unsigned int objects, pages;
	} at[3];
};

static const int geometry_cpus[3] = {4, 8, 64};

static const struct cpu_geometry geometry_table[] = {
	{KMEM_TASK_STRUCT, {{5, 8}, {5, 8}, {5, 8}}},
	{KMEM_MM_STRUCT, {{20, 8}, {20, 8}, {20, 8}}},
	{KMEM_VM_AREA, {{21, 1}, {21, 1}, {42, 2}}},
	{KMEM_ANON_VMA, {{39, 1}, {39, 1}, {39, 1}}},
	{KMEM_ANON_VMA_CHAIN, {{64, 1}, {64, 1}, {64, 1}}},
	{KMEM_RADIX_TREE_NODE, {{28, 4}, {28, 4}, {56, 8}}},
	{KMEM_DENTRY, {{21, 1}, {21, 1}, {42, 2}}},
	{KMEM_INODE, {{26, 4}, {26, 4}, {52, 8}}},
	{KMEM_FILP, {{21, 1}, {21, 1}, {42, 2}}},
	{KMEM_BUFFER_HEAD, {{39, 1}, {39, 1}, {39, 1}}},
	{KMEM_SIGNAL, {{28, 8}, {28, 8}, {28, 8}}},
	{KMEM_SIGHAND, {{15, 8}, {15, 8}, {15, 8}}},
	{KMEM_KMALLOC_8, {{512, 1}, {512, 1}, {512, 1}}},
	{KMEM_KMALLOC_16, {{256, 1}, {256, 1}, {256, 1}}},
	{KMEM_KMALLOC_32, {{128, 1}, {128, 1}, {128, 1}}},
	{KMEM_KMALLOC_64, {{64, 1}, {64, 1}, {64, 1}}},
	{KMEM_KMALLOC_96, {{42, 1}, {42, 1}, {42, 1}}},
	{KMEM_KMALLOC_128, {{32, 1}, {32, 1}, {32, 1}}},
	{KMEM_KMALLOC_192, {{21, 1}, {21, 1}, {42, 2}}},
	{KMEM_KMALLOC_256, {{16, 1}, {32, 2}, {32, 2}}},
	{KMEM_KMALLOC_512, {{16, 2}, {32, 4}, {32, 4}}},
	{KMEM_KMALLOC_1K, {{16, 4}, {32, 8}, {32, 8}}},
	{KMEM_KMALLOC_2K, {{16, 8}, {16, 8}, {16, 8}}},
	{KMEM_KMALLOC_4K, {{8, 8}, {8, 8}, {8, 8}}},
	{KMEM_KMALLOC_8K, {{4, 8}, {4, 8}, {4, 8}}},
};

/* The slab order follows the CPU count as calculate_order() says. */
static void test_geometry_follows_cpus(void)
{
	for (int c = 0; c < 3; c++) {
		struct machine *m = test_machine(4 * GiB, 1, geometry_cpus[c]);
		for (size_t i = 0; i < sizeof(geometry_table) / sizeof(geometry_table[0]); i++) {
			const struct cpu_geometry *g = &geometry_table[i];
			struct slab_row r = slabinfo_row(m, g->id);
			if (r.objperslab != g->at[c].objects || r.pagesperslab != g->at[c].pages)
				fprintf(stderr, "\n%s on %d CPUs: %u/%u, want %u/%u\n", r.name,
					geometry_cpus[c], r.objperslab, r.pagesperslab,
					g->at[c].objects, g->at[c].pages);
			CU_ASSERT_EQUAL(r.objperslab, g->at[c].objects);
			CU_ASSERT_EQUAL(r.pagesperslab, g->at[c].pages);
		}
		machine_free(m);
	}
}

/* Boot charges one kmem_cache object per cache that has a row and one
 * kmem_cache_node object per such cache and node, and nothing else; the
 * pages are unreclaimable slab memory. */
static void test_boot_population(void)
{
	for (int nodes = 1; nodes <= 2; nodes++) {
		struct machine *m = test_machine(4 * GiB, nodes, 2);
		unsigned long caches = 0, pages = 0;
		for (int id = 0; id < NR_KMEM_CACHES; id++)
			caches += has_row(m, (enum kmem_cache_id)id);

		for (int id = 0; id < NR_KMEM_CACHES; id++) {
			if (!has_row(m, (enum kmem_cache_id)id))
				continue;
			struct slab_row r = slabinfo_row(m, (enum kmem_cache_id)id);
			unsigned long want = 0;
			if (id == KMEM_KMEM_CACHE)
				want = DIV_ROUND_UP(caches, r.objperslab);
			else if (id == KMEM_KMEM_CACHE_NODE)
				want = (unsigned long)nodes * DIV_ROUND_UP(caches, r.objperslab);
			CU_ASSERT_EQUAL(r.num_slabs, want);
			pages += r.num_slabs * r.pagesperslab;
		}
		CU_ASSERT(pages > 0);
		CU_ASSERT_EQUAL(global_node_page_state(m, NR_SLAB_UNRECLAIMABLE), pages);
		CU_ASSERT_EQUAL(global_node_page_state(m, NR_SLAB_RECLAIMABLE), 0);
		CU_ASSERT_EQUAL(meminfo_kb(m, "Slab:"), pages * 4);
		CU_ASSERT_EQUAL(meminfo_kb(m, "SUnreclaim:"), pages * 4);
		machine_free(m);
	}
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
	return (x > y) - (x < y);
}

#define NR_VMAS 1000

/* 1000 vm_area_structs take whole slabs from the buddy allocator, seen in
 * slabinfo, SUnreclaim and MemFree; freeing them all keeps min_partial - 1
 * empty partial slabs plus the CPU slab and returns the rest. */
static void test_vma_slabs_come_and_go(void)
{
	struct machine *m = test_machine(GiB, 1, 2);
	const struct kmem_cache *s = kmem_cache_get(m, KMEM_VM_AREA);
	unsigned long free0 = free_pages_now(m), sunreclaim0 = meminfo_kb(m, "SUnreclaim:");
	struct slab_row r0 = slabinfo_row(m, KMEM_VM_AREA);
	unsigned long *obj = malloc(NR_VMAS * sizeof(*obj));
	CU_ASSERT_EQUAL(r0.num_slabs, 0);

	for (int i = 0; i < NR_VMAS; i++) {
		obj[i] = kmem_cache_alloc(m, KMEM_VM_AREA, -1);
		CU_ASSERT_NOT_EQUAL_FATAL(obj[i], SLAB_NONE);
	}
	unsigned long slabs = DIV_ROUND_UP(NR_VMAS, s->oo_objects);
	struct slab_row r = slabinfo_row(m, KMEM_VM_AREA);
	CU_ASSERT_EQUAL(r.num_slabs, slabs);
	CU_ASSERT_EQUAL(r.num_objs, slabs * s->oo_objects);
	/* Every slab is full but the CPU slab, whose free objects count as active. */
	CU_ASSERT_EQUAL(r.active_objs, r.num_objs);
	CU_ASSERT_EQUAL(free_pages_now(m), free0 - slabs);
	CU_ASSERT_EQUAL(meminfo_kb(m, "SUnreclaim:"), sunreclaim0 + slabs * 4);

	unsigned long *sorted = malloc(NR_VMAS * sizeof(*sorted));
	memcpy(sorted, obj, NR_VMAS * sizeof(*obj));
	qsort(sorted, NR_VMAS, sizeof(*sorted), cmp_ulong);
	for (int i = 1; i < NR_VMAS; i++)
		CU_ASSERT(sorted[i] - sorted[i - 1] >= s->size);
	free(sorted);

	for (int i = 0; i < NR_VMAS; i++)
		CU_ASSERT_EQUAL(kmem_cache_free(m, KMEM_VM_AREA, obj[i]), 0);
	CU_ASSERT_EQUAL(kmem_cache_free(m, KMEM_VM_AREA, obj[0]), -EINVAL);
	/* ilog2(192) / 2 = 3, raised to MIN_PARTIAL. */
	CU_ASSERT_EQUAL(s->min_partial, 5);
	unsigned long kept = s->min_partial - 1 + 1;
	r = slabinfo_row(m, KMEM_VM_AREA);
	CU_ASSERT_EQUAL(r.num_slabs, kept);
	CU_ASSERT_EQUAL(r.active_objs, s->oo_objects);
	CU_ASSERT_EQUAL(free_pages_now(m), free0 - kept);
	CU_ASSERT_EQUAL(meminfo_kb(m, "SUnreclaim:"), sunreclaim0 + kept * 4);
	free(obj);
	machine_free(m);
}

/* dentry and inode_cache slabs are reclaimable: SReclaimable, not
 * SUnreclaim, and pages from the reclaimable free lists. */
static void test_reclaimable_caches(void)
{
	struct machine *m = test_machine(GiB, 1, 2);
	unsigned long srecl0 = meminfo_kb(m, "SReclaimable:");
	unsigned long sunrecl0 = meminfo_kb(m, "SUnreclaim:");

	unsigned long dentry = kmem_cache_alloc(m, KMEM_DENTRY, -1);
	unsigned long inode = kmem_cache_alloc(m, KMEM_INODE, -1);
	CU_ASSERT_NOT_EQUAL_FATAL(dentry, SLAB_NONE);
	CU_ASSERT_NOT_EQUAL_FATAL(inode, SLAB_NONE);
	unsigned long pages = (1UL << kmem_cache_get(m, KMEM_DENTRY)->oo_order) +
			      (1UL << kmem_cache_get(m, KMEM_INODE)->oo_order);
	CU_ASSERT_EQUAL(pages, 1 + 2);
	CU_ASSERT_EQUAL(meminfo_kb(m, "SReclaimable:"), srecl0 + pages * 4);
	CU_ASSERT_EQUAL(meminfo_kb(m, "SUnreclaim:"), sunrecl0);
	CU_ASSERT_EQUAL(pfn_to_page(m, dentry >> PAGE_SHIFT)->mt, MIGRATE_RECLAIMABLE);
	CU_ASSERT_EQUAL(kmem_cache_free(m, KMEM_INODE, dentry), -EINVAL);
	CU_ASSERT_EQUAL(kmem_cache_free(m, KMEM_DENTRY, dentry), 0);
	CU_ASSERT_EQUAL(kfree(m, inode), 0);
	machine_free(m);
}

/* kmalloc picks the smallest cache that fits; above 8 KiB it takes pages
 * that are no slab but count as SUnreclaim, until kfree. */
static void test_kmalloc_sizes(void)
{
	static const struct {
		size_t size;
		enum kmem_cache_id id;
	} fits[] = {
		{1, KMEM_KMALLOC_8},     {8, KMEM_KMALLOC_8},     {9, KMEM_KMALLOC_16},
		{33, KMEM_KMALLOC_64},   {65, KMEM_KMALLOC_96},   {96, KMEM_KMALLOC_96},
		{97, KMEM_KMALLOC_128},  {100, KMEM_KMALLOC_128}, {129, KMEM_KMALLOC_192},
		{193, KMEM_KMALLOC_256}, {1000, KMEM_KMALLOC_1K}, {4097, KMEM_KMALLOC_8K},
		{8192, KMEM_KMALLOC_8K},
	};
	for (size_t i = 0; i < sizeof(fits) / sizeof(fits[0]); i++)
		CU_ASSERT_EQUAL(kmalloc_cache(fits[i].size), fits[i].id);

	struct machine *m = test_machine(GiB, 1, 2);
	unsigned long obj = kmalloc(m, 100, -1);
	CU_ASSERT_NOT_EQUAL_FATAL(obj, SLAB_NONE);
	CU_ASSERT_EQUAL(kmem_cache_free(m, KMEM_KMALLOC_96, obj), -EINVAL);
	CU_ASSERT_EQUAL(kmem_cache_free(m, KMEM_KMALLOC_128, obj), 0);

	unsigned long free0 = free_pages_now(m), sunrecl0 = meminfo_kb(m, "SUnreclaim:");
	struct slab_row r0 = slabinfo_row(m, KMEM_KMALLOC_8K);
	unsigned long big = kmalloc(m, 9000, -1);
	CU_ASSERT_NOT_EQUAL_FATAL(big, SLAB_NONE);
	CU_ASSERT_EQUAL(big % PAGE_SIZE, 0);
	CU_ASSERT_EQUAL(free_pages_now(m), free0 - 4);
	CU_ASSERT_EQUAL(meminfo_kb(m, "SUnreclaim:"), sunrecl0 + 16);
	CU_ASSERT_EQUAL(slabinfo_row(m, KMEM_KMALLOC_8K).num_slabs, r0.num_slabs);
	CU_ASSERT_EQUAL(kmem_cache_free(m, KMEM_KMALLOC_8K, big), -EINVAL);
	CU_ASSERT_EQUAL(kfree(m, big), 0);
	CU_ASSERT_EQUAL(free_pages_now(m), free0);
	CU_ASSERT_EQUAL(meminfo_kb(m, "SUnreclaim:"), sunrecl0);
	CU_ASSERT_EQUAL(kfree(m, big), -EINVAL);

	CU_ASSERT_EQUAL(kmalloc(m, 0, -1), ZERO_SIZE_PTR);
	CU_ASSERT_EQUAL(kfree(m, ZERO_SIZE_PTR), 0);
	CU_ASSERT_EQUAL(kfree(m, SLAB_NONE), 0);
	machine_free(m);
}

/* Slab pages and the unreclaimable slab counter agree on a cache's slabs. */
static void assert_counted(struct machine *m, unsigned long base_pages, enum kmem_cache_id id)
{
	struct slab_row r = slabinfo_row(m, id);
	CU_ASSERT_EQUAL(global_node_page_state(m, NR_SLAB_UNRECLAIMABLE),
			base_pages + r.num_slabs * r.pagesperslab);
}

/* On a machine the page allocator cannot serve, allocations fail cleanly
 * and every counter stays true; a few pages back let some succeed until
 * they run out again. */
static void test_allocation_failure(void)
{
	struct machine *m = test_machine(128 * MiB, 1, 2);
	size_t cap = 128 * MiB / PAGE_SIZE, nr = 0;
	unsigned long *pfns = malloc(cap * sizeof(*pfns));
	while (nr < cap && (pfns[nr] = alloc_pages(m, GFP_KERNEL, 0, -1)) != PFN_NONE)
		nr++;
	CU_ASSERT_FATAL(nr > 0 && nr < cap);

	unsigned long free0 = free_pages_now(m);
	unsigned long unrecl0 = global_node_page_state(m, NR_SLAB_UNRECLAIMABLE);
	CU_ASSERT_EQUAL(kmem_cache_alloc(m, KMEM_TASK_STRUCT, -1), SLAB_NONE);
	CU_ASSERT_EQUAL(kmalloc(m, 20000, -1), SLAB_NONE);
	CU_ASSERT_EQUAL(free_pages_now(m), free0);
	CU_ASSERT_EQUAL(global_node_page_state(m, NR_SLAB_UNRECLAIMABLE), unrecl0);
	CU_ASSERT_EQUAL(slabinfo_row(m, KMEM_TASK_STRUCT).num_slabs, 0);

	for (int i = 0; i < 8; i++)
		free_pages(m, pfns[--nr], 0);
	unsigned int per_slab = kmem_cache_get(m, KMEM_ANON_VMA_CHAIN)->oo_objects;
	unsigned long objs[64 * 64], n = 0;
	while (n < 64 * 64 && (objs[n] = kmem_cache_alloc(m, KMEM_ANON_VMA_CHAIN, -1)) != SLAB_NONE)
		n++;
	/* The 8 pages given back became 8 full slabs, then allocation failed. */
	CU_ASSERT_EQUAL(n, 8 * per_slab);
	struct slab_row r = slabinfo_row(m, KMEM_ANON_VMA_CHAIN);
	CU_ASSERT_EQUAL(r.num_objs, n);
	CU_ASSERT_EQUAL(r.active_objs, n);
	assert_counted(m, unrecl0, KMEM_ANON_VMA_CHAIN);

	while (n)
		CU_ASSERT_EQUAL(kmem_cache_free(m, KMEM_ANON_VMA_CHAIN, objs[--n]), 0);
	r = slabinfo_row(m, KMEM_ANON_VMA_CHAIN);
	assert_counted(m, unrecl0, KMEM_ANON_VMA_CHAIN);
	CU_ASSERT_EQUAL(r.active_objs, 0);
	CU_ASSERT_EQUAL(free_pages_now(m) + r.num_slabs, free0 + 8);
	free(pfns);
	machine_free(m);
}

void add_slab_suite(void)
{
	CU_pSuite s = CU_add_suite("slab", NULL, NULL);
	CU_add_test(s, "slabinfo layout", test_slabinfo_layout);
	CU_add_test(s, "geometry matches the reference", test_geometry_matches_reference);
	CU_add_test(s, "geometry follows the CPU count", test_geometry_follows_cpus);
	CU_add_test(s, "boot population", test_boot_population);
	CU_add_test(s, "vm_area_struct slabs come and go", test_vma_slabs_come_and_go);
	CU_add_test(s, "reclaimable caches", test_reclaimable_caches);
	CU_add_test(s, "kmalloc sizes", test_kmalloc_sizes);
	CU_add_test(s, "allocation failure", test_allocation_failure);
}
