/* The sim/ctl command table's row type and helpers, shared by the files
 * that implement commands (fs/sim.c, fs/sim_task.c). */
#ifndef MMSIM_SIM_H
#define MMSIM_SIM_H

#include "fs/buf.h"

struct machine;

struct ctl_command {
	const char *name;
	int min_args, max_args; /* words after the name */
	/* Run the command; 0 or a negative errno, with the answer or the
	 * reason in reply. A failing command changes nothing it need not. */
	int (*run)(struct machine *m, int argc, char **argv, struct buf *reply);
	const char *usage;
};

/* Reply with a one-line error and return err. */
int ctl_error(struct buf *reply, int err, const char *what, const char *arg);

/* Process and address-space commands (fs/sim_task.c). */
int ctl_spawn(struct machine *m, int argc, char **argv, struct buf *reply);
int ctl_fork(struct machine *m, int argc, char **argv, struct buf *reply);
int ctl_thread(struct machine *m, int argc, char **argv, struct buf *reply);
int ctl_exit(struct machine *m, int argc, char **argv, struct buf *reply);
int ctl_kill(struct machine *m, int argc, char **argv, struct buf *reply);
int ctl_mmap(struct machine *m, int argc, char **argv, struct buf *reply);
int ctl_munmap(struct machine *m, int argc, char **argv, struct buf *reply);
int ctl_mprotect(struct machine *m, int argc, char **argv, struct buf *reply);
int ctl_mremap(struct machine *m, int argc, char **argv, struct buf *reply);
int ctl_madvise(struct machine *m, int argc, char **argv, struct buf *reply);
int ctl_mlock(struct machine *m, int argc, char **argv, struct buf *reply);
int ctl_munlock(struct machine *m, int argc, char **argv, struct buf *reply);
int ctl_brk(struct machine *m, int argc, char **argv, struct buf *reply);
int ctl_touch(struct machine *m, int argc, char **argv, struct buf *reply);

#endif
