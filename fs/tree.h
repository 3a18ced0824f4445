/* The node table: every path under the mount, its mode and its handlers,
 * built once at mount from the file table, the sysctl table and the
 * machine's nodes. FUSE glue only looks nodes up and calls them. */
#ifndef MMSIM_TREE_H
#define MMSIM_TREE_H

#include <stddef.h>
#include <sys/types.h>

#include "fs/render.h"

struct machine;

enum fs_node_flags {
	/* Reads return the reply of this open file's last write, whatever
	 * the offset (sim/ctl's command/answer convention). */
	FS_REPLY = 1 << 0,
};

struct fs_node {
	char *name;
	mode_t mode; /* S_IFDIR or S_IFREG plus permission bits */
	show_fn show;
	store_fn store;
	long arg;
	unsigned int flags;
	struct fs_node *children; /* directories only */
	size_t nr_children;
};

/* Build the tree for machine m. NULL if host memory ran out. */
struct fs_node *fs_tree_build(const struct machine *m);

void fs_tree_free(struct fs_node *root);

/* The node at an absolute path ("/" is the root), or NULL. */
const struct fs_node *fs_lookup(const struct fs_node *root, const char *path);

#endif
