/* The anonymous reverse map's objects (include/linux/rmap.h, mm/rmap.c):
 * an anon_vma is where a VMA's anonymous pages belong, and each
 * anon_vma_chain links a VMA to one anon_vma it may find its pages in —
 * its own and, after fork, those of its ancestors. Both are slab objects,
 * so slabinfo's anon_vma and anon_vma_chain rows follow faults, forks,
 * splits and exits as the kernel's do. The model keeps the counts that
 * decide when objects are shared, reused and freed; the interval trees
 * that rmap walks would search are reduced to their sizes (degree), since
 * nothing walks them yet. */
#ifndef MMSIM_RMAP_H
#define MMSIM_RMAP_H

#include <stdbool.h>

#include "model/mm.h"

struct machine;

struct anon_vma {
	struct anon_vma *root;   /* the first anon_vma of its fork tree */
	struct anon_vma *parent; /* the one it was forked from; itself for a root */
	int refcount;            /* 1 while linked to any VMA, +1 per descendant of a root */
	int degree;              /* anon_vma_chains linking it: its interval tree's size */
	int num_children;        /* anon_vmas forked from it, plus its self-link if a root */
	int num_active_vmas;     /* VMAs whose vma->anon_vma it is */
	unsigned long slab;      /* its object in the anon_vma cache */
};

/* One link of a VMA to an anon_vma; a VMA's links form its same_vma list,
 * newest first, as in the kernel. */
struct anon_vma_chain {
	struct anon_vma *anon_vma;
	struct anon_vma_chain *next;
	unsigned long slab; /* its object in the anon_vma_chain cache */
};

/* Was vma forked with anonymous pages its parent still shares, i.e. is
 * it linked to more than its own anon_vma (vma_is_fork_child())? Such a
 * VMA does not merge with one that has no anon_vma. */
static inline bool vma_is_fork_child(const struct vm_area_struct *vma)
{
	return vma->anon_vma && vma->anon_vma_chain && vma->anon_vma_chain->next;
}

/* Give vma (of mm) an anon_vma before its first anonymous page
 * (__anon_vma_prepare()): an adjacent compatible VMA's when it has one of
 * its own alone, else a new one; either way one new chain link. 0 or
 * -ENOMEM. */
int anon_vma_prepare(struct machine *m, struct mm_struct *mm, struct vm_area_struct *vma);

/* Link dst, whose chain is empty, to every anon_vma src is linked to
 * (anon_vma_clone()): split, merge and mremap keep dst->anon_vma as
 * src's; fork passes dst->anon_vma NULL, and an anon_vma on the chain
 * with no VMA of its own and fewer than two children is then reused as
 * dst's. 0, or -ENOMEM with dst unlinked. */
int anon_vma_clone(struct machine *m, struct vm_area_struct *dst,
		   const struct vm_area_struct *src);

/* fork: link the child's copy vma of pvma to pvma's anon_vmas and give
 * it one of its own, new unless anon_vma_clone() reused one
 * (anon_vma_fork()). Nothing to do when pvma has no anon_vma. 0, or
 * -ENOMEM with vma unlinked. */
int anon_vma_fork(struct machine *m, struct vm_area_struct *vma,
		  const struct vm_area_struct *pvma);

/* vma goes: free its chain, and each anon_vma left linked to no VMA once
 * nothing else holds it (unlink_anon_vmas()). */
void unlink_anon_vmas(struct machine *m, struct vm_area_struct *vma);

#endif
