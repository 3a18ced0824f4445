/* /proc/sys/vm/<knob>: the text side of kernel/sysctl.c's proc_dointvec,
 * proc_doulongvec_minmax and proc_dostring. Reads print "%d\n" (vectors
 * tab-separated), writes are parsed the way those handlers parse them,
 * then model/sysctl.c checks bounds and applies side effects. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs/render.h"
#include "model/machine.h"

/* proc_get_long() copies a number into a buffer this big; a number that
 * fills it is refused, since it might continue past the copy. */
#define TMPBUFLEN 22

/* The trailers allowed after a number (proc_wspace_sep). */
static const char proc_wspace_sep[] = { ' ', '\t', '\n' };

/* Step over whitespace (proc_skip_spaces()). */
static void proc_skip_spaces(const char **p, size_t *left)
{
	while (*left && isspace((unsigned char)**p)) {
		(*p)++;
		(*left)--;
	}
}

/* Parse one number at *p (proc_get_long()): an optional '-', then digits
 * in base 0 (0x hex, leading-0 octal), followed by the end of the text or
 * a space, tab or newline. On success *p and *left move past it. */
static int proc_get_long(const char **p, size_t *left, unsigned long *val, bool *neg)
{
	char tmp[TMPBUFLEN], *s = tmp, *end;
	size_t len = *left < TMPBUFLEN - 1 ? *left : TMPBUFLEN - 1;

	memcpy(tmp, *p, len);
	tmp[len] = '\0';
	*neg = *s == '-' && *left > 1;
	if (*neg)
		s++;
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	*val = strtoul(s, &end, 0);
	if (errno == ERANGE)
		return -EINVAL;
	len = (size_t)(end - tmp);
	if (len == TMPBUFLEN - 1)
		return -EINVAL;
	if (len < *left && !memchr(proc_wspace_sep, *end, sizeof(proc_wspace_sep)))
		return -EINVAL;
	*p += len;
	*left -= len;
	return 0;
}

/* The value a parsed number stands for in a row of the given kind: an
 * int for int rows (do_proc_dointvec_conv()), an unsigned long with no
 * sign for unsigned long rows. */
static int proc_conv(enum ctl_kind kind, unsigned long mag, bool neg, long *val)
{
	if (kind == CTL_ULONG) {
		if (neg)
			return -EINVAL;
		*val = (long)mag;
	} else if (neg) {
		if (mag > (unsigned long)INT_MAX + 1)
			return -EINVAL;
		*val = -(long)mag;
	} else {
		if (mag > INT_MAX)
			return -EINVAL;
		*val = (long)mag;
	}
	return 0;
}

/* Parse up to max values as __do_proc_dointvec() does; *n counts those
 * parsed before any error. Text after the last wanted value is ignored;
 * text with no number at all is an error. */
static int proc_get_values(enum ctl_kind kind, const char *text, size_t len, long *vals,
			   int max, int *n)
{
	const char *p = text;
	size_t left = len < PAGE_SIZE - 1 ? len : PAGE_SIZE - 1;

	for (*n = 0; *n < max; (*n)++) {
		unsigned long mag;
		bool neg;
		int err;

		proc_skip_spaces(&p, &left);
		if (!left)
			break;
		err = proc_get_long(&p, &left, &mag, &neg);
		if (!err)
			err = proc_conv(kind, mag, neg, &vals[*n]);
		if (err)
			return err;
	}
	return *n ? 0 : -EINVAL;
}

/* Append the row's values: "%d" or "%lu", tab-separated, then "\n". */
static void show_sysctl_values(struct machine *m, const struct ctl_table *t, struct buf *out)
{
	for (int i = 0; i < t->maxlen; i++) {
		const char *sep = i ? "\t" : "";
		if (t->kind == CTL_ULONG)
			buf_printf(out, "%s%lu", sep, sysctl_ulong(m, t)[i]);
		else
			buf_printf(out, "%s%d", sep, sysctl_int(m, t)[i]);
	}
	buf_printf(out, "\n");
}

/* A read of /proc/sys/vm/<row>: the value(s), or nothing for a trigger. */
int show_sysctl(struct machine *m, long row, struct buf *out)
{
	const struct ctl_table *t = &vm_table[row];

	/* Write-only knobs refuse even root (sysctl_perm()). */
	if (!(t->mode & S_IRUSR))
		return -EACCES;
	switch (t->kind) {
	case CTL_STRING:
		buf_printf(out, "%s\n", sysctl_string(m, t));
		break;
	case CTL_TRIGGER:
		break;
	default:
		show_sysctl_values(m, t, out);
		break;
	}
	return 0;
}

/* A string or trigger write reaches its handler as the whole text, NUL
 * terminated as proc_sys_call_handler() hands it over. */
static int store_sysctl_text(struct machine *m, const struct ctl_table *t, const char *text,
			     size_t len)
{
	char kbuf[PAGE_SIZE];
	size_t n = len < sizeof(kbuf) - 1 ? len : sizeof(kbuf) - 1;

	memcpy(kbuf, text, n);
	kbuf[n] = '\0';
	return sysctl_set(m, t, NULL, 0, kbuf);
}

/* One write(2) to /proc/sys/vm/<row>: 0 or the kernel's errno; a
 * zero-length write of a number does nothing and succeeds. */
int store_sysctl(struct machine *m, long row, const char *text, size_t len, struct buf *reply)
{
	const struct ctl_table *t = &vm_table[row];
	long vals[MAX_NR_ZONES];
	int max = t->maxlen < MAX_NR_ZONES ? t->maxlen : MAX_NR_ZONES;
	int n, err;

	if (t->kind == CTL_STRING || t->kind == CTL_TRIGGER)
		return store_sysctl_text(m, t, text, len);
	if (!len)
		return 0;
	err = proc_get_values(t->kind, text, len, vals, max, &n);
	/* lowmem_reserve_ratio_sysctl_handler(), the one vector handler,
	 * ignores parse errors: the values before a bad one are applied and
	 * the write succeeds. */
	if (err && t->kind != CTL_INTVEC)
		return err;
	return sysctl_set(m, t, vals, n, NULL);
}
