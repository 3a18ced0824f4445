# /proc/sys/vm and THP knobs through the mount: modes, defaults, the
# kernel's parsing and bounds, permission errors, and the model's reaction
# (watermarks, lowmem reserve, MemAvailable, huge pages) to writes.
# Usage: bash knobs.sh MMSIMD_PATH SOURCE_ROOT
source "$(dirname "$0")/lib.sh" "$@"

VM=proc/sys/vm
THP=sys/kernel/mm/transparent_hugepage

# The writable number knobs with the kernel's handler kind and bounds
# (kernel/sysctl.c, mm/*.c tables; "-" = none but the type's own), and a
# value in range that differs from the default. Kinds: int (proc_dointvec
# [_minmax]), ulong (proc_doulongvec_minmax), bool (proc_dobool), jiffies
# (proc_dointvec_jiffies, whose limit depends on HZ).
KNOBS='
admin_reserve_kbytes          ulong   0    -    4096
compact_unevictable_allowed   int     0    1    0
compaction_proactiveness      int     0    100  50
defrag_mode                   int     0    1    1
dirty_background_bytes        ulong   1    -    1048576
dirty_background_ratio        int     0    100  5
dirty_bytes                   ulong   8192 -    1048576
dirty_expire_centisecs        int     0    -    1000
dirty_ratio                   int     0    100  30
dirty_writeback_centisecs     int     -    -    100
dirtytime_expire_seconds      int     0    -    3600
extfrag_threshold             int     0    1000 700
hugetlb_optimize_vmemmap      bool    -    -    1
hugetlb_shm_group             int     -    -    100
laptop_mode                   jiffies -    -    5
legacy_va_layout              int     0    -    1
max_map_count                 int     0    -    100000
memfd_noexec                  int     0    2    1
min_free_kbytes               int     0    -    20000
min_slab_ratio                int     0    100  10
min_unmapped_ratio            int     0    100  2
mmap_min_addr                 ulong   0    -    8192
mmap_rnd_bits                 int     28   32   30
mmap_rnd_compat_bits          int     8    16   12
nr_hugepages                  ulong   0    -    1
nr_hugepages_mempolicy        ulong   0    -    2
nr_overcommit_hugepages       ulong   0    -    5
numa_stat                     int     0    1    0
oom_dump_tasks                int     -    -    0
oom_kill_allocating_task      int     -    -    1
overcommit_kbytes             ulong   0    -    1000
overcommit_memory             int     0    2    1
overcommit_ratio              int     -    -    80
page-cluster                  int     0    31   5
page_lock_unfairness          int     0    -    3
panic_on_oom                  int     0    2    1
percpu_pagelist_high_fraction int     0    -    8
stat_interval                 jiffies -    -    2
swappiness                    int     0    200  100
unprivileged_userfaultfd      int     0    1    1
user_reserve_kbytes           ulong   0    -    65536
vfs_cache_pressure            int     0    -    200
vfs_cache_pressure_denom      int     100  -    200
watermark_boost_factor        int     0    -    10000
watermark_scale_factor        int     1    3000 20
zone_reclaim_mode             int     0    -    1
'

# Knobs that a write to another knob zeroes (kernel: the dirty_*_handler
# and overcommit_*_handler pairs), so restoring them means writing the
# partner: knob -> "partner value" that brings both back to their defaults.
declare -A RESTORE_VIA=(
	[dirty_background_bytes]="dirty_background_ratio 10"
	[dirty_bytes]="dirty_ratio 20"
	[overcommit_kbytes]="overcommit_ratio 50"
)

# expect_einval FILE TEXT: a write of TEXT must fail with EINVAL and leave
# the file's text as it was.
expect_einval() {
	local before after
	before=$(cat "$1" 2>/dev/null)
	if write_file "$1" "$2"; then
		fail "echo '$2' > ${1#$MNT/} succeeded, expected Invalid argument"
	elif [[ $WRITE_ERR != *"Invalid argument"* ]]; then
		fail "echo '$2' > ${1#$MNT/}: expected Invalid argument, got '$WRITE_ERR'"
	else
		pass
	fi
	# A write-only file (drop_caches) has no value to compare.
	after=$(cat "$1" 2>/dev/null) &&
		check_eq "${1#$MNT/} unchanged after writing '$2'" "$before" "$after"
}

# expect_write FILE TEXT: a write of TEXT must succeed.
expect_write() {
	if write_file "$1" "$2"; then
		pass
	else
		fail "echo '$2' > ${1#$MNT/}: $WRITE_ERR"
	fi
}

# expect_denied DESCRIPTION CMD...: CMD fails and says "Permission denied".
expect_denied() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then
		fail "$what: succeeded, expected Permission denied"
	elif [[ $out != *"Permission denied"* ]]; then
		fail "$what: expected Permission denied, got '$out'"
	else
		pass
	fi
}

# check_modes: every file of the mount that MODES lists has that mode, and
# /proc/sys/vm holds exactly the knobs MODES lists.
check_modes() {
	local mode path want got
	while read -r mode path; do
		[[ $path == /proc/PID/* ]] && continue
		if [[ ! -e $MNT$path ]]; then
			[[ $path == /proc/sys/vm/* ]] && fail "$path is missing"
			continue
		fi
		got=$(stat -c %a "$MNT$path")
		check_eq "mode of $path" "$mode" "$got"
	done <"$REF/MODES"
	want=$(awk '$2 ~ "^/proc/sys/vm/" { sub(".*/", "", $2); print $2 }' "$REF/MODES" | sort)
	got=$(ls "$MNT/$VM" | sort)
	check_eq "the list of /proc/sys/vm knobs" "$want" "$got"
}

# check_defaults: each knob reads back the reference machine's text, except
# those the kernel sizes from the machine's memory: min_free_kbytes (sqrt
# of lowmem, raised by khugepaged), and user_reserve_kbytes and
# admin_reserve_kbytes (fractions of free memory at boot).
check_defaults() {
	local ref name
	for ref in "$REF/$VM"/*; do
		name=$(basename "$ref")
		case $name in
		min_free_kbytes | user_reserve_kbytes | admin_reserve_kbytes) continue ;;
		esac
		check_eq "default of vm.$name" "$(cat "$ref")" "$(vm_read "$name")"
	done
}

# knob_values: "name=value" for every readable knob.
knob_values() {
	local f
	for f in "$MNT/$VM"/*; do
		printf '%s=%s\n' "${f##*/}" "$(cat "$f" 2>/dev/null)"
	done
}

# check_knob NAME KIND LO HI GOOD: the good value reads back, and the
# kernel's parser refuses each bad text with EINVAL, changing nothing.
check_knob() {
	local name=$1 kind=$2 lo=$3 hi=$4 good=$5 file=$MNT/$VM/$1 orig bad
	orig=$(vm_read "$name")
	expect_write "$file" "$good" && check_eq "vm.$name after writing $good" "$good" \
		"$(vm_read "$name")"
	if [[ -n ${RESTORE_VIA[$name]} ]]; then
		check_eq "vm.${RESTORE_VIA[$name]% *} zeroed by writing vm.$name" 0 \
			"$(vm_read "${RESTORE_VIA[$name]% *}")"
	fi
	for bad in abc +5 5abc "" 99999999999999999999; do
		expect_einval "$file" "$bad"
	done
	case $kind in
	ulong) expect_einval "$file" -1 ;;
	*) expect_einval "$file" 2147483648 ;;
	esac
	if [[ $lo != - ]] && [[ $kind != ulong || $lo != 0 ]]; then
		expect_einval "$file" $((lo - 1))
	fi
	[[ $hi != - ]] && expect_einval "$file" $((hi + 1))
	if [[ $kind == bool ]]; then
		write_file "$file" 5
		check_eq "vm.$name (a bool) after writing 5" 1 "$(vm_read "$name")"
	fi
	if [[ -n ${RESTORE_VIA[$name]} ]]; then
		write_file "$MNT/$VM/${RESTORE_VIA[$name]% *}" "${RESTORE_VIA[$name]#* }"
	else
		write_file "$file" "$orig"
	fi
	check_eq "vm.$name restored" "$orig" "$(vm_read "$name")"
}

# check_all_knobs: check_knob for every row of KNOBS.
check_all_knobs() {
	local name kind lo hi good
	while read -r name kind lo hi good; do
		[[ -n $name ]] && check_knob "$name" "$kind" "$lo" "$hi" "$good"
	done <<<"$KNOBS"
}

# expected_wmarks MIN_FREE_KBYTES SCALE_FACTOR: "node zone min low high" per
# zone of the mount, by __setup_per_zone_wmarks (kernel-notes §2).
expected_wmarks() {
	zones_table | awk -v mfk="$1" -v wsf="$2" '
	{ node[NR] = $1; zone[NR] = $2; managed[NR] = $9; if ($2 != "Movable") lowmem += $9 }
	END {
		pages_min = int(mfk / 4)
		for (i = 1; i <= NR; i++) {
			tmp = int(pages_min * managed[i] / lowmem)
			if (zone[i] == "Movable") {
				mn = int(managed[i] / 1024)
				mn = mn < 32 ? 32 : mn > 128 ? 128 : mn
			} else {
				mn = tmp
			}
			d = int(managed[i] * wsf / 10000)
			if (int(tmp / 4) > d)
				d = int(tmp / 4)
			print node[i], zone[i], mn, mn + d, mn + 2 * d
		}
	}'
}

# actual_wmarks: "node zone min low high" per zone as zoneinfo prints them.
actual_wmarks() {
	zones_table | awk '{ print $1, $2, $4, $5, $6 }'
}

# totalreserve: calculate_totalreserve_pages over zoneinfo's high marks and
# protection: entries (pages).
totalreserve() {
	zones_table | awk '{
		mx = 0
		for (j = 12; j <= NF; j++) if ($j > mx) mx = $j
		r = mx + $6
		total += r > $9 ? $9 : r
	} END { print total + 0 }'
}

# expected_protection RATIOS...: "node zone p0 p1 ..." per zone by
# setup_per_zone_lowmem_reserve, zones taken in zoneinfo's (index) order.
expected_protection() {
	zones_table | awk -v ratios="$*" '
	BEGIN { nr = split(ratios, ratio, " ") }
	{ n = $1; idx = count[n]++; name[n, idx] = $2; managed[n, idx] = $9 }
	!(n in seen) { seen[n] = 1; nodes[++nr_nodes] = n }
	END {
		for (k = 1; k <= nr_nodes; k++) {
			n = nodes[k]
			for (i = 0; i < count[n]; i++) {
				line = n " " name[n, i]
				r = ratio[i + 1] < 1 ? 0 : ratio[i + 1]
				clear = r == 0 || managed[n, i] == 0
				acc = 0
				for (j = 0; j < count[n]; j++) {
					if (j > i)
						acc += managed[n, j]
					line = line " " (j <= i || clear ? 0 : int(acc / r))
				}
				print line
			}
		}
	}'
}

# actual_protection: "node zone p0 p1 ..." as zoneinfo prints them.
actual_protection() {
	zones_table | awk '{
		line = $1 " " $2
		for (j = 12; j <= NF; j++) line = line " " $j
		print line
	}'
}

# int_sqrt_rule: calculate_min_free_kbytes for the mount's current zones:
# 4*sqrt(nr_free_buffer_pages()*4) clamped to 128..262144.
int_sqrt_rule() {
	zones_table | awk '
	$2 == "DMA" || $2 == "DMA32" || $2 == "Normal" { if ($9 > $6) lowmem += ($9 - $6) * 4 }
	END {
		x = lowmem * 16; r = int(sqrt(x))
		while (r * r > x) r--
		while ((r + 1) * (r + 1) <= x) r++
		print (r < 128 ? 128 : r > 262144 ? 262144 : r)
	}'
}

# khugepaged_rule MIN_FREE_KBYTES: set_recommended_min_free_kbytes: 5632
# pages per populated zone up to Normal, at most 5% of
# nr_free_buffer_pages(), in kB, if above the current value.
khugepaged_rule() {
	zones_table | awk -v cur="$1" '
	$2 == "DMA" || $2 == "DMA32" || $2 == "Normal" {
		if ($8 > 0) nz++
		if ($9 > $6) lowmem += $9 - $6
	}
	END {
		rec = 512 * nz * 2 + 512 * nz * 3 * 3
		if (rec > int(lowmem / 20)) rec = int(lowmem / 20)
		print (rec * 4 > cur ? rec * 4 : cur)
	}'
}

# zone_mins: the min marks of the populated zones, one line.
zone_mins() {
	zones_table | awk '$8 > 0 { printf "%s ", $4 }'
}

# all_rose BEFORE AFTER: is every number of AFTER above the one of BEFORE?
all_rose() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		n = split(a, x, " "); split(b, y, " ")
		for (i = 1; i <= n; i++) if (y[i] + 0 <= x[i] + 0) exit 1
		exit n == 0
	}'
}

# check_min_free_kbytes: raising it recomputes every zone's marks by the
# formula and takes the totalreserve change out of MemAvailable.
check_min_free_kbytes() {
	local mfk wsf mins0 reserve0 avail0 free0 new
	mfk=$(vm_read min_free_kbytes)
	wsf=$(vm_read watermark_scale_factor)
	check "proc/zoneinfo lists the populated zones" test -n "$(zone_mins)"
	check_eq "boot watermarks follow min_free_kbytes=$mfk" "$(expected_wmarks "$mfk" "$wsf")" \
		"$(actual_wmarks)"
	mins0=$(zone_mins) reserve0=$(totalreserve)
	avail0=$(meminfo_kb MemAvailable) free0=$(meminfo_kb MemFree)
	new=$((mfk * 2))
	expect_write "$MNT/$VM/min_free_kbytes" "$new"
	check_eq "watermarks after min_free_kbytes=$new" "$(expected_wmarks "$new" "$wsf")" \
		"$(actual_wmarks)"
	check "every populated zone's min rose with min_free_kbytes ($mins0-> $(zone_mins))" \
		all_rose "$mins0" "$(zone_mins)"
	check_eq "MemFree unchanged by min_free_kbytes" "$free0" "$(meminfo_kb MemFree)"
	check_eq "MemAvailable drops by the totalreserve change ($reserve0->$(totalreserve))" \
		$((avail0 - ($(totalreserve) - reserve0) * 4)) "$(meminfo_kb MemAvailable)"
	write_file "$MNT/$VM/min_free_kbytes" "$mfk"
	check_eq "MemAvailable back with min_free_kbytes=$mfk" "$avail0" \
		"$(meminfo_kb MemAvailable)"
}

# check_watermark_scale_factor: 1000 (10%) spreads min, low and high by a
# tenth of each zone's managed pages.
check_watermark_scale_factor() {
	local mfk spread
	mfk=$(vm_read min_free_kbytes)
	expect_write "$MNT/$VM/watermark_scale_factor" 1000
	check_eq "watermarks after watermark_scale_factor=1000" "$(expected_wmarks "$mfk" 1000)" \
		"$(actual_wmarks)"
	spread=$(zones_table | awk '
		$8 > 0 && $5 - $4 != int($9 / 10) { print $2, $5 - $4, int($9 / 10) }')
	check_eq "low - min = managed/10 in every populated zone" "" "$spread"
	write_file "$MNT/$VM/watermark_scale_factor" 10
	check_eq "watermarks back at watermark_scale_factor=10" "$(expected_wmarks "$mfk" 10)" \
		"$(actual_wmarks)"
}

# check_lowmem_reserve_ratio: a write sets the protection: lines by
# setup_per_zone_lowmem_reserve; ratios below 1 read back as 0.
check_lowmem_reserve_ratio() {
	local file=$MNT/$VM/lowmem_reserve_ratio boot
	boot=$(actual_protection)
	check_eq "boot protection: lines" "$(expected_protection 256 256 32 0 0)" "$boot"
	expect_write "$file" "128 64 16 0 0"
	check_eq "lowmem_reserve_ratio reads back" "$(printf '128\t64\t16\t0\t0')" \
		"$(vm_read lowmem_reserve_ratio)"
	check_eq "protection: after lowmem_reserve_ratio=128 64 16 0 0" \
		"$(expected_protection 128 64 16 0 0)" "$(actual_protection)"
	expect_write "$file" "1 0 32 0 0"
	check_eq "protection: after lowmem_reserve_ratio=1 0 32 0 0" \
		"$(expected_protection 1 0 32 0 0)" "$(actual_protection)"
	expect_write "$file" "256 256 -5 0 0"
	check_eq "a ratio below 1 reads back as 0" "$(printf '256\t256\t0\t0\t0')" \
		"$(vm_read lowmem_reserve_ratio)"
	write_file "$file" "256 256 32 0 0"
	check_eq "protection: restored" "$boot" "$(actual_protection)"
}

# check_hugepages: reserving ten 2 MiB huge pages takes 20480 kB off MemFree.
check_hugepages() {
	local free0
	free0=$(meminfo_kb MemFree)
	expect_write "$MNT/$VM/nr_hugepages" 10
	check_eq "HugePages_Total after nr_hugepages=10" 10 "$(meminfo_kb HugePages_Total)"
	check_eq "HugePages_Free after nr_hugepages=10" 10 "$(meminfo_kb HugePages_Free)"
	check_eq "Hugetlb after nr_hugepages=10" 20480 "$(meminfo_kb Hugetlb)"
	check_eq "MemFree after nr_hugepages=10" $((free0 - 20480)) "$(meminfo_kb MemFree)"
	expect_write "$MNT/$VM/nr_hugepages" 0
	check_eq "HugePages_Total after nr_hugepages=0" 0 "$(meminfo_kb HugePages_Total)"
	check_eq "MemFree after nr_hugepages=0" "$free0" "$(meminfo_kb MemFree)"
}

# check_sysctl_parsing: base-0 numbers, a bare prefix, the fraction knob's
# hole at 1..7, and the action knobs' accepted values.
check_sysctl_parsing() {
	local file=$MNT/$VM/swappiness
	expect_write "$file" 0x3c
	check_eq "swappiness after writing 0x3c" 60 "$(vm_read swappiness)"
	write_file "$file" 10
	expect_write "$file" 074
	check_eq "swappiness after writing 074" 60 "$(vm_read swappiness)"
	expect_einval "$file" 201
	expect_einval "$file" 0x
	expect_einval "$MNT/$VM/percpu_pagelist_high_fraction" 7
	expect_einval "$MNT/$VM/drop_caches" 5
	expect_einval "$MNT/$VM/drop_caches" 0
	expect_write "$MNT/$VM/drop_caches" 3
	expect_einval "$MNT/$VM/compact_memory" 2
	expect_write "$MNT/$VM/compact_memory" 1
}

# check_thp_keeps_user_value: stopping khugepaged recomputes min_free_kbytes
# by the sqrt rule only while no user has set it.
check_thp_keeps_user_value() {
	local mfk
	mfk=$(vm_read min_free_kbytes)
	expect_write "$MNT/$THP/enabled" never
	check_eq "min_free_kbytes set by a user survives THP never" "$mfk" \
		"$(vm_read min_free_kbytes)"
	expect_write "$MNT/$THP/enabled" madvise
}

# check_thp: enabled refuses unknown words; never/always stop and start
# khugepaged, which resets min_free_kbytes to the sqrt rule and then raises
# it to its recommendation, moving the zones' min marks with it.
check_thp() {
	local file=$MNT/$THP/enabled mfk mins never
	check_eq "THP enabled at boot" "always [madvise] never" "$(cat "$file")"
	expect_einval "$file" bogus
	mfk=$(int_sqrt_rule)
	expect_write "$file" never
	check_eq "THP enabled after never" "always madvise [never]" "$(cat "$file")"
	check_eq "min_free_kbytes after THP never (sqrt rule)" "$mfk" "$(vm_read min_free_kbytes)"
	mins=$(zone_mins) never=$(vm_read min_free_kbytes)
	mfk=$(khugepaged_rule "$never")
	expect_write "$file" always
	check_eq "THP enabled after always" "[always] madvise never" "$(cat "$file")"
	check_eq "min_free_kbytes after THP always (khugepaged)" "$mfk" "$(vm_read min_free_kbytes)"
	check "min_free_kbytes rose with THP always ($never -> $mfk)" test "$mfk" -gt "$never"
	check "every populated zone's min rose with THP always ($mins-> $(zone_mins))" \
		all_rose "$mins" "$(zone_mins)"
	check_eq "watermarks after THP always" \
		"$(expected_wmarks "$mfk" "$(vm_read watermark_scale_factor)")" "$(actual_wmarks)"
}

# check_root_permissions: root, as on procfs, cannot write a 0444 file nor
# read a 0200 one.
check_root_permissions() {
	expect_denied "echo 1 > proc/meminfo" bash -c "echo 1 > '$MNT/proc/meminfo'"
	expect_denied "cat proc/sys/vm/drop_caches" cat "$MNT/$VM/drop_caches"
}

# as_nobody CMD...: run CMD as the unprivileged user nobody.
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

# check_unprivileged: what an ordinary user may and may not do.
check_unprivileged() {
	local ticks swappiness
	swappiness=$(vm_read swappiness)
	check "nobody reads proc/meminfo" as_nobody cat "$MNT/proc/meminfo" >/dev/null
	expect_denied "nobody reads proc/pagetypeinfo" as_nobody cat "$MNT/proc/pagetypeinfo"
	expect_denied "nobody writes vm.swappiness" \
		as_nobody bash -c "echo 10 > '$MNT/$VM/swappiness'"
	check_eq "vm.swappiness after nobody's write" "$swappiness" "$(vm_read swappiness)"
	ticks=$(cat "$MNT/sim/clock")
	expect_denied "nobody writes sim/ctl" as_nobody bash -c "echo step > '$MNT/sim/ctl'"
	check_eq "sim/clock after nobody's step" "$ticks" "$(cat "$MNT/sim/clock")"
}

mmsim_start || finish
check_modes
check_defaults
boot_values=$(knob_values)
check_all_knobs
check_eq "every knob back at its boot value" "$boot_values" "$(knob_values)"
check_sysctl_parsing
check_root_permissions
check_min_free_kbytes
check_watermark_scale_factor
check_lowmem_reserve_ratio
check_hugepages
check_unprivileged
check_thp_keeps_user_value
mmsim_start || finish
check_thp
finish
