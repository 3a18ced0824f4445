/* Processes and threads (include/linux/sched.h, kernel/fork.c,
 * kernel/exit.c, fs/exec.c): a task table keyed by pid, exec layouts of
 * modeled ELF images, fork with copy-on-write, exit and signals. */
#ifndef MMSIM_TASK_H
#define MMSIM_TASK_H

#include <stdbool.h>
#include <stdint.h>

struct machine;
struct mm_struct;

#define TASK_COMM_LEN 16
#define PID_MAX_DEFAULT 32768
#define SIGKILL 9
#define SIGSEGV 11
#define SIGTERM 15

struct task_struct {
	int pid;
	int tgid;          /* the thread group: the pid of its leader */
	int ppid;          /* the parent's tgid */
	char comm[TASK_COMM_LEN];
	char *cmdline;     /* NUL-separated argv, as /proc/PID/cmdline */
	unsigned long cmdline_len;
	unsigned int uid, gid;
	char state;        /* 'R', 'S', 'Z' as /proc shows it */
	int exit_code;
	int oom_score_adj;
	unsigned long min_flt, maj_flt, cmin_flt, cmaj_flt;
	uint64_t start_time; /* ticks since boot */
	struct mm_struct *mm; /* shared by the threads of a group */
	int nr_threads;       /* on the group leader */
	/* the slab objects the kernel allocates for it (task_struct, pid...) */
	unsigned long slab_objs[8];
	int nr_slab_objs;
};

/* kernel.pid_max: every pid handed out is below it. */
int pid_max(const struct machine *m);

/* The task with this pid, or NULL. */
struct task_struct *find_task_by_pid(const struct machine *m, int pid);

/* Tasks in pid order: the first with pid > after, or NULL. */
struct task_struct *next_task(const struct machine *m, int after);

/* Start a process running image (NULL: /usr/bin/<name>) as uid, laid out
 * as exec'ing an x86-64 PIE with ld.so and libc leaves it. Its parent is
 * parent (0 for none). Returns the pid, or a negative errno (EAGAIN: no
 * pid, ENOMEM, EINVAL: bad name). */
int task_spawn(struct machine *m, const char *name, const char *image, unsigned int uid,
	       int parent);

/* fork(2) of pid: a child with a copy-on-write copy of the address space.
 * Returns the child's pid or a negative errno (ESRCH, EAGAIN, ENOMEM). */
int task_fork(struct machine *m, int pid);

/* clone(CLONE_VM|CLONE_THREAD): a new thread in pid's group; its tid or a
 * negative errno. */
int task_thread(struct machine *m, int pid);

/* The whole group of pid exits with code; its memory is freed and its
 * children are reparented to init. 0 or -ESRCH. */
int task_exit(struct machine *m, int pid, int code);

/* Send sig: SIGKILL/SIGTERM/SIGSEGV end the group (exit code 128+sig),
 * 0 only checks the pid exists. 0, -ESRCH or -EINVAL. */
int task_kill(struct machine *m, int pid, int sig);

/* A user access to addr that no mapping allows: log the kernel's
 * "segfault at" line and kill t's group with SIGSEGV (bad_area()). */
void force_sigsegv_fault(struct machine *m, struct task_struct *t, unsigned long addr,
			 bool write);

/* A task that ended, as the file system must forget it. */
struct task_gone {
	int pid, tgid;
};

/* Move up to max of the tasks that ended since the last call into out,
 * oldest first; returns how many. */
int tasks_take_gone(struct machine *m, struct task_gone *out, int max);

/* Boot: start init (pid 1). 0 or -ENOMEM. */
int tasks_init(struct machine *m);

/* Machine teardown: free every task. */
void tasks_free(struct machine *m);

#endif
