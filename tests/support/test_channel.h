#pragma once

// A small local channel written with core's own package writer, for tests that install,
// update and kill real transactions: noarch packages with a few files each, indexed for noarch
// and this machine's platform. The tests that include this link envdesk_archive and
// envdesk_repodata.

#include "core/archive/package_writer.h"
#include "core/repodata/channel_index.h"
#include "core/specs/channel.h"

#include <string>
#include <vector>

namespace envdesk::test {

// `name` 1.0 build 0, noarch: generic, with share/<name>/file0.txt .. file4.txt and `extra`.
inline bool writeNoarchPackage(const std::string& channelDir, const std::string& name,
                               std::vector<std::string> depends,
                               std::vector<archive::PackageFileSpec> extra = {})
{
    archive::PackageSpec spec;
    spec.name = name;
    spec.version = "1.0";
    spec.build = "0";
    spec.noarch = "generic";
    spec.depends = std::move(depends);
    for (int i = 0; i < 5; ++i) {
        spec.files.push_back({"share/" + name + "/file" + std::to_string(i) + ".txt",
                              name + " " + std::to_string(i) + "\n", false, false, false});
    }
    spec.files.insert(spec.files.end(), extra.begin(), extra.end());
    return static_cast<bool>(archive::writePackage(spec, channelDir + "/noarch"));
}

// lib; app (needs lib); tool; and killer (needs lib), whose post-link script SIGKILLs whoever
// carries out the transaction (the script's parent) after its files are placed and before
// anything is committed: a real kill in the middle of a change. Indexed.
inline bool writeKillerChannel(const std::string& channelDir)
{
    archive::PackageFileSpec script;
    script.path = "bin/.killer-post-link.sh";
    script.content = "kill -9 $PPID\nsleep 30\n";
    script.executable = true;
    const bool written = writeNoarchPackage(channelDir, "lib", {})
                         && writeNoarchPackage(channelDir, "app", {"lib"})
                         && writeNoarchPackage(channelDir, "tool", {})
                         && writeNoarchPackage(channelDir, "killer", {"lib"}, {script});
    if (!written) {
        return false;
    }
    repodata::IndexOptions index;
    index.subdirs = {"noarch", specs::currentPlatform()};
    return static_cast<bool>(repodata::indexChannel(channelDir, index));
}

} // namespace envdesk::test
