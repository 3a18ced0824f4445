/* Files as the memory manager sees them (include/linux/fs.h): an inode
 * on the modeled block device, and an open file that a VMA maps. The page
 * cache hangs off the inode. */
#ifndef MMSIM_FS_H
#define MMSIM_FS_H

struct machine;

/* The modeled disk: a virtio block device, 254:0 ("fe:00" in maps). */
#define ROOT_DEV_MAJOR 254
#define ROOT_DEV_MINOR 0

struct inode {
	char *path;
	unsigned long i_ino;
	unsigned long i_size; /* bytes */
	struct inode *next;   /* the machine's inode list */
	void *i_pages;        /* page cache: index -> pfn, owned by filemap */
	unsigned long nrpages;
	unsigned long i_slab, d_slab; /* its inode_cache and dentry objects */
};

/* An open file: what mmap maps. Each VMA holds a reference. */
struct file {
	struct inode *f_inode;
	int f_count;
	unsigned long f_slab; /* its filp object */
};

/* Open the inode: a file with one reference, charged to filp; NULL
 * without memory. */
struct file *file_open(struct machine *m, struct inode *inode);

/* Take and drop references; the last fput frees the file. */
struct file *get_file(struct file *f);
void fput(struct machine *m, struct file *f);

/* The inode at path, created with size bytes if it does not exist yet;
 * NULL without host memory. */
struct inode *iget_path(struct machine *m, const char *path, unsigned long size);

/* The inode at path, or NULL if there is none. */
struct inode *ilookup_path(const struct machine *m, const char *path);

/* Free every inode (machine teardown). */
void inodes_free(struct machine *m);

#endif
