/* An index -> entry map with the XArray's calls (include/linux/xarray.h),
 * holding each inode's page cache and each mm's record of written tokens.
 * Entries are nonzero 64-bit values (0 reads as "no entry", as NULL does
 * in the kernel). It is an open-addressing hash table: the model needs
 * O(1) load and store at any index, never an ordered range scan. */
#ifndef MMSIM_XARRAY_H
#define MMSIM_XARRAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xa_slot {
	unsigned long index;
	uint64_t entry; /* 0: the slot is empty */
};

struct xarray {
	struct xa_slot *slots; /* a power of two of them, NULL while empty */
	size_t mask;           /* number of slots - 1 */
	size_t nr;             /* entries stored */
};

/* The entry at index, or 0. */
uint64_t xa_load(const struct xarray *xa, unsigned long index);

/* Set the entry at index (entry != 0). 0, or -ENOMEM without host memory
 * (then xa is unchanged). */
int xa_store(struct xarray *xa, unsigned long index, uint64_t entry);

/* Remove the entry at index; returns what it held, or 0. */
uint64_t xa_erase(struct xarray *xa, unsigned long index);

/* Make the empty dst a copy of src. 0 or -ENOMEM. */
int xa_dup(struct xarray *dst, const struct xarray *src);

/* Free the storage; xa is empty afterwards. */
void xa_destroy(struct xarray *xa);

/* The next entry at or after slot *pos, in no particular order: false at
 * the end. xa must not change during the walk. */
bool xa_find(const struct xarray *xa, size_t *pos, unsigned long *index, uint64_t *entry);

#define xa_for_each(xa, pos, index, entry) \
	for (size_t pos = 0; xa_find((xa), &pos, &(index), &(entry)); pos++)

#endif
