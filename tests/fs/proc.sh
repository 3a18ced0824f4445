# Processes through sim/ctl and /proc/PID: the exec layout, faults and
# their accounting, VMA splits and merges, fork and copy-on-write, SIGSEGV
# and its kernel-log line, overcommit and max_map_count, threads, shared
# anonymous memory, exit giving everything back, refused commands, and
# oom_score_adj.
# Usage: bash proc.sh MMSIMD_PATH SOURCE_ROOT
source "$(dirname "$0")/lib.sh" "$@"

# The files of a process directory (and of each of its task directories).
PID_FILES=(maps smaps smaps_rollup status stat statm cmdline comm oom_score oom_score_adj)
# An address no exec layout maps: between the program and the libraries.
UNMAPPED=0x100000000

# ---- driving and reading ----------------------------------------------------

# ctl_try COMMAND: ctl, also keeping in CTL_ERR what bash printed when the
# write was refused (its errno's text, as a user sees it).
ctl_try() {
	local status=0 fd
	exec {fd}<>"$MNT/sim/ctl" || return 1
	CTL_ERR=$( { echo "$1" >&"$fd"; } 2>&1) || status=1
	REPLY=
	read -r REPLY <&"$fd"
	exec {fd}>&-
	return $status
}

# run COMMAND: one check that COMMAND succeeds; REPLY is its answer.
run() {
	if ctl "$1"; then pass; else fail "$1: $REPLY"; return 1; fi
}

# refused COMMAND ERRTEXT: one check that COMMAND is refused with the errno
# whose text is ERRTEXT and an "error:" reply.
refused() {
	if ctl_try "$1"; then
		fail "'$1' succeeded: $REPLY"
	elif [[ $CTL_ERR != *"$2"* || $REPLY != error:* ]]; then
		fail "'$1': expected '$2' and an error: reply, got '$CTL_ERR' / '$REPLY'"
	else
		pass
	fi
}

# hex N: N as lower-case hex without 0x, as maps and smaps print addresses.
hex() {
	printf '%x' "$1"
}

# addr N: N as sim/ctl takes an address.
addr() {
	printf '0x%x' "$1"
}

# status_kb PID FIELD: a value of /proc/PID/status, without its unit.
status_kb() {
	awk -v f="$2:" '$1 == f { print $2 }' "$MNT/proc/$1/status"
}

# vma_kb PID ADDR FIELD: FIELD of the smaps entry of the VMA that starts at
# ADDR (hex, with or without 0x).
vma_kb() {
	awk -v a="$(hex "$2")" -v f="$3:" '
	$1 ~ /^[0-9a-f]+-[0-9a-f]+$/ { cur = substr($1, 1, index($1, "-") - 1) == a }
	cur && $1 == f { print $2 }' "$MNT/proc/$1/smaps"
}

# vma_counts PID ADDR: "Rss Pss Shared_Dirty Private_Dirty" of a VMA in kB.
vma_counts() {
	echo "$(vma_kb "$1" "$2" Rss) $(vma_kb "$1" "$2" Pss) $(vma_kb "$1" "$2" Shared_Dirty)" \
		"$(vma_kb "$1" "$2" Private_Dirty)"
}

# maps_in PID START END: the maps lines of the VMAs inside [START, END),
# as "start-end perms", one a line.
maps_in() {
	local range perms rest
	while read -r range perms rest; do
		((0x${range%-*} >= $2 && 0x${range#*-} <= $3)) && echo "$range $perms"
	done <"$MNT/proc/$1/maps"
}

# vma_line START END PERMS: how maps_in prints a VMA.
vma_line() {
	echo "$(hex "$1")-$(hex "$2") $3"
}

# map_count PID: the VMAs of the mm (maps shows the gate [vsyscall] too).
map_count() {
	echo $(($(wc -l <"$MNT/proc/$1/maps") - 1))
}

# slab_field CACHE COLUMN: a column of CACHE's /proc/slabinfo row, the
# name being 1 (2 is active_objs, 5 objperslab).
slab_field() {
	awk -v c="$1" -v n="$2" '$1 == c { print $n }' "$MNT/proc/slabinfo"
}

# pid_snapshot: every file of every process directory, and the listing.
pid_snapshot() {
	local dir f
	ls "$MNT/proc"
	for dir in "$MNT"/proc/[0-9]* "$MNT"/proc/[0-9]*/task/[0-9]*; do
		for f in "${PID_FILES[@]}"; do
			echo "== $dir/$f"
			cat -v "$dir/$f"
		done
	done
}

# spawn NAME: start a process; PID is its pid. One check.
spawn() {
	PID=
	run "spawn $1" || return 1
	PID=$REPLY
	check "spawn $1 replies a pid: '$PID'" grep -qxE '[1-9][0-9]*' <<<"$PID"
}

# ---- checks ------------------------------------------------------------------

# check_exec_layout PID NAME: maps is what an exec'd PIE gets with
# randomization off: the program at ELF_ET_DYN_BASE, libc, the vDSO pages,
# ld.so, the stack below STACK_TOP, and the gate VMA last.
check_exec_layout() {
	local maps first last names sorted
	local order="$2 libc.so.6 [vvar] [vvar_vclock] [vdso] ld-linux-x86-64.so.2"
	local gate='^ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 +\[vsyscall\]$'
	maps=$(cat "$MNT/proc/$1/maps")
	check "proc lists pid $1" grep -qx "$1" < <(entries "$MNT/proc")
	first=${maps%%$'\n'*}
	check "maps of $2 starts with /usr/bin/$2 at 555555554000: '$first'" \
		grep -qE "^555555554000-[0-9a-f]+ r--p 00000000 .* /usr/bin/$2\$" <<<"$first"
	names=$(awk '$6 != "" { n = $6; sub(/.*\//, "", n); if (n != last) print n; last = n }' \
		<<<"$maps" | tr '\n' ' ')
	check_eq "maps of $2: mappings in order" "$order [stack] [vsyscall] " "$names"
	check "maps of $2: [stack] ends at 7ffffffff000" \
		grep -qE '^[0-9a-f]+-7ffffffff000 rw-p .*\[stack\]$' <<<"$maps"
	last=${maps##*$'\n'}
	check "maps of $2: the gate VMA last: '$last'" grep -qE "$gate" <<<"$last"
	# Right-aligned, the start addresses sort as text in numeric order.
	sorted=$(awk '{ split($1, r, "-"); printf "%16s\n", r[1] }' <<<"$maps" |
		LC_ALL=C sort -c 2>&1)
	check_eq "maps of $2 is in address order" "" "$sorted"
}

# check_rss_sums PID WHEN: VmRSS = RssAnon + RssFile + RssShmem = Σ smaps
# Rss = smaps_rollup Rss, and statm agrees with status.
check_rss_sums() {
	local rss smaps statm anon file shmem
	rss=$(status_kb "$1" VmRSS) anon=$(status_kb "$1" RssAnon)
	file=$(status_kb "$1" RssFile) shmem=$(status_kb "$1" RssShmem)
	check_eq "VmRSS = RssAnon + RssFile + RssShmem $2" "$rss" $((anon + file + shmem))
	smaps=$(awk '$1 == "Rss:" { n += $2 } END { print n + 0 }' "$MNT/proc/$1/smaps")
	check_eq "VmRSS = Σ smaps Rss $2" "$rss" "$smaps"
	check_eq "VmRSS = smaps_rollup Rss $2" "$rss" \
		"$(awk '$1 == "Rss:" { print $2 }' "$MNT/proc/$1/smaps_rollup")"
	read -ra statm <"$MNT/proc/$1/statm"
	check_eq "statm size = VmSize / 4 $2" $(($(status_kb "$1" VmSize) / 4)) "${statm[0]}"
	check_eq "statm resident = VmRSS / 4 $2" $((rss / 4)) "${statm[1]}"
	check_eq "statm shared = (RssFile + RssShmem) / 4 $2" $(((file + shmem) / 4)) "${statm[2]}"
}

# check_mmap_touch PID: a 1M anonymous mmap is a new rw-p VMA (its start in
# AREA); writing 64K of it faults in 64K of private dirty anonymous memory
# everywhere that counts it; reading untouched pages maps the zero page.
check_mmap_touch() {
	local before anon0 free0 rss0 added
	before=$(cat "$MNT/proc/$1/maps")
	run "mmap $1 1M" || return
	AREA=$REPLY
	added=$(diff <(echo "$before") "$MNT/proc/$1/maps" | sed -n 's/^> //p')
	check_eq "mmap 1M adds one maps line at its reply $AREA" \
		"$(hex "$AREA")-$(hex $((AREA + 0x100000))) rw-p 00000000 00:00 0 " "$added"
	anon0=$(meminfo_kb AnonPages) free0=$(meminfo_kb MemFree) rss0=$(status_kb "$1" RssAnon)
	run "touch $1 $AREA 64K write"
	check_eq "smaps Rss/Private_Dirty/Anonymous after writing 64K" "64 64 64" \
		"$(vma_kb "$1" "$AREA" Rss) $(vma_kb "$1" "$AREA" Private_Dirty) \
$(vma_kb "$1" "$AREA" Anonymous)"
	check_eq "status RssAnon after writing 64K" $((rss0 + 64)) "$(status_kb "$1" RssAnon)"
	check_eq "meminfo AnonPages after writing 64K" $((anon0 + 64)) "$(meminfo_kb AnonPages)"
	check "MemFree fell by at least 64 kB ($free0 -> $(meminfo_kb MemFree))" \
		test "$(meminfo_kb MemFree)" -le $((free0 - 64))
	anon0=$(meminfo_kb AnonPages)
	run "touch $1 $(addr $((AREA + 0x80000))) 64K read"
	check_eq "smaps Rss after reading 64K never written (zero page)" 64 \
		"$(vma_kb "$1" "$AREA" Rss)"
	check_eq "meminfo AnonPages after reading untouched pages" "$anon0" \
		"$(meminfo_kb AnonPages)"
	check_rss_sums "$1" "after touch"
}

# check_split_merge: on a fresh process, mprotect of a middle page splits a
# VMA in three and mprotect back merges it; munmap of a middle page leaves
# two VMAs around the hole.
check_split_merge() {
	local a
	spawn splitter || return
	run "mmap $PID 12K" || return
	a=$REPLY
	run "mprotect $PID $(addr $((a + 0x1000))) 4K r--"
	check_eq "mprotect r-- of the middle page: three VMAs" \
		"$(vma_line "$a" $((a + 0x1000)) rw-p)
$(vma_line $((a + 0x1000)) $((a + 0x2000)) r--p)
$(vma_line $((a + 0x2000)) $((a + 0x3000)) rw-p)" "$(maps_in "$PID" "$a" $((a + 0x3000)))"
	run "mprotect $PID $(addr $((a + 0x1000))) 4K rw-"
	check_eq "mprotect rw- back: one VMA again" "$(vma_line "$a" $((a + 0x3000)) rw-p)" \
		"$(maps_in "$PID" "$a" $((a + 0x3000)))"
	run "munmap $PID $(addr $((a + 0x1000))) 4K"
	check_eq "munmap of the middle page: two VMAs" \
		"$(vma_line "$a" $((a + 0x1000)) rw-p)
$(vma_line $((a + 0x2000)) $((a + 0x3000)) rw-p)" "$(maps_in "$PID" "$a" $((a + 0x3000)))"
	run "exit $PID"
}

# check_fork PARENT: the child (CHILD) gets the same maps; the 64K written
# at AREA is shared until a write, when the writer copies it and the other,
# now its page's only user, keeps it without a copy.
check_fork() {
	local anon0
	run "fork $1" || return
	CHILD=$REPLY
	check "fork replies a new pid: '$CHILD'" grep -qxE '[1-9][0-9]*' <<<"$CHILD"
	check_eq "child's maps = parent's" "$(cat "$MNT/proc/$1/maps")" \
		"$(cat "$MNT/proc/$CHILD/maps" 2>&1)"
	check_eq "parent's written 64K before any write: Rss Pss Shared_Dirty Private_Dirty" \
		"64 32 64 0" "$(vma_counts "$1" "$AREA")"
	check_eq "child's written 64K before any write: Rss Pss Shared_Dirty Private_Dirty" \
		"64 32 64 0" "$(vma_counts "$CHILD" "$AREA")"
	anon0=$(meminfo_kb AnonPages)
	run "touch $1 $AREA 64K write"
	check_eq "parent after its write: Rss Pss Shared_Dirty Private_Dirty" "64 64 0 64" \
		"$(vma_counts "$1" "$AREA")"
	check_eq "child after the parent's write: Rss Pss Shared_Dirty Private_Dirty" \
		"64 64 0 64" "$(vma_counts "$CHILD" "$AREA")"
	check_eq "AnonPages after the parent's copy-on-write" $((anon0 + 64)) \
		"$(meminfo_kb AnonPages)"
	run "touch $CHILD $AREA 64K write"
	check_eq "AnonPages after the child's write (sole owner reuses its pages)" \
		$((anon0 + 64)) "$(meminfo_kb AnonPages)"
	check_eq "child after its own write: Rss Pss Shared_Dirty Private_Dirty" "64 64 0 64" \
		"$(vma_counts "$CHILD" "$AREA")"
	check_rss_sums "$CHILD" "in the child"
}

# check_segfault PID NAME: a write where nothing is mapped fails with
# EFAULT, kills the process, and logs the kernel's segfault line.
check_segfault() {
	local lines0 log
	lines0=$(wc -l <"$MNT/sim/dmesg")
	refused "touch $1 $UNMAPPED 4K write" "Bad address"
	check_gone "$1" "after its segfault"
	log=$(tail -n +$((lines0 + 1)) "$MNT/sim/dmesg")
	check "sim/dmesg has the segfault line of $2[$1]: '$log'" grep -qE \
		"$2\[$1\]: segfault at $(hex $UNMAPPED) ip [0-9a-f]{16} sp [0-9a-f]{16} error 6" \
		<<<"$log"
}

# entries DIR: the names readdir gives for DIR's numeric entries.
entries() {
	local d
	for d in "$1"/[0-9]*; do
		[[ $d != "$1/[0-9]*" ]] && echo "${d##*/}"
	done
}

# check_gone PID WHEN: PID's directory no longer exists, is not listed,
# and its files cannot be read.
check_gone() {
	check "proc/$1 does not exist $2" test ! -e "$MNT/proc/$1"
	check "proc does not list $1 $2" not_listed "$1"
	check "proc/$1/status cannot be read $2" not_readable "$MNT/proc/$1/status"
}

# not_readable FILE: reading FILE fails.
not_readable() {
	! cat "$1" >/dev/null 2>&1
}

# not_listed PID: readdir of proc does not list PID.
not_listed() {
	! entries "$MNT/proc" | grep -qx "$1"
}

# check_thread PID: a thread shares the mm and adds its stack: 8 MiB
# read-write with a PROT_NONE guard page below it.
check_thread() {
	local before added tid
	before=$(cat "$MNT/proc/$1/maps")
	run "thread $1" || return
	tid=$REPLY
	check_eq "status Threads: after thread" 2 "$(status_kb "$1" Threads)"
	check_eq "proc/$1/task lists the leader and the thread" \
		"$(printf '%s\n' "$1" "$tid" | sort)" "$(entries "$MNT/proc/$1/task" | sort)"
	check "proc/$1/task/$tid/status names the thread" \
		grep -qxP "Pid:\t$tid" "$MNT/proc/$1/task/$tid/status"
	added=$(diff <(echo "$before") "$MNT/proc/$1/maps" | sed -n 's/^> //p' | vma_sizes)
	check_eq "thread stack in maps: a ---p guard page right below 8 MiB rw-p" \
		"4096 ---p
8388608 rw-p" "$added"
}

# vma_sizes: for each maps line read, "size perms", and nothing more when
# a line does not start where the one before it ended.
vma_sizes() {
	local range perms rest end=''
	while read -r range perms rest; do
		[[ $end ]] && ((0x${range%-*} != end)) && return
		end=0x${range#*-}
		echo "$((end - 0x${range%-*})) $perms"
	done
}

# check_overcommit PID: with overcommit_memory 2 a private writable mmap
# beyond CommitLimit - Committed_AS fails with ENOMEM and changes nothing,
# while a read-only one (not accounted) of the same size is allowed; with 1
# the writable one succeeds and Committed_AS grows by its size.
check_overcommit() {
	local size maps0 commit0 ro rw mode0
	mode0=$(vm_read overcommit_memory)
	check "echo 2 > overcommit_memory" write_file "$MNT/proc/sys/vm/overcommit_memory" 2
	commit0=$(meminfo_kb Committed_AS)
	size=$((($(meminfo_kb CommitLimit) - commit0) / 1024 + 64))M
	maps0=$(cat "$MNT/proc/$1/maps")
	refused "mmap $1 $size" "Cannot allocate memory"
	check_eq "maps after the refused mmap $size" "$maps0" "$(cat "$MNT/proc/$1/maps")"
	check_eq "Committed_AS after the refused mmap $size" "$commit0" "$(meminfo_kb Committed_AS)"
	run "mmap $1 $size prot=r" && ro=$REPLY
	check_eq "Committed_AS after a read-only mmap $size" "$commit0" "$(meminfo_kb Committed_AS)"
	check "echo 1 > overcommit_memory" write_file "$MNT/proc/sys/vm/overcommit_memory" 1
	run "mmap $1 $size" && rw=$REPLY
	check_eq "Committed_AS after a writable mmap $size" $((commit0 + ${size%M} * 1024)) \
		"$(meminfo_kb Committed_AS)"
	[[ $ro ]] && run "munmap $1 $ro $size"
	[[ $rw ]] && run "munmap $1 $rw $size"
	check_eq "Committed_AS after munmap of both" "$commit0" "$(meminfo_kb Committed_AS)"
	write_file "$MNT/proc/sys/vm/overcommit_memory" "$mode0"
}

# check_max_map_count: with max_map_count a little above a fresh process's
# map_count, mmaps that cannot merge succeed until map_count exceeds it
# (do_mmap refuses only when map_count > max_map_count), then ENOMEM.
check_max_map_count() {
	local max0 max count n=0 prot
	spawn mapper || return
	max0=$(vm_read max_map_count)
	count=$(map_count "$PID")
	max=$((count + 2))
	check "echo $max > max_map_count" write_file "$MNT/proc/sys/vm/max_map_count" "$max"
	while ((n < 10)); do
		prot=r
		((n % 2)) && prot=rw
		ctl_try "mmap $PID 4K prot=$prot" || break
		n=$((n + 1))
	done
	check_eq "mmaps that succeeded below max_map_count $max" \
		$((max + 1 - count)) "$n"
	check "the one after them failed with ENOMEM: '$CTL_ERR'" \
		grep -q "Cannot allocate memory" <<<"$CTL_ERR"
	check_eq "map_count at the refusal" $((max + 1)) "$(map_count "$PID")"
	write_file "$MNT/proc/sys/vm/max_map_count" "$max0"
	run "exit $PID"
}

# pid_files_unchanged WHAT BEFORE: one check that pid_snapshot still reads
# BEFORE.
pid_files_unchanged() {
	local diffs
	diffs=$(diff <(echo "$2") <(pid_snapshot) | head -5)
	check_eq "every /proc/PID file unchanged after $1" "" "$diffs"
}

# check_bad_commands PID: each refused with its errno; nothing changes.
check_bad_commands() {
	local before cmd
	before=$(pid_snapshot)
	for cmd in "mmap 99999 4K" "touch 99999 $AREA 4K read" "fork 99999" "thread 99999" \
		"kill 99999" "exit 99999" "munmap 99999 $AREA 4K"; do
		refused "$cmd" "No such process"
	done
	for cmd in "munmap $1 zz 4K" "touch $1 0xnothex 4K write" "mprotect $1 $AREA+1 4K r--" \
		"munmap $1 $(addr $((AREA + 1))) 4K" "mmap $1 0" "mmap $1 4Q" "mmap $1 -4K" \
		"munmap $1 $AREA 1X" "mmap $1 4K colour=red" "mmap $1 4K prot=rwz" \
		"mprotect $1 $AREA 4K rwq" "touch $1 $AREA 4K poke" "spawn x colour=red" \
		"spawn x uid=abc" "exit $1 256"; do
		refused "$cmd" "Invalid argument"
	done
	pid_files_unchanged "refused commands" "$before"
}

# check_oom_score_adj PID: a higher oom_score_adj gives a higher oom_score;
# values outside -1000..1000 and non-numbers are EINVAL and change nothing.
check_oom_score_adj() {
	local f=$MNT/proc/$1/oom_score_adj s0 lo hi v
	s0=$(cat "$MNT/proc/$1/oom_score")
	check "echo 500 > oom_score_adj" write_file "$f" 500
	check_eq "oom_score_adj reads back" 500 "$(cat "$f")"
	hi=$(cat "$MNT/proc/$1/oom_score")
	check "echo -500 > oom_score_adj" write_file "$f" -500
	lo=$(cat "$MNT/proc/$1/oom_score")
	check "oom_score rises with oom_score_adj: -500 -> $lo, 0 -> $s0, 500 -> $hi" \
		test "$lo" -lt "$s0" -a "$s0" -lt "$hi"
	for v in -1001 1001 abc; do
		if write_file "$f" "$v"; then
			fail "echo $v > oom_score_adj succeeded"
		else
			check "echo $v > oom_score_adj: EINVAL ('$WRITE_ERR')" \
				grep -q "Invalid argument" <<<"$WRITE_ERR"
		fi
	done
	check_eq "oom_score_adj after refused writes" -500 "$(cat "$f")"
	check_eq "oom_score after refused writes" "$lo" "$(cat "$MNT/proc/$1/oom_score")"
}

# mem_snapshot: the meminfo figures a process's life must give back.
mem_snapshot() {
	echo "AnonPages $(meminfo_kb AnonPages) PageTables $(meminfo_kb PageTables)" \
		"Committed_AS $(meminfo_kb Committed_AS)"
}

# slab_active_near CACHE BEFORE: one check that CACHE's active_objs is
# within a slab of BEFORE. SLUB's active_objs counts the free objects of
# the CPU slab as active (only node partial lists are subtracted), so a
# cache without a leak can differ from its earlier count by less than one
# slab's objects.
slab_active_near() {
	local now per
	now=$(slab_field "$1" 2) per=$(slab_field "$1" 5)
	check "slabinfo $1 active_objs $now within $per of $2 after every exit" \
		test $((now - $2)) -lt "$per" -a $(($2 - now)) -lt "$per"
}

# check_exit_gives_back: twice a slab's worth of mm_structs (processes,
# half of them with a written mapping and a thread, each with a forked
# child); when all exit, AnonPages, PageTables and Committed_AS come back
# exactly and the vm_area_struct, mm_struct, anon_vma and anon_vma_chain
# caches to within their CPU slab, so a leak of one object per process
# shows.
check_exit_gives_back() {
	local mem0 vma0 mm0 av0 avc0 n pids=() p i a gone='' setups=0
	mem0=$(mem_snapshot)
	vma0=$(slab_field vm_area_struct 2) mm0=$(slab_field mm_struct 2)
	av0=$(slab_field anon_vma 2) avc0=$(slab_field anon_vma_chain 2)
	n=$((2 * $(slab_field mm_struct 5)))
	for ((i = 0; i < n / 2; i++)); do
		ctl "spawn worker" || break
		p=$REPLY
		pids+=("$p")
		ctl "mmap $p 256K" && a=$REPLY && ctl "touch $p $a 256K write" && ctl "fork $p" &&
			pids+=("$REPLY") && ctl "thread $p" && setups=$((setups + 1))
	done
	check_eq "processes started" "$n" "${#pids[@]}"
	check_eq "processes with a written mapping, a child and a thread" $((n / 2)) "$setups"
	check "mm_struct active_objs rose by at least $n - objperslab: $mm0 -> \
$(slab_field mm_struct 2)" test $(($(slab_field mm_struct 2) - mm0)) -gt \
		$((n - $(slab_field mm_struct 5)))
	check "AnonPages rose while they live" test "$(meminfo_kb AnonPages)" -gt \
		"$(awk '{ print $2 }' <<<"$mem0")"
	# each process writes memory, each fork links a child to its parent's
	check "anon_vma active_objs rose by more than $n: $av0 -> $(slab_field anon_vma 2)" \
		test $(($(slab_field anon_vma 2) - av0)) -gt "$n"
	check "anon_vma_chain active_objs rose by more than $n: $avc0 -> \
$(slab_field anon_vma_chain 2)" test $(($(slab_field anon_vma_chain 2) - avc0)) -gt "$n"
	for p in "${pids[@]}"; do
		ctl "exit $p" || fail "exit $p: $REPLY"
		[[ -e $MNT/proc/$p ]] && gone+="$p "
	done
	check_eq "proc/PID left after exit" "" "$gone"
	check_eq "meminfo after every exit" "$mem0" "$(mem_snapshot)"
	slab_active_near vm_area_struct "$vma0"
	slab_active_near mm_struct "$mm0"
	slab_active_near anon_vma "$av0"
	slab_active_near anon_vma_chain "$avc0"
}

# check_shared_anon: a shared anonymous mapping is a "/dev/zero (deleted)"
# shmem file charged to Committed_AS; what the parent writes after a fork
# the child reads, and both count it (RssShmem, smaps Rss and Pss_Shmem),
# as meminfo's Shmem does until the last of them exits.
check_shared_anon() {
	local p c a shmem0 commit0 commit1 line want
	shmem0=$(meminfo_kb Shmem) commit0=$(meminfo_kb Committed_AS)
	spawn sharer || return
	p=$PID
	commit1=$(meminfo_kb Committed_AS)
	run "mmap $p 64K flags=shared" || return
	a=$REPLY
	check_eq "Committed_AS after a 64K shared anonymous mmap" $((commit1 + 64)) \
		"$(meminfo_kb Committed_AS)"
	line=$(grep "^$(hex "$a")-" "$MNT/proc/$p/maps")
	want="^$(hex "$a")-$(hex $((a + 0x10000))) rw-s 00000000 00:01 [1-9][0-9]* +"
	check "maps shows /dev/zero (deleted) on 00:01: '$line'" grep -qE \
		"$want/dev/zero \(deleted\)\$" <<<"$line"
	run "fork $p" || return
	c=$REPLY
	run "touch $p $a 64K write"
	check_eq "Shmem after the parent wrote 64K after the fork" $((shmem0 + 64)) \
		"$(meminfo_kb Shmem)"
	run "touch $c $a 64K read"
	check_eq "RssShmem of the child that read them and of the parent" "64 64" \
		"$(status_kb "$c" RssShmem) $(status_kb "$p" RssShmem)"
	check_eq "child's smaps of the shared mapping: Rss Pss Shared_Dirty" "64 32 64" \
		"$(vma_kb "$c" "$a" Rss) $(vma_kb "$c" "$a" Pss) $(vma_kb "$c" "$a" Shared_Dirty)"
	check_eq "child's smaps_rollup Pss_Shmem" 32 \
		"$(awk '$1 == "Pss_Shmem:" { print $2 }' "$MNT/proc/$c/smaps_rollup")"
	check_rss_sums "$c" "with shared anonymous memory"
	run "exit $p"
	check_eq "Shmem while the child alone maps the pages" $((shmem0 + 64)) \
		"$(meminfo_kb Shmem)"
	run "exit $c"
	check_eq "Shmem and Committed_AS after both exited" "$shmem0 $commit0" \
		"$(meminfo_kb Shmem) $(meminfo_kb Committed_AS)"
}

# check_process_life: one process through all of the above.
check_process_life() {
	local p mem0
	mem0=$(mem_snapshot)
	spawn proctest || return
	p=$PID
	check_exec_layout "$p" proctest
	check_rss_sums "$p" "after spawn"
	check_mmap_touch "$p"
	check_split_merge
	check_fork "$p"
	check_segfault "$CHILD" proctest
	check_thread "$p"
	check_overcommit "$p"
	check_max_map_count
	check_bad_commands "$p"
	check_oom_score_adj "$p"
	run "exit $p"
	check_gone "$p" "after exit"
	check_eq "meminfo after the process and its child ended" "$mem0" "$(mem_snapshot)"
}

mmsim_start || finish
check_process_life
check_shared_anon
check_exit_gives_back
finish
