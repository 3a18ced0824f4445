#!/bin/bash
# The mmsim benchmark: model boot and allocator costs (boot_bench), modeled
# faults and fork against the host kernel's (native_bench, then
# fault_bench), then meminfo read costs on the host kernel, a minimal FUSE
# filesystem and mmsimd, both mounted here in fresh folders. Prints
# figures; fails only if something cannot run.
# usage: run.sh BOOT_BENCH READ_BENCH FUSE_FLOOR MMSIMD FAULT_BENCH NATIVE_BENCH
set -u
boot_bench=$1 read_bench=$2 fuse_floor=$3 mmsimd=$4 fault_bench=$5 native_bench=$6

tmp=$(mktemp -d /tmp/mmsim-bench.XXXXXX) || exit 1
floor_mnt=$tmp/floor
mmsim_mnt=$tmp/mmsim
mkdir "$floor_mnt" "$mmsim_mnt"
pids=()

# Unmount what we mounted, give our daemons a moment to exit, then end
# any still running; only the PIDs started here.
cleanup() {
	local mnt pid i
	for mnt in "$floor_mnt" "$mmsim_mnt"; do
		mountpoint -q "$mnt" && { fusermount3 -u "$mnt" 2>/dev/null || umount -l "$mnt"; }
	done
	for pid in "${pids[@]}"; do
		for i in $(seq 20); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	rmdir "$floor_mnt" "$mmsim_mnt" "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Wait up to 10 s for a daemon's file to appear; fail if the daemon died.
wait_for() {
	local file=$1 pid=$2 i
	for i in $(seq 100); do
		[ -r "$file" ] && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "run.sh: $file never appeared" >&2
	return 1
}

echo "mmsim benchmark on $(uname -sr), $(nproc) CPUs; figures only, no pass/fail on time"
echo
"$boot_bench" || exit 1
# native_bench is a process of its own, so its fork copies no modeled
# machine; fault_bench prints the model's figures beside its figures.
native=$("$native_bench") || exit 1
"$fault_bench" $native || exit 1

"$mmsimd" -f --clock manual "$mmsim_mnt" &
pids+=($!)
wait_for "$mmsim_mnt/proc/meminfo" "${pids[-1]}" || exit 1
"$fuse_floor" "$floor_mnt" &
pids+=($!)
wait_for "$floor_mnt/meminfo" "${pids[-1]}" || exit 1

"$read_bench" /proc/meminfo "$floor_mnt/meminfo" "$mmsim_mnt/proc/meminfo"
