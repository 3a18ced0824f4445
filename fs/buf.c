#include "fs/buf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Make room for n more bytes plus a terminating NUL. */
static void buf_reserve(struct buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + n + 1)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p)
		abort();
	b->data = p;
	b->cap = cap;
}

void buf_free(struct buf *b)
{
	free(b->data);
	*b = (struct buf)BUF_INIT;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_start(ap, fmt);
	int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if ((size_t)n >= room) {
		/* did not fit: grow and format again */
		buf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void buf_write(struct buf *b, const char *data, size_t len)
{
	buf_reserve(b, len);
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void buf_kb_line(struct buf *b, const char *label, unsigned long kb)
{
	buf_printf(b, "%-16s%8lu kB\n", label, kb);
}

/* "%*pbl": the set bits as ranges "a-b" or single "a", comma-separated. */
void buf_bitmap_list(struct buf *out, const bool *bits, int nbits)
{
	bool first = true;

	for (int i = 0; i < nbits; i++) {
		if (!bits[i])
			continue;
		int end = i;
		while (end + 1 < nbits && bits[end + 1])
			end++;
		buf_printf(out, first ? "%d" : ",%d", i);
		if (end > i)
			buf_printf(out, "-%d", end);
		first = false;
		i = end;
	}
}

/* "%*pb": hex in 32-bit chunks, most significant first, comma-separated;
 * the top chunk is as wide as its bits need, the others 8 digits. */
void buf_bitmap_hex(struct buf *out, const bool *bits, int nbits)
{
	int chunk = nbits % 32 ? nbits % 32 : 32;

	for (int lo = ((nbits + 31) / 32 - 1) * 32; lo >= 0; lo -= 32) {
		unsigned int val = 0;
		for (int b = 0; b < chunk; b++)
			val |= (unsigned int)bits[lo + b] << b;
		buf_printf(out, "%s%0*x", lo + chunk < nbits ? "," : "", (chunk + 3) / 4, val);
		chunk = 32;
	}
}
