/* sysfs: /sys/kernel/mm/transparent_hugepage (mm/huge_memory.c,
 * mm/shmem.c) and the node masks of /sys/devices/system/node
 * (drivers/base/node.c), in the kernel's formats. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include "fs/render.h"
#include "model/hugetlb.h"
#include "model/machine.h"

/* Node distances when firmware gives no SLIT table (LOCAL/REMOTE_DISTANCE). */
#define LOCAL_DISTANCE 10
#define REMOTE_DISTANCE 20

/* shmem_enabled_store() copies a write into a 16-byte buffer. */
#define SHMEM_ENABLED_MAX 15

const char *const thp_enabled_words[NR_THP_ENABLED] = {
	[THP_ALWAYS] = "always", [THP_MADVISE] = "madvise", [THP_NEVER] = "never",
};

static const char *const thp_defrag_words[NR_THP_DEFRAG] = {
	[THP_DEFRAG_ALWAYS] = "always",
	[THP_DEFRAG_DEFER] = "defer",
	[THP_DEFRAG_DEFER_MADVISE] = "defer+madvise",
	[THP_DEFRAG_MADVISE] = "madvise",
	[THP_DEFRAG_NEVER] = "never",
};

static const char *const shmem_huge_words[NR_SHMEM_HUGE] = {
	[SHMEM_HUGE_ALWAYS] = "always", [SHMEM_HUGE_WITHIN_SIZE] = "within_size",
	[SHMEM_HUGE_ADVISE] = "advise", [SHMEM_HUGE_NEVER] = "never",
	[SHMEM_HUGE_DENY] = "deny",     [SHMEM_HUGE_FORCE] = "force",
};

/* One line listing every choice, the active one in brackets. */
static void show_choices(struct buf *out, const char *const *words, int n, int active)
{
	for (int i = 0; i < n; i++)
		buf_printf(out, i == active ? "%s[%s]" : "%s%s", i ? " " : "", words[i]);
	buf_printf(out, "\n");
}

/* sysfs_streq(): equal strings, where one trailing newline on either side
 * is ignored. */
static bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	return *s1 == '\n' && !s1[1] && !*s2;
}

/* The index of the word buf names (__sysfs_match_string()), or -EINVAL. */
static int sysfs_match_string(const char *const *words, int n, const char *buf)
{
	for (int i = 0; i < n; i++)
		if (sysfs_streq(buf, words[i]))
			return i;
	return -EINVAL;
}

/* kstrtoul(s, 10, res): an optional '+', decimal digits, at most one
 * trailing newline and nothing else. -ERANGE past ULONG_MAX. */
static int kstrtoul_dec(const char *s, unsigned long *res)
{
	unsigned long v = 0;
	bool overflow = false;
	const char *p;

	if (*s == '+')
		s++;
	for (p = s; *p >= '0' && *p <= '9'; p++) {
		unsigned long digit = (unsigned long)(*p - '0');
		if (v > (ULONG_MAX - digit) / 10)
			overflow = true;
		v = v * 10 + digit;
	}
	if (overflow)
		return -ERANGE;
	if (p == s)
		return -EINVAL;
	if (*p == '\n')
		p++;
	if (*p)
		return -EINVAL;
	*res = v;
	return 0;
}

/* kstrtobool(): y/Y/t/T/1 or n/N/f/F/0 by the first character, or
 * on/off by the first two; the rest of the text is not looked at. */
static int kstrtobool(const char *s, bool *res)
{
	if (s[0] && strchr("yYtT1", s[0]))
		*res = true;
	else if (s[0] && strchr("nNfF0", s[0]))
		*res = false;
	else if ((s[0] == 'o' || s[0] == 'O') && s[1] && strchr("nNfF", s[1]))
		*res = s[1] == 'n' || s[1] == 'N';
	else
		return -EINVAL;
	return 0;
}

/* single_hugepage_flag_store(): "0" or "1". */
static int store_thp_flag(bool *flag, const char *buf)
{
	unsigned long v;
	int err = kstrtoul_dec(buf, &v);

	if (err)
		return err;
	if (v > 1)
		return -EINVAL;
	*flag = v;
	return 0;
}

/* A read of a transparent_hugepage file. */
int show_thp(struct machine *m, long file, struct buf *out)
{
	switch ((enum thp_file)file) {
	case THP_FILE_ENABLED:
		show_choices(out, thp_enabled_words, NR_THP_ENABLED, m->thp.enabled);
		break;
	case THP_FILE_DEFRAG:
		show_choices(out, thp_defrag_words, NR_THP_DEFRAG, m->thp.defrag);
		break;
	case THP_FILE_SHMEM_ENABLED:
		show_choices(out, shmem_huge_words, NR_SHMEM_HUGE, m->thp.shmem_enabled);
		break;
	case THP_FILE_USE_ZERO_PAGE:
		buf_printf(out, "%d\n", m->thp.use_zero_page);
		break;
	case THP_FILE_SHRINK_UNDERUSED:
		buf_printf(out, "%d\n", m->thp.shrink_underused);
		break;
	case THP_FILE_HPAGE_PMD_SIZE:
		buf_printf(out, "%lu\n", HPAGE_PMD_NR * PAGE_SIZE);
		break;
	default:
		return -ENOENT;
	}
	return 0;
}

/* shmem_enabled_store(): short words only, one trailing newline dropped. */
static int store_shmem_enabled(struct machine *m, const char *buf, size_t len)
{
	int huge;

	if (len > SHMEM_ENABLED_MAX)
		return -EINVAL;
	huge = sysfs_match_string(shmem_huge_words, NR_SHMEM_HUGE, buf);
	if (huge < 0)
		return huge;
	m->thp.shmem_enabled = (enum shmem_huge)huge;
	return 0;
}

/* A write to a transparent_hugepage file: 0, or EINVAL (ERANGE) for text
 * the kernel refuses, which then changes nothing. */
int store_thp(struct machine *m, long file, const char *text, size_t len, struct buf *reply)
{
	/* kernfs hands a store at most a page, NUL terminated. */
	char buf[PAGE_SIZE + 1];
	size_t n = len < PAGE_SIZE ? len : PAGE_SIZE;
	int i;

	memcpy(buf, text, n);
	buf[n] = '\0';
	switch ((enum thp_file)file) {
	case THP_FILE_ENABLED:
		i = sysfs_match_string(thp_enabled_words, NR_THP_ENABLED, buf);
		if (i < 0)
			return i;
		thp_set_enabled(m, (enum thp_enabled)i);
		return 0;
	case THP_FILE_DEFRAG:
		i = sysfs_match_string(thp_defrag_words, NR_THP_DEFRAG, buf);
		if (i < 0)
			return i;
		m->thp.defrag = (enum thp_defrag)i;
		return 0;
	case THP_FILE_SHMEM_ENABLED:
		return store_shmem_enabled(m, buf, n);
	case THP_FILE_USE_ZERO_PAGE:
		return store_thp_flag(&m->thp.use_zero_page, buf);
	case THP_FILE_SHRINK_UNDERUSED:
		return kstrtobool(buf, &m->thp.shrink_underused);
	default:
		return -EACCES;
	}
}

/* Does node nid belong to the node_states[] mask? Boot sets N_MEMORY for
 * nodes with present pages and N_NORMAL_MEMORY for those with some below
 * ZONE_MOVABLE (check_for_memory()); every modeled node is online. */
static bool node_state(const struct machine *m, int nid, enum node_state state)
{
	const struct pglist_data *pgdat = m->node_data[nid];

	switch (state) {
	case N_NORMAL_MEMORY:
		for (int i = 0; i <= ZONE_NORMAL; i++)
			if (populated_zone(&pgdat->node_zones[i]))
				return true;
		return false;
	case N_MEMORY:
		return pgdat->node_present_pages != 0;
	case N_CPU:
		return pgdat->nr_cpus > 0;
	default:
		return true;
	}
}

/* Mark the CPUs of node nid in bits[0..nr_cpus). */
static void node_cpus(const struct machine *m, int nid, bool *bits)
{
	const struct pglist_data *pgdat = m->node_data[nid];

	memset(bits, 0, (size_t)m->nr_cpus * sizeof(*bits));
	for (int cpu = pgdat->first_cpu; cpu < pgdat->first_cpu + pgdat->nr_cpus; cpu++)
		bits[cpu] = true;
}

/* /sys/devices/system/node/{possible,online,has_*}: a node list. */
int show_node_state(struct machine *m, long state, struct buf *out)
{
	bool nodes[MAX_NUMNODES];

	for (int nid = 0; nid < m->nr_nodes; nid++)
		nodes[nid] = node_state(m, nid, (enum node_state)state);
	buf_bitmap_list(out, nodes, m->nr_nodes);
	buf_printf(out, "\n");
	return 0;
}

/* nodeN/cpulist: the node's CPUs as a list, e.g. "0-3". */
int show_node_cpulist(struct machine *m, long nid, struct buf *out)
{
	bool cpus[MAX_CPUS];

	node_cpus(m, (int)nid, cpus);
	buf_bitmap_list(out, cpus, m->nr_cpus);
	buf_printf(out, "\n");
	return 0;
}

/* nodeN/cpumap: the node's CPUs as a hex mask nr_cpu_ids bits wide. */
int show_node_cpumap(struct machine *m, long nid, struct buf *out)
{
	bool cpus[MAX_CPUS];

	node_cpus(m, (int)nid, cpus);
	buf_bitmap_hex(out, cpus, m->nr_cpus);
	buf_printf(out, "\n");
	return 0;
}

/* nodeN/distance: the distance to every node, space-separated. */
int show_node_distance(struct machine *m, long nid, struct buf *out)
{
	for (int i = 0; i < m->nr_nodes; i++)
		buf_printf(out, "%s%d", i ? " " : "", i == nid ? LOCAL_DISTANCE : REMOTE_DISTANCE);
	buf_printf(out, "\n");
	return 0;
}
