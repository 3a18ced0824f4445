/* The node table: every file of the mount in one list, expanded per NUMA
 * node and per sysctl row into a tree of directories at mount time. */
#include "fs/tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/machine.h"
#include "model/sysctl.h"

#define NODE_DIR "sys/devices/system/node/node%d/"
#define THP_DIR "sys/kernel/mm/transparent_hugepage/"
#define NODE_SET_DIR "sys/devices/system/node/"

struct fs_file_spec {
	const char *path; /* relative to the mount; a "%d" repeats it per node */
	mode_t mode;
	show_fn show;
	store_fn store;
	long arg;
	unsigned int flags;
};

/* Every file except /proc/sys/vm, which the sysctl table describes. Modes
 * follow the reference machine's (tests/reference/linux-6.18/MODES). */
static const struct fs_file_spec files[] = {
	{"proc/meminfo", 0444, show_meminfo, NULL, 0, 0},
	{"proc/vmstat", 0444, show_vmstat, NULL, 0, 0},
	{"proc/zoneinfo", 0444, show_zoneinfo, NULL, 0, 0},
	{"proc/buddyinfo", 0444, show_buddyinfo, NULL, 0, 0},
	{"proc/pagetypeinfo", 0400, show_pagetypeinfo, NULL, 0, 0},
	{THP_DIR "enabled", 0644, show_thp, store_thp, THP_FILE_ENABLED, 0},
	{THP_DIR "defrag", 0644, show_thp, store_thp, THP_FILE_DEFRAG, 0},
	{THP_DIR "shmem_enabled", 0644, show_thp, store_thp, THP_FILE_SHMEM_ENABLED, 0},
	{THP_DIR "use_zero_page", 0644, show_thp, store_thp, THP_FILE_USE_ZERO_PAGE, 0},
	{THP_DIR "shrink_underused", 0644, show_thp, store_thp, THP_FILE_SHRINK_UNDERUSED, 0},
	{THP_DIR "hpage_pmd_size", 0444, show_thp, NULL, THP_FILE_HPAGE_PMD_SIZE, 0},
	{NODE_SET_DIR "possible", 0444, show_node_state, NULL, N_POSSIBLE, 0},
	{NODE_SET_DIR "online", 0444, show_node_state, NULL, N_ONLINE, 0},
	{NODE_SET_DIR "has_normal_memory", 0444, show_node_state, NULL, N_NORMAL_MEMORY, 0},
	{NODE_SET_DIR "has_memory", 0444, show_node_state, NULL, N_MEMORY, 0},
	{NODE_SET_DIR "has_cpu", 0444, show_node_state, NULL, N_CPU, 0},
	{NODE_DIR "cpulist", 0444, show_node_cpulist, NULL, 0, 0},
	{NODE_DIR "cpumap", 0444, show_node_cpumap, NULL, 0, 0},
	{NODE_DIR "distance", 0444, show_node_distance, NULL, 0, 0},
	{NODE_DIR "meminfo", 0444, show_node_meminfo, NULL, 0, 0},
	{NODE_DIR "numastat", 0444, show_node_numastat, NULL, 0, 0},
	{NODE_DIR "vmstat", 0444, show_node_vmstat, NULL, 0, 0},
	{"sim/ctl", 0600, NULL, store_sim_ctl, 0, FS_REPLY},
	{"sim/clock", 0444, show_sim_clock, NULL, 0, 0},
};

/* The child of dir called name[0..len), or NULL. */
static struct fs_node *child_named(const struct fs_node *dir, const char *name, size_t len)
{
	for (size_t i = 0; i < dir->nr_children; i++) {
		struct fs_node *c = &dir->children[i];
		if (strlen(c->name) == len && !memcmp(c->name, name, len))
			return c;
	}
	return NULL;
}

/* Append a child to dir; NULL if host memory ran out. */
static struct fs_node *add_child(struct fs_node *dir, const char *name, size_t len, mode_t mode)
{
	struct fs_node *c = realloc(dir->children, (dir->nr_children + 1) * sizeof(*c));
	if (!c)
		return NULL;
	dir->children = c;
	c = &c[dir->nr_children];
	*c = (struct fs_node){.name = strndup(name, len), .mode = mode};
	if (!c->name)
		return NULL;
	dir->nr_children++;
	return c;
}

/* Create the file at path with its directories; 0, or -1 without memory. */
static int insert(struct fs_node *root, const char *path, const struct fs_file_spec *spec,
		  long arg)
{
	struct fs_node *dir = root;
	for (;;) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);
		struct fs_node *c = child_named(dir, path, len);
		if (!c)
			c = add_child(dir, path, len, slash ? S_IFDIR | 0555 : S_IFREG | spec->mode);
		if (!c)
			return -1;
		if (!slash) {
			c->show = spec->show;
			c->store = spec->store;
			c->arg = arg;
			c->flags = spec->flags;
			return 0;
		}
		dir = c;
		path = slash + 1;
	}
}

/* Insert one file spec, once or once per NUMA node (arg: the node id). */
static int insert_spec(struct fs_node *root, const struct fs_file_spec *spec, int nr_nodes)
{
	if (!strstr(spec->path, "%d"))
		return insert(root, spec->path, spec, spec->arg);
	for (int nid = 0; nid < nr_nodes; nid++) {
		char path[256];
		snprintf(path, sizeof(path), spec->path, nid);
		if (insert(root, path, spec, nid))
			return -1;
	}
	return 0;
}

struct fs_node *fs_tree_build(const struct machine *m)
{
	struct fs_node *root = calloc(1, sizeof(*root));
	if (!root || !(root->name = strdup("")))
		goto fail;
	root->mode = S_IFDIR | 0555;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (insert_spec(root, &files[i], m->nr_nodes))
			goto fail;
	for (size_t i = 0; i < vm_table_size; i++) {
		char path[128];
		const struct fs_file_spec spec = {NULL, vm_table[i].mode, show_sysctl, store_sysctl, 0, 0};
		snprintf(path, sizeof(path), "proc/sys/vm/%s", vm_table[i].procname);
		if (insert(root, path, &spec, (long)i))
			goto fail;
	}
	return root;
fail:
	fs_tree_free(root);
	return NULL;
}

/* Free a node's name and subtree, not the node itself. */
static void free_node(struct fs_node *n)
{
	for (size_t i = 0; i < n->nr_children; i++)
		free_node(&n->children[i]);
	free(n->children);
	free(n->name);
}

void fs_tree_free(struct fs_node *root)
{
	if (!root)
		return;
	free_node(root);
	free(root);
}

const struct fs_node *fs_lookup(const struct fs_node *root, const char *path)
{
	const struct fs_node *n = root;
	while (*path) {
		while (*path == '/')
			path++;
		if (!*path)
			break;
		size_t len = strcspn(path, "/");
		if (!S_ISDIR(n->mode) || !(n = child_named(n, path, len)))
			return NULL;
		path += len;
	}
	return n;
}
