#!/usr/bin/env bash
# Installs what Envdesk needs to build, test and run on Debian 12, and only what is missing.
# Quiet and quick when everything is there; works as root or through sudo.
set -euo pipefail

packages=(
    # Toolchain (the fuzzer needs clang and its libFuzzer runtime)
    build-essential cmake ninja-build pkg-config git
    clang libclang-rt-14-dev clang-format
    # Qt 6: widgets, tools, lupdate/lrelease, Qt's own translations, the SVG icon plugins
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qt6-translations-l10n libqt6svg6 libgl-dev
    # Core libraries
    libsolv-dev libsolvext-dev libcurl4-openssl-dev libyaml-cpp-dev
    libarchive-dev libzstd-dev libbz2-dev libssl-dev libsimdjson-dev nlohmann-json3-dev
    # Tests: a real HTTP server on 127.0.0.1 (Python's http.server)
    python3
    # Tests: a self-signed certificate for the local HTTPS server (ssl_verify, CA bundle)
    openssl
    # Running the GUI without a display, and fonts that cover Chinese
    xvfb xauth fonts-noto-cjk
    # The package: validating the desktop entry and the metainfo, computing its dependencies
    # (CPack's dpkg-shlibdeps step needs `file`, which minimal images lack)
    desktop-file-utils appstream dpkg-dev file
)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [[ $status == installed ]] || missing+=("$package")
done
((${#missing[@]} == 0)) && exit 0

if ((EUID == 0)); then
    as_root=(env)
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo env)
else
    echo "install-deps: missing ${missing[*]}; run this script as root or install sudo" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}"
"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
