/* Booting a modeled machine: the PC memory map, NUMA nodes, zones, the
 * memmap and memblock reservations, then the buddy allocator and the
 * sysctl defaults that depend on zone sizes. */
#include "model/machine.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "model/fs.h"
#include "model/gfp.h"
#include "model/kmsg.h"
#include "model/slab.h"
#include "model/task.h"
#include "model/vmscan.h"

#define SZ_1M (1ULL << 20)
#define SZ_1G (1ULL << 30)

/* Below 4 GiB a PC has RAM up to the PCI hole; QEMU's i440fx keeps 3 GiB
 * there when the machine has more, and puts the rest above 4 GiB. */
#define LOWMEM_MAX (3 * SZ_1G)
#define HIGHMEM_START (4 * SZ_1G)

/* The first 1 MiB: pfn 0 and the VGA/BIOS area [0x9f, 0x100) are not RAM,
 * and Linux reserves the rest of it (real-mode trampoline, BIOS data). */
#define LOW_RAM_END_PFN 0x9f
#define ONE_MB_PFN 0x100

/* The kernel image, loaded at 16 MiB: text, rodata, data and bss of a
 * distribution kernel after init memory is freed. */
#define KERNEL_LOAD_PFN 0x1000
#define KERNEL_IMAGE_PAGES (36 * SZ_1M / PAGE_SIZE)

#define MIN_RAM (64 * SZ_1M)
#define MAX_RAM (15ULL << 40) /* pfns are 32-bit in struct page */

static const unsigned long zone_limit_pfn[] = {
	[ZONE_DMA] = 1UL << (24 - PAGE_SHIFT),
	[ZONE_DMA32] = 1UL << (32 - PAGE_SHIFT),
	[ZONE_NORMAL] = ~0UL,
};

void machine_params_default(struct machine_params *p)
{
	memset(p, 0, sizeof(*p));
	p->ram_bytes = 4 * SZ_1G;
	p->nr_nodes = 1;
	p->nr_cpus = 2;
	p->thp_enabled = THP_MADVISE;
	p->seed = 1;
}

/* Physical address of byte offset off into the machine's RAM. */
static unsigned long long ram_to_phys(unsigned long long off, unsigned long long ram)
{
	unsigned long long low = ram > LOWMEM_MAX ? LOWMEM_MAX : ram;
	return off < low ? off : off - low + HIGHMEM_START;
}

/* The usable RAM ranges, as the firmware would report them. */
static void e820_build(struct e820_map *e, unsigned long long ram)
{
	unsigned long long low = ram > LOWMEM_MAX ? LOWMEM_MAX : ram;
	e->nr = 0;
	e->ram[e->nr++] = (struct pfn_range){1, LOW_RAM_END_PFN};
	e->ram[e->nr++] = (struct pfn_range){ONE_MB_PFN, (unsigned long)(low >> PAGE_SHIFT)};
	if (ram > low)
		e->ram[e->nr++] = (struct pfn_range){HIGHMEM_START >> PAGE_SHIFT,
						     (unsigned long)((HIGHMEM_START + ram - low) >>
								     PAGE_SHIFT)};
}

/* Pages of RAM inside [start, end). */
static unsigned long e820_present(const struct e820_map *e, unsigned long start, unsigned long end)
{
	unsigned long n = 0;
	for (int i = 0; i < e->nr; i++) {
		unsigned long s = e->ram[i].start > start ? e->ram[i].start : start;
		unsigned long t = e->ram[i].end < end ? e->ram[i].end : end;
		if (s < t)
			n += t - s;
	}
	return n;
}

/* Check params; NULL if usable, else why not. */
static const char *params_check(const struct machine_params *p)
{
	if (p->ram_bytes < MIN_RAM || p->ram_bytes > MAX_RAM)
		return "ram must be between 64M and 15T";
	if (p->nr_nodes < 1 || p->nr_nodes > MAX_NUMNODES)
		return "nodes must be between 1 and 64";
	if (p->nr_cpus < 1 || p->nr_cpus > MAX_CPUS)
		return "cpus must be between 1 and 1024";
	unsigned long long sum = 0;
	for (int i = 0; i < p->nr_nodes; i++)
		sum += p->node_ram_bytes[i];
	if (sum && sum != p->ram_bytes)
		return "node_ram must add up to ram";
	for (int i = 0; sum && i < p->nr_nodes; i++)
		if (p->node_ram_bytes[i] < PAGES_PER_SECTION * PAGE_SIZE)
			return "each node needs at least one 128M memory section";
	if (!sum && p->ram_bytes / (unsigned long long)p->nr_nodes < PAGES_PER_SECTION * PAGE_SIZE)
		return "each node needs at least one 128M memory section";
	return NULL;
}

/* RAM byte offset at which node nid ends: the configured split, or equal
 * shares rounded to memory sections with the remainder on the last node. */
static unsigned long long node_ram_end(const struct machine_params *p, int nid)
{
	unsigned long long end = 0;
	if (p->node_ram_bytes[0]) {
		for (int i = 0; i <= nid; i++)
			end += p->node_ram_bytes[i];
		return end;
	}
	if (nid == p->nr_nodes - 1)
		return p->ram_bytes;
	unsigned long long section = PAGES_PER_SECTION * PAGE_SIZE;
	unsigned long long share = p->ram_bytes / (unsigned long long)p->nr_nodes / section * section;
	return share * (unsigned long long)(nid + 1);
}

/* Lay out node pgdat over RAM offsets [from, to): its span and zones. */
static void node_init(struct machine *m, struct pglist_data *pgdat, const struct e820_map *e,
		      unsigned long long from, unsigned long long to)
{
	unsigned long start = (unsigned long)(ram_to_phys(from, m->params.ram_bytes) >> PAGE_SHIFT);
	unsigned long end = (unsigned long)((ram_to_phys(to - 1, m->params.ram_bytes) >> PAGE_SHIFT) + 1);
	if (start == 0)
		start = e->ram[0].start;

	pgdat->node_start_pfn = start;
	pgdat->node_spanned_pages = end - start;
	pgdat->node_present_pages = e820_present(e, start, end);
	unsigned long zone_lo = 0;
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &pgdat->node_zones[i];
		z->zone_pgdat = pgdat;
		z->idx = (enum zone_type)i;
		z->name = zone_names[i];
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				z->free_area[o].free_list[mt].first = PFN_NONE;
		if (i > ZONE_NORMAL)
			continue;
		unsigned long lo = start > zone_lo ? start : zone_lo;
		unsigned long hi = end < zone_limit_pfn[i] ? end : zone_limit_pfn[i];
		zone_lo = zone_limit_pfn[i];
		if (lo >= hi)
			continue;
		z->zone_start_pfn = lo;
		z->spanned_pages = hi - lo;
		z->present_pages = e820_present(e, lo, hi);
	}
}

/* Memory sections of [start, end) holding any RAM: each costs the memmap
 * 512 pages under SPARSEMEM_VMEMMAP. */
static unsigned long memmap_pages_for(const struct e820_map *e, unsigned long start,
				      unsigned long end)
{
	unsigned long n = 0;
	for (unsigned long s = start & ~(PAGES_PER_SECTION - 1); s < end; s += PAGES_PER_SECTION)
		if (e820_present(e, s, s + PAGES_PER_SECTION))
			n += MEMMAP_PAGES_PER_SECTION;
	return n;
}

/* The memblock reservations of one node: the low 1 MiB and the kernel
 * image on node 0, the node's memmap at the top of its RAM (memblock
 * allocates top-down). Returns how many ranges it wrote. */
static int node_reservations(const struct pglist_data *pgdat, const struct e820_map *e,
			     struct pfn_range *out)
{
	int n = 0;
	if (pgdat->node_id == 0) {
		out[n++] = (struct pfn_range){0, ONE_MB_PFN};
		out[n++] = (struct pfn_range){KERNEL_LOAD_PFN, KERNEL_LOAD_PFN + KERNEL_IMAGE_PAGES};
	}
	unsigned long need = pgdat->memmap_pages;
	for (int i = e->nr - 1; i >= 0 && need; i--) {
		unsigned long lo = e->ram[i].start > pgdat->node_start_pfn ? e->ram[i].start
									   : pgdat->node_start_pfn;
		unsigned long node_end = pgdat->node_start_pfn + pgdat->node_spanned_pages;
		unsigned long hi = e->ram[i].end < node_end ? e->ram[i].end : node_end;
		if (lo >= hi)
			continue;
		unsigned long take = hi - lo < need ? hi - lo : need;
		out[n++] = (struct pfn_range){hi - take, hi};
		need -= take;
	}
	return n;
}

/* Give [start, end) minus the reserved ranges (sorted by start) to the
 * buddy allocator (memblock_free_all()). */
static void free_range_except(struct machine *m, unsigned long start, unsigned long end,
			      const struct pfn_range *rsv, int nr)
{
	for (int i = 0; i < nr && start < end; i++) {
		if (rsv[i].end <= start)
			continue;
		if (rsv[i].start >= end)
			break;
		if (rsv[i].start > start)
			memblock_free_pages(m, start, rsv[i].start);
		start = rsv[i].end;
	}
	if (start < end)
		memblock_free_pages(m, start, end);
}

static int pfn_range_cmp(const void *a, const void *b)
{
	const struct pfn_range *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

/* Mark reserved pages, then free every zone's RAM outside them. */
static void mem_init(struct machine *m, const struct e820_map *e, const struct pfn_range *rsv,
		     int nr)
{
	for (int i = 0; i < nr; i++)
		for (unsigned long pfn = rsv[i].start; pfn < rsv[i].end; pfn++)
			pfn_to_page(m, pfn)->flags |= PG_reserved;
	struct zone *z;
	for_each_zone(m, z) {
		if (!z->spanned_pages)
			continue;
		z->pageblock_mt = malloc(zone_nr_pageblocks(z));
		memset(z->pageblock_mt, MIGRATE_MOVABLE, zone_nr_pageblocks(z));
		for (int r = 0; r < e->nr; r++) {
			unsigned long s = e->ram[r].start > z->zone_start_pfn ? e->ram[r].start
									  : z->zone_start_pfn;
			unsigned long t = e->ram[r].end < zone_end_pfn(z) ? e->ram[r].end : zone_end_pfn(z);
			if (s < t)
				free_range_except(m, s, t, rsv, nr);
		}
	}
}

/* A zeroed memmap for pfns [0, max_pfn). Host memory is committed only
 * where struct pages are touched; small host pages keep it that way, since
 * boot touches one head per 4 MiB block and huge pages would zero all. */
static struct page *memmap_alloc(unsigned long max_pfn)
{
	size_t bytes = max_pfn * sizeof(struct page);
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, bytes, MADV_NOHUGEPAGE);
	return p;
}

/* Spread the CPUs over the nodes in order, as firmware numbers them. */
static void assign_cpus(struct machine *m)
{
	int next = 0;
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];
		int share = m->nr_cpus / m->nr_nodes + (nid < m->nr_cpus % m->nr_nodes);
		pgdat->first_cpu = next;
		pgdat->nr_cpus = share;
		next += share;
	}
}

struct machine *machine_boot(const struct machine_params *p, const char **err)
{
	*err = params_check(p);
	if (*err)
		return NULL;
	struct machine *m = calloc(1, sizeof(*m));
	if (!m) {
		*err = "out of host memory";
		return NULL;
	}
	pthread_mutex_init(&m->lock, NULL);
	m->params = *p;
	m->nr_nodes = p->nr_nodes;
	m->nr_cpus = p->nr_cpus;
	m->rng = p->seed;
	m->sim_allocs.first = PFN_NONE;
	m->hugetlb_pool.first = PFN_NONE;

	struct e820_map e;
	e820_build(&e, p->ram_bytes);
	m->e820 = e;
	m->max_pfn = e.ram[e.nr - 1].end;
	m->mem_map = memmap_alloc(m->max_pfn);
	struct pfn_range *rsv = calloc(2 + 3 * (size_t)p->nr_nodes, sizeof(*rsv));
	if (!m->mem_map || !rsv) {
		free(rsv);
		machine_free(m);
		*err = "out of host memory for the memmap";
		return NULL;
	}

	int nr_rsv = 0;
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct pglist_data *pgdat = calloc(1, sizeof(*pgdat));
		if (!pgdat) {
			free(rsv);
			machine_free(m);
			*err = "out of host memory";
			return NULL;
		}
		m->node_data[nid] = pgdat;
		pgdat->node_id = nid;
		node_init(m, pgdat, &e, nid ? node_ram_end(p, nid - 1) : 0, node_ram_end(p, nid));
		pgdat->memmap_pages = memmap_pages_for(&e, pgdat->node_start_pfn,
						       pgdat->node_start_pfn + pgdat->node_spanned_pages);
		nr_rsv += node_reservations(pgdat, &e, rsv + nr_rsv);
	}
	assign_cpus(m);
	qsort(rsv, (size_t)nr_rsv, sizeof(*rsv), pfn_range_cmp);
	mem_init(m, &e, rsv, nr_rsv);
	free(rsv);

	m->thp.enabled = p->thp_enabled;
	if (kmem_cache_init(m)) {
		machine_free(m);
		*err = "out of memory for the boot slab caches";
		return NULL;
	}
	sysctl_init_defaults(m);
	return m;
}

void machine_free(struct machine *m)
{
	if (!m)
		return;
	tasks_free(m);
	inodes_free(m);
	kmsg_free(m);
	kmem_cache_exit(m);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!m->node_data[nid])
			continue;
		for (int i = 0; i < MAX_NR_ZONES; i++)
			free(m->node_data[nid]->node_zones[i].pageblock_mt);
		free(m->node_data[nid]);
	}
	if (m->mem_map)
		munmap(m->mem_map, m->max_pfn * sizeof(struct page));
	pthread_mutex_destroy(&m->lock);
	free(m);
}

void machine_tick(struct machine *m)
{
	m->ticks++;
	kswapd_tick(m);
}

bool pfn_valid(const struct machine *m, unsigned long pfn)
{
	unsigned long section = pfn & ~(PAGES_PER_SECTION - 1);
	return e820_present(&m->e820, section, section + PAGES_PER_SECTION) != 0;
}

unsigned long node_managed_pages(const struct pglist_data *pgdat)
{
	unsigned long n = 0;
	for (int i = 0; i < MAX_NR_ZONES; i++)
		n += pgdat->node_zones[i].managed_pages;
	return n;
}

unsigned long totalram_pages(const struct machine *m)
{
	unsigned long n = 0;
	for (int nid = 0; nid < m->nr_nodes; nid++)
		n += node_managed_pages(m->node_data[nid]);
	return n;
}

uint64_t machine_random(struct machine *m)
{
	uint64_t z = (m->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
