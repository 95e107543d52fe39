#!/usr/bin/env bash
# packaging/check-deb.sh [BUILD]: validates the desktop entry and the AppStream metainfo, builds
# the .deb with CPack in BUILD (default: build), installs it with apt, runs the installed
# programs from their installed paths, purges it again and checks that nothing is left behind.
# Needs root (or sudo) for apt; CI runs it as its last step.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build}

if ((EUID == 0)); then
    as_root=(env)
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo env)
else
    echo "check-deb: installing the package needs root; run this as root or install sudo" >&2
    exit 1
fi

metainfo="$build/packaging/org.envdesk.Envdesk.metainfo.xml"
for desktop in "$build"/packaging/org.envdesk.Envdesk*.desktop; do
    desktop-file-validate "$desktop"
done
appstreamcli validate --no-net "$metainfo"

rm -f "$build"/envdesk_*.deb
(cd "$build" && cpack -G DEB)
deb=$(realpath "$(ls "$build"/envdesk_*.deb)")
dpkg-deb -I "$deb"

# Purged on any failure from here on, a half-configured install included.
trap '"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get purge -y envdesk >/dev/null 2>&1 || true' EXIT
"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$deb"
home=$(mktemp -d)
HOME=$home /usr/bin/envdesk-cli --version
HOME=$home /usr/bin/envdesk-cli info
HOME=$home QT_QPA_PLATFORM=offscreen /usr/bin/envdesk --version
# (Not the man page: minimal images tell dpkg to skip /usr/share/man and /usr/share/doc.)
test -f /usr/share/bash-completion/completions/envdesk-cli
test -f /usr/share/applications/org.envdesk.Envdesk.desktop
# The file associations: an environment.yml is one of Envdesk's types once installed.
if command -v xdg-mime >/dev/null 2>&1; then
    printf 'name: x\ndependencies: [python]\n' > "$home/environment.yml"
    echo "xdg-mime: $(xdg-mime query filetype "$home/environment.yml" || true)"
fi
rm -rf "$home"

files=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\.||' | grep -v '/$')
"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get purge -y envdesk
trap - EXIT
left=()
for file in $files; do
    [[ -e $file ]] && left+=("$file")
done
if ((${#left[@]} > 0)); then
    echo "check-deb: left behind after purge: ${left[*]}" >&2
    exit 1
fi
if dpkg -s envdesk >/dev/null 2>&1; then
    echo "check-deb: envdesk is still known to dpkg after purge" >&2
    exit 1
fi
echo "check-deb: $deb validated, installed, run and purged cleanly"
