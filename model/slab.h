/* SLUB: caches of fixed-size kernel objects carved from buddy pages
 * (mm/slub.c, mm/slab_common.c). Every model object the kernel would take
 * from a cache (task_struct, vm_area_struct, dentry...) is charged to it
 * here, so slabinfo and meminfo's Slab lines follow the model. */
#ifndef MMSIM_SLAB_H
#define MMSIM_SLAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;

/* Cache flags (include/linux/slab.h); only those the model acts on. */
#define SLAB_KMALLOC 0x001u          /* a kmalloc-N cache */
#define SLAB_HWCACHE_ALIGN 0x002u    /* align objects to cache lines */
#define SLAB_TYPESAFE_BY_RCU 0x004u  /* freed memory stays typed until a grace period */
#define SLAB_RECLAIM_ACCOUNT 0x008u  /* slabs count as SReclaimable */
#define SLAB_ACCOUNT 0x010u          /* objects charged to the memory cgroup */
#define SLAB_NO_MERGE 0x020u         /* never an alias of another cache */

/* What kmem_cache_create()'s struct kmem_cache_args gives a cache beyond
 * its flags; each of them affects the slot size or merging. */
#define KMEM_ARG_CTOR 0x1u         /* has a constructor */
#define KMEM_ARG_USERCOPY 0x2u     /* whitelists a region for copy_to_user */
#define KMEM_ARG_FREEPTR_OFFSET 0x4u /* RCU cache that names its free pointer slot */

/*
 * Every cache, in the order Linux 6.18 creates them at boot (slabinfo lists
 * them newest first): X(id, name, object size, align, flags, args). Object
 * sizes are the reference machine's (/sys/kernel/slab/NAME/object_size;
 * task_struct from its slabinfo; fs_cache's is struct fs_struct's, hidden
 * there by the merge). kmem_cache's grows by one pointer per node
 * (offsetof(struct kmem_cache, node) + nr_node_ids pointers); the two boot
 * caches are exempt from merging (create_boot_cache()). Caches that merge
 * with an earlier one (cred into pid, fs_cache into anon_vma_chain) are
 * served by it and print under its name, as in the kernel.
 */
#define KMEM_CACHES(X)                                                                           \
	X(KMEM_KMEM_CACHE, "kmem_cache", 224, 0, SLAB_HWCACHE_ALIGN | SLAB_NO_MERGE, 0)          \
	X(KMEM_KMEM_CACHE_NODE, "kmem_cache_node", 72, 0,                                        \
	  SLAB_HWCACHE_ALIGN | SLAB_NO_MERGE, 0)                                                 \
	X(KMEM_KMALLOC_96, "kmalloc-96", 96, 0, SLAB_KMALLOC, KMEM_ARG_USERCOPY)                 \
	X(KMEM_KMALLOC_192, "kmalloc-192", 192, 0, SLAB_KMALLOC, KMEM_ARG_USERCOPY)              \
	X(KMEM_KMALLOC_8, "kmalloc-8", 8, 0, SLAB_KMALLOC, KMEM_ARG_USERCOPY)                    \
	X(KMEM_KMALLOC_16, "kmalloc-16", 16, 0, SLAB_KMALLOC, KMEM_ARG_USERCOPY)                 \
	X(KMEM_KMALLOC_32, "kmalloc-32", 32, 0, SLAB_KMALLOC, KMEM_ARG_USERCOPY)                 \
	X(KMEM_KMALLOC_64, "kmalloc-64", 64, 0, SLAB_KMALLOC, KMEM_ARG_USERCOPY)                 \
	X(KMEM_KMALLOC_128, "kmalloc-128", 128, 0, SLAB_KMALLOC, KMEM_ARG_USERCOPY)              \
	X(KMEM_KMALLOC_256, "kmalloc-256", 256, 0, SLAB_KMALLOC, KMEM_ARG_USERCOPY)              \
	X(KMEM_KMALLOC_512, "kmalloc-512", 512, 0, SLAB_KMALLOC, KMEM_ARG_USERCOPY)              \
	X(KMEM_KMALLOC_1K, "kmalloc-1k", 1024, 0, SLAB_KMALLOC, KMEM_ARG_USERCOPY)               \
	X(KMEM_KMALLOC_2K, "kmalloc-2k", 2048, 0, SLAB_KMALLOC, KMEM_ARG_USERCOPY)               \
	X(KMEM_KMALLOC_4K, "kmalloc-4k", 4096, 0, SLAB_KMALLOC, KMEM_ARG_USERCOPY)               \
	X(KMEM_KMALLOC_8K, "kmalloc-8k", 8192, 0, SLAB_KMALLOC, KMEM_ARG_USERCOPY)               \
	X(KMEM_VMAP_AREA, "vmap_area", 72, 0, 0, 0)                                              \
	X(KMEM_MM_STRUCT, "mm_struct", 1568, 0,                                                  \
	  SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT, KMEM_ARG_USERCOPY)                                  \
	X(KMEM_RADIX_TREE_NODE, "radix_tree_node", 576, 0,                                       \
	  SLAB_RECLAIM_ACCOUNT, KMEM_ARG_CTOR)                                                   \
	X(KMEM_PID, "pid", 184, 0, SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT, 0)                         \
	X(KMEM_ANON_VMA, "anon_vma", 96, 0,                                                      \
	  SLAB_TYPESAFE_BY_RCU | SLAB_ACCOUNT, KMEM_ARG_CTOR)                                    \
	X(KMEM_ANON_VMA_CHAIN, "anon_vma_chain", 64, 0, SLAB_ACCOUNT, 0)                         \
	X(KMEM_CRED, "cred", 184, 0, SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT, 0)                       \
	X(KMEM_TASK_STRUCT, "task_struct", 5888, 64, SLAB_ACCOUNT, KMEM_ARG_USERCOPY)            \
	X(KMEM_SIGHAND, "sighand_cache", 2080, 0,                                                \
	  SLAB_HWCACHE_ALIGN | SLAB_TYPESAFE_BY_RCU | SLAB_ACCOUNT, KMEM_ARG_CTOR)               \
	X(KMEM_SIGNAL, "signal_cache", 1152, 0, SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT, 0)            \
	X(KMEM_FILES, "files_cache", 704, 0, SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT, 0)               \
	X(KMEM_FS, "fs_cache", 56, 0, SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT, 0)                      \
	X(KMEM_VM_AREA, "vm_area_struct", 192, 0,                                                \
	  SLAB_HWCACHE_ALIGN | SLAB_TYPESAFE_BY_RCU | SLAB_ACCOUNT, KMEM_ARG_FREEPTR_OFFSET)     \
	X(KMEM_NAMES, "names_cache", 4096, 0, SLAB_HWCACHE_ALIGN, KMEM_ARG_USERCOPY)             \
	X(KMEM_DENTRY, "dentry", 192, 0,                                                         \
	  SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT, KMEM_ARG_USERCOPY)                                \
	X(KMEM_INODE, "inode_cache", 616, 0,                                                     \
	  SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT, KMEM_ARG_CTOR)                                    \
	X(KMEM_FILP, "filp", 184, 0,                                                             \
	  SLAB_HWCACHE_ALIGN | SLAB_TYPESAFE_BY_RCU | SLAB_ACCOUNT, KMEM_ARG_FREEPTR_OFFSET)     \
	X(KMEM_KERNFS_NODE, "kernfs_node_cache", 136, 0, 0, 0)                                   \
	X(KMEM_SHMEM_INODE, "shmem_inode_cache", 744, 0, SLAB_ACCOUNT, KMEM_ARG_CTOR)            \
	X(KMEM_PROC_INODE, "proc_inode_cache", 688, 0,                                           \
	  SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT, KMEM_ARG_CTOR)                                    \
	X(KMEM_BUFFER_HEAD, "buffer_head", 104, 0, SLAB_RECLAIM_ACCOUNT, 0)

#define KMEM_CACHE_ENUM(id, name, size, align, flags, args) id,
enum kmem_cache_id { KMEM_CACHES(KMEM_CACHE_ENUM) NR_KMEM_CACHES };

/* kmem_cache_alloc()'s NULL: no object (the buddy allocator ran dry). */
#define SLAB_NONE 0UL
/* kmalloc(0)'s answer: not NULL, yet no memory (include/linux/slab.h). */
#define ZERO_SIZE_PTR 16UL
/* The largest kmalloc served by a cache; above it kmalloc takes pages. */
#define KMALLOC_MAX_CACHE_SIZE 8192UL
/* Objects per slab the model's free bitmap can track. Every cache stays
 * below it on any CPU count: only caches of objects over 64 bytes ever
 * take slabs of more than one page. */
#define SLAB_MAX_OBJECTS 512
/* "No slab": ends a list of slab table indices. */
#define SLAB_NIL UINT32_MAX

/* A cache's per-node lists (struct kmem_cache_node): partial slabs, as
 * slab table indices, and the slab and object totals slabinfo reads. */
struct kmem_cache_node {
	uint32_t partial_head, partial_tail;
	unsigned long nr_partial;
	unsigned long nr_slabs;
	unsigned long total_objects;
};

/* One cache (struct kmem_cache), as kmem_cache_open() lays it out. */
struct kmem_cache {
	enum kmem_cache_id id;        /* its row; a merged row leads here too */
	const char *name;
	unsigned int object_size;
	unsigned int size;            /* the slot: object, free pointer, alignment */
	unsigned int align;
	unsigned int flags;
	unsigned int args;
	unsigned int oo_order, oo_objects;   /* the slab it prefers */
	unsigned int min_order, min_objects; /* the slab it falls back to */
	unsigned long min_partial;
	uint32_t cpu_slab;            /* the allocating CPU's slab, or SLAB_NIL */
	struct kmem_cache_node *node; /* one per NUMA node */
};

/* What /proc/slabinfo prints of a cache (mm/slab.h: struct slabinfo). */
struct slabinfo {
	unsigned long active_objs, num_objs;
	unsigned long active_slabs, num_slabs;
	unsigned int objects_per_slab, cache_order;
};

/* Boot: create every cache of KMEM_CACHES and charge each its kmem_cache
 * object and one kmem_cache_node object per node, from the two boot caches
 * (kmem_cache_init()). 0, or -ENOMEM when host or modeled memory ran out
 * (-EINVAL for a row whose slab the model cannot track). */
int kmem_cache_init(struct machine *m);

/* Drop the slab bookkeeping's host memory, with the machine. */
void kmem_cache_exit(struct machine *m);

/* The cache that serves id: its own, or the one it merged into (what the
 * kernel's kmem_cache_create() returns). */
const struct kmem_cache *kmem_cache_get(const struct machine *m, enum kmem_cache_id id);

/* Allocate one object, on node nid when nid names a node (kmem_cache_alloc_node());
 * else near the allocating CPU. Returns the object's physical address, or
 * SLAB_NONE when no page could be had. */
unsigned long kmem_cache_alloc(struct machine *m, enum kmem_cache_id id, int nid);

/* Free an object of cache id; empty slabs beyond the cache's min_partial go
 * back to the buddy allocator. 0, or -EINVAL for an address that is not a
 * live object of that cache (which changes nothing). */
int kmem_cache_free(struct machine *m, enum kmem_cache_id id, unsigned long obj);

/* The kmalloc cache serving 1..KMALLOC_MAX_CACHE_SIZE bytes (kmalloc_slab()). */
enum kmem_cache_id kmalloc_cache(size_t size);

/* kmalloc_node(): up to 8 KiB from the smallest kmalloc cache that fits,
 * more straight from the page allocator (no slab pages, yet counted in
 * SUnreclaim as the kernel does). ZERO_SIZE_PTR for 0 bytes, SLAB_NONE on
 * failure. */
unsigned long kmalloc(struct machine *m, size_t size, int nid);

/* Free what kmalloc() or kmem_cache_alloc() returned; SLAB_NONE and
 * ZERO_SIZE_PTR are ignored. 0, or -EINVAL for anything else. */
int kfree(struct machine *m, unsigned long obj);

/* Fill sinfo with cache s's totals over all nodes (get_slabinfo()). */
void get_slabinfo(const struct machine *m, const struct kmem_cache *s, struct slabinfo *sinfo);

#endif
