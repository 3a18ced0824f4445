/* Page tables and faults (mm/memory.c, mm/pgtable-generic.c): the MMU's
 * walk, the kernel's fault paths (anonymous zero-fill, file pages from the
 * page cache, copy-on-write, stack growth), teardown, and fork's copy.
 * Content tokens prove no data is lost: a write stamps a page, a read
 * checks it holds what this address space last wrote there. */
#ifndef MMSIM_MEMORY_H
#define MMSIM_MEMORY_H

#include <stdbool.h>
#include <stdint.h>

#include "model/pgtable.h"

struct machine;
struct mm_struct;
struct task_struct;
struct vm_area_struct;

/* Give mm its top-level table. 0 or -ENOMEM. */
int pgd_alloc(struct machine *m, struct mm_struct *mm);

/* The PTE mapping addr, or NULL where no page table covers it yet. Does
 * not fault anything in: renderers walk with it. */
pte_t *follow_pte(const struct machine *m, const struct mm_struct *mm, unsigned long addr);

/* Task t touches [addr, addr+len) page by page as the CPU would, reading
 * or writing, faulting as needed (counting min_flt/maj_flt and pgfault).
 * 0; -EFAULT with *bad set to the first address that has no mapping or
 * forbids the access (the caller delivers SIGSEGV); -EIO with *bad set
 * where a file mapping reaches past the end of its file (SIGBUS);
 * -ENOMEM when memory ran out. */
int touch_range(struct machine *m, struct task_struct *t, unsigned long addr,
		unsigned long len, bool write, unsigned long *bad);

/* Fault in the pages of [start, start+len) as MAP_POPULATE and mlock do
 * (__mm_populate()): writable private mappings for writing, the rest for
 * reading, skipping inaccessible and special VMAs; failures are ignored,
 * as the kernel does. Counts pgfault but no task's faults. */
void mm_populate(struct machine *m, struct mm_struct *mm, unsigned long start,
		 unsigned long len);

/* Unmap the pages of [start, end) in mm (zap_page_range()), keeping RSS
 * counters and mapcounts right; anonymous pages go with their last
 * mapping. The page tables stay. */
void zap_page_range(struct machine *m, struct mm_struct *mm, unsigned long start,
		    unsigned long end);

/* Free the page tables of [start, end) that no VMA left around it needs
 * any more (free_pgtables()): call once its VMAs are gone. */
void free_pgtables(struct machine *m, struct mm_struct *mm, unsigned long start,
		   unsigned long end);

/* Make the PTEs of [start, end) follow new vm_flags (change_protection()):
 * write access removed, or granted where no copy-on-write is pending. */
void change_protection(struct machine *m, struct mm_struct *mm, unsigned long start,
		       unsigned long end, unsigned long vm_flags);

/* fork: copy vma's PTEs from src into dst (copy_page_range()),
 * write-protecting private writable pages in both and sharing them. A
 * VMA without an anon_vma (nor PFNs) copies nothing: the child's faults
 * find its pages in the page cache. 0 or -ENOMEM. */
int copy_page_range(struct machine *m, struct mm_struct *dst, struct mm_struct *src,
		    const struct vm_area_struct *vma);

/* mremap: move the PTEs of [old_addr, old_addr+len) to new_addr, whose
 * range is empty. 0, or -ENOMEM with everything moved back. */
int move_page_tables(struct machine *m, struct mm_struct *mm, unsigned long old_addr,
		     unsigned long new_addr, unsigned long len);

/* MADV_FREE: make the private anonymous pages of [start, end) clean and
 * lazily freeable (LazyFree in smaps; reclaim may drop them). */
void lazyfree_range(struct machine *m, struct mm_struct *mm, unsigned long start,
		    unsigned long end);

/* Free mm's remaining tables and its token record (exit_mmap's tail). */
void pgd_free(struct machine *m, struct mm_struct *mm);

/* Copy the token record of src into dst (fork: the child expects what the
 * parent wrote). 0 or -ENOMEM. */
int dup_token_shadow(struct mm_struct *dst, const struct mm_struct *src);

#endif
