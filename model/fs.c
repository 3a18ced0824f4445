/* Inodes of the modeled root file system and open files. */
#include "model/fs.h"

#include <stdlib.h>
#include <string.h>

#include "model/filemap.h"
#include "model/machine.h"
#include "model/slab.h"

/* Inode numbers start where a freshly made ext4 hands them out. */
#define FIRST_INO 12

struct inode *ilookup_path(const struct machine *m, const char *path)
{
	for (struct inode *i = m->inodes; i; i = i->next)
		if (!strcmp(i->path, path))
			return i;
	return NULL;
}

struct inode *iget_path(struct machine *m, const char *path, unsigned long size)
{
	struct inode *i = ilookup_path(m, path);
	if (i)
		return i;
	i = calloc(1, sizeof(*i));
	if (!i || !(i->path = strdup(path))) {
		free(i);
		return NULL;
	}
	/* the inode and the dentry that names it live in their slab caches */
	i->i_slab = kmem_cache_alloc(m, KMEM_INODE, 0);
	i->d_slab = kmem_cache_alloc(m, KMEM_DENTRY, 0);
	if (i->i_slab == SLAB_NONE || i->d_slab == SLAB_NONE) {
		kmem_cache_free(m, KMEM_INODE, i->i_slab);
		kmem_cache_free(m, KMEM_DENTRY, i->d_slab);
		free(i->path);
		free(i);
		return NULL;
	}
	i->i_ino = FIRST_INO + m->nr_inodes++;
	i->i_size = size;
	i->next = m->inodes;
	m->inodes = i;
	return i;
}

void inodes_free(struct machine *m)
{
	while (m->inodes) {
		struct inode *i = m->inodes;
		m->inodes = i->next;
		truncate_inode_pages_final(m, i);
		kmem_cache_free(m, KMEM_INODE, i->i_slab);
		kmem_cache_free(m, KMEM_DENTRY, i->d_slab);
		free(i->path);
		free(i);
	}
}

struct file *file_open(struct machine *m, struct inode *inode)
{
	struct file *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->f_slab = kmem_cache_alloc(m, KMEM_FILP, 0);
	if (f->f_slab == SLAB_NONE) {
		free(f);
		return NULL;
	}
	f->f_inode = inode;
	f->f_count = 1;
	return f;
}

struct file *get_file(struct file *f)
{
	f->f_count++;
	return f;
}

void fput(struct machine *m, struct file *f)
{
	if (--f->f_count)
		return;
	kmem_cache_free(m, KMEM_FILP, f->f_slab);
	free(f);
}
