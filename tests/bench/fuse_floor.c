/* fuse_floor: the cheapest FUSE filesystem shaped like mmsimd — the same
 * high-level API, mount options, direct_io and multi-threaded loop — that
 * serves one fixed meminfo-sized file, /meminfo. What reading it costs is
 * the floor under any FUSE procfs. Usage: fuse_floor MOUNTPOINT */
#define FUSE_USE_VERSION 35

#include <errno.h>
#include <fuse.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FLOOR_FILE "/meminfo"
#define FLOOR_LINE "Counter:        12345678 kB\n"
#define FLOOR_LINES 50

static char floor_text[sizeof(FLOOR_LINE) * FLOOR_LINES];
static size_t floor_len;

/* ~1.4 KB of meminfo-like lines: /proc/meminfo's size. */
static void floor_text_init(void)
{
	for (int i = 0; i < FLOOR_LINES; i++) {
		memcpy(floor_text + floor_len, FLOOR_LINE, sizeof(FLOOR_LINE) - 1);
		floor_len += sizeof(FLOOR_LINE) - 1;
	}
}

/* The tree: the root directory and one read-only file. */
static int floor_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	memset(st, 0, sizeof(*st));
	if (strcmp(path, "/") == 0) {
		st->st_mode = S_IFDIR | 0555;
		st->st_nlink = 2;
	} else if (strcmp(path, FLOOR_FILE) == 0) {
		st->st_mode = S_IFREG | 0444;
		st->st_nlink = 1;
	} else {
		return -ENOENT;
	}
	return 0;
}

/* Open the file uncached, as mmsimd opens its files. */
static int floor_open(const char *path, struct fuse_file_info *fi)
{
	if (strcmp(path, FLOOR_FILE) != 0)
		return -ENOENT;
	fi->direct_io = 1;
	return 0;
}

/* Serve size bytes at off of the fixed text. */
static int floor_read(const char *path, char *out, size_t size, off_t off,
		      struct fuse_file_info *fi)
{
	if ((size_t)off >= floor_len)
		return 0;
	size_t n = floor_len - (size_t)off < size ? floor_len - (size_t)off : size;
	memcpy(out, floor_text + off, n);
	return (int)n;
}

/* The caching mmsimd asks for, so that lookups cost the same. */
static void *floor_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	cfg->direct_io = 1;
	cfg->attr_timeout = 1.0;
	cfg->entry_timeout = 1.0;
	cfg->negative_timeout = 0;
	return NULL;
}

static const struct fuse_operations floor_ops = {
	.init = floor_init,
	.getattr = floor_getattr,
	.open = floor_open,
	.read = floor_read,
};

/* Mount at argv[1] and serve until unmounted or signalled. */
int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fuse_floor MOUNTPOINT\n");
		return 2;
	}
	floor_text_init();
	char opts[128] = "fsname=fuse_floor,subtype=fuse_floor,default_permissions,auto_unmount";
	if (geteuid() == 0)
		strcat(opts, ",allow_other");
	char *fargv[] = {argv[0], "-o", opts, NULL};
	struct fuse_args args = FUSE_ARGS_INIT(3, fargv);
	struct fuse *f = fuse_new(&args, &floor_ops, sizeof(floor_ops), NULL);
	int ret = 1;
	if (!f)
		return 1;
	if (fuse_mount(f, argv[1]) == 0) {
		if (fuse_set_signal_handlers(fuse_get_session(f)) == 0) {
			struct fuse_loop_config cfg = {.clone_fd = 0, .max_idle_threads = 10};
			ret = fuse_loop_mt(f, &cfg) < 0;
			fuse_remove_signal_handlers(fuse_get_session(f));
		}
		fuse_unmount(f);
	}
	fuse_destroy(f);
	return ret;
}
