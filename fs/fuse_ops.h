/* Serving the node table over FUSE. The declarations here keep fuse.h
 * out of every other file. */
#ifndef MMSIM_FUSE_OPS_H
#define MMSIM_FUSE_OPS_H

#include <stdbool.h>
#include <time.h>

#include "fs/tree.h"

struct machine;
struct fs_file;
struct fuse;

struct fs_context {
	struct machine *machine;
	struct fs_node *root;
	struct timespec mount_time;
	struct fs_file *open_files; /* freed at exit if never released */
	struct fuse *fuse;          /* while mounted */
};

/* Make the kernel forget the /proc entries of tasks that ended, as procfs
 * does when it revalidates them. Call without the machine lock held. */
void fs_forget_gone_tasks(struct fs_context *ctx);

struct fs_mount_opts {
	const char *mountpoint;
	bool foreground;
	bool debug;
	const char *extra_options; /* -o list passed through, or NULL */
	/* Called once serving is about to start, after daemonizing: the
	 * place to start threads, which would not survive the fork. */
	int (*started)(void *arg);
	/* Called once serving has ended, before the mount goes away: the
	 * place to stop those threads while the mount they use still exists. */
	void (*stopping)(void *arg);
	void *arg;
};

/* Mount ctx's tree on opts->mountpoint (clearing a dead mount a killed
 * daemon left there), serve it until unmounted or SIGINT/SIGTERM/SIGHUP,
 * then unmount. Returns 0, or 1 after printing why it could not mount. */
int fs_serve(struct fs_context *ctx, const struct fs_mount_opts *opts);

#endif
