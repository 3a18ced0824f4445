/* native_bench: the host kernel doing what fault_bench asks of the model,
 * with real mmap and fork: anonymous write faults, copy-on-write faults
 * after fork, and fork of a process with 1 GiB touched. A process of its
 * own, so that no modeled machine in its address space inflates fork.
 * Prints one line, "ANON_FAULTS_PER_SEC COW_FAULTS_PER_SEC FORK_1G_SEC",
 * each the best of REPEATS runs, for fault_bench to set beside the model. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SZ_1M (1UL << 20)
#define FAULT_BYTES (256 * SZ_1M)
#define FORK_BYTES (1024 * SZ_1M)
#define REPEATS 3

static long page_size;

/* Monotonic time in seconds. */
static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Minor faults this process has taken so far, as the kernel counts them. */
static long minor_faults(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* A fresh private anonymous mapping of len bytes, kept out of THP so that
 * every 4 KiB page takes its own fault; exits when the host refuses. */
static char *map_anon(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || madvise(p, len, MADV_NOHUGEPAGE)) {
		perror("native_bench: mmap");
		exit(1);
	}
	return p;
}

/* Write one byte in every page of [p, p+len). */
static void write_pages(char *p, size_t len)
{
	for (size_t off = 0; off < len; off += (size_t)page_size)
		((volatile char *)p)[off] = 1;
}

/* Faults per second while writing every page of [p, p+len): the faults
 * the kernel counted over the time the writes took. */
static double fault_rate(char *p, size_t len)
{
	long flt0 = minor_faults();
	double t0 = now_sec();
	write_pages(p, len);
	double t = now_sec() - t0;
	return (double)(minor_faults() - flt0) / t;
}

/* fork(), or exit: nothing to measure without a child. */
static pid_t fork_or_die(void)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("native_bench: fork");
		exit(1);
	}
	return pid;
}

/* Fault in FAULT_BYTES with first-touch writes, then fork a child that
 * holds the pages shared until the parent closes the pipe, and write every
 * page again in the parent, each write copying a page the child still
 * maps. Keeps the highest anon and CoW fault rates seen in *anon, *cow. */
static void fault_run(double *anon, double *cow)
{
	int pipefd[2];
	char c;
	char *p = map_anon(FAULT_BYTES);
	double rate = fault_rate(p, FAULT_BYTES);
	if (rate > *anon)
		*anon = rate;
	if (pipe(pipefd)) {
		perror("native_bench: pipe");
		exit(1);
	}
	pid_t child = fork_or_die();
	if (child == 0) {
		close(pipefd[1]);
		while (read(pipefd[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(pipefd[0]);
	rate = fault_rate(p, FAULT_BYTES);
	if (rate > *cow)
		*cow = rate;
	close(pipefd[1]);
	waitpid(child, NULL, 0);
	munmap(p, FAULT_BYTES);
}

/* The fewest seconds fork() took in the parent, over REPEATS forks of a
 * process that has just written its FORK_BYTES; each child exits at once.
 * Writing again after a child has gone makes the pages writable and
 * exclusive once more (reused, not copied), so every fork finds the
 * process as the first one did. */
static double fork_best(void)
{
	double best = 0;
	char *p = map_anon(FORK_BYTES);
	for (int i = 0; i < REPEATS; i++) {
		write_pages(p, FORK_BYTES);
		double t0 = now_sec();
		pid_t child = fork_or_die();
		if (child == 0)
			_exit(0);
		double t = now_sec() - t0;
		waitpid(child, NULL, 0);
		if (i == 0 || t < best)
			best = t;
	}
	munmap(p, FORK_BYTES);
	return best;
}

int main(void)
{
	page_size = sysconf(_SC_PAGESIZE);
	double anon = 0, cow = 0;
	for (int i = 0; i < REPEATS; i++)
		fault_run(&anon, &cow);
	printf("%.0f %.0f %.6f\n", anon, cow, fork_best());
	return 0;
}
