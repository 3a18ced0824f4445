/* Transparent hugepage settings (/sys/kernel/mm/transparent_hugepage) and
 * khugepaged's claim on min_free_kbytes. */
#ifndef MMSIM_HUGE_MEMORY_H
#define MMSIM_HUGE_MEMORY_H

#include <stdbool.h>

struct machine;

enum thp_enabled { THP_ALWAYS, THP_MADVISE, THP_NEVER, NR_THP_ENABLED };
enum thp_defrag { THP_DEFRAG_ALWAYS, THP_DEFRAG_DEFER, THP_DEFRAG_DEFER_MADVISE,
		  THP_DEFRAG_MADVISE, THP_DEFRAG_NEVER, NR_THP_DEFRAG };
enum shmem_huge { SHMEM_HUGE_ALWAYS, SHMEM_HUGE_WITHIN_SIZE, SHMEM_HUGE_ADVISE,
		  SHMEM_HUGE_NEVER, SHMEM_HUGE_DENY, SHMEM_HUGE_FORCE, NR_SHMEM_HUGE };

struct thp_settings {
	enum thp_enabled enabled;
	enum thp_defrag defrag;
	enum shmem_huge shmem_enabled;
	bool use_zero_page;
	bool shrink_underused;
};

/* Boot (hugepage_init()): the other THP settings take their defaults
 * ("enabled" comes from the config), THP is switched off on machines
 * under 512 MiB, and khugepaged's start or stop re-evaluates
 * min_free_kbytes. Runs after the watermarks are first set up. */
void hugepage_init(struct machine *m);

/* khugepaged runs while THP is "always" or "madvise". */
bool hugepage_pmd_enabled(const struct machine *m);

/* Change THP "enabled"; starting khugepaged may raise min_free_kbytes
 * (set_recommended_min_free_kbytes) and so the watermarks. */
void thp_set_enabled(struct machine *m, enum thp_enabled e);

/* Raise min_free_kbytes to khugepaged's recommendation when it runs. */
void set_recommended_min_free_kbytes(struct machine *m);

#endif
