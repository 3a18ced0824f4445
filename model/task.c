/* Processes: the task table, exec of modeled x86-64 ELF images, fork,
 * threads, exit and signals (fs/exec.c, fs/binfmt_elf.c, kernel/fork.c,
 * kernel/exit.c). */
#include "model/task.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/fs.h"
#include "model/kmsg.h"
#include "model/machine.h"
#include "model/memory.h"
#include "model/mm.h"
#include "model/slab.h"

#define PAGES_TO_BYTES(n) ((unsigned long)(n) << PAGE_SHIFT)
/* Where a PIE executable loads without randomization (ELF_ET_DYN_BASE). */
#define ELF_ET_DYN_BASE 0x555555554000UL
#define STACK_TOP TASK_SIZE
/* arch_randomize_brk(): the break starts somewhere in the next 1 GiB. */
#define BRK_RND_RANGE (1UL << 30)
/* setup_arg_pages(): the argument pages plus 128 KiB of room to grow. */
#define STACK_INITIAL_PAGES 33
#define THREAD_SIZE_KB 16
#define RESERVED_PIDS 300
#define INIT_PID 1
/* glibc's default thread stack: RLIMIT_STACK, with a guard page below. */
#define THREAD_STACK (8UL << 20)

/* The page-fault error code bits (arch/x86/include/asm/trap_pf.h). */
#define X86_PF_PROT (1UL << 0)
#define X86_PF_WRITE (1UL << 1)
#define X86_PF_USER (1UL << 2)

/* One PT_LOAD segment of an ELF image, in pages, as it is mapped. */
struct elf_segment {
	unsigned long prot;
	unsigned long pages;
	unsigned long file_page; /* offset of the segment in the file */
	bool relro;              /* made read-only by ld.so after relocation */
};

/* A modeled ELF file: its segments and the zero-filled bss after them. */
struct elf_image {
	const char *path;
	struct elf_segment seg[5];
	unsigned long bss_pages;
};

#define R PROT_READ
#define RX (PROT_READ | PROT_EXEC)
#define RW (PROT_READ | PROT_WRITE)

/* Debian 12's ld.so and libc, as their PT_LOAD headers map them. */
static const struct elf_image ld_so = {
	"/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
	{{R, 1, 0, false}, {RX, 0x26, 1, false}, {R, 0xa, 0x27, false}, {RW, 2, 0x31, true},
	 {RW, 2, 0x33, false}},
	0,
};

static const struct elf_image libc = {
	"/usr/lib/x86_64-linux-gnu/libc.so.6",
	{{R, 0x26, 0, false}, {RX, 0x156, 0x26, false}, {R, 0x53, 0x17c, false},
	 {RW, 4, 0x1cf, true}, {RW, 2, 0x1d3, false}},
	0xd,
};

/* A small program's own segments (a PIE like /usr/bin/cat). */
static const struct elf_segment program_segments[5] = {
	{R, 2, 0, false}, {RX, 5, 2, false}, {R, 2, 7, false}, {RW, 1, 9, true},
	{RW, 1, 10, false},
};

/* More CPUs, more pids. */
int pid_max(const struct machine *m)
{
	return m->nr_cpus * 1024 > PID_MAX_DEFAULT ? m->nr_cpus * 1024 : PID_MAX_DEFAULT;
}

/* Index of the first task with pid >= pid in the sorted table. */
static int task_idx(const struct machine *m, int pid)
{
	int lo = 0, hi = m->nr_tasks;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (m->tasks[mid]->pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct task_struct *find_task_by_pid(const struct machine *m, int pid)
{
	int i = task_idx(m, pid);
	return i < m->nr_tasks && m->tasks[i]->pid == pid ? m->tasks[i] : NULL;
}

struct task_struct *next_task(const struct machine *m, int after)
{
	int i = task_idx(m, after + 1);
	return i < m->nr_tasks ? m->tasks[i] : NULL;
}

/* The next free pid after the last one given, wrapping past the reserved
 * low pids (alloc_pid()); 0 when every pid is taken. */
static int alloc_pid(struct machine *m)
{
	int max = pid_max(m);
	for (int tries = 0; tries < max; tries++) {
		int pid = m->last_pid + 1 >= max ? RESERVED_PIDS : m->last_pid + 1;
		m->last_pid = pid;
		if (!find_task_by_pid(m, pid))
			return pid;
	}
	return 0;
}

/* Put t into the table; false without host memory. */
static bool task_insert(struct machine *m, struct task_struct *t)
{
	if (m->nr_tasks == m->tasks_cap) {
		int cap = m->tasks_cap ? m->tasks_cap * 2 : 64;
		struct task_struct **v = realloc(m->tasks, (size_t)cap * sizeof(*v));
		if (!v)
			return false;
		m->tasks = v;
		m->tasks_cap = cap;
	}
	int i = task_idx(m, t->pid);
	memmove(&m->tasks[i + 1], &m->tasks[i], (size_t)(m->nr_tasks - i) * sizeof(*m->tasks));
	m->tasks[i] = t;
	m->nr_tasks++;
	return true;
}

/* The slab objects copy_process() allocates: a thread shares its group's
 * signal, sighand, files, fs and creds, and needs only its own
 * task_struct and pid. Listed in the order they are allocated. */
static const enum kmem_cache_id process_objects[] = {
	KMEM_TASK_STRUCT, KMEM_CRED, KMEM_FILES, KMEM_FS, KMEM_SIGHAND, KMEM_SIGNAL, KMEM_PID,
};
static const enum kmem_cache_id thread_objects[] = {KMEM_TASK_STRUCT, KMEM_PID};

/* The object list of a process or a thread, and its length. */
static const enum kmem_cache_id *task_objects(bool thread, int *n)
{
	*n = thread ? (int)(sizeof(thread_objects) / sizeof(thread_objects[0]))
		    : (int)(sizeof(process_objects) / sizeof(process_objects[0]));
	return thread ? thread_objects : process_objects;
}

/* Give t back its slab objects. */
static void task_free_objects(struct machine *m, struct task_struct *t, bool thread)
{
	int n;
	const enum kmem_cache_id *ids = task_objects(thread, &n);
	while (t->nr_slab_objs > 0) {
		int i = --t->nr_slab_objs;
		kmem_cache_free(m, ids[i], t->slab_objs[i]);
	}
}

/* Charge t's slab objects; false, with none kept, if memory ran out. */
static bool task_alloc_objects(struct machine *m, struct task_struct *t, bool thread)
{
	int n;
	const enum kmem_cache_id *ids = task_objects(thread, &n);
	for (; t->nr_slab_objs < n; t->nr_slab_objs++) {
		unsigned long obj = kmem_cache_alloc(m, ids[t->nr_slab_objs], 0);
		if (obj == SLAB_NONE) {
			task_free_objects(m, t, thread);
			return false;
		}
		t->slab_objs[t->nr_slab_objs] = obj;
	}
	return true;
}

/* A new task with a pid, its slab objects and its kernel stack; NULL
 * with *err set. */
static struct task_struct *task_alloc(struct machine *m, bool thread, int *err)
{
	struct task_struct *t = calloc(1, sizeof(*t));
	if (!t) {
		*err = -ENOMEM;
		return NULL;
	}
	if (!task_alloc_objects(m, t, thread)) {
		free(t);
		*err = -ENOMEM;
		return NULL;
	}
	t->pid = alloc_pid(m);
	if (!t->pid || !task_insert(m, t)) {
		*err = t->pid ? -ENOMEM : -EAGAIN;
		task_free_objects(m, t, thread);
		free(t);
		return NULL;
	}
	t->tgid = t->pid;
	t->state = 'S';
	t->nr_threads = 1;
	t->start_time = m->ticks;
	m->total_forks++;
	mod_node_page_state(m->node_data[0], NR_KERNEL_STACK_KB, THREAD_SIZE_KB);
	return t;
}

/* Drop t from the table and free it. */
/* Note that t ended, for tasks_take_gone(); without host memory the
 * note is lost, and only the file system's cache outlives the task. */
static void note_gone(struct machine *m, const struct task_struct *t)
{
	if (m->nr_gone == m->gone_cap) {
		int cap = m->gone_cap ? m->gone_cap * 2 : 16;
		struct task_gone *g = realloc(m->gone, (size_t)cap * sizeof(*g));
		if (!g)
			return;
		m->gone = g;
		m->gone_cap = cap;
	}
	m->gone[m->nr_gone++] = (struct task_gone){t->pid, t->tgid};
}

int tasks_take_gone(struct machine *m, struct task_gone *out, int max)
{
	int n = m->nr_gone < max ? m->nr_gone : max;
	if (!n)
		return 0;
	memcpy(out, m->gone, (size_t)n * sizeof(*out));
	memmove(m->gone, m->gone + n, (size_t)(m->nr_gone - n) * sizeof(*out));
	m->nr_gone -= n;
	return n;
}

static void task_free(struct machine *m, struct task_struct *t)
{
	note_gone(m, t);
	task_free_objects(m, t, t->tgid != t->pid);
	int i = task_idx(m, t->pid);
	memmove(&m->tasks[i], &m->tasks[i + 1], (size_t)(m->nr_tasks - i - 1) * sizeof(*m->tasks));
	m->nr_tasks--;
	mod_node_page_state(m->node_data[0], NR_KERNEL_STACK_KB, -THREAD_SIZE_KB);
	free(t->cmdline);
	free(t);
}

/* Map one image's segments at base (MAP_FIXED, as elf_map() does after
 * reserving the whole span) and its bss after them. Returns the end of
 * the image, or a negative errno. */
static long map_image(struct machine *m, struct mm_struct *mm, const struct elf_image *img,
		      const struct elf_segment *seg, unsigned long base)
{
	unsigned long size = PAGES_TO_BYTES(seg[4].file_page + seg[4].pages);
	struct inode *inode = iget_path(m, img->path, size);
	struct file *file = inode ? file_open(m, inode) : NULL;
	if (!file)
		return -ENOMEM;
	long err = 0;
	for (int i = 0; i < 5 && err >= 0; i++) {
		unsigned long addr = base + PAGES_TO_BYTES(seg[i].file_page);
		err = do_mmap(m, mm, addr, PAGES_TO_BYTES(seg[i].pages), seg[i].prot,
			      MAP_PRIVATE | MAP_FIXED, file, seg[i].file_page);
		if (err >= 0 && seg[i].relro)
			err = do_mprotect(m, mm, addr, PAGES_TO_BYTES(seg[i].pages), PROT_READ);
	}
	fput(m, file);
	unsigned long end = base + size;
	if (err >= 0 && img->bss_pages)
		err = do_mmap(m, mm, end, PAGES_TO_BYTES(img->bss_pages), RW,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	return err < 0 ? err : (long)(end + PAGES_TO_BYTES(img->bss_pages));
}

/* Map a shared object top-down below mmap_base: reserve its span, then
 * place the segments in it. Returns its base or a negative errno. */
static long map_library(struct machine *m, struct mm_struct *mm, const struct elf_image *img)
{
	const struct elf_segment *last = &img->seg[4];
	unsigned long span = PAGES_TO_BYTES(last->file_page + last->pages + img->bss_pages);
	long base = do_mmap(m, mm, 0, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	if (base < 0)
		return base;
	long end = map_image(m, mm, img, img->seg, (unsigned long)base);
	return end < 0 ? end : base;
}

/* The vDSO and its data pages, right below the interpreter
 * (map_vdso()): [vvar] 4 pages, [vvar_vclock] 2, [vdso] 2. */
static int map_vdso(struct machine *m, struct mm_struct *mm)
{
	static const struct {
		unsigned long pages, vm_flags;
		const char *name;
	} parts[] = {
		{2, VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_DONTEXPAND, "[vdso]"},
		{2, VM_READ | VM_MAYREAD | VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_DONTDUMP,
		 "[vvar_vclock]"},
		{4, VM_READ | VM_MAYREAD | VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_DONTDUMP, "[vvar]"},
	};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		long addr = install_special_mapping(m, mm, PAGES_TO_BYTES(parts[i].pages),
						    parts[i].vm_flags, parts[i].name);
		if (addr < 0)
			return (int)addr;
	}
	return 0;
}

/* The initial stack: 132 KiB below STACK_TOP, argv and envp written at
 * its top (setup_arg_pages(), create_elf_tables()). */
static int setup_stack(struct machine *m, struct task_struct *t)
{
	struct mm_struct *mm = t->mm;
	unsigned long top = STACK_TOP;
	if (m->params.randomize_va_space) /* randomize_stack_top() */
		top -= (machine_random(m) & STACK_RND_MASK) << PAGE_SHIFT;
	unsigned long size = PAGES_TO_BYTES(STACK_INITIAL_PAGES);
	long err = do_mmap(m, mm, top - size, size, RW,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, NULL, 0);
	if (err < 0)
		return (int)err;
	mm->arg_start = top - PAGE_SIZE + 64;
	mm->arg_end = mm->arg_start + t->cmdline_len;
	mm->env_start = mm->arg_end;
	mm->env_end = top - 16;
	mm->start_stack = top - 2 * PAGE_SIZE + 0x730;
	unsigned long bad;
	return touch_range(m, t, top - 2 * PAGE_SIZE, 2 * PAGE_SIZE, true, &bad);
}

/* What running up to main() touches: the first page of every file
 * mapping read, data and bss written (ld.so relocates and initialises
 * them). Returns 0 or a negative errno. */
static int warm_up(struct machine *m, struct task_struct *t)
{
	unsigned long bad;
	for (int i = 0; i < t->mm->map_count; i++) {
		const struct vm_area_struct *v = &t->mm->vmas[i];
		bool data = (v->vm_flags & VM_WRITE) && !(v->vm_flags & VM_GROWSDOWN);
		if (v->vm_name || (!v->vm_file && !data) || !(v->vm_flags & VM_READ))
			continue;
		unsigned long len = data ? v->vm_end - v->vm_start : PAGE_SIZE;
		int err = touch_range(m, t, v->vm_start, len, data, &bad);
		if (err)
			return err;
	}
	return 0;
}

/* Give t a fresh address space laid out as exec of path leaves it: the
 * program at ELF_ET_DYN_BASE with the break after its bss, ld.so and the
 * vDSO below mmap_base, libc below them, the stack at the top. */
static int exec_layout(struct machine *m, struct task_struct *t, const char *path)
{
	struct mm_struct *mm = mm_alloc(m);
	if (!mm)
		return -ENOMEM;
	t->mm = mm;
	mm->mm_users = 1;
	int err = pgd_alloc(m, mm);
	if (err)
		return err;

	struct elf_image prog = {.path = path, .bss_pages = 1};
	memcpy(prog.seg, program_segments, sizeof(prog.seg));
	unsigned long load_bias = ELF_ET_DYN_BASE + arch_mmap_rnd(m);
	long end = map_image(m, mm, &prog, prog.seg, load_bias);
	if (end < 0)
		return (int)end;
	mm->start_code = load_bias + PAGES_TO_BYTES(prog.seg[1].file_page);
	mm->end_code = mm->start_code + PAGES_TO_BYTES(prog.seg[1].pages);
	mm->start_data = load_bias + PAGES_TO_BYTES(prog.seg[3].file_page);
	mm->end_data = load_bias + PAGES_TO_BYTES(prog.seg[4].file_page + prog.seg[4].pages);
	mm->start_brk = mm->brk = (unsigned long)end;
	if (m->params.randomize_va_space) /* arch_randomize_brk() */
		mm->start_brk = mm->brk +=
			(machine_random(m) % (BRK_RND_RANGE >> PAGE_SHIFT)) << PAGE_SHIFT;

	long base = map_library(m, mm, &ld_so);
	if (base >= 0)
		base = map_vdso(m, mm);
	if (base >= 0)
		base = map_library(m, mm, &libc);
	if (base < 0)
		return (int)base;
	err = setup_stack(m, t);
	return err ? err : warm_up(m, t);
}

/* Drop one user of mm; the last frees it (mmput()). */
static void task_put_mm(struct machine *m, struct task_struct *t)
{
	if (t->mm && --t->mm->mm_users == 0)
		mmput(m, t->mm);
	t->mm = NULL;
}

int task_spawn(struct machine *m, const char *name, const char *image, unsigned int uid,
	       int parent)
{
	if (!*name || strchr(name, '/') || strlen(name) >= 256)
		return -EINVAL;
	char path[300];
	snprintf(path, sizeof(path), "%s", image ? image : "");
	if (!image)
		snprintf(path, sizeof(path), "/usr/bin/%s", name);
	if (path[0] != '/')
		return -EINVAL;

	int err;
	struct task_struct *t = task_alloc(m, false, &err);
	if (!t)
		return err;
	snprintf(t->comm, sizeof(t->comm), "%s", name);
	t->uid = t->gid = uid;
	t->ppid = parent;
	t->cmdline_len = strlen(path) + 1;
	t->cmdline = strdup(path);
	err = t->cmdline ? exec_layout(m, t, path) : -ENOMEM;
	if (err) {
		task_put_mm(m, t);
		task_free(m, t);
		return err;
	}
	return t->pid;
}

int task_fork(struct machine *m, int pid)
{
	struct task_struct *p = find_task_by_pid(m, pid);
	if (!p || !p->mm)
		return -ESRCH;
	int err;
	struct task_struct *c = task_alloc(m, false, &err);
	if (!c)
		return err;
	memcpy(c->comm, p->comm, sizeof(c->comm));
	c->uid = p->uid;
	c->gid = p->gid;
	c->ppid = p->tgid;
	c->oom_score_adj = p->oom_score_adj;
	c->cmdline = malloc(p->cmdline_len);
	c->mm = mm_alloc(m);
	err = c->cmdline && c->mm ? 0 : -ENOMEM;
	if (c->mm)
		c->mm->mm_users = 1;
	if (!err) {
		memcpy(c->cmdline, p->cmdline, p->cmdline_len);
		c->cmdline_len = p->cmdline_len;
		err = pgd_alloc(m, c->mm);
	}
	if (!err)
		err = dup_mmap(m, c->mm, p->mm);
	for (int i = 0; !err && i < c->mm->map_count; i++)
		err = copy_page_range(m, c->mm, p->mm, &c->mm->vmas[i]);
	if (!err)
		err = dup_token_shadow(c->mm, p->mm);
	if (err) {
		task_put_mm(m, c);
		task_free(m, c);
		return err;
	}
	return c->pid;
}

int task_thread(struct machine *m, int pid)
{
	struct task_struct *t = find_task_by_pid(m, pid);
	if (!t || !t->mm)
		return -ESRCH;
	struct task_struct *leader = find_task_by_pid(m, t->tgid);
	long stack = do_mmap(m, t->mm, 0, THREAD_STACK + PAGE_SIZE, PROT_NONE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, NULL, 0);
	if (stack < 0)
		return (int)stack;
	int err = do_mprotect(m, t->mm, (unsigned long)stack + PAGE_SIZE, THREAD_STACK, RW);
	struct task_struct *th = err ? NULL : task_alloc(m, true, &err);
	if (!th) {
		do_munmap(m, t->mm, (unsigned long)stack, THREAD_STACK + PAGE_SIZE);
		return err;
	}
	memcpy(th->comm, leader->comm, sizeof(th->comm));
	th->uid = leader->uid;
	th->gid = leader->gid;
	th->tgid = leader->pid;
	th->ppid = leader->ppid;
	th->oom_score_adj = leader->oom_score_adj;
	th->mm = t->mm;
	th->mm->mm_users++;
	leader->nr_threads++;
	return th->pid;
}

int task_exit(struct machine *m, int pid, int code)
{
	struct task_struct *t = find_task_by_pid(m, pid);
	if (!t)
		return -ESRCH;
	int tgid = t->tgid;
	if (tgid == INIT_PID)
		return -EPERM;
	struct task_struct *parent = find_task_by_pid(m, find_task_by_pid(m, tgid)->ppid);
	for (int i = 0; i < m->nr_tasks;) {
		struct task_struct *x = m->tasks[i];
		if (x->ppid == tgid && x->tgid != tgid)
			x->ppid = INIT_PID;
		if (x->tgid != tgid) {
			i++;
			continue;
		}
		if (parent) {
			parent->cmin_flt += x->min_flt + x->cmin_flt;
			parent->cmaj_flt += x->maj_flt + x->cmaj_flt;
		}
		x->exit_code = code;
		task_put_mm(m, x);
		task_free(m, x);
	}
	return 0;
}

int task_kill(struct machine *m, int pid, int sig)
{
	struct task_struct *t = find_task_by_pid(m, pid);
	if (!t)
		return -ESRCH;
	if (sig == 0)
		return 0;
	if (sig != SIGKILL && sig != SIGTERM && sig != SIGSEGV)
		return -EINVAL;
	/* init has no default action for signals (SIGNAL_UNKILLABLE) */
	if (t->tgid == INIT_PID)
		return 0;
	return task_exit(m, pid, sig);
}

int tasks_init(struct machine *m)
{
	int pid = task_spawn(m, "init", "/sbin/init", 0, 0);
	return pid < 0 ? pid : 0;
}

void tasks_free(struct machine *m)
{
	while (m->nr_tasks) {
		struct task_struct *t = m->tasks[m->nr_tasks - 1];
		task_put_mm(m, t);
		task_free(m, t);
	}
	free(m->tasks);
	m->tasks = NULL;
	free(m->gone);
	m->gone = NULL;
}

void force_sigsegv_fault(struct machine *m, struct task_struct *t, unsigned long addr,
			 bool write)
{
	pte_t *pte = follow_pte(m, t->mm, addr);
	unsigned long error = X86_PF_USER | (write ? X86_PF_WRITE : 0) |
			      (pte && pte_present(*pte) ? X86_PF_PROT : 0);
	unsigned long ip = t->mm->start_code;
	unsigned long sp = t->mm->start_stack;
	const struct vm_area_struct *vma = find_vma(t->mm, ip);
	char where[320] = "";
	if (vma && vma->vm_start <= ip && vma->vm_file) {
		const char *path = vma->vm_file->f_inode->path;
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		snprintf(where, sizeof(where), " in %s[%lx,%lx+%lx]", base,
			 ip - vma->vm_start + (vma->vm_pgoff << PAGE_SHIFT), vma->vm_start,
			 vma->vm_end - vma->vm_start);
	}
	int cpu = (int)(t->pid % m->nr_cpus);
	printk(m, t->pid > 1 ? KERN_INFO : KERN_EMERG,
	       "%s[%d]: segfault at %lx ip %016lx sp %016lx error %lx%s likely on CPU %d "
	       "(core %d, socket 0)",
	       t->comm, t->pid, addr, ip, sp, error, where, cpu, cpu);
	task_kill(m, t->pid, SIGSEGV);
}
