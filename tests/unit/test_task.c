/* Processes: exec layouts with and without ASLR, pids, reparenting, and
 * what fork, threads and exit charge and give back. */
#include <errno.h>

#include "model/machine.h"
#include "model/mm.h"
#include "model/slab.h"
#include "model/task.h"
#include "tests/unit/suites.h"

/* A 1 GiB machine running init, randomizing or not, with a seed. */
static struct machine *boot(bool aslr, uint64_t seed)
{
	struct machine_params p;
	const char *err;
	machine_params_default(&p);
	p.ram_bytes = 1ULL << 30;
	p.randomize_va_space = aslr;
	p.seed = seed;
	struct machine *m = machine_boot(&p, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL_FATAL(tasks_init(m), 0);
	return m;
}

static void test_layout_without_aslr(void)
{
	struct machine *m = boot(false, 1);
	int pid = task_spawn(m, "cat", NULL, 0, 1);
	const struct mm_struct *mm = find_task_by_pid(m, pid)->mm;
	CU_ASSERT_EQUAL(mm->vmas[0].vm_start, 0x555555554000UL);
	CU_ASSERT_EQUAL(mm->mmap_base, 0x7ffff7fff000UL);
	CU_ASSERT_EQUAL(mm->vmas[mm->map_count - 1].vm_end, TASK_SIZE);
	CU_ASSERT_EQUAL(mm->brk, mm->start_brk);
	machine_free(m);
}

/* The exec addresses of a process spawned on a fresh machine. */
static void layout(bool aslr, uint64_t seed, unsigned long out[3])
{
	struct machine *m = boot(aslr, seed);
	const struct mm_struct *mm = find_task_by_pid(m, task_spawn(m, "cat", NULL, 0, 1))->mm;
	out[0] = mm->vmas[0].vm_start;
	out[1] = mm->mmap_base;
	out[2] = mm->vmas[mm->map_count - 1].vm_end;
	machine_free(m);
}

static void test_aslr_is_random_and_reproducible(void)
{
	unsigned long a[3], b[3], c[3];
	layout(true, 7, a);
	layout(true, 7, b);
	layout(true, 8, c);
	for (int i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(a[i], b[i]); /* same seed, same layout */
		CU_ASSERT_NOT_EQUAL(a[i], c[i]);
	}
	/* within the ranges the kernel uses */
	CU_ASSERT(a[0] >= 0x555555554000UL && a[0] < 0x555555554000UL + (1UL << 40));
	CU_ASSERT(a[1] <= 0x7ffff7fff000UL && a[1] > 0x7ffff7fff000UL - (1UL << 40) - (16UL << 30));
	CU_ASSERT(a[2] <= TASK_SIZE && a[2] > TASK_SIZE - (16UL << 30));
	CU_ASSERT_EQUAL(a[0] & 0xfff, 0);
}

static void test_exit_reparents_and_init_stays(void)
{
	struct machine *m = boot(false, 1);
	int parent = task_spawn(m, "sh", NULL, 0, 1);
	int child = task_fork(m, parent);
	CU_ASSERT_EQUAL(find_task_by_pid(m, child)->ppid, parent);
	CU_ASSERT_EQUAL(task_exit(m, parent, 0), 0);
	CU_ASSERT_PTR_NULL(find_task_by_pid(m, parent));
	CU_ASSERT_EQUAL(find_task_by_pid(m, child)->ppid, 1);
	CU_ASSERT_EQUAL(task_kill(m, 1, SIGKILL), 0);
	CU_ASSERT_PTR_NOT_NULL(find_task_by_pid(m, 1));
	CU_ASSERT_EQUAL(task_exit(m, 1, 0), -EPERM);
	CU_ASSERT_EQUAL(task_kill(m, 12345, 0), -ESRCH);
	CU_ASSERT_EQUAL(task_kill(m, child, 3), -EINVAL);
	machine_free(m);
}

static void test_threads_share_and_exit_together(void)
{
	struct machine *m = boot(false, 1);
	int pid = task_spawn(m, "db", NULL, 0, 1);
	long stacks = find_task_by_pid(m, pid)->mm->stack_vm;
	int tid = task_thread(m, pid);
	CU_ASSERT(tid > pid);
	CU_ASSERT_PTR_EQUAL(find_task_by_pid(m, tid)->mm, find_task_by_pid(m, pid)->mm);
	CU_ASSERT_EQUAL(find_task_by_pid(m, tid)->tgid, pid);
	CU_ASSERT_EQUAL(find_task_by_pid(m, pid)->nr_threads, 2);
	CU_ASSERT_EQUAL((long)find_task_by_pid(m, pid)->mm->stack_vm, stacks);
	/* the group goes as one, through either of its tasks */
	CU_ASSERT_EQUAL(task_exit(m, tid, 0), 0);
	CU_ASSERT_PTR_NULL(find_task_by_pid(m, pid));
	CU_ASSERT_PTR_NULL(find_task_by_pid(m, tid));
	machine_free(m);
}

static void test_pids_wrap_past_reserved(void)
{
	struct machine *m = boot(false, 1);
	m->last_pid = pid_max(m) - 1;
	int pid = task_spawn(m, "late", NULL, 0, 1);
	CU_ASSERT_EQUAL(pid, 300);
	machine_free(m);
}

static void test_kernel_objects_follow_tasks(void)
{
	struct machine *m = boot(false, 1);
	unsigned long kstack = node_page_state(m->node_data[0], NR_KERNEL_STACK_KB);
	unsigned long committed = (unsigned long)m->vm_committed_as;
	int pid = task_spawn(m, "web", NULL, 0, 1);
	int child = task_fork(m, pid);
	CU_ASSERT_EQUAL(node_page_state(m->node_data[0], NR_KERNEL_STACK_KB), kstack + 32);
	CU_ASSERT((unsigned long)m->vm_committed_as > committed);
	task_exit(m, child, 0);
	task_exit(m, pid, 0);
	CU_ASSERT_EQUAL(node_page_state(m->node_data[0], NR_KERNEL_STACK_KB), kstack);
	CU_ASSERT_EQUAL((unsigned long)m->vm_committed_as, committed);
	machine_free(m);
}

void add_task_suite(void)
{
	CU_pSuite s = CU_add_suite("task", NULL, NULL);
	CU_add_test(s, "layout without ASLR", test_layout_without_aslr);
	CU_add_test(s, "ASLR is random and reproducible", test_aslr_is_random_and_reproducible);
	CU_add_test(s, "exit reparents, init stays", test_exit_reparents_and_init_stays);
	CU_add_test(s, "threads share and exit together", test_threads_share_and_exit_together);
	CU_add_test(s, "pids wrap past the reserved ones", test_pids_wrap_past_reserved);
	CU_add_test(s, "kernel objects follow tasks", test_kernel_objects_follow_tasks);
}
