#include "core/config/mirror_presets.h"

#include "core/util/strings.h"

#include <algorithm>
#include <set>

namespace envdesk::config {

namespace {

std::string withoutTrailingSlash(std::string_view url)
{
    url = util::trim(url);
    while (url.size() > 1 && url.back() == '/') {
        url.remove_suffix(1);
    }
    return std::string(url);
}

// The URL without its scheme and trailing slash, lower-cased: http and https reach the same
// mirror, and a pasted "HTTPS://" or "/cloud/" names the same folder.
std::string comparable(std::string_view url)
{
    std::string text = util::toLower(withoutTrailingSlash(url));
    if (const auto sep = text.find("://"); sep != std::string::npos) {
        text.erase(0, sep + 3);
    }
    return text;
}

bool sameUrl(std::string_view a, std::string_view b)
{
    return comparable(a) == comparable(b);
}

bool sameUrls(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const std::string& x, const std::string& y) { return sameUrl(x, y); });
}

bool isUnder(std::string_view url, std::string_view root)
{
    const std::string text = comparable(url);
    const std::string base = comparable(root);
    return !base.empty() && (text == base || util::startsWith(text, base + "/"));
}

// Whether a URL points into any preset's mirror.
bool isPresetMirrorUrl(std::string_view url)
{
    const auto& presets = mirrorPresets();
    return std::any_of(presets.begin(), presets.end(), [&](const MirrorPreset& preset) {
        return !preset.root.empty() && isUnder(url, preset.root);
    });
}

std::optional<ChannelPriority> parsePriority(std::string_view text)
{
    const std::string word = util::toLower(util::trim(text));
    if (word == "strict") {
        return ChannelPriority::Strict;
    }
    if (word == "flexible") {
        return ChannelPriority::Flexible;
    }
    if (word == "disabled") {
        return ChannelPriority::Disabled;
    }
    // conda still reads the old boolean form: true is flexible, false is disabled.
    if (const auto flag = parseBool(word)) {
        return *flag ? ChannelPriority::Flexible : ChannelPriority::Disabled;
    }
    return std::nullopt;
}

std::vector<std::string> stringList(const ConfigValue* value)
{
    std::vector<std::string> out;
    if (value == nullptr || !value->isSequence()) {
        return out;
    }
    for (const auto& item : value->items) {
        if (item.isScalar() && !util::trim(item.scalar).empty()) {
            out.emplace_back(util::trim(item.scalar));
        }
    }
    return out;
}

std::map<std::string, std::string> stringMap(const ConfigValue* value)
{
    std::map<std::string, std::string> out;
    if (value == nullptr || !value->isMap()) {
        return out;
    }
    for (const auto& entry : value->entries) {
        if (entry.value.isScalar()) {
            out[entry.key] = std::string(util::trim(entry.value.scalar));
        }
    }
    return out;
}

std::string scalarText(const ConfigValue* value)
{
    return value != nullptr && value->isScalar() ? std::string(util::trim(value->scalar))
                                                 : std::string();
}

bool hasKey(const CondarcEditor& editor, const std::string& key)
{
    return editor.content().find(key) != nullptr;
}

util::Result<void> removeIfPresent(CondarcEditor& editor, const std::string& key)
{
    return hasKey(editor, key) ? editor.removeKey(key) : util::Result<void>{};
}

// A changed list: items that went away are removed, then the items after the longest common
// prefix are appended in order (an item already there moves to the end). The prefix keeps its
// lines, and with them its comments.
util::Result<void> writeList(CondarcEditor& editor, const std::string& key,
                             const std::vector<std::string>& before,
                             const std::vector<std::string>& after)
{
    if (before == after) {
        return {};
    }
    if (after.empty()) {
        return removeIfPresent(editor, key);
    }
    const auto wanted = [&](const std::string& item) {
        return std::find(after.begin(), after.end(), item) != after.end();
    };
    std::set<std::string> removed;
    for (const auto& item : before) {
        if (!wanted(item) && removed.insert(item).second) {
            if (auto gone = editor.remove(key, item); !gone) {
                return gone;
            }
        }
    }
    std::vector<std::string> kept;
    bool duplicates = false;
    for (const auto& item : before) {
        if (!wanted(item)) {
            continue;
        }
        if (std::find(kept.begin(), kept.end(), item) != kept.end()) {
            duplicates = true;
        } else {
            kept.push_back(item);
        }
    }
    // With duplicates in the file the prefix cannot be trusted: every item is added again (an
    // add moves all copies of an item).
    std::size_t prefix = 0;
    while (!duplicates && prefix < kept.size() && prefix < after.size()
           && kept[prefix] == after[prefix]) {
        ++prefix;
    }
    std::set<std::string> appended;
    for (std::size_t i = prefix; i < after.size(); ++i) {
        if (!appended.insert(after[i]).second) {
            continue; // conda keeps the first of duplicates; so does the file
        }
        if (auto added = editor.add(key, after[i], CondarcEditor::ListEnd::Back); !added) {
            return added;
        }
    }
    return {};
}

// A changed mapping: new and changed entries are set first, then stale ones removed, so the
// mapping is never empty on the way.
util::Result<void> writeMap(CondarcEditor& editor, const std::string& key,
                            const std::map<std::string, std::string>& before,
                            const std::map<std::string, std::string>& after)
{
    if (before == after) {
        return {};
    }
    if (after.empty()) {
        return removeIfPresent(editor, key);
    }
    for (const auto& [name, value] : after) {
        const auto old = before.find(name);
        if (old == before.end() || old->second != value) {
            if (auto set = editor.set(key + "." + name, value); !set) {
                return set;
            }
        }
    }
    for (const auto& [name, value] : before) {
        if (!after.contains(name)) {
            if (auto removed = editor.removeKey(key + "." + name); !removed) {
                return removed;
            }
        }
    }
    return {};
}

util::Result<void> writeScalar(CondarcEditor& editor, const std::string& key,
                               const std::optional<std::string>& before,
                               const std::optional<std::string>& after)
{
    if (before == after) {
        return {};
    }
    if (!after) {
        return removeIfPresent(editor, key);
    }
    return editor.set(key, *after);
}

std::optional<std::string> nonEmpty(const std::string& text)
{
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

std::optional<std::string> sslText(const std::optional<SslVerify>& ssl)
{
    if (!ssl) {
        return std::nullopt;
    }
    if (!ssl->enabled) {
        return "false";
    }
    return ssl->caBundle.empty() ? std::string("true") : ssl->caBundle;
}

std::optional<std::string> boolText(const std::optional<bool>& flag)
{
    if (!flag) {
        return std::nullopt;
    }
    return *flag ? "true" : "false";
}

std::optional<std::string> priorityText(const std::optional<ChannelPriority>& priority)
{
    if (!priority) {
        return std::nullopt;
    }
    return std::string(toString(*priority));
}

MirrorPreset mirror(std::string id, std::string name, std::string root,
                    const std::vector<std::string>& pkgs, const std::vector<std::string>& cloud)
{
    MirrorPreset preset;
    preset.id = std::move(id);
    preset.displayName = std::move(name);
    preset.root = std::move(root);
    for (const auto& folder : pkgs) {
        preset.defaultChannels.push_back(preset.root + "/pkgs/" + folder);
    }
    for (const auto& channel : cloud) {
        preset.customChannels[channel] = preset.root + "/cloud";
    }
    return preset;
}

} // namespace

ChannelSettings ChannelSettings::fromContent(const ConfigValue& content)
{
    ChannelSettings settings;
    settings.channels = stringList(content.find("channels"));
    settings.channelAlias = scalarText(content.find("channel_alias"));
    settings.defaultChannels = stringList(content.find("default_channels"));
    settings.customChannels = stringMap(content.find("custom_channels"));
    if (const std::string text = scalarText(content.find("channel_priority")); !text.empty()) {
        settings.channelPriority = parsePriority(text);
    }
    if (const std::string text = scalarText(content.find("show_channel_urls")); !text.empty()) {
        settings.showChannelUrls = parseBoolLike(text);
    }
    settings.proxyServers = stringMap(content.find("proxy_servers"));
    std::erase_if(settings.proxyServers, [](const auto& entry) { return entry.second.empty(); });
    if (const std::string text = scalarText(content.find("ssl_verify")); !text.empty()) {
        if (const auto flag = parseBool(text)) {
            settings.sslVerify = SslVerify{*flag, {}};
        } else {
            settings.sslVerify = SslVerify{true, text};
        }
    }
    return settings;
}

specs::ChannelContext ChannelSettings::channelContext() const
{
    specs::ChannelContext context;
    if (!channelAlias.empty()) {
        context.channelAlias = channelAlias;
    }
    if (!defaultChannels.empty()) {
        context.defaultChannels = defaultChannels;
    }
    context.customChannels = customChannels;
    return context;
}

util::Result<void> writeChannelSettings(CondarcEditor& editor, const ChannelSettings& settings)
{
    const ChannelSettings before = ChannelSettings::fromContent(editor.content());
    if (auto r = writeList(editor, "channels", before.channels, settings.channels); !r) {
        return r;
    }
    if (auto r = writeScalar(editor, "channel_alias", nonEmpty(before.channelAlias),
                             nonEmpty(settings.channelAlias));
        !r) {
        return r;
    }
    if (auto r =
            writeList(editor, "default_channels", before.defaultChannels, settings.defaultChannels);
        !r) {
        return r;
    }
    if (auto r =
            writeMap(editor, "custom_channels", before.customChannels, settings.customChannels);
        !r) {
        return r;
    }
    if (auto r = writeScalar(editor, "channel_priority", priorityText(before.channelPriority),
                             priorityText(settings.channelPriority));
        !r) {
        return r;
    }
    if (auto r = writeScalar(editor, "show_channel_urls", boolText(before.showChannelUrls),
                             boolText(settings.showChannelUrls));
        !r) {
        return r;
    }
    std::map<std::string, std::string> proxies = settings.proxyServers;
    std::erase_if(proxies, [](const auto& entry) { return entry.second.empty(); });
    if (auto r = writeMap(editor, "proxy_servers", before.proxyServers, proxies); !r) {
        return r;
    }
    return writeScalar(editor, "ssl_verify", sslText(before.sslVerify),
                       sslText(settings.sslVerify));
}

const std::vector<MirrorPreset>& mirrorPresets()
{
    // From each mirror's help page (the MirrorZ help that TUNA, BFSU and NJU share, USTC's
    // mirrorhelp, SJTUG's docs, Aliyun's mirror page), with https everywhere: Aliyun's page
    // still says http, and its https endpoint serves the same tree.
    static const std::vector<MirrorPreset> presets = [] {
        const std::vector<std::string> pkgs = {"main", "r", "msys2"};
        std::vector<MirrorPreset> list;
        list.push_back(mirror("tuna", "TUNA (Tsinghua University)",
                              "https://mirrors.tuna.tsinghua.edu.cn/anaconda", pkgs,
                              {"conda-forge", "pytorch"}));
        list.push_back(mirror("bfsu", "BFSU (Beijing Foreign Studies University)",
                              "https://mirrors.bfsu.edu.cn/anaconda", pkgs,
                              {"conda-forge", "pytorch"}));
        // USTC's page names these community channels (and no pytorch).
        list.push_back(mirror("ustc", "USTC (University of Science and Technology of China)",
                              "https://mirrors.ustc.edu.cn/anaconda", pkgs,
                              {"conda-forge", "bioconda", "menpo", "msys2"}));
        // SJTUG mirrors no pkgs/msys2.
        list.push_back(mirror("sjtu", "SJTU (Shanghai Jiao Tong University)",
                              "https://mirror.sjtu.edu.cn/anaconda", {"main", "r"},
                              {"conda-forge", "pytorch"}));
        list.push_back(
            mirror("aliyun", "Aliyun (Alibaba Cloud)", "https://mirrors.aliyun.com/anaconda", pkgs,
                   {"conda-forge", "msys2", "bioconda", "menpo", "pytorch", "simpleitk"}));
        list.push_back(mirror("nju", "NJU (Nanjing University)",
                              "https://mirror.nju.edu.cn/anaconda", pkgs,
                              {"conda-forge", "pytorch"}));
        MirrorPreset official;
        official.id = "official";
        official.displayName = "Official (anaconda.org)";
        list.push_back(std::move(official));
        return list;
    }();
    return presets;
}

const MirrorPreset* findMirrorPreset(std::string_view id)
{
    const auto& presets = mirrorPresets();
    const auto it = std::find_if(presets.begin(), presets.end(),
                                 [&](const MirrorPreset& preset) { return preset.id == id; });
    return it == presets.end() ? nullptr : &*it;
}

ChannelSettings applyPreset(ChannelSettings settings, const MirrorPreset& preset)
{
    // A file without a channel list would leave conda's `defaults` alone in use, which has
    // neither conda-forge's packages nor PyTorch's CUDA builds; every preset mirrors
    // conda-forge (custom_channels), so that is what a mirror user gets unless they chose.
    if (settings.channels.empty()) {
        settings.channels = {"conda-forge"};
    }
    settings.channelAlias = preset.channelAlias;
    settings.defaultChannels = preset.defaultChannels;
    std::erase_if(settings.customChannels,
                  [](const auto& entry) { return isPresetMirrorUrl(entry.second); });
    for (const auto& [name, url] : preset.customChannels) {
        settings.customChannels[name] = url;
    }
    return settings;
}

util::Result<void> applyPreset(CondarcEditor& editor, const MirrorPreset& preset)
{
    return writeChannelSettings(
        editor, applyPreset(ChannelSettings::fromContent(editor.content()), preset));
}

ChannelSettings withPackageSource(ChannelSettings current, PackageSource source,
                                  const MirrorPreset* mirror)
{
    switch (source) {
    case PackageSource::CondaForge:
        current.channels = {"conda-forge"};
        return current;
    case PackageSource::AnacondaDefaults:
        current.channels = {"defaults"};
        return current;
    case PackageSource::Mirror:
        break;
    }
    current.channels = {"conda-forge"};
    return mirror != nullptr ? applyPreset(std::move(current), *mirror) : current;
}

bool channelsChosen(const Config& configuration)
{
    const Setting* channels = configuration.setting("channels");
    return channels != nullptr && !channels->sources.empty();
}

const MirrorPreset* matchingPreset(const ChannelSettings& settings)
{
    for (const auto& preset : mirrorPresets()) {
        if (preset.root.empty()) {
            const bool officialAlias =
                settings.channelAlias.empty()
                || sameUrl(settings.channelAlias, specs::ChannelContext{}.channelAlias);
            const bool officialDefaults =
                settings.defaultChannels.empty()
                || sameUrls(settings.defaultChannels, specs::condaDefaultChannels());
            const bool noMirror =
                std::none_of(settings.customChannels.begin(), settings.customChannels.end(),
                             [](const auto& entry) { return isPresetMirrorUrl(entry.second); });
            if (officialAlias && officialDefaults && noMirror) {
                return &preset;
            }
            continue;
        }
        const bool alias = preset.channelAlias.empty()
                               ? settings.channelAlias.empty()
                               : sameUrl(settings.channelAlias, preset.channelAlias);
        if (!alias || !sameUrls(settings.defaultChannels, preset.defaultChannels)) {
            continue;
        }
        const bool all = std::all_of(
            preset.customChannels.begin(), preset.customChannels.end(), [&](const auto& entry) {
                const auto found = settings.customChannels.find(entry.first);
                return found != settings.customChannels.end()
                       && sameUrl(found->second, entry.second);
            });
        // Entries into another mirror make a mixture, not this preset.
        const bool onlyThis = std::all_of(
            settings.customChannels.begin(), settings.customChannels.end(), [&](const auto& entry) {
                return !isPresetMirrorUrl(entry.second) || isUnder(entry.second, preset.root);
            });
        if (all && onlyThis) {
            return &preset;
        }
    }
    return nullptr;
}

} // namespace envdesk::config
