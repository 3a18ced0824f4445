/* The FUSE glue, and the only file that includes fuse.h: look the path up
 * in the node table, check the mode as procfs does, and call the node's
 * renderer or write handler under the machine lock. */
#define FUSE_USE_VERSION 35
#include "fs/fuse_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/machine.h"
#include "model/task.h"

/* Per-open state: a snapshot of the rendered file (seq_file's buffer), or
 * for FS_REPLY nodes the reply to the last command and how much of it has
 * been read. */
struct fs_file {
	struct fs_entry entry;
	struct buf text;
	size_t reply_pos;
	bool unread; /* text was rendered at open and not read yet */
	struct fs_file *next, *prev; /* fs_context.open_files */
};

static struct fs_context *ctx(void)
{
	return fuse_get_context()->private_data;
}

/* Render e into out under the machine lock. */
static int render(const struct fs_entry *e, struct buf *out)
{
	struct machine *m = ctx()->machine;
	buf_reset(out);
	pthread_mutex_lock(&m->lock);
	int ret = e->node->show(m, e->arg, out);
	pthread_mutex_unlock(&m->lock);
	return ret;
}

/* Resolve path under the machine lock (task directories come and go). */
static bool lookup(const char *path, struct fs_entry *e)
{
	struct machine *m = ctx()->machine;
	pthread_mutex_lock(&m->lock);
	bool found = fs_lookup(ctx()->root, m, path, e);
	pthread_mutex_unlock(&m->lock);
	return found;
}

static int mmsim_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	struct fs_entry e;
	if (!lookup(path, &e))
		return -ENOENT;
	const struct fs_node *n = e.node;
	memset(st, 0, sizeof(*st));
	st->st_mode = n->mode;
	st->st_nlink = S_ISDIR(n->mode) ? 2 + (nlink_t)n->nr_children : 1;
	st->st_uid = e.uid;
	st->st_gid = e.gid;
	st->st_atim = st->st_mtim = st->st_ctim = ctx()->mount_time;
	return 0;
}

/* A symlink's target is what its node prints, cut to fit size with
 * the NUL FUSE wants. */
static int mmsim_readlink(const char *path, char *target, size_t size)
{
	struct fs_entry e;
	if (!lookup(path, &e))
		return -ENOENT;
	if (!S_ISLNK(e.node->mode))
		return -EINVAL;
	struct buf text = BUF_INIT;
	int ret = render(&e, &text);
	if (!ret)
		snprintf(target, size, "%.*s", (int)text.len, text.data);
	buf_free(&text);
	return ret;
}

/* FUSE's readdir buffer and its filler, as fill_name needs them. */
struct dir_filler {
	void *dbuf;
	fuse_fill_dir_t fill;
};

/* fs_readdir's callback: one name into FUSE's buffer. */
static void fill_name(void *arg, const char *name)
{
	struct dir_filler *f = arg;
	f->fill(f->dbuf, name, NULL, 0, 0);
}

static int mmsim_readdir(const char *path, void *dbuf, fuse_fill_dir_t fill, off_t off,
			 struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	struct machine *m = ctx()->machine;
	struct dir_filler filler = {dbuf, fill};
	struct fs_entry e;
	int ret = 0;
	pthread_mutex_lock(&m->lock);
	if (!fs_lookup(ctx()->root, m, path, &e)) {
		ret = -ENOENT;
	} else if (!S_ISDIR(e.node->mode)) {
		ret = -ENOTDIR;
	} else {
		fill(dbuf, ".", NULL, 0, 0);
		fill(dbuf, "..", NULL, 0, 0);
		fs_readdir(&e, m, fill_name, &filler);
	}
	pthread_mutex_unlock(&m->lock);
	return ret;
}

/* May the opener have this access? Non-root callers were already checked
 * by the kernel (default_permissions); root gets no override either, as
 * on procfs sysctls, so a 0444 file is read-only and 0200 write-only. */
static int check_access(const struct fs_node *n, int flags)
{
	int acc = flags & O_ACCMODE;
	if (acc != O_WRONLY && !(n->mode & S_IRUSR))
		return -EACCES;
	if (acc != O_RDONLY && (!(n->mode & S_IWUSR) || !n->store))
		return -EACCES;
	return 0;
}

static int mmsim_open(const char *path, struct fuse_file_info *fi)
{
	struct fs_entry e;
	if (!lookup(path, &e))
		return -ENOENT;
	const struct fs_node *n = e.node;
	if (S_ISDIR(n->mode))
		return -EISDIR;
	int ret = check_access(n, fi->flags);
	if (ret)
		return ret;
	struct fs_file *f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->entry = e;
	if ((fi->flags & O_ACCMODE) != O_WRONLY && !(n->flags & FS_REPLY)) {
		if ((ret = render(&e, &f->text))) {
			buf_free(&f->text);
			free(f);
			return ret;
		}
		f->unread = true;
	}
	struct machine *m = ctx()->machine;
	pthread_mutex_lock(&m->lock);
	f->next = ctx()->open_files;
	if (f->next)
		f->next->prev = f;
	ctx()->open_files = f;
	pthread_mutex_unlock(&m->lock);
	fi->fh = (uint64_t)(uintptr_t)f;
	fi->direct_io = 1;
	fi->nonseekable = (n->flags & FS_REPLY) != 0;
	return 0;
}

/* Serve size bytes at off of a snapshot, re-rendered at offset 0 (but for
 * the first read after open) so that a reader re-reading an open file
 * from the start sees fresh data. */
static int read_snapshot(struct fs_file *f, char *out, size_t size, off_t off)
{
	if (off == 0 && !f->unread) {
		int ret = render(&f->entry, &f->text);
		if (ret)
			return ret;
	}
	f->unread = false;
	if ((size_t)off >= f->text.len)
		return 0;
	size_t n = f->text.len - (size_t)off < size ? f->text.len - (size_t)off : size;
	memcpy(out, f->text.data + off, n);
	return (int)n;
}

/* Serve the unread part of the reply, whatever the offset: the writer's
 * offset moved past the command it wrote. */
static int read_reply(struct fs_file *f, char *out, size_t size)
{
	struct machine *m = ctx()->machine;
	pthread_mutex_lock(&m->lock);
	size_t n = f->text.len - f->reply_pos < size ? f->text.len - f->reply_pos : size;
	if (n) {
		memcpy(out, f->text.data + f->reply_pos, n);
		f->reply_pos += n;
	}
	pthread_mutex_unlock(&m->lock);
	return (int)n;
}

static int mmsim_read(const char *path, char *out, size_t size, off_t off,
		      struct fuse_file_info *fi)
{
	struct fs_file *f = (struct fs_file *)(uintptr_t)fi->fh;
	if (f->entry.node->flags & FS_REPLY)
		return read_reply(f, out, size);
	return read_snapshot(f, out, size, off);
}

/* One write is one store. For sysctls, as with sysctl_writes_strict, a
 * write past offset 0 is accepted and ignored. */
static int mmsim_write(const char *path, const char *data, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	struct fs_file *f = (struct fs_file *)(uintptr_t)fi->fh;
	struct machine *m = ctx()->machine;
	bool reply = f->entry.node->flags & FS_REPLY;
	if (off > 0 && !reply)
		return (int)size;
	pthread_mutex_lock(&m->lock);
	if (reply) {
		buf_reset(&f->text);
		f->reply_pos = 0;
	}
	int ret = f->entry.node->store(m, f->entry.arg, data, size, reply ? &f->text : NULL);
	pthread_mutex_unlock(&m->lock);
	fs_forget_gone_tasks(ctx());
	return ret < 0 ? ret : (int)size;
}

/* O_TRUNC on open (echo > knob) arrives as a truncate: nothing to do. */
static int mmsim_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct fs_entry e;
	if (!lookup(path, &e))
		return -ENOENT;
	return S_ISDIR(e.node->mode) ? -EISDIR : 0;
}

/* Unlink f from the open files of fctx and free it. Caller holds the
 * machine lock, or is the only thread left. */
static void fs_file_free(struct fs_context *fctx, struct fs_file *f)
{
	if (f->prev)
		f->prev->next = f->next;
	else
		fctx->open_files = f->next;
	if (f->next)
		f->next->prev = f->prev;
	buf_free(&f->text);
	free(f);
}

static int mmsim_release(const char *path, struct fuse_file_info *fi)
{
	struct machine *m = ctx()->machine;
	pthread_mutex_lock(&m->lock);
	fs_file_free(ctx(), (struct fs_file *)(uintptr_t)fi->fh);
	pthread_mutex_unlock(&m->lock);
	return 0;
}

static void *mmsim_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	cfg->direct_io = 1;
	cfg->attr_timeout = 1.0;
	cfg->entry_timeout = 1.0;
	cfg->negative_timeout = 0;
	return fuse_get_context()->private_data;
}

static const struct fuse_operations mmsim_fuse_ops = {
	.init = mmsim_init,
	.getattr = mmsim_getattr,
	.readlink = mmsim_readlink,
	.readdir = mmsim_readdir,
	.open = mmsim_open,
	.read = mmsim_read,
	.write = mmsim_write,
	.truncate = mmsim_truncate,
	.release = mmsim_release,
};

void fs_forget_gone_tasks(struct fs_context *fctx)
{
	struct task_gone gone[64];
	int n;
	do {
		pthread_mutex_lock(&fctx->machine->lock);
		n = tasks_take_gone(fctx->machine, gone, 64);
		pthread_mutex_unlock(&fctx->machine->lock);
		for (int i = 0; i < n && fctx->fuse; i++) {
			char path[64];
			snprintf(path, sizeof(path), "/proc/%d", gone[i].pid);
			fuse_invalidate_path(fctx->fuse, path);
			if (gone[i].tgid != gone[i].pid) {
				snprintf(path, sizeof(path), "/proc/%d/task/%d", gone[i].tgid,
					 gone[i].pid);
				fuse_invalidate_path(fctx->fuse, path);
			}
		}
	} while (n == 64);
}

/* A killed daemon's mount answers ENOTCONN until unmounted: detach it.
 * Opening the folder always reaches the (dead) server, where stat() may be
 * answered from the kernel's attribute cache. */
static int clear_dead_mount(const char *mountpoint)
{
	int fd = open(mountpoint, O_RDONLY | O_DIRECTORY);
	if (fd >= 0)
		close(fd);
	if (fd >= 0 || errno != ENOTCONN)
		return 0;
	fprintf(stderr, "mmsimd: %s: clearing a dead mount left by a killed daemon\n", mountpoint);
	if (geteuid() == 0)
		return umount2(mountpoint, MNT_DETACH);
	pid_t pid = fork();
	if (pid == 0) {
		execlp("fusermount3", "fusermount3", "-u", "-z", mountpoint, (char *)NULL);
		_exit(127);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return 0;
}

/* The FUSE command line: procfs-like options, plus the user's. */
static int build_args(struct fuse_args *args, const struct fs_mount_opts *opts)
{
	char o[512] = "fsname=mmsim,subtype=mmsim,default_permissions,auto_unmount";
	if (geteuid() == 0)
		strcat(o, ",allow_other");
	if (fuse_opt_add_arg(args, "mmsimd") || fuse_opt_add_arg(args, "-o") ||
	    fuse_opt_add_arg(args, o))
		return -1;
	if (opts->extra_options &&
	    (fuse_opt_add_arg(args, "-o") || fuse_opt_add_arg(args, opts->extra_options)))
		return -1;
	if (opts->debug && fuse_opt_add_arg(args, "-d"))
		return -1;
	return 0;
}

int fs_serve(struct fs_context *fctx, const struct fs_mount_opts *opts)
{
	struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
	int ret = 1;
	if (clear_dead_mount(opts->mountpoint)) {
		fprintf(stderr, "mmsimd: %s is a dead mount; run: fusermount3 -uz %s\n",
			opts->mountpoint, opts->mountpoint);
		return 1;
	}
	if (build_args(&args, opts))
		return 1;
	clock_gettime(CLOCK_REALTIME, &fctx->mount_time);
	struct fuse *f = fuse_new(&args, &mmsim_fuse_ops, sizeof(mmsim_fuse_ops), fctx);
	if (!f)
		goto out_args;
	fctx->fuse = f;
	if (fuse_mount(f, opts->mountpoint))
		goto out_destroy;
	if (fuse_daemonize(opts->foreground))
		goto out_unmount;
	struct fuse_session *se = fuse_get_session(f);
	if (fuse_set_signal_handlers(se))
		goto out_unmount;
	if (opts->started && opts->started(opts->arg) == 0) {
		struct fuse_loop_config cfg = {.clone_fd = 0, .max_idle_threads = 10};
		ret = fuse_loop_mt(f, &cfg) < 0 ? 1 : 0;
		if (opts->stopping)
			opts->stopping(opts->arg);
	}
	fuse_remove_signal_handlers(se);
out_unmount:
	fuse_unmount(f);
out_destroy:
	fctx->fuse = NULL;
	fuse_destroy(f);
out_args:
	fuse_opt_free_args(&args);
	/* files still open when the mount went away are never released */
	while (fctx->open_files)
		fs_file_free(fctx, fctx->open_files);
	return ret;
}
