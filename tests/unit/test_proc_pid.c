/* /proc/PID: every file's layout against the reference machine's
 * /proc/self, the values that must agree between files, smaps' page
 * accounting after touches and fork, oom_score_adj's write rules, and the
 * task directories appearing and vanishing with their tasks. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/render.h"
#include "fs/tree.h"
#include "model/huge_memory.h"
#include "model/fs.h"
#include "model/machine.h"
#include "model/memory.h"
#include "model/mm.h"
#include "model/show_mem.h"
#include "model/task.h"
#include "tests/unit/suites.h"

#define GiB (1ULL << 30)
#define PG 4096UL
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* an address below mmap_base, clear of the exec layout */
#define SCRATCH 0x7f0000000000UL

static struct machine *m;

/* Boot a machine with init running. */
static void boot(unsigned long long ram, int nodes, int cpus)
{
	m = test_machine(ram, nodes, cpus);
	CU_ASSERT_EQUAL_FATAL(tasks_init(m), 0);
}

/* The usual machine: 4 GiB, one node, two CPUs, init running. */
static void setup(void)
{
	boot(4 * GiB, 1, 2);
}

/* Free the machine of setup() or boot(). */
static void teardown(void)
{
	machine_free(m);
}

/* A new process, child of init, running as root. */
static int spawn(const char *name)
{
	int pid = task_spawn(m, name, NULL, 0, 1);
	CU_ASSERT_FATAL(pid > 1);
	return pid;
}

/* The live task pid; its absence fails the test. */
static struct task_struct *task(int pid)
{
	struct task_struct *t = find_task_by_pid(m, pid);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	return t;
}

/* Map len bytes of private anonymous memory at SCRATCH in pid's mm. */
static void map_scratch(int pid, unsigned long len, unsigned long flags)
{
	CU_ASSERT_EQUAL_FATAL(do_mmap(m, task(pid)->mm, SCRATCH, len, RW, ANON | MAP_FIXED | flags,
				      NULL, 0), (long)SCRATCH);
}

/* pid writes to [addr, addr+len). */
static void write_range(int pid, unsigned long addr, unsigned long len)
{
	unsigned long bad;
	CU_ASSERT_EQUAL_FATAL(touch_range(m, task(pid), addr, len, true, &bad), 0);
}

/* The reference machine's /proc/self/<file>; the caller frees it. */
static char *reference(const char *file)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "proc/self/%s", file);
	char *text = test_reference(rel);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	return text;
}

/* The length of the line at line, without its newline. */
static size_t line_len(const char *line)
{
	return strcspn(line, "\n");
}

/* The line after line (the terminating NUL after the last one). */
static const char *next_line(const char *line)
{
	return line + line_len(line) + (line[line_len(line)] == '\n');
}

/* The newlines in text. */
static size_t count_lines(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/* The first line of text that starts with key, or NULL. */
static const char *find_line(const char *text, const char *key)
{
	for (const char *line = text; *line; line = next_line(line))
		if (!strncmp(line, key, strlen(key)))
			return line;
	return NULL;
}

/* The number after key on its line; a missing line fails the test. */
static unsigned long value_of(const char *text, const char *key)
{
	const char *line = find_line(text, key);

	CU_ASSERT_PTR_NOT_NULL(line);
	if (!line)
		fprintf(stderr, "\nno line \"%s\"\n", key);
	return line ? strtoul(line + strlen(key), NULL, 10) : 0;
}

/* Is the line at got exactly want (without its newline)? */
static bool line_is(const char *got, const char *want)
{
	bool same = got && line_len(got) == strlen(want) && !strncmp(got, want, strlen(want));

	if (!same)
		fprintf(stderr, "\n  got:  \"%.*s\"\n  want: \"%s\"\n",
			got ? (int)line_len(got) : 0, got ? got : "", want);
	return same;
}

/* A character with digits blanked out. */
static char blank_digit(char c)
{
	return isdigit((unsigned char)c) ? ' ' : c;
}

/* Do two lines have the same layout, digits blanked? */
static bool same_shape(const char *got, const char *want)
{
	size_t n = line_len(got);
	bool same = n == line_len(want);

	for (size_t i = 0; same && i < n; i++)
		same = blank_digit(got[i]) == blank_digit(want[i]);
	if (!same)
		fprintf(stderr, "\n  got:  \"%.*s\"\n  want: \"%.*s\"\n", (int)n, got,
			(int)line_len(want), want);
	return same;
}

/* The maps line, or smaps block, of the VMA that starts at start. */
static const char *vma_entry(const char *text, unsigned long start)
{
	char key[32];

	snprintf(key, sizeof(key), "%08lx-", start);
	const char *line = find_line(text, key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	return line;
}

/* Field key of an smaps block, in kB. */
static unsigned long smaps_kb(const char *block, const char *key)
{
	return value_of(next_line(block), key);
}

/* The smaps block of the VMA starting at start, rendered now for pid. */
static char *scratch_block(int pid)
{
	char *smaps = test_render(show_pid_smaps, m, pid);
	const char *block = vma_entry(smaps, SCRATCH);
	char *copy = strndup(block, (size_t)(strstr(block, "VmFlags:") - block));

	free(smaps);
	return copy;
}

/* Column at which a maps line's name starts, 0 if it has none. */
static size_t name_column(const char *line)
{
	size_t len = line_len(line), col = 0;

	for (int field = 0; field < 5 && col < len; field++)
		col += strcspn(line + col, " ") + 1;
	while (col < len && line[col] == ' ')
		col++;
	return col < len ? col : 0;
}

/* A maps line has the six fields, a file's device and inode, and a
 * name at column 73 or else a trailing space. */
static void assert_maps_line(const char *line)
{
	unsigned long start, end, off, ino;
	unsigned int major, minor;
	char perms[5];

	CU_ASSERT_EQUAL(sscanf(line, "%lx-%lx %4s %lx %x:%x %lu", &start, &end, perms, &off, &major,
			       &minor, &ino), 7);
	CU_ASSERT(major == 0 || (major == 0xfe && minor == 0 && ino != 0));
	size_t col = name_column(line);
	CU_ASSERT(col == 73 || (col == 0 && line[line_len(line) - 1] == ' '));
}

/* Move pid's break up, so that it has a [heap] (a fresh process has none:
 * vma_is_initial_heap() needs brk past start_brk). */
static void grow_heap(int pid)
{
	struct mm_struct *mm = task(pid)->mm;
	unsigned long want = mm->start_brk + 3 * PG;
	CU_ASSERT_EQUAL(do_brk(m, mm, want), want);
}

/* Every maps line is laid out as the reference's are; plain anonymous
 * memory has no name; the gate area comes last. */
static void test_maps_layout(void)
{
	setup();
	int pid = spawn("nginx");
	map_scratch(pid, 3 * PG, 0);
	grow_heap(pid);
	char *maps = test_render(show_pid_maps, m, pid), *ref = reference("maps");

	for (const char *line = ref; *line; line = next_line(line))
		assert_maps_line(line);
	CU_ASSERT_EQUAL(count_lines(maps), (size_t)task(pid)->mm->map_count + 1);
	for (const char *line = maps; *line; line = next_line(line))
		assert_maps_line(line);
	CU_ASSERT(line_is(vma_entry(maps, SCRATCH),
			  "7f0000000000-7f0000003000 rw-p 00000000 00:00 0 "));
	static const char *const names[] = {" [heap]\n", " [stack]\n", " [vdso]\n", " [vvar]\n",
					    " [vvar_vclock]\n", "/libc.so.6\n",
					    "/ld-linux-x86-64.so.2\n"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(maps, names[i]));
	CU_ASSERT_STRING_EQUAL(strstr(maps, "ffffffffff600000"), strstr(ref, "ffffffffff600000"));
	free(maps);
	free(ref);
	teardown();
}

/* A file mapping shows its offset, device and inode, and its path at the
 * reference's column. */
static void test_maps_file_line(void)
{
	setup();
	int pid = spawn("cat");
	struct inode *inode = iget_path(m, "/usr/lib/locale/C.utf8/LC_CTYPE", 1 << 20);
	struct file *f = inode ? file_open(m, inode) : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(do_mmap(m, task(pid)->mm, SCRATCH, 2 * PG, PROT_READ,
				MAP_PRIVATE | MAP_FIXED, f, 0x21), (long)SCRATCH);
	fput(m, f);
	char *maps = test_render(show_pid_maps, m, pid), *ref = reference("maps");
	char want[160];
	snprintf(want, sizeof(want), "7f0000000000-7f0000002000 r--p 00021000 fe:00 %lu",
		 inode->i_ino);
	const char *line = vma_entry(maps, SCRATCH);
	const char *ref_line = strstr(ref, "/usr/lib/locale/C.utf8/LC_CTYPE\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(ref_line);
	CU_ASSERT(!strncmp(line, want, strlen(want)));
	CU_ASSERT_EQUAL(name_column(line), 73);
	CU_ASSERT(!strncmp(line + 73, ref_line, line_len(ref_line) + 1));
	free(maps);
	free(ref);
	teardown();
}

/* The lines of the reference's first smaps block after its header, up to
 * and including VmFlags. */
static size_t ref_smaps_block_lines(const char *ref)
{
	size_t n = 0;

	const char *line = next_line(ref);

	for (; strncmp(line, "VmFlags:", 8); line = next_line(line))
		n++;
	return n + 1;
}

/* Each smaps block has the reference's lines, labels and widths; the
 * VmFlags of the exec layout's VMAs are the reference's; the gate area's
 * block is the reference's byte for byte. */
static void test_smaps_layout(void)
{
	setup();
	int pid = spawn("nginx");
	map_scratch(pid, 2 * PG, 0);
	grow_heap(pid);
	char *smaps = test_render(show_pid_smaps, m, pid), *ref = reference("smaps");
	const struct mm_struct *mm = task(pid)->mm;
	size_t block_lines = ref_smaps_block_lines(ref);

	CU_ASSERT_EQUAL(count_lines(smaps), (size_t)(mm->map_count + 1) * (block_lines + 1));
	for (int i = 0; i < mm->map_count; i++) {
		const char *got = next_line(vma_entry(smaps, mm->vmas[i].vm_start));
		const char *want = next_line(ref);
		for (size_t l = 0; l + 1 < block_lines; l++) {
			CU_ASSERT(same_shape(got, want));
			got = next_line(got);
			want = next_line(want);
		}
		CU_ASSERT(!strncmp(got, "VmFlags: ", 9) && got[line_len(got) - 1] == ' ');
	}
	static const char *const same_flags[] = {"[heap]", "[stack]", "[vdso]", "[vvar]"};
	for (size_t i = 0; i < ARRAY_SIZE(same_flags); i++) {
		const char *got = strstr(smaps, same_flags[i]), *want = strstr(ref, same_flags[i]);
		CU_ASSERT_FATAL(got && want);
		got = find_line(got, "VmFlags:");
		want = find_line(want, "VmFlags:");
		CU_ASSERT(line_len(got) == line_len(want) && !strncmp(got, want, line_len(want)));
	}
	const char *scratch = vma_entry(smaps, SCRATCH);
	CU_ASSERT(line_is(find_line(scratch, "VmFlags:"), "VmFlags: rd wr mr mw me ac "));
	CU_ASSERT_STRING_EQUAL(strstr(smaps, "ffffffffff600000"), strstr(ref, "ffffffffff600000"));
	free(smaps);
	free(ref);
	teardown();
}

/* Written anonymous pages are resident, private, dirty, referenced and
 * anonymous; untouched ones, and those only read (the zero page), are not
 * resident. */
static void test_smaps_touched_anon(void)
{
	setup();
	int pid = spawn("db");
	unsigned long bad;
	map_scratch(pid, 16 * PG, 0);
	CU_ASSERT_EQUAL(touch_range(m, task(pid), SCRATCH, 2 * PG, false, &bad), 0);
	char *before = scratch_block(pid);
	CU_ASSERT_EQUAL(smaps_kb(before, "Size:"), 64);
	CU_ASSERT_EQUAL(smaps_kb(before, "Rss:"), 0);
	write_range(pid, SCRATCH + 4 * PG, 4 * PG);
	char *after = scratch_block(pid);
	static const char *const sixteen_kb[] = {"Rss:", "Pss:", "Pss_Dirty:", "Private_Dirty:",
						 "Referenced:", "Anonymous:"};
	for (size_t i = 0; i < ARRAY_SIZE(sixteen_kb); i++)
		CU_ASSERT_EQUAL(smaps_kb(after, sixteen_kb[i]), 16);
	static const char *const zero_kb[] = {"Shared_Clean:", "Shared_Dirty:", "Private_Clean:",
					      "Locked:", "Swap:"};
	for (size_t i = 0; i < ARRAY_SIZE(zero_kb); i++)
		CU_ASSERT_EQUAL(smaps_kb(after, zero_kb[i]), 0);
	free(before);
	free(after);
	teardown();
}

/* After fork both processes map the pages (Shared_Dirty, half the Pss);
 * a write in the child gives it its own copy, private in both. */
static void test_smaps_fork_shares(void)
{
	setup();
	int parent = spawn("db");
	map_scratch(parent, 4 * PG, 0);
	write_range(parent, SCRATCH, 4 * PG);
	int child = task_fork(m, parent);
	CU_ASSERT_FATAL(child > 0);
	int pids[] = {parent, child};
	for (int i = 0; i < 2; i++) {
		char *b = scratch_block(pids[i]);
		CU_ASSERT_EQUAL(smaps_kb(b, "Rss:"), 16);
		CU_ASSERT_EQUAL(smaps_kb(b, "Pss:"), 8);
		CU_ASSERT_EQUAL(smaps_kb(b, "Shared_Dirty:"), 16);
		CU_ASSERT_EQUAL(smaps_kb(b, "Private_Dirty:"), 0);
		free(b);
	}
	write_range(child, SCRATCH, PG);
	for (int i = 0; i < 2; i++) {
		char *b = scratch_block(pids[i]);
		CU_ASSERT_EQUAL(smaps_kb(b, "Rss:"), 16);
		CU_ASSERT_EQUAL(smaps_kb(b, "Pss:"), 4 + 12 / 2);
		CU_ASSERT_EQUAL(smaps_kb(b, "Shared_Dirty:"), 12);
		CU_ASSERT_EQUAL(smaps_kb(b, "Private_Dirty:"), 4);
		free(b);
	}
	teardown();
}

/* Locked is the Pss of VM_LOCKED mappings. */
static void test_smaps_locked(void)
{
	setup();
	int pid = spawn("db");
	map_scratch(pid, 8 * PG, MAP_LOCKED);
	write_range(pid, SCRATCH, 8 * PG);
	char *b = scratch_block(pid);
	CU_ASSERT_EQUAL(smaps_kb(b, "Locked:"), 32);
	CU_ASSERT_EQUAL(smaps_kb(b, "Pss:"), 32);
	free(b);
	teardown();
}

/* THPeligible: anonymous memory with room for an aligned 2 MiB page,
 * while THP is "always"; never file or special mappings. */
static void test_smaps_thp_eligible(void)
{
	setup();
	int pid = spawn("db");
	map_scratch(pid, 4UL << 20, 0);
	char *b = scratch_block(pid);
	CU_ASSERT_EQUAL(smaps_kb(b, "THPeligible:"), m->thp.enabled == THP_ALWAYS);
	free(b);
	thp_set_enabled(m, THP_ALWAYS);
	b = scratch_block(pid);
	CU_ASSERT_EQUAL(smaps_kb(b, "THPeligible:"), 1);
	free(b);
	char *smaps = test_render(show_pid_smaps, m, pid);
	CU_ASSERT_EQUAL(value_of(strstr(smaps, "[vdso]"), "THPeligible:"), 0);
	CU_ASSERT_EQUAL(value_of(strstr(smaps, "libc.so.6"), "THPeligible:"), 0);
	free(smaps);
	do_munmap(m, task(pid)->mm, SCRATCH + PG, (4UL << 20) - PG);
	b = scratch_block(pid);
	CU_ASSERT_EQUAL(smaps_kb(b, "THPeligible:"), 0);
	free(b);
	teardown();
}

/* smaps_rollup: the reference's lines; a header spanning every VMA; sums
 * that agree with smaps and status. */
static void test_smaps_rollup(void)
{
	setup();
	int pid = spawn("db");
	map_scratch(pid, 8 * PG, 0);
	write_range(pid, SCRATCH, 8 * PG);
	char *roll = test_render(show_pid_smaps_rollup, m, pid), *ref = reference("smaps_rollup");
	char *smaps = test_render(show_pid_smaps, m, pid), *status = test_render(show_pid_status, m, pid);
	const struct mm_struct *mm = task(pid)->mm;
	char header[128];

	CU_ASSERT_EQUAL(count_lines(roll), count_lines(ref));
	for (const char *g = next_line(roll), *w = next_line(ref); *g && *w;
	     g = next_line(g), w = next_line(w))
		CU_ASSERT(same_shape(g, w));
	snprintf(header, sizeof(header), "%08lx-%08lx ---p 00000000 00:00 0", mm->vmas[0].vm_start,
		 mm->vmas[mm->map_count - 1].vm_end);
	CU_ASSERT(!strncmp(roll, header, strlen(header)) && name_column(roll) == 73 &&
		  line_is(roll + 73, "[rollup]"));
	unsigned long rss = 0;
	for (const char *line = smaps; (line = find_line(line, "Rss:")); line = next_line(line))
		rss += strtoul(line + 4, NULL, 10);
	CU_ASSERT_EQUAL(value_of(roll, "Rss:"), rss);
	CU_ASSERT_EQUAL(value_of(roll, "Rss:"), value_of(status, "VmRSS:"));
	CU_ASSERT_EQUAL(value_of(roll, "Anonymous:"), value_of(status, "RssAnon:"));
	unsigned long parts = value_of(roll, "Pss_Anon:") + value_of(roll, "Pss_File:") +
			      value_of(roll, "Pss_Shmem:");
	CU_ASSERT(parts <= value_of(roll, "Pss:") && parts + 2 >= value_of(roll, "Pss:"));
	free(roll);
	free(ref);
	free(smaps);
	free(status);
	teardown();
}

/* The label of a status line: the text before the tab. */
static bool same_label(const char *got, const char *want)
{
	size_t n = strcspn(want, "\t\n");
	return strcspn(got, "\t\n") == n && !strncmp(got, want, n);
}

/* status: the reference's lines in its order, memory lines in its
 * widths, and values that agree with the mm. */
static void test_status(void)
{
	setup();
	int pid = spawn("nginx");
	struct task_struct *t = task(pid);
	char *status = test_render(show_pid_status, m, pid), *ref = reference("status");
	const struct mm_struct *mm = t->mm;
	char want[64];

	CU_ASSERT_EQUAL(count_lines(status), count_lines(ref));
	for (const char *g = status, *w = ref; *g && *w; g = next_line(g), w = next_line(w)) {
		CU_ASSERT(same_label(g, w));
		if (strstr(w, " kB\n") == w + line_len(w) - 3)
			CU_ASSERT(same_shape(g, w));
	}
	unsigned long vm = 0;
	for (int i = 0; i < mm->map_count; i++)
		vm += mm->vmas[i].vm_end - mm->vmas[i].vm_start;
	CU_ASSERT_EQUAL(value_of(status, "VmSize:\t") << 10, vm);
	CU_ASSERT_EQUAL(value_of(status, "VmRSS:\t"), value_of(status, "RssAnon:\t") +
			value_of(status, "RssFile:\t") + value_of(status, "RssShmem:\t"));
	CU_ASSERT_EQUAL(value_of(status, "VmStk:\t"), mm->stack_vm * 4);
	CU_ASSERT_EQUAL(value_of(status, "Pid:\t"), (unsigned long)pid);
	CU_ASSERT_EQUAL(value_of(status, "PPid:\t"), 1);
	CU_ASSERT(line_is(find_line(status, "Name:"), "Name:\tnginx"));
	CU_ASSERT(line_is(find_line(status, "Uid:"), "Uid:\t0\t0\t0\t0"));
	CU_ASSERT(line_is(find_line(status, "Threads:"), "Threads:\t1"));
	CU_ASSERT(line_is(find_line(status, "Cpus_allowed:"), "Cpus_allowed:\t3"));
	/* RLIMIT_SIGPENDING: half of max_threads, an eighth of RAM in 16 KiB stacks */
	snprintf(want, sizeof(want), "SigQ:\t0/%lu", totalram_pages(m) / 64);
	CU_ASSERT(line_is(find_line(status, "SigQ:"), want));
	static const char *const as_reference[] = {"Umask:", "Groups:", "Kthread:", "untag_mask:",
						   "Mems_allowed:", "Mems_allowed_list:",
						   "Cpus_allowed_list:", "SigPnd:", "CapInh:"};
	for (size_t i = 0; i < ARRAY_SIZE(as_reference); i++) {
		const char *w = find_line(ref, as_reference[i]);
		CU_ASSERT(line_len(find_line(status, as_reference[i])) == line_len(w) &&
			  !strncmp(find_line(status, as_reference[i]), w, line_len(w)));
	}
	CU_ASSERT(task_thread(m, pid) > pid);
	free(status);
	status = test_render(show_pid_status, m, pid);
	CU_ASSERT(line_is(find_line(status, "Threads:"), "Threads:\t2"));
	free(status);
	free(ref);
	teardown();
}

/* The State line spells out the task's state letter. */
static void test_status_state(void)
{
	setup();
	struct task_struct *t = task(spawn("nginx"));
	static const char *const states[] = {"R (running)", "S (sleeping)", "Z (zombie)"};
	char want[32];

	for (size_t i = 0; i < ARRAY_SIZE(states); i++) {
		t->state = states[i][0];
		char *status = test_render(show_pid_status, m, t->pid);
		char *stat = test_render(show_tgid_stat, m, t->pid);
		snprintf(want, sizeof(want), "State:\t%s", states[i]);
		CU_ASSERT(line_is(find_line(status, "State:"), want));
		snprintf(want, sizeof(want), "%d (nginx) %c ", t->pid, states[i][0]);
		CU_ASSERT(!strncmp(stat, want, strlen(want)));
		free(status);
		free(stat);
	}
	teardown();
}

/* The CPU and node masks follow the machine's shape. */
static void test_status_masks(void)
{
	boot(8 * GiB, 4, 40);
	int pid = spawn("nginx");
	char *status = test_render(show_pid_status, m, pid);
	CU_ASSERT(line_is(find_line(status, "Cpus_allowed:"), "Cpus_allowed:\tff,ffffffff"));
	CU_ASSERT(line_is(find_line(status, "Cpus_allowed_list:"), "Cpus_allowed_list:\t0-39"));
	CU_ASSERT(line_is(find_line(status, "Mems_allowed_list:"), "Mems_allowed_list:\t0-3"));
	const char *mems = find_line(status, "Mems_allowed:");
	CU_ASSERT(line_len(mems) == strlen("Mems_allowed:\t") + 32 * 9 - 1 &&
		  !strncmp(mems + line_len(mems) - 9, ",0000000f", 9));
	free(status);
	teardown();
}

/* stat's fields, split at spaces; returns how many. */
static int stat_fields(const char *stat, char fields[64][32])
{
	int n = 0;

	for (const char *p = stat; *p && *p != '\n' && n < 64; n++) {
		size_t len = strcspn(p, " \n");
		snprintf(fields[n], 32, "%.*s", (int)len, p);
		p += len + (p[len] == ' ');
	}
	return n;
}

/* stat: 52 fields like the reference's, agreeing with status and the mm;
 * a thread's own stat has no exit signal. */
static void test_stat(void)
{
	setup();
	int pid = spawn("nginx");
	int tid = task_thread(m, pid);
	CU_ASSERT_FATAL(tid > pid);
	char *stat = test_render(show_tgid_stat, m, pid), *ref = reference("stat");
	char *status = test_render(show_pid_status, m, pid);
	const struct mm_struct *mm = task(pid)->mm;
	char f[64][32], r[64][32];

	CU_ASSERT_EQUAL(stat_fields(stat, f), 52);
	CU_ASSERT_EQUAL(stat_fields(ref, r), 52);
	CU_ASSERT_EQUAL(strtol(f[0], NULL, 10), pid);
	CU_ASSERT_STRING_EQUAL(f[1], "(nginx)");
	CU_ASSERT_EQUAL(f[2][0], task(pid)->state);
	CU_ASSERT_EQUAL(strtol(f[3], NULL, 10), 1);
	CU_ASSERT_EQUAL(strtol(f[19], NULL, 10), 2);
	CU_ASSERT_EQUAL(strtoul(f[22], NULL, 10), value_of(status, "VmSize:\t") << 10);
	CU_ASSERT_EQUAL(strtoul(f[23], NULL, 10), value_of(status, "VmRSS:\t") / 4);
	CU_ASSERT_EQUAL(strtoul(f[25], NULL, 10), mm->start_code);
	CU_ASSERT_EQUAL(strtoul(f[27], NULL, 10), mm->start_stack);
	CU_ASSERT_EQUAL(strtoul(f[46], NULL, 10), mm->start_brk);
	CU_ASSERT_EQUAL(strtoul(f[47], NULL, 10), mm->arg_start);
	/* what the model has no notion of reads as the reference does */
	static const int as_reference[] = {6, 7, 17, 18, 20, 24, 28, 29, 30, 35, 36, 37};
	for (size_t i = 0; i < ARRAY_SIZE(as_reference); i++)
		CU_ASSERT_STRING_EQUAL(f[as_reference[i]], r[as_reference[i]]);
	free(stat);
	stat = test_render(show_tid_stat, m, tid);
	CU_ASSERT_EQUAL(stat_fields(stat, f), 52);
	CU_ASSERT_EQUAL(strtol(f[0], NULL, 10), tid);
	CU_ASSERT_STRING_EQUAL(f[37], "-1");
	free(stat);
	free(status);
	free(ref);
	teardown();
}

/* statm: seven page counts matching status. */
static void test_statm(void)
{
	setup();
	int pid = spawn("nginx");
	map_scratch(pid, 4 * PG, 0);
	write_range(pid, SCRATCH, 4 * PG);
	char *statm = test_render(show_pid_statm, m, pid), *status = test_render(show_pid_status, m, pid);
	unsigned long size, resident, shared, text, lib, data, dt;

	CU_ASSERT_EQUAL(sscanf(statm, "%lu %lu %lu %lu %lu %lu %lu\n", &size, &resident, &shared,
			       &text, &lib, &data, &dt), 7);
	CU_ASSERT_EQUAL(count_lines(statm), 1);
	CU_ASSERT_EQUAL(size * 4, value_of(status, "VmSize:\t"));
	CU_ASSERT_EQUAL(resident * 4, value_of(status, "VmRSS:\t"));
	CU_ASSERT_EQUAL(shared * 4,
			value_of(status, "RssFile:\t") + value_of(status, "RssShmem:\t"));
	CU_ASSERT_EQUAL(data * 4, value_of(status, "VmData:\t") + value_of(status, "VmStk:\t"));
	CU_ASSERT(resident >= 4 && lib == 0 && dt == 0);
	free(statm);
	free(status);
	teardown();
}

/* cmdline is the raw argument bytes; comm is the name and a newline, and
 * cannot be renamed from outside the process. */
static void test_cmdline_comm(void)
{
	setup();
	int pid = spawn("nginx");
	const struct task_struct *t = task(pid);
	struct buf out = BUF_INIT;

	CU_ASSERT_EQUAL(show_pid_cmdline(m, pid, &out), 0);
	CU_ASSERT(t->cmdline_len > 0 && out.len == t->cmdline_len &&
		  !memcmp(out.data, t->cmdline, out.len) && out.data[out.len - 1] == '\0');
	buf_reset(&out);
	CU_ASSERT_EQUAL(show_pid_comm(m, pid, &out), 0);
	CU_ASSERT(out.len == 6 && !memcmp(out.data, "nginx\n", 6));
	CU_ASSERT_EQUAL(store_pid_comm(m, pid, "x\n", 2, NULL), -EINVAL);
	CU_ASSERT_STRING_EQUAL(t->comm, "nginx");
	buf_free(&out);
	teardown();
}

/* proc_oom_score() for the task, from its status lines. */
static unsigned long expected_oom_score(int pid, int adj)
{
	char *status = test_render(show_pid_status, m, pid);
	long totalpages = (long)(totalram_pages(m) + total_swap_pages(m));
	long points = (long)(value_of(status, "VmRSS:\t") / 4 + value_of(status, "VmSwap:\t") / 4 +
			     value_of(status, "VmPTE:\t") / 4);

	free(status);
	points += adj * (totalpages / 1000);
	return (unsigned long)((1000 + points * 1000 / totalpages) * 2 / 3);
}

/* oom_score: a small task scores 666 like the reference's; adj moves it;
 * init and adj -1000 score 0. */
static void test_oom_score(void)
{
	setup();
	int pid = spawn("nginx");
	char *score = test_render(show_pid_oom_score, m, pid), *ref = reference("oom_score");

	CU_ASSERT_STRING_EQUAL(score, ref);
	CU_ASSERT_EQUAL(strtoul(score, NULL, 10), expected_oom_score(pid, 0));
	free(score);
	CU_ASSERT_EQUAL(store_pid_oom_score_adj(m, pid, "500\n", 4, NULL), 0);
	score = test_render(show_pid_oom_score, m, pid);
	CU_ASSERT_EQUAL(strtoul(score, NULL, 10), expected_oom_score(pid, 500));
	CU_ASSERT(strtoul(score, NULL, 10) > 900);
	free(score);
	CU_ASSERT_EQUAL(store_pid_oom_score_adj(m, pid, "-1000", 5, NULL), 0);
	score = test_render(show_pid_oom_score, m, pid);
	CU_ASSERT_STRING_EQUAL(score, "0\n");
	free(score);
	score = test_render(show_pid_oom_score, m, 1);
	CU_ASSERT_STRING_EQUAL(score, "0\n");
	free(score);
	free(ref);
	teardown();
}

/* Write text to pid's oom_score_adj; the errno, and what it reads after. */
static int write_adj(int pid, const char *text, char *after)
{
	int err = store_pid_oom_score_adj(m, pid, text, strlen(text), NULL);
	char *adj = test_render(show_pid_oom_score_adj, m, pid);

	snprintf(after, 16, "%s", adj);
	free(adj);
	return err;
}

/* oom_score_adj takes kstrtoint text in -1000..1000, for the whole
 * thread group; anything else is refused and changes nothing. */
static void test_oom_score_adj_writes(void)
{
	setup();
	int pid = spawn("nginx");
	int tid = task_thread(m, pid);
	char *ref = reference("oom_score_adj"), after[16];

	CU_ASSERT_EQUAL(write_adj(pid, "0", after), 0);
	CU_ASSERT_STRING_EQUAL(after, ref);
	static const struct {
		const char *text;
		int err;
		const char *after;
	} writes[] = {
		{"300\n", 0, "300\n"},  {" -7 ", 0, "-7\n"},     {"0x10", 0, "16\n"},
		{"+1000", 0, "1000\n"}, {"abc", -EINVAL, "1000\n"}, {"1001", -EINVAL, "1000\n"},
		{"-1001", -EINVAL, "1000\n"}, {"", -EINVAL, "1000\n"}, {"\n", -EINVAL, "1000\n"},
		{"12abc", -EINVAL, "1000\n"}, {"99999999999", -ERANGE, "1000\n"},
		{"-1000", 0, "-1000\n"}, {"--5", -EINVAL, "-1000\n"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(writes); i++) {
		CU_ASSERT_EQUAL(write_adj(pid, writes[i].text, after), writes[i].err);
		CU_ASSERT_STRING_EQUAL(after, writes[i].after);
	}
	CU_ASSERT_EQUAL(write_adj(tid, "42", after), 0);
	char *leader = test_render(show_pid_oom_score_adj, m, pid);
	CU_ASSERT_STRING_EQUAL(leader, "42\n");
	free(leader);
	free(ref);
	teardown();
}

/* fs_readdir's callback: append name and a space. */
static void collect(void *ctx, const char *name)
{
	buf_printf(ctx, "%s ", name);
}

/* The names in directory path, space-separated; NULL if it is missing. */
static char *list_dir(const struct fs_node *root, const char *path)
{
	struct fs_entry e;
	struct buf out = BUF_INIT;

	if (!fs_lookup(root, m, path, &e))
		return NULL;
	fs_readdir(&e, m, collect, &out);
	buf_write(&out, "", 0);
	return out.data;
}

/* fs_lookup() on this test's machine. */
static bool lookup(const struct fs_node *root, const char *path, struct fs_entry *e)
{
	return fs_lookup(root, m, path, e);
}

/* /proc lists processes, not threads; a task's directory holds its files
 * with its pid for arg and its owner; /proc/PID/task lists the threads;
 * everything goes when the task does. */
static void test_task_dirs(void)
{
	setup();
	int pid = task_spawn(m, "nginx", NULL, 33, 1);
	CU_ASSERT_FATAL(pid > 1);
	int tid = task_thread(m, pid);
	struct fs_node *root = fs_tree_build(m);
	struct fs_entry e;
	char path[64], name[16];
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);

	char *proc = list_dir(root, "/proc");
	CU_ASSERT_PTR_NOT_NULL_FATAL(proc);
	snprintf(name, sizeof(name), " %d ", pid);
	CU_ASSERT(!strncmp(proc, "meminfo ", 8) || strstr(proc, " meminfo "));
	CU_ASSERT_PTR_NOT_NULL(strstr(proc, " 1 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(proc, name));
	snprintf(name, sizeof(name), " %d ", tid);
	CU_ASSERT_PTR_NULL(strstr(proc, name));
	free(proc);

	snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", pid);
	CU_ASSERT_FATAL(lookup(root, path, &e));
	CU_ASSERT(e.arg == pid && e.uid == 33 && e.node->store == store_pid_oom_score_adj &&
		  (e.node->mode & 0777) == 0644);
	snprintf(path, sizeof(path), "/proc/%d", pid);
	char *files = list_dir(root, path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(files);
	static const char *const names[] = {"maps ", "smaps ", "smaps_rollup ", "status ", "stat ",
					    "statm ", "cmdline ", "comm ", "oom_score ",
					    "oom_score_adj ", "task "};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(files, names[i]));
	free(files);

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	char *threads = list_dir(root, path);
	char want[32];
	snprintf(want, sizeof(want), "%d %d ", pid, tid);
	CU_ASSERT_STRING_EQUAL(threads, want);
	free(threads);
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	CU_ASSERT(lookup(root, path, &e) && e.arg == tid && e.node->show == show_tid_stat);
	snprintf(path, sizeof(path), "/proc/%d/stat", tid);
	CU_ASSERT(lookup(root, path, &e) && e.arg == tid && e.node->show == show_tgid_stat);
	snprintf(path, sizeof(path), "/proc/1/task/%d", tid);
	CU_ASSERT_FALSE(lookup(root, path, &e));
	snprintf(path, sizeof(path), "/proc/0%d", pid);
	CU_ASSERT_FALSE(lookup(root, path, &e));
	CU_ASSERT(lookup(root, "/proc/meminfo", &e) && e.arg == 0 && e.uid == 0);

	CU_ASSERT_EQUAL(task_exit(m, pid, 0), 0);
	snprintf(path, sizeof(path), "/proc/%d", pid);
	CU_ASSERT_FALSE(lookup(root, path, &e));
	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", pid, tid);
	CU_ASSERT_FALSE(lookup(root, path, &e));
	proc = list_dir(root, "/proc");
	snprintf(name, sizeof(name), " %d ", pid);
	CU_ASSERT_PTR_NULL(strstr(proc, name));
	free(proc);
	struct buf out = BUF_INIT;
	CU_ASSERT_EQUAL(show_pid_status(m, pid, &out), -ESRCH);
	CU_ASSERT_EQUAL(store_pid_oom_score_adj(m, pid, "1", 1, NULL), -ESRCH);
	buf_free(&out);
	fs_tree_free(root);
	teardown();
}

void add_proc_pid_suite(void)
{
	CU_pSuite s = CU_add_suite("proc_pid", NULL, NULL);
	CU_add_test(s, "maps layout", test_maps_layout);
	CU_add_test(s, "maps file line", test_maps_file_line);
	CU_add_test(s, "smaps layout", test_smaps_layout);
	CU_add_test(s, "smaps touched anon", test_smaps_touched_anon);
	CU_add_test(s, "smaps fork shares", test_smaps_fork_shares);
	CU_add_test(s, "smaps locked", test_smaps_locked);
	CU_add_test(s, "smaps THPeligible", test_smaps_thp_eligible);
	CU_add_test(s, "smaps_rollup", test_smaps_rollup);
	CU_add_test(s, "status", test_status);
	CU_add_test(s, "status state", test_status_state);
	CU_add_test(s, "status masks", test_status_masks);
	CU_add_test(s, "stat", test_stat);
	CU_add_test(s, "statm", test_statm);
	CU_add_test(s, "cmdline and comm", test_cmdline_comm);
	CU_add_test(s, "oom_score", test_oom_score);
	CU_add_test(s, "oom_score_adj writes", test_oom_score_adj_writes);
	CU_add_test(s, "task directories", test_task_dirs);
}
