/* The VMA set of an address space and the calls that change it: mmap,
 * munmap, mprotect and brk, with the kernel's merge and split rules,
 * map-count limit and overcommit accounting (mm/mmap.c, mm/vma.c,
 * mm/mprotect.c, mm/util.c). */
#include "model/mm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/filemap.h"
#include "model/fs.h"
#include "model/kmsg.h"
#include "model/machine.h"
#include "model/memory.h"
#include "model/rmap.h"
#include "model/shmem.h"
#include "model/show_mem.h"
#include "model/slab.h"

#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)

#define MIN_GAP (128UL << 20)

struct mm_struct *mm_alloc(struct machine *m)
{
	struct mm_struct *mm = calloc(1, sizeof(*mm));
	if (!mm)
		return NULL;
	mm->mm_slab = kmem_cache_alloc(m, KMEM_MM_STRUCT, 0);
	if (mm->mm_slab == SLAB_NONE) {
		free(mm);
		return NULL;
	}
	/* mmap_base(): below the stack's limit, its guard gap and how far
	 * randomization may move the stack, then a random offset */
	unsigned long gap = STK_LIM + STACK_GUARD_GAP;
	if (m->params.randomize_va_space)
		gap += STACK_RND_MASK << PAGE_SHIFT;
	if (gap < MIN_GAP)
		gap = MIN_GAP;
	if (gap > TASK_SIZE / 6 * 5)
		gap = TASK_SIZE / 6 * 5;
	mm->mmap_base = PAGE_ALIGN(TASK_SIZE - gap - arch_mmap_rnd(m));
	return mm;
}

unsigned long arch_mmap_rnd(struct machine *m)
{
	if (!m->params.randomize_va_space)
		return 0;
	return (machine_random(m) & ((1UL << m->vm.mmap_rnd_bits) - 1)) << PAGE_SHIFT;
}

/* Index of the first VMA ending above addr (map_count if none). */
static int find_vma_idx(const struct mm_struct *mm, unsigned long addr)
{
	int lo = 0, hi = mm->map_count;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (mm->vmas[mid].vm_end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	int i = find_vma_idx(mm, addr);
	return i < mm->map_count ? &mm->vmas[i] : NULL;
}

void vm_stat_account(struct mm_struct *mm, const struct vm_area_struct *vma, long sign)
{
	long npages = sign * (long)vma_pages(vma);
	unsigned long f = vma->vm_flags;

	mm->total_vm += npages;
	if (mm->total_vm > mm->hiwater_vm)
		mm->hiwater_vm = mm->total_vm;
	if ((f & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC)
		mm->exec_vm += npages;
	else if ((f & VM_STACK) == VM_STACK)
		mm->stack_vm += npages;
	else if ((f & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE)
		mm->data_vm += npages;
	if (f & VM_LOCKED)
		mm->locked_vm += npages;
}

/* Make room for one more VMA at index i; false without host memory. */
static bool vma_open_slot(struct mm_struct *mm, int i)
{
	if (mm->map_count == mm->vmas_cap) {
		int cap = mm->vmas_cap ? mm->vmas_cap * 2 : 16;
		struct vm_area_struct *v = realloc(mm->vmas, (size_t)cap * sizeof(*v));
		if (!v)
			return false;
		mm->vmas = v;
		mm->vmas_cap = cap;
	}
	memmove(&mm->vmas[i + 1], &mm->vmas[i], (size_t)(mm->map_count - i) * sizeof(*mm->vmas));
	mm->map_count++;
	return true;
}

/* Drop a mapping's file reference; the last one of a shmem file takes
 * the file's pages and charge with it. */
static void vma_fput(struct machine *m, struct file *file)
{
	if (shmem_mapping(file->f_inode))
		shmem_fput(m, file);
	else
		fput(m, file);
}

/* Drop VMA i from the array, with its anon_vma links, its vm_area_struct
 * object and its file reference (its accounting is the caller's; its
 * pages must be unmapped already). */
static void vma_close_slot(struct machine *m, struct mm_struct *mm, int i)
{
	unlink_anon_vmas(m, &mm->vmas[i]);
	kmem_cache_free(m, KMEM_VM_AREA, mm->vmas[i].vm_slab);
	if (mm->vmas[i].vm_file)
		vma_fput(m, mm->vmas[i].vm_file);
	memmove(&mm->vmas[i], &mm->vmas[i + 1], (size_t)(mm->map_count - i - 1) * sizeof(*mm->vmas));
	mm->map_count--;
}

/* Cut VMA i in two at addr, inside it (__split_vma()): the new upper
 * part is linked to every anon_vma the lower one is. False without
 * memory for the new vm_area_struct or its links. Totals do not change. */
static bool split_vma(struct machine *m, struct mm_struct *mm, int i, unsigned long addr)
{
	struct vm_area_struct new = mm->vmas[i];
	new.anon_vma_chain = NULL;
	new.vm_slab = kmem_cache_alloc(m, KMEM_VM_AREA, 0);
	if (new.vm_slab == SLAB_NONE)
		return false;
	if (anon_vma_clone(m, &new, &mm->vmas[i]) || !vma_open_slot(mm, i + 1)) {
		unlink_anon_vmas(m, &new);
		kmem_cache_free(m, KMEM_VM_AREA, new.vm_slab);
		return false;
	}
	struct vm_area_struct *lo = &mm->vmas[i], *hi = &mm->vmas[i + 1];
	*hi = new;
	if (hi->vm_file)
		get_file(hi->vm_file);
	hi->vm_start = addr;
	hi->vm_pgoff += (addr - lo->vm_start) >> PAGE_SHIFT;
	lo->vm_end = addr;
	return true;
}

/* May a's and b's anonymous pages belong to one VMA
 * (is_mergeable_anon_vma() as 6.16 and later have it)? Yes with the same
 * anon_vma or none; with only one, unless that VMA is a fork child, whose
 * ancestors' chain the merged VMA would drag along. */
static bool anon_vmas_mergeable(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	if (a->anon_vma && b->anon_vma)
		return a->anon_vma == b->anon_vma;
	return !vma_is_fork_child(a->anon_vma ? a : b);
}

/* Could a and b, a right below b, be one VMA (is_mergeable_vma(),
 * is_mergeable_anon_vma() and the pgoff continuity of can_vma_merge_*)? */
static bool vmas_mergeable(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_flags == b->vm_flags &&
	       !(a->vm_flags & VM_SPECIAL) && a->vm_file == b->vm_file && a->vm_name == b->vm_name &&
	       anon_vmas_mergeable(a, b) && a->vm_pgoff + vma_pages(a) == b->vm_pgoff;
}

/* Merge VMA i into VMA i-1 if they are compatible; returns the index that
 * now covers VMA i's range. A prev without an anon_vma takes VMA i's
 * links: the kernel clones them (dup_anon_vma()) and then unlinks VMA
 * i's, which leaves the same objects as handing them over. */
static int merge_with_prev(struct machine *m, struct mm_struct *mm, int i)
{
	if (i == 0 || !vmas_mergeable(&mm->vmas[i - 1], &mm->vmas[i]))
		return i;
	struct vm_area_struct *prev = &mm->vmas[i - 1], *vma = &mm->vmas[i];
	prev->vm_end = vma->vm_end;
	if (!prev->anon_vma) {
		prev->anon_vma = vma->anon_vma;
		prev->anon_vma_chain = vma->anon_vma_chain;
		vma->anon_vma = NULL;
		vma->anon_vma_chain = NULL;
	}
	vma_close_slot(m, mm, i);
	return i - 1;
}

/* Could a, right below b, share b's anon_vma or b share a's
 * (anon_vma_compatible())? Adjacent, the same file at continuous
 * offsets, and flags that differ in access rights only. */
static bool anon_vma_compatible(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_file == b->vm_file &&
	       !((a->vm_flags ^ b->vm_flags) & ~(VM_READ | VM_WRITE | VM_EXEC)) &&
	       b->vm_pgoff == a->vm_pgoff + vma_pages(a);
}

/* old's anon_vma when a and b (one of them old) are compatible and old
 * is linked to it alone (reusable_anon_vma()); else NULL. */
static struct anon_vma *reusable_anon_vma(const struct vm_area_struct *old,
					  const struct vm_area_struct *a,
					  const struct vm_area_struct *b)
{
	if (anon_vma_compatible(a, b) && old->anon_vma && !old->anon_vma_chain->next)
		return old->anon_vma;
	return NULL;
}

struct anon_vma *find_mergeable_anon_vma(const struct mm_struct *mm,
					 const struct vm_area_struct *vma)
{
	long i = vma - mm->vmas;
	struct anon_vma *anon_vma = NULL;
	if (i + 1 < mm->map_count)
		anon_vma = reusable_anon_vma(vma + 1, vma, vma + 1);
	if (!anon_vma && i > 0)
		anon_vma = reusable_anon_vma(vma - 1, vma - 1, vma);
	return anon_vma;
}

/* Merge VMA i with whichever neighbours it fits (vma_merge()). */
static void vma_merge_neighbours(struct machine *m, struct mm_struct *mm, int i)
{
	i = merge_with_prev(m, mm, i);
	if (i + 1 < mm->map_count)
		merge_with_prev(m, mm, i + 1);
}

/* Is [addr, addr+len) free, keeping the guard gap below a stack? */
static bool range_free(const struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	int i = find_vma_idx(mm, addr);
	if (i < mm->map_count) {
		const struct vm_area_struct *next = &mm->vmas[i];
		unsigned long gap = next->vm_flags & VM_GROWSDOWN ? STACK_GUARD_GAP : 0;
		if (next->vm_start < gap || addr + len > next->vm_start - gap)
			return false;
	}
	return true;
}

/* The lowest address a mapping may use (mmap_min_addr, at least a page). */
static unsigned long low_limit(const struct machine *m)
{
	return m->vm.mmap_min_addr > PAGE_SIZE ? m->vm.mmap_min_addr : PAGE_SIZE;
}

/* Top-down search for len free bytes below mmap_base, highest first
 * (vm_unmapped_area() with VM_UNMAPPED_AREA_TOPDOWN); 0 if none. */
static unsigned long unmapped_area_topdown(const struct machine *m, const struct mm_struct *mm,
					   unsigned long len)
{
	unsigned long high = mm->mmap_base;
	for (int i = find_vma_idx(mm, high); i >= 0; i--) {
		unsigned long gap_end = high;
		if (i < mm->map_count) {
			const struct vm_area_struct *next = &mm->vmas[i];
			unsigned long guard = next->vm_flags & VM_GROWSDOWN ? STACK_GUARD_GAP : 0;
			unsigned long start = next->vm_start > guard ? next->vm_start - guard : 0;
			if (start < gap_end)
				gap_end = start;
		}
		unsigned long gap_start = i ? mm->vmas[i - 1].vm_end : low_limit(m);
		if (gap_start < low_limit(m))
			gap_start = low_limit(m);
		if (gap_end >= gap_start && gap_end - gap_start >= len)
			return gap_end - len;
	}
	return 0;
}

/* Choose where a mapping goes (get_unmapped_area()): the hint if it is
 * free, else the top-down search. 0 when there is no room. */
static unsigned long get_unmapped_area(const struct machine *m, const struct mm_struct *mm,
				       unsigned long addr, unsigned long len)
{
	if (len > TASK_SIZE)
		return 0;
	if (addr) {
		addr = PAGE_ALIGN(addr);
		if (addr >= low_limit(m) && TASK_SIZE - len >= addr && range_free(mm, addr, len))
			return addr;
	}
	return unmapped_area_topdown(m, mm, len);
}

/* The vm_flags of a new mapping (calc_vm_prot_bits, calc_vm_flag_bits and
 * the MAP_SHARED/MAP_NORESERVE rules of do_mmap()). */
static unsigned long mmap_vm_flags(const struct machine *m, unsigned long prot,
				   unsigned long flags)
{
	unsigned long vm_flags = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (prot & PROT_READ)
		vm_flags |= VM_READ;
	if (prot & PROT_WRITE)
		vm_flags |= VM_WRITE;
	if (prot & PROT_EXEC)
		vm_flags |= VM_EXEC;
	if (flags & MAP_SHARED)
		vm_flags |= VM_SHARED | VM_MAYSHARE;
	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;
	if (flags & MAP_LOCKED)
		vm_flags |= VM_LOCKED;
	if ((flags & MAP_NORESERVE) && m->vm.overcommit_memory != 2)
		vm_flags |= VM_NORESERVE;
	return vm_flags;
}

/* Does a private writable mapping reserve commit charge
 * (accountable_mapping())? */
static bool accountable(unsigned long vm_flags)
{
	return (vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
}

/* Pages of [start, end) in VMAs that carry VM_ACCOUNT. */
static unsigned long accounted_pages(const struct mm_struct *mm, unsigned long start,
				     unsigned long end)
{
	unsigned long n = 0;
	for (int i = find_vma_idx(mm, start); i < mm->map_count && mm->vmas[i].vm_start < end; i++) {
		const struct vm_area_struct *v = &mm->vmas[i];
		if (!(v->vm_flags & VM_ACCOUNT))
			continue;
		unsigned long s = v->vm_start > start ? v->vm_start : start;
		unsigned long e = v->vm_end < end ? v->vm_end : end;
		n += (e - s) >> PAGE_SHIFT;
	}
	return n;
}

int vm_enough_memory(struct machine *m, struct mm_struct *mm, long pages)
{
	m->vm_committed_as += pages;
	if (m->vm.overcommit_memory == 1)
		return 0;
	if (m->vm.overcommit_memory == 0) {
		if ((unsigned long)pages <= totalram_pages(m) + total_swap_pages(m))
			return 0;
	} else {
		long allowed = (long)vm_commit_limit(m);
		allowed -= (long)(m->vm.admin_reserve_kbytes >> (PAGE_SHIFT - 10));
		if (mm) {
			unsigned long user = m->vm.user_reserve_kbytes >> (PAGE_SHIFT - 10);
			allowed -= (long)(mm->total_vm / 32 < user ? mm->total_vm / 32 : user);
		}
		if (m->vm_committed_as < allowed)
			return 0;
	}
	m->vm_committed_as -= pages;
	return -ENOMEM;
}

void vm_unacct_memory(struct machine *m, long pages)
{
	m->vm_committed_as -= pages;
}

/* Remove [start, end) from mm, splitting the VMAs at its edges
 * (do_vmi_align_munmap()). 0, or -ENOMEM if a split would pass
 * max_map_count or host memory ran out; then nothing changed. */
static int unmap_range(struct machine *m, struct mm_struct *mm, unsigned long start,
		       unsigned long end)
{
	int i = find_vma_idx(mm, start);
	if (i == mm->map_count || mm->vmas[i].vm_start >= end)
		return 0;
	struct vm_area_struct *first = &mm->vmas[i];
	if (first->vm_start < start && first->vm_end > end &&
	    mm->map_count >= m->vm.max_map_count)
		return -ENOMEM;
	if (first->vm_start < start) {
		if (!split_vma(m, mm, i, start))
			return -ENOMEM;
		i++;
	}
	int last = find_vma_idx(mm, end - 1);
	if (last < mm->map_count && mm->vmas[last].vm_start < end && mm->vmas[last].vm_end > end &&
	    !split_vma(m, mm, last, end))
		return -ENOMEM;

	/* unmap_region() before remove_vma(): the last reference to a
	 * shmem file frees its pages, which must be unmapped by then */
	zap_page_range(m, mm, start, end);
	while (i < mm->map_count && mm->vmas[i].vm_start < end) {
		struct vm_area_struct *v = &mm->vmas[i];
		if (v->vm_flags & VM_ACCOUNT)
			vm_unacct_memory(m, (long)vma_pages(v));
		vm_stat_account(mm, v, -1);
		vma_close_slot(m, mm, i);
	}
	free_pgtables(m, mm, start, end);
	return 0;
}

/* Insert a fresh VMA, charged to vm_area_struct, and merge it with
 * compatible neighbours. 0 or -ENOMEM. */
static int insert_vma(struct machine *m, struct mm_struct *mm, const struct vm_area_struct *vma)
{
	unsigned long obj = kmem_cache_alloc(m, KMEM_VM_AREA, 0);
	int i = find_vma_idx(mm, vma->vm_start);
	if (obj == SLAB_NONE || !vma_open_slot(mm, i)) {
		kmem_cache_free(m, KMEM_VM_AREA, obj);
		return -ENOMEM;
	}
	mm->vmas[i] = *vma;
	mm->vmas[i].vm_slab = obj;
	if (vma->vm_file)
		get_file(vma->vm_file);
	vm_stat_account(mm, vma, +1);
	vma_merge_neighbours(m, mm, i);
	return 0;
}

/* Check a fixed request: inside the user range and above mmap_min_addr. */
static int check_fixed(const struct machine *m, const struct mm_struct *mm, unsigned long addr,
		       unsigned long len, unsigned long flags)
{
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (addr > TASK_SIZE || len > TASK_SIZE - addr)
		return -ENOMEM;
	if (addr < m->vm.mmap_min_addr)
		return -EPERM;
	if (flags & MAP_FIXED_NOREPLACE) {
		int i = find_vma_idx(mm, addr);
		if (i < mm->map_count && mm->vmas[i].vm_start < addr + len)
			return -EEXIST;
	}
	return 0;
}

long do_mmap(struct machine *m, struct mm_struct *mm, unsigned long addr, unsigned long len,
	     unsigned long prot, unsigned long flags, struct file *file, unsigned long pgoff)
{
	unsigned long type = flags & (MAP_SHARED | MAP_PRIVATE);
	bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	if (!len || (type != MAP_SHARED && type != MAP_PRIVATE) ||
	    (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;
	if (mm->map_count > m->vm.max_map_count)
		return -ENOMEM;
	if (fixed) {
		int err = check_fixed(m, mm, addr, len, flags);
		if (err)
			return err;
	} else if (!(addr = get_unmapped_area(m, mm, addr, len))) {
		return -ENOMEM;
	}

	struct vm_area_struct vma = {
		.vm_start = addr,
		.vm_end = addr + len,
		.vm_flags = mmap_vm_flags(m, prot, flags),
		.vm_pgoff = file ? pgoff : (type == MAP_PRIVATE ? addr >> PAGE_SHIFT : 0),
		.vm_file = file,
	};
	long overlap = (long)accounted_pages(mm, addr, addr + len);
	long charge = 0;
	if (accountable(vma.vm_flags)) {
		charge = (long)(len >> PAGE_SHIFT);
		if (charge > overlap && vm_enough_memory(m, mm, charge - overlap))
			return -ENOMEM;
		vma.vm_flags |= VM_ACCOUNT;
	}
	/* shared anonymous memory is a new shmem file's; being shared, the
	 * mapping itself charged nothing above */
	if (!file && type == MAP_SHARED) {
		int err = shmem_zero_setup(m, mm, &vma);
		if (err)
			return err;
	}
	/* the overlapped charge moves to the new mapping: unmap returns it */
	if (charge)
		m->vm_committed_as += charge > overlap ? overlap : charge;
	int err = unmap_range(m, mm, addr, addr + len);
	if (!err)
		err = insert_vma(m, mm, &vma);
	if (vma.vm_file != file)
		shmem_fput(m, vma.vm_file); /* the VMA took its own reference */
	if (err) {
		vm_unacct_memory(m, charge);
		return err;
	}
	if ((flags & MAP_POPULATE) || (vma.vm_flags & VM_LOCKED))
		mm_populate(m, mm, addr, len);
	return (long)addr;
}

long install_special_mapping(struct machine *m, struct mm_struct *mm, unsigned long len,
			     unsigned long vm_flags, const char *name)
{
	unsigned long addr = get_unmapped_area(m, mm, 0, len);
	if (!addr)
		return -ENOMEM;
	struct vm_area_struct vma = {
		.vm_start = addr,
		.vm_end = addr + len,
		.vm_flags = vm_flags,
		.vm_pgoff = 0,
		.vm_name = name,
	};
	int err = insert_vma(m, mm, &vma);
	return err ? err : (long)addr;
}

/* Append a copy of a parent's VMA to the child's array (the VMA loop of
 * dup_mmap()): its own vm_area_struct object, anon_vma links
 * (anon_vma_fork()) and file reference, and no VM_LOCKED, which fork
 * does not inherit. 0 or -ENOMEM. */
static int dup_vma(struct machine *m, struct mm_struct *mm, const struct vm_area_struct *old)
{
	struct vm_area_struct new = *old;
	new.anon_vma_chain = NULL;
	new.vm_flags &= ~VM_LOCKED;
	new.vm_slab = kmem_cache_alloc(m, KMEM_VM_AREA, 0);
	if (new.vm_slab == SLAB_NONE)
		return -ENOMEM;
	if (anon_vma_fork(m, &new, old) || !vma_open_slot(mm, mm->map_count)) {
		unlink_anon_vmas(m, &new);
		kmem_cache_free(m, KMEM_VM_AREA, new.vm_slab);
		return -ENOMEM;
	}
	mm->vmas[mm->map_count - 1] = new;
	if (new.vm_file)
		get_file(new.vm_file);
	vm_stat_account(mm, &new, +1);
	return 0;
}

int dup_mmap(struct machine *m, struct mm_struct *mm, const struct mm_struct *oldmm)
{
	long charge = 0;
	for (int i = 0; i < oldmm->map_count; i++)
		if ((oldmm->vmas[i].vm_flags & (VM_ACCOUNT | VM_DONTCOPY)) == VM_ACCOUNT)
			charge += (long)vma_pages(&oldmm->vmas[i]);
	if (charge && vm_enough_memory(m, mm, charge))
		return -ENOMEM;
	for (int i = 0; i < oldmm->map_count; i++) {
		if (oldmm->vmas[i].vm_flags & VM_DONTCOPY)
			continue;
		if (dup_vma(m, mm, &oldmm->vmas[i])) {
			/* unmapping the copies returns their part of the charge */
			vm_unacct_memory(m, charge - (long)accounted_pages(mm, 0, TASK_SIZE));
			unmap_range(m, mm, 0, TASK_SIZE);
			return -ENOMEM;
		}
	}
	mm->mmap_base = oldmm->mmap_base;
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->start_stack = oldmm->start_stack;
	mm->start_code = oldmm->start_code;
	mm->end_code = oldmm->end_code;
	mm->start_data = oldmm->start_data;
	mm->end_data = oldmm->end_data;
	mm->arg_start = oldmm->arg_start;
	mm->arg_end = oldmm->arg_end;
	mm->env_start = oldmm->env_start;
	mm->env_end = oldmm->env_end;
	return 0;
}

int do_munmap(struct machine *m, struct mm_struct *mm, unsigned long start, unsigned long len)
{
	if ((start & ~PAGE_MASK) || start > TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	return unmap_range(m, mm, start, start + len);
}

/* The flags [start, end) of VMA v gets under prot, or -EACCES when prot
 * asks for a right the mapping may not have. */
static long mprotect_flags(const struct vm_area_struct *v, unsigned long prot)
{
	unsigned long want = (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
			     (prot & PROT_EXEC ? VM_EXEC : 0);
	if (want & ~(v->vm_flags >> 4))
		return -EACCES;
	unsigned long f = (v->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | want;
	if ((f & VM_WRITE) && !(v->vm_flags & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE)))
		f |= VM_ACCOUNT;
	return (long)f;
}

/* Check that [start, end) is mapped without holes and prot is allowed on
 * every VMA; returns the pages a +W change newly charges, or -errno. */
static long mprotect_check(struct mm_struct *mm, unsigned long start, unsigned long end,
			   unsigned long prot)
{
	long charge = 0;
	unsigned long covered = start;
	for (int i = find_vma_idx(mm, start); covered < end; i++) {
		if (i == mm->map_count || mm->vmas[i].vm_start > covered)
			return -ENOMEM;
		const struct vm_area_struct *v = &mm->vmas[i];
		long f = mprotect_flags(v, prot);
		if (f < 0)
			return f;
		unsigned long e = v->vm_end < end ? v->vm_end : end;
		if (((unsigned long)f & VM_ACCOUNT) && !(v->vm_flags & VM_ACCOUNT))
			charge += (long)((e - covered) >> PAGE_SHIFT);
		covered = v->vm_end;
	}
	return charge;
}

/* How a range operation changes one VMA's flags. */
struct flags_change {
	unsigned long set, clear; /* for madvise and mlock */
	unsigned long prot;       /* for mprotect, when by_prot */
	bool by_prot;
};

/* The flags VMA v takes under change c. */
static unsigned long changed_flags(const struct vm_area_struct *v, const struct flags_change *c)
{
	if (c->by_prot)
		return (unsigned long)mprotect_flags(v, c->prot);
	return (v->vm_flags & ~c->clear) | c->set;
}

/* Give every VMA of [start, end) its changed flags, splitting at the
 * range's edges and merging afterwards (vma_modify_flags()); PTEs follow
 * access changes. The range must be mapped. 0 or -ENOMEM (map count,
 * host memory), possibly after some VMAs changed, as in the kernel. */
static int modify_range_flags(struct machine *m, struct mm_struct *mm, unsigned long start,
			      unsigned long end, const struct flags_change *c)
{
	const unsigned long access = VM_READ | VM_WRITE | VM_EXEC;
	int i = find_vma_idx(mm, start), err = 0;
	if (mm->vmas[i].vm_start < start && changed_flags(&mm->vmas[i], c) != mm->vmas[i].vm_flags) {
		if (mm->map_count >= m->vm.max_map_count || !split_vma(m, mm, i, start))
			return -ENOMEM;
		i++;
	}
	for (; i < mm->map_count && mm->vmas[i].vm_start < end; i++) {
		struct vm_area_struct *v = &mm->vmas[i];
		unsigned long f = changed_flags(v, c);
		if (f == v->vm_flags)
			continue;
		if (v->vm_end > end &&
		    (mm->map_count >= m->vm.max_map_count || !split_vma(m, mm, i, end))) {
			err = -ENOMEM;
			break;
		}
		v = &mm->vmas[i];
		unsigned long old = v->vm_flags;
		vm_stat_account(mm, v, -1);
		v->vm_flags = f;
		vm_stat_account(mm, v, +1);
		if ((old ^ f) & access)
			change_protection(m, mm, v->vm_start, v->vm_end, f);
	}
	for (i = find_vma_idx(mm, start ? start - 1 : 0); i < mm->map_count && mm->vmas[i].vm_start <= end;)
		i = merge_with_prev(m, mm, i) + 1;
	return err;
}

/* Is [start, end) mapped without a hole? */
static bool range_mapped(const struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unsigned long covered = start;
	for (int i = find_vma_idx(mm, start); covered < end; i++) {
		if (i == mm->map_count || mm->vmas[i].vm_start > covered)
			return false;
		covered = mm->vmas[i].vm_end;
	}
	return true;
}

int do_mprotect(struct machine *m, struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot)
{
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	unsigned long end = start + len;
	if (end <= start || (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	long charge = mprotect_check(mm, start, end, prot);
	if (charge < 0)
		return (int)charge;
	if (charge && vm_enough_memory(m, mm, charge))
		return -ENOMEM;
	const struct flags_change c = {.prot = prot, .by_prot = true};
	int err = modify_range_flags(m, mm, start, end, &c);
	if (err)
		vm_unacct_memory(m, charge);
	return err;
}

/* Check an mlock/madvise range: aligned start; returns the page-aligned
 * end, or 0 for an empty range, or -EINVAL. */
static long range_end(unsigned long start, unsigned long len)
{
	if (start & ~PAGE_MASK)
		return -EINVAL;
	unsigned long end = start + PAGE_ALIGN(len);
	if (end < start)
		return -EINVAL;
	return (long)end;
}

int do_mlock(struct machine *m, struct mm_struct *mm, unsigned long start, unsigned long len,
	     bool lock)
{
	long end = range_end(start, len);
	if (end <= (long)start)
		return (int)(end < 0 ? end : 0);
	if (!range_mapped(mm, start, (unsigned long)end))
		return -ENOMEM;
	const struct flags_change c = {.set = lock ? VM_LOCKED : 0, .clear = lock ? 0 : VM_LOCKED};
	int err = modify_range_flags(m, mm, start, (unsigned long)end, &c);
	if (!err && lock)
		mm_populate(m, mm, start, (unsigned long)end - start);
	return err;
}

/* The advice madvise(2) takes, with the flags each sets and clears. */
static const struct madvice {
	const char *name;
	unsigned long set, clear;
} madvices[] = {
	{"normal", 0, VM_RAND_READ | VM_SEQ_READ},
	{"random", VM_RAND_READ, VM_SEQ_READ},
	{"sequential", VM_SEQ_READ, VM_RAND_READ},
	{"dontfork", VM_DONTCOPY, 0},
	{"dofork", 0, VM_DONTCOPY},
	{"hugepage", VM_HUGEPAGE, VM_NOHUGEPAGE},
	{"nohugepage", VM_NOHUGEPAGE, VM_HUGEPAGE},
	{"dontdump", VM_DONTDUMP, 0},
	{"dodump", 0, VM_DONTDUMP},
	{"dontneed", 0, 0},
	{"free", 0, 0},
	{"willneed", 0, 0},
};

int do_madvise(struct machine *m, struct mm_struct *mm, unsigned long start, unsigned long len,
	       const char *advice)
{
	const struct madvice *a = NULL;
	for (size_t i = 0; i < sizeof(madvices) / sizeof(madvices[0]); i++)
		if (!strcmp(advice, madvices[i].name))
			a = &madvices[i];
	long end = range_end(start, len);
	if (!a || end < 0)
		return -EINVAL;
	if (end == (long)start)
		return 0;
	if (!range_mapped(mm, start, (unsigned long)end))
		return -ENOMEM;
	if (!strcmp(a->name, "dontneed") || !strcmp(a->name, "free")) {
		for (int i = find_vma_idx(mm, start); i < mm->map_count && mm->vmas[i].vm_start < (unsigned long)end; i++)
			if (mm->vmas[i].vm_flags & (VM_LOCKED | VM_PFNMAP))
				return -EINVAL;
		if (a->name[0] == 'd')
			zap_page_range(m, mm, start, (unsigned long)end);
		else
			lazyfree_range(m, mm, start, (unsigned long)end);
		return 0;
	}
	if (!strcmp(a->name, "willneed"))
		return 0; /* readahead of file pages: the page cache reads on fault */
	const struct flags_change c = {.set = a->set, .clear = a->clear};
	return modify_range_flags(m, mm, start, (unsigned long)end, &c);
}

/* Move [addr, addr+old_len) of VMA i to a new place of new_len bytes
 * (move_vma()): charge the new size, copy the VMA, move the page tables
 * and unmap the old range, which returns its charge. Returns the new
 * address or a negative errno with nothing changed. */
static long move_vma(struct machine *m, struct mm_struct *mm, int i, unsigned long addr,
		     unsigned long old_len, unsigned long new_len)
{
	if (mm->map_count >= m->vm.max_map_count - 3)
		return -ENOMEM;
	unsigned long new_addr = get_unmapped_area(m, mm, 0, new_len);
	if (!new_addr)
		return -ENOMEM;
	struct vm_area_struct copy = mm->vmas[i];
	copy.anon_vma_chain = NULL;
	long pages = (long)(new_len >> PAGE_SHIFT);
	if ((copy.vm_flags & VM_ACCOUNT) && vm_enough_memory(m, mm, pages))
		return -ENOMEM;
	copy.vm_pgoff += (addr - copy.vm_start) >> PAGE_SHIFT;
	copy.vm_start = new_addr;
	copy.vm_end = new_addr + new_len;
	/* copy_vma(): the pages moving keep their anon_vmas */
	int err = anon_vma_clone(m, &copy, &mm->vmas[i]);
	if (!err && (err = insert_vma(m, mm, &copy)))
		unlink_anon_vmas(m, &copy);
	if (!err && (err = move_page_tables(m, mm, addr, new_addr, old_len)))
		unmap_range(m, mm, new_addr, new_addr + new_len);
	if (err) {
		if (copy.vm_flags & VM_ACCOUNT)
			vm_unacct_memory(m, pages);
		return err;
	}
	unmap_range(m, mm, addr, addr + old_len);
	return (long)new_addr;
}

long do_mremap(struct machine *m, struct mm_struct *mm, unsigned long addr,
	       unsigned long old_len, unsigned long new_len, bool maymove)
{
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len)
		return -EINVAL;
	if (new_len <= old_len) {
		int err = old_len > new_len ? do_munmap(m, mm, addr + new_len, old_len - new_len) : 0;
		return err ? err : (long)addr;
	}
	int i = find_vma_idx(mm, addr);
	if (i == mm->map_count || mm->vmas[i].vm_start > addr ||
	    old_len > mm->vmas[i].vm_end - addr || (mm->vmas[i].vm_flags & VM_SPECIAL))
		return -EFAULT;
	struct vm_area_struct *vma = &mm->vmas[i];
	long grow = (long)((new_len - old_len) >> PAGE_SHIFT);

	/* grow in place when the VMA ends there and the space after is free */
	if (vma->vm_end == addr + old_len && range_free(mm, vma->vm_end, new_len - old_len)) {
		if ((vma->vm_flags & VM_ACCOUNT) && vm_enough_memory(m, mm, grow))
			return -ENOMEM;
		vm_stat_account(mm, vma, -1);
		vma->vm_end = addr + new_len;
		vm_stat_account(mm, vma, +1);
		if (vma->vm_flags & VM_LOCKED)
			mm_populate(m, mm, addr + old_len, new_len - old_len);
		return (long)addr;
	}
	if (!maymove)
		return -ENOMEM;
	return move_vma(m, mm, i, addr, old_len, new_len);
}

unsigned long do_brk(struct machine *m, struct mm_struct *mm, unsigned long brk)
{
	unsigned long oldbrk = PAGE_ALIGN(mm->brk), newbrk = PAGE_ALIGN(brk);
	if (brk < mm->start_brk)
		return mm->brk;
	if (newbrk == oldbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk < mm->brk) {
		if (unmap_range(m, mm, newbrk, oldbrk))
			return mm->brk;
		mm->brk = brk;
		return brk;
	}
	if (!range_free(mm, oldbrk, newbrk - oldbrk + PAGE_SIZE))
		return mm->brk;
	long pages = (long)((newbrk - oldbrk) >> PAGE_SHIFT);
	if (mm->map_count > m->vm.max_map_count || vm_enough_memory(m, mm, pages))
		return mm->brk;
	struct vm_area_struct vma = {
		.vm_start = oldbrk,
		.vm_end = newbrk,
		.vm_flags = VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT,
		.vm_pgoff = oldbrk >> PAGE_SHIFT,
	};
	if (insert_vma(m, mm, &vma)) {
		vm_unacct_memory(m, pages);
		return mm->brk;
	}
	mm->brk = brk;
	return brk;
}

/* The counters an mm must have brought back to zero once everything is
 * unmapped; the kernel shouts when one did not (check_mm()). */
static void check_mm(struct machine *m, const struct mm_struct *mm)
{
	static const char *const names[NR_MM_COUNTERS] = {"MM_FILEPAGES", "MM_ANONPAGES",
							  "MM_SWAPENTS", "MM_SHMEMPAGES"};
	for (int i = 0; i < NR_MM_COUNTERS; i++)
		if (mm->rss_stat[i])
			printk(m, KERN_ALERT, "BUG: Bad rss-counter state mm:%016lx type:%s val:%ld",
			       mm->mm_slab, names[i], mm->rss_stat[i]);
	if (mm->pgtables_bytes)
		printk(m, KERN_ALERT, "BUG: non-zero pgtables_bytes on freeing mm: %ld",
		       (long)mm->pgtables_bytes);
}

void mmput(struct machine *m, struct mm_struct *mm)
{
	if (!mm)
		return;
	unmap_range(m, mm, 0, TASK_SIZE);
	check_mm(m, mm);
	kmem_cache_free(m, KMEM_MM_STRUCT, mm->mm_slab);
	pgd_free(m, mm);
	free(mm->vmas);
	free(mm);
}
