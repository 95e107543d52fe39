#!/usr/bin/env python3
"""Writes a local channel with N records of one name, for timing the solver on names with
thousands of records (conda-forge's python, ca-certificates, conda-forge-pinning).

  many_records_channel.py OUT_DIR N {interchangeable|distinguishable} [PREFIX]

interchangeable: every basepkg record has the same depends and constrains (they differ only by
version and build); distinguishable: each record depends on its own version range of `dep`, so
no two records lead to the same requirements. The channel is file://OUT_DIR; solve with
  envdesk-cli create --dry-run -p <tmp>/env basepkg -c file://OUT_DIR --override-channels
With PREFIX, also writes an environment there that holds basepkg 1.0.0 and dep 1.0 (their
conda-meta records, no files), for timing a name the environment already has:
  envdesk-cli update --dry-run -p PREFIX basepkg -c file://OUT_DIR --override-channels
"""
import json
import os
import sys


def record(name, version, build, depends, constrains=()):
    return {
        "name": name,
        "version": version,
        "build": build,
        "build_number": 0,
        "depends": list(depends),
        "constrains": list(constrains),
        "subdir": "linux-64",
        "md5": "0" * 32,
        "size": 1,
    }


def main():
    if len(sys.argv) not in (4, 5) or sys.argv[3] not in ("interchangeable", "distinguishable"):
        sys.exit(__doc__)
    out, n, shape = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    packages = {}
    for i in range(1, n + 1):
        version = "%d.0.0" % i
        if shape == "interchangeable":
            depends = ["dep >=1"]
            constrains = ["other <2"]
        else:
            depends = ["dep >=%d,<%d" % (i % 97 + 1, i % 97 + 3), "lib%d" % (i % 13)]
            constrains = ["other <%d" % (i % 7 + 2)]
        packages["basepkg-%s-h0_0.tar.bz2" % version] = record(
            "basepkg", version, "h0_0", depends, constrains)
    for v in range(1, 101):
        packages["dep-%d.0-h0_0.tar.bz2" % v] = record("dep", "%d.0" % v, "h0_0", [])
    for k in range(13):
        packages["lib%d-1.0-h0_0.tar.bz2" % k] = record("lib%d" % k, "1.0", "h0_0", [])
    for subdir, content in (("linux-64", packages), ("noarch", {})):
        os.makedirs(os.path.join(out, subdir), exist_ok=True)
        with open(os.path.join(out, subdir, "repodata.json"), "w") as f:
            json.dump({"info": {"subdir": subdir}, "packages": content,
                       "packages.conda": {}, "repodata_version": 1}, f)
    if len(sys.argv) == 5:
        write_prefix(sys.argv[4], "file://" + os.path.abspath(out),
                     [packages["basepkg-1.0.0-h0_0.tar.bz2"], packages["dep-1.0-h0_0.tar.bz2"]])


def write_prefix(prefix, channel, records):
    meta = os.path.join(prefix, "conda-meta")
    os.makedirs(meta, exist_ok=True)
    for r in records:
        fn = "%s-%s-%s" % (r["name"], r["version"], r["build"])
        installed = dict(r, channel=channel + "/linux-64", fn=fn + ".tar.bz2",
                         url=channel + "/linux-64/" + fn + ".tar.bz2", files=[],
                         paths_data={"paths": [], "paths_version": 1})
        with open(os.path.join(meta, fn + ".json"), "w") as f:
            json.dump(installed, f)
    with open(os.path.join(meta, "history"), "w") as f:
        f.write("==> 2026-01-01 00:00:00 <==\n# cmd: bench\n"
                + "".join("+%s/linux-64::%s-%s-%s\n" % (channel, r["name"], r["version"], r["build"])
                          for r in records)
                + "# update specs: ['basepkg']\n")


if __name__ == "__main__":
    main()
