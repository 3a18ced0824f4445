/* Transparent hugepages (mm/huge_memory.c) and the one thing khugepaged
 * does to the rest of the model so far (mm/khugepaged.c): while it runs it
 * keeps min_free_kbytes high enough for 2 MiB allocations to succeed. */
#include "model/huge_memory.h"

#include "model/gfp.h"
#include "model/machine.h"

/* Below this much RAM THP costs more than the TLB misses it saves, so
 * boot turns it off entirely (the admin may still turn it on). */
#define THP_MIN_RAM_PAGES (512UL << (20 - PAGE_SHIFT))

/* Boot defaults of transparent_hugepage_flags and khugepaged's start. */
void hugepage_init(struct machine *m)
{
	m->thp.shmem_enabled = SHMEM_HUGE_NEVER;
	m->thp.shrink_underused = true;
	if (totalram_pages(m) < THP_MIN_RAM_PAGES) {
		/* transparent_hugepage_flags = 0; khugepaged never starts */
		m->thp.enabled = THP_NEVER;
		m->thp.defrag = THP_DEFRAG_NEVER;
		m->thp.use_zero_page = false;
		return;
	}
	m->thp.defrag = THP_DEFRAG_MADVISE;
	m->thp.use_zero_page = true;
	set_recommended_min_free_kbytes(m);
}

/* Would khugepaged collapse anything: THP "always" or "madvise"? */
bool hugepage_pmd_enabled(const struct machine *m)
{
	return m->thp.enabled != THP_NEVER;
}

/* enabled_store(): every write restarts or stops khugepaged
 * (start_stop_khugepaged()), which re-evaluates min_free_kbytes. */
void thp_set_enabled(struct machine *m, enum thp_enabled e)
{
	m->thp.enabled = e;
	set_recommended_min_free_kbytes(m);
}

/* Populated zones that GFP_USER allocations may use: fragmentation there
 * is what khugepaged guards against; Movable holds only movable pages. */
static int nr_user_zones(const struct machine *m)
{
	const struct zone *z;
	int nr_zones = 0;

	for_each_zone(m, z)
		if (populated_zone(z) && z->idx <= ZONE_NORMAL)
			nr_zones++;
	return nr_zones;
}

/* khugepaged's wish in kB: per zone two free pageblocks, plus room for
 * each of the three per-cpu migratetypes to fall back into each other,
 * but never more than 5% of lowmem. */
static unsigned long recommended_min_free_kbytes(const struct machine *m)
{
	unsigned long nr_zones = (unsigned long)nr_user_zones(m);
	unsigned long pages = pageblock_nr_pages * nr_zones * 2 +
			      pageblock_nr_pages * nr_zones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
	unsigned long cap = nr_free_buffer_pages(m) / 20;

	return (pages < cap ? pages : cap) << (PAGE_SHIFT - 10);
}

/* With khugepaged running, raise min_free_kbytes to its recommendation;
 * with it stopped, fall back to the sqrt rule unless a user set a larger
 * value (calculate_min_free_kbytes()). Either way redo the watermarks. */
void set_recommended_min_free_kbytes(struct machine *m)
{
	if (hugepage_pmd_enabled(m)) {
		unsigned long recommended = recommended_min_free_kbytes(m);
		if (recommended > (unsigned long)m->vm.min_free_kbytes)
			m->vm.min_free_kbytes = (int)recommended;
	} else {
		int computed = calculate_min_free_kbytes(m);
		if (computed > m->vm.user_min_free_kbytes)
			m->vm.min_free_kbytes = computed;
	}
	setup_per_zone_wmarks(m);
}
