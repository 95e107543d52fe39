#pragma once

#include "core/channels/loaded_channels.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <cstddef>
#include <map>
#include <stop_token>
#include <string>
#include <vector>

// What the channels offer, as a package list shows it next to what is installed: the newest
// record of each name, and which names exist at all.
namespace envdesk::channels {

struct PackageCatalogue {
    // The newest record of each name that was looked at: conda's version order, then the
    // build number; the earlier channel wins a tie.
    std::map<std::string, specs::PackageRecord> newest;
    std::vector<std::string> names; // every name the channels have, sorted, once each
    // Names whose records were not decoded (beyond `decodeLimit`): only the name is known.
    std::size_t undecoded = 0;
};

// The newest record of each of `wanted` (the installed names: what "upgradable" needs), and of
// the other names while their count stays within `decodeLimit` (a big channel has tens of
// thousands of names; decoding them all for a list no one scrolls would cost seconds).
[[nodiscard]] util::Result<PackageCatalogue> buildCatalogue(const LoadedChannels& loaded,
                                                            const std::vector<std::string>& wanted,
                                                            std::size_t decodeLimit,
                                                            std::stop_token stop = {});

// The newer of two records of one name by conda's order (version, then build number).
[[nodiscard]] bool isNewer(const specs::PackageRecord& candidate, const specs::PackageRecord& than);

} // namespace envdesk::channels
