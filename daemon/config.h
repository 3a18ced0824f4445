/* The daemon's configuration: a libconfig file (config/default.cfg documents
 * the format) plus --set overrides, turned into machine_params, a clock mode
 * and a list of /proc/sys/vm settings to apply after boot. */
#ifndef MMSIM_CONFIG_H
#define MMSIM_CONFIG_H

#include <stddef.h>

#include "model/machine.h"

/* SIM_ prefix: <time.h> already owns CLOCK_REALTIME. */
enum sim_clock_mode { SIM_CLOCK_MANUAL, SIM_CLOCK_REALTIME };

/* One vm sysctl to write after boot, kept as the text a write to
 * /proc/sys/vm/<name> would carry, so it meets the same validation. */
struct config_sysctl {
	long row;     /* index in vm_table */
	char *value;
	char *origin; /* "file:line: sysctl.name" or "--set: vm.name", for messages */
};

/* A process the config starts at boot, after init. */
struct config_process {
	char *name;
	char *image; /* NULL: /usr/bin/<name> */
	unsigned int uid;
	char *origin; /* "file:line", for messages */
};

struct mmsim_config {
	struct machine_params params;
	enum sim_clock_mode clock;
	double speed; /* realtime: simulated seconds per wall second */
	struct config_sysctl *sysctls; /* in the order given; one per knob */
	size_t nr_sysctls;
	struct config_process *processes;
	size_t nr_processes;
};

/* Start the config's processes on a booted m whose init runs: 0, or -1
 * naming the entry and the reason in err. */
int config_start_processes(const struct mmsim_config *c, struct machine *m, char *err,
			   size_t errlen);

/* Defaults: machine_params_default(), realtime clock at speed 1, no sysctls.
 * (Not config_init: libconfig owns that name.) */
void config_defaults(struct mmsim_config *c);

/* Read a config file over c. 0, or -1 with "file:line: setting: problem" in
 * err (errlen bytes); on failure c keeps whatever was read before the error
 * and still needs config_free(). */
int config_load(struct mmsim_config *c, const char *path, char *err, size_t errlen);

/* Apply one --set KEY=VALUE: a machine key (ram, cpus, nodes, node_ram as
 * "3G,1G", thp, seed), clock, speed, or vm.<knob>. Later settings win:
 * node_ram sets nodes and ram; ram or nodes go back to an even split.
 * 0, or -1 with the reason in err. */
int config_set(struct mmsim_config *c, const char *key_eq_value, char *err, size_t errlen);

/* Write c's sysctls into a freshly booted m, in order, through
 * store_sysctl(). Call before m is shared (no lock taken). Stops at the
 * first rejected value, which changes nothing, and returns -1 naming the
 * knob, its value and where it was set; 0 when all were accepted. */
int config_apply_sysctls(const struct mmsim_config *c, struct machine *m, char *err,
			 size_t errlen);

/* Release what config_load and config_set allocated. */
void config_free(struct mmsim_config *c);

#endif
