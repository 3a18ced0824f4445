/* x86-64 page table entries (arch/x86/include/asm/pgtable_types.h,
 * pgtable_64.h). Four levels of 512 eight-byte entries; each table is a
 * modeled page from the buddy allocator.
 *
 *   63  62..59  58..52  51 ........... 12  11 10 9  8  7  6  5  4  3  2  1  0
 *   NX  pkey    sw      PFN                sw sw sw G PS  D  A PCD PWT US RW P
 *
 * A non-present entry (P=0) that is not zero holds a swap entry:
 *
 *   63..59 type   58..9 ~offset   8 PROTNONE=0   7..5 0   3 exclusive  2 uffd  1 soft-dirty
 */
#ifndef MMSIM_PGTABLE_H
#define MMSIM_PGTABLE_H

#include <stdint.h>

typedef uint64_t pte_t;

#define _PAGE_PRESENT (1ULL << 0)
#define _PAGE_RW (1ULL << 1)
#define _PAGE_USER (1ULL << 2)
#define _PAGE_ACCESSED (1ULL << 5)
#define _PAGE_DIRTY (1ULL << 6)
#define _PAGE_PSE (1ULL << 7)
#define _PAGE_PROTNONE (1ULL << 8) /* _PAGE_GLOBAL's bit: with P=0, a PROT_NONE page */
#define _PAGE_SPECIAL (1ULL << 9)  /* no struct page to count: the zero page */
#define _PAGE_NX (1ULL << 63)
#define PTE_PFN_MASK 0x000ffffffffff000ULL

#define PTRS_PER_TABLE 512
#define PGDIR_SHIFT 39
#define PUD_SHIFT 30
#define PMD_SHIFT 21

static inline unsigned long pte_pfn(pte_t pte)
{
	return (unsigned long)((pte & PTE_PFN_MASK) >> 12);
}

/* Maps a page, though a PROT_NONE entry faults on every access (the
 * kernel's pte_present(); the MMU looks at _PAGE_PRESENT alone). */
static inline int pte_present(pte_t pte)
{
	return (pte & (_PAGE_PRESENT | _PAGE_PROTNONE)) != 0;
}

/* vm_normal_page() finds no struct page behind it. */
static inline int pte_special(pte_t pte)
{
	return (pte & _PAGE_SPECIAL) != 0;
}

static inline int pte_none(pte_t pte)
{
	return pte == 0;
}

/* Index into the table of a level for addr. */
static inline unsigned int pt_index(unsigned long addr, unsigned int shift)
{
	return (unsigned int)((addr >> shift) & (PTRS_PER_TABLE - 1));
}

#endif
