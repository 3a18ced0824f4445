/* read_bench: what reading a meminfo file costs a reader like cat, on the
 * host kernel's procfs, on the FUSE floor and on mmsim, measured in turns
 * in the same run. Usage: read_bench KERNEL_FILE FLOOR_FILE MMSIM_FILE */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define READ_SIZE 8192
#define ROUNDS 8
#define SLICE_SEC 0.3
#define GOAL_FLOOR_RATIO 1.2

enum { KERNEL, FLOOR, MMSIM, NR_TARGETS };

static const char *const target_names[NR_TARGETS] = {
	[KERNEL] = "kernel procfs",
	[FLOOR] = "FUSE floor (fuse_floor)",
	[MMSIM] = "mmsim (mmsimd)",
};

/* Monotonic time in seconds. */
static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One open + read(8 KiB) + close, as cat does for a small file, leaving
 * the held fd alone; returns the bytes read, or -1. */
static ssize_t read_once(const char *path, int held_fd)
{
	char buf[READ_SIZE];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf));
	close(fd);
	return n;
}

/* One pread(8 KiB) at offset 0 on a file kept open, as top and vmstat
 * re-read theirs; returns the bytes read, or -1. */
static ssize_t reread_once(const char *path, int fd)
{
	char buf[READ_SIZE];
	return pread(fd, buf, sizeof(buf), 0);
}

static const struct read_mode {
	const char *name;
	ssize_t (*op)(const char *path, int fd);
} read_modes[] = {
	{"open+read+close", read_once},
	{"pread @0, open fd", reread_once},
};

#define NR_MODES (sizeof(read_modes) / sizeof(read_modes[0]))

/* Run mode's op on path for SLICE_SEC, with one fd held open for the
 * modes that re-read; ops/s, or -1 on a failed read. *bytes gets the size
 * of the last read. */
static double ops_per_sec(const struct read_mode *mode, const char *path, ssize_t *bytes)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	unsigned long ops = 0;
	double t0 = now_sec(), t;
	do {
		for (int i = 0; i < 32; i++, ops++)
			if ((*bytes = mode->op(path, fd)) <= 0) {
				close(fd);
				return -1;
			}
		t = now_sec() - t0;
	} while (t < SLICE_SEC);
	close(fd);
	return (double)ops / t;
}

/* One row of time-per-op ratios: mmsim's cost over the base target's. */
static void print_ratio(const char *name, double best[NR_MODES][NR_TARGETS], int base)
{
	printf("  %-28s", name);
	for (size_t mo = 0; mo < NR_MODES; mo++)
		printf(" %17.2fx", best[mo][base] / best[mo][MMSIM]);
	printf("\n");
}

int main(int argc, char **argv)
{
	double best[NR_MODES][NR_TARGETS] = {{0}};
	ssize_t bytes[NR_TARGETS] = {0};

	if (argc != 1 + NR_TARGETS) {
		fprintf(stderr, "usage: read_bench KERNEL_FILE FLOOR_FILE MMSIM_FILE\n");
		return 2;
	}
	/* Turns, not one long run per target, so drift hits all alike. */
	for (int r = 0; r < ROUNDS; r++)
		for (size_t mo = 0; mo < NR_MODES; mo++)
			for (int t = 0; t < NR_TARGETS; t++) {
				double ops = ops_per_sec(&read_modes[mo], argv[1 + t], &bytes[t]);
				if (ops < 0) {
					perror(argv[1 + t]);
					return 1;
				}
				if (ops > best[mo][t])
					best[mo][t] = ops;
			}

	printf("== Reading meminfo: ops/s, %d KiB reads, best of %d turns of %.1f s ==\n",
	       READ_SIZE / 1024, ROUNDS, SLICE_SEC);
	printf("  %-28s %18s %18s %7s\n", "", read_modes[0].name, read_modes[1].name, "bytes");
	for (int t = 0; t < NR_TARGETS; t++)
		printf("  %-28s %18.0f %18.0f %7zd\n", target_names[t], best[0][t], best[1][t],
		       bytes[t]);
	print_ratio("cost ratio mmsim/floor", best, FLOOR);
	print_ratio("cost ratio mmsim/kernel", best, KERNEL);
	printf("  cost ratio: mmsim's time per op over the other's (1.00x: as cheap).\n"
	       "  goal: mmsim/floor <= %.1fx ->", GOAL_FLOOR_RATIO);
	for (size_t mo = 0; mo < NR_MODES; mo++)
		printf(" %s: %s;", read_modes[mo].name,
		       best[mo][FLOOR] / best[mo][MMSIM] <= GOAL_FLOOR_RATIO ? "met" : "NOT met");
	printf("\n");
	for (int t = 0; t < NR_TARGETS; t++)
		printf("  %-23s %s\n", target_names[t], argv[1 + t]);
	return 0;
}
