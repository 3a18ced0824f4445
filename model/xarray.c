/* The index -> entry map: linear probing over a power-of-two table kept at
 * most half full, with Fibonacci hashing so that runs of consecutive
 * indices (pages of a file, pages of a mapping) spread evenly. */
#include "model/xarray.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define XA_MIN_SLOTS 16

/* The home slot of index. */
static size_t xa_hash(const struct xarray *xa, unsigned long index)
{
	unsigned int bits = (unsigned int)__builtin_ctzl(xa->mask + 1);
	return (size_t)((index * 0x9e3779b97f4a7c15UL) >> (64 - bits));
}

/* The slot holding index, or the empty slot where it would go. */
static size_t xa_slot_of(const struct xarray *xa, unsigned long index)
{
	size_t i = xa_hash(xa, index);
	while (xa->slots[i].entry && xa->slots[i].index != index)
		i = (i + 1) & xa->mask;
	return i;
}

uint64_t xa_load(const struct xarray *xa, unsigned long index)
{
	if (!xa->slots)
		return 0;
	return xa->slots[xa_slot_of(xa, index)].entry;
}

/* Rehash into nslots slots. 0 or -ENOMEM. */
static int xa_resize(struct xarray *xa, size_t nslots)
{
	struct xarray bigger = {calloc(nslots, sizeof(struct xa_slot)), nslots - 1, xa->nr};
	if (!bigger.slots)
		return -ENOMEM;
	for (size_t i = 0; xa->slots && i <= xa->mask; i++)
		if (xa->slots[i].entry)
			bigger.slots[xa_slot_of(&bigger, xa->slots[i].index)] = xa->slots[i];
	free(xa->slots);
	*xa = bigger;
	return 0;
}

int xa_store(struct xarray *xa, unsigned long index, uint64_t entry)
{
	if (!xa->slots || 2 * (xa->nr + 1) > xa->mask + 1) {
		int err = xa_resize(xa, xa->slots ? 2 * (xa->mask + 1) : XA_MIN_SLOTS);
		if (err)
			return err;
	}
	struct xa_slot *s = &xa->slots[xa_slot_of(xa, index)];
	if (!s->entry)
		xa->nr++;
	s->index = index;
	s->entry = entry;
	return 0;
}

uint64_t xa_erase(struct xarray *xa, unsigned long index)
{
	if (!xa->slots)
		return 0;
	size_t hole = xa_slot_of(xa, index);
	uint64_t old = xa->slots[hole].entry;
	if (!old)
		return 0;
	/* Backward-shift deletion: pull later members of the probe run into
	 * the hole whenever the hole lies on their way from their home slot,
	 * so no tombstones are needed. */
	for (size_t i = (hole + 1) & xa->mask; xa->slots[i].entry; i = (i + 1) & xa->mask) {
		size_t home = xa_hash(xa, xa->slots[i].index);
		if (((i - home) & xa->mask) >= ((i - hole) & xa->mask)) {
			xa->slots[hole] = xa->slots[i];
			hole = i;
		}
	}
	xa->slots[hole].entry = 0;
	xa->nr--;
	return old;
}

int xa_dup(struct xarray *dst, const struct xarray *src)
{
	if (!src->slots)
		return 0;
	size_t bytes = (src->mask + 1) * sizeof(struct xa_slot);
	dst->slots = malloc(bytes);
	if (!dst->slots)
		return -ENOMEM;
	memcpy(dst->slots, src->slots, bytes);
	dst->mask = src->mask;
	dst->nr = src->nr;
	return 0;
}

void xa_destroy(struct xarray *xa)
{
	free(xa->slots);
	*xa = (struct xarray){0};
}

bool xa_find(const struct xarray *xa, size_t *pos, unsigned long *index, uint64_t *entry)
{
	for (; xa->slots && *pos <= xa->mask; (*pos)++) {
		if (xa->slots[*pos].entry) {
			*index = xa->slots[*pos].index;
			*entry = xa->slots[*pos].entry;
			return true;
		}
	}
	return false;
}
