/* A growable text buffer that renderers print into (a seq_file's job),
 * with the kernel's fixed-width helpers. */
#ifndef MMSIM_BUF_H
#define MMSIM_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

void buf_free(struct buf *b);

/* Empty the buffer, keeping its memory. */
void buf_reset(struct buf *b);

/* Append formatted text. Host allocation failure aborts: the daemon cannot
 * serve files without memory, and a half-rendered file would lie. */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void buf_write(struct buf *b, const char *data, size_t len);

/* meminfo's show_val_kb(): the label padded to 16 columns, the value in kB
 * right-aligned in 8, then " kB\n". */
void buf_kb_line(struct buf *b, const char *label, unsigned long kb);

/* A bitmap of nbits as the kernel's "%*pbl" prints it: "0-3,8". */
void buf_bitmap_list(struct buf *b, const bool *bits, int nbits);

/* A bitmap as "%*pb" prints it: hex, 32 bits a comma-separated chunk. */
void buf_bitmap_hex(struct buf *b, const bool *bits, int nbits);

#endif
