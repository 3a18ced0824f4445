/* The page cache: per inode, file offset -> pfn, and a record of the data
 * shared mappings wrote, which is what the file holds from then on. */
#include "model/filemap.h"

#include <errno.h>
#include <stdlib.h>

#include "model/gfp.h"
#include "model/machine.h"
#include "model/xarray.h"

/* The bdi's default read_ahead_kb (VM_READAHEAD_PAGES): the window that
 * mmap read-around reads, centred on the faulting page. */
#define VM_READAHEAD_PAGES (128 * 1024 / PAGE_SIZE)

/* What inode->i_pages points to. */
struct address_space {
	struct xarray i_pages; /* index -> pfn of the cached page */
	struct xarray written; /* index -> token a shared mapping wrote */
	bool shmem;            /* shmem_aops: no disk behind it, pages born zeroed */
};

/* The inode's address_space, created on first use; NULL without host
 * memory. */
static struct address_space *inode_mapping(struct inode *inode)
{
	if (!inode->i_pages)
		inode->i_pages = calloc(1, sizeof(struct address_space));
	return inode->i_pages;
}

/* The data a file is created with: a fixed, never-zero function of its
 * inode number and page index (splitmix64). */
static uint64_t file_initial_token(const struct inode *inode, unsigned long index)
{
	uint64_t z = ((uint64_t)inode->i_ino << 40 ^ index) + 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return z ? z : 1;
}

int mapping_set_shmem(struct inode *inode)
{
	struct address_space *mapping = inode_mapping(inode);
	if (!mapping)
		return -ENOMEM;
	mapping->shmem = true;
	return 0;
}

bool shmem_mapping(const struct inode *inode)
{
	const struct address_space *mapping = inode->i_pages;
	return mapping && mapping->shmem;
}

uint64_t filemap_data_token(const struct inode *inode, unsigned long index)
{
	const struct address_space *mapping = inode->i_pages;
	uint64_t token = mapping ? xa_load(&mapping->written, index) : 0;
	if (token || shmem_mapping(inode))
		return token;
	return file_initial_token(inode, index);
}

int filemap_record_write(struct inode *inode, unsigned long index, uint64_t token)
{
	struct address_space *mapping = inode_mapping(inode);
	return mapping ? xa_store(&mapping->written, index, token) : -ENOMEM;
}

unsigned long filemap_get_page(const struct inode *inode, unsigned long index)
{
	const struct address_space *mapping = inode->i_pages;
	uint64_t pfn = mapping ? xa_load(&mapping->i_pages, index) : 0;
	return pfn ? (unsigned long)pfn : PFN_NONE;
}

int add_to_page_cache(struct machine *m, struct inode *inode, unsigned long index,
		      unsigned long pfn)
{
	struct address_space *mapping = inode_mapping(inode);
	if (!mapping || xa_store(&mapping->i_pages, index, pfn))
		return -ENOMEM;
	struct pglist_data *pgdat = page_zone(m, pfn)->zone_pgdat;
	inode->nrpages++;
	mod_node_page_state(pgdat, NR_FILE_PAGES, 1);
	if (PageSwapBacked(pfn_to_page(m, pfn)))
		mod_node_page_state(pgdat, NR_SHMEM, 1);
	return 0;
}

/* Read page index of the file from disk into a new page cache page
 * (filemap_add_folio() after the read). PFN_NONE without memory. */
static unsigned long page_cache_read(struct machine *m, struct inode *inode, unsigned long index)
{
	unsigned long pfn = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 0, -1);
	if (pfn == PFN_NONE)
		return PFN_NONE;
	if (add_to_page_cache(m, inode, index, pfn)) {
		free_pages(m, pfn, 0);
		return PFN_NONE;
	}
	struct page *page = pfn_to_page(m, pfn);
	page->mapcount = 0;
	page->token = filemap_data_token(inode, index);
	return pfn;
}

unsigned long filemap_fault(struct machine *m, struct inode *inode, unsigned long index,
			    bool *major)
{
	unsigned long pfn = filemap_get_page(inode, index);
	*major = pfn == PFN_NONE;
	if (!*major)
		return pfn;
	count_vm_events(m, PGMAJFAULT, 1);
	if ((pfn = page_cache_read(m, inode, index)) == PFN_NONE)
		return PFN_NONE;

	/* do_sync_mmap_readahead(): the rest of the window is best effort */
	unsigned long start = index > VM_READAHEAD_PAGES / 2 ? index - VM_READAHEAD_PAGES / 2 : 0;
	unsigned long end = start + VM_READAHEAD_PAGES;
	if (end > i_size_pages(inode))
		end = i_size_pages(inode);
	for (unsigned long i = start; i < end; i++)
		if (filemap_get_page(inode, i) == PFN_NONE &&
		    page_cache_read(m, inode, i) == PFN_NONE)
			break;
	return pfn;
}

/* Add delta to the dirty page counts of pfn's node and zone. */
static void account_dirty(struct machine *m, unsigned long pfn, long delta)
{
	struct zone *z = page_zone(m, pfn);
	mod_node_page_state(z->zone_pgdat, NR_FILE_DIRTY, delta);
	mod_zone_page_state(z, NR_ZONE_WRITE_PENDING, delta);
}

void folio_mark_dirty(struct machine *m, unsigned long pfn)
{
	struct page *page = pfn_to_page(m, pfn);
	if (page->flags & PG_dirty)
		return;
	page->flags |= PG_dirty;
	if (PageSwapBacked(page))
		return; /* noop_dirty_folio() */
	account_dirty(m, pfn, 1);
	mod_node_page_state(page_zone(m, pfn)->zone_pgdat, NR_DIRTIED, 1);
}

void truncate_inode_pages_final(struct machine *m, struct inode *inode)
{
	struct address_space *mapping = inode->i_pages;
	if (!mapping)
		return;
	unsigned long index;
	uint64_t pfn;
	xa_for_each(&mapping->i_pages, pos, index, pfn) {
		struct page *page = pfn_to_page(m, pfn);
		struct pglist_data *pgdat = page_zone(m, pfn)->zone_pgdat;
		if (PageSwapBacked(page))
			mod_node_page_state(pgdat, NR_SHMEM, -1);
		else if (PageDirty(page))
			account_dirty(m, pfn, -1);
		page->flags &= (uint16_t)~(PG_dirty | PG_referenced | PG_swapbacked);
		mod_node_page_state(pgdat, NR_FILE_PAGES, -1);
		free_pages(m, pfn, 0);
	}
	xa_destroy(&mapping->i_pages);
	xa_destroy(&mapping->written);
	free(mapping);
	inode->i_pages = NULL;
	inode->nrpages = 0;
}
