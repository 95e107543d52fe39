#include "core/config/channel_settings_check.h"

#include "core/util/strings.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace envdesk::config {

namespace {

using Field = SettingsProblem::Field;
using Kind = SettingsProblem::Kind;
using specs::UnresolvedChannel;

SettingsProblem problem(Field field, Kind kind, int index = 0, std::string text = {},
                        std::string detail = {})
{
    return {field, kind, index, std::move(text), std::move(detail)};
}

bool isProxyUrl(const std::string& text)
{
    auto parsed = UnresolvedChannel::parse(text);
    return parsed && parsed->kind == UnresolvedChannel::Kind::Url
           && !util::startsWith(parsed->location, "file:");
}

} // namespace

std::vector<SettingsProblem> checkChannelSettings(const ChannelSettingsForm& form,
                                                  const specs::PathContext& paths)
{
    std::vector<SettingsProblem> out;
    // The channel list: names, URLs or folders, once each.
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < form.channels.size(); ++i) {
        const std::string text(util::trim(form.channels[i]));
        const int index = static_cast<int>(i) + 1;
        if (text.empty()) {
            out.push_back(problem(Field::Channels, Kind::EmptyEntry, index));
            continue;
        }
        if (auto parsed = UnresolvedChannel::parse(text, paths); !parsed) {
            out.push_back(
                problem(Field::Channels, Kind::NotAChannel, index, text, parsed.error().detail));
        } else if (std::find(seen.begin(), seen.end(), text) != seen.end()) {
            out.push_back(problem(Field::Channels, Kind::ListedTwice, index, text));
        }
        seen.push_back(text);
    }
    // channel_alias: a server URL.
    if (const std::string alias(util::trim(form.channelAlias)); !alias.empty()) {
        auto parsed = UnresolvedChannel::parse(alias, paths);
        if (!parsed || parsed->kind != UnresolvedChannel::Kind::Url) {
            out.push_back(problem(Field::ChannelAlias, Kind::NotAUrl, 0, alias));
        }
    }
    // default_channels: names or URLs.
    for (std::size_t i = 0; i < form.defaultChannels.size(); ++i) {
        const std::string text(util::trim(form.defaultChannels[i]));
        const int index = static_cast<int>(i) + 1;
        if (text.empty()) {
            out.push_back(problem(Field::DefaultChannels, Kind::EmptyEntry, index));
        } else if (auto parsed = UnresolvedChannel::parse(text, paths); !parsed) {
            out.push_back(problem(Field::DefaultChannels, Kind::NotAChannel, index, text,
                                  parsed.error().detail));
        }
    }
    // custom_channels: a name and a URL (or folder) per row.
    std::set<std::string> names;
    for (std::size_t row = 0; row < form.customChannels.size(); ++row) {
        const std::string name(util::trim(form.customChannels[row].first));
        const std::string url(util::trim(form.customChannels[row].second));
        const int index = static_cast<int>(row) + 1;
        if (name.empty() && url.empty()) {
            continue;
        }
        if (name.empty()) {
            out.push_back(problem(Field::CustomChannels, Kind::NoName, index));
        } else if (auto parsed = UnresolvedChannel::parse(name, paths);
                   !parsed || parsed->kind != UnresolvedChannel::Kind::Name) {
            out.push_back(problem(Field::CustomChannels, Kind::NotAName, index, name));
        } else if (!names.insert(name).second) {
            out.push_back(problem(Field::CustomChannels, Kind::NameTwice, index, name));
        }
        if (url.empty()) {
            out.push_back(problem(Field::CustomChannels, Kind::NoUrl, index));
        } else if (auto parsed = UnresolvedChannel::parse(url, paths);
                   !parsed || parsed->kind == UnresolvedChannel::Kind::Name) {
            out.push_back(problem(Field::CustomChannels, Kind::NotAUrl, index, url));
        }
    }
    // Proxies: a scheme and a host.
    for (const auto& proxy : form.proxies) {
        if (const std::string text(util::trim(proxy)); !text.empty() && !isProxyUrl(text)) {
            out.push_back(problem(Field::Proxies, Kind::NotAProxy, 0, text));
        }
    }
    // ssl_verify as a CA bundle: a file that exists (or conda's "truststore").
    if (form.caBundle) {
        const std::string path(util::trim(*form.caBundle));
        std::error_code error;
        if (path.empty()) {
            out.push_back(problem(Field::SslVerify, Kind::NoCaBundle));
        } else if (path != "truststore" && !std::filesystem::is_regular_file(path, error)) {
            out.push_back(problem(Field::SslVerify, Kind::MissingCaBundle, 0, path));
        }
    }
    return out;
}

} // namespace envdesk::config
