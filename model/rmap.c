/* anon_vma and anon_vma_chain objects: prepared at a VMA's first
 * anonymous fault, forked, cloned by splits, and freed as the last link
 * goes, with the kernel's rules for sharing and reuse (mm/rmap.c). Both
 * kinds live in host memory with their slab objects charged alongside. */
#include "model/rmap.h"

#include <errno.h>
#include <stdlib.h>

#include "model/slab.h"

/* A new anon_vma, its own root and parent, holding one reference
 * (anon_vma_alloc()); NULL without memory. */
static struct anon_vma *anon_vma_alloc(struct machine *m)
{
	struct anon_vma *anon_vma = calloc(1, sizeof(*anon_vma));
	if (!anon_vma)
		return NULL;
	anon_vma->slab = kmem_cache_alloc(m, KMEM_ANON_VMA, 0);
	if (anon_vma->slab == SLAB_NONE) {
		free(anon_vma);
		return NULL;
	}
	anon_vma->root = anon_vma->parent = anon_vma;
	anon_vma->refcount = 1;
	return anon_vma;
}

static void anon_vma_free(struct machine *m, struct anon_vma *anon_vma)
{
	kmem_cache_free(m, KMEM_ANON_VMA, anon_vma->slab);
	free(anon_vma);
}

/* Drop a reference; the last one frees the anon_vma and then the
 * reference it held on its root (put_anon_vma(), __put_anon_vma()). */
static void put_anon_vma(struct machine *m, struct anon_vma *anon_vma)
{
	if (--anon_vma->refcount)
		return;
	struct anon_vma *root = anon_vma->root;
	anon_vma_free(m, anon_vma);
	if (root != anon_vma && --root->refcount == 0)
		anon_vma_free(m, root);
}

/* A chain link object; NULL without memory. */
static struct anon_vma_chain *anon_vma_chain_alloc(struct machine *m)
{
	struct anon_vma_chain *avc = calloc(1, sizeof(*avc));
	if (!avc)
		return NULL;
	avc->slab = kmem_cache_alloc(m, KMEM_ANON_VMA_CHAIN, 0);
	if (avc->slab == SLAB_NONE) {
		free(avc);
		return NULL;
	}
	return avc;
}

static void anon_vma_chain_free(struct machine *m, struct anon_vma_chain *avc)
{
	kmem_cache_free(m, KMEM_ANON_VMA_CHAIN, avc->slab);
	free(avc);
}

/* Link vma to anon_vma through avc, newest first on vma's list
 * (anon_vma_chain_assign() and the interval tree insert). */
static void anon_vma_chain_link(struct vm_area_struct *vma, struct anon_vma_chain *avc,
				struct anon_vma *anon_vma)
{
	avc->anon_vma = anon_vma;
	avc->next = vma->anon_vma_chain;
	vma->anon_vma_chain = avc;
	anon_vma->degree++;
}

int anon_vma_prepare(struct machine *m, struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->anon_vma)
		return 0;
	struct anon_vma_chain *avc = anon_vma_chain_alloc(m);
	if (!avc)
		return -ENOMEM;
	struct anon_vma *anon_vma = find_mergeable_anon_vma(mm, vma);
	if (!anon_vma) {
		anon_vma = anon_vma_alloc(m);
		if (!anon_vma) {
			anon_vma_chain_free(m, avc);
			return -ENOMEM;
		}
		anon_vma->num_children++; /* a new root's link to itself */
	}
	vma->anon_vma = anon_vma;
	anon_vma_chain_link(vma, avc, anon_vma);
	anon_vma->num_active_vmas++;
	return 0;
}

/*
 * The kernel walks src's list oldest first, adding each link at the head
 * of dst's and taking the first reusable anon_vma it meets. Walking it
 * newest first and appending keeps the same order, and the last reusable
 * one seen is that same oldest one.
 */
int anon_vma_clone(struct machine *m, struct vm_area_struct *dst,
		   const struct vm_area_struct *src)
{
	struct anon_vma_chain **tail = &dst->anon_vma_chain;
	struct anon_vma *reuse = NULL;
	for (const struct anon_vma_chain *pavc = src->anon_vma_chain; pavc; pavc = pavc->next) {
		struct anon_vma_chain *avc = anon_vma_chain_alloc(m);
		if (!avc) {
			dst->anon_vma = NULL;
			unlink_anon_vmas(m, dst);
			return -ENOMEM;
		}
		struct anon_vma *anon_vma = pavc->anon_vma;
		avc->anon_vma = anon_vma;
		*tail = avc;
		tail = &avc->next;
		anon_vma->degree++;
		/* a root is never reused: its self-link and a child make two */
		if (!dst->anon_vma && src->anon_vma && anon_vma->num_children < 2 &&
		    anon_vma->num_active_vmas == 0)
			reuse = anon_vma;
	}
	if (reuse)
		dst->anon_vma = reuse;
	if (dst->anon_vma)
		dst->anon_vma->num_active_vmas++;
	return 0;
}

int anon_vma_fork(struct machine *m, struct vm_area_struct *vma,
		  const struct vm_area_struct *pvma)
{
	if (!pvma->anon_vma)
		return 0;
	vma->anon_vma = NULL;
	int err = anon_vma_clone(m, vma, pvma);
	if (err || vma->anon_vma)
		return err;

	struct anon_vma *anon_vma = anon_vma_alloc(m);
	struct anon_vma_chain *avc = anon_vma ? anon_vma_chain_alloc(m) : NULL;
	if (!avc) {
		if (anon_vma)
			put_anon_vma(m, anon_vma);
		unlink_anon_vmas(m, vma);
		return -ENOMEM;
	}
	anon_vma->num_active_vmas++;
	/* the root holds the tree's lock, so every descendant pins it */
	anon_vma->root = pvma->anon_vma->root;
	anon_vma->root->refcount++;
	anon_vma->parent = pvma->anon_vma;
	anon_vma->parent->num_children++;
	vma->anon_vma = anon_vma;
	anon_vma_chain_link(vma, avc, anon_vma);
	return 0;
}

/*
 * The kernel unlinks in two passes, freeing emptied anon_vmas only after
 * dropping the root's lock. One pass in the same newest-first order frees
 * the same objects: an anon_vma's parent is older on every list that
 * links it, so it is still there when the child lets go of it.
 */
void unlink_anon_vmas(struct machine *m, struct vm_area_struct *vma)
{
	if (vma->anon_vma)
		vma->anon_vma->num_active_vmas--;
	vma->anon_vma = NULL;
	while (vma->anon_vma_chain) {
		struct anon_vma_chain *avc = vma->anon_vma_chain;
		struct anon_vma *anon_vma = avc->anon_vma;
		vma->anon_vma_chain = avc->next;
		anon_vma_chain_free(m, avc);
		if (--anon_vma->degree == 0) {
			anon_vma->parent->num_children--;
			put_anon_vma(m, anon_vma);
		}
	}
}
