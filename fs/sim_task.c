/* sim/ctl commands that drive processes and their address spaces: each
 * takes a pid first and answers with what the syscall would return. */
#include <errno.h>
#include <string.h>

#include "fs/parse.h"
#include "fs/sim.h"
#include "model/fs.h"
#include "model/machine.h"
#include "model/memory.h"
#include "model/mm.h"
#include "model/task.h"

/* The task named by a pid argument, or NULL after an ESRCH reply. */
static struct task_struct *arg_task(struct machine *m, const char *arg, struct buf *reply)
{
	unsigned long pid;
	struct task_struct *t = NULL;
	if (!parse_ulong(arg, &pid) && pid <= 0x7fffffff)
		t = find_task_by_pid(m, (int)pid);
	if (!t)
		ctl_error(reply, -ESRCH, "no such process", arg);
	return t;
}

/* As arg_task, for a task that has an address space. */
static struct mm_struct *arg_mm(struct machine *m, const char *arg, struct buf *reply)
{
	struct task_struct *t = arg_task(m, arg, reply);
	return t ? t->mm : NULL;
}

/* Parse "rwx"-style protection ("r--", "rw", "none"...) into PROT_*. */
static int parse_prot(const char *s, unsigned long *prot)
{
	static const char bits[] = "rwx";
	*prot = PROT_NONE;
	if (!strcmp(s, "none"))
		return 0;
	for (; *s; s++) {
		const char *b = strchr(bits, *s);
		if (*s != '-' && !b)
			return -EINVAL;
		if (b)
			*prot |= 1UL << (b - bits);
	}
	return 0;
}

/* A numeric result: the pid, or the errno's reply. */
static int reply_pid(struct buf *reply, int pid, const char *what)
{
	if (pid < 0)
		return ctl_error(reply, pid, what, strerror(-pid));
	buf_printf(reply, "%d\n", pid);
	return 0;
}

int ctl_spawn(struct machine *m, int argc, char **argv, struct buf *reply)
{
	unsigned long uid = 0;
	const char *image = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "uid=", 4) && !parse_ulong(argv[i] + 4, &uid) &&
		    uid < 0xffffffffUL)
			continue;
		if (!strncmp(argv[i], "image=", 6) && argv[i][6] == '/') {
			image = argv[i] + 6;
			continue;
		}
		return ctl_error(reply, -EINVAL, "unknown option", argv[i]);
	}
	return reply_pid(reply, task_spawn(m, argv[0], image, (unsigned int)uid, 1), "spawn");
}

int ctl_fork(struct machine *m, int argc, char **argv, struct buf *reply)
{
	struct task_struct *t = arg_task(m, argv[0], reply);
	return t ? reply_pid(reply, task_fork(m, t->pid), "fork") : -ESRCH;
}

int ctl_thread(struct machine *m, int argc, char **argv, struct buf *reply)
{
	struct task_struct *t = arg_task(m, argv[0], reply);
	return t ? reply_pid(reply, task_thread(m, t->pid), "thread") : -ESRCH;
}

int ctl_exit(struct machine *m, int argc, char **argv, struct buf *reply)
{
	unsigned long code = 0;
	struct task_struct *t = arg_task(m, argv[0], reply);
	if (!t)
		return -ESRCH;
	if (argc > 1 && (parse_ulong(argv[1], &code) || code > 255))
		return ctl_error(reply, -EINVAL, "exit code must be 0..255", argv[1]);
	int err = task_exit(m, t->pid, (int)code);
	if (err)
		return ctl_error(reply, err, "exit", strerror(-err));
	buf_printf(reply, "ok\n");
	return 0;
}

int ctl_kill(struct machine *m, int argc, char **argv, struct buf *reply)
{
	unsigned long sig = SIGTERM;
	struct task_struct *t = arg_task(m, argv[0], reply);
	if (!t)
		return -ESRCH;
	if (argc > 1 && (parse_ulong(argv[1], &sig) || sig > 64))
		return ctl_error(reply, -EINVAL, "signal must be a number", argv[1]);
	int err = task_kill(m, t->pid, (int)sig);
	if (err)
		return ctl_error(reply, err, "kill", strerror(-err));
	buf_printf(reply, "ok\n");
	return 0;
}

/* What mmap's options ask for. */
struct mmap_request {
	unsigned long addr, prot, flags, offset;
	const char *path;
};

/* Parse one mmap option into req. */
static int parse_mmap_option(const char *opt, struct mmap_request *req)
{
	static const struct {
		const char *word;
		unsigned long flag;
	} words[] = {
		{"fixed", MAP_FIXED},     {"noreplace", MAP_FIXED_NOREPLACE},
		{"populate", MAP_POPULATE}, {"growsdown", MAP_GROWSDOWN},
		{"locked", MAP_LOCKED},   {"noreserve", MAP_NORESERVE},
		{"anon", MAP_ANONYMOUS},
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(opt, words[i].word)) {
			req->flags |= words[i].flag;
			return 0;
		}
	if (!strcmp(opt, "flags=private") || !strcmp(opt, "flags=shared")) {
		req->flags = (req->flags & ~(unsigned long)(MAP_PRIVATE | MAP_SHARED)) |
			     (opt[6] == 'p' ? MAP_PRIVATE : MAP_SHARED);
		return 0;
	}
	if (!strncmp(opt, "addr=", 5))
		return parse_hex(opt + 5, &req->addr);
	if (!strncmp(opt, "prot=", 5))
		return parse_prot(opt + 5, &req->prot);
	if (!strncmp(opt, "offset=", 7)) {
		unsigned long long off;
		int err = parse_size(opt + 7, &off);
		req->offset = (unsigned long)off;
		return err;
	}
	if (!strncmp(opt, "file=", 5) && opt[5] == '/') {
		req->path = opt + 5;
		return 0;
	}
	return -EINVAL;
}

int ctl_mmap(struct machine *m, int argc, char **argv, struct buf *reply)
{
	struct mm_struct *mm = arg_mm(m, argv[0], reply);
	if (!mm)
		return -ESRCH;
	unsigned long long len;
	if (parse_size(argv[1], &len))
		return ctl_error(reply, -EINVAL, "bad length", argv[1]);
	struct mmap_request req = {0, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0, NULL};
	for (int i = 2; i < argc; i++)
		if (parse_mmap_option(argv[i], &req))
			return ctl_error(reply, -EINVAL, "bad option", argv[i]);
	if (req.path && (req.flags & MAP_ANONYMOUS))
		return ctl_error(reply, -EINVAL, "anon and file= exclude each other", NULL);
	if (req.offset & (PAGE_SIZE - 1))
		return ctl_error(reply, -EINVAL, "offset must be page aligned", NULL);
	if (!req.path)
		req.flags |= MAP_ANONYMOUS;

	struct file *file = NULL;
	if (req.path) {
		struct inode *inode = ilookup_path(m, req.path);
		if (!inode)
			return ctl_error(reply, -ENOENT, "no such file", req.path);
		if (!(file = file_open(m, inode)))
			return ctl_error(reply, -ENOMEM, "out of memory", NULL);
	}
	long addr = do_mmap(m, mm, req.addr, (unsigned long)len, req.prot, req.flags, file,
			    req.offset >> PAGE_SHIFT);
	if (file)
		fput(m, file);
	if (addr < 0)
		return ctl_error(reply, (int)addr, "mmap", strerror((int)-addr));
	buf_printf(reply, "0x%lx\n", (unsigned long)addr);
	return 0;
}

/* Parse the ADDR LEN pair of munmap/mprotect/touch. */
static int parse_range(char **argv, unsigned long *addr, unsigned long *len, struct buf *reply)
{
	unsigned long long l;
	if (parse_hex(argv[0], addr))
		return ctl_error(reply, -EINVAL, "bad address", argv[0]);
	if (parse_size(argv[1], &l))
		return ctl_error(reply, -EINVAL, "bad length", argv[1]);
	*len = (unsigned long)l;
	return 0;
}

int ctl_munmap(struct machine *m, int argc, char **argv, struct buf *reply)
{
	unsigned long addr, len;
	struct mm_struct *mm = arg_mm(m, argv[0], reply);
	if (!mm)
		return -ESRCH;
	int err = parse_range(argv + 1, &addr, &len, reply);
	if (!err && (err = do_munmap(m, mm, addr, len)))
		return ctl_error(reply, err, "munmap", strerror(-err));
	if (!err)
		buf_printf(reply, "ok\n");
	return err;
}

int ctl_mprotect(struct machine *m, int argc, char **argv, struct buf *reply)
{
	unsigned long addr, len, prot;
	struct mm_struct *mm = arg_mm(m, argv[0], reply);
	if (!mm)
		return -ESRCH;
	int err = parse_range(argv + 1, &addr, &len, reply);
	if (err)
		return err;
	if (parse_prot(argv[3], &prot))
		return ctl_error(reply, -EINVAL, "bad protection", argv[3]);
	if ((err = do_mprotect(m, mm, addr, len, prot)))
		return ctl_error(reply, err, "mprotect", strerror(-err));
	buf_printf(reply, "ok\n");
	return 0;
}

int ctl_mremap(struct machine *m, int argc, char **argv, struct buf *reply)
{
	unsigned long addr, old_len;
	unsigned long long new_len;
	struct mm_struct *mm = arg_mm(m, argv[0], reply);
	if (!mm)
		return -ESRCH;
	int err = parse_range(argv + 1, &addr, &old_len, reply);
	if (err)
		return err;
	if (parse_size(argv[3], &new_len))
		return ctl_error(reply, -EINVAL, "bad length", argv[3]);
	if (argc > 4 && strcmp(argv[4], "maymove"))
		return ctl_error(reply, -EINVAL, "unknown option", argv[4]);
	long r = do_mremap(m, mm, addr, old_len, (unsigned long)new_len, argc > 4);
	if (r < 0)
		return ctl_error(reply, (int)r, "mremap", strerror((int)-r));
	buf_printf(reply, "0x%lx\n", (unsigned long)r);
	return 0;
}

int ctl_madvise(struct machine *m, int argc, char **argv, struct buf *reply)
{
	unsigned long addr, len;
	struct mm_struct *mm = arg_mm(m, argv[0], reply);
	if (!mm)
		return -ESRCH;
	int err = parse_range(argv + 1, &addr, &len, reply);
	if (!err && (err = do_madvise(m, mm, addr, len, argv[3])))
		return ctl_error(reply, err, "madvise", strerror(-err));
	if (!err)
		buf_printf(reply, "ok\n");
	return err;
}

/* mlock/munlock PID ADDR LEN. */
static int ctl_mlock_common(struct machine *m, char **argv, struct buf *reply, bool lock)
{
	unsigned long addr, len;
	struct mm_struct *mm = arg_mm(m, argv[0], reply);
	if (!mm)
		return -ESRCH;
	int err = parse_range(argv + 1, &addr, &len, reply);
	if (!err && (err = do_mlock(m, mm, addr, len, lock)))
		return ctl_error(reply, err, lock ? "mlock" : "munlock", strerror(-err));
	if (!err)
		buf_printf(reply, "ok\n");
	return err;
}

int ctl_mlock(struct machine *m, int argc, char **argv, struct buf *reply)
{
	return ctl_mlock_common(m, argv, reply, true);
}

int ctl_munlock(struct machine *m, int argc, char **argv, struct buf *reply)
{
	return ctl_mlock_common(m, argv, reply, false);
}

int ctl_brk(struct machine *m, int argc, char **argv, struct buf *reply)
{
	unsigned long brk;
	struct mm_struct *mm = arg_mm(m, argv[0], reply);
	if (!mm)
		return -ESRCH;
	if (parse_hex(argv[1], &brk))
		return ctl_error(reply, -EINVAL, "bad address", argv[1]);
	buf_printf(reply, "0x%lx\n", do_brk(m, mm, brk));
	return 0;
}

int ctl_touch(struct machine *m, int argc, char **argv, struct buf *reply)
{
	unsigned long addr, len, bad;
	struct task_struct *t = arg_task(m, argv[0], reply);
	if (!t)
		return -ESRCH;
	int err = parse_range(argv + 1, &addr, &len, reply);
	if (err)
		return err;
	bool write = !strcmp(argv[3], "write");
	if (!write && strcmp(argv[3], "read"))
		return ctl_error(reply, -EINVAL, "touch takes read or write", argv[3]);
	err = touch_range(m, t, addr, len, write, &bad);
	if (err == -EFAULT) {
		buf_printf(reply, "error: segfault at %lx: pid %d killed\n", bad, t->pid);
		force_sigsegv_fault(m, t, bad, write);
		return err;
	}
	if (err)
		return ctl_error(reply, err, "touch", strerror(-err));
	buf_printf(reply, "ok\n");
	return 0;
}
