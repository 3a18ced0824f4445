/* /proc/PID: a modeled task's files as Linux 6.18 prints them — maps,
 * smaps, smaps_rollup (fs/proc/task_mmu.c), status, stat, statm
 * (fs/proc/array.c), cmdline, comm, oom_score and oom_score_adj
 * (fs/proc/base.c). What the model has no notion of (signals, capabilities
 * beyond root's, scheduling) prints as an idle root-started task shows it.
 * numa_maps is not served. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fs/parse.h"
#include "fs/render.h"
#include "model/filemap.h"
#include "model/fs.h"
#include "model/machine.h"
#include "model/memory.h"
#include "model/mm.h"
#include "model/shmem.h"
#include "model/show_mem.h"
#include "model/task.h"

#define K(pages) ((pages) << (PAGE_SHIFT - 10))
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define PMD_SIZE (1UL << PMD_SHIFT)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Each task p of thread group group_id, in pid order. */
#define for_each_thread(m, group_id, p)                                    \
	for ((p) = next_task(m, 0); (p); (p) = next_task(m, (p)->pid))     \
		if ((p)->tgid != (group_id)) {                             \
		} else

/* The task a /proc/PID file shows, or NULL once it is gone. */
static struct task_struct *proc_task(struct machine *m, long pid)
{
	return pid > 0 && pid <= INT_MAX ? find_task_by_pid(m, (int)pid) : NULL;
}

/* get_mm_counter(): a resident-page counter, never below zero. */
static unsigned long get_mm_counter(const struct mm_struct *mm, enum mm_counter member)
{
	return mm->rss_stat[member] > 0 ? (unsigned long)mm->rss_stat[member] : 0;
}

/* get_mm_rss(): the pages mapped, whatever their kind. */
static unsigned long get_mm_rss(const struct mm_struct *mm)
{
	return get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_ANONPAGES) +
	       get_mm_counter(mm, MM_SHMEMPAGES);
}

/* The threads in t's group (get_nr_threads()): its leader keeps the count. */
static int get_nr_threads(struct machine *m, const struct task_struct *t)
{
	const struct task_struct *leader = find_task_by_pid(m, t->tgid);
	return leader ? leader->nr_threads : 1;
}

/*
 * maps
 */

/* The vsyscall page: no mm's VMA, yet maps and smaps print it last, as
 * the gate area (vsyscall=xonly, so execute-only). */
static const struct vm_area_struct gate_vma = {
	.vm_start = 0xffffffffff600000UL,
	.vm_end = 0xffffffffff601000UL,
	.vm_flags = VM_EXEC,
	.vm_name = "[vsyscall]",
};

/* seq_setwidth(m, 25 + sizeof(void *) * 6 - 1): a name is padded out to
 * this column, then one more space. */
#define MAPS_NAME_COLUMN 72

/* show_vma_header_prefix(): "start-end perms offset major:minor inode ". */
static void show_vma_header_prefix(struct buf *out, unsigned long start, unsigned long end,
				   unsigned long flags, unsigned long long pgoff,
				   unsigned int major, unsigned int minor, unsigned long ino)
{
	buf_printf(out, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ", start, end,
		   flags & VM_READ ? 'r' : '-', flags & VM_WRITE ? 'w' : '-',
		   flags & VM_EXEC ? 'x' : '-', flags & VM_MAYSHARE ? 's' : 'p', pgoff, major,
		   minor, ino);
}

/* seq_pad(): spaces from the line's start at line_start out to the name
 * column, then the one that always separates the name. */
static void pad_to_name(struct buf *out, size_t line_start)
{
	size_t used = out->len - line_start;
	int pad = used < MAPS_NAME_COLUMN ? (int)(MAPS_NAME_COLUMN - used) : 0;
	buf_printf(out, "%*s ", pad, "");
}

/* get_vma_name(): the file's path, a special mapping's name, [heap] for
 * the VMA at the initial brk area, [stack] for the one holding the
 * initial stack pointer; NULL for other anonymous memory. mm is NULL for
 * the gate area. */
static const char *vma_name(const struct mm_struct *mm, const struct vm_area_struct *vma)
{
	if (vma->vm_file)
		return vma->vm_file->f_inode->path;
	if (vma->vm_name || !mm)
		return vma->vm_name;
	if (vma->vm_start < mm->brk && vma->vm_end > mm->start_brk) /* vma_is_initial_heap() */
		return "[heap]";
	if (vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
		return "[stack]";
	return NULL;
}

/* show_map_vma(): one line of maps, the header of a VMA in smaps. A
 * file's device is its super block's: shm_mnt's for shmem, else the
 * root file system's. */
static void show_map_vma(struct buf *out, const struct mm_struct *mm,
			 const struct vm_area_struct *vma)
{
	size_t line = out->len;
	const struct inode *inode = vma->vm_file ? vma->vm_file->f_inode : NULL;

	if (inode) {
		bool shm = shmem_mapping(inode);
		show_vma_header_prefix(out, vma->vm_start, vma->vm_end, vma->vm_flags,
				       (unsigned long long)vma->vm_pgoff << PAGE_SHIFT,
				       shm ? SHM_MNT_DEV_MAJOR : ROOT_DEV_MAJOR,
				       shm ? SHM_MNT_DEV_MINOR : ROOT_DEV_MINOR, inode->i_ino);
	} else {
		show_vma_header_prefix(out, vma->vm_start, vma->vm_end, vma->vm_flags, 0, 0, 0,
				       0);
	}
	const char *name = vma_name(mm, vma);
	if (name) {
		pad_to_name(out, line);
		buf_printf(out, "%s", name);
	}
	buf_printf(out, "\n");
}

/* maps: every VMA in address order, then the gate area. */
int show_pid_maps(struct machine *m, long pid, struct buf *out)
{
	const struct task_struct *t = proc_task(m, pid);
	if (!t)
		return -ESRCH;
	if (!t->mm)
		return 0;
	for (int i = 0; i < t->mm->map_count; i++)
		show_map_vma(out, t->mm, &t->mm->vmas[i]);
	show_map_vma(out, t->mm, &gate_vma);
	return 0;
}

/*
 * smaps and smaps_rollup
 */

/* Pss is summed with this many fraction bits, so that pages shared three
 * ways do not lose a third of a byte each. */
#define PSS_SHIFT 12

/* struct mem_size_stats, in bytes (the pss_* fields in bytes << PSS_SHIFT).
 * The model has no KSM, THP mappings, hugetlb mappings or MADV_FREE yet,
 * so their fields stay 0 until it does. */
struct mem_size_stats {
	uint64_t resident;
	uint64_t shared_clean, shared_dirty;
	uint64_t private_clean, private_dirty;
	uint64_t referenced;
	uint64_t anonymous;
	uint64_t lazyfree;
	uint64_t anonymous_thp, shmem_thp, file_thp;
	uint64_t swap;
	uint64_t shared_hugetlb, private_hugetlb;
	uint64_t ksm;
	uint64_t pss, pss_anon, pss_file, pss_shmem, pss_dirty, pss_locked;
	uint64_t swap_pss;
};

/* Where each smaps and smaps_rollup line's value ends, labels included. */
#define SMAPS_VALUE_END 24

/* One "Label:   value kB" line; the kernel's label strings carry their own
 * padding (Private_Hugetlb's is one column longer, its value one shorter). */
static void smaps_line(struct buf *out, const char *label, uint64_t bytes)
{
	buf_printf(out, "%s%*llu kB\n", label, SMAPS_VALUE_END - (int)strlen(label),
		   (unsigned long long)(bytes >> 10));
}

/* __show_smap()'s lines, in order. */
struct smaps_field {
	const char *label;
	size_t offset;   /* in struct mem_size_stats */
	bool pss;        /* carries PSS_SHIFT fraction bits */
	bool rollup;     /* in smaps_rollup only */
};

#define MSS(field) offsetof(struct mem_size_stats, field)

static const struct smaps_field smaps_fields[] = {
	{"Rss:            ", MSS(resident), false, false},
	{"Pss:            ", MSS(pss), true, false},
	{"Pss_Dirty:      ", MSS(pss_dirty), true, false},
	{"Pss_Anon:       ", MSS(pss_anon), true, true},
	{"Pss_File:       ", MSS(pss_file), true, true},
	{"Pss_Shmem:      ", MSS(pss_shmem), true, true},
	{"Shared_Clean:   ", MSS(shared_clean), false, false},
	{"Shared_Dirty:   ", MSS(shared_dirty), false, false},
	{"Private_Clean:  ", MSS(private_clean), false, false},
	{"Private_Dirty:  ", MSS(private_dirty), false, false},
	{"Referenced:     ", MSS(referenced), false, false},
	{"Anonymous:      ", MSS(anonymous), false, false},
	{"KSM:            ", MSS(ksm), false, false},
	{"LazyFree:       ", MSS(lazyfree), false, false},
	{"AnonHugePages:  ", MSS(anonymous_thp), false, false},
	{"ShmemPmdMapped: ", MSS(shmem_thp), false, false},
	{"FilePmdMapped:  ", MSS(file_thp), false, false},
	{"Shared_Hugetlb: ", MSS(shared_hugetlb), false, false},
	{"Private_Hugetlb: ", MSS(private_hugetlb), false, false},
	{"Swap:           ", MSS(swap), false, false},
	{"SwapPss:        ", MSS(swap_pss), true, false},
	{"Locked:         ", MSS(pss_locked), true, false},
};

/* __show_smap(): the statistics common to smaps and smaps_rollup. */
static void show_smap_stats(struct buf *out, const struct mem_size_stats *mss, bool rollup)
{
	for (size_t i = 0; i < ARRAY_SIZE(smaps_fields); i++) {
		const struct smaps_field *f = &smaps_fields[i];
		uint64_t v;
		if (f->rollup && !rollup)
			continue;
		memcpy(&v, (const char *)mss + f->offset, sizeof(v));
		smaps_line(out, f->label, f->pss ? v >> PSS_SHIFT : v);
	}
}

/* smaps_page_accumulate(): a page's share, pss, by kind and by whether
 * it is private to this mm and dirty. */
static void smaps_page_accumulate(struct mem_size_stats *mss, const struct page *page,
				  uint64_t pss, bool dirty, bool locked, bool private)
{
	mss->pss += pss;
	if (PageAnon(page))
		mss->pss_anon += pss;
	else if (PageSwapBacked(page))
		mss->pss_shmem += pss;
	else
		mss->pss_file += pss;
	if (locked)
		mss->pss_locked += pss;
	if (dirty) {
		mss->pss_dirty += pss;
		*(private ? &mss->private_dirty : &mss->shared_dirty) += PAGE_SIZE;
	} else {
		*(private ? &mss->private_clean : &mss->shared_clean) += PAGE_SIZE;
	}
}

/* smaps_pte_entry() and smaps_account() for a present 4 KiB PTE: Rss,
 * and a Pss share of 1/mapcount when other mappings share the page. */
static void smaps_pte_entry(const struct machine *m, struct mem_size_stats *mss,
			    const struct vm_area_struct *vma, pte_t pte)
{
	const struct page *page = pfn_to_page(m, pte_pfn(pte));
	bool dirty = (pte & _PAGE_DIRTY) || PageDirty(page);
	unsigned int mapcount = page_mapcount(page);
	uint64_t pss = (uint64_t)PAGE_SIZE << PSS_SHIFT;

	if (PageAnon(page)) {
		mss->anonymous += PAGE_SIZE;
		if (!PageSwapBacked(page) && !dirty)
			mss->lazyfree += PAGE_SIZE;
	}
	mss->resident += PAGE_SIZE;
	if ((pte & _PAGE_ACCESSED) || PageReferenced(page))
		mss->referenced += PAGE_SIZE;
	if (mapcount >= 2)
		pss /= (uint64_t)mapcount;
	smaps_page_accumulate(mss, page, pss, dirty, vma->vm_flags & VM_LOCKED, mapcount < 2);
}

/* smap_gather_stats(): walk vma's page tables. A missing page table
 * leaves its whole 2 MiB unmapped. A special PTE (the zero page, a PFN
 * mapping) has no struct page to count (vm_normal_page() on x86). */
static void smap_gather_stats(const struct machine *m, const struct mm_struct *mm,
			      const struct vm_area_struct *vma, struct mem_size_stats *mss)
{
	for (unsigned long addr = vma->vm_start; addr < vma->vm_end;) {
		const pte_t *pte = follow_pte(m, mm, addr);
		if (!pte) {
			addr = (addr | (PMD_SIZE - 1)) + 1;
			continue;
		}
		if (pte_present(*pte) && !pte_special(*pte))
			smaps_pte_entry(m, mss, vma, *pte);
		addr += PAGE_SIZE;
	}
}

/* thp_vma_allowable_orders(TVA_SMAPS | TVA_ENFORCE_SYSFS) for the PMD
 * order: anonymous memory (no file, no special mapping) while THP is
 * "always", with room for one aligned 2 MiB page. ("madvise" needs
 * VM_HUGEPAGE, which the model does not set yet.) */
static bool thp_eligible(const struct machine *m, const struct vm_area_struct *vma)
{
	if (vma->vm_file || vma->vm_name || m->thp.enabled != THP_ALWAYS ||
	    vma->vm_end - vma->vm_start < PMD_SIZE)
		return false;
	return ((vma->vm_end - PMD_SIZE) & ~(PMD_SIZE - 1)) >= vma->vm_start;
}

/* show_smap_vma_flags()'s mnemonics, indexed by vm_flags bit (x86-64;
 * the protection-key bits 32..36 have none). */
static const char *const vm_flag_mnemonics[64] = {
	[0] = "rd",  [1] = "wr",  [2] = "ex",  [3] = "sh",  [4] = "mr",  [5] = "mw",
	[6] = "me",  [7] = "ms",  [8] = "gd",  [9] = "um",  [10] = "pf", [12] = "uw",
	[13] = "lo", [14] = "io", [15] = "sr", [16] = "rr", [17] = "dc", [18] = "de",
	[19] = "lf", [20] = "ac", [21] = "nr", [22] = "ht", [23] = "sf", [24] = "ar",
	[25] = "wf", [26] = "dd", [27] = "sd", [28] = "mm", [29] = "hg", [30] = "nh",
	[31] = "mg", [37] = "ss", [38] = "ui", [40] = "dp", [63] = "sl",
};

/* "VmFlags: " and the mnemonic of each set flag, each followed by a space. */
static void show_smap_vma_flags(struct buf *out, const struct vm_area_struct *vma)
{
	buf_printf(out, "VmFlags: ");
	for (unsigned int bit = 0; bit < ARRAY_SIZE(vm_flag_mnemonics); bit++)
		if ((vma->vm_flags & (1UL << bit)) && vm_flag_mnemonics[bit])
			buf_printf(out, "%s ", vm_flag_mnemonics[bit]);
	buf_printf(out, "\n");
}

/* show_smap(): one VMA of smaps; mm is NULL for the gate area, which no
 * page walk reaches. */
static void show_smap(const struct machine *m, struct buf *out, const struct mm_struct *mm,
		      const struct vm_area_struct *vma)
{
	struct mem_size_stats mss = {0};

	if (mm)
		smap_gather_stats(m, mm, vma, &mss);
	show_map_vma(out, mm, vma);
	smaps_line(out, "Size:           ", vma->vm_end - vma->vm_start);
	smaps_line(out, "KernelPageSize: ", PAGE_SIZE);
	smaps_line(out, "MMUPageSize:    ", PAGE_SIZE);
	show_smap_stats(out, &mss, false);
	buf_printf(out, "THPeligible:    %8u\n", mm && thp_eligible(m, vma));
	show_smap_vma_flags(out, vma);
}

/* smaps: each VMA as show_smap() prints it, then the gate area. */
int show_pid_smaps(struct machine *m, long pid, struct buf *out)
{
	const struct task_struct *t = proc_task(m, pid);
	if (!t)
		return -ESRCH;
	if (!t->mm)
		return 0;
	for (int i = 0; i < t->mm->map_count; i++)
		show_smap(m, out, t->mm, &t->mm->vmas[i]);
	show_smap(m, out, NULL, &gate_vma);
	return 0;
}

/* show_smaps_rollup(): every VMA's statistics summed under one header
 * spanning the first VMA's start to the last one's end. */
int show_pid_smaps_rollup(struct machine *m, long pid, struct buf *out)
{
	const struct task_struct *t = proc_task(m, pid);
	if (!t || !t->mm)
		return -ESRCH;
	const struct mm_struct *mm = t->mm;
	struct mem_size_stats mss = {0};
	unsigned long start = 0, end = 0;

	for (int i = 0; i < mm->map_count; i++)
		smap_gather_stats(m, mm, &mm->vmas[i], &mss);
	if (mm->map_count) {
		start = mm->vmas[0].vm_start;
		end = mm->vmas[mm->map_count - 1].vm_end;
	}
	size_t line = out->len;
	show_vma_header_prefix(out, start, end, 0, 0, 0, 0, 0);
	pad_to_name(out, line);
	buf_printf(out, "[rollup]\n");
	show_smap_stats(out, &mss, true);
	return 0;
}

/*
 * status, stat, statm
 */

/* The process group of t. Modeled processes run as if started by
 * setsid(): each leads its own session and process group, with no
 * controlling terminal. */
static int task_pgrp(const struct task_struct *t)
{
	return t->tgid;
}

/* The session t belongs to, led by its process (see task_pgrp()). */
static int task_session(const struct task_struct *t)
{
	return t->tgid;
}

/* task_state_array[]: /proc's state letters and their words. */
static const char *const task_state_array[] = {
	"R (running)", "S (sleeping)", "D (disk sleep)", "T (stopped)", "t (tracing stop)",
	"X (dead)",    "Z (zombie)",   "P (parked)",     "I (idle)",
};

/* get_task_state(): the letter and word for t's state. */
static const char *get_task_state(const struct task_struct *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(task_state_array); i++)
		if (task_state_array[i][0] == t->state)
			return task_state_array[i];
	return task_state_array[0];
}

/* proc_task_name(.., escape): comm with newlines and backslashes escaped,
 * so that a status line stays one line. */
static void show_task_name_escaped(struct buf *out, const struct task_struct *t)
{
	for (const char *c = t->comm; c < t->comm + TASK_COMM_LEN && *c; c++) {
		if (*c == '\n')
			buf_printf(out, "\\n");
		else if (*c == '\\')
			buf_printf(out, "\\\\");
		else
			buf_write(out, c, 1);
	}
}

/* The file-descriptor table size of a task with few files open
 * (NR_OPEN_DEFAULT = BITS_PER_LONG). */
#define NR_OPEN_DEFAULT 64

/* task_state(): names and ids. */
static void task_state(struct buf *out, const struct task_struct *t)
{
	unsigned int uid = t->uid, gid = t->gid;

	buf_printf(out, "Umask:\t%#04o\nState:\t%s\n", 022, get_task_state(t));
	buf_printf(out, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", t->tgid,
		   t->pid, t->ppid);
	buf_printf(out, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", uid, uid, uid, uid, gid,
		   gid, gid, gid);
	buf_printf(out, "FDSize:\t%d\nGroups:\t \n", NR_OPEN_DEFAULT);
	buf_printf(out, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\nKthread:\t0\n", t->tgid,
		   t->pid, task_pgrp(t), task_session(t));
}

/* task_mem(): the address space's sizes, in kB. */
static void task_mem(struct buf *out, const struct mm_struct *mm)
{
	unsigned long anon = get_mm_counter(mm, MM_ANONPAGES);
	unsigned long file = get_mm_counter(mm, MM_FILEPAGES);
	unsigned long shmem = get_mm_counter(mm, MM_SHMEMPAGES);
	unsigned long rss = anon + file + shmem;
	unsigned long text = PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK);
	unsigned long exec_bytes = mm->exec_vm << PAGE_SHIFT;

	if (text > exec_bytes)
		text = exec_bytes;
	const struct {
		const char *name;
		unsigned long kb;
	} lines[] = {
		{"VmPeak", K(mm->hiwater_vm > mm->total_vm ? mm->hiwater_vm : mm->total_vm)},
		{"VmSize", K(mm->total_vm)},
		{"VmLck", K(mm->locked_vm)},
		{"VmPin", 0},
		{"VmHWM", K(mm->hiwater_rss > rss ? mm->hiwater_rss : rss)},
		{"VmRSS", K(rss)},
		{"RssAnon", K(anon)},
		{"RssFile", K(file)},
		{"RssShmem", K(shmem)},
		{"VmData", K(mm->data_vm)},
		{"VmStk", K(mm->stack_vm)},
		{"VmExe", text >> 10},
		{"VmLib", (exec_bytes - text) >> 10},
		{"VmPTE", mm->pgtables_bytes >> 10},
		{"VmSwap", K(get_mm_counter(mm, MM_SWAPENTS))},
		{"HugetlbPages", 0},
	};
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		buf_printf(out, "%s:\t%8lu kB\n", lines[i].name, lines[i].kb);
}

/* RLIMIT_SIGPENDING's default, max_threads / 2, where set_max_threads()
 * allows as many threads as an eighth of RAM holds 16 KiB stacks. */
static unsigned long sigpending_limit(const struct machine *m)
{
	return totalram_pages(m) * PAGE_SIZE / (16384 * 8) / 2;
}

/* task_sig(): no signal is pending, blocked, ignored or caught. */
static void task_sig(struct machine *m, struct buf *out, const struct task_struct *t)
{
	static const char *const sets[] = {"SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt"};

	buf_printf(out, "Threads:\t%d\nSigQ:\t0/%lu\n", get_nr_threads(m, t), sigpending_limit(m));
	for (size_t i = 0; i < ARRAY_SIZE(sets); i++)
		buf_printf(out, "%s:\t%016x\n", sets[i], 0);
}

/* Every capability up to CAP_LAST_CAP (40, CAP_CHECKPOINT_RESTORE). */
#define CAP_FULL_SET ((1ULL << 41) - 1)

/* task_cap(): root holds every capability; other users none, with the
 * full bounding set. */
static void task_cap(struct buf *out, const struct task_struct *t)
{
	unsigned long long held = t->uid == 0 ? CAP_FULL_SET : 0;
	const struct {
		const char *name;
		unsigned long long caps;
	} sets[] = {
		{"CapInh", 0}, {"CapPrm", held}, {"CapEff", held}, {"CapBnd", CAP_FULL_SET},
		{"CapAmb", 0},
	};
	for (size_t i = 0; i < ARRAY_SIZE(sets); i++)
		buf_printf(out, "%s:\t%016llx\n", sets[i].name, sets[i].caps);
}

/* task_seccomp(): no filters; the speculation lines of the reference CPU. */
static void task_seccomp(struct buf *out)
{
	buf_printf(out, "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n"
			"Speculation_Store_Bypass:\tvulnerable\n"
			"SpeculationIndirectBranch:\talways enabled\n");
}

/* "%*pb" and "%*pbl" of an nbits-wide mask with its first nset bits set. */
static void show_first_bits(struct buf *out, int nbits, int nset, bool list)
{
	bool bits[nbits];
	for (int i = 0; i < nbits; i++)
		bits[i] = i < nset;
	if (list)
		buf_bitmap_list(out, bits, nbits);
	else
		buf_bitmap_hex(out, bits, nbits);
}

/* nodemask_pr_args() prints MAX_NUMNODES bits: 1 << CONFIG_NODES_SHIFT,
 * 10 in the reference kernel's config (the model caps nodes lower). */
#define NODEMASK_BITS 1024

/* task_cpus_allowed() and cpuset_task_status_allowed(): every CPU and
 * every node, as the root cpuset allows. */
static void task_cpus_allowed(const struct machine *m, struct buf *out)
{
	buf_printf(out, "Cpus_allowed:\t");
	show_first_bits(out, m->nr_cpus, m->nr_cpus, false);
	buf_printf(out, "\nCpus_allowed_list:\t");
	show_first_bits(out, m->nr_cpus, m->nr_cpus, true);
	buf_printf(out, "\nMems_allowed:\t");
	show_first_bits(out, NODEMASK_BITS, m->nr_nodes, false);
	buf_printf(out, "\nMems_allowed_list:\t");
	show_first_bits(out, m->nr_nodes, m->nr_nodes, true);
	buf_printf(out, "\n");
}

/* proc_pid_status(): the memory lines only while the task has an mm. */
int show_pid_status(struct machine *m, long pid, struct buf *out)
{
	const struct task_struct *t = proc_task(m, pid);
	if (!t)
		return -ESRCH;
	buf_printf(out, "Name:\t");
	show_task_name_escaped(out, t);
	buf_printf(out, "\n");
	task_state(out, t);
	if (t->mm) {
		task_mem(out, t->mm);
		buf_printf(out, "CoreDumping:\t0\nTHP_enabled:\t1\nuntag_mask:\t%#lx\n", ~0UL);
	}
	task_sig(m, out, t);
	task_cap(out, t);
	task_seccomp(out);
	task_cpus_allowed(m, out);
	buf_printf(out, "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
	return 0;
}

/* SCHED_NORMAL at nice 0: task_prio() 20. */
#define DEFAULT_PRIO 20
#define SIGCHLD 17
#define RLIM_INFINITY (~0UL)

/* do_task_stat(): the 52 fields of stat; whole sums the fault counts of
 * every thread, as /proc/PID/stat does, rather than t's own. The model
 * sets no PF_* flag (no ASLR yet, so no PF_RANDOMIZE). */
static int do_task_stat(struct machine *m, long pid, struct buf *out, bool whole)
{
	const struct task_struct *t = proc_task(m, pid);
	if (!t)
		return -ESRCH;
	const struct mm_struct *mm = t->mm;
	unsigned long min_flt = t->min_flt, maj_flt = t->maj_flt;
	int threads = get_nr_threads(m, t);

	if (whole) {
		const struct task_struct *p;
		min_flt = maj_flt = 0;
		for_each_thread(m, t->tgid, p) {
			min_flt += p->min_flt;
			maj_flt += p->maj_flt;
		}
	}
	/* 1-9: pid (comm) state ppid pgrp session tty_nr tpgid flags */
	buf_printf(out, "%d (%.*s) %c %d %d %d 0 -1 0", t->pid, TASK_COMM_LEN, t->comm, t->state,
		   t->ppid, task_pgrp(t), task_session(t));
	/* 10-22: faults, CPU times (not modeled), priority nice threads
	 * itrealvalue starttime */
	buf_printf(out, " %lu %lu %lu %lu 0 0 0 0 %d 0 %d 0 %llu", min_flt, t->cmin_flt, maj_flt,
		   t->cmaj_flt, DEFAULT_PRIO, threads, (unsigned long long)t->start_time);
	/* 23-28: vsize rss rsslim startcode endcode startstack */
	buf_printf(out, " %lu %lu %lu %lu %lu %lu", mm ? mm->total_vm << PAGE_SHIFT : 0,
		   mm ? get_mm_rss(mm) : 0, RLIM_INFINITY, mm ? mm->start_code : 0,
		   mm ? mm->end_code : 0, mm ? mm->start_stack : 0);
	/* 29-44: kstkesp kstkeip, four signal masks, wchan nswap cnswap
	 * exit_signal processor rt_priority policy blkio_ticks gtime cgtime */
	buf_printf(out, " 0 0 0 0 0 0 %d 0 0 %d 0 0 0 0 0 0", (!whole || threads < 2) &&
		   t->state != 'R', t->pid == t->tgid ? SIGCHLD : -1);
	/* 45-51: start_data end_data start_brk arg_start arg_end env_start env_end */
	if (mm)
		buf_printf(out, " %lu %lu %lu %lu %lu %lu %lu", mm->start_data, mm->end_data,
			   mm->start_brk, mm->arg_start, mm->arg_end, mm->env_start, mm->env_end);
	else
		buf_printf(out, " 0 0 0 0 0 0 0");
	/* 52 */
	buf_printf(out, " %d\n", t->exit_code);
	return 0;
}

/* proc_tgid_stat(): /proc/PID/stat, for the whole process. */
int show_tgid_stat(struct machine *m, long pid, struct buf *out)
{
	return do_task_stat(m, pid, out, true);
}

/* proc_tid_stat(): /proc/PID/task/TID/stat, for one thread. */
int show_tid_stat(struct machine *m, long pid, struct buf *out)
{
	return do_task_stat(m, pid, out, false);
}

/* proc_pid_statm(): sizes in pages; lib and dt are always 0. */
int show_pid_statm(struct machine *m, long pid, struct buf *out)
{
	const struct task_struct *t = proc_task(m, pid);
	if (!t)
		return -ESRCH;
	const struct mm_struct *mm = t->mm;
	if (!mm) {
		buf_printf(out, "0 0 0 0 0 0 0\n");
		return 0;
	}
	unsigned long shared = get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_SHMEMPAGES);
	unsigned long text = PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK);
	buf_printf(out, "%lu %lu %lu %lu 0 %lu 0\n", mm->total_vm,
		   shared + get_mm_counter(mm, MM_ANONPAGES), shared, text >> PAGE_SHIFT,
		   mm->data_vm + mm->stack_vm);
	return 0;
}

/*
 * cmdline, comm, oom_score, oom_score_adj
 */

/* The argument strings, NUL-separated; nothing once the mm is gone. */
int show_pid_cmdline(struct machine *m, long pid, struct buf *out)
{
	const struct task_struct *t = proc_task(m, pid);
	if (!t)
		return -ESRCH;
	if (t->mm && t->cmdline)
		buf_write(out, t->cmdline, t->cmdline_len);
	return 0;
}

/* comm_show(): the name and a newline. */
int show_pid_comm(struct machine *m, long pid, struct buf *out)
{
	const struct task_struct *t = proc_task(m, pid);
	if (!t)
		return -ESRCH;
	buf_printf(out, "%.*s\n", TASK_COMM_LEN, t->comm);
	return 0;
}

/* comm_write(): only a thread of the task's own group may rename it, and
 * whoever writes through the mount is never one. */
int store_pid_comm(struct machine *m, long pid, const char *text, size_t len, struct buf *reply)
{
	return proc_task(m, pid) ? -EINVAL : -ESRCH;
}

#define OOM_SCORE_ADJ_MIN (-1000)
#define OOM_SCORE_ADJ_MAX 1000

/* oom_badness(): the pages t's death would free (resident, swapped and
 * page tables), shifted by oom_score_adj thousandths of totalpages;
 * LONG_MIN for init and for tasks that may not be killed. */
static long oom_badness(const struct task_struct *t, unsigned long totalpages)
{
	const struct mm_struct *mm = t->mm;
	if (t->pid == 1 || !mm || t->oom_score_adj == OOM_SCORE_ADJ_MIN)
		return LONG_MIN;
	long points = (long)(get_mm_rss(mm) + get_mm_counter(mm, MM_SWAPENTS) +
			     mm->pgtables_bytes / PAGE_SIZE);
	return points + t->oom_score_adj * (long)(totalpages / 1000);
}

/* proc_oom_score(): badness scaled into 0..2000. */
int show_pid_oom_score(struct machine *m, long pid, struct buf *out)
{
	const struct task_struct *t = proc_task(m, pid);
	if (!t)
		return -ESRCH;
	long totalpages = (long)(totalram_pages(m) + total_swap_pages(m));
	long badness = oom_badness(t, (unsigned long)totalpages);
	unsigned long points = 0;
	if (badness != LONG_MIN)
		points = (unsigned long)((1000 + badness * 1000 / totalpages) * 2 / 3);
	buf_printf(out, "%lu\n", points);
	return 0;
}

/* oom_score_adj_read(): the group's value and a newline. */
int show_pid_oom_score_adj(struct machine *m, long pid, struct buf *out)
{
	const struct task_struct *t = proc_task(m, pid);
	if (!t)
		return -ESRCH;
	buf_printf(out, "%d\n", t->oom_score_adj);
	return 0;
}

/* strstrip(): s without leading and trailing whitespace (trimmed in place). */
static char *strstrip(char *s)
{
	size_t len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* kstrtoint(s, 0, res): an optional sign and a number in base 0 (decimal,
 * 0x hex, 0 octal) that fits an int. 0, -EINVAL or -ERANGE. */
static int kstrtoint(const char *s, int *res)
{
	bool neg = *s == '-';
	unsigned long mag;

	if (*s == '-' || *s == '+')
		s++;
	int err = parse_ulong(s, &mag);
	if (err)
		return err;
	if (mag > (neg ? (unsigned long)INT_MAX + 1 : (unsigned long)INT_MAX))
		return -ERANGE;
	*res = neg ? (int)-(long)mag : (int)mag;
	return 0;
}

/* PROC_NUMBUF: a number written to a /proc/PID file is read from at
 * most this many bytes less one. */
#define PROC_NUMBUF 13

/* oom_score_adj_write(): the value is the thread group's, so every thread
 * takes it. Bad text is EINVAL (ERANGE past an int), as is a value
 * outside -1000..1000; either leaves the old value. */
int store_pid_oom_score_adj(struct machine *m, long pid, const char *text, size_t len,
			    struct buf *reply)
{
	char buffer[PROC_NUMBUF] = {0};
	int adj;

	memcpy(buffer, text, len < sizeof(buffer) - 1 ? len : sizeof(buffer) - 1);
	int err = kstrtoint(strstrip(buffer), &adj);
	if (err)
		return err;
	if (adj < OOM_SCORE_ADJ_MIN || adj > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	const struct task_struct *t = proc_task(m, pid);
	if (!t)
		return -ESRCH;
	struct task_struct *p;
	for_each_thread(m, t->tgid, p)
		p->oom_score_adj = adj;
	return 0;
}
