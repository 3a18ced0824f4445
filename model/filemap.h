/* The page cache (mm/filemap.c, mm/readahead.c): each inode's cached
 * pages by file offset, read from the modeled disk on a miss together
 * with the pages around it, as mmap read-around does. Pages stay cached
 * until the inode goes (no reclaim yet). Counted in NR_FILE_PAGES, and in
 * NR_FILE_DIRTY while dirty. A shmem inode's cache (mm/shmem.c) holds
 * swap-backed pages that no disk backs: counted in NR_SHMEM as well,
 * never in NR_FILE_DIRTY. */
#ifndef MMSIM_FILEMAP_H
#define MMSIM_FILEMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "model/fs.h"
#include "model/page.h"

struct machine;

/* Pages the file spans: the last one may be partial. */
static inline unsigned long i_size_pages(const struct inode *inode)
{
	return (inode->i_size + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

/* Give inode a shmem page cache (shmem_aops): before any page is added.
 * 0 or -ENOMEM. */
int mapping_set_shmem(struct inode *inode);

/* Is inode's page cache shmem's (shmem_mapping())? */
bool shmem_mapping(const struct inode *inode);

/* The file's data at index as a content token: what a shared mapping
 * last wrote there, else the data the file was created with, a fixed
 * function of (inode, index), or zeroes for shmem. */
uint64_t filemap_data_token(const struct inode *inode, unsigned long index);

/* Remember that a shared mapping wrote token at index. 0 or -ENOMEM. */
int filemap_record_write(struct inode *inode, unsigned long index, uint64_t token);

/* Insert the new page pfn at index (filemap_add_folio(),
 * shmem_add_to_page_cache()), counting it by its kind. 0 or -ENOMEM. */
int add_to_page_cache(struct machine *m, struct inode *inode, unsigned long index,
		      unsigned long pfn);

/* The cached page at index, or PFN_NONE (filemap_get_folio()). */
unsigned long filemap_get_page(const struct inode *inode, unsigned long index);

/* The page at index (below i_size_pages()), read from disk with its
 * read-around window when not cached (filemap_fault()): a major fault,
 * counted in PGMAJFAULT and reported through *major. PFN_NONE when no
 * memory is left for it. */
unsigned long filemap_fault(struct machine *m, struct inode *inode, unsigned long index,
			    bool *major);

/* Mark a page cache page dirty, accounting it once for writeback
 * (folio_mark_dirty()); shmem pages have none to account. */
void folio_mark_dirty(struct machine *m, unsigned long pfn);

/* The inode goes away: free its cached pages, none of which may still be
 * mapped, and its record of written data (truncate_inode_pages_final()). */
void truncate_inode_pages_final(struct machine *m, struct inode *inode);

#endif
