/* The files ps, top and free read besides memory: /proc/self
 * (fs/proc/self.c), /proc/stat (fs/proc/stat.c), /proc/uptime
 * (fs/proc/uptime.c), /proc/loadavg (fs/proc/loadavg.c), /proc/cpuinfo
 * (arch/x86/kernel/cpu/proc.c), /proc/PID/environ (fs/proc/base.c) and
 * the kernel sysctls kernel.pid_max and kernel.osrelease. CPU time is
 * simulated time: no modeled task runs on a CPU yet, so every tick of
 * every CPU is idle time, and no interrupt, context switch or softirq
 * happens. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>

#include "fs/render.h"
#include "model/machine.h"
#include "model/task.h"

/* clock_t units of /proc/stat and /proc/PID/stat (USER_HZ). */
#define USER_HZ 100
#define MSEC_PER_SEC 1000

/* The modeled machine booted at this wall-clock time: 2026-01-01 00:00:00
 * UTC. A constant, so that runs are deterministic; "now" for the model is
 * BTIME plus the simulated uptime. */
#define BTIME 1767225600ULL

/* The task /proc/self names. The kernel points it at the reader's thread
 * group, but whoever reads the mount is no modeled task, so it names init.
 * (A tool run as the first process of a new PID namespace is pid 1, and
 * then the link names the reader, as procps expects.) */
#define SELF_PID 1

/* uname -r of the modeled kernel. */
#define UTS_RELEASE "6.18.0-mmsim"

/* One IO-APIC with 24 pins and no legacy PIC, as on the reference machine
 * (a virtual machine): arch_probe_nr_irqs() sizes the IRQ space from it. */
#define GSI_TOP 24
#define NR_LEGACY_IRQS 0
#define NR_VECTORS 256

/* The softirq vectors, HI to RCU (include/linux/interrupt.h). */
#define NR_SOFTIRQS 10

/* The modeled CPU, as a hypervisor presents a generic x86-64 CPU (QEMU's
 * kvm64) with gigabyte pages (DirectMap1G) and enough physical address
 * bits for the largest machine the model boots. One socket per node, one
 * thread per core. */
static const struct cpuinfo_x86 {
	const char *vendor_id, *model_id, *flags;
	int family, model, stepping, cpuid_level;
	unsigned int cache_size_kb, tsc_khz, clflush_size, phys_bits, virt_bits;
} boot_cpu_data = {
	.vendor_id = "GenuineIntel",
	.model_id = "Common KVM processor",
	.flags = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 "
		 "clflush mmx fxsr sse sse2 syscall nx pdpe1gb lm constant_tsc nopl cpuid "
		 "tsc_known_freq pni cx16 x2apic hypervisor lahf_lm",
	.family = 15,
	.model = 6,
	.stepping = 1,
	.cpuid_level = 13,
	.cache_size_kb = 16384,
	.tsc_khz = 2000000,
	.clflush_size = 64,
	.phys_bits = 46,
	.virt_bits = 48,
};

/* Simulated time since boot in clock_t units. */
static unsigned long long uptime_clock_t(const struct machine *m)
{
	return m->ticks * MSEC_PER_TICK * USER_HZ / MSEC_PER_SEC;
}

/* How many modeled tasks (threads included) are in state, as the
 * scheduler counts them: 'R' for nr_running(), 'D' for nr_iowait(). */
static unsigned int nr_tasks_in_state(const struct machine *m, char state)
{
	unsigned int n = 0;
	for (const struct task_struct *t = next_task(m, 0); t; t = next_task(m, t->pid))
		n += t->state == state;
	return n;
}

/* The size of the IRQ number space (arch_probe_nr_irqs() with MSI): the
 * IO-APIC pins, 16 MSI vectors per pin, 8 per CPU, at most every vector of
 * every CPU. */
static unsigned int nr_irqs(const struct machine *m)
{
	unsigned int nr = GSI_TOP + NR_LEGACY_IRQS + 8 * (unsigned int)m->nr_cpus + GSI_TOP * 16;
	unsigned int max = NR_VECTORS * (unsigned int)m->nr_cpus;
	return nr < max ? nr : max;
}

/* proc_self_get_link(): the pid as a relative target, resolved in /proc. */
int show_proc_self(struct machine *m, long arg, struct buf *out)
{
	buf_printf(out, "%d", SELF_PID);
	return 0;
}

/* One cpu line: user nice system idle iowait irq softirq steal guest
 * guest_nice, of which only idle is ever nonzero here. */
static void show_cpu_line(struct buf *out, const char *label, unsigned long long idle)
{
	buf_printf(out, "%s 0 0 0 %llu 0 0 0 0 0 0\n", label, idle);
}

/* show_stat(): the summed and per-CPU times, the interrupt counts (one
 * zero per IRQ number), then the scheduler's counters. */
int show_stat(struct machine *m, long arg, struct buf *out)
{
	unsigned long long idle = uptime_clock_t(m);
	show_cpu_line(out, "cpu ", idle * (unsigned long long)m->nr_cpus);
	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		char label[16];
		snprintf(label, sizeof(label), "cpu%d", cpu);
		show_cpu_line(out, label, idle);
	}
	buf_printf(out, "intr 0");
	for (unsigned int irq = nr_irqs(m); irq; irq--)
		buf_write(out, " 0", 2);
	buf_printf(out, "\nctxt 0\nbtime %llu\nprocesses %lu\nprocs_running %u\n"
			"procs_blocked %u\n", BTIME, m->total_forks, nr_tasks_in_state(m, 'R'),
		   nr_tasks_in_state(m, 'D'));
	buf_printf(out, "softirq 0");
	for (int i = 0; i < NR_SOFTIRQS; i++)
		buf_write(out, " 0", 2);
	buf_write(out, "\n", 1);
	return 0;
}

/* uptime_proc_show(): seconds since boot and the idle seconds summed over
 * the CPUs, both to hundredths. */
int show_uptime(struct machine *m, long arg, struct buf *out)
{
	unsigned long long up = uptime_clock_t(m);
	unsigned long long idle = up * (unsigned long long)m->nr_cpus;
	buf_printf(out, "%llu.%02llu %llu.%02llu\n", up / USER_HZ, up % USER_HZ, idle / USER_HZ,
		   idle % USER_HZ);
	return 0;
}

/* loadavg_proc_show(): the 1, 5 and 15 minute load averages, runnable
 * and total tasks, the last pid handed out. No task is ever runnable or
 * blocked yet, so every average (avenrun[]) stays at zero. */
int show_loadavg(struct machine *m, long arg, struct buf *out)
{
	buf_printf(out, "0.00 0.00 0.00 %u/%d %d\n", nr_tasks_in_state(m, 'R'), m->nr_tasks,
		   m->last_pid);
	return 0;
}

/* The node whose CPUs include cpu: its socket. */
static const struct pglist_data *cpu_to_node(const struct machine *m, int cpu)
{
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		const struct pglist_data *pgdat = m->node_data[nid];
		if (cpu >= pgdat->first_cpu && cpu < pgdat->first_cpu + pgdat->nr_cpus)
			return pgdat;
	}
	return m->node_data[0];
}

/* show_cpuinfo_core(): where cpu sits, its socket being its node. */
static void show_cpuinfo_core(struct buf *out, const struct machine *m, int cpu)
{
	const struct pglist_data *pgdat = cpu_to_node(m, cpu);
	buf_printf(out, "physical id\t: %d\nsiblings\t: %d\ncore id\t\t: %d\ncpu cores\t: %d\n",
		   pgdat->node_id, pgdat->nr_cpus, cpu - pgdat->first_cpu, pgdat->nr_cpus);
	buf_printf(out, "apicid\t\t: %d\ninitial apicid\t: %d\n", cpu, cpu);
}

/* show_cpuinfo() for one CPU. The delay loop is calibrated to one loop
 * a TSC cycle, and a BogoMIPS is 500000 loops a second. */
static void show_cpuinfo(struct buf *out, const struct machine *m, int cpu)
{
	const struct cpuinfo_x86 *c = &boot_cpu_data;
	buf_printf(out, "processor\t: %d\nvendor_id\t: %s\ncpu family\t: %d\nmodel\t\t: %d\n"
			"model name\t: %s\nstepping\t: %d\n", cpu, c->vendor_id, c->family,
		   c->model, c->model_id, c->stepping);
	buf_printf(out, "cpu MHz\t\t: %u.%03u\ncache size\t: %u KB\n", c->tsc_khz / 1000,
		   c->tsc_khz % 1000, c->cache_size_kb);
	show_cpuinfo_core(out, m, cpu);
	buf_printf(out, "fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %d\nwp\t\t: yes\n",
		   c->cpuid_level);
	buf_printf(out, "flags\t\t: %s\nbugs\t\t:\n", c->flags);
	buf_printf(out, "bogomips\t: %u.%02u\n", c->tsc_khz / 500, c->tsc_khz / 5 % 100);
	buf_printf(out, "clflush size\t: %u\ncache_alignment\t: %u\n", c->clflush_size,
		   c->clflush_size);
	buf_printf(out, "address sizes\t: %u bits physical, %u bits virtual\n", c->phys_bits,
		   c->virt_bits);
	buf_printf(out, "power management:\n\n");
}

/* /proc/cpuinfo: every online CPU in turn. */
int show_cpuinfo_all(struct machine *m, long arg, struct buf *out)
{
	for (int cpu = 0; cpu < m->nr_cpus; cpu++)
		show_cpuinfo(out, m, cpu);
	return 0;
}

/* environ_read(): the model keeps no environment strings on a process's
 * stack, so there is nothing to read, as for a task without an mm. */
int show_pid_environ(struct machine *m, long pid, struct buf *out)
{
	return pid > 0 && pid <= INT_MAX && find_task_by_pid(m, (int)pid) ? 0 : -ESRCH;
}

/* kernel.pid_max. */
int show_kernel_pid_max(struct machine *m, long arg, struct buf *out)
{
	buf_printf(out, "%d\n", pid_max(m));
	return 0;
}

/* kernel.osrelease: the modeled kernel's release. */
int show_kernel_osrelease(struct machine *m, long arg, struct buf *out)
{
	buf_printf(out, "%s\n", UTS_RELEASE);
	return 0;
}
