/* The invariant checker (what sim/check reports): free lists against the
 * free counts, page-table mappings against RSS counters and mapcounts,
 * commit charges against the mappings and shmem files, anon_vma counts
 * against the VMAs' links, and the content-token record. */
#ifndef MMSIM_CHECK_H
#define MMSIM_CHECK_H

struct machine;

/* Told about each violation, as one line without a newline. */
typedef void (*check_fail_fn)(void *ctx, const char *msg);

/* Run every check; returns the number of violations. */
int machine_check(struct machine *m, check_fail_fn fail, void *ctx);

#endif
