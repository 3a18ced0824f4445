/* Config files (libconfig) and --set overrides -> struct mmsim_config.
 * Every value, from a file or the command line, goes through the same text
 * parser, so "4G" means the same in both; a file only adds a type check. */
#include "daemon/config.h"

#include <errno.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/parse.h"
#include "fs/render.h"
#include "model/sysctl.h"
#include "model/task.h"

#define RAM_MIN (64ULL << 20)
#define RAM_MAX (15ULL << 40)      /* pfns are 32-bit */
#define NODE_RAM_MIN (16ULL << 20)
#define SPEED_MAX 10000.0          /* beyond this the clock thread cannot keep up */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define TYPE(t) (1u << CONFIG_TYPE_##t)
#define TYPE_INTEGER (TYPE(INT) | TYPE(INT64))
#define TYPE_INT_OR_STRING (TYPE_INTEGER | TYPE(STRING))

static const char *const type_names[] = {
	[CONFIG_TYPE_NONE] = "nothing",    [CONFIG_TYPE_GROUP] = "a group",
	[CONFIG_TYPE_INT] = "an integer",  [CONFIG_TYPE_INT64] = "an integer",
	[CONFIG_TYPE_FLOAT] = "a float",   [CONFIG_TYPE_STRING] = "a string",
	[CONFIG_TYPE_BOOL] = "a boolean",  [CONFIG_TYPE_ARRAY] = "an array",
	[CONFIG_TYPE_LIST] = "a list",
};

static const char *const clock_words[] = {
	[SIM_CLOCK_MANUAL] = "manual", [SIM_CLOCK_REALTIME] = "realtime",
};

/* Format a message into why; always -1, so parsers can return it. */
static int __attribute__((format(printf, 3, 4))) fail(char *why, size_t len, const char *fmt,
						      ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* Host allocation failure aborts, as in fs/buf.c: a config half read
 * would boot a machine nobody asked for. */
static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p)
		abort();
	return p;
}

/* strdup that aborts, as xrealloc. */
static char *xstrdup(const char *s)
{
	return strcpy(xrealloc(NULL, strlen(s) + 1), s);
}

/* asprintf that aborts, as xrealloc. */
static char *__attribute__((format(printf, 1, 2))) xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

/* s without leading and trailing blanks, in place. */
static char *strip(char *s)
{
	s += strspn(s, " \t");
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* Spell bytes as the largest exact K/M/G/T multiple, as users write them. */
static const char *format_size(unsigned long long bytes, char *s, size_t len)
{
	static const char units[] = "KMGT";
	int u = 0;
	while (u < 4 && bytes && !(bytes & 1023)) {
		bytes >>= 10;
		u++;
	}
	if (u)
		snprintf(s, len, "%llu%c", bytes, units[u - 1]);
	else
		snprintf(s, len, "%llu", bytes);
	return s;
}

/* A size in [min, max] bytes, or -1 with the reason in why. */
static int parse_bytes(const char *text, unsigned long long min, unsigned long long max,
		       unsigned long long *out, char *why, size_t len)
{
	char lo[24], hi[24];
	int ret = parse_size(text, out);
	if (ret == -EINVAL)
		return fail(why, len, "\"%s\" is not a size (use 512M, 4G, 1T)", text);
	if (ret < 0 || *out < min || *out > max)
		return fail(why, len, "%s is out of range (%s..%s)", text,
			    format_size(min, lo, sizeof lo), format_size(max, hi, sizeof hi));
	return 0;
}

/* A count in [min, max], or -1 with the reason in why. */
static int parse_count(const char *text, unsigned long min, unsigned long max, int *out,
		       char *why, size_t len)
{
	unsigned long v;
	if (parse_ulong(text, &v) < 0 || v < min || v > max)
		return fail(why, len, "\"%s\" is not a number in %lu..%lu", text, min, max);
	*out = (int)v;
	return 0;
}

/* The index of text in words[0..n), or -1 with the choices in why. */
static int parse_word(const char *text, const char *const *words, int n, char *why,
		      size_t len)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(text, words[i]))
			return i;
	size_t at = (size_t)snprintf(why, len, "\"%s\" is not one of", text);
	for (int i = 0; i < n && at < len; i++)
		at += (size_t)snprintf(why + at, len - at, " %s", words[i]);
	return -1;
}

/* An even split of ram over nodes must give each node NODE_RAM_MIN. */
static int check_even_split(unsigned long long ram, int nodes, char *why, size_t len)
{
	char total[24], each[24];
	if (ram / (unsigned long long)nodes >= NODE_RAM_MIN)
		return 0;
	return fail(why, len, "%d nodes sharing %s get %s each, below 16M", nodes,
		    format_size(ram, total, sizeof total),
		    format_size(ram / (unsigned long long)nodes, each, sizeof each));
}

/* ram: the machine's RAM, split evenly over its nodes from now on. */
static int parse_ram(struct mmsim_config *c, const char *text, char *why, size_t len)
{
	unsigned long long ram;
	if (parse_bytes(text, RAM_MIN, RAM_MAX, &ram, why, len) ||
	    check_even_split(ram, c->params.nr_nodes, why, len))
		return -1;
	c->params.ram_bytes = ram;
	memset(c->params.node_ram_bytes, 0, sizeof c->params.node_ram_bytes);
	return 0;
}

/* cpus: 1..MAX_CPUS. */
static int parse_cpus(struct mmsim_config *c, const char *text, char *why, size_t len)
{
	return parse_count(text, 1, MAX_CPUS, &c->params.nr_cpus, why, len);
}

/* nodes: the NUMA node count, sharing the RAM evenly from now on. */
static int parse_nodes(struct mmsim_config *c, const char *text, char *why, size_t len)
{
	int nodes = 0;
	if (parse_count(text, 1, MAX_NUMNODES, &nodes, why, len) ||
	    check_even_split(c->params.ram_bytes, nodes, why, len))
		return -1;
	c->params.nr_nodes = nodes;
	memset(c->params.node_ram_bytes, 0, sizeof c->params.node_ram_bytes);
	return 0;
}

/* thp: the word transparent_hugepage/enabled starts with. */
static int parse_thp(struct mmsim_config *c, const char *text, char *why, size_t len)
{
	int e = parse_word(text, thp_enabled_words, NR_THP_ENABLED, why, len);
	if (e < 0)
		return -1;
	c->params.thp_enabled = (enum thp_enabled)e;
	return 0;
}

/* seed: any unsigned 64-bit number. */
static int parse_seed(struct mmsim_config *c, const char *text, char *why, size_t len)
{
	unsigned long seed;
	if (parse_ulong(text, &seed) < 0)
		return fail(why, len, "\"%s\" is not an unsigned number", text);
	c->params.seed = seed;
	return 0;
}

/* aslr: true or false (also on/off, 1/0). */
static int parse_aslr(struct mmsim_config *c, const char *text, char *why, size_t len)
{
	static const char *const words[] = {"false", "true", "off", "on", "0", "1"};
	int w = parse_word(text, words, ARRAY_SIZE(words), why, len);
	if (w < 0)
		return -1;
	c->params.randomize_va_space = w % 2;
	return 0;
}

/* node_ram: "3G,1G", each node's RAM; it sets the node count and the total. */
static int parse_node_ram(struct mmsim_config *c, const char *text, char *why, size_t len)
{
	unsigned long long node_ram[MAX_NUMNODES], sum = 0;
	char entry[64], total[24], lo[24], hi[24];
	int n = 0;
	for (const char *p = text;; p++) {
		size_t span = strcspn(p, ",");
		if (n == MAX_NUMNODES)
			return fail(why, len, "more than %d nodes", MAX_NUMNODES);
		if (span >= sizeof entry)
			return fail(why, len, "\"%.*s\" is not a size", (int)span, p);
		memcpy(entry, p, span);
		entry[span] = '\0';
		if (parse_bytes(strip(entry), NODE_RAM_MIN, RAM_MAX, &node_ram[n], why, len))
			return -1;
		sum += node_ram[n++];
		p += span;
		if (!*p)
			break;
	}
	if (sum < RAM_MIN || sum > RAM_MAX)
		return fail(why, len, "the nodes add up to %s, out of range (%s..%s)",
			    format_size(sum, total, sizeof total),
			    format_size(RAM_MIN, lo, sizeof lo), format_size(RAM_MAX, hi, sizeof hi));
	memset(c->params.node_ram_bytes, 0, sizeof c->params.node_ram_bytes);
	memcpy(c->params.node_ram_bytes, node_ram, (size_t)n * sizeof node_ram[0]);
	c->params.nr_nodes = n;
	c->params.ram_bytes = sum;
	return 0;
}

/* clock: manual or realtime. */
static int parse_clock(struct mmsim_config *c, const char *text, char *why, size_t len)
{
	int mode = parse_word(text, clock_words, ARRAY_SIZE(clock_words), why, len);
	if (mode < 0)
		return -1;
	c->clock = (enum sim_clock_mode)mode;
	return 0;
}

/* speed: simulated seconds per wall second, in (0, SPEED_MAX]. */
static int parse_speed(struct mmsim_config *c, const char *text, char *why, size_t len)
{
	char *end;
	double speed = strtod(text, &end);
	if (end == text || *end || !(speed > 0 && speed <= SPEED_MAX))
		return fail(why, len, "\"%s\" is not a speed above 0 and at most %g", text,
			    SPEED_MAX);
	c->speed = speed;
	return 0;
}

/* A setting's parser: apply text to c, or leave c as it was and return -1
 * with the reason in why. */
typedef int (*parse_fn)(struct mmsim_config *c, const char *text, char *why, size_t len);

/* One setting: where a file puts it, how --set spells it, what it holds. */
struct config_key {
	const char *group;
	const char *name;
	const char *set_key;
	unsigned int types; /* libconfig types a file may use, as TYPE() bits */
	const char *expect; /* those types, for messages */
	parse_fn parse;
};

/* node_ram comes after ram and nodes: a file is applied in this order, and
 * node_ram then sets both (check_node_ram makes sure they agreed). */
static const struct config_key config_keys[] = {
	{ "machine", "ram", "ram", TYPE_INT_OR_STRING, "a size", parse_ram },
	{ "machine", "cpus", "cpus", TYPE_INTEGER, "an integer", parse_cpus },
	{ "machine", "nodes", "nodes", TYPE_INTEGER, "an integer", parse_nodes },
	{ "machine", "thp", "thp", TYPE(STRING), "a string", parse_thp },
	{ "machine", "seed", "seed", TYPE_INTEGER, "an integer", parse_seed },
	{ "machine", "aslr", "aslr", TYPE(BOOL) | TYPE(STRING), "true or false", parse_aslr },
	{ "machine", "node_ram", "node_ram", TYPE(ARRAY) | TYPE(LIST), "a list of sizes",
	  parse_node_ram },
	{ "clock", "mode", "clock", TYPE(STRING), "a string", parse_clock },
	{ "clock", "speed", "speed", TYPE_INTEGER | TYPE(FLOAT), "a number", parse_speed },
};

/* Record a vm sysctl to write after boot, replacing an earlier setting of the
 * same knob. Action knobs (drop_caches, compact_memory, stat_refresh) do
 * something rather than hold a setting, so a config may not name them. */
static int add_sysctl(struct mmsim_config *c, const char *name, const char *value,
		      const char *origin, char *why, size_t len)
{
	const struct ctl_table *t = sysctl_find(name);
	if (!t)
		return fail(why, len, "no such knob in /proc/sys/vm");
	if (t->kind == CTL_TRIGGER || !(t->mode & 0444))
		return fail(why, len, "%s is an action, not a setting", name);
	long row = (long)(t - vm_table);
	struct config_sysctl *s = c->sysctls;
	while (s < c->sysctls + c->nr_sysctls && s->row != row)
		s++;
	if (s == c->sysctls + c->nr_sysctls) {
		c->sysctls = xrealloc(c->sysctls, (c->nr_sysctls + 1) * sizeof *s);
		s = &c->sysctls[c->nr_sysctls++];
	} else {
		free(s->value);
		free(s->origin);
	}
	s->row = row;
	s->value = xstrdup(value);
	s->origin = xstrdup(origin);
	return 0;
}

/* The names a group (NULL: --set) accepts, for "unknown setting" messages. */
static const char *list_keys(const char *group, char *s, size_t len)
{
	size_t at = 0;
	s[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(config_keys) && at < len; i++) {
		const struct config_key *k = &config_keys[i];
		if (group && strcmp(group, k->group))
			continue;
		at += (size_t)snprintf(s + at, len - at, "%s%s", at ? ", " : "",
				       group ? k->name : k->set_key);
	}
	if (!group && at < len)
		snprintf(s + at, len - at, ", vm.<knob>");
	return s;
}

/* The key a group's member name (or, with group NULL, a --set key) names. */
static const struct config_key *find_key(const char *group, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(config_keys); i++) {
		const struct config_key *k = &config_keys[i];
		if (group ? !strcmp(group, k->group) && !strcmp(name, k->name)
			  : !strcmp(name, k->set_key))
			return k;
	}
	return NULL;
}

/* Is s of one of the TYPE() bits in types? */
static bool type_in(unsigned int types, const config_setting_t *s)
{
	return types & (1u << config_setting_type(s));
}

/* A scalar integer, float or string as --set would spell it; an array or
 * list of integers and strings joined with commas. malloc'd, or NULL when a
 * value has no text form (a group, a boolean, a nested list). */
static char *setting_text(const config_setting_t *s)
{
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
		return xasprintf("%d", config_setting_get_int(s));
	case CONFIG_TYPE_INT64:
		return xasprintf("%lld", config_setting_get_int64(s));
	case CONFIG_TYPE_FLOAT:
		return xasprintf("%.17g", config_setting_get_float(s));
	case CONFIG_TYPE_STRING:
		return xstrdup(config_setting_get_string(s));
	case CONFIG_TYPE_BOOL:
		return xstrdup(config_setting_get_bool(s) ? "true" : "false");
	case CONFIG_TYPE_ARRAY:
	case CONFIG_TYPE_LIST:
		break;
	default:
		return NULL;
	}
	struct buf joined = BUF_INIT;
	buf_write(&joined, "", 0);
	for (int i = 0; i < config_setting_length(s); i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned int)i);
		char *t = type_in(TYPE_INT_OR_STRING, e) ? setting_text(e) : NULL;
		if (!t || strchr(t, ',')) {
			free(t);
			buf_free(&joined);
			return NULL;
		}
		buf_printf(&joined, "%s%s", i ? "," : "", t);
		free(t);
	}
	return joined.data;
}

/* "file:line" of a setting, for messages. */
static const char *setting_where(const config_setting_t *s, const char *path, char *where,
				 size_t len)
{
	const char *file = config_setting_source_file(s);
	snprintf(where, len, "%s:%u", file ? file : path, config_setting_source_line(s));
	return where;
}

/* Apply one file setting s through key k; -1 with "file:line: group.name:
 * reason" in err. */
static int load_key(struct mmsim_config *c, const struct config_key *k,
		    const config_setting_t *s, const char *path, char *err, size_t errlen)
{
	char where[4096 + 16], why[256];
	bool typed = type_in(k->types, s);
	char *text = typed ? setting_text(s) : NULL;
	int ret = 0;
	if (!typed)
		snprintf(why, sizeof why, "expected %s, got %s", k->expect,
			 type_names[config_setting_type(s)]);
	else if (!text)
		snprintf(why, sizeof why, "expected %s; each entry an integer or a string "
			 "without commas", k->expect);
	if (!text || k->parse(c, text, why, sizeof why))
		ret = fail(err, errlen, "%s: %s.%s: %s", setting_where(s, path, where, sizeof where),
			   k->group, k->name, why);
	free(text);
	return ret;
}

/* Refuse members of group s that no key of the group knows (typos must not
 * pass silently), then apply the others in config_keys order. */
static int load_keys(struct mmsim_config *c, const config_setting_t *s, const char *path,
		     char *err, size_t errlen)
{
	const char *group = config_setting_name(s);
	char where[4096 + 16], names[256];
	for (int i = 0; i < config_setting_length(s); i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned int)i);
		if (!find_key(group, config_setting_name(e)))
			return fail(err, errlen, "%s: %s.%s: unknown setting (%s takes %s)",
				    setting_where(e, path, where, sizeof where), group,
				    config_setting_name(e), group, list_keys(group, names,
									     sizeof names));
	}
	for (size_t i = 0; i < ARRAY_SIZE(config_keys); i++) {
		const struct config_key *k = &config_keys[i];
		const config_setting_t *e;
		if (strcmp(k->group, group) || !(e = config_setting_get_member(s, k->name)))
			continue;
		if (load_key(c, k, e, path, err, errlen))
			return -1;
	}
	return 0;
}

/* In a file, node_ram must agree with ram and nodes when those are given too:
 * the sizes must add up to ram, one per node. */
static int check_node_ram(const struct mmsim_config *c, const config_setting_t *machine,
			  const char *path, char *err, size_t errlen)
{
	const config_setting_t *node_ram = config_setting_get_member(machine, "node_ram");
	const config_setting_t *ram = config_setting_get_member(machine, "ram");
	const config_setting_t *nodes = config_setting_get_member(machine, "nodes");
	char where[4096 + 16], sum[24];
	unsigned long long ram_bytes = 0;
	if (!node_ram)
		return 0;
	setting_where(node_ram, path, where, sizeof where);
	if (nodes && config_setting_get_int64(nodes) != c->params.nr_nodes)
		return fail(err, errlen, "%s: machine.node_ram: %d sizes for %lld nodes", where,
			    c->params.nr_nodes, config_setting_get_int64(nodes));
	if (!ram)
		return 0;
	char *text = setting_text(ram); /* load_keys parsed it already */
	parse_size(text, &ram_bytes);
	int ret = 0;
	if (ram_bytes != c->params.ram_bytes)
		ret = fail(err, errlen, "%s: machine.node_ram: the nodes add up to %s, not ram = %s",
			   where, format_size(c->params.ram_bytes, sum, sizeof sum), text);
	free(text);
	return ret;
}

/* machine = { ... }: its keys, then node_ram's agreement with them. */
static int load_machine(struct mmsim_config *c, const config_setting_t *s, const char *path,
			char *err, size_t errlen)
{
	return load_keys(c, s, path, err, errlen) || check_node_ram(c, s, path, err, errlen)
		? -1 : 0;
}

/* sysctl = { name = value; ... }: knobs are checked now, values at boot. */
static int load_sysctls(struct mmsim_config *c, const config_setting_t *s, const char *path,
			char *err, size_t errlen)
{
	char where[4096 + 16], why[256];
	for (int i = 0; i < config_setting_length(s); i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned int)i);
		int type = config_setting_type(e);
		char *text = type_in(TYPE_INT_OR_STRING, e) ? setting_text(e) : NULL;
		char *origin = xasprintf("%s: sysctl.%s",
					 setting_where(e, path, where, sizeof where),
					 config_setting_name(e));
		if (!text)
			snprintf(why, sizeof why, "expected an integer or a string, got %s",
				 type_names[type]);
		int ret = !text || add_sysctl(c, config_setting_name(e), text, origin, why,
					      sizeof why);
		if (ret)
			fail(err, errlen, "%s: %s", origin, why);
		free(text);
		free(origin);
		if (ret)
			return -1;
	}
	return 0;
}

/* One entry of processes = ( { name = ...; uid = ...; image = ...; } ): a
 * process to start at boot. Returns -1 with "file:line: ..." in err. */
static int load_process(struct mmsim_config *c, const config_setting_t *e, const char *path,
			char *err, size_t errlen)
{
	char where[4096 + 16];
	const char *name = NULL, *image = NULL;
	int uid = 0;
	setting_where(e, path, where, sizeof where);
	if (!config_setting_is_group(e))
		return fail(err, errlen, "%s: processes: each entry is a group { name = ...; }",
			    where);
	for (int i = 0; i < config_setting_length(e); i++) {
		const char *key = config_setting_name(config_setting_get_elem(e, (unsigned int)i));
		if (strcmp(key, "name") && strcmp(key, "uid") && strcmp(key, "image"))
			return fail(err, errlen, "%s: processes.%s: unknown setting (name, uid, image)",
				    where, key);
	}
	if (!config_setting_lookup_string(e, "name", &name) || !*name || strchr(name, '/'))
		return fail(err, errlen, "%s: processes.name: a process needs a name without '/'",
			    where);
	const config_setting_t *u = config_setting_get_member(e, "uid");
	if (u && (!type_in(TYPE_INTEGER, u) || (uid = config_setting_get_int(u)) < 0))
		return fail(err, errlen, "%s: processes.uid: expected a user id >= 0", where);
	const config_setting_t *img = config_setting_get_member(e, "image");
	if (img && (!config_setting_lookup_string(e, "image", &image) || image[0] != '/'))
		return fail(err, errlen, "%s: processes.image: expected an absolute path", where);
	c->processes = xrealloc(c->processes, (c->nr_processes + 1) * sizeof(*c->processes));
	c->processes[c->nr_processes++] = (struct config_process){
		xstrdup(name), image ? xstrdup(image) : NULL, (unsigned int)uid, xstrdup(where)};
	return 0;
}

/* processes = ( ... ): started after init, in order. */
static int load_processes(struct mmsim_config *c, const config_setting_t *s, const char *path,
			  char *err, size_t errlen)
{
	for (int i = 0; i < config_setting_length(s); i++)
		if (load_process(c, config_setting_get_elem(s, (unsigned int)i), path, err, errlen))
			return -1;
	return 0;
}

/* The top-level settings and their loaders: groups, and one list. */
static const struct config_group {
	const char *name;
	int (*load)(struct mmsim_config *c, const config_setting_t *s, const char *path,
		    char *err, size_t errlen);
	bool list;
} config_groups[] = {
	{ "machine", load_machine, false },
	{ "clock", load_keys, false },
	{ "sysctl", load_sysctls, false },
	{ "processes", load_processes, true },
};

/* Dispatch each top-level setting to its group's loader. */
static int load_root(struct mmsim_config *c, const config_setting_t *root, const char *path,
		     char *err, size_t errlen)
{
	char where[4096 + 16];
	for (int i = 0; i < config_setting_length(root); i++) {
		const config_setting_t *s = config_setting_get_elem(root, (unsigned int)i);
		const char *name = config_setting_name(s);
		size_t g = 0;
		while (g < ARRAY_SIZE(config_groups) &&
		       strcmp(name, config_groups[g].name))
			g++;
		setting_where(s, path, where, sizeof where);
		if (g == ARRAY_SIZE(config_groups))
			return fail(err, errlen,
				    "%s: %s: unknown group (machine, clock, sysctl, processes)",
				    where, name);
		if (config_groups[g].list && !config_setting_is_list(s))
			return fail(err, errlen, "%s: %s: expected a list ( ... ), got %s", where,
				    name, type_names[config_setting_type(s)]);
		if (!config_groups[g].list && !config_setting_is_group(s))
			return fail(err, errlen, "%s: %s: expected a group { ... }, got %s", where,
				    name, type_names[config_setting_type(s)]);
		if (config_groups[g].load(c, s, path, err, errlen))
			return -1;
	}
	return 0;
}

/* See config.h for the public functions' contracts. */
void config_defaults(struct mmsim_config *c)
{
	memset(c, 0, sizeof *c);
	machine_params_default(&c->params);
	c->clock = SIM_CLOCK_REALTIME;
	c->speed = 1.0;
}

int config_load(struct mmsim_config *c, const char *path, char *err, size_t errlen)
{
	config_t cfg;
	config_init(&cfg);
	errno = 0;
	int ret = 0;
	if (!config_read_file(&cfg, path)) {
		if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
			ret = fail(err, errlen, "%s: %s", path,
				   errno ? strerror(errno) : config_error_text(&cfg));
		else
			ret = fail(err, errlen, "%s:%d: %s",
				   config_error_file(&cfg) ? config_error_file(&cfg) : path,
				   config_error_line(&cfg), config_error_text(&cfg));
	} else {
		ret = load_root(c, config_root_setting(&cfg), path, err, errlen);
	}
	config_destroy(&cfg);
	return ret;
}

int config_set(struct mmsim_config *c, const char *key_eq_value, char *err, size_t errlen)
{
	const char *eq = strchr(key_eq_value, '=');
	char key[128], why[256], names[256];
	if (!eq || eq == key_eq_value)
		return fail(err, errlen, "--set %s: expected KEY=VALUE", key_eq_value);
	/* A longer key is cut, and so names nothing. */
	snprintf(key, sizeof key, "%.*s", (int)(eq - key_eq_value), key_eq_value);
	if (!strncmp(key, "vm.", 3)) {
		char *origin = xasprintf("--set: %s", key);
		int ret = add_sysctl(c, key + 3, eq + 1, origin, why, sizeof why);
		if (ret)
			fail(err, errlen, "%s: %s", origin, why);
		free(origin);
		return ret;
	}
	const struct config_key *k = find_key(NULL, key);
	if (!k)
		return fail(err, errlen, "--set: %s: unknown setting (--set takes %s)", key,
			    list_keys(NULL, names, sizeof names));
	if (k->parse(c, eq + 1, why, sizeof why))
		return fail(err, errlen, "--set: %s: %s", key, why);
	return 0;
}

int config_apply_sysctls(const struct mmsim_config *c, struct machine *m, char *err,
			 size_t errlen)
{
	for (size_t i = 0; i < c->nr_sysctls; i++) {
		const struct config_sysctl *s = &c->sysctls[i];
		struct buf reply = BUF_INIT;
		int ret = store_sysctl(m, s->row, s->value, strlen(s->value), &reply);
		buf_free(&reply);
		if (ret < 0)
			return fail(err, errlen, "%s: \"%s\" rejected: %s", s->origin, s->value,
				    strerror(-ret));
	}
	return 0;
}

void config_free(struct mmsim_config *c)
{
	for (size_t i = 0; i < c->nr_sysctls; i++) {
		free(c->sysctls[i].value);
		free(c->sysctls[i].origin);
	}
	free(c->sysctls);
	c->sysctls = NULL;
	c->nr_sysctls = 0;
	for (size_t i = 0; i < c->nr_processes; i++) {
		free(c->processes[i].name);
		free(c->processes[i].image);
		free(c->processes[i].origin);
	}
	free(c->processes);
	c->processes = NULL;
	c->nr_processes = 0;
}

int config_start_processes(const struct mmsim_config *c, struct machine *m, char *err,
			   size_t errlen)
{
	for (size_t i = 0; i < c->nr_processes; i++) {
		const struct config_process *p = &c->processes[i];
		int pid = task_spawn(m, p->name, p->image, p->uid, 1);
		if (pid < 0)
			return fail(err, errlen, "%s: processes: cannot start %s: %s", p->origin,
				    p->name, strerror(-pid));
	}
	return 0;
}
