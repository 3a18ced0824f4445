/* Watermarks, lowmem reserves and PCP sizing against the kernel's
 * formulas and the worked example of the reference machine. */
#include <math.h>

#include "model/gfp.h"
#include "model/machine.h"
#include "tests/unit/suites.h"

/* A three-zone machine whose managed counts are the reference machine's
 * (DMA 3840, DMA32 772917, Normal 327680). */
static struct machine *reference_zones(void)
{
	struct machine *m = test_machine(8ULL << 30, 1, 2);
	struct zone *zones = m->node_data[0]->node_zones;
	zones[ZONE_DMA].managed_pages = 3840;
	zones[ZONE_DMA32].managed_pages = 772917;
	zones[ZONE_NORMAL].managed_pages = 327680;
	return m;
}

static void test_reference_watermarks(void)
{
	static const unsigned long want[MAX_NR_ZONES][NR_WMARK] = {
		{58, 72, 86, 100},
		{11824, 14780, 17736, 20692},
		{5012, 6265, 7518, 8771},
		{32, 32, 32, 32},
		{0, 0, 0, 0},
	};
	struct machine *m = reference_zones();
	m->vm.min_free_kbytes = 67584;
	setup_per_zone_wmarks(m);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int w = 0; w < NR_WMARK; w++)
			CU_ASSERT_EQUAL(m->node_data[0]->node_zones[z]._watermark[w], want[z][w]);
	machine_free(m);
}

static void test_reference_lowmem_reserve(void)
{
	static const long want[3][MAX_NR_ZONES] = {
		{0, 3019, 4299, 4299, 4299},
		{0, 0, 1280, 1280, 1280},
		{0, 0, 0, 0, 0},
	};
	struct machine *m = reference_zones();
	setup_per_zone_lowmem_reserve(m);
	for (int z = 0; z < 3; z++)
		for (int j = 0; j < MAX_NR_ZONES; j++)
			CU_ASSERT_EQUAL(m->node_data[0]->node_zones[z].lowmem_reserve[j], want[z][j]);
	m->vm.lowmem_reserve_ratio[ZONE_DMA] = 0;
	setup_per_zone_lowmem_reserve(m);
	CU_ASSERT_EQUAL(m->node_data[0]->node_zones[ZONE_DMA].lowmem_reserve[ZONE_NORMAL], 0);
	machine_free(m);
}

static void test_min_free_kbytes_default(void)
{
	static const unsigned long long sizes[] = {256ULL << 20, 1ULL << 30, 16ULL << 30,
						   256ULL << 30};
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct machine_params p;
		const char *err;
		machine_params_default(&p);
		p.ram_bytes = sizes[i];
		p.thp_enabled = THP_NEVER;
		struct machine *m = machine_boot(&p, &err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(m);
		/* sqrt(16 * lowmem kB); khugepaged's stop recomputes it once the
		 * high marks are set, which takes them off lowmem: a bit less */
		unsigned long lowmem = 0;
		struct zone *z;
		for_each_zone(m, z)
			lowmem += z->managed_pages;
		int want = (int)floor(sqrt(16.0 * (double)lowmem * 4));
		want = want < 128 ? 128 : want > 262144 ? 262144 : want;
		CU_ASSERT(m->vm.min_free_kbytes <= want);
		CU_ASSERT(m->vm.min_free_kbytes >= want - want / 100);
		machine_free(m);
	}
}

static void test_scale_factor_widens_gaps(void)
{
	struct machine *m = test_machine(4ULL << 30, 1, 2);
	struct zone *z = &m->node_data[0]->node_zones[ZONE_DMA32];
	unsigned long gap = z->_watermark[WMARK_LOW] - z->_watermark[WMARK_MIN];
	m->vm.watermark_scale_factor = 1000;
	setup_per_zone_wmarks(m);
	CU_ASSERT_EQUAL(z->_watermark[WMARK_LOW] - z->_watermark[WMARK_MIN],
			z->managed_pages * 1000 / 10000);
	CU_ASSERT(z->_watermark[WMARK_LOW] - z->_watermark[WMARK_MIN] > gap);
	machine_free(m);
}

static void test_pcp_sizing(void)
{
	struct machine *m = test_machine(4ULL << 30, 1, 2);
	struct zone *zones = m->node_data[0]->node_zones;
	CU_ASSERT_EQUAL(zones[ZONE_DMA].pcp.batch, 1);
	CU_ASSERT_EQUAL(zones[ZONE_DMA32].pcp.batch, 63);
	CU_ASSERT_EQUAL(zones[ZONE_DMA32].pcp.high_min, (int)(zones[ZONE_DMA32]._watermark[WMARK_LOW] / 2));
	CU_ASSERT_EQUAL(zones[ZONE_DMA32].pcp.high_max, (int)(zones[ZONE_DMA32].managed_pages / 8 / 2));
	CU_ASSERT_EQUAL(zones[ZONE_DMA].pcp.high_max, 240);
	m->vm.percpu_pagelist_high_fraction = 100;
	zone_pcp_update_all(m);
	CU_ASSERT_EQUAL(zones[ZONE_DMA32].pcp.high_min, zones[ZONE_DMA32].pcp.high_max);
	CU_ASSERT_EQUAL(zones[ZONE_DMA32].pcp.high_min,
			(int)(zones[ZONE_DMA32].managed_pages / 100 / 2));
	machine_free(m);
}

static void test_totalreserve(void)
{
	struct machine *m = reference_zones();
	m->vm.min_free_kbytes = 67584;
	setup_per_zone_lowmem_reserve(m);
	setup_per_zone_wmarks(m);
	/* DMA: min(3840, 4299 + 86); DMA32: 1280 + 17736; Normal: 7518 */
	CU_ASSERT_EQUAL(m->totalreserve_pages, 3840 + 1280 + 17736 + 7518);
	machine_free(m);
}

void add_watermark_suite(void)
{
	CU_pSuite s = CU_add_suite("watermark", NULL, NULL);
	CU_add_test(s, "reference watermarks", test_reference_watermarks);
	CU_add_test(s, "reference lowmem reserve", test_reference_lowmem_reserve);
	CU_add_test(s, "min_free_kbytes default", test_min_free_kbytes_default);
	CU_add_test(s, "scale factor widens gaps", test_scale_factor_widens_gaps);
	CU_add_test(s, "pcp sizing", test_pcp_sizing);
	CU_add_test(s, "totalreserve_pages", test_totalreserve);
}
