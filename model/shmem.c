/* shmem files on shm_mnt behind shared anonymous mappings: setup with
 * its commit charge, faults that allocate zeroed swap-backed pages into
 * the page cache, and eviction with the last reference (mm/shmem.c). */
#include "model/shmem.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "model/filemap.h"
#include "model/gfp.h"
#include "model/machine.h"
#include "model/mm.h"
#include "model/slab.h"

/* What d_path() prints for the unlinked "dev/zero" file of shm_mnt. */
static char dev_zero_deleted[] = "/dev/zero (deleted)";

/* The inode of a shmem file, with what shmem adds to it. */
struct shmem_inode_info {
	unsigned long flags; /* the mapping's VM_NORESERVE: nothing was charged */
	struct inode vfs_inode;
};

static struct shmem_inode_info *SHMEM_I(const struct inode *inode)
{
	return (struct shmem_inode_info *)((uintptr_t)inode -
					   offsetof(struct shmem_inode_info, vfs_inode));
}

/* VM_ACCT(): the pages size bytes take. */
static long vm_acct(unsigned long size)
{
	return (long)((size + PAGE_SIZE - 1) >> PAGE_SHIFT);
}

/* shmem_acct_size(): the object's whole size, unless VM_NORESERVE. 0 or
 * -ENOMEM. */
static int shmem_acct_size(struct machine *m, struct mm_struct *mm, unsigned long flags,
			   unsigned long size)
{
	return flags & VM_NORESERVE ? 0 : vm_enough_memory(m, mm, vm_acct(size));
}

/* shmem_unacct_size(): give back what shmem_acct_size() charged. */
static void shmem_unacct_size(struct machine *m, unsigned long flags, unsigned long size)
{
	if (!(flags & VM_NORESERVE))
		vm_unacct_memory(m, vm_acct(size));
}

unsigned long shmem_acct_pages(const struct inode *inode)
{
	return SHMEM_I(inode)->flags & VM_NORESERVE ? 0 : (unsigned long)vm_acct(inode->i_size);
}

/* Free the inode, its objects and its pages (truncate, clear_inode()). */
static void shmem_free_inode(struct machine *m, struct inode *inode)
{
	truncate_inode_pages_final(m, inode);
	kmem_cache_free(m, KMEM_SHMEM_INODE, inode->i_slab);
	kmem_cache_free(m, KMEM_DENTRY, inode->d_slab);
	free(SHMEM_I(inode));
}

/* A new unlinked inode of size bytes on shm_mnt, with the dentry that
 * names it (shmem_get_inode(), d_alloc_pseudo()). Its number comes from
 * shm_mnt's counter: the kernel hands them out in per-CPU batches, of
 * which the model uses one. NULL without memory. */
static struct inode *shmem_get_inode(struct machine *m, unsigned long flags, unsigned long size)
{
	struct shmem_inode_info *info = calloc(1, sizeof(*info));
	if (!info)
		return NULL;
	struct inode *inode = &info->vfs_inode;
	inode->i_slab = kmem_cache_alloc(m, KMEM_SHMEM_INODE, 0);
	inode->d_slab = kmem_cache_alloc(m, KMEM_DENTRY, 0);
	if (inode->i_slab == SLAB_NONE || inode->d_slab == SLAB_NONE ||
	    mapping_set_shmem(inode)) {
		shmem_free_inode(m, inode);
		return NULL;
	}
	info->flags = flags & VM_NORESERVE;
	inode->path = dev_zero_deleted;
	inode->i_ino = ++m->shm_last_ino;
	inode->i_size = size;
	return inode;
}

int shmem_zero_setup(struct machine *m, struct mm_struct *mm, struct vm_area_struct *vma)
{
	unsigned long size = vma->vm_end - vma->vm_start;
	if (shmem_acct_size(m, mm, vma->vm_flags, size))
		return -ENOMEM;
	struct inode *inode = shmem_get_inode(m, vma->vm_flags, size);
	struct file *file = inode ? file_open(m, inode) : NULL;
	if (!file) {
		if (inode)
			shmem_free_inode(m, inode);
		shmem_unacct_size(m, vma->vm_flags, size);
		return -ENOMEM;
	}
	vma->vm_file = file;
	return 0;
}

unsigned long shmem_fault(struct machine *m, struct inode *inode, unsigned long index)
{
	unsigned long pfn = filemap_get_page(inode, index);
	if (pfn != PFN_NONE)
		return pfn;
	pfn = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 0, -1);
	if (pfn == PFN_NONE)
		return PFN_NONE;
	struct page *page = pfn_to_page(m, pfn);
	page->flags |= PG_swapbacked;
	page->mapcount = 0;
	page->token = 0;
	if (add_to_page_cache(m, inode, index, pfn)) {
		page->flags &= (uint16_t)~PG_swapbacked;
		free_pages(m, pfn, 0);
		return PFN_NONE;
	}
	return pfn;
}

void shmem_fput(struct machine *m, struct file *file)
{
	struct inode *inode = file->f_inode;
	bool last = file->f_count == 1;
	fput(m, file);
	if (!last)
		return;
	/* shmem_evict_inode() */
	shmem_unacct_size(m, SHMEM_I(inode)->flags, inode->i_size);
	shmem_free_inode(m, inode);
}
