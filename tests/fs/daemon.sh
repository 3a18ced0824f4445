# The daemon as a process: command line, configs, machine shape, clocks,
# signals, a killed daemon's dead mount and its recovery, and reading every
# file of the tree the way tools do.
# Usage: bash daemon.sh MMSIMD_PATH SOURCE_ROOT
source "$(dirname "$0")/lib.sh" "$@"

# run_to_exit ARGS...: run mmsimd -f ARGS on a fresh folder when it should
# refuse to start; sets EXIT_STATUS and OUT (what it printed). A daemon that
# wrongly mounts is stopped after EXIT_TIMEOUT and reported as "timeout".
run_to_exit() {
	local dir
	dir=$(mktemp -d) || return 1
	LIB_DIRS+=("$dir")
	"$MMSIMD" -f --clock manual "$@" "$dir" >"$LIB_WORK/run.out" 2>&1 &
	LIB_PID[$dir]=$!
	wait_exit "${LIB_PID[$dir]}"
	unset 'LIB_PID[$dir]'
	is_mounted "$dir" && unmount "$dir"
	OUT=$(cat "$LIB_WORK/run.out")
}

# check_cli: --help and --version answer and exit 0.
check_cli() {
	local out status=0
	out=$("$MMSIMD" --help 2>&1) || status=$?
	check_eq "mmsimd --help exit status" 0 "$status"
	check "mmsimd --help prints a usage: '${out:0:40}'" grep -q "^usage: mmsimd" <<<"$out"
	status=0
	out=$("$MMSIMD" --version 2>&1) || status=$?
	check_eq "mmsimd --version exit status" 0 "$status"
	check "mmsimd --version prints a version: '$out'" \
		grep -qE "^mmsimd [0-9]+\.[0-9]+" <<<"$out"
}

# check_bad_config NAME LINE TEXT: a config file with an error on line LINE
# stops the daemon with a message naming the file and the line.
check_bad_config() {
	local cfg=$LIB_WORK/$1.cfg
	printf '%s' "$3" >"$cfg"
	run_to_exit -c "$cfg"
	check "config $1: exit status non-zero ($EXIT_STATUS)" test "$EXIT_STATUS" != 0 -a \
		"$EXIT_STATUS" != timeout
	check "config $1: message names $cfg:$2: '$OUT'" grep -qF "$cfg:$2:" <<<"$OUT"
}

# check_configs: a syntax error and a bad size.
check_configs() {
	check_bad_config syntax 3 $'machine = {\n\tram = "4G";\n\tcpus = ;\n};\n'
	check_bad_config size 2 $'machine = {\n\tram = "4Q";\n\tcpus = 2;\n};\n'
}

# check_ram_8g: --set ram=8G gives 7.7..8 GiB of MemTotal (the kernel image,
# memmap and firmware take the rest).
check_ram_8g() {
	local total
	mmsim_start --set ram=8G || return
	total=$(meminfo_kb MemTotal)
	check "MemTotal $total kB of an 8G machine is in 7.7..8 GiB" \
		test "$total" -ge $((77 * 1048576 / 10)) -a "$total" -le $((8 * 1048576))
	mmsim_stop "$MNT"
}

# node_meminfo_kb NID FIELD: a node's meminfo value ("Node N FIELD: V kB").
node_meminfo_kb() {
	awk -v f="$2:" '$3 == f { print $4 }' "$MNT/sys/devices/system/node/node$1/meminfo"
}

# check_two_nodes: --set nodes=2 makes node1 with its own meminfo; the two
# add up to the machine's.
check_two_nodes() {
	local field
	check "node1 exists with nodes=2" test -d "$MNT/sys/devices/system/node/node1"
	check "node1 has a meminfo" test -n "$(node_meminfo_kb 1 MemTotal)"
	check "no node2 with nodes=2" test ! -e "$MNT/sys/devices/system/node/node2"
	for field in MemTotal MemFree; do
		check_eq "node0 + node1 $field = $field" "$(meminfo_kb $field)" \
			$(($(node_meminfo_kb 0 $field) + $(node_meminfo_kb 1 $field)))
	done
	check_eq "sys/devices/system/node/online" 0-1 "$(cat "$MNT/sys/devices/system/node/online")"
}

# is_whole_in_one_read FILE: does one read of 8 KiB (or of the whole file,
# when it is larger) return exactly what cat returns?
is_whole_in_one_read() {
	local text size bs=8192
	text=$(cat "$1"; echo .) || return 1
	size=$(cat "$1" | wc -c)
	((size > bs)) && bs=$((size + 4096))
	[[ $(dd if="$1" bs=$bs count=1 status=none; echo .) == "$text" ]]
}

# check_every_file: every readable file of the tree reads whole at once.
check_every_file() {
	local f mode
	while read -r mode f; do
		((8#$mode & 8#400)) || continue
		check "cat ${f#$MNT/}" cat "$f" >/dev/null
		check "${f#$MNT/} comes back whole in one read" is_whole_in_one_read "$f"
	done < <(find "$MNT" -type f -printf '%m %p\n')
}

# ticks: the simulated clock's tick count.
ticks() {
	awk '$1 == "ticks" { print $2 }' "$MNT/sim/clock"
}

# check_realtime: with --clock realtime, ticks advance on their own.
check_realtime() {
	local t0 tries=50
	mmsim_start --clock realtime || return
	t0=$(ticks)
	while ((tries-- > 0)) && (($(ticks) == t0)); do
		sleep 0.1
	done
	check "sim/clock ticks advance by themselves with --clock realtime ($t0 -> $(ticks))" \
		test "$(ticks)" -gt "$t0"
	mmsim_stop "$MNT"
}

# check_manual: with --clock manual, ticks stand still until a step.
check_manual() {
	local t0
	t0=$(ticks)
	sleep 0.3
	check_eq "sim/clock ticks stand still with --clock manual" "$t0" "$(ticks)"
	ctl "step 5"
	check_eq "sim/clock after step 5" $((t0 + 5)) "$(ticks)"
}

# not_mounted DIR: is DIR absent from /proc/mounts?
not_mounted() {
	! is_mounted "$1"
}

# check_signal SIG: the signal unmounts and the daemon exits 0.
check_signal() {
	local dir
	mmsim_start || return
	dir=$MNT
	kill -"$1" "$MPID"
	wait_exit "$MPID"
	unset 'LIB_PID[$dir]'
	check_eq "exit status after SIG$1" 0 "$EXIT_STATUS"
	check "SIG$1 unmounts $dir" not_mounted "$dir"
}

# check_signal_with_open_file: a client holding a file open does not keep
# the daemon from exiting on SIGTERM.
check_signal_with_open_file() {
	local dir fd
	mmsim_start || return
	dir=$MNT
	exec {fd}<"$dir/proc/meminfo"
	kill -TERM "$MPID"
	wait_exit "$MPID"
	unset 'LIB_PID[$dir]'
	exec {fd}<&-
	check_eq "exit status after SIGTERM with a file open" 0 "$EXIT_STATUS"
	check "SIGTERM with a file open unmounts $dir" not_mounted "$dir"
}

# auto_unmount_helper PID: the fusermount3 child that unmounts when PID dies.
auto_unmount_helper() {
	local c
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		[[ $(cat /proc/"$c"/comm 2>/dev/null) == fusermount3 ]] && echo "$c"
	done
}

# check_dead_mount_recovery: SIGKILL of the daemon and of its auto-unmount
# helper leaves a dead mount; a new daemon on the folder recovers it.
check_dead_mount_recovery() {
	local dir helper out
	mmsim_start || return
	dir=$MNT
	# A user restarting at once after the crash: the mount root's attributes
	# are still in the kernel's cache (attr_timeout) when the new daemon
	# looks at the folder.
	ls -ld "$dir" >/dev/null
	helper=$(auto_unmount_helper "$MPID")
	check "the daemon has a fusermount3 --auto-unmount helper" test -n "$helper"
	[[ -n $helper ]] && kill -KILL $helper
	kill -KILL "$MPID"
	wait_exit "$MPID"
	check_eq "the daemon died of SIGKILL" 137 "$EXIT_STATUS"
	out=$(stat "$dir" 2>&1)
	check "stat of the dead mount: '$out'" \
		grep -q "Transport endpoint is not connected" <<<"$out"
	if mmsim_start_on "$dir"; then
		pass
		check "meminfo served again after recovery" test -n "$(meminfo_kb MemTotal)"
		check_eq "one mount on $dir after recovery" 1 \
			"$(awk -v d="$dir" '$2 == d' /proc/mounts | wc -l)"
	fi
}

check_cli
check_configs
check_ram_8g
if mmsim_start --set nodes=2; then
	check_two_nodes
	check_every_file
fi
if mmsim_start; then
	check_every_file
	check_manual
fi
check_realtime
check_signal TERM
check_signal INT
check_signal_with_open_file
check_dead_mount_recovery
finish
