/* The node table: every file of the mount in one list, expanded per NUMA
 * node and per sysctl row into a tree of directories at mount time. Task
 * directories are templates that lookups resolve against the task list. */
#include "fs/tree.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/machine.h"
#include "model/sysctl.h"
#include "model/task.h"

#define NODE_DIR "sys/devices/system/node/node%d/"
#define THP_DIR "sys/kernel/mm/transparent_hugepage/"
#define NODE_SET_DIR "sys/devices/system/node/"

/* In a file's path: every process's directory, every thread's. */
#define PID_DIR "[pid]"
#define TID_DIR "[tid]"

/* A file of every process (/proc/PID) and of every thread
 * (/proc/PID/task/TID), as procfs's tgid_base_stuff and tid_base_stuff. */
#define TASK_FILE(name, mode, show, store)                          \
	{"proc/" PID_DIR "/" name, mode, show, store, 0, 0},        \
	{"proc/" PID_DIR "/task/" TID_DIR "/" name, mode, show, store, 0, 0}

struct fs_file_spec {
	/* relative to the mount; a "%d" repeats it per node, PID_DIR and
	 * TID_DIR stand for every task's directory */
	const char *path;
	mode_t mode; /* a regular file unless it names a type (S_IFLNK) */
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
	{"proc/slabinfo", 0400, show_slabinfo, NULL, 0, 0},
	{"proc/self", S_IFLNK | 0777, show_proc_self, NULL, 0, 0},
	{"proc/stat", 0444, show_stat, NULL, 0, 0},
	{"proc/uptime", 0444, show_uptime, NULL, 0, 0},
	{"proc/loadavg", 0444, show_loadavg, NULL, 0, 0},
	{"proc/cpuinfo", 0444, show_cpuinfo_all, NULL, 0, 0},
	/* 0644 on Linux; the model's pid space is sized at boot */
	{"proc/sys/kernel/pid_max", 0444, show_kernel_pid_max, NULL, 0, 0},
	{"proc/sys/kernel/osrelease", 0444, show_kernel_osrelease, NULL, 0, 0},
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
	TASK_FILE("maps", 0444, show_pid_maps, NULL),
	TASK_FILE("smaps", 0444, show_pid_smaps, NULL),
	TASK_FILE("smaps_rollup", 0444, show_pid_smaps_rollup, NULL),
	TASK_FILE("status", 0444, show_pid_status, NULL),
	{"proc/" PID_DIR "/stat", 0444, show_tgid_stat, NULL, 0, 0},
	{"proc/" PID_DIR "/task/" TID_DIR "/stat", 0444, show_tid_stat, NULL, 0, 0},
	TASK_FILE("statm", 0444, show_pid_statm, NULL),
	TASK_FILE("cmdline", 0444, show_pid_cmdline, NULL),
	TASK_FILE("environ", 0400, show_pid_environ, NULL),
	TASK_FILE("comm", 0644, show_pid_comm, store_pid_comm),
	TASK_FILE("oom_score", 0444, show_pid_oom_score, NULL),
	TASK_FILE("oom_score_adj", 0644, show_pid_oom_score_adj, store_pid_oom_score_adj),
	{"sim/ctl", 0600, NULL, store_sim_ctl, 0, FS_REPLY},
	{"sim/clock", 0444, show_sim_clock, NULL, 0, 0},
	{"sim/dmesg", 0444, show_sim_dmesg, NULL, 0, 0},
	{"sim/check", 0444, show_sim_check, NULL, 0, 0},
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

/* The flag a directory gets for holding task directories when a path
 * names one of them as name[0..len): PID_DIR, TID_DIR, or 0 for neither. */
static unsigned int task_dirs_flag(const char *name, size_t len)
{
	if (len == strlen(PID_DIR) && !memcmp(name, PID_DIR, len))
		return FS_TASK_DIRS;
	if (len == strlen(TID_DIR) && !memcmp(name, TID_DIR, len))
		return FS_THREAD_DIRS;
	return 0;
}

/* dir's template task directory, created on first use, with dir marked
 * by flag; NULL if host memory ran out. */
static struct fs_node *task_dir_of(struct fs_node *dir, unsigned int flag, const char *name,
				   size_t len)
{
	if (!dir->task_dir) {
		struct fs_node *t = calloc(1, sizeof(*t));
		if (!t || !(t->name = strndup(name, len))) {
			free(t);
			return NULL;
		}
		t->mode = S_IFDIR | 0555;
		dir->task_dir = t;
		dir->flags |= flag;
	}
	return dir->task_dir;
}

/* A file spec's mode with its type: regular unless the spec says. */
static mode_t file_mode(mode_t mode)
{
	return mode & S_IFMT ? mode : S_IFREG | mode;
}

/* Create the file at path with its directories; 0, or -1 without memory. */
static int insert(struct fs_node *root, const char *path, const struct fs_file_spec *spec,
		  long arg)
{
	struct fs_node *dir = root;
	for (;;) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);
		unsigned int flag = task_dirs_flag(path, len);
		struct fs_node *c = flag ? task_dir_of(dir, flag, path, len)
					 : child_named(dir, path, len);
		if (!c && !flag)
			c = add_child(dir, path, len, slash ? S_IFDIR | 0555 : file_mode(spec->mode));
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
	if (n->task_dir) {
		free_node(n->task_dir);
		free(n->task_dir);
	}
	free(n->name);
}

void fs_tree_free(struct fs_node *root)
{
	if (!root)
		return;
	free_node(root);
	free(root);
}

/* A pid as procfs reads a directory name (name_to_int()): decimal digits
 * without a leading zero; -1 if name[0..len) is not one. */
static int name_to_pid(const char *name, size_t len)
{
	long pid = 0;
	if (!len || len > 9 || (len > 1 && name[0] == '0'))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)name[i]))
			return -1;
		pid = pid * 10 + (name[i] - '0');
	}
	return (int)pid;
}

/* Step from directory e into the task directory named name[0..len), if
 * that task lives there: any task under /proc (threads too, unlisted, as
 * procfs allows), a thread of the same group under /proc/PID/task. */
static bool enter_task_dir(const struct machine *m, struct fs_entry *e, const char *name,
			   size_t len)
{
	const struct fs_node *dir = e->node;
	int pid = name_to_pid(name, len);
	const struct task_struct *t = pid > 0 ? find_task_by_pid(m, pid) : NULL;
	if (!t)
		return false;
	if (dir->flags & FS_THREAD_DIRS) {
		const struct task_struct *group = find_task_by_pid(m, (int)e->arg);
		if (!group || group->tgid != t->tgid)
			return false;
	}
	*e = (struct fs_entry){dir->task_dir, t->pid, t->uid, t->gid};
	return true;
}

bool fs_lookup(const struct fs_node *root, const struct machine *m, const char *path,
	       struct fs_entry *e)
{
	bool in_task = false;
	*e = (struct fs_entry){root, root->arg, 0, 0};
	while (*path) {
		while (*path == '/')
			path++;
		if (!*path)
			break;
		size_t len = strcspn(path, "/");
		if (!S_ISDIR(e->node->mode))
			return false;
		const struct fs_node *c = child_named(e->node, path, len);
		if (c) {
			e->node = c;
			if (!in_task)
				e->arg = c->arg;
		} else if (e->node->task_dir && enter_task_dir(m, e, path, len)) {
			in_task = true;
		} else {
			return false;
		}
		path += len;
	}
	return true;
}

void fs_readdir(const struct fs_entry *dir, const struct machine *m, fs_fill_fn fill, void *ctx)
{
	const struct fs_node *n = dir->node;
	for (size_t i = 0; i < n->nr_children; i++)
		fill(ctx, n->children[i].name);
	if (!n->task_dir)
		return;
	const struct task_struct *group = NULL;
	if ((n->flags & FS_THREAD_DIRS) && !(group = find_task_by_pid(m, (int)dir->arg)))
		return;
	for (const struct task_struct *t = next_task(m, 0); t; t = next_task(m, t->pid)) {
		bool listed = n->flags & FS_TASK_DIRS ? t->pid == t->tgid : t->tgid == group->tgid;
		if (!listed)
			continue;
		char name[16];
		snprintf(name, sizeof(name), "%d", t->pid);
		fill(ctx, name);
	}
}
