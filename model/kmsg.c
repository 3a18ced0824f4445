#include "model/kmsg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/machine.h"

void printk(struct machine *m, int level, const char *fmt, ...)
{
	if (!m->kmsg && !(m->kmsg = calloc(1, sizeof(*m->kmsg))))
		return;
	va_list ap;
	va_start(ap, fmt);
	char *text;
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	struct kmsg_record *r = &m->kmsg->rec[m->kmsg->head % KMSG_RECORDS];
	free(r->text);
	r->text = text;
	r->level = level;
	r->ts_usec = m->ticks * MSEC_PER_TICK * 1000;
	m->kmsg->head++;
}

const struct kmsg_record *kmsg_record(const struct machine *m, uint64_t i)
{
	if (!m->kmsg)
		return NULL;
	uint64_t first = m->kmsg->head > KMSG_RECORDS ? m->kmsg->head - KMSG_RECORDS : 0;
	if (first + i >= m->kmsg->head)
		return NULL;
	return &m->kmsg->rec[(first + i) % KMSG_RECORDS];
}

void kmsg_free(struct machine *m)
{
	if (!m->kmsg)
		return;
	for (int i = 0; i < KMSG_RECORDS; i++)
		free(m->kmsg->rec[i].text);
	free(m->kmsg);
	m->kmsg = NULL;
}
