#pragma once

#include "core/specs/channel.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

// The checks of channel settings as a person types them (the Channels page's form), before they
// become config::ChannelSettings and a .condarc: what is wrong with each field, decided here so
// that the rules are core's (specs::UnresolvedChannel) and the page only words them.
namespace envdesk::config {

// The form's fields as typed: lists may hold empty entries and repeats, rows may lack a half.
struct ChannelSettingsForm {
    std::vector<std::string> channels;
    std::string channelAlias;
    std::vector<std::string> defaultChannels;
    std::vector<std::pair<std::string, std::string>> customChannels; // name, URL (or folder)
    std::vector<std::string> proxies;                                // proxy_servers' values
    std::optional<std::string> caBundle; // ssl_verify as a CA bundle: the path typed
};

struct SettingsProblem {
    enum class Field {
        Channels,
        ChannelAlias,
        DefaultChannels,
        CustomChannels,
        Proxies,
        SslVerify
    };
    enum class Kind {
        EmptyEntry,      // `index`: the entry (channels, default_channels)
        NotAChannel,     // `text`; `detail`: why (channels, default_channels)
        ListedTwice,     // `text` (channels)
        NotAUrl,         // `text` (channel_alias; custom_channels: `index` the row)
        NoName,          // `index`: the row (custom_channels)
        NotAName,        // `index`, `text` (custom_channels)
        NameTwice,       // `index`, `text` (custom_channels)
        NoUrl,           // `index`: the row (custom_channels)
        NotAProxy,       // `text`: needs a scheme and a host
        NoCaBundle,      // a CA bundle chosen without a path
        MissingCaBundle, // `text`: the path, which is no file (conda's "truststore" is fine)
    };
    Field field = Field::Channels;
    Kind kind = Kind::EmptyEntry;
    int index = 0; // 1-based; 0 when the problem is not about one entry
    std::string text;
    std::string detail;
};

// Every problem, in the form's order. `paths` says where "~" and relative folders point.
// Surrounding whitespace is ignored; a custom_channels row with neither half is skipped.
[[nodiscard]] std::vector<SettingsProblem> checkChannelSettings(const ChannelSettingsForm& form,
                                                                const specs::PathContext& paths);

} // namespace envdesk::config
