/* Address spaces: mm_struct and vm_area_struct (include/linux/mm_types.h,
 * include/linux/mm.h) and the mmap family of mm/mmap.c, mm/vma.c and
 * mm/mprotect.c. Page tables and faults build on this. */
#ifndef MMSIM_MM_H
#define MMSIM_MM_H

#include <stdbool.h>
#include <stddef.h>

struct machine;
struct file; /* the page cache's; compared by identity here */
struct anon_vma;       /* model/rmap.h */
struct anon_vma_chain;

/*
 * vm_flags, in the kernel's bit order, which is also the order of the
 * smaps "VmFlags:" mnemonics (rd wr ex sh mr mw me ms gd ... ac nr ...).
 */
#define VM_READ 0x00000001UL
#define VM_WRITE 0x00000002UL
#define VM_EXEC 0x00000004UL
#define VM_SHARED 0x00000008UL
#define VM_MAYREAD 0x00000010UL
#define VM_MAYWRITE 0x00000020UL
#define VM_MAYEXEC 0x00000040UL
#define VM_MAYSHARE 0x00000080UL
#define VM_GROWSDOWN 0x00000100UL
#define VM_PFNMAP 0x00000400UL
#define VM_LOCKED 0x00002000UL
#define VM_IO 0x00004000UL
#define VM_SEQ_READ 0x00008000UL
#define VM_RAND_READ 0x00010000UL
#define VM_DONTCOPY 0x00020000UL
#define VM_DONTEXPAND 0x00040000UL
#define VM_ACCOUNT 0x00100000UL
#define VM_NORESERVE 0x00200000UL
#define VM_DONTDUMP 0x04000000UL
#define VM_MIXEDMAP 0x10000000UL
#define VM_HUGEPAGE 0x20000000UL
#define VM_NOHUGEPAGE 0x40000000UL

#define VM_STACK VM_GROWSDOWN
#define VM_SPECIAL (VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP)
#define VM_DATA_DEFAULT_FLAGS (VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

/* mmap(2)'s prot and flags. */
#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x0100
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_FIXED_NOREPLACE 0x100000

/* x86-64, 4-level paging. */
#define TASK_SIZE 0x7ffffffff000UL
#define STACK_GUARD_GAP (256UL << 12)
/* RLIMIT_STACK's default soft limit (_STK_LIM): how far the stack may
 * grow, and the gap mmap_base leaves for it. */
#define STK_LIM (8UL << 20)

struct vm_area_struct {
	unsigned long vm_start, vm_end; /* [vm_start, vm_end) */
	unsigned long vm_flags;
	unsigned long vm_pgoff; /* in pages: file offset, or vm_start >> 12 when anonymous */
	struct file *vm_file;
	const char *vm_name;    /* special mappings: "[heap]", "[stack]", "[vdso]"... */
	struct anon_vma *anon_vma; /* where its anonymous pages go, once it has any */
	struct anon_vma_chain *anon_vma_chain; /* its links to anon_vmas, newest first */
	unsigned long vm_slab;  /* the vm_area_struct object charged to its cache */
};

/* Resident pages per kind (enum mm_counter of include/linux/mm_types.h). */
enum mm_counter { MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES, NR_MM_COUNTERS };

struct mm_struct {
	int mm_users;                /* threads sharing it */
	unsigned long mm_slab;       /* the mm_struct object charged to its cache */
	unsigned long pgd;           /* pfn of the top-level page table, 0 before pgd_alloc */
	unsigned long pgtables_bytes;
	long rss_stat[NR_MM_COUNTERS];
	unsigned long hiwater_rss;
	void *token_shadow;          /* what this mm last wrote where (memory.c) */
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long arg_start, arg_end, env_start, env_end;
	struct vm_area_struct *vmas; /* sorted by address, never overlapping */
	int map_count;
	int vmas_cap;
	unsigned long mmap_base;
	unsigned long start_brk, brk;
	unsigned long start_stack;
	/* in pages, as vm_stat_account() keeps them */
	unsigned long total_vm, locked_vm, data_vm, exec_vm, stack_vm;
	unsigned long hiwater_vm;
};

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> 12;
}

/* How many pages address randomization may move the stack down
 * (STACK_RND_MASK: 16 GiB on x86-64). */
#define STACK_RND_MASK 0x3fffffUL

/* A random page-aligned offset of mmap_rnd_bits pages' range, or 0 when
 * the machine does not randomize (arch_mmap_rnd()). */
unsigned long arch_mmap_rnd(struct machine *m);

/* A new, empty address space with the top-down layout below mmap_base. */
struct mm_struct *mm_alloc(struct machine *m);

/* Unmap everything and free the mm, returning its commitment. */
void mmput(struct machine *m, struct mm_struct *mm);

/* The first VMA ending above addr, or NULL (find_vma()). */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);

/* The anon_vma of a VMA next to vma that vma may share: one the
 * neighbour is linked to alone, where only access rights tell the two
 * apart (find_mergeable_anon_vma()); NULL if none. vma is in mm. */
struct anon_vma *find_mergeable_anon_vma(const struct mm_struct *mm,
					 const struct vm_area_struct *vma);

/* Add or remove (sign -1) a VMA's pages in the mm's per-kind totals
 * (vm_stat_account()). */
void vm_stat_account(struct mm_struct *mm, const struct vm_area_struct *vma, long sign);

/* mmap(2): map len bytes at addr (a hint, or exact with MAP_FIXED*).
 * Returns the start address, or a negative errno (EINVAL, ENOMEM, EEXIST,
 * EPERM) with nothing changed. file/pgoff describe a file mapping. */
long do_mmap(struct machine *m, struct mm_struct *mm, unsigned long addr, unsigned long len,
	     unsigned long prot, unsigned long flags, struct file *file, unsigned long pgoff);

/* Map a kernel-provided area ([vvar], [vdso]) at a free address of len
 * bytes below mmap_base, with exactly vm_flags and name
 * (_install_special_mapping()). Returns the address or a negative errno. */
long install_special_mapping(struct machine *m, struct mm_struct *mm, unsigned long len,
			     unsigned long vm_flags, const char *name);

/* fork: give the empty mm a copy of oldmm's VMAs and layout (dup_mmap()),
 * charging the accountable ones. Pages are copied separately
 * (copy_page_range()). 0 or -ENOMEM with mm left empty. */
int dup_mmap(struct machine *m, struct mm_struct *mm, const struct mm_struct *oldmm);

/* munmap(2): 0, or -EINVAL / -ENOMEM (a split would pass max_map_count). */
int do_munmap(struct machine *m, struct mm_struct *mm, unsigned long start, unsigned long len);

/* mprotect(2): 0, or -EINVAL, -ENOMEM (unmapped hole, map count or the
 * commit limit) or -EACCES (beyond VM_MAY*). */
int do_mprotect(struct machine *m, struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot);

/* mlock(2) (lock) and munlock(2): set or clear VM_LOCKED over the range,
 * faulting locked pages in. 0, -EINVAL or -ENOMEM (a hole, map count). */
int do_mlock(struct machine *m, struct mm_struct *mm, unsigned long start, unsigned long len,
	     bool lock);

/* madvise(2) with the advice's name ("dontneed", "free", "hugepage"...).
 * 0, -EINVAL (unknown advice, locked pages for dontneed/free) or -ENOMEM
 * (a hole). */
int do_madvise(struct machine *m, struct mm_struct *mm, unsigned long start, unsigned long len,
	       const char *advice);

/* mremap(2): shrink, grow in place, or move when maymove. Returns the
 * new address or a negative errno (EINVAL, EFAULT, ENOMEM). */
long do_mremap(struct machine *m, struct mm_struct *mm, unsigned long addr,
	       unsigned long old_len, unsigned long new_len, bool maymove);

/* brk(2): move the break; returns the new break, or the old one when the
 * request is refused, as the syscall does. */
unsigned long do_brk(struct machine *m, struct mm_struct *mm, unsigned long brk);

/* __vm_enough_memory(): charge pages to vm_committed_as if the overcommit
 * policy allows; 0 or -ENOMEM. */
int vm_enough_memory(struct machine *m, struct mm_struct *mm, long pages);

/* Return pages to vm_committed_as. */
void vm_unacct_memory(struct machine *m, long pages);

#endif
