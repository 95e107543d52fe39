#pragma once

#include "core/config/config.h"
#include "core/specs/channel.h"
#include "core/util/result.h"

#include <map>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

// What channels say about their packages: `channeldata.json` at a channel's root (written by
// conda-index and `envdesk-cli index`), one entry per package name with its newest version's
// summary, description, home page and licence. The window's Description column shows it.
namespace envdesk::channels {

struct PackageAbout {
    std::string summary;
    std::string description;
    std::string home;
    std::string license;
};

struct ChannelAbout {
    std::map<std::string, PackageAbout> packages; // by name; the first channel to say wins
    // Channels whose channeldata.json could not be had although they may have one, and why
    // (English, secrets masked); a channel without one adds nothing and no note.
    std::vector<std::string> notes;
};

// The `packages` of a channeldata.json; fields that are absent or not strings are left empty,
// entries that are not objects skipped. Errors name `where`.
[[nodiscard]] util::Result<std::map<std::string, PackageAbout>>
parseChannelData(std::string_view text, const std::string& where);

// What `channels` (in order) say in their channeldata.json: read from a folder channel, fetched
// from a remote one into the repodata cache and reused for a day (offline, however old; when the
// server fails, the cached copy). Never fails as a whole.
[[nodiscard]] ChannelAbout readChannelAbout(const std::vector<specs::Channel>& channels,
                                            const config::Config& configuration, bool offline,
                                            std::stop_token stop);

} // namespace envdesk::channels
