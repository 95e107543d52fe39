#pragma once

#include "core/util/result.h"
#include "core/util/secrets.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Channels the way conda reads them (conda/models/channel.py, conda/base/context.py). What the
// user typed is *parsed* into an UnresolvedChannel without any configuration; it becomes concrete
// URLs only in resolve(), a pure function of the typed channel and an explicit ChannelContext
// (the .condarc keys), so the same text can be resolved against several configurations (a mirror
// preset preview, a test) without global state. The rules and their sources: docs/channels.md.
namespace envdesk::specs {

// Platform subdirs conda knows (conda.base.constants.KNOWN_SUBDIRS, big-endian "linux-ppc64"
// included), "noarch" last.
[[nodiscard]] const std::vector<std::string>& knownPlatforms();
[[nodiscard]] bool isKnownPlatform(std::string_view subdir);
// The subdir of the machine this was built for, from compiler macros ("linux-64", "osx-arm64",
// "win-64", ...), or "unknown" on a platform conda has no subdir for.
[[nodiscard]] std::string currentPlatform();
// conda's built-in default_channels on the build platform: pkgs/main and pkgs/r on
// repo.anaconda.com, plus pkgs/msys2 on Windows.
[[nodiscard]] std::vector<std::string> condaDefaultChannels();

// The masking helpers live in util so that util::Error::message() can use them; they are part of
// what a channel is, so specs names them too.
using util::maskSecrets;
using util::stripCredentials;

// Where `~` and relative paths typed as channels point: inputs, never read from the process
// here (the composition root reads them once, config::ConfigInputs). An empty field refuses the
// paths that need it.
struct PathContext {
    std::string homeDir;    // absolute, used for "~" and "~/..."
    std::string currentDir; // absolute, used for "./x", "../x", "." and ".."
    bool operator==(const PathContext&) const = default;
};

// What a user typed, before any configuration is applied.
struct UnresolvedChannel {
    enum class Kind { Name, Url, Path };
    Kind kind = Kind::Name;
    // A name ("conda-forge", "pkgs/main", "defaults", "bioconda/label/dev"), a URL without
    // trailing slash ("https://host/path", file:// too; credentials kept, see str()), or an
    // absolute path with '/' separators.
    std::string location;
    // A known platform that ended the typed text ("conda-forge/linux-64" -> "linux-64").
    std::optional<std::string> subdir;

    // Rejects empty text, whitespace inside names and URLs, characters that cannot be in a
    // channel name, URLs without a host or with a query, and "~user" paths. A trailing slash,
    // surrounding whitespace and, for URLs and paths, a trailing package file name
    // (".conda", ".tar.bz2", ".json") are dropped.
    // `paths` expands "~" and relative paths; without it they are refused.
    [[nodiscard]] static util::Result<UnresolvedChannel> parse(std::string_view text,
                                                               const PathContext& paths = {});
    // As typed, normalised, secrets masked: parse(str()) gives the same channel unless a secret
    // was masked.
    [[nodiscard]] std::string str() const;
    // As str(), with the secrets: what a channel list held in memory is given, so that the
    // channel resolves to the URL the user typed. Never for output.
    [[nodiscard]] std::string strWithSecrets() const;
    bool operator==(const UnresolvedChannel&) const = default;
};

// The parameters of resolution, as in .condarc. Defaults are conda's built-in defaults on this
// platform.
struct ChannelContext {
    // Where bare names resolve; may carry a token (".../t/<token>") and user:password.
    std::string channelAlias = "https://conda.anaconda.org";
    std::vector<std::string> defaultChannels = condaDefaultChannels();
    // name -> base URL; the channel is <base>/<name>, and so are its sub-channels
    // (<base>/<name>/label/dev).
    std::map<std::string, std::string> customChannels;
    // name -> channel strings. "defaults" is implicit from defaultChannels unless it is given
    // here (conda >= 26.1: then this list wins). conda's reserved "local" (conda-build's output
    // folders) is not invented here: the config layer adds it if it wants it.
    std::map<std::string, std::vector<std::string>> customMultichannels;
    // URL prefix -> mirror URL prefixes in order of preference (longest matching prefix wins).
    std::vector<std::pair<std::string, std::vector<std::string>>> mirrors;
    // Former channel aliases (conda's migrated_channel_aliases): a URL under one of them is read
    // as the same name under channelAlias, so records installed before the alias changed still
    // match their channel.
    std::vector<std::string> migratedChannelAliases;
    std::vector<std::string> platforms = {currentPlatform(), "noarch"};
    // Where "~" and relative paths point, in typed channels and configured local ones.
    PathContext paths;

    bool operator==(const ChannelContext&) const = default;
};

// Checks every URL and name in the context, mirrors included (resolve() fails on the same
// problems, naming the .condarc key); meant for the configuration layer when it loads a .condarc.
[[nodiscard]] util::Result<void> validate(const ChannelContext& context);

// A channel resolved to concrete URLs.
struct Channel {
    // "conda-forge", "pkgs/main", or for a URL outside the alias and custom channels the name
    // conda gives it (the URL path; a local folder's last component).
    std::string name;
    // What conda prints (conda's Channel.canonical_name): "conda-forge", "defaults" for a member
    // of default_channels, the multichannel's name for its members, or scheme://location/name
    // (never with credentials) for a channel outside the alias; a local path prints as its
    // file:// URL.
    std::string canonicalName;
    // scheme://[user:pass@]host/path of the channel, with "/t/<token>" if one was given or
    // configured; for a local path the file:// URL.
    std::string baseUrl;
    // Subdirs to fetch: a typed subdir and "noarch" after it (conda does so: noarch packages
    // belong to every platform), else the context's platforms.
    std::vector<std::string> platforms;
    // Where to fetch from, in order: the mirrors of the longest matching prefix (without the
    // credentials of baseUrl: a token for one server is not sent to another), then baseUrl last.
    // Always holds at least baseUrl.
    std::vector<std::string> mirrorBaseUrls;

    // baseUrl + "/" + platform; withToken = false drops all credentials (token and password).
    [[nodiscard]] std::string platformUrl(std::string_view platform, bool withToken = true) const;
    [[nodiscard]] std::vector<std::string> urls(bool withToken = true) const;
    [[nodiscard]] std::optional<std::string> token() const;
    [[nodiscard]] bool isLocal() const; // file://
    bool operator==(const Channel&) const = default;
};

// resolve() and canonicalName() with the context checked and turned into lookup tables once, for
// loops over many channels (every record of a repodata, every candidate of a solve). Immutable
// and cheap to copy, so threads can share one.
class ChannelResolver {
public:
    // Fails like validate(). The context's paths expand "~" in configured local channels.
    [[nodiscard]] static util::Result<ChannelResolver> create(ChannelContext context);

    [[nodiscard]] const ChannelContext& context() const;
    [[nodiscard]] util::Result<std::vector<Channel>>
    resolve(const UnresolvedChannel& channel) const;
    [[nodiscard]] util::Result<std::vector<Channel>> resolve(std::string_view typed) const;
    [[nodiscard]] std::string canonicalName(const UnresolvedChannel& channel) const;

private:
    struct Impl;
    explicit ChannelResolver(std::shared_ptr<const Impl> impl);
    std::shared_ptr<const Impl> m_impl;
};

// A multichannel ("defaults", a custom_multichannels name) resolves to several channels, in
// order. Each call prepares the context anew; see ChannelResolver for loops.
[[nodiscard]] util::Result<std::vector<Channel>> resolve(const UnresolvedChannel& channel,
                                                         const ChannelContext& context);
[[nodiscard]] util::Result<std::vector<Channel>> resolve(std::string_view typed,
                                                         const ChannelContext& context);
// conda's canonical name of what was typed (used by MatchSpec to print "pkgs/main::numpy" as
// "defaults::numpy" and to compare a record's channel with a spec's channel): for a multichannel
// name, the multichannel name itself. When the context cannot resolve it, the masked text.
[[nodiscard]] std::string canonicalName(const UnresolvedChannel& channel,
                                        const ChannelContext& context);

} // namespace envdesk::specs
