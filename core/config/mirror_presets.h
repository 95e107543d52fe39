#pragma once

#include "core/config/condarc_editor.h"
#include "core/config/config.h"
#include "core/config/config_value.h"
#include "core/specs/channel.h"
#include "core/util/result.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The channel keys of one .condarc as a value (what the Channels page edits), and the presets
// that fill them in for well-known mirrors. A preset is the .condarc each mirror's help page
// documents: `default_channels` under the mirror's pkgs/ folder and `custom_channels` that send
// the mirrored community channels (conda-forge, pytorch, ...) to the mirror's cloud/ folder.
// Everything else still comes from conda.anaconda.org.
namespace envdesk::config {

// What one file sets. An empty string, list or map, or an empty optional, means the file does
// not set the key, so conda's default (or a lower-priority file) applies.
struct ChannelSettings {
    std::vector<std::string> channels;
    std::string channelAlias;
    std::vector<std::string> defaultChannels;
    std::map<std::string, std::string> customChannels; // name -> base URL
    std::optional<ChannelPriority> channelPriority;
    std::optional<bool> showChannelUrls;
    // proxy_servers: "http", "https", and any other key the file has ("all", "http://host").
    std::map<std::string, std::string> proxyServers;
    std::optional<SslVerify> sslVerify;

    bool operator==(const ChannelSettings&) const = default;

    // Reads the keys from one file's content (CondarcEditor::content()). Values of the wrong
    // shape are read as unset; Config::load() is what reports them.
    [[nodiscard]] static ChannelSettings fromContent(const ConfigValue& content);
    // The resolution parameters of these settings alone (not merged with other files): conda's
    // defaults for the keys they leave unset.
    [[nodiscard]] specs::ChannelContext channelContext() const;
};

// Makes the editor's file say `settings`: keys whose value is unchanged are not touched (their
// comments stay), a changed list keeps its unchanged leading items, a key the settings leave
// unset is removed. Other keys, comments and blank lines stay as they are.
[[nodiscard]] util::Result<void> writeChannelSettings(CondarcEditor& editor,
                                                      const ChannelSettings& settings);

struct MirrorPreset {
    std::string id;          // "tuna"
    std::string displayName; // "TUNA (Tsinghua University)"
    // The mirror's Anaconda folder ("https://mirrors.tuna.tsinghua.edu.cn/anaconda"); empty for
    // the official servers.
    std::string root;
    std::string channelAlias;                          // empty: conda's
    std::vector<std::string> defaultChannels;          // empty: conda's
    std::map<std::string, std::string> customChannels; // name -> base URL

    bool operator==(const MirrorPreset&) const = default;
};

// TUNA, BFSU, USTC, SJTU, Aliyun, NJU, then the official servers ("official").
[[nodiscard]] const std::vector<MirrorPreset>& mirrorPresets();
[[nodiscard]] const MirrorPreset* findMirrorPreset(std::string_view id);

// The settings with `preset` applied: channel_alias and default_channels become the preset's
// (unset when it has none); custom_channels loses the entries that point at any preset mirror
// and gains the preset's, so a user's own entries (a team's server) stay. An empty channel
// list becomes conda-forge's (through the mirror); a list the user has, the priority, proxies
// and TLS settings are left alone.
[[nodiscard]] ChannelSettings applyPreset(ChannelSettings settings, const MirrorPreset& preset);
// The same on a file: the key edits applyPreset() implies.
[[nodiscard]] util::Result<void> applyPreset(CondarcEditor& editor, const MirrorPreset& preset);
// Where packages come from, as a first run asks it: conda-forge (what most ML users want),
// Anaconda's `defaults` (its terms of service apply), or conda-forge through a mirror preset.
enum class PackageSource { CondaForge, AnacondaDefaults, Mirror };

// `current` (one file's settings) with the channel list the choice means; a Mirror choice also
// applies `mirror` (which must then be given). Other keys are left as they are.
[[nodiscard]] ChannelSettings withPackageSource(ChannelSettings current, PackageSource source,
                                                const MirrorPreset* mirror = nullptr);

// Whether any configuration file sets `channels` (an empty list counts): if none does, conda's
// default (`defaults` alone) is in use without the user having chosen it.
[[nodiscard]] bool channelsChosen(const Config& configuration);

// The preset the settings amount to (URLs compared without a trailing slash), or nullptr.
[[nodiscard]] const MirrorPreset* matchingPreset(const ChannelSettings& settings);

} // namespace envdesk::config
