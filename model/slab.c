/* SLUB (mm/slub.c, mm/slab_common.c): caches laid out as the kernel lays
 * them out (slot size, slab order, objects per slab, merging), with slabs
 * that are real buddy pages charged to NR_SLAB_(UN)RECLAIMABLE.
 *
 * An object is named by its physical address: slab pfn << PAGE_SHIFT plus
 * index * size. A slab's head page carries PG_slab and, in page->next, the
 * index of its record in the slab table (the kernel overlays struct slab on
 * struct page; ours is too small, so the record lives beside it).
 *
 * The model has one allocating CPU, so each cache has one CPU slab and no
 * per-CPU partial lists (SLUB as with CONFIG_SLUB_CPU_PARTIAL=n), and a
 * slab hands out its lowest free object instead of a shuffled freelist. */
#include "model/slab.h"

#include <errno.h>
#include <stdlib.h>

#include "model/gfp.h"
#include "model/machine.h"

#define CACHE_LINE_SIZE 64
#define ARCH_SLAB_MINALIGN 8
#define SLUB_MAX_ORDER 3 /* PAGE_ALLOC_COSTLY_ORDER */
#define MIN_PARTIAL 5
#define MAX_PARTIAL 10
#define SLAB_NEVER_MERGE (SLAB_TYPESAFE_BY_RCU | SLAB_NO_MERGE)
#define SLAB_MERGE_SAME (SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT)
#define SLAB_MAP_WORDS (SLAB_MAX_OBJECTS / 64)
#define NUMA_NO_NODE (-1)

/* One slab (struct slab): where it is, how full, which objects are free. */
struct slab {
	uint32_t pfn;
	uint32_t next, prev; /* the node's partial list; next chains free records */
	uint16_t objects, inuse;
	uint8_t cache; /* the enum kmem_cache_id of the cache it belongs to */
	uint8_t order, nid;
	bool frozen; /* the CPU slab: on no list */
	uint64_t free_map[SLAB_MAP_WORDS]; /* bit set: object free */
};

/* The machine's slab allocator: its caches, their per-node lists, and the
 * slab table that PG_slab head pages index. */
struct slab_state {
	struct kmem_cache caches[NR_KMEM_CACHES];
	enum kmem_cache_id cache_of[NR_KMEM_CACHES]; /* the cache serving each row */
	struct kmem_cache_node *nodes;               /* every cache's, nr_nodes each */
	struct slab *slabs;                          /* the slab table */
	uint32_t nr_records, cap; /* records handed out (live or freed), allocated */
	uint32_t free_record;     /* first freed record, chained by next */
};

/* A row of KMEM_CACHES: what kmem_cache_create() is called with. */
struct kmem_cache_def {
	const char *name;
	unsigned int object_size, align, flags, args;
};

#define KMEM_CACHE_DEF(id, name, size, align, flags, args) [id] = {name, size, align, flags, args},
static const struct kmem_cache_def kmem_cache_defs[NR_KMEM_CACHES] = {KMEM_CACHES(KMEM_CACHE_DEF)};

/* x rounded up to a multiple of a, a power of two (ALIGN()). */
static unsigned int align_up(unsigned int x, unsigned int a)
{
	return (x + a - 1) & ~(a - 1);
}

static unsigned int max_uint(unsigned int a, unsigned int b)
{
	return a > b ? a : b;
}

/* The last set bit, counted from 1; 0 for 0 (fls()). */
static unsigned int fls(unsigned int x)
{
	return x ? 32 - (unsigned int)__builtin_clz(x) : 0;
}

/* The smallest order of pages that holds size bytes (get_order()). */
static unsigned int get_order(unsigned long size)
{
	unsigned int order = 0;
	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* Objects of size bytes that fit a slab of 2^order pages (order_objects()). */
static unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

/* The object alignment for flags, a requested alignment and the object
 * size (calculate_alignment()): cache lines, halved for small objects. */
static unsigned int calculate_alignment(unsigned int flags, unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = CACHE_LINE_SIZE;
		while (size <= ralign / 2)
			ralign /= 2;
		align = max_uint(align, ralign);
	}
	return align_up(max_uint(align, ARCH_SLAB_MINALIGN), sizeof(void *));
}

/* The lowest order from min_order up to max_order that wastes at most
 * 1/fract_leftover of the slab; max_order + 1 if none (calc_slab_order()). */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order, unsigned int fract_leftover)
{
	unsigned int order;
	for (order = min_order; order <= max_order; order++) {
		unsigned long slab_size = PAGE_SIZE << order;
		if (slab_size % size <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/* The slab order for slots of size bytes on a machine with nr_cpus CPUs:
 * enough objects per slab for the CPU count, accepting ever more waste
 * (calculate_order()). */
static unsigned int calculate_order(unsigned int size, int nr_cpus)
{
	unsigned int min_objects = 4 * (fls((unsigned int)nr_cpus) + 1);
	unsigned int max_objects = max_uint(order_objects(SLUB_MAX_ORDER, size), 1);
	if (min_objects > max_objects)
		min_objects = max_objects;
	unsigned int min_order = get_order((unsigned long)min_objects * size);

	for (unsigned int fraction = 16; fraction > 1; fraction /= 2) {
		unsigned int order = calc_slab_order(size, min_order, SLUB_MAX_ORDER, fraction);
		if (order <= SLUB_MAX_ORDER)
			return order;
	}
	return get_order(size);
}

/* Must the free pointer sit after the object, because the object's first
 * word stays in use while it is free (calculate_sizes())? */
static bool freeptr_outside_object(unsigned int flags, unsigned int args)
{
	return ((flags & SLAB_TYPESAFE_BY_RCU) && !(args & KMEM_ARG_FREEPTR_OFFSET)) ||
	       (args & KMEM_ARG_CTOR);
}

/* The alignment a cache of row def gets (create_boot_cache() gives kmalloc
 * caches the largest power of two dividing their size). */
static unsigned int def_alignment(const struct kmem_cache_def *def, unsigned int object_size)
{
	unsigned int align = def->align;
	if (def->flags & SLAB_KMALLOC)
		align = max_uint(align, object_size & -object_size);
	return calculate_alignment(def->flags, align, object_size);
}

/* Empty slabs a node keeps before freeing more: ilog2(size) / 2 within
 * MIN_PARTIAL..MAX_PARTIAL (set_min_partial()). */
static void set_min_partial(struct kmem_cache *s, unsigned long min)
{
	s->min_partial = min < MIN_PARTIAL ? MIN_PARTIAL : min > MAX_PARTIAL ? MAX_PARTIAL : min;
}

/* Lay out cache s: slot size, preferred and fallback slab, min_partial
 * (calculate_sizes(), set_min_partial()). False if a slab of the
 * preferred order would hold no object or more than the model tracks. */
static bool calculate_sizes(struct kmem_cache *s, int nr_cpus)
{
	unsigned int size = align_up(s->object_size, sizeof(void *));
	if (freeptr_outside_object(s->flags, s->args))
		size += sizeof(void *);
	s->size = align_up(size, s->align);
	s->oo_order = calculate_order(s->size, nr_cpus);
	s->oo_objects = order_objects(s->oo_order, s->size);
	s->min_order = get_order(s->size);
	s->min_objects = order_objects(s->min_order, s->size);

	set_min_partial(s, (fls(s->size) - 1) / 2);
	return s->oo_objects && s->oo_objects <= SLAB_MAX_OBJECTS;
}

/* May another cache be merged into s (!slab_unmergeable())? A constructor,
 * a usercopy region or RCU freeing make a cache unique. */
static bool slab_mergeable(unsigned int flags, unsigned int args)
{
	return !(flags & SLAB_NEVER_MERGE) && !(args & (KMEM_ARG_CTOR | KMEM_ARG_USERCOPY));
}

/* The oldest existing cache that row id can share: same slot size within
 * a word, compatible alignment, same accounting (find_mergeable()). */
static enum kmem_cache_id find_mergeable(const struct slab_state *st, enum kmem_cache_id id)
{
	const struct kmem_cache_def *def = &kmem_cache_defs[id];
	if (!slab_mergeable(def->flags, def->args))
		return id;
	unsigned int size = align_up(def->object_size, sizeof(void *));
	unsigned int align = def_alignment(def, size);
	size = align_up(size, align);

	for (int i = 0; i < (int)id; i++) {
		const struct kmem_cache *s = &st->caches[i];
		if (st->cache_of[i] != (enum kmem_cache_id)i || !slab_mergeable(s->flags, s->args))
			continue;
		if (size > s->size)
			continue;
		if ((def->flags & SLAB_MERGE_SAME) != (s->flags & SLAB_MERGE_SAME))
			continue;
		if ((s->size & ~(align - 1)) != s->size || s->size - size >= sizeof(void *))
			continue;
		return (enum kmem_cache_id)i;
	}
	return id;
}

/* Create row id: merge it into an earlier cache, or lay it out anew. */
static bool create_cache(struct machine *m, enum kmem_cache_id id)
{
	struct slab_state *st = m->slab;
	const struct kmem_cache_def *def = &kmem_cache_defs[id];
	st->cache_of[id] = find_mergeable(st, id);
	if (st->cache_of[id] != id)
		return true;

	struct kmem_cache *s = &st->caches[id];
	s->id = id;
	s->name = def->name;
	s->object_size = def->object_size;
	if (id == KMEM_KMEM_CACHE)
		s->object_size += (unsigned int)(m->nr_nodes * sizeof(void *));
	s->align = def_alignment(def, s->object_size);
	s->flags = def->flags;
	s->args = def->args;
	s->cpu_slab = SLAB_NIL;
	s->node = &st->nodes[(size_t)id * (size_t)m->nr_nodes];
	for (int nid = 0; nid < m->nr_nodes; nid++)
		s->node[nid].partial_head = s->node[nid].partial_tail = SLAB_NIL;
	return calculate_sizes(s, m->nr_cpus);
}

/* A free record of the slab table, grown as needed; SLAB_NIL when the
 * host is out of memory. */
static uint32_t slab_record_alloc(struct slab_state *st)
{
	if (st->free_record != SLAB_NIL) {
		uint32_t idx = st->free_record;
		st->free_record = st->slabs[idx].next;
		return idx;
	}
	if (st->nr_records == st->cap) {
		uint32_t cap = st->cap ? st->cap * 2 : 64;
		struct slab *slabs = realloc(st->slabs, cap * sizeof(*slabs));
		if (!slabs)
			return SLAB_NIL;
		st->slabs = slabs;
		st->cap = cap;
	}
	return st->nr_records++;
}

/* Put record idx on the free chain. */
static void slab_record_free(struct slab_state *st, uint32_t idx)
{
	st->slabs[idx].next = st->free_record;
	st->free_record = idx;
}

/* Put slab idx on its node's partial list, at the head or the tail
 * (add_partial()). */
static void add_partial(struct slab_state *st, struct kmem_cache_node *n, uint32_t idx,
			bool tail)
{
	struct slab *slab = &st->slabs[idx];
	if (tail) {
		slab->prev = n->partial_tail;
		slab->next = SLAB_NIL;
	} else {
		slab->prev = SLAB_NIL;
		slab->next = n->partial_head;
	}
	if (slab->prev != SLAB_NIL)
		st->slabs[slab->prev].next = idx;
	else
		n->partial_head = idx;
	if (slab->next != SLAB_NIL)
		st->slabs[slab->next].prev = idx;
	else
		n->partial_tail = idx;
	n->nr_partial++;
}

/* Take slab idx off its node's partial list (remove_partial()). */
static void remove_partial(struct slab_state *st, struct kmem_cache_node *n, uint32_t idx)
{
	struct slab *slab = &st->slabs[idx];
	if (slab->prev != SLAB_NIL)
		st->slabs[slab->prev].next = slab->next;
	else
		n->partial_head = slab->next;
	if (slab->next != SLAB_NIL)
		st->slabs[slab->next].prev = slab->prev;
	else
		n->partial_tail = slab->prev;
	n->nr_partial--;
}

/* The counter a cache's slab pages go to (cache_vmstat_idx()). */
static enum node_stat_item cache_vmstat_idx(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RECLAIM_ACCOUNT) ? NR_SLAB_RECLAIMABLE : NR_SLAB_UNRECLAIMABLE;
}

/* Charge or uncharge a slab's pages to its node (account_slab()) and count
 * it in the node's totals (inc_slabs_node()). */
static void account_slab(struct machine *m, const struct kmem_cache *s, const struct slab *slab,
			 int sign)
{
	struct kmem_cache_node *n = &s->node[slab->nid];
	mod_node_page_state(m->node_data[slab->nid], cache_vmstat_idx(s),
			    sign * (1L << slab->order));
	n->nr_slabs += (unsigned long)sign;
	n->total_objects += (unsigned long)(sign * slab->objects);
}

/* Fill a new slab's record: every object free, no list. */
static void init_slab(struct machine *m, const struct kmem_cache *s, uint32_t idx,
		      unsigned long pfn, unsigned int order, unsigned int objects)
{
	struct slab *slab = &m->slab->slabs[idx];
	*slab = (struct slab){
		.pfn = (uint32_t)pfn,
		.next = SLAB_NIL,
		.prev = SLAB_NIL,
		.objects = (uint16_t)objects,
		.cache = (uint8_t)s->id,
		.order = (uint8_t)order,
		.nid = (uint8_t)page_zone(m, pfn)->zone_pgdat->node_id,
	};
	for (unsigned int i = 0; i < objects; i++)
		slab->free_map[i / 64] |= 1ULL << (i % 64);
	struct page *page = pfn_to_page(m, pfn);
	page->flags |= PG_slab;
	page->next = idx;
}

/* A new slab from the buddy allocator, its pages charged (allocate_slab()).
 * The preferred order is tried without reclaim; only the smallest order
 * that holds an object is worth reclaiming for. SLAB_NIL on failure. */
static uint32_t new_slab(struct machine *m, const struct kmem_cache *s, int nid)
{
	gfp_t gfp = GFP_KERNEL | ((s->flags & SLAB_RECLAIM_ACCOUNT) ? __GFP_RECLAIMABLE : 0);
	unsigned int order = s->oo_order, objects = s->oo_objects;
	bool fallback = order > s->min_order;
	unsigned long pfn = alloc_pages(m, fallback ? gfp & ~__GFP_RECLAIM : gfp, order, nid);
	if (pfn == PFN_NONE && fallback) {
		order = s->min_order;
		objects = s->min_objects;
		pfn = alloc_pages(m, gfp, order, nid);
	}
	if (pfn == PFN_NONE)
		return SLAB_NIL;
	uint32_t idx = slab_record_alloc(m->slab);
	if (idx == SLAB_NIL) {
		free_pages(m, pfn, order);
		return SLAB_NIL;
	}
	init_slab(m, s, idx, pfn, order, objects);
	account_slab(m, s, &m->slab->slabs[idx], +1);
	return idx;
}

/* Give an empty slab's pages back to the buddy allocator (discard_slab()). */
static void discard_slab(struct machine *m, const struct kmem_cache *s, uint32_t idx)
{
	struct slab *slab = &m->slab->slabs[idx];
	struct page *page = pfn_to_page(m, slab->pfn);
	account_slab(m, s, slab, -1);
	page->flags &= (uint16_t)~PG_slab;
	page->next = PFN_NONE;
	free_pages(m, slab->pfn, slab->order);
	slab_record_free(m->slab, idx);
}

/* Hand out slab idx's lowest free object; the slab has one. */
static unsigned long slab_take_object(struct slab *slab, const struct kmem_cache *s)
{
	unsigned int word = 0;
	while (!slab->free_map[word])
		word++;
	unsigned int i = word * 64 + (unsigned int)__builtin_ctzll(slab->free_map[word]);
	slab->free_map[word] &= ~(1ULL << (i % 64));
	slab->inuse++;
	return ((unsigned long)slab->pfn << PAGE_SHIFT) + (unsigned long)i * s->size;
}

/* The CPU gives up its slab (deactivate_slab()): an empty one is freed if
 * the node keeps enough partial slabs, one with room goes on the partial
 * list, a full one on no list until an object comes back. */
static void deactivate_slab(struct machine *m, struct kmem_cache *s)
{
	uint32_t idx = s->cpu_slab;
	struct slab *slab = &m->slab->slabs[idx];
	struct kmem_cache_node *n = &s->node[slab->nid];
	s->cpu_slab = SLAB_NIL;
	slab->frozen = false;
	if (!slab->inuse && n->nr_partial >= s->min_partial)
		discard_slab(m, s, idx);
	else if (slab->inuse < slab->objects)
		add_partial(m->slab, n, idx, false);
}

/* Take the first partial slab of node nid, or of the allocating CPU's node
 * (node 0) for NUMA_NO_NODE (get_partial()). SLAB_NIL if there is none. */
static uint32_t get_partial(struct machine *m, struct kmem_cache *s, int nid)
{
	struct kmem_cache_node *n = &s->node[nid == NUMA_NO_NODE ? 0 : nid];
	uint32_t idx = n->partial_head;
	if (idx != SLAB_NIL)
		remove_partial(m->slab, n, idx);
	return idx;
}

/* Can the CPU slab serve a request for node nid (node_match())? */
static bool cpu_slab_serves(const struct slab *slab, int nid)
{
	return slab->inuse < slab->objects && (nid == NUMA_NO_NODE || slab->nid == nid);
}

/* One object of cache s: from the CPU slab, else from a partial slab or a
 * new one that becomes the CPU slab (slab_alloc_node(), ___slab_alloc()). */
static unsigned long slab_alloc_node(struct machine *m, struct kmem_cache *s, int nid)
{
	struct slab_state *st = m->slab;
	if (s->cpu_slab == SLAB_NIL || !cpu_slab_serves(&st->slabs[s->cpu_slab], nid)) {
		if (s->cpu_slab != SLAB_NIL)
			deactivate_slab(m, s);
		uint32_t idx = get_partial(m, s, nid);
		if (idx == SLAB_NIL)
			idx = new_slab(m, s, nid);
		if (idx == SLAB_NIL)
			return SLAB_NONE;
		st->slabs[idx].frozen = true;
		s->cpu_slab = idx;
	}
	return slab_take_object(&st->slabs[s->cpu_slab], s);
}

/* Return object i to slab idx (__slab_free()): a slab that was full goes on
 * the partial list; one that is now empty is freed if its node already
 * keeps min_partial partial slabs. The CPU slab stays where it is. */
static void slab_free(struct machine *m, struct kmem_cache *s, uint32_t idx, unsigned int i)
{
	struct slab *slab = &m->slab->slabs[idx];
	bool was_full = slab->inuse == slab->objects;
	slab->free_map[i / 64] |= 1ULL << (i % 64);
	slab->inuse--;
	if (slab->frozen)
		return;
	struct kmem_cache_node *n = &s->node[slab->nid];
	if (!slab->inuse && n->nr_partial >= s->min_partial) {
		if (!was_full)
			remove_partial(m->slab, n, idx);
		discard_slab(m, s, idx);
	} else if (was_full) {
		add_partial(m->slab, n, idx, true);
	}
}

/* The slab holding address obj (virt_to_slab()): the PG_slab head of an
 * aligned block that covers it. SLAB_NIL if obj is in no slab. */
static uint32_t virt_to_slab(const struct machine *m, unsigned long obj)
{
	unsigned long pfn = obj >> PAGE_SHIFT;
	if (pfn >= m->max_pfn)
		return SLAB_NIL;
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		unsigned long head = pfn & ~((1UL << order) - 1);
		const struct page *page = pfn_to_page(m, head);
		if (!(page->flags & PG_slab))
			continue;
		if (pfn - head < (1UL << m->slab->slabs[page->next].order))
			return page->next;
	}
	return SLAB_NIL;
}

/* Free obj, which must be a live object of a slab (of cache want, unless
 * want is NULL). 0 or -EINVAL. */
static int free_object(struct machine *m, const struct kmem_cache *want, unsigned long obj)
{
	uint32_t idx = virt_to_slab(m, obj);
	if (idx == SLAB_NIL)
		return -EINVAL;
	struct slab *slab = &m->slab->slabs[idx];
	struct kmem_cache *s = &m->slab->caches[slab->cache];
	unsigned long offset = obj - ((unsigned long)slab->pfn << PAGE_SHIFT);
	unsigned long i = offset / s->size;
	if ((want && want != s) || offset % s->size || i >= slab->objects ||
	    (slab->free_map[i / 64] & (1ULL << (i % 64))))
		return -EINVAL;
	slab_free(m, s, idx, (unsigned int)i);
	return 0;
}

const struct kmem_cache *kmem_cache_get(const struct machine *m, enum kmem_cache_id id)
{
	return &m->slab->caches[m->slab->cache_of[id]];
}

unsigned long kmem_cache_alloc(struct machine *m, enum kmem_cache_id id, int nid)
{
	if (nid < 0 || nid >= m->nr_nodes)
		nid = NUMA_NO_NODE;
	return slab_alloc_node(m, &m->slab->caches[m->slab->cache_of[id]], nid);
}

int kmem_cache_free(struct machine *m, enum kmem_cache_id id, unsigned long obj)
{
	return free_object(m, kmem_cache_get(m, id), obj);
}

enum kmem_cache_id kmalloc_cache(size_t size)
{
	enum kmem_cache_id best = KMEM_KMALLOC_8K;
	for (int id = 0; id < NR_KMEM_CACHES; id++) {
		const struct kmem_cache_def *def = &kmem_cache_defs[id];
		if ((def->flags & SLAB_KMALLOC) && def->object_size >= size &&
		    def->object_size < kmem_cache_defs[best].object_size)
			best = (enum kmem_cache_id)id;
	}
	return best;
}

/* Pages straight from the buddy allocator for a kmalloc above 8 KiB,
 * marked as a compound head and counted as unreclaimable slab memory
 * (___kmalloc_large_node()). */
static unsigned long kmalloc_large(struct machine *m, size_t size, int nid)
{
	unsigned int order = get_order(size);
	if (order > MAX_PAGE_ORDER)
		return SLAB_NONE;
	unsigned long pfn = alloc_pages(m, GFP_KERNEL, order, nid);
	if (pfn == PFN_NONE)
		return SLAB_NONE;
	pfn_to_page(m, pfn)->flags |= PG_head;
	mod_node_page_state(page_zone(m, pfn)->zone_pgdat, NR_SLAB_UNRECLAIMABLE, 1L << order);
	return pfn << PAGE_SHIFT;
}

/* Undo kmalloc_large() for the block at pfn (free_large_kmalloc()). */
static void free_large_kmalloc(struct machine *m, unsigned long pfn)
{
	struct page *page = pfn_to_page(m, pfn);
	unsigned int order = page->order;
	page->flags &= (uint16_t)~PG_head;
	mod_node_page_state(page_zone(m, pfn)->zone_pgdat, NR_SLAB_UNRECLAIMABLE, -(1L << order));
	free_pages(m, pfn, order);
}

unsigned long kmalloc(struct machine *m, size_t size, int nid)
{
	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(m, size, nid);
	return kmem_cache_alloc(m, kmalloc_cache(size), nid);
}

int kfree(struct machine *m, unsigned long obj)
{
	if (obj <= ZERO_SIZE_PTR)
		return 0;
	unsigned long pfn = obj >> PAGE_SHIFT;
	bool large = pfn < m->max_pfn && !(obj & (PAGE_SIZE - 1)) &&
		     (pfn_to_page(m, pfn)->flags & PG_head);
	if (!large)
		return free_object(m, NULL, obj);
	free_large_kmalloc(m, pfn);
	return 0;
}

/* Free objects on node n's partial list (count_partial()). */
static unsigned long count_partial_free(const struct slab_state *st,
					const struct kmem_cache_node *n)
{
	unsigned long nr_free = 0;
	for (uint32_t idx = n->partial_head; idx != SLAB_NIL; idx = st->slabs[idx].next)
		nr_free += st->slabs[idx].objects - st->slabs[idx].inuse;
	return nr_free;
}

void get_slabinfo(const struct machine *m, const struct kmem_cache *s, struct slabinfo *sinfo)
{
	unsigned long nr_slabs = 0, nr_objs = 0, nr_free = 0;
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		const struct kmem_cache_node *n = &s->node[nid];
		nr_slabs += n->nr_slabs;
		nr_objs += n->total_objects;
		nr_free += count_partial_free(m->slab, n);
	}
	*sinfo = (struct slabinfo){
		.active_objs = nr_objs - nr_free,
		.num_objs = nr_objs,
		.active_slabs = nr_slabs,
		.num_slabs = nr_slabs,
		.objects_per_slab = s->oo_objects,
		.cache_order = s->oo_order,
	};
}

/* The kmem_cache_node objects of a new cache, one per node, from the
 * kmem_cache_node cache (init_kmem_cache_nodes()). */
static bool alloc_kmem_cache_nodes(struct machine *m)
{
	for (int nid = 0; nid < m->nr_nodes; nid++)
		if (kmem_cache_alloc(m, KMEM_KMEM_CACHE_NODE, nid) == SLAB_NONE)
			return false;
	return true;
}

/* Before kmem_cache_node exists, its own per-node structures come from a
 * first slab on each node, partial from the start
 * (early_kmem_cache_node_alloc()). */
static bool early_kmem_cache_node_alloc(struct machine *m, int nid)
{
	struct kmem_cache *s = &m->slab->caches[KMEM_KMEM_CACHE_NODE];
	uint32_t idx = new_slab(m, s, nid);
	if (idx == SLAB_NIL)
		return false;
	struct slab *slab = &m->slab->slabs[idx];
	slab_take_object(slab, s);
	add_partial(m->slab, &s->node[slab->nid], idx, false);
	return true;
}

/* Charge the boot caches' own structures, then each later cache's
 * kmem_cache object and per-node structures, in creation order
 * (kmem_cache_init(), bootstrap(), create_cache()). */
static bool populate_boot_caches(struct machine *m)
{
	for (int nid = 0; nid < m->nr_nodes; nid++)
		if (!early_kmem_cache_node_alloc(m, nid))
			return false;
	if (!alloc_kmem_cache_nodes(m) ||
	    kmem_cache_alloc(m, KMEM_KMEM_CACHE, NUMA_NO_NODE) == SLAB_NONE ||
	    kmem_cache_alloc(m, KMEM_KMEM_CACHE, NUMA_NO_NODE) == SLAB_NONE)
		return false;
	for (int id = KMEM_KMEM_CACHE_NODE + 1; id < NR_KMEM_CACHES; id++) {
		if (m->slab->cache_of[id] != (enum kmem_cache_id)id)
			continue;
		if (kmem_cache_alloc(m, KMEM_KMEM_CACHE, NUMA_NO_NODE) == SLAB_NONE ||
		    !alloc_kmem_cache_nodes(m))
			return false;
	}
	return true;
}

int kmem_cache_init(struct machine *m)
{
	struct slab_state *st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	m->slab = st;
	st->free_record = SLAB_NIL;
	st->nodes = calloc((size_t)NR_KMEM_CACHES * (size_t)m->nr_nodes, sizeof(*st->nodes));
	if (!st->nodes)
		return -ENOMEM;
	for (int id = 0; id < NR_KMEM_CACHES; id++)
		if (!create_cache(m, (enum kmem_cache_id)id))
			return -EINVAL;
	return populate_boot_caches(m) ? 0 : -ENOMEM;
}

void kmem_cache_exit(struct machine *m)
{
	if (!m->slab)
		return;
	free(m->slab->slabs);
	free(m->slab->nodes);
	free(m->slab);
	m->slab = NULL;
}
