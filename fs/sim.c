/* MOUNT/sim: the simulator's control surface. sim/ctl takes one command a
 * line; each command is a row of a table (name, argument counts, handler,
 * usage), and its answer is the reply read back from the same open file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fs/parse.h"
#include "fs/render.h"
#include "fs/sim.h"
#include "model/check.h"
#include "model/kmsg.h"
#include "model/machine.h"
#include "model/workload.h"

#define CTL_LINE_MAX 4096
#define CTL_MAX_ARGS 16
#define STEP_MAX 100000000UL
#define ALLOC_COUNT_MAX 65536UL

/* Reply with a one-line error and return err. */
int ctl_error(struct buf *reply, int err, const char *what, const char *arg)
{
	buf_printf(reply, "error: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
	return err;
}

/* step N: advance simulated time by N ticks. */
static int ctl_step(struct machine *m, int argc, char **argv, struct buf *reply)
{
	unsigned long n = 1;
	if (argc && (parse_ulong(argv[0], &n) || n > STEP_MAX))
		return ctl_error(reply, -EINVAL, "step takes a tick count up to 100000000", argv[0]);
	for (unsigned long i = 0; i < n; i++)
		machine_tick(m);
	buf_printf(reply, "ok\n");
	return 0;
}

/* The options an alloc command may give after ORDER [COUNT]. */
struct alloc_request {
	gfp_t gfp;
	int nid;
};

/* Parse one KEY=VALUE (or "atomic") option of alloc into req. */
static int parse_alloc_option(const struct machine *m, const char *opt, struct alloc_request *req)
{
	static const struct {
		const char *word;
		gfp_t gfp;
	} zones[] = {{"zone=DMA", __GFP_DMA}, {"zone=DMA32", __GFP_DMA32}, {"zone=Normal", 0}},
	  types[] = {{"type=unmovable", 0},
		     {"type=movable", __GFP_MOVABLE},
		     {"type=reclaimable", __GFP_RECLAIMABLE}};
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (!strcmp(opt, zones[i].word)) {
			req->gfp = (req->gfp & ~(__GFP_DMA | __GFP_DMA32)) | zones[i].gfp;
			return 0;
		}
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(opt, types[i].word)) {
			req->gfp = (req->gfp & ~(__GFP_MOVABLE | __GFP_RECLAIMABLE)) | types[i].gfp;
			return 0;
		}
	if (!strcmp(opt, "atomic")) {
		req->gfp = (req->gfp & ~GFP_KERNEL) | GFP_ATOMIC;
		return 0;
	}
	unsigned long nid;
	if (!strncmp(opt, "node=", 5) && !parse_ulong(opt + 5, &nid) && nid < (unsigned long)m->nr_nodes) {
		req->nid = (int)nid;
		return 0;
	}
	return -EINVAL;
}

/* alloc ORDER [COUNT] [zone=Z] [node=N] [type=T] [atomic]: take blocks
 * through the page allocator and hold them; reply with their pfns. */
static int ctl_alloc(struct machine *m, int argc, char **argv, struct buf *reply)
{
	unsigned long order, count = 1;
	if (parse_ulong(argv[0], &order) || order > MAX_PAGE_ORDER)
		return ctl_error(reply, -EINVAL, "order must be 0..10", argv[0]);
	int first_opt = 1;
	if (argc > 1 && !strchr(argv[1], '=') && strcmp(argv[1], "atomic")) {
		if (parse_ulong(argv[1], &count) || !count || count > ALLOC_COUNT_MAX)
			return ctl_error(reply, -EINVAL, "count must be 1..65536", argv[1]);
		first_opt = 2;
	}
	struct alloc_request req = {GFP_KERNEL, 0};
	for (int i = first_opt; i < argc; i++)
		if (parse_alloc_option(m, argv[i], &req))
			return ctl_error(reply, -EINVAL, "unknown option", argv[i]);

	struct buf pfns = BUF_INIT;
	unsigned long done = 0;
	for (; done < count; done++) {
		unsigned long pfn = sim_alloc_pages(m, req.gfp, (unsigned int)order, req.nid);
		if (pfn == PFN_NONE)
			break;
		buf_printf(&pfns, "%s%lu", done ? " " : "", pfn);
	}
	int ret = 0;
	if (done < count) {
		buf_printf(reply, "error: out of memory after %lu of %lu blocks (held:%s%s)\n", done,
			   count, done ? " " : "", pfns.len ? pfns.data : "");
		ret = -ENOMEM;
	} else {
		buf_printf(reply, "%s\n", pfns.data);
	}
	buf_free(&pfns);
	return ret;
}

/* free PFN... | free all: give held blocks back. */
static int ctl_free(struct machine *m, int argc, char **argv, struct buf *reply)
{
	if (argc == 1 && !strcmp(argv[0], "all")) {
		buf_printf(reply, "%lu\n", sim_free_all(m));
		return 0;
	}
	unsigned long pfns[CTL_MAX_ARGS];
	for (int i = 0; i < argc; i++) {
		if (parse_ulong(argv[i], &pfns[i]) || pfns[i] >= m->max_pfn ||
		    !(pfn_to_page(m, pfns[i])->flags & PG_sim))
			return ctl_error(reply, -EINVAL, "not a block held by alloc", argv[i]);
		for (int j = 0; j < i; j++)
			if (pfns[j] == pfns[i])
				return ctl_error(reply, -EINVAL, "pfn given twice", argv[i]);
	}
	for (int i = 0; i < argc; i++)
		sim_free_pages(m, pfns[i]);
	buf_printf(reply, "ok\n");
	return 0;
}

static int ctl_help(struct machine *m, int argc, char **argv, struct buf *reply);

static const struct ctl_command commands[] = {
	{"step", 0, 1, ctl_step, "step [N]                      advance N ticks (10 ms each)"},
	{"alloc", 1, 6, ctl_alloc,
	 "alloc ORDER [COUNT] [zone=DMA|DMA32|Normal] [node=N] [type=unmovable|movable|reclaimable]"
	 " [atomic]"},
	{"free", 1, CTL_MAX_ARGS, ctl_free, "free PFN...|all               release alloc'd blocks"},
	{"spawn", 1, 3, ctl_spawn, "spawn NAME [uid=N] [image=PATH]   start a process; replies its pid"},
	{"fork", 1, 1, ctl_fork, "fork PID                      replies the child's pid"},
	{"thread", 1, 1, ctl_thread, "thread PID                    replies the new thread's tid"},
	{"exit", 1, 2, ctl_exit, "exit PID [CODE]               end the process"},
	{"kill", 1, 2, ctl_kill, "kill PID [SIG]                9, 11, 15 end it; 0 checks it exists"},
	{"mmap", 2, 11, ctl_mmap,
	 "mmap PID LEN [addr=HEX] [prot=rwx] [flags=private|shared] [anon|file=PATH offset=N]"
	 " [fixed|noreplace] [populate] [growsdown] [locked] [noreserve]"},
	{"munmap", 3, 3, ctl_munmap, "munmap PID ADDR LEN"},
	{"mprotect", 4, 4, ctl_mprotect, "mprotect PID ADDR LEN PROT    PROT like rw- or none"},
	{"mremap", 4, 5, ctl_mremap, "mremap PID ADDR OLD NEW [maymove] replies the new address"},
	{"madvise", 4, 4, ctl_madvise,
	 "madvise PID ADDR LEN ADVICE   dontneed|free|willneed|normal|random|sequential|"
	 "hugepage|nohugepage|dontfork|dofork|dontdump|dodump"},
	{"mlock", 3, 3, ctl_mlock, "mlock PID ADDR LEN"},
	{"munlock", 3, 3, ctl_munlock, "munlock PID ADDR LEN"},
	{"brk", 2, 2, ctl_brk, "brk PID ADDR                  replies the new break"},
	{"touch", 4, 4, ctl_touch, "touch PID ADDR LEN read|write access every page of the range"},
	{"help", 0, 0, ctl_help, "help                          list commands"},
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* help: one usage line per command. */
static int ctl_help(struct machine *m, int argc, char **argv, struct buf *reply)
{
	for (size_t i = 0; i < NR_COMMANDS; i++)
		buf_printf(reply, "%s\n", commands[i].usage);
	return 0;
}

/* Split line into words in place; returns the count, or -1 if too many. */
static int split_words(char *line, char **words)
{
	int n = 0;
	char *save;
	for (char *tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (n == CTL_MAX_ARGS + 1)
			return -1;
		words[n++] = tok;
	}
	return n;
}

/* Run one command line. */
static int run_line(struct machine *m, char *line, struct buf *reply)
{
	char *words[CTL_MAX_ARGS + 1];
	int n = split_words(line, words);
	if (n < 0)
		return ctl_error(reply, -E2BIG, "too many words", NULL);
	if (n == 0)
		return ctl_error(reply, -EINVAL, "empty command", NULL);
	for (size_t i = 0; i < NR_COMMANDS; i++) {
		const struct ctl_command *c = &commands[i];
		if (strcmp(words[0], c->name))
			continue;
		if (n - 1 < c->min_args || n - 1 > c->max_args)
			return ctl_error(reply, -EINVAL, "usage", c->usage);
		return c->run(m, n - 1, words + 1, reply);
	}
	return ctl_error(reply, -EINVAL, "unknown command (try help)", words[0]);
}

int store_sim_ctl(struct machine *m, long arg, const char *text, size_t len, struct buf *reply)
{
	if (len > CTL_LINE_MAX)
		return ctl_error(reply, -E2BIG, "command longer than 4096 bytes", NULL);
	if (memchr(text, '\0', len))
		return ctl_error(reply, -EINVAL, "NUL byte in command", NULL);
	char *copy = strndup(text, len);
	if (!copy)
		return -ENOMEM;
	int ret = 0;
	char *save;
	for (char *line = strtok_r(copy, "\n", &save); line && !ret; line = strtok_r(NULL, "\n", &save))
		ret = run_line(m, line, reply);
	if (!ret && !reply->len)
		ret = ctl_error(reply, -EINVAL, "empty command", NULL);
	free(copy);
	return ret;
}

int show_sim_clock(struct machine *m, long arg, struct buf *out)
{
	unsigned long long ms = m->ticks * MSEC_PER_TICK;
	buf_printf(out, "ticks %llu\nseconds %llu.%03llu\n", (unsigned long long)m->ticks, ms / 1000,
		   ms % 1000);
	return 0;
}

int show_sim_dmesg(struct machine *m, long arg, struct buf *out)
{
	const struct kmsg_record *r;
	for (uint64_t i = 0; (r = kmsg_record(m, i)); i++)
		buf_printf(out, "<%d>[%5llu.%06llu] %s\n", r->level,
			   (unsigned long long)(r->ts_usec / 1000000),
			   (unsigned long long)(r->ts_usec % 1000000), r->text);
	return 0;
}

/* One violation, one line of sim/check. */
static void check_line(void *out, const char *msg)
{
	buf_printf(out, "%s\n", msg);
}

int show_sim_check(struct machine *m, long arg, struct buf *out)
{
	if (!machine_check(m, check_line, out))
		buf_printf(out, "ok\n");
	return 0;
}
