/* Each unit test file adds one CUnit suite; main.c runs them all. */
#ifndef MMSIM_TEST_SUITES_H
#define MMSIM_TEST_SUITES_H

#include <CUnit/CUnit.h>

#include "fs/render.h"

struct machine;

/* Boot a machine with the default config's settings and the given RAM
 * (bytes), node count and CPU count; aborts the test run on failure. */
struct machine *test_machine(unsigned long long ram, int nodes, int cpus);

/* The contents of shared/reference/linux-6.18/<rel>, malloc'd, or NULL
 * when the reference folder is not beside the checkout. */
char *test_reference(const char *rel);

/* Render a file into a malloc'd NUL-terminated string, asserting the
 * renderer succeeded; the caller frees it. */
char *test_render(show_fn show, struct machine *m, long arg);

/* A copy of s with every run of digits replaced by one '#', to compare a
 * file's shape with the reference's whatever the numbers. */
char *test_digit_runs_to_hash(const char *s);

/* A copy of s with every digit a blank, to compare column layouts. */
char *test_digits_to_blanks(const char *s);

#define SUITES(X) \
	X(buddy)      \
	X(watermark)  \
	X(render)     \
	X(zoneinfo)   \
	X(sysctl)     \
	X(sysfs)      \
	X(sim)        \
	X(mmap)       \
	X(memory)     \
	X(check)      \
	X(task)       \
	X(shmem)      \
	X(config)     \
	X(slab)       \
	X(proc_pid)   \
	X(proc_misc)

#define DECLARE_SUITE(name) void add_##name##_suite(void);
SUITES(DECLARE_SUITE)

#endif
