/* The kernel log (kernel/printk): records with a level and a timestamp in
 * simulated time, kept in a bounded ring like the kernel's log buffer. */
#ifndef MMSIM_KMSG_H
#define MMSIM_KMSG_H

#include <stdint.h>

struct machine;

enum { KERN_EMERG, KERN_ALERT, KERN_CRIT, KERN_ERR, KERN_WARNING, KERN_NOTICE, KERN_INFO,
       KERN_DEBUG };

/* Records kept; older ones are overwritten, as in a full log buffer. */
#define KMSG_RECORDS 4096

struct kmsg_record {
	uint64_t ts_usec;
	int level;
	char *text; /* one line, no newline */
};

struct kmsg {
	struct kmsg_record rec[KMSG_RECORDS];
	uint64_t head; /* records ever logged */
};

/* Log one line at level, stamped with the simulated time. */
void printk(struct machine *m, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The i-th oldest record still kept, or NULL past the newest. */
const struct kmsg_record *kmsg_record(const struct machine *m, uint64_t i);

void kmsg_free(struct machine *m);

#endif
