/* boot_bench: what booting a modeled machine costs the host (time, and
 * bytes per modeled page), and the buddy allocator's order-0 throughput
 * against native mmap+touch+munmap of one page measured in the same run.
 * Prints figures only; it never fails on a time. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "model/gfp.h"
#include "model/machine.h"

#define SZ_1G (1ULL << 30)
#define BOOT_RUNS 3
#define GOAL_BYTES_PER_PAGE 32.0
#define GOAL_1T_BOOT_SEC 2.0
#define THROUGHPUT_SEC 1.0
#define ALLOC_BATCH 512

/* The machines timed: 64 GiB and 1 TiB as in config/numa-64g.cfg and
 * config/big-1t.cfg; boot_goal_sec 0 means no stated boot-time goal. */
static const struct bench_config {
	const char *name;
	unsigned long long ram_bytes;
	int nr_nodes;
	int nr_cpus;
	double boot_goal_sec;
} bench_configs[] = {
	{"8 GiB", 8 * SZ_1G, 1, 4, 0},
	{"64 GiB", 64 * SZ_1G, 2, 16, 0},
	{"1 TiB", 1024 * SZ_1G, 4, 64, GOAL_1T_BOOT_SEC},
};

#define NR_BENCH_CONFIGS (sizeof(bench_configs) / sizeof(bench_configs[0]))

/* Monotonic time in seconds. */
static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Resident bytes of this process (second field of /proc/self/statm). */
static long long rss_bytes(void)
{
	long long size, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return 0;
	if (fscanf(f, "%lld %lld", &size, &resident) != 2)
		resident = 0;
	fclose(f);
	return resident * sysconf(_SC_PAGESIZE);
}

/* The default machine, resized to config c. */
static void params_for(const struct bench_config *c, struct machine_params *p)
{
	machine_params_default(p);
	p->ram_bytes = c->ram_bytes;
	p->nr_nodes = c->nr_nodes;
	p->nr_cpus = c->nr_cpus;
}

/* Boot the config, or exit: a benchmark of a machine that fails to boot
 * has nothing to report. */
static struct machine *boot_or_die(const struct bench_config *c)
{
	struct machine_params p;
	const char *err;
	params_for(c, &p);
	struct machine *m = machine_boot(&p, &err);
	if (!m) {
		fprintf(stderr, "boot_bench: %s: %s\n", c->name, err);
		exit(1);
	}
	return m;
}

/* RAM pages the machine models: Σ present pages of its nodes. */
static unsigned long modeled_pages(const struct machine *m)
{
	unsigned long n = 0;
	for (int nid = 0; nid < m->nr_nodes; nid++)
		n += m->node_data[nid]->node_present_pages;
	return n;
}

/* Bytes of pageblock migratetype maps over every zone. */
static unsigned long pageblock_bytes(struct machine *m)
{
	unsigned long n = 0;
	struct zone *z;
	for_each_zone(m, z)
		n += zone_nr_pageblocks(z) * sizeof(*z->pageblock_mt);
	return n;
}

/* Boot the config BOOT_RUNS times: report the fastest boot, the
 * structural bytes per page and the RSS growth of the first boot. */
static void bench_boot(const struct bench_config *c)
{
	double best = 0;
	long long rss_growth = 0;
	double struct_bpp = 0;
	unsigned long pages = 0;

	for (int run = 0; run < BOOT_RUNS; run++) {
		long long rss0 = rss_bytes();
		double t0 = now_sec();
		struct machine *m = boot_or_die(c);
		double t = now_sec() - t0;
		if (run == 0) {
			rss_growth = rss_bytes() - rss0;
			pages = modeled_pages(m);
			struct_bpp = sizeof(struct page) + (double)pageblock_bytes(m) / pages;
		}
		if (run == 0 || t < best)
			best = t;
		machine_free(m);
	}
	printf("  %-7s %5d %5d %12lu %10.3f %14.3f %12.3f\n", c->name, c->nr_nodes, c->nr_cpus,
	       pages, best * 1e3, struct_bpp, (double)rss_growth / pages);
	if (c->boot_goal_sec)
		printf("  -> %s boot %.3f s: goal < %.0f s %s\n", c->name, best, c->boot_goal_sec,
		       best < c->boot_goal_sec ? "(met)" : "(NOT met)");
}

/* Table 1: boot time and host bytes per modeled page of each config. */
static void report_boot(void)
{
	printf("== Model boot: host cost per modeled page (struct page = %zu B, "
	       "best of %d boots) ==\n", sizeof(struct page), BOOT_RUNS);
	printf("  %-7s %5s %5s %12s %10s %14s %12s\n", "RAM", "nodes", "cpus", "pages",
	       "boot ms", "struct B/page", "RSS B/page");
	for (size_t i = 0; i < NR_BENCH_CONFIGS; i++)
		bench_boot(&bench_configs[i]);
	printf("  struct B/page: sizeof(struct page) + pageblock migratetype bytes per page,\n"
	       "                 the host memory once every struct page has been touched.\n"
	       "  RSS B/page:    growth of this process's resident set over the first boot,\n"
	       "                 per page: what boot commits (untouched memmap stays unbacked).\n"
	       "  goal: <= %.0f B/page, 1 TiB boot < %.0f s\n\n",
	       GOAL_BYTES_PER_PAGE, GOAL_1T_BOOT_SEC);
}

/* Run step(arg) in rounds for about THROUGHPUT_SEC; return pages/s. */
static double pages_per_sec(unsigned long (*step)(void *), void *arg)
{
	unsigned long pages = 0;
	double t0 = now_sec(), t;
	do {
		for (int i = 0; i < 64; i++)
			pages += step(arg);
		t = now_sec() - t0;
	} while (t < THROUGHPUT_SEC);
	return (double)pages / t;
}

/* One order-0 GFP_KERNEL alloc_pages() and its free_pages(). */
static unsigned long model_alloc_free_pair(void *arg)
{
	struct machine *m = arg;
	unsigned long pfn = alloc_pages(m, GFP_KERNEL, 0, -1);
	if (pfn == PFN_NONE)
		return 0;
	free_pages(m, pfn, 0);
	return 1;
}

/* ALLOC_BATCH order-0 allocations, then their frees: pages that do not
 * merge straight back into the block they were split from. */
static unsigned long model_alloc_free_batch(void *arg)
{
	struct machine *m = arg;
	unsigned long pfns[ALLOC_BATCH];
	unsigned long n = 0;
	while (n < ALLOC_BATCH && (pfns[n] = alloc_pages(m, GFP_KERNEL, 0, -1)) != PFN_NONE)
		n++;
	for (unsigned long i = 0; i < n; i++)
		free_pages(m, pfns[i], 0);
	return n;
}

/* The host kernel's nearest equivalent: map one anonymous page, fault it
 * in with a write, unmap it. */
static unsigned long native_mmap_touch_munmap(void *arg)
{
	long page_size = *(long *)arg;
	char *p = mmap(NULL, (size_t)page_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	*(volatile char *)p = 1;
	munmap(p, (size_t)page_size);
	return 1;
}

/* Table 2: order-0 pages/s of the model against native page faults. */
static void report_alloc(void)
{
	struct machine *m = boot_or_die(&bench_configs[0]);
	long page_size = sysconf(_SC_PAGESIZE);
	double native = pages_per_sec(native_mmap_touch_munmap, &page_size);
	double pair = pages_per_sec(model_alloc_free_pair, m);
	double batch = pages_per_sec(model_alloc_free_batch, m);
	machine_free(m);

	printf("== Allocator throughput, order 0, %s machine, ~%.0f s each ==\n",
	       bench_configs[0].name, THROUGHPUT_SEC);
	printf("  %-46s %14s %14s\n", "", "pages/s", "model/native");
	printf("  %-46s %14.0f %14s\n", "native: mmap + write 1 byte + munmap, 1 page", native,
	       "1.00");
	printf("  %-46s %14.0f %14.2f\n", "model: alloc_pages + free_pages, GFP_KERNEL", pair,
	       pair / native);
	printf("  %-46s %14.0f %14.2f\n", "model: 512 alloc_pages, then 512 free_pages", batch,
	       batch / native);
	printf("  model/native: model pages/s over native pages/s (> 1: the model is faster).\n"
	       "  The native path is a real page fault, zeroing and TLB flush; the model only\n"
	       "  does buddy bookkeeping, so this says how cheap a modeled page is, not that\n"
	       "  the two do the same work.\n\n");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	report_boot();
	report_alloc();
	return 0;
}
