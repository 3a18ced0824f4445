/* The node table: every path under the mount, its mode and its handlers,
 * built once at mount from the file table, the sysctl table and the
 * machine's nodes. Task directories (/proc/PID, /proc/PID/task/TID) are
 * one template each, resolved against the live task list at lookup.
 * FUSE glue only looks nodes up and calls them. */
#ifndef MMSIM_TREE_H
#define MMSIM_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "fs/render.h"

struct machine;

enum fs_node_flags {
	/* Reads return the reply of this open file's last write, whatever
	 * the offset (sim/ctl's command/answer convention). */
	FS_REPLY = 1 << 0,
	/* Besides its children, the directory holds a task_dir for every
	 * live task, named by its pid; readdir lists the processes only
	 * (/proc). */
	FS_TASK_DIRS = 1 << 1,
	/* Besides its children, the directory holds a task_dir for every
	 * thread of the process it belongs to (/proc/PID/task). */
	FS_THREAD_DIRS = 1 << 2,
};

struct fs_node {
	char *name;
	mode_t mode; /* S_IFDIR, S_IFREG or S_IFLNK plus permission bits */
	show_fn show; /* for a symlink, prints its target */
	store_fn store;
	long arg;
	unsigned int flags;
	struct fs_node *children; /* directories only */
	size_t nr_children;
	struct fs_node *task_dir; /* FS_TASK_DIRS, FS_THREAD_DIRS: each task's directory */
};

/* A path resolved against the live machine: its node, the arg its
 * handlers take (inside a task's directory, that task's pid) and its
 * owner (the task's, inside a task's directory; else root). */
struct fs_entry {
	const struct fs_node *node;
	long arg;
	unsigned int uid, gid;
};

/* Called by fs_readdir with each name; ctx is the caller's. */
typedef void (*fs_fill_fn)(void *ctx, const char *name);

/* Build the tree for machine m. NULL if host memory ran out. */
struct fs_node *fs_tree_build(const struct machine *m);

void fs_tree_free(struct fs_node *root);

/* Resolve an absolute path ("/" is the root) into *e; false if nothing
 * is there. A task's directory exists while the task does, so the caller
 * holds m->lock. */
bool fs_lookup(const struct fs_node *root, const struct machine *m, const char *path,
	       struct fs_entry *e);

/* Name every entry of directory dir to fill: its children, then its
 * task directories. The caller holds m->lock. */
void fs_readdir(const struct fs_entry *dir, const struct machine *m, fs_fill_fn fill, void *ctx);

#endif
