/* The clock thread: in real-time mode it advances simulated time with the
 * wall clock times a speed factor; in manual mode time moves only on
 * sim/ctl "step". */
#ifndef MMSIM_CLOCK_H
#define MMSIM_CLOCK_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "daemon/config.h"

struct fs_context;

struct sim_clock {
	struct machine *m;
	struct fs_context *fs; /* told about tasks that ended */
	enum sim_clock_mode mode;
	double speed;
	pthread_t thread;
	atomic_bool stop;
	bool running;
};

/* Start ticking (a no-op in manual mode). 0, or -1 if no thread. */
int clock_start(struct sim_clock *c);

/* Stop the thread, if one runs, and wait for it. */
void clock_stop(struct sim_clock *c);

#endif
