#include "daemon/clock.h"

#include <time.h>

#include "fs/fuse_ops.h"
#include "model/machine.h"

/* Ticks run per lock hold, so readers never wait long behind catch-up. */
#define TICKS_PER_BATCH 100

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Keep simulated time at (wall time since start) x speed, in batches. */
static void *clock_thread(void *arg)
{
	struct sim_clock *c = arg;
	const struct timespec nap = {0, MSEC_PER_TICK * 1000000L};
	double start = now_seconds();
	uint64_t done = 0;

	while (!atomic_load(&c->stop)) {
		uint64_t due = (uint64_t)((now_seconds() - start) * c->speed * 1000 / MSEC_PER_TICK);
		while (done < due && !atomic_load(&c->stop)) {
			pthread_mutex_lock(&c->m->lock);
			for (int i = 0; i < TICKS_PER_BATCH && done < due; i++, done++)
				machine_tick(c->m);
			pthread_mutex_unlock(&c->m->lock);
			fs_forget_gone_tasks(c->fs);
		}
		nanosleep(&nap, NULL);
	}
	return NULL;
}

int clock_start(struct sim_clock *c)
{
	atomic_store(&c->stop, false);
	if (c->mode != SIM_CLOCK_REALTIME)
		return 0;
	if (pthread_create(&c->thread, NULL, clock_thread, c))
		return -1;
	c->running = true;
	return 0;
}

void clock_stop(struct sim_clock *c)
{
	if (!c->running)
		return;
	atomic_store(&c->stop, true);
	pthread_join(c->thread, NULL);
	c->running = false;
}
