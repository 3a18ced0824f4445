/* The unit test runner: every suite of suites.h, basic CUnit output. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/machine.h"
#include "tests/unit/suites.h"

struct machine *test_machine(unsigned long long ram, int nodes, int cpus)
{
	struct machine_params p;
	machine_params_default(&p);
	p.ram_bytes = ram;
	p.nr_nodes = nodes;
	p.nr_cpus = cpus;
	const char *err = NULL;
	struct machine *m = machine_boot(&p, &err);
	if (!m) {
		fprintf(stderr, "test_machine: %s\n", err);
		abort();
	}
	return m;
}

char *test_reference(const char *rel)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/linux-6.18/%s", MMSIM_REFERENCE_DIR, rel);
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *s = malloc(cap);
	size_t n;
	while (s && (n = fread(s + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 == cap)
			s = realloc(s, cap *= 2);
	}
	fclose(f);
	if (s)
		s[len] = '\0';
	return s;
}

char *test_render(show_fn show, struct machine *m, long arg)
{
	struct buf out = BUF_INIT;
	CU_ASSERT_EQUAL(show(m, arg, &out), 0);
	buf_write(&out, "", 0);
	return out.data;
}

char *test_digit_runs_to_hash(const char *s)
{
	char *shape = malloc(strlen(s) + 1), *d = shape;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			*d++ = *s;
		else if (s[1] < '0' || s[1] > '9')
			*d++ = '#';
	*d = '\0';
	return shape;
}

char *test_digits_to_blanks(const char *s)
{
	char *shape = strdup(s);
	for (char *p = shape; *p; p++)
		if (*p >= '0' && *p <= '9')
			*p = ' ';
	return shape;
}

#define ADD_SUITE(name) add_##name##_suite();

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	SUITES(ADD_SUITE)
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned int failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
