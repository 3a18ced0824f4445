/* mmsimd: boot a modeled machine from a config and serve it as a
 * procfs/sysfs over FUSE until unmounted or signalled. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/clock.h"
#include "daemon/config.h"
#include "fs/fuse_ops.h"
#include "model/machine.h"
#include "model/task.h"

#define MMSIM_VERSION "0.1.0"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: mmsimd [-f] [-d] [-c CONFIG] [--set KEY=VALUE]... [--clock manual|realtime]\n"
		"              [--seed N] [-o FUSE_OPTIONS] MOUNTPOINT\n"
		"\n"
		"Run a model of an x86-64 Linux machine's memory manager and mount it as\n"
		"MOUNTPOINT/proc, MOUNTPOINT/sys and the control surface MOUNTPOINT/sim.\n"
		"\n"
		"  -f, --foreground     stay in the foreground\n"
		"  -d, --debug          FUSE debug output (implies -f)\n"
		"  -c, --config FILE    machine description (libconfig); default: built-in,\n"
		"                       the same machine as config/default.cfg\n"
		"  -s, --set KEY=VALUE  override a setting: ram, cpus, nodes, node_ram, thp,\n"
		"                       seed, clock, speed, or vm.<knob> (e.g. --set ram=1T)\n"
		"      --clock MODE     manual (time moves on 'step') or realtime\n"
		"      --seed N         seed of the model's random choices\n"
		"  -o OPTIONS           extra FUSE mount options\n"
		"  -h, --help           this text\n"
		"  -V, --version        the version\n");
}

/* Boot-time errors go to stderr with the daemon's name, exit status 1. */
static int fail(const char *what)
{
	fprintf(stderr, "mmsimd: %s\n", what);
	return 1;
}

static int start_clock(void *arg)
{
	return clock_start(arg);
}

static void stop_clock(void *arg)
{
	clock_stop(arg);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"foreground", no_argument, NULL, 'f'}, {"debug", no_argument, NULL, 'd'},
		{"config", required_argument, NULL, 'c'}, {"set", required_argument, NULL, 's'},
		{"clock", required_argument, NULL, 'C'}, {"seed", required_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct mmsim_config cfg;
	struct fs_mount_opts mo = {0};
	const char *config_path = NULL;
	char *sets[argc]; /* --set, --clock and --seed, applied after the file */
	int nr_sets = 0;
	char err[1024];
	int opt, ret = 1;

	while ((opt = getopt_long(argc, argv, "fdc:s:o:hV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f': mo.foreground = true; break;
		case 'd': mo.debug = mo.foreground = true; break;
		case 'c': config_path = optarg; break;
		case 's':
			if (!(sets[nr_sets++] = strdup(optarg)))
				return fail("out of memory");
			break;
		case 'C':
		case 'S':
			if (asprintf(&sets[nr_sets++], "%s=%s", opt == 'C' ? "clock" : "seed", optarg) < 0)
				return fail("out of memory");
			break;
		case 'o': mo.extra_options = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("mmsimd " MMSIM_VERSION "\n"); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	mo.mountpoint = argv[optind];

	config_defaults(&cfg);
	int bad = config_path && config_load(&cfg, config_path, err, sizeof(err));
	for (int i = 0; i < nr_sets; i++) {
		bad = bad || config_set(&cfg, sets[i], err, sizeof(err));
		free(sets[i]);
	}
	if (bad) {
		config_free(&cfg);
		return fail(err);
	}

	const char *why;
	struct machine *m = machine_boot(&cfg.params, &why);
	if (!m) {
		config_free(&cfg);
		return fail(why);
	}
	struct fs_context fctx = {.machine = m, .root = NULL};
	struct sim_clock clk = {.m = m, .fs = &fctx, .mode = cfg.clock, .speed = cfg.speed};
	if (config_apply_sysctls(&cfg, m, err, sizeof(err))) {
		fail(err);
	} else if (tasks_init(m)) {
		fail("out of memory starting init");
	} else if (config_start_processes(&cfg, m, err, sizeof(err))) {
		fail(err);
	} else if (!(fctx.root = fs_tree_build(m))) {
		fail("out of memory building the file tree");
	} else {
		mo.started = start_clock;
		mo.stopping = stop_clock;
		mo.arg = &clk;
		ret = fs_serve(&fctx, &mo);
	}
	fs_tree_free(fctx.root);
	machine_free(m);
	config_free(&cfg);
	return ret;
}
