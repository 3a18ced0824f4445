/* Every file's renderer and write handler. A show_* prints the file as it
 * is now; a store_* parses one write. arg selects the instance (a node id,
 * a sysctl row); reply, when not NULL, takes a command's answer (sim/ctl).
 * Both return 0 or a negative errno. */
#ifndef MMSIM_RENDER_H
#define MMSIM_RENDER_H

#include <stddef.h>

#include "fs/buf.h"
#include "model/huge_memory.h"

struct machine;

typedef int (*show_fn)(struct machine *m, long arg, struct buf *out);
typedef int (*store_fn)(struct machine *m, long arg, const char *text, size_t len,
			struct buf *reply);

/* fs/proc_meminfo.c */
int show_meminfo(struct machine *m, long arg, struct buf *out);
int show_node_meminfo(struct machine *m, long nid, struct buf *out);

/* fs/proc_vmstat.c */
int show_vmstat(struct machine *m, long arg, struct buf *out);
int show_node_vmstat(struct machine *m, long nid, struct buf *out);
int show_node_numastat(struct machine *m, long nid, struct buf *out);

/* fs/proc_zoneinfo.c */
int show_zoneinfo(struct machine *m, long arg, struct buf *out);
int show_buddyinfo(struct machine *m, long arg, struct buf *out);
int show_pagetypeinfo(struct machine *m, long arg, struct buf *out);

/* fs/proc_slabinfo.c */
int show_slabinfo(struct machine *m, long arg, struct buf *out);

/* fs/proc_sysctl.c: arg is the row's index in vm_table */
int show_sysctl(struct machine *m, long row, struct buf *out);
int store_sysctl(struct machine *m, long row, const char *text, size_t len, struct buf *reply);

/* fs/sysfs.c: transparent_hugepage files (arg: enum thp_file) and the
 * node directory (arg: node id, or enum node_state for the masks) */
enum thp_file { THP_FILE_ENABLED, THP_FILE_DEFRAG, THP_FILE_SHMEM_ENABLED,
		THP_FILE_USE_ZERO_PAGE, THP_FILE_SHRINK_UNDERUSED, THP_FILE_HPAGE_PMD_SIZE,
		NR_THP_FILES };
enum node_state { N_POSSIBLE, N_ONLINE, N_NORMAL_MEMORY, N_MEMORY, N_CPU, NR_NODE_STATES };
/* The words of transparent_hugepage/enabled, also the config's "thp". */
extern const char *const thp_enabled_words[NR_THP_ENABLED];
int show_thp(struct machine *m, long file, struct buf *out);
int store_thp(struct machine *m, long file, const char *text, size_t len, struct buf *reply);
int show_node_state(struct machine *m, long state, struct buf *out);
int show_node_cpulist(struct machine *m, long nid, struct buf *out);
int show_node_cpumap(struct machine *m, long nid, struct buf *out);
int show_node_distance(struct machine *m, long nid, struct buf *out);

/* fs/proc_pid.c: a task's files; arg is its pid (a tid inside
 * /proc/PID/task). A task that is gone gives -ESRCH. */
int show_pid_maps(struct machine *m, long pid, struct buf *out);
int show_pid_smaps(struct machine *m, long pid, struct buf *out);
int show_pid_smaps_rollup(struct machine *m, long pid, struct buf *out);
int show_pid_status(struct machine *m, long pid, struct buf *out);
int show_tgid_stat(struct machine *m, long pid, struct buf *out); /* the whole process */
int show_tid_stat(struct machine *m, long pid, struct buf *out);  /* one thread */
int show_pid_statm(struct machine *m, long pid, struct buf *out);
int show_pid_cmdline(struct machine *m, long pid, struct buf *out);
int show_pid_comm(struct machine *m, long pid, struct buf *out);
int store_pid_comm(struct machine *m, long pid, const char *text, size_t len, struct buf *reply);
int show_pid_oom_score(struct machine *m, long pid, struct buf *out);
int show_pid_oom_score_adj(struct machine *m, long pid, struct buf *out);
int store_pid_oom_score_adj(struct machine *m, long pid, const char *text, size_t len,
			    struct buf *reply);

/* fs/proc_misc.c: the CPU, time and process-count files ps and top read.
 * show_proc_self prints a symlink's target (the node's mode is S_IFLNK);
 * show_pid_environ's arg is a pid. */
int show_proc_self(struct machine *m, long arg, struct buf *out);
int show_stat(struct machine *m, long arg, struct buf *out);
int show_uptime(struct machine *m, long arg, struct buf *out);
int show_loadavg(struct machine *m, long arg, struct buf *out);
int show_cpuinfo_all(struct machine *m, long arg, struct buf *out);
int show_pid_environ(struct machine *m, long pid, struct buf *out);
int show_kernel_pid_max(struct machine *m, long arg, struct buf *out);
int show_kernel_osrelease(struct machine *m, long arg, struct buf *out);

/* fs/sim.c: the control surface */
int store_sim_ctl(struct machine *m, long arg, const char *text, size_t len, struct buf *reply);
int show_sim_clock(struct machine *m, long arg, struct buf *out);
/* "ok" when every invariant of model/check.c holds, else one line per
 * violation. */
int show_sim_check(struct machine *m, long arg, struct buf *out);
/* The kernel log as syslog(2) reads it, for dmesg -F. */
int show_sim_dmesg(struct machine *m, long arg, struct buf *out);

#endif
