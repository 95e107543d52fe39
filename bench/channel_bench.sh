#!/usr/bin/env bash
# The channel benchmark of the README: a conda-forge-sized channel built from a real channel
# folder, served from a real HTTP server on 127.0.0.1 (repodata.json, .zst, and shards), and
# `envdesk-cli create --dry-run --json python=3.9` timed against it cold (empty cache) and warm
# (everything cached, the server revalidated), with whole repodata and with shards; then the
# small real channel alone. With `micromamba` on PATH (or MICROMAMBA=path), the same commands
# are timed with it on the same machine.
#
#   bench/channel_bench.sh [BUILD_DIR] [WORK_DIR] [COPIES]
#
# BUILD_DIR defaults to build, WORK_DIR to /tmp/envdesk-channel-bench (about 1 GB), COPIES to
# 172 (about 500,000 records). Each figure is the best of RUNS (default 3) runs.
set -euo pipefail

build=${1:-build}
work=${2:-/tmp/envdesk-channel-bench}
copies=${3:-172}
runs=${RUNS:-3}
cli=$(realpath "$build/bin/envdesk-cli")
bench=$(realpath "$build/bin/bench_repodata")
here=$(cd "$(dirname "$0")/.." && pwd)
small=$here/../shared/fixtures/repodata/conda-forge-subchannel-py39
micromamba=${MICROMAMBA:-$(command -v micromamba || true)}

for tool in zstd python3 /usr/bin/time; do
    command -v "$tool" > /dev/null || { echo "channel_bench: $tool is needed" >&2; exit 2; }
done
[ -x "$cli" ] && [ -x "$bench" ] || { echo "channel_bench: build $build first" >&2; exit 2; }

mkdir -p "$work"
full=$work/full
sharded=$work/sharded
if [ ! -s "$full/linux-64/repodata.json.zst" ]; then
    echo "== building the channel ($copies copies of the conda-forge subset)"
    "$bench" generate "$full" "$copies"
    for subdir in linux-64 noarch; do
        zstd -q -f -T0 -3 "$full/$subdir/repodata.json" -o "$full/$subdir/repodata.json.zst"
    done
fi
if [ ! -s "$sharded/linux-64/repodata_shards.msgpack.zst" ]; then
    echo "== writing shards"
    rm -rf "$sharded"
    for subdir in linux-64 noarch; do
        mkdir -p "$sharded/$subdir"
        ln -f "$full/$subdir/repodata.json" "$full/$subdir/repodata.json.zst" "$sharded/$subdir/"
    done
    "$bench" shard "$sharded"
fi

# One static server per folder, on a free port, gone when this script ends.
servers=()
serve() {
    local folder=$1 port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$folder" > /dev/null 2>&1 &
    servers+=($!)
    for _ in $(seq 50); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),0.2)" 2> /dev/null && break
        sleep 0.1
    done
    echo "http://127.0.0.1:$port"
}
trap 'kill "${servers[@]}" 2> /dev/null || true' EXIT
fullUrl=$(serve "$full")
shardUrl=$(serve "$sharded")
smallUrl=$(serve "$small")

# Runs one command RUNS times with a fresh (cold) or kept (warm) home, prints the best
# "wall cpu peakMB bytes" (bytes: fetched, from --json's "repodata" where the tool says).
measure() {
    local mode=$1 home=$work/home-$2; shift 2
    local best=""
    for _ in $(seq "$runs"); do
        if [ "$mode" = cold ] || [ ! -d "$home" ]; then
            rm -rf "$home"
            mkdir -p "$home"
            printf 'channels: []\n' > "$home/.condarc"
            if [ "$mode" = warm ]; then # fill the cache first
                env HOME="$home" XDG_CACHE_HOME="$home/cache" MAMBA_ROOT_PREFIX="$home/mamba" \
                    CONDA_OVERRIDE_GLIBC=2.28 CONDA_PKGS_DIRS="$home/pkgs" "$@" > /dev/null 2>&1 || true
            fi
        fi
        env HOME="$home" XDG_CACHE_HOME="$home/cache" MAMBA_ROOT_PREFIX="$home/mamba" \
            CONDA_OVERRIDE_GLIBC=2.28 CONDA_PKGS_DIRS="$home/pkgs" \
            /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > "$work/out.json" 2> /dev/null || true
        read -r wall user sys peak < "$work/time.txt"
        local bytes
        bytes=$(python3 -c '
import json, sys
try:
    doc = json.load(open(sys.argv[1]))
except Exception:
    print("-"); sys.exit()
entries = doc.get("repodata") or []
print(sum(e.get("bytes_fetched", 0) for e in entries) if entries else "-")' "$work/out.json")
        local line
        line=$(python3 -c "print('%.2f %.2f %d' % ($wall, $user + $sys, $peak / 1024))")
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $wall < float('${best%% *}') else 1)"; then
            best="$line $bytes"
        fi
    done
    echo "$best"
}

lastWall=0
row() { # label, then the measure arguments
    local label=$1; shift
    read -r wall cpu peak bytes <<< "$(measure "$@")"
    lastWall=$wall
    printf '| %s | %s s | %s s | %s MB | %s |\n' "$label" "$wall" "$cpu" "$peak" "$bytes"
}

envdesk() { # channel URL
    local url=$1
    echo "$cli" create -p "$work/env" --dry-run --json -c "$url" --override-channels \
        --platform linux-64 python=3.9
}
mamba() {
    echo "$micromamba" create -p "$work/env" --dry-run --json -c "$1" --override-channels \
        --platform linux-64 python=3.9
}

jsonBytes=$(( $(stat -c %s "$full/linux-64/repodata.json") + $(stat -c %s "$full/noarch/repodata.json") ))
zstBytes=$(( $(stat -c %s "$full/linux-64/repodata.json.zst") + $(stat -c %s "$full/noarch/repodata.json.zst") ))
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB"
echo "Channel: $(( jsonBytes / 1000000 )) MB of repodata.json, $(( zstBytes / 1000000 )) MB as .zst; best of $runs runs"
echo
echo '| `create --dry-run --json python=3.9` | Wall | CPU | Peak memory | Bytes fetched |'
echo '| --- | --- | --- | --- | --- |'
row "Envdesk, large channel, whole repodata, cold" cold env-full-cold $(envdesk "$fullUrl")
coldWall=$lastWall
row "Envdesk, large channel, whole repodata, warm" warm env-full-warm $(envdesk "$fullUrl")
row "Envdesk, large channel, shards, cold" cold env-shard-cold $(envdesk "$shardUrl")
row "Envdesk, large channel, shards, warm" warm env-shard-warm $(envdesk "$shardUrl")
row "Envdesk, conda-forge subset (2,914 records), warm" warm env-small $(envdesk "$smallUrl")
if [ -n "$micromamba" ]; then
    row "micromamba, large channel, cold" cold mm-full-cold $(mamba "$fullUrl")
    row "micromamba, large channel, warm" warm mm-full-warm $(mamba "$fullUrl")
    row "micromamba, conda-forge subset, warm" warm mm-small $(mamba "$smallUrl")
else
    echo
    echo "(micromamba not found: set MICROMAMBA=path to time it beside Envdesk)"
fi
echo
python3 -c "print('Cold whole-repodata run: %.0f MB/s of repodata.json (fetch, decode, parse, index, solve)' % ($jsonBytes / 1e6 / $coldWall))"
echo "The parse and index alone: $bench cold $full"
