#!/bin/bash
# Runs a fixed battery of envdesk-cli commands (help, usage errors, create/install/update/remove,
# search, list, export, history, clone, rename, diff, config on the demo channel, and every
# fixture environment/lock file through create --file / env create -f) in a fresh HOME, one
# output file per command (the command, stdout+stderr, the exit status). Run it with two
# binaries and diff the folders to see what a change did to the CLI's behaviour:
#   scripts/compare_cli.sh /tmp/envdesk-cli-old /tmp/cli-old
#   scripts/compare_cli.sh build/bin/envdesk-cli /tmp/cli-new
#   diff -r /tmp/cli-old /tmp/cli-new
set -u
BIN=$(realpath "$1"); OUT=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CH=file://$ROOT/build/demo-channel
FX=$(realpath "$ROOT/../shared/fixtures")
rm -rf "$OUT"; mkdir -p "$OUT"
H=$(mktemp -d); export HOME=$H XDG_CACHE_HOME=$H/.cache ENVDESK_CONDARC_SYSTEM_DIRS=
unset CONDA_PREFIX CONDARC CONDA_ROOT
i=0
run() {
    i=$((i + 1))
    { echo "\$ $*" | sed "s#$H#HOME#g"
      timeout 120 "$BIN" "$@" 2>&1 | sed "s#$H#HOME#g"
      echo "rc=${PIPESTATUS[0]}"; } > "$OUT/$(printf %03d $i).txt"
}
run; run --help; run --version; run bogus; run env; run env --help; run env bogus
for v in config create install update remove rename history index info list search "env list" "env export" "env create" "env remove" "env diff"; do run $v --help; done
run create -n a -p /tmp/x; run create; run install -n a -p b x; run list -n a -p b; run list --md5 --sha256 --explicit; run list --md5
run list a b; run info extra; run search a b; run index; run env diff a; run env diff --color --no-color a b
run config; run config --show --get; run config --file a --system --get; run config --set offline; run config stray
run create --bogus; run create -c; run install --strict-channel-priority --no-channel-priority x
run rename -n a; run env remove; run env create -n a -p b
run create -p $H/e1 -c $CH --override-channels demo-analysis --dry-run --json
run create -p $H/e1 -c $CH --override-channels demo-analysis -y
run list -p $H/e1; run list -p $H/e1 --json; run list -p $H/e1 --explicit --md5; run list -p $H/e1 -e
run history -p $H/e1 --json; run list -p $H/e1 --revisions
run install -p $H/e1 -c $CH --override-channels demo-plotting --dry-run --json
run update -p $H/e1 -c $CH --override-channels --all --dry-run
run remove -p $H/e1 demo-analysis --dry-run --json
run search -c $CH --override-channels demo-analysis --json; run search -c $CH --override-channels 'demo*'
run env export -p $H/e1; run env export -p $H/e1 --json; run env export -p $H/e1 --from-history
run config --show channels --json; run config --set channels.x y; run config --add channels conda-forge --json; run config --get channels; run config --show-sources
run env list --json
run create -p $H/e2 --clone $H/e1 --dry-run --json
run rename -p $H/e1 $H/e3 --dry-run
run env diff $FX/envs/pangeo__base-notebook.environment.yml $H/e1
run install -p $H/e1 --revision 0 --dry-run
run update -p $H/e1 x --all
run update -p $H/e1
run install -p $H/e1
run create -n zz -c $CH --override-channels --file /nonexistent
printf 'channels: [%s]\noffline: true\n' "$CH" > "$H/.condarc"
for f in $FX/envs/*.y*ml $FX/lockfiles/*; do
  run env create -f $f -p $H/x --dry-run --json
  run create --file $f -p $H/x --dry-run
done
run env create -f $FX/envs/pangeo__base-notebook.environment.yml --dry-run
run env create -f /nonexistent.yml
printf 'demo-analysis\n' > $H/specs.txt
run create --file $H/specs.txt -p $H/s --dry-run --json
run env create -f $H/specs.txt --dry-run
"$BIN" create -p $H/e1 -c "$CH" demo-analysis -y >/dev/null 2>&1
"$BIN" list -p $H/e1 --explicit > $H/explicit.txt
"$BIN" env export -p $H/e1 --lock > $H/lock.yml
"$BIN" env export -p $H/e1 > $H/env.yml
run create --file $H/explicit.txt -p $H/e2 --json
run env create -f $H/lock.yml -p $H/e3 --json
run env create -f $H/env.yml -p $H/e4 
run env create -f $H/env.yml -p $H/e4
run env create -f $H/explicit.txt -p $H/e4
run create --file $H/lock.yml -p $H/e5 --platform osx-arm64 --dry-run
run list -p $H/e2; run list -p $H/e3; run list -p $H/e4
run info; run info --json; run config --show; run config --get; run config --show-sources --json
run env list; run list -p $H/e1 --canonical; run list -p $H/e1 --show-channel-urls
run list -p $H/e1 nomatch; run list -p $H/e1 'demo-(analysis|plotting)' --full-name --json
mkdir -p $H/chan/noarch && cp $ROOT/build/demo-channel/noarch/*.conda $H/chan/noarch/ 2>/dev/null
run index $H/chan --no-cache; run index $H/chan --json
run create -p $H/e6 --clone $H/e1; run rename -p $H/e6 $H/e7; run env remove -p $H/e7 -y
run env remove -p $H/e7 --json
rm -rf "$H"
