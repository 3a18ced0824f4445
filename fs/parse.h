/* Parsing of the numbers users type into sim/ctl, configs and --set. */
#ifndef MMSIM_PARSE_H
#define MMSIM_PARSE_H

/* A byte count: decimal digits with an optional K, M, G, T or P suffix
 * (powers of 1024, either case, an optional trailing "B" or "iB").
 * 0 or -EINVAL (not a size), -ERANGE (above 2^64-1). */
int parse_size(const char *s, unsigned long long *out);

/* An unsigned number in base 0 (decimal, 0x hex, 0 octal), whole string.
 * 0, -EINVAL or -ERANGE. */
int parse_ulong(const char *s, unsigned long *out);

/* An address: hexadecimal with or without "0x", whole string.
 * 0, -EINVAL or -ERANGE. */
int parse_hex(const char *s, unsigned long *out);

#endif
