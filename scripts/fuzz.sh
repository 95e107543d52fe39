#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz and fuzzes each for a bounded time.
#   scripts/fuzz.sh [TARGET...]           every target when none is named (specs, condarc, ...)
# Environment: FUZZ_SECONDS (per target, default 30), FUZZ_RSS_MB (default 2048),
# FUZZ_TIMEOUT (seconds one input may take, default 10), FUZZ_JOBS (build jobs, default nproc).
# Seeds: tests/fuzz/corpus-<target>/ plus, when ../shared/fixtures exists, real files of the
# target's format copied from it at run time. What a target finds (crash-*, leak-*, timeout-*)
# is kept in build-fuzz/artifacts/; every target runs even when one fails, and the exit status
# is 1 when any did. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

all=(specs repodata condarc environment_file explicit_file conda_lock pixi_lock paths_json
    link_json conda_meta history shards)
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${all[@]}")
seconds=${FUZZ_SECONDS:-30}
fixtures=../shared/fixtures

CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DENVDESK_BUILD_FUZZERS=ON -DENVDESK_BUILD_UI=OFF -DENVDESK_BUILD_TESTS=OFF \
    -DENVDESK_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz --parallel "${FUZZ_JOBS:-$(nproc)}" \
    --target "${targets[@]/#/fuzz_}"

# Copies the files matching the globs into $1, at most 64 KiB each: bigger inputs only slow
# every mutation down (the targets' own limits are 64 to 256 KiB).
add_files() {
    local into=$1 file
    shift
    for file in "$@"; do
        if [[ -f $file && $(stat -c %s "$file") -le 65536 ]]; then
            cp "$file" "$into/fixture-$(basename "$file")"
        fi
    done
}

# One info/ member of each .tar.bz2 package among the fixtures, as a seed.
add_package_member() {
    local into=$1 member=$2 package n=0
    while IFS= read -r -d '' package; do
        n=$((n + 1))
        tar -xjOf "$package" "$member" >"$into/fixture-$n-$(basename "$member")" 2>/dev/null \
            || rm -f "$into/fixture-$n-$(basename "$member")"
    done < <(find "$fixtures/packages" -name '*.tar.bz2' -print0)
}

add_fixture_seeds() {
    local target=$1 into=$2
    [[ -d $fixtures ]] || return 0
    shopt -s nullglob globstar
    case $target in
    repodata) add_files "$into" "$fixtures"/repodata/**/*.json ;;
    condarc) add_files "$into" "$fixtures"/condarc/*condarc* ;;
    environment_file) add_files "$into" "$fixtures"/envs/* ;;
    explicit_file) add_files "$into" "$fixtures"/lockfiles/explicit/* "$fixtures"/lockfiles/other/* ;;
    conda_lock) add_files "$into" "$fixtures"/lockfiles/conda-lock/*.y*ml ;;
    pixi_lock) add_files "$into" "$fixtures"/lockfiles/pixi/*.lock "$fixtures"/lockfiles/pixi/*.yml ;;
    paths_json) add_package_member "$into" info/paths.json ;;
    link_json) add_package_member "$into" info/link.json ;;
    conda_meta) add_package_member "$into" info/index.json ;;
    shards) add_files "$into" "$fixtures"/shards/**/*.msgpack.zst ;;
    esac
    shopt -u nullglob globstar
}

mkdir -p build-fuzz/artifacts
# libFuzzer adds what it finds to the first corpus directory: give it a copy, not the repo's.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
for target in "${targets[@]}"; do
    corpus="$work/$target"
    mkdir -p "$corpus"
    cp -R "tests/fuzz/corpus-$target/." "$corpus"
    add_fixture_seeds "$target" "$corpus"
    echo "fuzz_$target: $(find "$corpus" -type f | wc -l) seeds, ${seconds} s"
    if ! build-fuzz/bin/fuzz_"$target" -max_total_time="$seconds" -max_len=65536 \
        -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -print_final_stats=1 \
        -artifact_prefix="build-fuzz/artifacts/$target-" "$corpus" 2>"$work/$target.log"; then
        tail -n 60 "$work/$target.log"
        failed+=("$target")
    else
        grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$work/$target.log" || true
    fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzzing found problems in: ${failed[*]} (inputs in build-fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzzing ok"
