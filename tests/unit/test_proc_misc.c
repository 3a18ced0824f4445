/* /proc/stat, uptime, loadavg, cpuinfo, self, PID/environ and the kernel
 * sysctls: layouts against the reference machine's files, values that
 * follow simulated time and the task table, and the figures two files
 * share agreeing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs/render.h"
#include "fs/tree.h"
#include "model/machine.h"
#include "model/task.h"
#include "tests/unit/suites.h"

#define GiB (1ULL << 30)
#define USER_HZ 100

static struct machine *m;

/* Boot a machine with init running. */
static void boot(unsigned long long ram, int nodes, int cpus)
{
	m = test_machine(ram, nodes, cpus);
	CU_ASSERT_EQUAL_FATAL(tasks_init(m), 0);
}

/* Advance simulated time by n ticks. */
static void tick(unsigned long n)
{
	while (n--)
		machine_tick(m);
}

/* Does text have the reference file's lines, every number a '#'? On a
 * mismatch the first differing line goes to stderr. */
static bool same_layout(const char *ref_path, const char *text)
{
	char *ref = test_reference(ref_path);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
	char *want = test_digit_runs_to_hash(ref), *got = test_digit_runs_to_hash(text);
	const char *g = got, *w = want;

	while (*g && *g == *w)
		g++, w++;
	bool same = !*g && !*w;
	if (!same) {
		while (g > got && g[-1] != '\n')
			g--, w--;
		fprintf(stderr, "\n%s differs:\n  got:  %.*s\n  want: %.*s\n", ref_path,
			(int)strcspn(g, "\n"), g, (int)strcspn(w, "\n"), w);
	}
	free(got);
	free(want);
	free(ref);
	return same;
}

/* The line of text that starts with key and a space or tab, or NULL. */
static const char *find_line(const char *text, const char *key)
{
	size_t len = strlen(key);

	for (const char *line = text; line && *line; line = strchr(line, '\n')) {
		line += *line == '\n';
		if (!strncmp(line, key, len) && (line[len] == ' ' || line[len] == '\t'))
			return line;
	}
	return NULL;
}

/* The n-th number (from 0) after key on its line; a missing line fails. */
static unsigned long long field(const char *text, const char *key, int n)
{
	const char *line = find_line(text, key);

	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	char *p = (char *)line + strlen(key);
	unsigned long long v = 0;
	for (int i = 0; i <= n; i++)
		v = strtoull(p, &p, 10);
	return v;
}

/* How many numbers follow key on its line. */
static int nr_fields(const char *text, const char *key)
{
	const char *line = find_line(text, key);

	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	int n = 0;
	for (const char *p = line + strlen(key); *p && *p != '\n'; p++)
		n += *p != ' ' && (p[-1] == ' ');
	return n;
}

/* stat, uptime and loadavg of a 2-CPU machine look like the reference's,
 * the interrupt line included (one count per IRQ number). */
static void test_layouts(void)
{
	boot(4 * GiB, 1, 2);
	tick(1234);
	static const struct {
		show_fn show;
		const char *ref;
	} files[] = {
		{show_stat, "proc/stat"},
		{show_uptime, "proc/uptime"},
		{show_loadavg, "proc/loadavg"},
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *text = test_render(files[i].show, m, 0);
		CU_ASSERT(same_layout(files[i].ref, text));
		free(text);
	}
	machine_free(m);
}

/* All simulated time is idle time, per CPU and summed; the IRQ space
 * grows with the CPUs up to every vector of every CPU. */
static void test_stat_times(void)
{
	boot(8 * GiB, 2, 4);
	tick(250);
	char *text = test_render(show_stat, m, 0);
	CU_ASSERT_EQUAL(field(text, "cpu", 3), 4 * 250);
	for (int cpu = 0; cpu < 4; cpu++) {
		char key[8];
		snprintf(key, sizeof(key), "cpu%d", cpu);
		CU_ASSERT_EQUAL(field(text, key, 3), 250);
		CU_ASSERT_EQUAL(field(text, key, 0) + field(text, key, 2) + field(text, key, 4), 0);
	}
	CU_ASSERT_PTR_NULL(find_line(text, "cpu4"));
	CU_ASSERT_EQUAL(nr_fields(text, "intr"), 1 + 24 + 8 * 4 + 24 * 16);
	CU_ASSERT_EQUAL(nr_fields(text, "softirq"), 1 + 10);
	free(text);
	machine_free(m);

	boot(1 * GiB, 1, 1);
	text = test_render(show_stat, m, 0);
	CU_ASSERT_EQUAL(nr_fields(text, "intr"), 1 + 256);
	free(text);
	machine_free(m);
}

/* processes counts every task created since boot, threads too, and does
 * not drop when they exit; procs_running and procs_blocked count none
 * (every modeled task sleeps); btime stays put as time passes. */
static void test_stat_counters(void)
{
	boot(4 * GiB, 1, 2);
	char *text = test_render(show_stat, m, 0);
	CU_ASSERT_EQUAL(field(text, "processes", 0), 1);
	unsigned long long btime = field(text, "btime", 0);
	free(text);

	int pid = task_spawn(m, "db", NULL, 0, 1);
	int child = task_fork(m, pid);
	CU_ASSERT(task_thread(m, pid) > 0);
	CU_ASSERT_EQUAL(task_exit(m, child, 0), 0);
	tick(500);
	text = test_render(show_stat, m, 0);
	CU_ASSERT_EQUAL(field(text, "processes", 0), 4);
	CU_ASSERT_EQUAL(field(text, "procs_running", 0), 0);
	CU_ASSERT_EQUAL(field(text, "procs_blocked", 0), 0);
	CU_ASSERT_EQUAL(field(text, "btime", 0), btime);
	free(text);
	machine_free(m);
}

/* uptime is simulated seconds to hundredths, its idle time the sum over
 * CPUs, the same time /proc/stat counts in USER_HZ. */
static void test_uptime(void)
{
	boot(4 * GiB, 1, 2);
	tick(12345);
	char *text = test_render(show_uptime, m, 0);
	CU_ASSERT_STRING_EQUAL(text, "123.45 246.90\n");
	char *stat = test_render(show_stat, m, 0);
	unsigned long idle_sec, idle_hundredths;
	CU_ASSERT_EQUAL(sscanf(strchr(text, ' '), " %lu.%lu", &idle_sec, &idle_hundredths), 2);
	CU_ASSERT_EQUAL(idle_sec * USER_HZ + idle_hundredths, field(stat, "cpu", 3));
	free(stat);
	free(text);
	machine_free(m);
}

/* loadavg: nothing runnable, every task (threads too) counted, the last
 * pid handed out even after its task exited. */
static void test_loadavg(void)
{
	boot(4 * GiB, 1, 2);
	int pid = task_spawn(m, "web", NULL, 0, 1);
	CU_ASSERT(task_thread(m, pid) > 0);
	int child = task_fork(m, pid);
	CU_ASSERT_EQUAL(task_exit(m, child, 0), 0);
	char *text = test_render(show_loadavg, m, 0), want[64];
	snprintf(want, sizeof(want), "0.00 0.00 0.00 0/%d %d\n", 3, child);
	CU_ASSERT_STRING_EQUAL(text, want);
	free(text);
	machine_free(m);
}

/* /proc/self is a symlink in the tree, listed in /proc, whose target is
 * init's directory, which lookups find. */
static void test_self(void)
{
	boot(4 * GiB, 1, 2);
	struct fs_node *root = fs_tree_build(m);
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	struct fs_entry e;
	CU_ASSERT_FATAL(fs_lookup(root, m, "/proc/self", &e));
	CU_ASSERT(S_ISLNK(e.node->mode));
	CU_ASSERT_EQUAL(e.node->mode & 0777, 0777);
	struct buf target = BUF_INIT;
	CU_ASSERT_EQUAL(e.node->show(m, e.arg, &target), 0);
	buf_write(&target, "", 0);
	CU_ASSERT_STRING_EQUAL(target.data, "1");
	char path[32];
	snprintf(path, sizeof(path), "/proc/%s/status", target.data);
	CU_ASSERT(fs_lookup(root, m, path, &e));
	/* the kernel resolves the link; the tree never walks through it */
	CU_ASSERT_FALSE(fs_lookup(root, m, "/proc/self/status", &e));
	buf_free(&target);
	fs_tree_free(root);
	machine_free(m);
}

/* One block per CPU as procps reads them ("processor : %d", then "core
 * id : %d"), one socket per node holding that node's CPUs. */
static void test_cpuinfo(void)
{
	boot(8 * GiB, 2, 4);
	char *text = test_render(show_cpuinfo_all, m, 0);
	const char *block = text;
	for (int cpu = 0; cpu < 4; cpu++) {
		const struct pglist_data *node = m->node_data[cpu / 2];
		int n;
		CU_ASSERT_EQUAL_FATAL(sscanf(block, "processor : %d", &n), 1);
		CU_ASSERT_EQUAL(n, cpu);
		CU_ASSERT_EQUAL(field(block, "physical id\t:", 0), (unsigned long long)node->node_id);
		CU_ASSERT_EQUAL(field(block, "core id\t\t:", 0),
				(unsigned long long)(cpu - node->first_cpu));
		CU_ASSERT_EQUAL(field(block, "siblings\t:", 0), (unsigned long long)node->nr_cpus);
		CU_ASSERT_EQUAL(field(block, "apicid\t\t:", 0), (unsigned long long)cpu);
		/* BogoMIPS is twice the clock in MHz */
		CU_ASSERT_EQUAL(field(block, "bogomips\t:", 0), 2 * field(block, "cpu MHz\t\t:", 0));
		CU_ASSERT_PTR_NOT_NULL(strstr(find_line(block, "flags\t\t:"), " pdpe1gb "));
		const char *end = strstr(block, "power management:\n\n");
		CU_ASSERT_PTR_NOT_NULL_FATAL(end);
		block = end + strlen("power management:\n\n");
	}
	CU_ASSERT_EQUAL(*block, '\0');
	free(text);
	machine_free(m);
}

/* kernel.pid_max is where the allocator wraps: the last pid below it is
 * handed out, then the first above the reserved ones. */
static void test_pid_max(void)
{
	static const int cpus[] = {2, 64};
	for (size_t i = 0; i < sizeof(cpus) / sizeof(cpus[0]); i++) {
		boot(4 * GiB, 1, cpus[i]);
		char *text = test_render(show_kernel_pid_max, m, 0);
		int max = atoi(text);
		CU_ASSERT_EQUAL(max, cpus[i] * 1024 > 32768 ? cpus[i] * 1024 : 32768);
		m->last_pid = max - 2;
		CU_ASSERT_EQUAL(task_spawn(m, "a", NULL, 0, 1), max - 1);
		CU_ASSERT_EQUAL(task_spawn(m, "b", NULL, 0, 1), 300);
		free(text);
		machine_free(m);
	}
}

/* environ is empty while the task lives and ESRCH once it is gone;
 * osrelease names a 6.18 kernel. */
static void test_environ_and_osrelease(void)
{
	boot(4 * GiB, 1, 2);
	int pid = task_spawn(m, "app", NULL, 0, 1);
	char *text = test_render(show_pid_environ, m, pid);
	CU_ASSERT_STRING_EQUAL(text, "");
	free(text);
	CU_ASSERT_EQUAL(task_exit(m, pid, 0), 0);
	struct buf out = BUF_INIT;
	CU_ASSERT_EQUAL(show_pid_environ(m, pid, &out), -ESRCH);
	buf_free(&out);
	text = test_render(show_kernel_osrelease, m, 0);
	CU_ASSERT_EQUAL(strncmp(text, "6.18.", 5), 0);
	CU_ASSERT_EQUAL(text[strlen(text) - 1], '\n');
	free(text);
	machine_free(m);
}

void add_proc_misc_suite(void)
{
	CU_pSuite s = CU_add_suite("proc_misc", NULL, NULL);
	CU_add_test(s, "stat, uptime, loadavg layouts", test_layouts);
	CU_add_test(s, "stat CPU times and IRQs", test_stat_times);
	CU_add_test(s, "stat counters", test_stat_counters);
	CU_add_test(s, "uptime", test_uptime);
	CU_add_test(s, "loadavg", test_loadavg);
	CU_add_test(s, "self", test_self);
	CU_add_test(s, "cpuinfo", test_cpuinfo);
	CU_add_test(s, "pid_max", test_pid_max);
	CU_add_test(s, "environ and osrelease", test_environ_and_osrelease);
}
