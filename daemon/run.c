/* mmsim-run MOUNT TOOL [ARG]...: run an unmodified tool against a mounted
 * model. The tool gets private mount and PID namespaces with MOUNT/proc
 * bound over /proc and MOUNT/sys over /sys; it is pid 1 there, which
 * procps needs to find itself as /proc/<pid> (the model's init). */
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

/* Print why and return the exit status of a runner failure. */
static int fail(const char *what, const char *arg)
{
	fprintf(stderr, "mmsim-run: %s%s%s: %s\n", what, arg ? " " : "", arg ? arg : "",
		strerror(errno));
	return 125;
}

/* In the child: make mounts private, bind the model over /proc and /sys,
 * exec the tool. Returns only on failure. */
static int enter_model(const char *mount_dir, char **argv)
{
	char path[4096];
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return fail("making mounts private", NULL);
	snprintf(path, sizeof(path), "%s/proc", mount_dir);
	if (mount(path, "/proc", NULL, MS_BIND, NULL))
		return fail("binding", path);
	snprintf(path, sizeof(path), "%s/sys", mount_dir);
	if (mount(path, "/sys", NULL, MS_BIND, NULL))
		return fail("binding", path);
	execvp(argv[0], argv);
	int status = errno == ENOENT ? 127 : 126; /* as a shell reports them */
	fail("running", argv[0]);
	return status;
}

/* Wait for child pid; its exit status, or 128 + the signal that ended
 * it, as a shell reports it. */
static int wait_status(pid_t pid)
{
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return fail("wait", NULL);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* In a child: new mount and PID namespaces, and the tool as their pid 1. */
static int run_in_namespaces(const char *mount_dir, char **argv)
{
	if (unshare(CLONE_NEWNS | CLONE_NEWPID))
		return fail("unshare", NULL);
	pid_t pid = fork();
	if (pid < 0)
		return fail("fork", NULL);
	if (pid == 0)
		_exit(enter_model(mount_dir, argv));
	return wait_status(pid);
}

int main(int argc, char **argv)
{
	bool help = argc == 2 && !strcmp(argv[1], "--help");
	if (argc < 3) {
		fprintf(help ? stdout : stderr,
			"usage: mmsim-run MOUNT TOOL [ARG]...\n"
			"Run TOOL with MOUNT/proc as /proc and MOUNT/sys as /sys, in private\n"
			"mount and PID namespaces (needs root), e.g. mmsim-run /tmp/m free -h\n");
		return help ? 0 : 2;
	}
	/* The namespaces are made in a child, whose own child is then pid 1:
	 * this process stays outside them, as ordinary as its caller. */
	pid_t pid = fork();
	if (pid < 0)
		return fail("fork", NULL);
	if (pid == 0)
		_exit(run_in_namespaces(argv[1], argv + 2));
	return wait_status(pid);
}
