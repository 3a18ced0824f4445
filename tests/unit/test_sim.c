/* sim/ctl: the command table, replies and errno of each command. */
#include <errno.h>
#include <string.h>

#include "fs/render.h"
#include "model/machine.h"
#include "tests/unit/suites.h"

/* Run one sim/ctl write; the reply lands in reply. */
static int ctl(struct machine *m, const char *cmd, struct buf *reply)
{
	buf_reset(reply);
	return store_sim_ctl(m, 0, cmd, strlen(cmd), reply);
}

static void test_step_advances_clock(void)
{
	struct machine *m = test_machine(1ULL << 30, 1, 2);
	struct buf r = BUF_INIT, out = BUF_INIT;
	CU_ASSERT_EQUAL(ctl(m, "step 250\n", &r), 0);
	CU_ASSERT_STRING_EQUAL(r.data, "ok\n");
	CU_ASSERT_EQUAL(m->ticks, 250);
	show_sim_clock(m, 0, &out);
	CU_ASSERT_STRING_EQUAL(out.data, "ticks 250\nseconds 2.500\n");
	CU_ASSERT_EQUAL(ctl(m, "step -1", &r), -EINVAL);
	CU_ASSERT_EQUAL(ctl(m, "step 1x", &r), -EINVAL);
	CU_ASSERT_EQUAL(m->ticks, 250);
	buf_free(&r);
	buf_free(&out);
	machine_free(m);
}

static void test_alloc_and_free(void)
{
	struct machine *m = test_machine(1ULL << 30, 1, 2);
	struct buf r = BUF_INIT;
	unsigned long free0 = global_zone_page_state(m, NR_FREE_PAGES);
	CU_ASSERT_EQUAL(ctl(m, "alloc 2 3 zone=DMA type=movable", &r), 0);
	unsigned long a, b, c;
	CU_ASSERT_EQUAL(sscanf(r.data, "%lu %lu %lu", &a, &b, &c), 3);
	CU_ASSERT(a < 4096 && b < 4096 && c < 4096);
	CU_ASSERT_EQUAL(global_zone_page_state(m, NR_FREE_PAGES), free0 - 12);
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "free %lu %lu", a, b);
	CU_ASSERT_EQUAL(ctl(m, cmd, &r), 0);
	CU_ASSERT_EQUAL(global_zone_page_state(m, NR_FREE_PAGES), free0 - 4);
	CU_ASSERT_EQUAL(ctl(m, cmd, &r), -EINVAL);
	CU_ASSERT(strncmp(r.data, "error:", 6) == 0);
	CU_ASSERT_EQUAL(ctl(m, "free all", &r), 0);
	CU_ASSERT_STRING_EQUAL(r.data, "4\n");
	CU_ASSERT_EQUAL(global_zone_page_state(m, NR_FREE_PAGES), free0);
	buf_free(&r);
	machine_free(m);
}

static void test_bad_commands_change_nothing(void)
{
	static const char *const bad[] = {
		"", "\n", "bogus", "alloc", "alloc 11", "alloc x", "alloc 0 0", "alloc 0 70000",
		"alloc 0 1 zone=HighMem", "alloc 0 node=1", "alloc 0 1 type=weird", "free 12345",
		"free", "step 1 2",
	};
	struct machine *m = test_machine(1ULL << 30, 1, 2);
	struct buf r = BUF_INIT;
	unsigned long free0 = global_zone_page_state(m, NR_FREE_PAGES);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL(ctl(m, bad[i], &r), -EINVAL);
		CU_ASSERT(r.len > 0 && strncmp(r.data, "error:", 6) == 0);
	}
	CU_ASSERT_EQUAL(store_sim_ctl(m, 0, "step\0", 5, &r), -EINVAL);
	CU_ASSERT_EQUAL(global_zone_page_state(m, NR_FREE_PAGES), free0);
	CU_ASSERT_EQUAL(m->ticks, 0);
	buf_free(&r);
	machine_free(m);
}

static void test_alloc_out_of_memory(void)
{
	struct machine *m = test_machine(128ULL << 20, 1, 1);
	struct buf r = BUF_INIT;
	CU_ASSERT_EQUAL(ctl(m, "alloc 10 1000", &r), -ENOMEM);
	CU_ASSERT(strstr(r.data, "out of memory after") != NULL);
	CU_ASSERT(m->vm_events[ALLOCSTALL_NORMAL] > 0);
	CU_ASSERT_EQUAL(ctl(m, "help", &r), 0);
	CU_ASSERT(strstr(r.data, "alloc ORDER") != NULL);
	buf_free(&r);
	machine_free(m);
}

void add_sim_suite(void)
{
	CU_pSuite s = CU_add_suite("sim", NULL, NULL);
	CU_add_test(s, "step advances the clock", test_step_advances_clock);
	CU_add_test(s, "alloc and free", test_alloc_and_free);
	CU_add_test(s, "bad commands change nothing", test_bad_commands_change_nothing);
	CU_add_test(s, "alloc out of memory", test_alloc_out_of_memory);
}
