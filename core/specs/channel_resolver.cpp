#include "core/specs/channel.h"
#include "core/specs/channel_text.h"
#include "core/util/strings.h"

#include <algorithm>
#include <memory>
#include <unordered_map>

// Resolving a typed channel with a context (channel_alias, default_channels, custom_channels,
// multichannels, mirrors): the lookup tables, canonical names and the Channel values.
namespace envdesk::specs {

using util::ErrorCode;
using util::fail;
using namespace detail;

namespace {

// Guards nested multichannels ("all: [defaults, conda-forge]") against a definition cycle.
constexpr int kMaxMultichannelDepth = 8;

// A channel as conda models it before it becomes URLs: scheme <> auth <> location <> token <>
// name. `location` is host[:port][/path] (a folder for file://), `name` may be empty.
struct Parts {
    std::string scheme;
    std::string auth;
    std::string location;
    std::string token;
    std::string name;
    std::optional<std::string> platform;

    [[nodiscard]] bool isFile() const { return scheme == "file"; }
};

Parts aliasParts(const UrlParts& url)
{
    return Parts{url.scheme, url.auth, url.testUrl(), url.token, {}, {}};
}

// A local folder is location = its parent, name = its last component (conda's step 6).
Parts localParts(const UrlParts& url)
{
    const std::string test = url.testUrl();
    const std::size_t slash = test.rfind('/');
    std::string location = slash == std::string::npos ? std::string() : test.substr(0, slash);
    if (location.empty()) {
        location = "/";
    }
    return Parts{"file", {}, location, url.token, test.substr(slash + 1), {}};
}

// Two channels are "the same" for canonical names the way conda compares them: by name, which
// is what lets a record fetched from repo.anaconda.com/pkgs/main still count as `defaults` after
// default_channels moved to a mirror. A local folder is compared as a whole, because two folders
// that happen to share a last component are not one channel.
bool sameChannelName(const Parts& a, const Parts& b)
{
    if (a.isFile() || b.isFile()) {
        return a.isFile() && b.isFile() && a.location == b.location && a.name == b.name;
    }
    return !a.name.empty() && a.name == b.name;
}

// The context turned into conda's model, once per ChannelResolver (usually a handful of entries).
struct Tables {
    Parts alias;
    std::vector<Parts> migratedAliases;
    std::vector<Parts> customChannels; // the user's custom_channels
    // custom_multichannels in name order, then "defaults" (conda iterates them in this order).
    std::vector<std::pair<std::string, std::vector<Parts>>> multichannels;
    // conda's context.custom_channels: every multichannel member, then the user's custom
    // channels, one entry per name, a later definition replacing an earlier one.
    std::vector<Parts> byName;
    // byName, longest name first: a URL belongs to the most specific configured channel.
    std::vector<Parts> byLength;
    // Name -> index of its first entry in customChannels / byName: a .condarc may configure
    // tens of thousands of custom channels, and a scan per lookup made that quadratic.
    std::unordered_map<std::string, std::size_t> customIndex;
    std::unordered_map<std::string, std::size_t> byNameIndex;
};

const Parts* findByName(const std::vector<Parts>& table,
                        const std::unordered_map<std::string, std::size_t>& index,
                        std::string_view name)
{
    const auto it = index.find(std::string(name));
    return it == index.end() ? nullptr : &table[it->second];
}

// conda's _get_channel_for_name: the longest configured name that `name` starts with, by
// stripping trailing segments ("conda-forge/label/dev" -> "conda-forge/label" -> "conda-forge").
const Parts* findByNamePrefix(const std::vector<Parts>& table,
                              const std::unordered_map<std::string, std::size_t>& index,
                              std::string_view name)
{
    while (true) {
        if (const Parts* found = findByName(table, index, name)) {
            return found;
        }
        const std::size_t slash = name.rfind('/');
        if (slash == std::string_view::npos) {
            return nullptr;
        }
        name = name.substr(0, slash);
    }
}

Parts nameUnder(const Parts& base, std::string name)
{
    return Parts{base.scheme, base.auth, base.location, base.token, std::move(name), {}};
}

bool isMultichannelName(std::string_view name, const ChannelContext& context)
{
    return name == kDefaults || context.customMultichannels.count(std::string(name)) > 0;
}

const std::vector<std::string>& multichannelMembers(std::string_view name,
                                                    const ChannelContext& context)
{
    const auto it = context.customMultichannels.find(std::string(name));
    return it != context.customMultichannels.end() ? it->second : context.defaultChannels;
}

// A configured URL (channel_alias, a custom channel's base): a scheme, or a path taken as a
// local folder.
util::Result<UrlParts> configUrl(std::string_view value, const std::string& key,
                                 const PathContext& paths)
{
    const std::string_view trimmed = util::trim(value);
    if (schemeLength(trimmed) == 0 && looksLikePath(trimmed)) {
        auto path = parsePath(trimmed, paths, key);
        if (!path) {
            return path.error();
        }
        return splitUrl(pathToFileUrl(path->location), key);
    }
    return splitUrl(stripTrailingSlashes(trimmed), key);
}

// conda's make_simple_channel for a multichannel member: a URL under the channel alias keeps the
// alias as its location, any other URL is host + path, a local folder is parent + last
// component. A bare name goes to the user's custom_channels first, then the alias (conda goes to
// the alias directly, which sends `conda-forge` in a custom multichannel past a configured
// conda-forge mirror); a multichannel name expands to its members.
util::Result<std::vector<Parts>> memberParts(std::string_view text, const ChannelContext& context,
                                             const PathContext& paths, const Tables& tables,
                                             const std::string& key, int depth)
{
    auto parsed = UnresolvedChannel::parse(text, paths);
    if (!parsed) {
        return util::Error{ErrorCode::InvalidChannel, parsed.error().detail,
                           key + ": " + parsed.error().context};
    }
    const UnresolvedChannel& member = *parsed;
    std::vector<Parts> out;
    if (member.kind == UnresolvedChannel::Kind::Name) {
        if (isMultichannelName(member.location, context)) {
            if (depth >= kMaxMultichannelDepth) {
                return fail(ErrorCode::InvalidChannel,
                            "multichannel " + util::quoted(member.location)
                                + " contains itself (or nests more than 8 deep)",
                            key);
            }
            for (const std::string& inner : multichannelMembers(member.location, context)) {
                auto expanded = memberParts(inner, context, paths, tables, key, depth + 1);
                if (!expanded) {
                    return expanded.error();
                }
                for (Parts& p : *expanded) {
                    if (member.subdir) {
                        p.platform = member.subdir;
                    }
                    out.push_back(std::move(p));
                }
            }
            return out;
        }
        const Parts* custom =
            findByNamePrefix(tables.customChannels, tables.customIndex, member.location);
        Parts p = nameUnder(custom != nullptr ? *custom : tables.alias, member.location);
        p.platform = member.subdir;
        out.push_back(std::move(p));
        return out;
    }
    auto url =
        splitUrl(member.kind == UnresolvedChannel::Kind::Path ? pathToFileUrl(member.location)
                                                              : member.location,
                 key);
    if (!url) {
        return url.error();
    }
    Parts p;
    const std::string test = url->testUrl();
    if (url->isFile() && url->host.empty()) {
        p = localParts(*url);
    } else if (!url->isFile() && isSegmentPrefix(test, tables.alias.location)) {
        p = Parts{url->scheme,
                  url->auth,
                  tables.alias.location,
                  url->token,
                  segmentRest(test, tables.alias.location),
                  {}};
    } else {
        p = Parts{url->scheme, url->auth, url->host, url->token, stripSlashes(url->path), {}};
    }
    p.platform = member.subdir;
    out.push_back(std::move(p));
    return out;
}

void addByName(std::vector<Parts>& table, std::unordered_map<std::string, std::size_t>& index,
               const Parts& parts)
{
    const auto [found, added] = index.emplace(parts.name, table.size());
    if (!added) {
        Parts& existing = table[found->second];
        existing = parts;
        existing.platform.reset();
        return;
    }
    table.push_back(parts);
    table.back().platform.reset();
}

util::Result<Tables> buildTables(const ChannelContext& context, const PathContext& paths)
{
    Tables tables;
    auto alias = configUrl(context.channelAlias, "channel_alias", paths);
    if (!alias) {
        return alias.error();
    }
    tables.alias = aliasParts(*alias);
    for (const std::string& migrated : context.migratedChannelAliases) {
        auto url = configUrl(migrated, "migrated_channel_aliases", paths);
        if (!url) {
            return url.error();
        }
        tables.migratedAliases.push_back(aliasParts(*url));
    }
    for (const auto& [name, base] : context.customChannels) {
        const std::string key = "custom_channels[" + util::quoted(name) + "]";
        auto parsedName = parseName(util::trim(name), key);
        if (!parsedName || parsedName->subdir || parsedName->location.empty()) {
            return fail(ErrorCode::InvalidChannel, util::quoted(name) + " is not a channel name",
                        key);
        }
        auto url = configUrl(base, key, paths);
        if (!url) {
            return url.error();
        }
        Parts p = aliasParts(*url);
        p.name = parsedName->location;
        tables.customIndex.emplace(p.name, tables.customChannels.size());
        tables.customChannels.push_back(std::move(p));
    }

    std::vector<std::string> order;
    for (const auto& entry : context.customMultichannels) {
        if (entry.first != kDefaults) {
            order.push_back(entry.first);
        }
    }
    order.emplace_back(kDefaults);
    for (const std::string& multiname : order) {
        const std::string key = context.customMultichannels.count(multiname) > 0
                                    ? "custom_multichannels[" + util::quoted(multiname) + "]"
                                    : std::string("default_channels");
        std::vector<Parts> members;
        for (const std::string& text : multichannelMembers(multiname, context)) {
            auto expanded = memberParts(text, context, paths, tables, key, 1);
            if (!expanded) {
                return expanded.error();
            }
            members.insert(members.end(), expanded->begin(), expanded->end());
        }
        tables.multichannels.emplace_back(multiname, std::move(members));
    }

    for (const auto& entry : tables.multichannels) {
        for (const Parts& member : entry.second) {
            addByName(tables.byName, tables.byNameIndex, member);
        }
    }
    for (const Parts& custom : tables.customChannels) {
        addByName(tables.byName, tables.byNameIndex, custom);
    }
    tables.byLength = tables.byName;
    std::stable_sort(tables.byLength.begin(), tables.byLength.end(),
                     [](const Parts& a, const Parts& b) { return a.name.size() > b.name.size(); });

    for (const auto& [prefix, mirrorList] : context.mirrors) {
        const std::string key = "mirrors[" + util::quoted(maskSecrets(prefix)) + "]";
        auto url = splitUrl(stripTrailingSlashes(util::trim(prefix)), key);
        if (!url) {
            return url.error();
        }
        for (const std::string& mirror : mirrorList) {
            auto mirrorUrl = splitUrl(stripTrailingSlashes(util::trim(mirror)), key);
            if (!mirrorUrl) {
                return mirrorUrl.error();
            }
        }
    }
    return tables;
}

// conda's _read_channel_configuration: which configured channel a URL belongs to.
Parts partsForUrl(const UrlParts& url, const Tables& tables)
{
    const std::string test = url.testUrl();
    auto withTypedCredentials = [&url](Parts p) {
        // Credentials typed in the URL win over configured ones (conda: `auth or
        // configured_auth`, `token or configured_token`).
        if (!url.auth.empty()) {
            p.auth = url.auth;
        }
        if (!url.token.empty()) {
            p.token = url.token;
        }
        return p;
    };
    // Step 1: no path, the server itself is the channel.
    if (url.path.empty()) {
        return Parts{url.scheme, url.auth, url.host, url.token, {}, {}};
    }
    if (!url.isFile()) {
        // Step 3: a former alias means the current alias, with its scheme and credentials.
        for (const Parts& migrated : tables.migratedAliases) {
            if (isSegmentPrefix(test, migrated.location)) {
                return withTypedCredentials(
                    nameUnder(tables.alias, segmentRest(test, migrated.location)));
            }
        }
    }
    // Step 4: under a custom channel or a multichannel member, the longest name first.
    for (const Parts& entry : tables.byLength) {
        if (entry.isFile() != url.isFile()) {
            continue;
        }
        const std::string base = joinUrl({entry.location, entry.name});
        // conda compares with zip(), which stops at the shorter list and so lets
        // "repo.anaconda.com/pkgs" match "repo.anaconda.com/pkgs/main"; we require the whole
        // configured URL.
        if (isSegmentPrefix(test, base)) {
            Parts p =
                nameUnder(entry, stripSlashes(joinUrl({entry.name, segmentRest(test, base)})));
            p.scheme = url.scheme;
            return withTypedCredentials(std::move(p));
        }
    }
    // Step 5: under the channel alias.
    if (!url.isFile() && !tables.alias.isFile() && isSegmentPrefix(test, tables.alias.location)) {
        Parts p = nameUnder(tables.alias, segmentRest(test, tables.alias.location));
        p.scheme = url.scheme;
        return withTypedCredentials(std::move(p));
    }
    // Step 6: a local folder.
    if (url.isFile() && url.host.empty()) {
        return localParts(url);
    }
    // Step 7: host as location, path as name; a leading /conda stays with the host (Anaconda
    // Enterprise serves channels under /conda).
    std::string location = url.host;
    std::string name = stripSlashes(url.path);
    if (name == "conda" || util::startsWith(name, "conda/")) {
        location += "/conda";
        name = stripSlashes(std::string_view(name).substr(5));
    }
    return Parts{url.scheme, url.auth, location, url.token, name, {}};
}

// conda's Channel.canonical_name.
std::string canonicalNameOf(const Parts& parts, const Tables& tables)
{
    for (const auto& [multiname, members] : tables.multichannels) {
        for (const Parts& member : members) {
            if (sameChannelName(parts, member)) {
                return multiname;
            }
        }
    }
    if (!parts.name.empty()) {
        for (const Parts& entry : tables.byName) {
            const bool sameKind = parts.isFile() == entry.isFile()
                                  && (!parts.isFile() || parts.location == entry.location);
            if (sameKind && isSegmentPrefix(parts.name, entry.name)) {
                return parts.name;
            }
        }
        if (!parts.isFile()) {
            if (parts.location == tables.alias.location) {
                return parts.name;
            }
            for (const Parts& migrated : tables.migratedAliases) {
                if (parts.location == migrated.location) {
                    return parts.name;
                }
            }
        }
    }
    return parts.scheme + "://" + joinUrl({parts.location, parts.name});
}

std::vector<std::string> mirrorBaseUrlsFor(const std::string& plainBase, const std::string& baseUrl,
                                           const ChannelContext& context)
{
    const std::pair<std::string, std::vector<std::string>>* best = nullptr;
    std::size_t bestLength = 0;
    for (const auto& entry : context.mirrors) {
        const std::string prefix = stripTrailingSlashes(util::trim(entry.first));
        if (isSegmentPrefix(plainBase, prefix) && (best == nullptr || prefix.size() > bestLength)) {
            best = &entry;
            bestLength = prefix.size();
        }
    }
    std::vector<std::string> out;
    if (best != nullptr) {
        const std::string rest = plainBase.substr(bestLength);
        for (const std::string& mirror : best->second) {
            std::string url = stripTrailingSlashes(util::trim(mirror)) + rest;
            // A mirror that is the channel itself (pixi's way to exempt a sub-path) is the base
            // URL, which comes last anyway.
            if (url != plainBase && url != baseUrl
                && std::find(out.begin(), out.end(), url) == out.end()) {
                out.push_back(std::move(url));
            }
        }
    }
    out.push_back(baseUrl);
    return out;
}

Channel toChannel(const Parts& parts, const Tables& tables, const ChannelContext& context,
                  const std::optional<std::string>& canonicalOverride)
{
    Channel channel;
    channel.name = parts.name;
    channel.canonicalName = canonicalOverride ? *canonicalOverride : canonicalNameOf(parts, tables);
    const std::string tokenPiece = parts.token.empty() ? std::string() : "t/" + parts.token;
    channel.baseUrl = parts.scheme + "://" + (parts.auth.empty() ? "" : parts.auth + "@")
                      + joinUrl({parts.location, tokenPiece, parts.name});
    if (parts.platform) {
        channel.platforms.push_back(*parts.platform);
        if (*parts.platform != kNoarch) {
            channel.platforms.emplace_back(kNoarch);
        }
    } else {
        channel.platforms = context.platforms;
    }
    const std::string plainBase = parts.scheme + "://" + joinUrl({parts.location, parts.name});
    channel.mirrorBaseUrls = mirrorBaseUrlsFor(plainBase, channel.baseUrl, context);
    return channel;
}

} // namespace

util::Result<void> validate(const ChannelContext& context)
{
    auto resolver = ChannelResolver::create(context);
    if (!resolver) {
        return resolver.error();
    }
    return util::Ok{};
}

std::string Channel::platformUrl(std::string_view platform, bool withToken) const
{
    std::string base = withToken ? baseUrl : stripCredentials(baseUrl);
    base += '/';
    base += platform;
    return base;
}

std::vector<std::string> Channel::urls(bool withToken) const
{
    std::vector<std::string> out;
    out.reserve(platforms.size());
    for (const std::string& platform : platforms) {
        out.push_back(platformUrl(platform, withToken));
    }
    return out;
}

std::optional<std::string> Channel::token() const
{
    const std::size_t sep = baseUrl.find("://");
    if (sep == std::string::npos) {
        return std::nullopt;
    }
    const std::size_t pathStart = std::min(baseUrl.find('/', sep + 3), baseUrl.size());
    const std::string_view path = std::string_view(baseUrl).substr(pathStart);
    const auto segment = findTokenSegment(path);
    if (!segment) {
        return std::nullopt;
    }
    return std::string(path.substr(segment->first + 3, segment->second - 3));
}

bool Channel::isLocal() const
{
    return util::startsWith(baseUrl, "file://");
}

struct ChannelResolver::Impl {
    ChannelContext context;
    Tables tables;
};

ChannelResolver::ChannelResolver(std::shared_ptr<const Impl> impl)
    : m_impl(std::move(impl))
{
}

util::Result<ChannelResolver> ChannelResolver::create(ChannelContext context)
{
    auto tables = buildTables(context, context.paths);
    if (!tables) {
        return tables.error();
    }
    return ChannelResolver(
        std::make_shared<const Impl>(Impl{std::move(context), std::move(*tables)}));
}

const ChannelContext& ChannelResolver::context() const
{
    return m_impl->context;
}

util::Result<std::vector<Channel>> ChannelResolver::resolve(const UnresolvedChannel& channel) const
{
    const Tables& tables = m_impl->tables;
    const ChannelContext& context = m_impl->context;
    std::vector<Channel> out;
    switch (channel.kind) {
    case UnresolvedChannel::Kind::Name: {
        // The struct is public: a hand-made one gets the same checks as a parsed one.
        auto checked = parseName(channel.location, describeTyped(channel.str()));
        if (!checked) {
            return checked.error();
        }
        for (const auto& [multiname, members] : tables.multichannels) {
            if (multiname != channel.location) {
                continue;
            }
            // conda's MultiChannel: a typed subdir applies to every member, and every member
            // prints as the multichannel it was asked for.
            for (Parts member : members) {
                if (channel.subdir) {
                    member.platform = channel.subdir;
                }
                out.push_back(toChannel(member, tables, context, multiname));
            }
            return out;
        }
        const Parts* configured =
            findByNamePrefix(tables.byName, tables.byNameIndex, channel.location);
        Parts parts =
            nameUnder(configured != nullptr ? *configured : tables.alias, channel.location);
        parts.platform = channel.subdir;
        out.push_back(toChannel(parts, tables, context, std::nullopt));
        return out;
    }
    case UnresolvedChannel::Kind::Url:
    case UnresolvedChannel::Kind::Path: {
        const std::string what = describeTyped(channel.str());
        if (channel.kind == UnresolvedChannel::Kind::Path && channel.location.empty()) {
            return fail(ErrorCode::InvalidChannel, "empty path", what);
        }
        auto url =
            splitUrl(channel.kind == UnresolvedChannel::Kind::Path ? pathToFileUrl(channel.location)
                                                                   : channel.location,
                     what);
        if (!url) {
            return url.error();
        }
        Parts parts = partsForUrl(*url, tables);
        parts.platform = channel.subdir;
        out.push_back(toChannel(parts, tables, context, std::nullopt));
        return out;
    }
    }
    return fail(ErrorCode::Internal, "unknown channel kind");
}

util::Result<std::vector<Channel>> ChannelResolver::resolve(std::string_view typed) const
{
    auto parsed = UnresolvedChannel::parse(typed, m_impl->context.paths);
    if (!parsed) {
        return parsed.error();
    }
    return resolve(*parsed);
}

std::string ChannelResolver::canonicalName(const UnresolvedChannel& channel) const
{
    if (channel.kind == UnresolvedChannel::Kind::Name
        && isMultichannelName(channel.location, m_impl->context)) {
        return channel.location;
    }
    auto resolved = resolve(channel);
    if (!resolved || resolved->empty()) {
        return channel.str();
    }
    return resolved->front().canonicalName;
}

util::Result<std::vector<Channel>> resolve(const UnresolvedChannel& channel,
                                           const ChannelContext& context)
{
    auto resolver = ChannelResolver::create(context);
    if (!resolver) {
        return resolver.error();
    }
    return resolver->resolve(channel);
}

util::Result<std::vector<Channel>> resolve(std::string_view typed, const ChannelContext& context)
{
    auto parsed = UnresolvedChannel::parse(typed, context.paths);
    if (!parsed) {
        return parsed.error();
    }
    return resolve(*parsed, context);
}

std::string canonicalName(const UnresolvedChannel& channel, const ChannelContext& context)
{
    if (channel.kind == UnresolvedChannel::Kind::Name
        && isMultichannelName(channel.location, context)) {
        return channel.location;
    }
    auto resolver = ChannelResolver::create(context);
    if (!resolver) {
        return channel.str();
    }
    return resolver->canonicalName(channel);
}

} // namespace envdesk::specs
