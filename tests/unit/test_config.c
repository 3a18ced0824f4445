/* daemon/config.c: the shipped configs, bad configs and their messages,
 * --set overrides, and sysctls applied to a booted machine. */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/config.h"
#include "model/machine.h"
#include "model/mm.h"
#include "model/task.h"
#include "tests/unit/suites.h"

#define SHIPPED_DIR MMSIM_SOURCE_DIR "/config/"
#define BAD_DIR MMSIM_SOURCE_DIR "/tests/unit/configs/"

#define GiB (1ULL << 30)

/* What each shipped scenario says its machine is. */
static const struct {
	const char *file;
	unsigned long long ram;
	int nodes, cpus;
	enum thp_enabled thp;
} shipped[] = {
	{ "default.cfg", 4 * GiB, 1, 2, THP_MADVISE },
	{ "small-512m.cfg", GiB / 2, 1, 1, THP_MADVISE },
	{ "numa-64g.cfg", 64 * GiB, 2, 16, THP_NEVER },
	{ "big-1t.cfg", 1024 * GiB, 4, 64, THP_ALWAYS },
};

#define NR_SHIPPED (sizeof shipped / sizeof shipped[0])

/* A config read from path over the defaults; CU failure if it is refused. */
static void load_ok(struct mmsim_config *c, const char *path)
{
	char err[512] = "";
	config_defaults(c);
	int ret = config_load(c, path, err, sizeof err);
	if (ret)
		fprintf(stderr, "\n%s\n", err);
	CU_ASSERT_EQUAL(ret, 0);
}

/* Write text to a fresh temporary file; returns its malloc'd path. */
static char *write_temp(const char *text, size_t len)
{
	char *path = strdup("/tmp/mmsim-config-XXXXXX");
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, text, len) == (ssize_t)len);
	close(fd);
	return path;
}

static void test_shipped_configs_load(void)
{
	for (size_t i = 0; i < NR_SHIPPED; i++) {
		char path[4096];
		struct mmsim_config c;
		snprintf(path, sizeof path, SHIPPED_DIR "%s", shipped[i].file);
		load_ok(&c, path);
		CU_ASSERT_EQUAL(c.params.ram_bytes, shipped[i].ram);
		CU_ASSERT_EQUAL(c.params.nr_nodes, shipped[i].nodes);
		CU_ASSERT_EQUAL(c.params.nr_cpus, shipped[i].cpus);
		CU_ASSERT_EQUAL(c.params.thp_enabled, shipped[i].thp);
		CU_ASSERT_EQUAL(c.clock, SIM_CLOCK_REALTIME);
		config_free(&c);
	}
}

/* default.cfg documents the built-in defaults: reading it changes nothing. */
static void test_default_cfg_is_builtin(void)
{
	struct mmsim_config builtin, file;
	config_defaults(&builtin);
	load_ok(&file, SHIPPED_DIR "default.cfg");
	CU_ASSERT_EQUAL(builtin.params.ram_bytes, file.params.ram_bytes);
	CU_ASSERT_EQUAL(builtin.params.nr_nodes, file.params.nr_nodes);
	CU_ASSERT_EQUAL(memcmp(builtin.params.node_ram_bytes, file.params.node_ram_bytes,
			       sizeof file.params.node_ram_bytes), 0);
	CU_ASSERT_EQUAL(builtin.params.nr_cpus, file.params.nr_cpus);
	CU_ASSERT_EQUAL(builtin.params.thp_enabled, file.params.thp_enabled);
	CU_ASSERT_EQUAL(builtin.params.seed, file.params.seed);
	CU_ASSERT_EQUAL(builtin.clock, file.clock);
	CU_ASSERT_EQUAL(builtin.speed, file.speed);
	CU_ASSERT_EQUAL(file.nr_sysctls, 0);
	config_free(&file);
	config_free(&builtin);
}

/* Every shipped sysctl is a value the kernel's write path accepts. */
static void test_shipped_sysctls_apply(void)
{
	for (size_t i = 0; i < NR_SHIPPED; i++) {
		char path[4096], err[512] = "";
		struct mmsim_config c;
		snprintf(path, sizeof path, SHIPPED_DIR "%s", shipped[i].file);
		load_ok(&c, path);
		struct machine *m = test_machine(GiB, c.params.nr_nodes, 4);
		int ret = config_apply_sysctls(&c, m, err, sizeof err);
		if (ret)
			fprintf(stderr, "\n%s\n", err);
		CU_ASSERT_EQUAL(ret, 0);
		if (!strcmp(shipped[i].file, "numa-64g.cfg")) {
			CU_ASSERT_EQUAL(m->vm.swappiness, 10);
			CU_ASSERT_EQUAL(m->vm.overcommit_memory, 2);
		}
		machine_free(m);
		config_free(&c);
	}
}

/* Each bad config fails, naming the file, the line and the setting. */
static const struct {
	const char *file;
	int line;
	const char *setting; /* NULL: a syntax error names none */
	const char *why;
} bad_configs[] = {
	{ "syntax.cfg", 4, NULL, "syntax error" },
	{ "unknown-group.cfg", 2, "machin", "unknown group" },
	{ "group-not-group.cfg", 3, "machine", "expected a group" },
	{ "unknown-key.cfg", 4, "machine.rom", "unknown setting" },
	{ "bad-size.cfg", 4, "machine.ram", "\"4Q\" is not a size (use 512M, 4G, 1T)" },
	{ "ram-tiny.cfg", 3, "machine.ram", "1K is out of range (64M..15T)" },
	{ "ram-huge.cfg", 5, "machine.ram", "16T is out of range" },
	{ "nodes-zero.cfg", 3, "machine.nodes", "not a number in 1..64" },
	{ "nodes-65.cfg", 5, "machine.nodes", "not a number in 1..64" },
	{ "cpus-many.cfg", 3, "machine.cpus", "not a number in 1..1024" },
	{ "node-ram-sum.cfg", 5, "machine.node_ram", "add up to 5G, not ram = 4G" },
	{ "node-ram-count.cfg", 4, "machine.node_ram", "2 sizes for 3 nodes" },
	{ "node-ram-small.cfg", 3, "machine.node_ram", "8M is out of range (16M..15T)" },
	{ "bad-thp.cfg", 3, "machine.thp", "not one of always madvise never" },
	{ "unknown-sysctl.cfg", 4, "sysctl.swapiness", "no such knob" },
	{ "action-sysctl.cfg", 3, "sysctl.drop_caches", "an action" },
	{ "clock-fast.cfg", 4, "clock.mode", "not one of manual realtime" },
	{ "speed-zero.cfg", 3, "clock.speed", "not a speed" },
	{ "type-cpus-string.cfg", 3, "machine.cpus", "expected an integer, got a string" },
	{ "type-thp-bool.cfg", 3, "machine.thp", "expected a string, got a boolean" },
	{ "type-sysctl-float.cfg", 3, "sysctl.swappiness", "got a float" },
	{ "type-node-ram-float.cfg", 3, "machine.node_ram", "expected a list of sizes" },
	{ "process-no-name.cfg", 3, "processes.name", "needs a name" },
	{ "process-unknown-key.cfg", 3, "processes.usr", "unknown setting" },
	{ "processes-not-list.cfg", 2, "processes", "expected a list" },
	{ "bad-aslr.cfg", 3, "machine.aslr", "not one of false true" },
};

static void test_bad_configs(void)
{
	for (size_t i = 0; i < sizeof bad_configs / sizeof bad_configs[0]; i++) {
		char path[4096], err[512] = "", at[4096 + 16];
		struct mmsim_config c;
		snprintf(path, sizeof path, BAD_DIR "%s", bad_configs[i].file);
		snprintf(at, sizeof at, "%s:%d: ", path, bad_configs[i].line);
		config_defaults(&c);
		CU_ASSERT_EQUAL(config_load(&c, path, err, sizeof err), -1);
		bool ok = !strncmp(err, at, strlen(at)) && strstr(err, bad_configs[i].why) &&
			  (!bad_configs[i].setting || strstr(err, bad_configs[i].setting));
		if (!ok)
			fprintf(stderr, "\n%s: got \"%s\"\n", bad_configs[i].file, err);
		CU_ASSERT(ok);
		config_free(&c);
	}
}

static void test_unreadable_file(void)
{
	char err[512] = "";
	struct mmsim_config c;
	config_defaults(&c);
	CU_ASSERT_EQUAL(config_load(&c, BAD_DIR "no-such.cfg", err, sizeof err), -1);
	CU_ASSERT_STRING_EQUAL(err, BAD_DIR "no-such.cfg: No such file or directory");
	CU_ASSERT_EQUAL(config_load(&c, BAD_DIR, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, BAD_DIR ": "));
	config_free(&c);
}

/* A sysctl's text from --set, or NULL when c sets no such knob. */
static const char *sysctl_value(const struct mmsim_config *c, const char *name)
{
	const struct ctl_table *t = sysctl_find(name);
	for (size_t i = 0; t && i < c->nr_sysctls; i++)
		if (c->sysctls[i].row == t - vm_table)
			return c->sysctls[i].value;
	return NULL;
}

/* Apply --set args in order; CU failure on any refusal. */
static void set_ok(struct mmsim_config *c, const char *arg)
{
	char err[512] = "";
	int ret = config_set(c, arg, err, sizeof err);
	if (ret)
		fprintf(stderr, "\n%s\n", err);
	CU_ASSERT_EQUAL(ret, 0);
}

static void test_set_overrides(void)
{
	struct mmsim_config c;
	load_ok(&c, SHIPPED_DIR "default.cfg");
	set_ok(&c, "ram=1T");
	CU_ASSERT_EQUAL(c.params.ram_bytes, 1024 * GiB);
	set_ok(&c, "vm.swappiness=10");
	CU_ASSERT_STRING_EQUAL(sysctl_value(&c, "swappiness"), "10");
	set_ok(&c, "node_ram=1G,1G");
	CU_ASSERT_EQUAL(c.params.nr_nodes, 2);
	CU_ASSERT_EQUAL(c.params.ram_bytes, 2 * GiB);
	CU_ASSERT_EQUAL(c.params.node_ram_bytes[0], GiB);
	CU_ASSERT_EQUAL(c.params.node_ram_bytes[1], GiB);
	set_ok(&c, "clock=manual");
	CU_ASSERT_EQUAL(c.clock, SIM_CLOCK_MANUAL);
	set_ok(&c, "speed=2.5");
	CU_ASSERT_EQUAL(c.speed, 2.5);
	set_ok(&c, "seed=18446744073709551615");
	CU_ASSERT_EQUAL(c.params.seed, UINT64_MAX);
	set_ok(&c, "thp=never");
	CU_ASSERT_EQUAL(c.params.thp_enabled, THP_NEVER);
	config_free(&c);
}

/* ram or nodes after node_ram go back to an even split. */
static void test_set_resets_split(void)
{
	struct mmsim_config c;
	config_defaults(&c);
	set_ok(&c, "node_ram=3G, 1G");
	CU_ASSERT_EQUAL(c.params.node_ram_bytes[0], 3 * GiB);
	set_ok(&c, "nodes=4");
	CU_ASSERT_EQUAL(c.params.ram_bytes, 4 * GiB);
	CU_ASSERT_EQUAL(c.params.node_ram_bytes[0], 0);
	set_ok(&c, "node_ram=3G,1G");
	set_ok(&c, "ram=8G");
	CU_ASSERT_EQUAL(c.params.nr_nodes, 2);
	CU_ASSERT_EQUAL(c.params.node_ram_bytes[0], 0);
	config_free(&c);
}

/* A later --set of a knob replaces the file's value in place. */
static void test_set_replaces_file_sysctl(void)
{
	struct mmsim_config c;
	load_ok(&c, SHIPPED_DIR "numa-64g.cfg");
	size_t n = c.nr_sysctls;
	long first = c.sysctls[0].row;
	CU_ASSERT_STRING_EQUAL(sysctl_value(&c, "swappiness"), "10");
	set_ok(&c, "vm.swappiness=30");
	CU_ASSERT_EQUAL(c.nr_sysctls, n);
	CU_ASSERT_EQUAL(c.sysctls[0].row, first);
	CU_ASSERT_STRING_EQUAL(sysctl_value(&c, "swappiness"), "30");
	CU_ASSERT_PTR_NOT_NULL(strstr(c.sysctls[0].origin, "--set"));
	config_free(&c);
}

/* A refused --set says why and leaves the config as it was. */
static void test_set_errors(void)
{
	static const struct {
		const char *arg, *why;
	} bad[] = {
		{ "ram", "--set ram: expected KEY=VALUE" },
		{ "=4G", "expected KEY=VALUE" },
		{ "rom=4G", "--set: rom: unknown setting (--set takes ram, cpus," },
		{ "ram=4Q", "--set: ram: \"4Q\" is not a size" },
		{ "ram=", "--set: ram: \"\" is not a size" },
		{ "nodes=65", "--set: nodes: \"65\" is not a number in 1..64" },
		{ "nodes=64", "64 nodes sharing 512M get 8M each" },
		{ "cpus=-1", "--set: cpus: \"-1\" is not a number" },
		{ "node_ram=1G,,1G", "--set: node_ram: \"\" is not a size" },
		{ "node_ram=1G,8M", "8M is out of range" },
		{ "vm.swapiness=1", "--set: vm.swapiness: no such knob" },
		{ "vm.drop_caches=3", "drop_caches is an action" },
		{ "clock=fast", "\"fast\" is not one of manual realtime" },
		{ "speed=-1", "not a speed" },
		{ "speed=nan", "not a speed" },
		{ "seed=x", "not an unsigned number" },
	};
	struct mmsim_config c, before;
	config_defaults(&c);
	set_ok(&c, "ram=512M");
	before = c;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char err[512] = "";
		CU_ASSERT_EQUAL(config_set(&c, bad[i].arg, err, sizeof err), -1);
		if (!strstr(err, bad[i].why))
			fprintf(stderr, "\n%s: got \"%s\"\n", bad[i].arg, err);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, bad[i].why));
	}
	CU_ASSERT_EQUAL(memcmp(&c, &before, sizeof c), 0);
	config_free(&c);
}

/* String values, vectors and dashed names reach the knobs from a file. */
static void test_file_sysctls_apply(void)
{
	static const char text[] = "sysctl = {\n"
				   "\tlowmem_reserve_ratio = \"128 128 16 0 0\";\n"
				   "\tpage-cluster = 0;\n"
				   "\tswappiness = \"0x1e\";\n"
				   "};\n";
	char *path = write_temp(text, sizeof text - 1), err[512] = "";
	struct mmsim_config c;
	load_ok(&c, path);
	struct machine *m = test_machine(GiB, 1, 2);
	CU_ASSERT_EQUAL(config_apply_sysctls(&c, m, err, sizeof err), 0);
	CU_ASSERT_EQUAL(m->vm.lowmem_reserve_ratio[ZONE_DMA], 128);
	CU_ASSERT_EQUAL(m->vm.lowmem_reserve_ratio[ZONE_NORMAL], 16);
	CU_ASSERT_EQUAL(m->vm.page_cluster, 0);
	CU_ASSERT_EQUAL(m->vm.swappiness, 30);
	machine_free(m);
	config_free(&c);
	unlink(path);
	free(path);
}

/* Each zone's watermarks, for checking that a refused write moved none. */
static void snapshot_watermarks(struct machine *m, unsigned long *out)
{
	struct zone *z;
	for_each_zone(m, z)
		for (int i = 0; i < NR_WMARK; i++)
			*out++ = z->_watermark[i];
}

/* An out-of-range value is refused with its knob named, and changes neither
 * the knob nor the watermarks that hang on it. */
static void test_apply_rejects_out_of_range(void)
{
	struct mmsim_config c;
	char err[512] = "";
	unsigned long before[MAX_NR_ZONES * NR_WMARK] = { 0 };
	unsigned long after[MAX_NR_ZONES * NR_WMARK] = { 0 };
	config_defaults(&c);
	set_ok(&c, "vm.watermark_scale_factor=3001");
	struct machine *m = test_machine(GiB, 1, 2);
	struct vm_sysctls vm = m->vm;
	snapshot_watermarks(m, before);
	CU_ASSERT_EQUAL(config_apply_sysctls(&c, m, err, sizeof err), -1);
	CU_ASSERT_STRING_EQUAL(err, "--set: vm.watermark_scale_factor: \"3001\" rejected: "
				    "Invalid argument");
	CU_ASSERT_EQUAL(memcmp(&m->vm, &vm, sizeof vm), 0);
	snapshot_watermarks(m, after);
	CU_ASSERT_EQUAL(memcmp(before, after, sizeof before), 0);
	machine_free(m);
	config_free(&c);
}

/* splitmix64, so the mutations are the same every run. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Damaged copies of a config load or fail with a message naming the file;
 * none crash. Odd rounds change letters and digits only, so most copies
 * still parse and reach the value checks; even rounds break the syntax. */
static void test_damaged_configs(void)
{
	static const char syntax[] = "=;:{}[](),\"#@-_.0123456789GKMTQLx \n\t\\";
	static const char alnum[] = "0123456789GKMTQLxae_";
	static const char good[] = "machine = { ram = \"4G\"; cpus = 2; nodes = 2;\n"
				   "  node_ram = [\"3G\", \"1G\"]; thp = \"never\"; seed = 9; };\n"
				   "clock = { mode = \"manual\"; speed = 2.0; };\n"
				   "sysctl = { swappiness = 10; page-cluster = \"2\"; };\n";
	uint64_t rng = 1;
	char text[sizeof good];
	for (int round = 0; round < 1000; round++) {
		memcpy(text, good, sizeof good);
		size_t len = sizeof good - 1;
		for (int k = 0; k < 1 + round % 4; k++) {
			size_t at = next_random(&rng) % len;
			while (round % 2 && !isalnum((unsigned char)text[at]))
				at = (at + 1) % len;
			const char *noise = round % 2 ? alnum : syntax;
			text[at] = noise[next_random(&rng) % strlen(noise)];
		}
		if (round % 5 == 0)
			len = next_random(&rng) % len;
		char *path = write_temp(text, len), err[512] = "";
		struct mmsim_config c;
		config_defaults(&c);
		int ret = config_load(&c, path, err, sizeof err);
		CU_ASSERT(ret == 0 || (ret == -1 && !strncmp(err, path, strlen(path))));
		config_free(&c);
		unlink(path);
		free(path);
	}
}

/* Write text to a fresh temporary config file; its path goes to path. */
static void write_config(char *path, size_t len, const char *text)
{
	snprintf(path, len, "/tmp/mmsim-config-XXXXXX");
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void test_processes_and_aslr(void)
{
	char path[64], err[512] = "";
	write_config(path, sizeof path,
		     "machine = { ram = \"1G\"; aslr = true; };\n"
		     "processes = (\n"
		     "\t{ name = \"nginx\"; uid = 33; image = \"/usr/sbin/nginx\"; },\n"
		     "\t{ name = \"cron\"; }\n"
		     ");\n");
	struct mmsim_config c;
	config_defaults(&c);
	CU_ASSERT_EQUAL_FATAL(config_load(&c, path, err, sizeof err), 0);
	CU_ASSERT(c.params.randomize_va_space);
	CU_ASSERT_EQUAL_FATAL(c.nr_processes, 2);
	CU_ASSERT_STRING_EQUAL(c.processes[0].name, "nginx");
	CU_ASSERT_EQUAL(c.processes[0].uid, 33);
	CU_ASSERT_STRING_EQUAL(c.processes[0].image, "/usr/sbin/nginx");
	CU_ASSERT_PTR_NULL(c.processes[1].image);

	const char *why;
	struct machine *m = machine_boot(&c.params, &why);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(tasks_init(m), 0);
	CU_ASSERT_EQUAL(config_start_processes(&c, m, err, sizeof err), 0);
	struct task_struct *t = find_task_by_pid(m, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_STRING_EQUAL(t->comm, "nginx");
	CU_ASSERT_EQUAL(t->uid, 33);
	CU_ASSERT_STRING_EQUAL(find_task_by_pid(m, 3)->comm, "cron");
	CU_ASSERT_NOT_EQUAL(t->mm->vmas[0].vm_start, 0x555555554000UL); /* randomized */
	CU_ASSERT(config_set(&c, "aslr=off", err, sizeof err) == 0 && !c.params.randomize_va_space);
	machine_free(m);
	config_free(&c);
	unlink(path);
}

void add_config_suite(void)
{
	CU_pSuite s = CU_add_suite("config", NULL, NULL);
	CU_add_test(s, "shipped configs load", test_shipped_configs_load);
	CU_add_test(s, "default.cfg is the built-in default", test_default_cfg_is_builtin);
	CU_add_test(s, "shipped sysctls apply", test_shipped_sysctls_apply);
	CU_add_test(s, "bad configs name file, line, setting", test_bad_configs);
	CU_add_test(s, "unreadable file", test_unreadable_file);
	CU_add_test(s, "--set overrides", test_set_overrides);
	CU_add_test(s, "--set ram or nodes resets node_ram", test_set_resets_split);
	CU_add_test(s, "--set replaces a file's sysctl", test_set_replaces_file_sysctl);
	CU_add_test(s, "--set errors change nothing", test_set_errors);
	CU_add_test(s, "file sysctls: strings, vectors, dashes", test_file_sysctls_apply);
	CU_add_test(s, "apply rejects out-of-range", test_apply_rejects_out_of_range);
	CU_add_test(s, "damaged configs never crash", test_damaged_configs);
	CU_add_test(s, "processes and aslr", test_processes_and_aslr);
}
