/* fault_bench: modeled anonymous write faults/s, copy-on-write faults/s and
 * the time of fork for a process with 1 GiB touched, each beside the host
 * kernel's figure for the same work: native_bench's output, measured just
 * before in the same run, which run.sh passes in on the command line.
 * usage: fault_bench ANON_FAULTS_PER_SEC COW_FAULTS_PER_SEC FORK_1G_SEC
 * Prints figures only; it never fails on a time. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "model/machine.h"
#include "model/memory.h"
#include "model/mm.h"
#include "model/task.h"

#define SZ_1M (1UL << 20)
#define SZ_1G (1ULL << 30)
#define FAULT_BYTES (256 * SZ_1M)
#define FORK_BYTES (1024 * SZ_1M)
#define MACHINE_RAM (8 * SZ_1G)
#define REPEATS 3
#define GOAL_FAULT_RATIO 10.0
#define GOAL_FORK_RATIO 0.2

/* One side's figures: the model's (best of REPEATS) or the host kernel's
 * (from native_bench, best of as many). */
struct fault_figures {
	double anon_per_sec, cow_per_sec, fork_sec;
};

/* Monotonic time in seconds. */
static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Report what failed and stop: a figure from a failed step means nothing. */
static void die(const char *what, long err)
{
	fprintf(stderr, "fault_bench: %s failed (%ld)\n", what, err);
	exit(1);
}

/* An 8 GiB, one-node, two-CPU machine with init running: room for every
 * process below at once. */
static struct machine *boot_machine(void)
{
	struct machine_params p;
	const char *err = NULL;
	machine_params_default(&p);
	p.ram_bytes = MACHINE_RAM;
	p.nr_nodes = 1;
	p.nr_cpus = 2;
	struct machine *m = machine_boot(&p, &err);
	if (!m) {
		fprintf(stderr, "fault_bench: boot: %s\n", err);
		exit(1);
	}
	if (tasks_init(m))
		die("tasks_init", 0);
	return m;
}

/* A new process, child of init, with len bytes of private anonymous
 * memory mapped read-write at *addr. Returns its pid. */
static int spawn_with_anon(struct machine *m, unsigned long len, unsigned long *addr)
{
	int pid = task_spawn(m, "fault_bench", NULL, 0, 1);
	if (pid < 0)
		die("task_spawn", pid);
	long start = do_mmap(m, find_task_by_pid(m, pid)->mm, 0, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	if (start < 0)
		die("do_mmap", start);
	*addr = (unsigned long)start;
	return pid;
}

/* pid writes every page of [addr, addr+len), as the MMU would. */
static void write_pages(struct machine *m, int pid, unsigned long addr, unsigned long len)
{
	unsigned long bad;
	int err = touch_range(m, find_task_by_pid(m, pid), addr, len, true, &bad);
	if (err)
		die("touch_range", err);
}

/* Faults per second while pid writes every page of [addr, addr+len): the
 * minor faults the model counted for it over the time the writes took. */
static double fault_rate(struct machine *m, int pid, unsigned long addr, unsigned long len)
{
	const struct task_struct *t = find_task_by_pid(m, pid);
	unsigned long flt0 = t->min_flt;
	double t0 = now_sec();
	write_pages(m, pid, addr, len);
	double sec = now_sec() - t0;
	return (double)(t->min_flt - flt0) / sec;
}

/* task_fork(), or exit. */
static int fork_or_die(struct machine *m, int pid)
{
	int child = task_fork(m, pid);
	if (child < 0)
		die("task_fork", child);
	return child;
}

/* First-touch write faults over FAULT_BYTES, then fork and write every
 * page again in the parent while the child still maps them all, so each
 * write is a CoW copy. Keeps the highest rates seen in *f. */
static void fault_run(struct machine *m, struct fault_figures *f)
{
	unsigned long addr;
	int pid = spawn_with_anon(m, FAULT_BYTES, &addr);
	double rate = fault_rate(m, pid, addr, FAULT_BYTES);
	if (rate > f->anon_per_sec)
		f->anon_per_sec = rate;
	int child = fork_or_die(m, pid);
	rate = fault_rate(m, pid, addr, FAULT_BYTES);
	if (rate > f->cow_per_sec)
		f->cow_per_sec = rate;
	task_exit(m, child, 0);
	task_exit(m, pid, 0);
}

/* The fewest seconds task_fork() took over REPEATS forks of a process
 * that has just written its FORK_BYTES; each child exits at once. As in
 * native_bench, writing again after a child has gone reuses the pages,
 * making them writable and exclusive as before the first fork. */
static double fork_best(struct machine *m)
{
	double best = 0;
	unsigned long addr;
	int pid = spawn_with_anon(m, FORK_BYTES, &addr);
	for (int i = 0; i < REPEATS; i++) {
		write_pages(m, pid, addr, FORK_BYTES);
		double t0 = now_sec();
		int child = fork_or_die(m, pid);
		double sec = now_sec() - t0;
		task_exit(m, child, 0);
		if (i == 0 || sec < best)
			best = sec;
	}
	task_exit(m, pid, 0);
	return best;
}

/* The native figures from argv, or exit with the usage. */
static void parse_native(int argc, char **argv, struct fault_figures *n)
{
	char *end[3];
	if (argc == 4) {
		n->anon_per_sec = strtod(argv[1], &end[0]);
		n->cow_per_sec = strtod(argv[2], &end[1]);
		n->fork_sec = strtod(argv[3], &end[2]);
		if (!*end[0] && !*end[1] && !*end[2] && n->anon_per_sec > 0 &&
		    n->cow_per_sec > 0 && n->fork_sec > 0)
			return;
	}
	fprintf(stderr, "usage: fault_bench ANON_FAULTS_PER_SEC COW_FAULTS_PER_SEC FORK_1G_SEC\n");
	exit(2);
}

/* One row: the model's figure, the native one and model/native. */
static void print_row(const char *label, double model, double native, const char *fmt)
{
	char mbuf[32], nbuf[32];
	snprintf(mbuf, sizeof(mbuf), fmt, model);
	snprintf(nbuf, sizeof(nbuf), fmt, native);
	printf("  %-44s %12s %12s %14.2f\n", label, mbuf, nbuf, model / native);
}

/* The table: figures, ratios and what each ratio means against its goal. */
static void report(const struct fault_figures *f, const struct fault_figures *n)
{
	double fault_ratio = f->anon_per_sec / n->anon_per_sec;
	double fork_ratio = f->fork_sec / n->fork_sec;

	printf("== Faults and fork: model vs native kernel, private anonymous memory, "
	       "best of %d ==\n", REPEATS);
	printf("  %-44s %12s %12s %14s\n", "", "model", "native", "model/native");
	print_row("anon write faults/s, first touch, 256 MiB", f->anon_per_sec, n->anon_per_sec,
		  "%.0f");
	print_row("CoW faults/s, parent writes after fork", f->cow_per_sec, n->cow_per_sec,
		  "%.0f");
	print_row("fork ms, 1 GiB written, until fork returns", f->fork_sec * 1e3,
		  n->fork_sec * 1e3, "%.3f");
	printf("  faults/s: faults counted (task min_flt; getrusage ru_minflt natively) over\n"
	       "            the time of the writes; model/native > 1: the model is faster.\n"
	       "  native:   real mmap of 4 KiB pages (MADV_NOHUGEPAGE), one byte written per\n"
	       "            page; fork measured in a process with no modeled machine in it.\n"
	       "  fork ms:  model/native < 1: the modeled fork takes less host time.\n"
	       "  goal: anon faults model/native >= %.0f (%.2f, %s);"
	       " fork model/native <= %.1f (%.2f, %s)\n\n",
	       GOAL_FAULT_RATIO, fault_ratio, fault_ratio >= GOAL_FAULT_RATIO ? "met" : "NOT met",
	       GOAL_FORK_RATIO, fork_ratio, fork_ratio <= GOAL_FORK_RATIO ? "met" : "NOT met");
}

int main(int argc, char **argv)
{
	struct fault_figures native;
	struct fault_figures model = {0};

	setvbuf(stdout, NULL, _IOLBF, 0);
	parse_native(argc, argv, &native);
	struct machine *m = boot_machine();
	for (int i = 0; i < REPEATS; i++)
		fault_run(m, &model);
	model.fork_sec = fork_best(m);
	machine_free(m);
	report(&model, &native);
	return 0;
}
