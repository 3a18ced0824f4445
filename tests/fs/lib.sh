# Shared part of the shell tests that mount mmsimd. Source it with the
# test's arguments: `source lib.sh MMSIMD_PATH SOURCE_ROOT`. It counts checks,
# starts daemons on fresh folders, and on any exit unmounts, stops only the
# daemons it started and removes its folders.

MMSIMD=${1:?usage: $0 MMSIMD_PATH SOURCE_ROOT}
SRC=${2:?usage: $0 MMSIMD_PATH SOURCE_ROOT}
REF=$SRC/tests/reference/linux-6.18

# How long a daemon may take to serve, or to exit once told to (seconds).
MOUNT_TIMEOUT=10
EXIT_TIMEOUT=10

PASSED=0
FAILED=0
LIB_DIRS=()          # mountpoints made by mmsim_start
declare -A LIB_PID   # mountpoint -> pid of the daemon serving it
LIB_WORK=$(mktemp -d) || exit 1
cd "$LIB_WORK" || exit 1 # stray output files land in the work folder

# pass / fail DESCRIPTION: count one check; a failure prints one line.
pass() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL: %s\n' "$*"; }

# check DESCRIPTION CMD...: one check that passes when CMD succeeds.
check() {
	local what=$1
	shift
	if "$@"; then pass; else fail "$what"; fi
}

# check_eq DESCRIPTION EXPECTED GOT: one check that two strings are equal.
check_eq() {
	if [[ "$2" == "$3" ]]; then pass; else fail "$1: expected '$2', got '$3'"; fi
}

# is_mounted DIR: is DIR a mountpoint in /proc/mounts?
is_mounted() {
	awk -v d="$1" '$2 == d { found = 1 } END { exit !found }' /proc/mounts
}

# pid_alive PID: is PID still running (and not a zombie)?
pid_alive() {
	[[ -e /proc/$1 ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# mmsim_start [ARGS...]: run `mmsimd -f --clock manual ARGS DIR` in the
# background on a fresh folder DIR and wait until it serves proc/meminfo.
# Sets MNT (the folder) and MPID (the daemon); later ARGS override the
# clock. Returns 1 (with the daemon's output in MLOG) if it never served.
mmsim_start() {
	local dir
	dir=$(mktemp -d) || return 1
	LIB_DIRS+=("$dir")
	mmsim_start_on "$dir" "$@"
}

# mmsim_start_on DIR [ARGS...]: mmsim_start on a given folder. SIGINT is
# reset to its default, as an interactive shell would leave it (bash makes
# background jobs of a script ignore it).
mmsim_start_on() {
	MNT=$1
	shift
	MLOG=$LIB_WORK/$(basename "$MNT").log
	env --default-signal=INT "$MMSIMD" -f --clock manual "$@" "$MNT" >"$MLOG" 2>&1 &
	MPID=$!
	LIB_PID[$MNT]=$MPID
	local tries=$((MOUNT_TIMEOUT * 10))
	while ((tries-- > 0)); do
		# Read, not just look: a dead mount's cached entries still exist.
		read -r _ 2>/dev/null <"$MNT/proc/meminfo" && return 0
		pid_alive "$MPID" || break
		sleep 0.1
	done
	fail "mmsimd $* did not serve $MNT within ${MOUNT_TIMEOUT}s: $(head -c 300 "$MLOG")"
	return 1
}

# wait_exit PID: wait (bounded) for our child PID to end and set
# EXIT_STATUS to its exit status, or to "timeout" after killing it. Its
# stderr is closed to bash's "Killed" notice for a daemon a test killed.
wait_exit() {
	local tries=$((EXIT_TIMEOUT * 10))
	while ((tries-- > 0)) && pid_alive "$1"; do
		sleep 0.1
	done
	if pid_alive "$1"; then
		kill -KILL "$1"
		wait "$1"
		EXIT_STATUS=timeout
		return
	fi
	EXIT_STATUS=0
	wait "$1" || EXIT_STATUS=$?
} 2>/dev/null

# unmount DIR: detach a FUSE mount, lazily if it is busy or dead.
unmount() {
	fusermount3 -u "$1" 2>/dev/null || umount -l "$1" 2>/dev/null
}

# mmsim_stop DIR: unmount DIR and reap its daemon (EXIT_STATUS).
mmsim_stop() {
	unmount "$1"
	wait_exit "${LIB_PID[$1]}"
	unset 'LIB_PID[$1]'
}

# lib_cleanup: the EXIT trap. Nothing the test started may outlive it.
lib_cleanup() {
	local dir pid
	for dir in "${LIB_DIRS[@]}"; do
		is_mounted "$dir" && unmount "$dir"
	done
	for pid in "${LIB_PID[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${LIB_PID[@]}"; do
		wait_exit "$pid"
	done
	for dir in "${LIB_DIRS[@]}"; do
		is_mounted "$dir" || rmdir "$dir" 2>/dev/null
	done
	rm -rf "$LIB_WORK"
}
trap lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# finish: the model's invariants on every daemon still serving, the
# closing check that no mount is left behind, the summary line, and the
# exit status.
finish() {
	local dir
	for dir in "${!LIB_PID[@]}"; do
		if pid_alive "${LIB_PID[$dir]}" && is_mounted "$dir"; then
			check_eq "sim/check on $dir at the end" ok "$(cat "$dir/sim/check" 2>&1)"
			check_eq "no BUG lines in sim/dmesg on $dir" "" \
				"$(grep 'BUG:' "$dir/sim/dmesg" 2>&1)"
		fi
		mmsim_stop "$dir"
	done
	for dir in "${LIB_DIRS[@]}"; do
		if is_mounted "$dir"; then
			fail "$dir is still mounted at the end"
			unmount "$dir"
		fi
	done
	echo "$PASSED passed, $FAILED failed"
	((FAILED == 0))
	exit
}

# ---- reading the mount ------------------------------------------------------

# meminfo_kb FIELD: a /proc/meminfo value of the mount MNT (kB or count).
meminfo_kb() {
	awk -v f="$1:" '$1 == f { print $2 }' "$MNT/proc/meminfo"
}

# vmstat_val NAME: a /proc/vmstat counter of the mount MNT.
vmstat_val() {
	awk -v f="$1" '$1 == f { print $2 }' "$MNT/proc/vmstat"
}

# vm_read KNOB: the text of /proc/sys/vm/KNOB, without its newline.
vm_read() {
	local v
	v=$(cat "$MNT/proc/sys/vm/$1") && printf '%s' "$v"
}

# write_file FILE TEXT: `echo TEXT > FILE` as a user types it; the status
# is the write's, and WRITE_ERR holds what bash printed.
write_file() {
	WRITE_ERR=$( { echo "$2" >"$1"; } 2>&1)
}

# zones_table: one line per zone of the mount's /proc/zoneinfo:
# "node zone free min low high spanned present managed start_pfn boost p0 p1 ..."
# where p0.. are the zone's protection: entries.
zones_table() {
	awk '
	function flush() {
		if (zone != "") print node, zone, free, mn, lo, hi, sp, pr, mg, st, bo, prot
	}
	/^Node/ { flush(); node = $2; sub(/,/, "", node); zone = $4; st = -1; prot = "" }
	$1 == "pages" && $2 == "free" { free = $3 }
	$1 == "min" { mn = $2 } $1 == "low" { lo = $2 } $1 == "high" { hi = $2 }
	$1 == "boost" { bo = $2 } $1 == "spanned" { sp = $2 } $1 == "present" { pr = $2 }
	$1 == "managed" { mg = $2 } $1 == "start_pfn:" { st = $2 }
	$1 == "protection:" {
		prot = $0; sub(/.*\(/, "", prot); sub(/\).*/, "", prot); gsub(/,/, "", prot)
	}
	END { flush() }' "$MNT/proc/zoneinfo"
}

# ctl COMMAND: run one sim/ctl command through a fresh descriptor; REPLY is
# its first reply line, and the status is the write's.
ctl() {
	local status=0
	exec {LIB_CTL_FD}<>"$MNT/sim/ctl" || return 1
	echo "$1" >&"$LIB_CTL_FD" 2>/dev/null || status=1
	REPLY=
	read -r REPLY <&"$LIB_CTL_FD"
	exec {LIB_CTL_FD}>&-
	return $status
}
