# The buddy allocator through sim/ctl: free-page accounting across
# meminfo, buddyinfo, vmstat and pagetypeinfo, zone and migratetype
# placement, running out of memory on a small machine, and bad commands.
# Usage: bash alloc.sh MMSIMD_PATH SOURCE_ROOT
source "$(dirname "$0")/lib.sh" "$@"

# Index of ZONE_NORMAL in the protection: entries; GFP_KERNEL allocations,
# movable or not, have it as their highest zone (gfp_zone()).
ZONE_NORMAL_IDX=2

# buddy_kb: free memory by /proc/buddyinfo, Σ count × 2^order × 4 kB.
buddy_kb() {
	awk '{ for (o = 0; o <= 10; o++) kb += $(5 + o) * 2 ^ o * 4 } END { print kb + 0 }' \
		"$MNT/proc/buddyinfo"
}

# check_free_accounting WHEN: MemFree equals the free blocks of buddyinfo.
check_free_accounting() {
	check_eq "MemFree = Σ buddyinfo $1" "$(buddy_kb)" "$(meminfo_kb MemFree)"
}

# pfn_zones PFN...: the zone of each pfn ("DMA", ...), by zoneinfo's
# start_pfn and spanned, one line each.
pfn_zones() {
	zones_table | awk -v pfns="$*" '
	$10 >= 0 { nz++; zone[nz] = $2; start[nz] = $10; end[nz] = $10 + $7 }
	END {
		n = split(pfns, p, " ")
		for (i = 1; i <= n; i++) {
			z = "none"
			for (k = 1; k <= nz; k++) if (p[i] >= start[k] && p[i] < end[k]) z = zone[k]
			print z
		}
	}'
}

# pgalloc_snapshot: "dma dma32 normal" pgalloc counters.
pgalloc_snapshot() {
	echo "$(vmstat_val pgalloc_dma) $(vmstat_val pgalloc_dma32) $(vmstat_val pgalloc_normal)"
}

# pages_by_zone ORDER PFN...: "dma dma32 normal" pages the blocks hold.
pages_by_zone() {
	local order=$1
	shift
	pfn_zones "$@" | awk -v pages=$((1 << order)) '
	{ n[$1] += pages } END { print n["DMA"] + 0, n["DMA32"] + 0, n["Normal"] + 0 }'
}

# vector_delta A B: B - A, element by element.
vector_delta() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		n = split(a, x, " "); split(b, y, " ")
		for (i = 1; i <= n; i++) printf "%s%d", (i > 1 ? " " : ""), y[i] - x[i]
		print ""
	}'
}

# misaligned ORDER PFN...: the pfns not aligned to 2^ORDER.
misaligned() {
	local order=$1 pfn
	shift
	for pfn; do
		((pfn % (1 << order))) && printf '%s ' "$pfn"
	done
}

HELD=() # "order pfn" of every block this test holds

# check_alloc ORDER COUNT ZONES OPTIONS...: allocate COUNT blocks of ORDER;
# they must be aligned, lie in one of ZONES, and move MemFree and the
# pgalloc_<zone> counters by exactly their pages.
check_alloc() {
	local order=$1 count=$2 zones=$3 cmd pg0 free0 pfns bad pfn
	shift 3
	cmd="alloc $order $count $*"
	pg0=$(pgalloc_snapshot) free0=$(meminfo_kb MemFree)
	if ! ctl "$cmd"; then
		fail "$cmd: $REPLY"
		return
	fi
	read -ra pfns <<<"$REPLY"
	check_eq "$cmd: number of pfns" "$count" "${#pfns[@]}"
	check_eq "$cmd: blocks aligned to their order" "" "$(misaligned "$order" "${pfns[@]}")"
	bad=$(pfn_zones "${pfns[@]}" | grep -vxE "$zones" | sort -u | tr '\n' ' ')
	check_eq "$cmd: zones outside $zones" "" "$bad"
	check_eq "$cmd: pgalloc_dma/dma32/normal delta" "$(pages_by_zone "$order" "${pfns[@]}")" \
		"$(vector_delta "$pg0" "$(pgalloc_snapshot)")"
	check_eq "$cmd: MemFree delta" $((free0 - count * (4 << order))) "$(meminfo_kb MemFree)"
	check_free_accounting "after $cmd"
	for pfn in "${pfns[@]}"; do
		HELD+=("$order $pfn")
	done
}

# held_pages: the pages of every block in HELD.
held_pages() {
	local block pages=0
	for block in "${HELD[@]}"; do
		pages=$((pages + (1 << ${block% *})))
	done
	echo "$pages"
}

# check_free N: free the first N held blocks (their pfns are left in
# FREED); pgfree and MemFree grow by their pages.
check_free() {
	local n=$1 pages=0 pfns=() pgfree0 free0 i
	for ((i = 0; i < n; i++)); do
		pfns+=("${HELD[i]#* }")
		pages=$((pages + (1 << ${HELD[i]% *})))
	done
	pgfree0=$(vmstat_val pgfree) free0=$(meminfo_kb MemFree)
	if ctl "free ${pfns[*]}"; then pass; else fail "free ${pfns[*]}: $REPLY"; fi
	check_eq "pgfree delta after freeing $n blocks" "$pages" $(($(vmstat_val pgfree) - pgfree0))
	check_eq "MemFree delta after freeing $n blocks" $((free0 + pages * 4)) \
		"$(meminfo_kb MemFree)"
	check_free_accounting "after free"
	FREED=("${pfns[@]}")
	HELD=("${HELD[@]:n}")
}

# check_dma_only: a zone=DMA allocation changes the DMA line of buddyinfo
# and no other.
check_dma_only() {
	local before after
	before=$(cat "$MNT/proc/buddyinfo")
	check_alloc 2 3 DMA zone=DMA
	after=$(cat "$MNT/proc/buddyinfo")
	check_eq "buddyinfo lines changed by alloc zone=DMA" "zone DMA" \
		"$(diff <(echo "$before") <(echo "$after") | awk '/^>/ { print $4, $5 }' | sort -u)"
}

# unmovable_blocks: Σ over zones of pagetypeinfo's Unmovable pageblocks.
unmovable_blocks() {
	awk '/^Number of blocks type/ { t = 1; next }
		t && /^Node/ { n += $5 } END { print n + 0 }' "$MNT/proc/pagetypeinfo"
}

# check_pageblock_counts: pagetypeinfo counts the pageblocks that have a
# memmap (pagetypeinfo_showblockcount skips pfns without an online page),
# so a hole such as the PCI one below 4 GiB adds none: the reference's DMA32
# shows present/512 = 1528 of its 2040 spanned blocks.
check_pageblock_counts() {
	local want got
	want=$(zones_table | awk '$8 > 0 { print $2, int(($8 + 511) / 512) }')
	got=$(awk '/^Number of blocks type/ { t = 1; next }
		t && /^Node/ { n = 0; for (i = 5; i <= NF; i++) n += $i; print $4, n }' \
		"$MNT/proc/pagetypeinfo")
	check_eq "pageblocks per zone in pagetypeinfo = ceil(present / 512)" "$want" "$got"
}

# unmovable_free_pageblocks: free Unmovable memory in whole pageblocks
# (order 9 and 10 lists), the most unmovable order-9 requests can take
# without claiming a block of another type.
unmovable_free_pageblocks() {
	awk '$6 == "Unmovable" { n += $(7 + 9) + 2 * $(7 + 10) } END { print n + 0 }' \
		"$MNT/proc/pagetypeinfo"
}

# check_unmovable_claims_blocks: more unmovable pageblock allocations than
# unmovable free pageblocks must claim blocks of another type.
check_unmovable_claims_blocks() {
	local blocks0 n
	blocks0=$(unmovable_blocks)
	n=$(($(unmovable_free_pageblocks) + 2))
	check_alloc 9 "$n" "DMA|DMA32|Normal" type=unmovable
	check "Unmovable pageblocks rose after $n unmovable order-9 allocations ($blocks0 -> \
$(unmovable_blocks))" test "$(unmovable_blocks)" -gt "$blocks0"
}

# snapshot: the files a refused command must leave alone.
snapshot() {
	cat "$MNT/proc/meminfo" "$MNT/proc/buddyinfo" "$MNT/proc/vmstat" "$MNT/proc/zoneinfo"
}

# check_bad_commands: each is refused with an error reply and no change.
check_bad_commands() {
	local before cmd
	before=$(snapshot)
	for cmd in bogus "alloc 11" "alloc -1" "alloc x" "alloc 0 0" "alloc 0 zone=HighMem" \
		"alloc 0 node=5" "alloc" "free ${FREED[0]}" "free 99999999999" "free" "step x"; do
		if ctl "$cmd"; then
			fail "'$cmd' succeeded: $REPLY"
		elif [[ $REPLY != error:* ]]; then
			fail "'$cmd': expected an error: reply, got '$REPLY'"
		else
			pass
		fi
	done
	check_eq "meminfo, buddyinfo, vmstat and zoneinfo after refused commands" "$before" \
		"$(snapshot)"
}

# check_free_all BOOT_KB PAGES: free all gives back the PAGES held and
# brings MemFree back to its boot value.
check_free_all() {
	if ctl "free all"; then pass; else fail "free all: $REPLY"; fi
	check_eq "pages released by free all" "$2" "$REPLY"
	check_eq "MemFree after free all" "$1" "$(meminfo_kb MemFree)"
	check_free_accounting "after free all"
}

# check_mixed_allocations: several orders, zones and types on the default
# machine, then frees, keep every view of free memory in step.
check_mixed_allocations() {
	local boot
	boot=$(meminfo_kb MemFree)
	check_free_accounting "at boot"
	check_pageblock_counts
	check_alloc 0 1 "DMA|DMA32|Normal"
	check_alloc 3 4 "DMA|DMA32" zone=DMA32
	check_alloc 5 3 "DMA|DMA32|Normal" type=reclaimable
	check_alloc 9 2 DMA zone=DMA type=movable
	check_alloc 10 2 "DMA|DMA32|Normal" type=movable
	check_alloc 1 5 "DMA|DMA32|Normal" atomic
	check_dma_only
	check_free 4
	check_unmovable_claims_blocks
	check_bad_commands
	check_free_all "$boot" "$(held_pages)"
}

# zone_oom_state: per populated zone, "zone ok" when its free pages sit at
# or above min + protection[Normal] and an order-10 block no longer fits
# above that mark (or no order-10 block is left); else the numbers.
zone_oom_state() {
	join <(zones_table | awk -v p=$((12 + ZONE_NORMAL_IDX)) '$8 > 0 {
		print $2, $3, $4 + $p }' | sort) \
		<(awk '{ print $4, $15 }' "$MNT/proc/buddyinfo" | sort) |
		awk '{
			zone = $1; free = $2; mark = $3; order10 = $4
			ok = free >= mark && (free - 1023 <= mark || order10 == 0)
			print zone, (ok ? "ok" : "free " free " mark " mark " order10 " order10)
		}'
}

# check_out_of_memory: on a 256 MiB machine, order-10 movable allocations
# run until the watermarks stop them; reclaim then finds nothing.
check_out_of_memory() {
	local boot marks held expect small
	boot=$(meminfo_kb MemFree)
	if ctl "alloc 10 65536 type=movable"; then
		fail "alloc 10 65536 on 256M succeeded"
	else
		pass
	fi
	check "the reply says out of memory: ${REPLY:0:60}" grep -q "out of memory" <<<"$REPLY"
	expect=$(zones_table | awk '$8 > 0 { printf "%s ok\n", $2 }' | sort)
	check_eq "each zone stopped at its min + lowmem protection" "$expect" "$(zone_oom_state)"
	marks=$(zones_table | awk -v p=$((12 + ZONE_NORMAL_IDX)) '
		$8 > 0 { n += $4 + $p } END { print n }')
	# what is left: below an order-10 block per zone above the marks, plus
	# the smaller free blocks no order-10 request can use (fragments the
	# boot's unmovable allocations left)
	small=$(awk '{ for (o = 0; o < 10; o++) n += $(5 + o) * 2 ^ o } END { print n }' \
		"$MNT/proc/buddyinfo")
	check "MemFree $(meminfo_kb MemFree) kB within an order-10 block per zone above \
Σ(min + protection) = $((marks * 4)) kB and $((small * 4)) kB of smaller blocks" \
		awk -v f="$(meminfo_kb MemFree)" -v m="$marks" -v s="$small" \
		-v z="$(echo "$expect" | wc -l)" \
		'BEGIN { exit !(f / 4 >= m && f / 4 < m + s + 1024 * z) }'
	check "allocstall_normal > 0" test "$(vmstat_val allocstall_normal)" -gt 0
	check_free_accounting "at out of memory"
	held=$(sed -n 's/.*out of memory after \([0-9]*\) of.*/\1/p' <<<"$REPLY")
	check "some blocks were allocated before running out ($held)" test "${held:-0}" -gt 0
	check "step 100" ctl "step 100"
	check "pageoutrun > 0 after step 100" test "$(vmstat_val pageoutrun)" -gt 0
	check_eq "node_unreclaimable after step 100" "$(zones_table | awk '$8 > 0 { print 1 }')" \
		"$(awk '/node_unreclaimable:/ { print $2 }' "$MNT/proc/zoneinfo")"
	check_free_all "$boot" $((held * 1024))
}

mmsim_start || finish
check_mixed_allocations
mmsim_start --set ram=256M || finish
check_out_of_memory
finish
