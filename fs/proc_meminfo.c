/* /proc/meminfo and /sys/devices/system/node/nodeN/meminfo as x86-64 Linux
 * 6.18 prints them (fs/proc/meminfo.c: meminfo_proc_show; drivers/base/
 * node.c: node_read_meminfo). The two files share runs of lines; each run
 * is printed once here, for a scope that is either a node or the machine. */
#include <errno.h>

#include "fs/render.h"
#include "model/hugetlb.h"
#include "model/machine.h"
#include "model/show_mem.h"

#define K(pages) ((pages) << (PAGE_SHIFT - 10))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* What a run of lines describes: one node, or the whole machine. */
struct meminfo_scope {
	const struct machine *m;
	const struct pglist_data *pgdat; /* NULL: the whole machine */
	struct buf *out;
};

/* A meminfo line that prints one node counter, in kB. */
struct node_stat_line {
	const char *label;
	enum node_stat_item item;
};

static const struct node_stat_line lru_lines[] = {
	{"Active(anon):", NR_ACTIVE_ANON},
	{"Inactive(anon):", NR_INACTIVE_ANON},
	{"Active(file):", NR_ACTIVE_FILE},
	{"Inactive(file):", NR_INACTIVE_FILE},
	{"Unevictable:", NR_UNEVICTABLE},
};

static const struct node_stat_line thp_lines[] = {
	{"AnonHugePages:", NR_ANON_THPS},
	{"ShmemHugePages:", NR_SHMEM_THPS},
	{"ShmemPmdMapped:", NR_SHMEM_PMDMAPPED},
	{"FileHugePages:", NR_FILE_THPS},
	{"FilePmdMapped:", NR_FILE_PMDMAPPED},
};

/* The global file's Dirty..Shmem run; the node file orders it its own way. */
static const struct node_stat_line global_page_lines[] = {
	{"Dirty:", NR_FILE_DIRTY},
	{"Writeback:", NR_WRITEBACK},
	{"AnonPages:", NR_ANON_MAPPED},
	{"Mapped:", NR_FILE_MAPPED},
	{"Shmem:", NR_SHMEM},
};

static const struct node_stat_line node_page_lines[] = {
	{"Dirty:", NR_FILE_DIRTY},
	{"Writeback:", NR_WRITEBACK},
	{"FilePages:", NR_FILE_PAGES},
	{"Mapped:", NR_FILE_MAPPED},
	{"AnonPages:", NR_ANON_MAPPED},
	{"Shmem:", NR_SHMEM},
};

/* A node counter over the scope, clamped at zero. */
static unsigned long scope_node_state(const struct meminfo_scope *s, enum node_stat_item item)
{
	return s->pgdat ? node_page_state(s->pgdat, item) : global_node_page_state(s->m, item);
}

/* A zone counter summed over the scope's zones. */
static unsigned long scope_zone_state(const struct meminfo_scope *s, enum zone_stat_item item)
{
	return s->pgdat ? node_zone_page_state(s->pgdat, item) : global_zone_page_state(s->m, item);
}

/* One show_val_kb() line, with the node file's "Node N " prefix. */
static void scope_kb_line(const struct meminfo_scope *s, const char *label, unsigned long kb)
{
	if (s->pgdat)
		buf_printf(s->out, "Node %d ", s->pgdat->node_id);
	buf_kb_line(s->out, label, kb);
}

/* Lines that each print one node counter in kB. */
static void show_node_stat_lines(const struct meminfo_scope *s, const struct node_stat_line *l,
				 size_t n)
{
	for (size_t i = 0; i < n; i++)
		scope_kb_line(s, l[i].label, K(scope_node_state(s, l[i].item)));
}

/* Active .. Mlocked: the LRU lists. */
static void show_lru_lines(const struct meminfo_scope *s)
{
	unsigned long active_anon = scope_node_state(s, NR_ACTIVE_ANON);
	unsigned long inactive_anon = scope_node_state(s, NR_INACTIVE_ANON);

	scope_kb_line(s, "Active:", K(active_anon + scope_node_state(s, NR_ACTIVE_FILE)));
	scope_kb_line(s, "Inactive:", K(inactive_anon + scope_node_state(s, NR_INACTIVE_FILE)));
	show_node_stat_lines(s, lru_lines, ARRAY_SIZE(lru_lines));
	scope_kb_line(s, "Mlocked:", K(scope_zone_state(s, NR_MLOCK)));
}

/* KReclaimable .. SUnreclaim: slab and other reclaimable kernel memory. */
static void show_slab_lines(const struct meminfo_scope *s)
{
	unsigned long sreclaimable = scope_node_state(s, NR_SLAB_RECLAIMABLE);
	unsigned long sunreclaim = scope_node_state(s, NR_SLAB_UNRECLAIMABLE);

	scope_kb_line(s, "KReclaimable:",
		      K(sreclaimable + scope_node_state(s, NR_KERNEL_MISC_RECLAIMABLE)));
	scope_kb_line(s, "Slab:", K(sreclaimable + sunreclaim));
	scope_kb_line(s, "SReclaimable:", K(sreclaimable));
	scope_kb_line(s, "SUnreclaim:", K(sunreclaim));
}

/* KernelStack .. WritebackTmp. NFS_Unstable, Bounce and WritebackTmp are
 * constant 0 in 6.18: their counters are gone, the lines kept for ABI. */
static void show_kernel_lines(const struct meminfo_scope *s)
{
	scope_kb_line(s, "KernelStack:", scope_node_state(s, NR_KERNEL_STACK_KB));
	scope_kb_line(s, "PageTables:", K(scope_node_state(s, NR_PAGETABLE)));
	scope_kb_line(s, "SecPageTables:", K(scope_node_state(s, NR_SECONDARY_PAGETABLE)));
	scope_kb_line(s, "NFS_Unstable:", 0);
	scope_kb_line(s, "Bounce:", 0);
	scope_kb_line(s, "WritebackTmp:", 0);
}

/* Cached: file pages that are neither swap cache nor block-device buffers. */
static unsigned long meminfo_cached(const struct machine *m)
{
	long cached = (long)global_node_page_state(m, NR_FILE_PAGES) -
		      (long)global_node_page_state(m, NR_SWAPCACHE) - (long)nr_blockdev_pages(m);

	return cached < 0 ? 0 : (unsigned long)cached;
}

/* A hugetlb count line of /proc/meminfo: a count, not kB. */
static void hugepages_line(struct buf *out, const char *label, unsigned long count)
{
	buf_printf(out, "%-19s%5lu\n", label, count);
}

/* The default hstate's counts and the size of every pool (one hstate). */
static void hugetlb_report_meminfo(const struct machine *m, struct buf *out)
{
	hugepages_line(out, "HugePages_Total:", m->nr_huge_pages);
	hugepages_line(out, "HugePages_Free:", hugetlb_free_pages(m));
	hugepages_line(out, "HugePages_Rsvd:", hugetlb_resv_pages(m));
	hugepages_line(out, "HugePages_Surp:", hugetlb_surplus_pages(m));
	buf_kb_line(out, "Hugepagesize:", K(HPAGE_PMD_NR));
	buf_kb_line(out, "Hugetlb:", K(hugetlb_total_pages(m)));
}

/* The direct map's entries per level, in kB (4 kB, 2048 kB, 1 GiB each).
 * The 1G line is printed because the modeled CPU has gbpages. */
static void arch_report_meminfo(const struct machine *m, struct buf *out)
{
	unsigned long count[NR_PG_LEVELS];

	direct_pages_count(m, count);
	buf_kb_line(out, "DirectMap4k:", count[PG_LEVEL_4K] << 2);
	buf_kb_line(out, "DirectMap2M:", count[PG_LEVEL_2M] << 11);
	buf_kb_line(out, "DirectMap1G:", count[PG_LEVEL_1G] << 20);
}

/* /proc/meminfo. */
int show_meminfo(struct machine *m, long arg, struct buf *out)
{
	const struct meminfo_scope s = {m, NULL, out};

	buf_kb_line(out, "MemTotal:", K(totalram_pages(m)));
	buf_kb_line(out, "MemFree:", K(global_zone_page_state(m, NR_FREE_PAGES)));
	buf_kb_line(out, "MemAvailable:", K(si_mem_available(m)));
	buf_kb_line(out, "Buffers:", K(nr_blockdev_pages(m)));
	buf_kb_line(out, "Cached:", K(meminfo_cached(m)));
	buf_kb_line(out, "SwapCached:", K(global_node_page_state(m, NR_SWAPCACHE)));
	show_lru_lines(&s);
	buf_kb_line(out, "SwapTotal:", K(total_swap_pages(m)));
	buf_kb_line(out, "SwapFree:", K(get_nr_swap_pages(m)));
	buf_kb_line(out, "Zswap:", K(zswap_total_pages(m)));
	buf_kb_line(out, "Zswapped:", K(zswap_stored_pages(m)));
	show_node_stat_lines(&s, global_page_lines, ARRAY_SIZE(global_page_lines));
	show_slab_lines(&s);
	show_kernel_lines(&s);
	buf_kb_line(out, "CommitLimit:", K(vm_commit_limit(m)));
	buf_kb_line(out, "Committed_AS:", K(vm_memory_committed(m)));
	buf_kb_line(out, "VmallocTotal:", VMALLOC_TOTAL_KB);
	buf_kb_line(out, "VmallocUsed:", K(vmalloc_nr_pages(m)));
	buf_kb_line(out, "VmallocChunk:", 0); /* constant since 5.3 */
	buf_kb_line(out, "Percpu:", K(pcpu_nr_pages(m)));
	show_node_stat_lines(&s, thp_lines, ARRAY_SIZE(thp_lines));
	buf_kb_line(out, "Balloon:", K(global_node_page_state(m, NR_BALLOON_PAGES)));
	hugetlb_report_meminfo(m, out);
	arch_report_meminfo(m, out);
	return 0;
}

/* A hugetlb count line of a node's meminfo (hugetlb_report_node_meminfo). */
static void node_hugepages_line(const struct meminfo_scope *s, const char *label,
				unsigned long count)
{
	buf_printf(s->out, "Node %d %-17s%5u\n", s->pgdat->node_id, label, (unsigned int)count);
}

/* /sys/devices/system/node/node<nid>/meminfo. */
int show_node_meminfo(struct machine *m, long nid, struct buf *out)
{
	if (nid < 0 || nid >= m->nr_nodes)
		return -ENOENT;

	const struct meminfo_scope s = {m, m->node_data[nid], out};
	unsigned long total = node_managed_pages(s.pgdat);
	unsigned long free = node_zone_page_state(s.pgdat, NR_FREE_PAGES);

	scope_kb_line(&s, "MemTotal:", K(total));
	scope_kb_line(&s, "MemFree:", K(free));
	scope_kb_line(&s, "MemUsed:", K(total - free));
	scope_kb_line(&s, "SwapCached:", K(node_page_state(s.pgdat, NR_SWAPCACHE)));
	show_lru_lines(&s);
	show_node_stat_lines(&s, node_page_lines, ARRAY_SIZE(node_page_lines));
	show_kernel_lines(&s);
	show_slab_lines(&s);
	show_node_stat_lines(&s, thp_lines, ARRAY_SIZE(thp_lines));
	node_hugepages_line(&s, "HugePages_Total:", hugetlb_node_pages(s.pgdat));
	node_hugepages_line(&s, "HugePages_Free:", hugetlb_node_free_pages(s.pgdat));
	node_hugepages_line(&s, "HugePages_Surp:", hugetlb_node_surplus_pages(s.pgdat));
	return 0;
}
