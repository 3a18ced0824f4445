/* Shared anonymous memory (mm/shmem.c): every MAP_SHARED|MAP_ANONYMOUS
 * mapping is backed by an unlinked file of the kernel's internal tmpfs
 * mount, shm_mnt, as large as the mapping. Its pages live in that file's
 * page cache, so every process that inherits the mapping sees the same
 * pages at every offset, touched before the fork or after. A new page is
 * zeroed memory, never read from a disk (a minor fault), counted in
 * NR_SHMEM and NR_FILE_PAGES and, while mapped, in MM_SHMEMPAGES. The
 * file charges its whole size to Committed_AS until its last mapping
 * goes, which frees it and its pages. */
#ifndef MMSIM_SHMEM_H
#define MMSIM_SHMEM_H

#include "model/fs.h"

struct machine;
struct mm_struct;
struct vm_area_struct;

/* shm_mnt's device: the first anonymous one, 0:1 ("00:01" in maps). */
#define SHM_MNT_DEV_MAJOR 0
#define SHM_MNT_DEV_MINOR 1

/* Back the new shared anonymous vma (of mm, not yet inserted) with a new
 * "/dev/zero" file of its size (shmem_zero_setup()): the size is charged
 * unless VM_NORESERVE, and vma->vm_file holds the file's one reference,
 * to be dropped with shmem_fput(). 0, or -ENOMEM (the commit limit, or
 * memory) with nothing charged. */
int shmem_zero_setup(struct machine *m, struct mm_struct *mm, struct vm_area_struct *vma);

/* The page of the shmem inode at index (below its size), a new zeroed
 * one if none is cached yet (shmem_fault()); PFN_NONE without memory. */
unsigned long shmem_fault(struct machine *m, struct inode *inode, unsigned long index);

/* Drop a reference to a shmem file. The last one evicts its inode
 * (fput(), iput(), shmem_evict_inode()): the charge goes back and the
 * pages, which no PTE may map any more, are freed. */
void shmem_fput(struct machine *m, struct file *file);

/* The pages a shmem inode holds charged to Committed_AS. */
unsigned long shmem_acct_pages(const struct inode *inode);

#endif
