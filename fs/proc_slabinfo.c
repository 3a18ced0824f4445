/* /proc/slabinfo as Linux 6.18 prints it under SLUB (mm/slab_common.c:
 * print_slabinfo_header, slab_show, cache_show; mm/slub.c: get_slabinfo). */
#include "fs/render.h"
#include "model/machine.h"
#include "model/slab.h"

/* The version line and the column legend (print_slabinfo_header()). */
static void print_slabinfo_header(struct buf *out)
{
	buf_printf(out, "slabinfo - version: 2.1\n");
	buf_printf(out, "# name            <active_objs> <num_objs> <objsize> <objperslab> "
			"<pagesperslab>");
	buf_printf(out, " : tunables <limit> <batchcount> <sharedfactor>");
	buf_printf(out, " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
}

/* One cache's row; SLUB has no tunables and no shared arrays (cache_show()). */
static void cache_show(const struct machine *m, const struct kmem_cache *s, struct buf *out)
{
	struct slabinfo sinfo;
	get_slabinfo(m, s, &sinfo);
	buf_printf(out, "%-17s %6lu %6lu %6u %4u %4d", s->name, sinfo.active_objs, sinfo.num_objs,
		   s->size, sinfo.objects_per_slab, 1 << sinfo.cache_order);
	buf_printf(out, " : tunables %4u %4u %4u", 0u, 0u, 0u);
	buf_printf(out, " : slabdata %6lu %6lu %6lu\n", sinfo.active_slabs, sinfo.num_slabs, 0UL);
}

int show_slabinfo(struct machine *m, long arg, struct buf *out)
{
	print_slabinfo_header(out);
	/* Newest first, as slab_caches is kept; a merged cache has no row. */
	for (int id = NR_KMEM_CACHES - 1; id >= 0; id--) {
		const struct kmem_cache *s = kmem_cache_get(m, (enum kmem_cache_id)id);
		if (s->id == (enum kmem_cache_id)id)
			cache_show(m, s, out);
	}
	return 0;
}
