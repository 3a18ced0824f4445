/* Page tables and the fault paths: the MMU's walk, anonymous zero-fill and
 * the zero page, file pages with fault-around, copy-on-write, stack growth,
 * zap and table freeing, fork's copy and mprotect's PTE update
 * (mm/memory.c, mm/mprotect.c, mm/mmap.c, arch/x86/mm/fault.c,
 * arch/x86/mm/pgtable.c, include/asm-generic/pgalloc.h). */
#include "model/memory.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "model/filemap.h"
#include "model/fs.h"
#include "model/gfp.h"
#include "model/machine.h"
#include "model/mm.h"
#include "model/rmap.h"
#include "model/shmem.h"
#include "model/task.h"
#include "model/xarray.h"

#define PAGE_MASK (~(PAGE_SIZE - 1))

/* A table at each level holds entries spanning 1 << level_shift[level]. */
enum pt_level { PGD_LEVEL, PUD_LEVEL, PMD_LEVEL, PTE_LEVEL };
static const unsigned int level_shift[] = {PGDIR_SHIFT, PUD_SHIFT, PMD_SHIFT, PAGE_SHIFT};

/* An entry pointing to a lower table (_PAGE_TABLE). */
#define _PAGE_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)

/* The end of the user half of the address space: page tables below it
 * belong to the process (USER_PGTABLES_CEILING, which the kernel writes
 * as 0, "the top"). */
#define USER_PGTABLES_CEILING (1UL << 47)

/* fault_around_bytes' default: a read fault maps the cached pages of the
 * aligned 64 KiB around it. */
#define FAULT_AROUND_PAGES (65536 / PAGE_SIZE)

/* What a new anonymous page carries, and loses when freed. */
#define PG_ANON_FLAGS (PG_anon | PG_anon_exclusive | PG_swapbacked)

/* The low 1 MiB that memblock keeps; the kernel image lies above it. */
#define LOW_RESERVED_PFNS (0x100000 / PAGE_SIZE)

/* What a fault handler works on (struct vm_fault). */
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address; /* page aligned */
	bool write;
	pte_t *pte;
	bool major; /* the page had to be read from disk */
};

/* A walk over the PTEs of a range that calls pte_entry on each non-empty
 * one (mm/pagewalk.c); a nonzero return ends the walk. */
struct mm_walk {
	struct machine *m;
	struct mm_struct *mm;
	int (*pte_entry)(struct mm_walk *walk, pte_t *pte, unsigned long addr);
	const struct vm_area_struct *vma;
	struct mm_struct *dst; /* copy_page_range's child */
	long delta;            /* move_page_tables' distance */
};

/* The 512 entries of the table in page pfn. */
static pte_t *pt_entries(const struct machine *m, unsigned long pfn)
{
	return pfn_to_page(m, pfn)->pt;
}

/* A zeroed table page for level (pagetable_alloc() and the level's ctor):
 * counted in NR_PAGETABLE at every level, as 6.18's pagetable_pgd_ctor()
 * does too, and in pgtables_bytes below the PGD (mm_inc_nr_puds(),
 * _pmds(), _ptes()). The PGD is one page: x86 takes two only with page
 * table isolation (pgd_allocation_order()), which the modeled CPU does
 * not need. PFN_NONE without memory. */
static unsigned long pte_alloc_one(struct machine *m, struct mm_struct *mm, enum pt_level level)
{
	pte_t *entries = calloc(PTRS_PER_TABLE, sizeof(pte_t));
	unsigned long pfn = entries ? alloc_pages(m, GFP_KERNEL, 0, -1) : PFN_NONE;
	if (pfn == PFN_NONE) {
		free(entries);
		return PFN_NONE;
	}
	struct page *page = pfn_to_page(m, pfn);
	page->flags |= PG_pgtable;
	page->pt = entries;
	mod_node_page_state(page_zone(m, pfn)->zone_pgdat, NR_PAGETABLE, 1);
	if (level != PGD_LEVEL)
		mm->pgtables_bytes += PAGE_SIZE;
	return pfn;
}

/* Free a table page, undoing pte_alloc_one()'s accounting. */
static void pte_free_one(struct machine *m, struct mm_struct *mm, unsigned long pfn,
			 enum pt_level level)
{
	struct page *page = pfn_to_page(m, pfn);
	free(page->pt);
	page->flags &= (uint16_t)~PG_pgtable;
	mod_node_page_state(page_zone(m, pfn)->zone_pgdat, NR_PAGETABLE, -1);
	if (level != PGD_LEVEL)
		mm->pgtables_bytes -= PAGE_SIZE;
	free_pages(m, pfn, 0);
}

/* Free the table pfn of level and every table below it. */
static void free_table_tree(struct machine *m, struct mm_struct *mm, unsigned long pfn,
			    enum pt_level level)
{
	if (level != PTE_LEVEL) {
		pte_t *entries = pt_entries(m, pfn);
		for (int i = 0; i < PTRS_PER_TABLE; i++)
			if (!pte_none(entries[i]))
				free_table_tree(m, mm, pte_pfn(entries[i]), level + 1);
	}
	pte_free_one(m, mm, pfn, level);
}

/* empty_zero_page sits in the kernel image's bss: the model takes the
 * image's last page, the end of the first reserved run above 1 MiB. */
static unsigned long find_zero_pfn(const struct machine *m)
{
	unsigned long pfn = LOW_RESERVED_PFNS;
	while (pfn < m->max_pfn && !(pfn_to_page(m, pfn)->flags & PG_reserved))
		pfn++;
	while (pfn + 1 < m->max_pfn && (pfn_to_page(m, pfn + 1)->flags & PG_reserved))
		pfn++;
	return pfn;
}

int pgd_alloc(struct machine *m, struct mm_struct *mm)
{
	if (!m->zero_pfn)
		m->zero_pfn = find_zero_pfn(m);
	unsigned long pfn = pte_alloc_one(m, mm, PGD_LEVEL);
	if (pfn == PFN_NONE)
		return -ENOMEM;
	mm->pgd = pfn;
	return 0;
}

void pgd_free(struct machine *m, struct mm_struct *mm)
{
	if (mm->pgd)
		free_table_tree(m, mm, mm->pgd, PGD_LEVEL);
	mm->pgd = 0;
	if (mm->token_shadow)
		xa_destroy(mm->token_shadow);
	free(mm->token_shadow);
	mm->token_shadow = NULL;
}

pte_t *follow_pte(const struct machine *m, const struct mm_struct *mm, unsigned long addr)
{
	if (!mm->pgd)
		return NULL;
	unsigned long table = mm->pgd;
	for (enum pt_level level = PGD_LEVEL; level != PTE_LEVEL; level++) {
		pte_t entry = pt_entries(m, table)[pt_index(addr, level_shift[level])];
		if (pte_none(entry))
			return NULL;
		table = pte_pfn(entry);
	}
	return &pt_entries(m, table)[pt_index(addr, PAGE_SHIFT)];
}

/* The PTE for addr, allocating the missing tables on the way down
 * (pte_alloc_map()). NULL without memory. */
static pte_t *pte_alloc_map(struct machine *m, struct mm_struct *mm, unsigned long addr)
{
	if (!mm->pgd)
		return NULL;
	unsigned long table = mm->pgd;
	for (enum pt_level level = PGD_LEVEL; level != PTE_LEVEL; level++) {
		pte_t *entry = &pt_entries(m, table)[pt_index(addr, level_shift[level])];
		if (pte_none(*entry)) {
			unsigned long pfn = pte_alloc_one(m, mm, level + 1);
			if (pfn == PFN_NONE)
				return NULL;
			*entry = (pte_t)pfn << PAGE_SHIFT | _PAGE_TABLE;
		}
		table = pte_pfn(*entry);
	}
	return &pt_entries(m, table)[pt_index(addr, PAGE_SHIFT)];
}

/* Call walk->pte_entry on the non-empty PTEs of [addr, end) under the
 * table of level, skipping empty upper entries whole. */
static int walk_level(struct mm_walk *walk, unsigned long table, enum pt_level level,
		      unsigned long addr, unsigned long end)
{
	pte_t *entries = pt_entries(walk->m, table);
	unsigned long span = 1UL << level_shift[level];
	for (unsigned long next; addr < end; addr = next) {
		next = (addr & ~(span - 1)) + span < end ? (addr & ~(span - 1)) + span : end;
		pte_t *entry = &entries[pt_index(addr, level_shift[level])];
		if (pte_none(*entry))
			continue;
		int ret;
		if (level == PTE_LEVEL)
			ret = walk->pte_entry(walk, entry, addr);
		else
			ret = walk_level(walk, pte_pfn(*entry), level + 1, addr, next);
		if (ret)
			return ret;
	}
	return 0;
}

/* Walk [start, end) of walk->mm (walk_page_range()). */
static int walk_page_range(struct mm_walk *walk, unsigned long start, unsigned long end)
{
	return walk->mm->pgd ? walk_level(walk, walk->mm->pgd, PGD_LEVEL, start, end) : 0;
}

static bool vma_is_accessible(const struct vm_area_struct *vma)
{
	return vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC);
}

/* Private and possibly writable: writes copy (is_cow_mapping()). */
static bool is_cow_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

/* The file tracks writes through shared mappings, so their PTEs start
 * read-only and the first write faults (vma_wants_writenotify()); shmem
 * has no writeback to account for, so its mappings are writable at once. */
static bool vma_wants_writenotify(const struct vm_area_struct *vma)
{
	return (vma->vm_flags & VM_SHARED) && vma->vm_file &&
	       !shmem_mapping(vma->vm_file->f_inode);
}

/* The PTE bits for vma's protection (vm_get_page_prot() with x86's
 * protection_map): PROT_NONE is not present; RW only where writes need
 * no fault, i.e. shared mappings without write notification. */
static pte_t vm_page_prot(const struct vm_area_struct *vma)
{
	if (!vma_is_accessible(vma))
		return _PAGE_PROTNONE | _PAGE_ACCESSED;
	pte_t prot = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;
	if (!(vma->vm_flags & VM_EXEC))
		prot |= _PAGE_NX;
	bool shared_write = (vma->vm_flags & (VM_SHARED | VM_WRITE)) == (VM_SHARED | VM_WRITE);
	if (shared_write && !vma_wants_writenotify(vma))
		prot |= _PAGE_RW;
	return prot;
}

static pte_t mk_pte(unsigned long pfn, pte_t prot)
{
	return (pte_t)pfn << PAGE_SHIFT | prot;
}

/* The page offset in vma's file (or in its anonymous range) of addr. */
static unsigned long linear_page_index(const struct vm_area_struct *vma, unsigned long addr)
{
	return vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
}

/* The RSS counter a mapped page counts in (mm_counter()): page cache
 * pages that are swap-backed are shmem's. */
static enum mm_counter mm_counter(const struct page *page)
{
	if (PageAnon(page))
		return MM_ANONPAGES;
	return PageSwapBacked(page) ? MM_SHMEMPAGES : MM_FILEPAGES;
}

/* A zero-filled anonymous page holding token, mapped once and owned by
 * its mm (folio_add_new_anon_rmap()). PFN_NONE without memory. */
static unsigned long alloc_anon_page(struct machine *m, uint64_t token)
{
	unsigned long pfn = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 0, -1);
	if (pfn == PFN_NONE)
		return PFN_NONE;
	struct page *page = pfn_to_page(m, pfn);
	page->flags |= PG_ANON_FLAGS;
	page->mapcount = 1;
	page->token = token;
	mod_node_page_state(page_zone(m, pfn)->zone_pgdat, NR_ANON_MAPPED, 1);
	return pfn;
}

/* One more PTE maps the page cache page pfn (folio_add_file_rmap_pte()). */
static void page_add_file_rmap(struct machine *m, unsigned long pfn)
{
	if (pfn_to_page(m, pfn)->mapcount++ == 0)
		mod_node_page_state(page_zone(m, pfn)->zone_pgdat, NR_FILE_MAPPED, 1);
}

/* One PTE fewer maps pfn (folio_remove_rmap_pte()). An anonymous page
 * goes with its last mapping; a file page stays cached. */
static void page_remove_rmap(struct machine *m, unsigned long pfn)
{
	struct page *page = pfn_to_page(m, pfn);
	if (--page->mapcount)
		return;
	bool anon = PageAnon(page);
	mod_node_page_state(page_zone(m, pfn)->zone_pgdat, anon ? NR_ANON_MAPPED : NR_FILE_MAPPED,
			    -1);
	if (anon) {
		page->flags &= (uint16_t)~PG_ANON_FLAGS;
		free_pages(m, pfn, 0);
	}
}

/* The mm's token record (vpn -> token last written), created on first
 * use; NULL without host memory. */
static struct xarray *mm_token_shadow(struct mm_struct *mm)
{
	if (!mm->token_shadow)
		mm->token_shadow = calloc(1, sizeof(struct xarray));
	return mm->token_shadow;
}

/* What a read at addr should find: the mm's last write there in a
 * private mapping, else the file's data (shared anonymous memory is a
 * shmem file's), else zeroes. */
static uint64_t expected_token(const struct mm_struct *mm, const struct vm_area_struct *vma,
			       unsigned long addr)
{
	bool shared = vma->vm_flags & VM_SHARED;
	uint64_t want = !shared && mm->token_shadow ? xa_load(mm->token_shadow, addr >> PAGE_SHIFT)
						    : 0;
	if (!want && vma->vm_file)
		want = filemap_data_token(vma->vm_file->f_inode, linear_page_index(vma, addr));
	return want;
}

/* A write: stamp a fresh token on the page and remember it where a later
 * read will look. 0 or -ENOMEM. */
static int stamp_token(struct machine *m, struct mm_struct *mm, const struct vm_area_struct *vma,
		       unsigned long addr, struct page *page)
{
	uint64_t token = m->last_token + 1;
	int err = 0;
	if (!(vma->vm_flags & VM_SHARED)) {
		struct xarray *shadow = mm_token_shadow(mm);
		err = shadow ? xa_store(shadow, addr >> PAGE_SHIFT, token) : -ENOMEM;
	} else if (vma->vm_file) {
		unsigned long index = linear_page_index(vma, addr);
		err = filemap_record_write(vma->vm_file->f_inode, index, token);
	}
	if (!err) {
		page->token = token;
		m->last_token = token;
	}
	return err;
}

/* A read: count a mismatch if the page does not hold what was written. */
static void check_token(struct machine *m, const struct mm_struct *mm,
			const struct vm_area_struct *vma, unsigned long addr,
			const struct page *page)
{
	if (page->token != expected_token(mm, vma, addr))
		m->token_mismatches++;
}

/* Map page cache page pfn at pte, writable and dirty for a write
 * (set_pte_range()). */
static void map_file_pte(struct machine *m, struct mm_struct *mm,
			 const struct vm_area_struct *vma, pte_t *pte, unsigned long pfn,
			 bool write)
{
	page_add_file_rmap(m, pfn);
	mm->rss_stat[mm_counter(pfn_to_page(m, pfn))]++;
	*pte = mk_pte(pfn, vm_page_prot(vma)) | (write ? _PAGE_RW | _PAGE_DIRTY : 0);
}

/* First touch of private anonymous memory (do_anonymous_page()): a read
 * maps the shared zero page read-only, costing no memory; a write a
 * zeroed page, which needs the VMA's anon_vma. */
static int do_anonymous_page(struct machine *m, struct mm_struct *mm, struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	if (!vmf->write) {
		*vmf->pte = mk_pte(m->zero_pfn, vm_page_prot(vma)) | _PAGE_SPECIAL;
		return 0;
	}
	if (anon_vma_prepare(m, mm, vma))
		return -ENOMEM;
	unsigned long pfn = alloc_anon_page(m, 0);
	if (pfn == PFN_NONE)
		return -ENOMEM;
	mm->rss_stat[MM_ANONPAGES]++;
	pte_t pte = mk_pte(pfn, vm_page_prot(vma));
	if (vma->vm_flags & VM_WRITE)
		pte |= _PAGE_RW | _PAGE_DIRTY;
	*vmf->pte = pte;
	return 0;
}

/* Map the cached pages of the file around a read fault that the page
 * table can hold without another table, up to the VMA's and the file's
 * ends (do_fault_around(), filemap_map_pages()). */
static void do_fault_around(struct machine *m, struct mm_struct *mm, struct vm_fault *vmf)
{
	const struct vm_area_struct *vma = vmf->vma;
	struct inode *inode = vma->vm_file->f_inode;
	unsigned long pte_off = pt_index(vmf->address, PAGE_SHIFT);
	unsigned long vma_off = (vmf->address - vma->vm_start) >> PAGE_SHIFT;
	unsigned long from = pte_off & ~(FAULT_AROUND_PAGES - 1);
	if (from < pte_off - vma_off && vma_off <= pte_off)
		from = pte_off - vma_off;
	unsigned long to = from + FAULT_AROUND_PAGES;
	if (to > PTRS_PER_TABLE)
		to = PTRS_PER_TABLE;
	if (to > pte_off + vma_pages(vma) - vma_off)
		to = pte_off + vma_pages(vma) - vma_off;
	pte_t *table = vmf->pte - pte_off;
	unsigned long first_index = linear_page_index(vma, vmf->address) - (pte_off - from);
	for (unsigned long i = from; i < to; i++) {
		unsigned long index = first_index + (i - from);
		unsigned long pfn = index < i_size_pages(inode) ? filemap_get_page(inode, index)
								: PFN_NONE;
		if (pte_none(table[i]) && pfn != PFN_NONE)
			map_file_pte(m, mm, vma, &table[i], pfn, false);
	}
}

/* First touch of a file page (do_fault()): the page comes from the
 * mapping's fault handler, shmem_fault() or filemap_fault(). A read maps
 * it and its cached neighbours; a private write copies it into an
 * anonymous page (do_cow_fault()); a shared write maps it writable and
 * dirties it (do_shared_fault()). Beyond the end of the file: -EIO, the
 * kernel's SIGBUS. */
static int do_fault(struct machine *m, struct mm_struct *mm, struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct inode *inode = vma->vm_file->f_inode;
	unsigned long index = linear_page_index(vma, vmf->address);
	if (index >= i_size_pages(inode))
		return -EIO;
	unsigned long pfn = shmem_mapping(inode) ? shmem_fault(m, inode, index)
						 : filemap_fault(m, inode, index, &vmf->major);
	if (pfn == PFN_NONE)
		return -ENOMEM;
	if (!vmf->write) {
		do_fault_around(m, mm, vmf);
		return 0;
	}
	if (vma->vm_flags & VM_SHARED) {
		map_file_pte(m, mm, vma, vmf->pte, pfn, true);
		folio_mark_dirty(m, pfn);
		return 0;
	}
	if (anon_vma_prepare(m, mm, vma))
		return -ENOMEM;
	unsigned long copy = alloc_anon_page(m, pfn_to_page(m, pfn)->token);
	if (copy == PFN_NONE)
		return -ENOMEM;
	mm->rss_stat[MM_ANONPAGES]++;
	*vmf->pte = mk_pte(copy, vm_page_prot(vma)) | _PAGE_RW | _PAGE_DIRTY;
	return 0;
}

/* Copy-on-write (wp_page_copy()): a new anonymous page with the old one's
 * data (zeroes for the zero page) replaces it in this mm. */
static int wp_page_copy(struct machine *m, struct mm_struct *mm, struct vm_fault *vmf)
{
	pte_t old = *vmf->pte;
	unsigned long old_pfn = pte_pfn(old);
	struct page *old_page = pte_special(old) ? NULL : pfn_to_page(m, old_pfn);
	if (anon_vma_prepare(m, mm, vmf->vma))
		return -ENOMEM;
	unsigned long pfn = alloc_anon_page(m, old_page ? old_page->token : 0);
	if (pfn == PFN_NONE)
		return -ENOMEM;
	if (!old_page || !PageAnon(old_page))
		mm->rss_stat[MM_ANONPAGES]++;
	if (old_page && !PageAnon(old_page))
		mm->rss_stat[mm_counter(old_page)]--;
	if (old_page)
		page_remove_rmap(m, old_pfn);
	*vmf->pte = mk_pte(pfn, vm_page_prot(vmf->vma)) | _PAGE_RW | _PAGE_DIRTY;
	return 0;
}

/* A write to a present read-only PTE (do_wp_page()): a shared mapping
 * just becomes writable, its file page dirty (wp_page_shared()); an
 * anonymous page this mm alone maps is reused in place; anything else is
 * copied. Reuse counts PGREUSE. */
static int do_wp_page(struct machine *m, struct mm_struct *mm, struct vm_fault *vmf)
{
	pte_t pte = *vmf->pte;
	struct page *page = pte_special(pte) ? NULL : pfn_to_page(m, pte_pfn(pte));
	if (vmf->vma->vm_flags & VM_SHARED) {
		if (page && !PageAnon(page))
			folio_mark_dirty(m, pte_pfn(pte));
	} else if (page && PageAnon(page) && page->mapcount == 1) {
		page->flags |= PG_anon_exclusive;
	} else {
		return wp_page_copy(m, mm, vmf);
	}
	*vmf->pte = pte | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED;
	count_vm_events(m, PGREUSE, 1);
	return 0;
}

/* Resolve a fault on vmf->address in vmf->vma (handle_pte_fault()). */
static int handle_pte_fault(struct machine *m, struct mm_struct *mm, struct vm_fault *vmf)
{
	vmf->pte = pte_alloc_map(m, mm, vmf->address);
	if (!vmf->pte)
		return -ENOMEM;
	if (pte_none(*vmf->pte))
		return vmf->vma->vm_file ? do_fault(m, mm, vmf) : do_anonymous_page(m, mm, vmf);
	if (vmf->write && !(*vmf->pte & _PAGE_RW))
		return do_wp_page(m, mm, vmf);
	*vmf->pte |= _PAGE_ACCESSED;
	return 0;
}

/* Grow the stack VMA down to addr (expand_downwards(),
 * acct_stack_growth()): within RLIMIT_STACK, keeping stack_guard_gap
 * above the VMA below, and charging the commit. Like the kernel, it
 * gives the VMA its anon_vma first, whether or not the growth fits.
 * 0 or -errno. */
static int expand_downwards(struct machine *m, struct mm_struct *mm, struct vm_area_struct *vma,
			    unsigned long addr)
{
	addr &= PAGE_MASK;
	if (addr < m->vm.mmap_min_addr)
		return -EPERM;
	const struct vm_area_struct *prev = vma > mm->vmas ? vma - 1 : NULL;
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) && vma_is_accessible(prev) &&
	    addr - prev->vm_end < STACK_GUARD_GAP)
		return -ENOMEM;
	if (anon_vma_prepare(m, mm, vma))
		return -ENOMEM;
	unsigned long grow = (vma->vm_start - addr) >> PAGE_SHIFT;
	if (grow > vma->vm_pgoff || vma->vm_end - addr > STK_LIM)
		return -ENOMEM;
	if (vm_enough_memory(m, mm, (long)grow))
		return -ENOMEM;
	vm_stat_account(mm, vma, -1);
	vma->vm_start = addr;
	vma->vm_pgoff -= grow;
	vm_stat_account(mm, vma, +1);
	return 0;
}

/* The VMA a fault at addr is in, growing a stack down to it; NULL when
 * there is none (lock_mm_and_find_vma()). */
static struct vm_area_struct *find_fault_vma(struct machine *m, struct mm_struct *mm,
					     unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	if (!vma || vma->vm_start <= addr)
		return vma;
	if (!(vma->vm_flags & VM_GROWSDOWN) || expand_downwards(m, mm, vma, addr))
		return NULL;
	return vma;
}

/* Does vma forbid the access (access_error())? The fault handlers of
 * special mappings ([vvar] data, [vdso] text) are not modeled, so their
 * pages are out of reach too. */
static bool access_error(const struct vm_area_struct *vma, bool write)
{
	if (vma->vm_flags & VM_SPECIAL)
		return true;
	return write ? !(vma->vm_flags & VM_WRITE) : !vma_is_accessible(vma);
}

/* The page fault handler for a user access to addr by t (NULL for the
 * kernel populating a mapping) (do_user_addr_fault(), handle_mm_fault(),
 * mm_account_fault()). 0 once the PTE allows the access, or -EFAULT,
 * -EIO or -ENOMEM. */
static int handle_mm_fault(struct machine *m, struct mm_struct *mm, struct task_struct *t,
			   unsigned long addr, bool write)
{
	struct vm_fault vmf = {.address = addr & PAGE_MASK, .write = write};
	vmf.vma = find_fault_vma(m, mm, addr);
	if (!vmf.vma || access_error(vmf.vma, write))
		return -EFAULT;
	count_vm_events(m, PGFAULT, 1);
	int err = handle_pte_fault(m, mm, &vmf);
	if (!err && t) {
		if (vmf.major)
			t->maj_flt++;
		else
			t->min_flt++;
	}
	return err;
}

/* Would the MMU let this access through pte without a fault? */
static bool pte_allows(const pte_t *pte, bool write)
{
	return pte && (*pte & _PAGE_PRESENT) && (!write || (*pte & _PAGE_RW));
}

/* One access of the CPU to the page at addr: the walk, a fault if the PTE
 * does not allow it, then the accessed and dirty bits and the content
 * token. *vma caches the VMA of the previous page. */
static int access_page(struct machine *m, struct mm_struct *mm, struct task_struct *t,
		       unsigned long addr, bool write, const struct vm_area_struct **vma)
{
	pte_t *pte = follow_pte(m, mm, addr);
	if (!pte_allows(pte, write)) {
		int err = handle_mm_fault(m, mm, t, addr, write);
		if (err)
			return err;
		pte = follow_pte(m, mm, addr);
	}
	*pte |= _PAGE_ACCESSED | (write ? _PAGE_DIRTY : 0);
	if (!*vma || addr < (*vma)->vm_start || addr >= (*vma)->vm_end)
		*vma = find_vma(mm, addr);
	struct page *page = pfn_to_page(m, pte_pfn(*pte));
	if (write)
		return stamp_token(m, mm, *vma, addr, page);
	check_token(m, mm, *vma, addr, page);
	return 0;
}

int touch_range(struct machine *m, struct task_struct *t, unsigned long addr,
		unsigned long len, bool write, unsigned long *bad)
{
	if (!len)
		return 0;
	unsigned long last = len - 1 > ULONG_MAX - addr ? ULONG_MAX : addr + len - 1;
	const struct vm_area_struct *vma = NULL;
	for (unsigned long a = addr;; a = (a & PAGE_MASK) + PAGE_SIZE) {
		int err = access_page(m, t->mm, t, a, write, &vma);
		if (err) {
			*bad = a;
			return err;
		}
		if ((a & PAGE_MASK) == (last & PAGE_MASK))
			return 0;
	}
}

void mm_populate(struct machine *m, struct mm_struct *mm, unsigned long start, unsigned long len)
{
	unsigned long end = start + len;
	if (!mm->pgd)
		return;
	for (struct vm_area_struct *vma = find_vma(mm, start);
	     vma && vma < mm->vmas + mm->map_count && vma->vm_start < end; vma++) {
		if ((vma->vm_flags & VM_SPECIAL) || !vma_is_accessible(vma))
			continue;
		bool write = (vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
		unsigned long addr = vma->vm_start > start ? vma->vm_start : start;
		unsigned long stop = vma->vm_end < end ? vma->vm_end : end;
		for (; addr < stop; addr += PAGE_SIZE)
			if (!pte_allows(follow_pte(m, mm, addr), write) &&
			    handle_mm_fault(m, mm, NULL, addr, write))
				break;
	}
}

/* Clear one PTE of an unmapped range (zap_present_ptes()): the RSS and
 * mapcount go down, a file page keeps what the PTE saw (dirty data, a
 * reference) and the token record forgets the address. */
static int zap_pte(struct mm_walk *walk, pte_t *pte, unsigned long addr)
{
	pte_t entry = *pte;
	*pte = 0;
	if (walk->mm->token_shadow)
		xa_erase(walk->mm->token_shadow, addr >> PAGE_SHIFT);
	if (!pte_present(entry) || pte_special(entry))
		return 0;
	unsigned long pfn = pte_pfn(entry);
	struct page *page = pfn_to_page(walk->m, pfn);
	walk->mm->rss_stat[mm_counter(page)]--;
	if (!PageAnon(page) && (entry & _PAGE_DIRTY))
		folio_mark_dirty(walk->m, pfn);
	if (!PageAnon(page) && (entry & _PAGE_ACCESSED))
		page->flags |= PG_referenced;
	page_remove_rmap(walk->m, pfn);
	return 0;
}

/* Free the tables under table (of level) that meet [addr, end) and whose
 * whole span lies in [floor, ceiling), the gap between the VMAs around:
 * nothing else can need them (free_pgd_range()). */
static void free_pgd_range(struct machine *m, struct mm_struct *mm, unsigned long table,
			   enum pt_level level, unsigned long addr, unsigned long end,
			   unsigned long floor, unsigned long ceiling)
{
	pte_t *entries = pt_entries(m, table);
	unsigned long span = 1UL << level_shift[level];
	for (unsigned long next; addr < end; addr = next) {
		unsigned long base = addr & ~(span - 1);
		next = base + span < end ? base + span : end;
		pte_t *entry = &entries[pt_index(addr, level_shift[level])];
		if (pte_none(*entry))
			continue;
		if (base >= floor && base + span <= ceiling) {
			free_table_tree(m, mm, pte_pfn(*entry), level + 1);
			*entry = 0;
		} else if (level + 1 != PTE_LEVEL) {
			free_pgd_range(m, mm, pte_pfn(*entry), level + 1, addr, next, floor,
				       ceiling);
		}
	}
}

/* Keep the RSS high-water mark before RSS falls (update_hiwater_rss()). */
static void update_hiwater_rss(struct mm_struct *mm)
{
	unsigned long rss = (unsigned long)(mm->rss_stat[MM_FILEPAGES] +
					    mm->rss_stat[MM_ANONPAGES] +
					    mm->rss_stat[MM_SHMEMPAGES]);
	if (mm->hiwater_rss < rss)
		mm->hiwater_rss = rss;
}

void zap_page_range(struct machine *m, struct mm_struct *mm, unsigned long start,
		    unsigned long end)
{
	update_hiwater_rss(mm);
	struct mm_walk walk = {.m = m, .mm = mm, .pte_entry = zap_pte};
	walk_page_range(&walk, start, end);
}

void free_pgtables(struct machine *m, struct mm_struct *mm, unsigned long start,
		   unsigned long end)
{
	if (!mm->pgd)
		return;
	/* the gap is bounded by the VMAs left around it */
	struct vm_area_struct *next = find_vma(mm, start);
	const struct vm_area_struct *prev = next ? next : mm->vmas + mm->map_count;
	prev = prev > mm->vmas ? prev - 1 : NULL;
	unsigned long floor = prev ? prev->vm_end : 0;
	unsigned long ceiling = next ? next->vm_start : USER_PGTABLES_CEILING;
	free_pgd_range(m, mm, mm->pgd, PGD_LEVEL, start, end, floor, ceiling);
}

/* May a PTE of a writable VMA become writable without a write fault
 * (can_change_pte_writable())? Only where the fault would not copy: an
 * anonymous page this mm owns, or an already dirty shared page. */
static bool can_change_pte_writable(const struct machine *m, const struct vm_area_struct *vma,
				    pte_t pte)
{
	if (!(pte & _PAGE_PRESENT))
		return false;
	if (vma->vm_flags & VM_SHARED)
		return pte & _PAGE_DIRTY;
	return !pte_special(pte) && (pfn_to_page(m, pte_pfn(pte))->flags & PG_anon_exclusive);
}

/* Give one PTE walk->vma's protection (change_pte_range(), pte_modify()):
 * the pfn, special, accessed and dirty bits stay. */
static int change_pte(struct mm_walk *walk, pte_t *pte, unsigned long addr)
{
	if (!pte_present(*pte))
		return 0;
	pte_t entry = (*pte & (PTE_PFN_MASK | _PAGE_SPECIAL | _PAGE_ACCESSED | _PAGE_DIRTY)) |
		      vm_page_prot(walk->vma);
	if ((walk->vma->vm_flags & VM_WRITE) && can_change_pte_writable(walk->m, walk->vma, entry))
		entry |= _PAGE_RW;
	*pte = entry;
	return 0;
}

void change_protection(struct machine *m, struct mm_struct *mm, unsigned long start,
		       unsigned long end, unsigned long vm_flags)
{
	const struct vm_area_struct *found = find_vma(mm, start);
	if (!found)
		return;
	struct vm_area_struct vma = *found;
	vma.vm_flags = vm_flags;
	struct mm_walk walk = {.m = m, .mm = mm, .pte_entry = change_pte, .vma = &vma};
	walk_page_range(&walk, start, end);
}

/* Copy one PTE into the child (copy_present_pte()): the page gains a
 * mapping and loses its single owner; a private writable page becomes
 * read-only in both, so the next write to it copies. */
static int copy_pte(struct mm_walk *walk, pte_t *src_pte, unsigned long addr)
{
	pte_t *dst_pte = pte_alloc_map(walk->m, walk->dst, addr);
	if (!dst_pte)
		return -ENOMEM;
	pte_t pte = *src_pte;
	if (pte_present(pte) && !pte_special(pte)) {
		struct page *page = pfn_to_page(walk->m, pte_pfn(pte));
		page->mapcount++;
		page->flags &= (uint16_t)~PG_anon_exclusive;
		walk->dst->rss_stat[mm_counter(page)]++;
	}
	if (is_cow_mapping(walk->vma->vm_flags) && (pte & _PAGE_RW)) {
		*src_pte &= ~_PAGE_RW;
		pte &= ~_PAGE_RW;
	}
	if (walk->vma->vm_flags & VM_SHARED)
		pte &= ~_PAGE_DIRTY;
	*dst_pte = pte & ~_PAGE_ACCESSED;
	return 0;
}

int copy_page_range(struct machine *m, struct mm_struct *dst, struct mm_struct *src,
		    const struct vm_area_struct *vma)
{
	/* vma_needs_copy(): without anonymous pages, faults refill the
	 * child from the page cache, as cheaply as a copy would */
	if (!(vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)) && !vma->anon_vma)
		return 0;
	struct mm_walk walk = {.m = m, .mm = src, .pte_entry = copy_pte, .vma = vma, .dst = dst};
	return walk_page_range(&walk, vma->vm_start, vma->vm_end);
}

int dup_token_shadow(struct mm_struct *dst, const struct mm_struct *src)
{
	if (!src->token_shadow)
		return 0;
	struct xarray *shadow = mm_token_shadow(dst);
	if (!shadow)
		return -ENOMEM;
	xa_destroy(shadow);
	return xa_dup(shadow, src->token_shadow);
}

/* Move one PTE by walk->delta into tables allocated on the way
 * (move_ptes()); the page's token record moves with it. */
static int move_pte(struct mm_walk *walk, pte_t *pte, unsigned long addr)
{
	unsigned long to = addr + (unsigned long)walk->delta;
	pte_t *dst = pte_alloc_map(walk->m, walk->mm, to);
	if (!dst)
		return -ENOMEM;
	*dst = *pte;
	*pte = 0;
	if (walk->mm->token_shadow) {
		uint64_t token = xa_erase(walk->mm->token_shadow, addr >> PAGE_SHIFT);
		if (token && xa_store(walk->mm->token_shadow, to >> PAGE_SHIFT, token))
			return -ENOMEM;
	}
	return 0;
}

int move_page_tables(struct machine *m, struct mm_struct *mm, unsigned long old_addr,
		     unsigned long new_addr, unsigned long len)
{
	struct mm_walk walk = {.m = m, .mm = mm, .pte_entry = move_pte,
			       .delta = (long)(new_addr - old_addr)};
	int err = walk_page_range(&walk, old_addr, old_addr + len);
	if (err) {
		walk.delta = -walk.delta;
		walk_page_range(&walk, new_addr, new_addr + len);
	}
	return err;
}

/* MADV_FREE on one PTE (madvise_free_pte_range()): an anonymous page only
 * this mm maps becomes clean and lazily freeable, its data may be dropped
 * instead of swapped; a later write makes it dirty again. */
static int lazyfree_pte(struct mm_walk *walk, pte_t *pte, unsigned long addr)
{
	if (!pte_present(*pte) || pte_special(*pte))
		return 0;
	struct page *page = pfn_to_page(walk->m, pte_pfn(*pte));
	if (!PageAnon(page) || page_mapcount(page) != 1 || !PageSwapBacked(page))
		return 0;
	*pte &= ~(_PAGE_DIRTY | _PAGE_ACCESSED);
	page->flags &= (uint16_t)~(PG_dirty | PG_swapbacked);
	count_vm_events(walk->m, PGLAZYFREE, 1);
	return 0;
}

void lazyfree_range(struct machine *m, struct mm_struct *mm, unsigned long start,
		    unsigned long end)
{
	struct mm_walk walk = {.m = m, .mm = mm, .pte_entry = lazyfree_pte};
	walk_page_range(&walk, start, end);
}
