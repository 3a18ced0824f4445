# Unmodified procps tools against the mount: ps (three formats), pmap -x,
# free -k and top -b, each run with the mount's proc bound over /proc in
# private mount and PID namespaces, and their output checked against the
# files they read. Skipped, exit 0, where namespaces are not permitted.
# Usage: bash clients.sh MMSIMD_PATH SOURCE_ROOT
source "$(dirname "$0")/lib.sh" "$@"

# ---- running a tool on the model ---------------------------------------------

# in_model TOOL ARGS...: run TOOL through mmsim-run, which binds the
# mount's proc and sys over /proc and /sys in new mount and PID namespaces
# (procps looks itself up by getpid() in /proc: pid 1 there, the model's
# init, where the model's /proc/self also points).
MMSIM_RUN=$(dirname "$MMSIMD")/mmsim-run
in_model() {
	"$MMSIM_RUN" "$MNT" "$@"
}

# can_unshare: may this user make the namespaces? WHY says why not.
can_unshare() {
	WHY=$(unshare --mount --pid --fork --kill-child true 2>&1)
}

# run_tool NAME TOOL ARGS...: one check that the tool exits 0 in the model;
# OUT holds what it printed.
run_tool() {
	local name=$1 status=0
	shift
	OUT=$(in_model "$@" 2>&1) || status=$?
	check_eq "$name exit status (output: ${OUT:0:200})" 0 "$status"
}

# ---- what the files say --------------------------------------------------------

# model_pids: the process directories of the mount's /proc, in order.
model_pids() {
	ls "$MNT/proc" | grep -E '^[0-9]+$' | sort -n
}

# status_val PID FIELD: a /proc/PID/status field's first word.
status_val() {
	awk -v f="$2:" '$1 == f { print $2 }' "$MNT/proc/$1/status"
}

# expected_ps: "pid ppid rss vsz comm" of every process by its status.
expected_ps() {
	local pid
	for pid in $(model_pids); do
		echo "$pid $(status_val "$pid" PPid) $(status_val "$pid" VmRSS)" \
			"$(status_val "$pid" VmSize) $(status_val "$pid" Name)"
	done
}

# maps_starts PID: the start address of every mapping of maps, without
# leading zeros.
maps_starts() {
	sed -E 's/-.*//; s/^0+//' "$MNT/proc/$1/maps"
}

# smaps_rss_kb PID: Σ Rss over the mappings of smaps.
smaps_rss_kb() {
	awk '$1 == "Rss:" { kb += $2 } END { print kb + 0 }' "$MNT/proc/$1/smaps"
}

# ---- the checks ----------------------------------------------------------------

# check_ps: ps -eo lists exactly the processes with their status values;
# ps aux and ps -ef list the same pids, ps -ef with the same parents.
check_ps() {
	local want
	want=$(expected_ps)
	run_tool "ps -eo" ps -eo pid=,ppid=,rss=,vsz=,comm=
	check_eq "ps -eo pid,ppid,rss,vsz,comm = status" "$want" \
		"$(awk '{ print $1, $2, $3, $4, $5 }' <<<"$OUT")"
	run_tool "ps aux" ps aux
	check_eq "ps aux pids and RSS/VSZ" "$(awk '{ print $1, $3, $4 }' <<<"$want")" \
		"$(awk 'NR > 1 { print $2, $6, $5 }' <<<"$OUT")"
	run_tool "ps -ef" ps -ef
	check_eq "ps -ef pids and parents" "$(awk '{ print $1, $2 }' <<<"$want")" \
		"$(awk 'NR > 1 { print $2, $3 }' <<<"$OUT")"
}

# check_pmap PID: pmap -x lists the mappings of maps, and its total RSS
# is smaps' Rss summed.
check_pmap() {
	local pid=$1
	run_tool "pmap -x $pid" pmap -x "$pid"
	check_eq "pmap -x $pid mapping starts = maps" "$(maps_starts "$pid")" \
		"$(awk '$1 ~ /^[0-9a-f]+$/ && NF >= 6 { sub(/^0+/, "", $1); print $1 }' <<<"$OUT")"
	check_eq "pmap -x $pid total RSS = Σ smaps Rss" "$(smaps_rss_kb "$pid")" \
		"$(awk '$1 == "total" { print $4 }' <<<"$OUT")"
}

# check_free: free -k's Mem line is meminfo's MemTotal, MemFree and
# MemAvailable, its Swap line SwapTotal.
check_free() {
	run_tool "free -k" free -k
	check_eq "free -k total, free, available = meminfo" \
		"$(meminfo_kb MemTotal) $(meminfo_kb MemFree) $(meminfo_kb MemAvailable)" \
		"$(awk '$1 == "Mem:" { print $2, $4, $7 }' <<<"$OUT")"
	check_eq "free -k swap total = SwapTotal" "$(meminfo_kb SwapTotal)" \
		"$(awk '$1 == "Swap:" { print $2 }' <<<"$OUT")"
}

# check_top: top's header counts the processes, and its process list
# holds the same pids as /proc.
check_top() {
	run_tool "top -b -n 1" top -b -n 1
	check_eq "top Tasks: total" "$(model_pids | wc -l)" \
		"$(awk '$1 == "Tasks:" { print $2 }' <<<"$OUT")"
	check_eq "top pids" "$(model_pids)" \
		"$(awk 'listed { print $1 } $1 == "PID" { listed = 1 }' <<<"$OUT" | sort -n)"
}

if ! can_unshare; then
	echo "SKIP: cannot make mount and PID namespaces (${WHY:-not permitted})"
	echo "0 passed, 0 failed, skipped"
	exit 0
fi

mmsim_start || finish
ctl "spawn nginx" && WEB=$REPLY
ctl "spawn postgres" && DB=$REPLY
ctl "fork $WEB" && WORKER=$REPLY
ctl "thread $DB"
ctl "mmap $DB 8M" && ADDR=$REPLY
ctl "touch $DB $ADDR 4M write"
ctl "mmap $WORKER 1M" && WADDR=$REPLY
ctl "touch $WORKER $WADDR 256K write"
ctl "step 1000"
check "the processes started: $WEB $DB $WORKER" test -n "$WEB" -a -n "$DB" -a -n "$WORKER"

check_ps
check_pmap "$DB"
check_pmap "$WORKER"
check_free
check_top

# a process that exits leaves every listing
ctl "exit $WORKER"
check_ps
check_top
finish
