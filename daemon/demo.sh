#!/usr/bin/env bash
# The README's first command: install what is missing, build, mount the
# default modeled machine on a fresh folder, show it working, and keep it
# mounted until Ctrl-C, which unmounts it cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null

mnt=$(mktemp -d /tmp/mmsim.XXXXXX)
build/daemon/mmsimd -f -c config/default.cfg "$mnt" &
pid=$!
stop() {
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rmdir "$mnt" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 0' INT TERM
for _ in $(seq 100); do [ -r "$mnt/proc/meminfo" ] && break; sleep 0.1; done

echo "== mmsim: the machine of config/default.cfg is mounted on $mnt"
echo "== $mnt/proc/meminfo (first lines)"
head -8 "$mnt/proc/meminfo"
echo "== zones (from $mnt/proc/zoneinfo)"
awk '/^Node/ {zone = $4} /pages free/ {free = $3}
     /^ +min / {min = $2} /^ +low / {low = $2} /^ +high / {high = $2}
     /managed/ && $2 > 0 {printf "  %-7s managed %9d  free %9d  min %6d  low %6d  high %6d\n",
                           zone, $2, free, min, low, high}' "$mnt/proc/zoneinfo"
echo "== $mnt/proc/buddyinfo"
cat "$mnt/proc/buddyinfo"
if [ "$(id -u)" -eq 0 ]; then
  echo "== free -h and ps aux, run against the model (build/daemon/mmsim-run)"
  build/daemon/mmsim-run "$mnt" free -h
  build/daemon/mmsim-run "$mnt" ps aux
fi
cat <<EOT
== try, in another terminal:
  build/daemon/mmsim-run $mnt vmstat -s | head
  cat $mnt/proc/vmstat | head
  echo 200000 > $mnt/proc/sys/vm/min_free_kbytes; grep -A4 'pages free' $mnt/proc/zoneinfo
  exec 3<>$mnt/sim/ctl; echo 'alloc 10 100' >&3; read -r pfns <&3; cat $mnt/proc/buddyinfo
== Ctrl-C unmounts.
EOT
wait "$pid"
