/* The invariant checker: silent on a healthy machine, and each kind of
 * corruption it exists for is reported. */
#include <string.h>

#include "model/check.h"
#include "model/machine.h"
#include "model/memory.h"
#include "model/mm.h"
#include "model/task.h"
#include "tests/unit/suites.h"

/* Count reports; remember the last. */
static char last[256];
static void note(void *ctx, const char *msg)
{
	(*(int *)ctx)++;
	snprintf(last, sizeof(last), "%s", msg);
}

static int check(struct machine *m)
{
	int n = 0;
	last[0] = '\0';
	CU_ASSERT_EQUAL(machine_check(m, note, &n), n);
	return n;
}

/* A machine with init, two processes and a fork sharing written pages. */
static struct machine *busy_machine(int *pid)
{
	struct machine *m = test_machine(1ULL << 30, 1, 2);
	unsigned long bad;
	CU_ASSERT_EQUAL_FATAL(tasks_init(m), 0);
	*pid = task_spawn(m, "db", NULL, 0, 1);
	CU_ASSERT_FATAL(*pid > 1);
	struct task_struct *t = find_task_by_pid(m, *pid);
	long a = do_mmap(m, t->mm, 0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 NULL, 0);
	CU_ASSERT_EQUAL(touch_range(m, t, (unsigned long)a, 1 << 20, true, &bad), 0);
	CU_ASSERT(task_fork(m, *pid) > 0);
	return m;
}

static void test_healthy_machine_passes(void)
{
	int pid;
	struct machine *m = busy_machine(&pid);
	CU_ASSERT_EQUAL(check(m), 0);
	task_exit(m, pid, 0);
	CU_ASSERT_EQUAL(check(m), 0);
	machine_free(m);
}

static void test_corruption_is_reported(void)
{
	int pid;
	struct machine *m = busy_machine(&pid);
	struct mm_struct *mm = find_task_by_pid(m, pid)->mm;
	struct page *page = pfn_to_page(m, pte_pfn(*follow_pte(m, mm, mm->vmas[0].vm_start)));

	page->mapcount++;
	CU_ASSERT_EQUAL(check(m), 1);
	CU_ASSERT(strstr(last, "mapcount") != NULL);
	page->mapcount--;

	mm->rss_stat[MM_ANONPAGES]++;
	CU_ASSERT_EQUAL(check(m), 1);
	CU_ASSERT(strstr(last, "RSS") != NULL);
	mm->rss_stat[MM_ANONPAGES]--;

	m->vm_committed_as++;
	CU_ASSERT_EQUAL(check(m), 1);
	CU_ASSERT(strstr(last, "Committed_AS") != NULL);
	m->vm_committed_as--;

	m->token_mismatches = 1;
	CU_ASSERT_EQUAL(check(m), 1);
	m->token_mismatches = 0;

	mod_zone_page_state(&m->node_data[0]->node_zones[ZONE_DMA32], NR_FREE_PAGES, 1);
	CU_ASSERT_EQUAL(check(m), 1);
	CU_ASSERT(strstr(last, "nr_free_pages") != NULL);
	mod_zone_page_state(&m->node_data[0]->node_zones[ZONE_DMA32], NR_FREE_PAGES, -1);
	CU_ASSERT_EQUAL(check(m), 0);
	machine_free(m);
}

void add_check_suite(void)
{
	CU_pSuite s = CU_add_suite("check", NULL, NULL);
	CU_add_test(s, "a healthy machine passes", test_healthy_machine_passes);
	CU_add_test(s, "corruption is reported", test_corruption_is_reported);
}
