#include "core/specs/match_spec.h"

#include "core/specs/spec_name.h"
#include "core/util/strings.h"

#include <algorithm>
#include <map>

namespace envdesk::specs {

using util::ErrorCode;
using util::fail;
using util::quoted;

namespace {

bool isKeyChar(char c)
{
    return util::isDigit(c) || util::isAlpha(c) || c == '_' || c == '-';
}

using KeyValues = std::vector<std::pair<std::string, std::string>>;

// Reads `key=value` pairs separated by commas and/or spaces; values may be quoted with ' or ".
// Anything else inside the brackets is an error, so a typo never silently widens a spec.
util::Result<KeyValues> parseKeyValues(std::string_view text, std::string_view spec)
{
    KeyValues pairs;
    std::size_t i = 0;
    const auto skipSeparators = [&] {
        while (i < text.size() && (text[i] == ',' || util::isSpace(text[i]))) {
            ++i;
        }
    };
    skipSeparators();
    while (i < text.size()) {
        const std::size_t keyStart = i;
        while (i < text.size() && isKeyChar(text[i])) {
            ++i;
        }
        const std::string key(text.substr(keyStart, i - keyStart));
        if (key.empty() || i >= text.size() || text[i] != '=') {
            return fail(ErrorCode::InvalidMatchSpec,
                        "expected key=value inside the brackets at "
                            + quoted(text.substr(keyStart)),
                        "match spec " + quoted(spec));
        }
        ++i; // '='
        std::string value;
        if (i < text.size() && (text[i] == '\'' || text[i] == '"')) {
            const char quote = text[i++];
            const auto end = text.find(quote, i);
            if (end == std::string_view::npos) {
                return fail(ErrorCode::InvalidMatchSpec,
                            "unterminated quote in the value of " + quoted(key),
                            "match spec " + quoted(spec));
            }
            value = std::string(text.substr(i, end - i));
            i = end + 1;
            if (i < text.size() && text[i] != ',' && !util::isSpace(text[i])) {
                return fail(ErrorCode::InvalidMatchSpec,
                            "unexpected text after the quoted value of " + quoted(key),
                            "match spec " + quoted(spec));
            }
        } else {
            const std::size_t valueStart = i;
            while (i < text.size() && text[i] != ',' && !util::isSpace(text[i])) {
                if (text[i] == '\'' || text[i] == '"') {
                    return fail(ErrorCode::InvalidMatchSpec,
                                "stray quote in the value of " + quoted(key),
                                "match spec " + quoted(spec));
                }
                ++i;
            }
            value = std::string(text.substr(valueStart, i - valueStart));
        }
        if (util::trim(value).empty()) {
            return fail(ErrorCode::InvalidMatchSpec, "empty value for " + quoted(key),
                        "match spec " + quoted(spec));
        }
        if (std::any_of(pairs.begin(), pairs.end(),
                        [&](const auto& p) { return p.first == key; })) {
            return fail(ErrorCode::InvalidMatchSpec, "key " + quoted(key) + " given twice",
                        "match spec " + quoted(spec));
        }
        pairs.emplace_back(key, std::string(util::trim(value)));
        skipSeparators();
    }
    return pairs;
}

// The legacy `(target=..., optional)` suffix carries nothing a match uses; it is dropped only
// when it looks like one, so that a parenthesised version expression is left alone.
bool isLegacyParensSection(std::string_view inner)
{
    bool any = false;
    for (auto item : util::split(inner, ',')) {
        item = util::trim(item);
        if (item.empty()) {
            continue;
        }
        any = true;
        if (item == "optional") {
            continue;
        }
        const auto eq = item.find('=');
        if (eq == std::string_view::npos || eq == 0) {
            return false;
        }
        const auto key = item.substr(0, eq);
        if (!std::all_of(key.begin(), key.end(), isKeyChar)) {
            return false;
        }
    }
    return any;
}

struct VersionAndBuild {
    std::string version;
    std::optional<std::string> build;
};

bool oneOf(char c, std::string_view set)
{
    return set.find(c) != std::string_view::npos;
}

// conda's `_parse_version_plus_build`, the regex
// `((?:.+?)[^><!,|]?)(?:(?<![=!|,<>~])(?:[ =])([^-=,|<>~]+?))?$`, walked in the order the regex
// engine tries it: the shortest version after which the rest is ` build` or `=build`.
VersionAndBuild splitVersionAndBuild(std::string_view text)
{
    const std::size_t n = text.size();
    const auto buildFrom = [&](std::size_t p) -> std::optional<std::string> {
        if (p == 0 || p >= n || !(text[p] == ' ' || text[p] == '=')) {
            return std::nullopt;
        }
        if (oneOf(text[p - 1], "=!|,<>~")) {
            return std::nullopt;
        }
        const auto rest = text.substr(p + 1);
        if (rest.empty()
            || std::any_of(rest.begin(), rest.end(), [](char c) { return oneOf(c, "-=,|<>~"); })) {
            return std::nullopt;
        }
        return std::string(rest);
    };
    VersionAndBuild result;
    for (std::size_t length = 1; length <= n; ++length) {
        std::size_t candidates[2];
        std::size_t count = 0;
        if (length < n && !oneOf(text[length], "><!,|")) {
            candidates[count++] = length + 1;
        }
        candidates[count++] = length;
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t p = candidates[k];
            if (auto build = buildFrom(p)) {
                result.version = std::string(text.substr(0, p));
                result.build = std::string(util::trim(*build));
                goto done;
            }
            if (p == n) {
                result.version = std::string(text);
                goto done;
            }
        }
    }
    result.version = std::string(text);
done:
    result.version.erase(std::remove(result.version.begin(), result.version.end(), ' '),
                         result.version.end());
    return result;
}

std::string stripSuffix(std::string text, std::string_view suffix)
{
    if (util::endsWith(text, suffix)) {
        text.resize(text.size() - suffix.size());
    }
    return text;
}

bool containsAny(std::string_view text, std::string_view chars)
{
    return text.find_first_of(chars) != std::string_view::npos;
}

std::string joinFeatures(const std::vector<std::string>& features)
{
    return util::join(features, " ");
}

} // namespace

util::Result<void> validatePackageName(std::string_view name)
{
    const auto invalid = [&](std::string detail) {
        return fail(ErrorCode::InvalidMatchSpec, std::move(detail), "package name " + quoted(name));
    };
    if (name.empty()) {
        return invalid("empty package name");
    }
    for (char c : name) {
        const bool ok = util::isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || c == '.' || c == '-' || c == '_' || c == '*';
        if (!ok) {
            return invalid("invalid character " + quoted(std::string(1, c))
                           + " (names use letters, digits, '.', '-' and '_')");
        }
    }
    if (name.front() == '.' || name.front() == '-') {
        return invalid("a name cannot start with " + quoted(name.substr(0, 1)));
    }
    if (name.find("..") != std::string_view::npos || name.find("--") != std::string_view::npos) {
        return invalid("a name cannot contain two separators in a row");
    }
    return {};
}

// Turns text into a MatchSpec; a class of its own so the steps can share the spec under
// construction and the original text for messages.
class MatchSpecParser {
public:
    MatchSpecParser(std::string_view text, const ChannelContext& context)
        : m_original(text)
        , m_context(context)
    {
    }

    util::Result<MatchSpec> run();

private:
    util::Unexpected invalid(std::string detail) const
    {
        return fail(ErrorCode::InvalidMatchSpec, std::move(detail),
                    "match spec " + quoted(m_original));
    }
    util::Result<void> setName(std::string_view name);
    util::Result<void> setVersion(std::string_view version);
    util::Result<void> setBuild(std::string_view build);
    util::Result<void> setChannel(std::string_view channel, bool keepSubdirIfNone);
    util::Result<void> applyField(const std::string& key, const std::string& value);
    util::Result<MatchSpec> parsePackageLocation(std::string_view location);

    std::string m_original;
    const ChannelContext& m_context;
    MatchSpec m_spec;
};

util::Result<void> MatchSpecParser::setName(std::string_view name)
{
    const std::string lowered = util::toLower(name);
    if (auto valid = validatePackageName(lowered); !valid) {
        return invalid(valid.error().detail);
    }
    auto matcher = StringMatcher::parse(lowered);
    if (!matcher) {
        return invalid(matcher.error().detail);
    }
    m_spec.m_name = std::move(*matcher);
    return {};
}

util::Result<void> MatchSpecParser::setVersion(std::string_view version)
{
    auto spec = VersionSpec::parse(version);
    if (!spec) {
        return invalid(spec.error().message());
    }
    m_spec.m_version = std::move(*spec);
    return {};
}

util::Result<void> MatchSpecParser::setBuild(std::string_view build)
{
    auto matcher = StringMatcher::parse(build);
    if (!matcher) {
        return invalid("build string: " + matcher.error().detail);
    }
    // A build of `*` is kept for now (a bracket may still replace it) and dropped at the end.
    m_spec.m_build = std::move(*matcher);
    return {};
}

util::Result<void> MatchSpecParser::setChannel(std::string_view text, bool keepSubdirIfNone)
{
    const std::string_view channel = util::trim(text);
    if (channel == "*" || util::startsWith(channel, "*/")) {
        // Any channel, perhaps restricted to one subdir (`*/linux-64::numpy`).
        m_spec.m_channel.clear();
        m_spec.m_channelTyped.reset();
        if (channel.size() > 2) {
            m_spec.m_subdir = std::string(channel.substr(2));
        }
        return {};
    }
    auto parsed = UnresolvedChannel::parse(channel, m_context.paths);
    if (!parsed) {
        return invalid(parsed.error().message());
    }
    m_spec.m_channel = canonicalName(*parsed, m_context);
    if (parsed->subdir) {
        m_spec.m_subdir = parsed->subdir;
    } else if (!keepSubdirIfNone) {
        m_spec.m_subdir.reset();
    }
    m_spec.m_channelTyped = std::move(*parsed);
    return {};
}

util::Result<void> MatchSpecParser::applyField(const std::string& key, const std::string& value)
{
    if (key == "name") {
        return {}; // conda ignores a name in brackets: the positional one wins
    }
    if (key == "version") {
        return setVersion(value);
    }
    if (key == "build") {
        return setBuild(value);
    }
    if (key == "build_number") {
        auto spec = BuildNumberSpec::parse(value);
        if (!spec) {
            return invalid(spec.error().message());
        }
        m_spec.m_buildNumber = *spec;
        return {};
    }
    if (key == "channel") {
        return setChannel(value, true);
    }
    if (key == "subdir") {
        m_spec.m_subdir = value;
        return {};
    }
    if (key == "md5") {
        m_spec.m_md5 = util::toLower(value);
        return {};
    }
    if (key == "sha256") {
        m_spec.m_sha256 = util::toLower(value);
        return {};
    }
    if (key == "url") {
        m_spec.m_url = value;
        return {};
    }
    if (key == "fn") {
        m_spec.m_fn = value;
        return {};
    }
    if (key == "license" || key == "license_family") {
        auto matcher = StringMatcher::parse(value, true);
        if (!matcher) {
            return invalid(key + ": " + matcher.error().detail);
        }
        (key == "license" ? m_spec.m_license : m_spec.m_licenseFamily) = std::move(*matcher);
        return {};
    }
    if (key == "track_features") {
        m_spec.m_trackFeatures = splitFeatures(value);
        return {};
    }
    if (key == "features") {
        m_spec.m_features = splitFeatures(value);
        return {};
    }
    return invalid("cannot match on field " + quoted(key)
                   + " (known fields: name, version, "
                     "build, build_number, channel, subdir, md5, sha256, url, fn, license, "
                     "license_family, track_features, features)");
}

util::Result<MatchSpec> MatchSpecParser::parsePackageLocation(std::string_view location)
{
    std::string url(location);
    if (url.find("://") == std::string::npos) {
        // A local archive: conda turns the path into a file:// URL.
        if (url.front() != '/') {
            return invalid("a package file must be given by an absolute path or a URL");
        }
        url = "file://" + url;
    }
    const auto slash = url.rfind('/');
    const std::string fileName = url.substr(slash + 1);
    auto dist = parseDistFileName(fileName);
    if (!dist) {
        return invalid(dist.error().detail);
    }
    const std::string channelPart = url.substr(0, slash);
    auto channel = UnresolvedChannel::parse(channelPart, m_context.paths);
    if (channel && channel->subdir) {
        // Inside a channel: the spec pins that exact build of that channel.
        m_spec.m_channel = canonicalName(*channel, m_context);
        m_spec.m_channelTyped = *channel;
        m_spec.m_subdir = channel->subdir;
        if (auto r = setName(dist->name); !r) {
            return r.error();
        }
        if (auto r = setVersion(dist->version); !r) {
            return r.error();
        }
        if (auto r = setBuild(dist->build); !r) {
            return r.error();
        }
    } else {
        m_spec.m_name = *StringMatcher::parse("*");
    }
    m_spec.m_fn = fileName;
    m_spec.m_url = url;
    return m_spec;
}

util::Result<MatchSpec> MatchSpecParser::run()
{
    m_spec.m_name = *StringMatcher::parse("*");
    std::string text = std::string(util::trim(m_original));

    // Legacy `feature@` names a track_feature.
    if (!text.empty() && text.back() == '@') {
        const std::string feature =
            std::string(util::trim(std::string_view(text).substr(0, text.size() - 1)));
        if (feature.empty() || containsAny(feature, " =<>!~[]()")) {
            return invalid("expected a feature name before '@'");
        }
        m_spec.m_trackFeatures = std::vector<std::string>{feature};
        return m_spec;
    }
    if (const auto hash = text.find('#'); hash != std::string::npos) {
        text = std::string(util::trim(std::string_view(text).substr(0, hash)));
    }
    if (const auto cond = text.find(" if "); cond != std::string::npos) {
        text = std::string(util::trim(std::string_view(text).substr(0, cond)));
    }
    if (text.empty()) {
        return invalid("empty match spec");
    }
    if (isPackageFileName(text) && text.find_first_of(" []=<>") == std::string::npos
        && (text.find('/') != std::string::npos)) {
        return parsePackageLocation(text);
    }

    // Brackets: the `[...]` section, from its '[' to the ']' that closes it outside quotes, so
    // that a quoted value may hold brackets (`version="^1\.7\.[0-9]+$"`, as mamba reads it;
    // conda's regex would cut such a value at its last '[').
    KeyValues bracketFields;
    if (const auto open = text.find('['); open != std::string::npos) {
        std::size_t close = std::string::npos;
        char quote = 0;
        for (std::size_t i = open + 1; i < text.size() && close == std::string::npos; ++i) {
            if (quote != 0) {
                quote = text[i] == quote ? 0 : quote;
            } else if (text[i] == '\'' || text[i] == '"') {
                quote = text[i];
            } else if (text[i] == ']') {
                close = i;
            }
        }
        if (close == std::string::npos) {
            return invalid(quote != 0 ? "unterminated quote inside the brackets"
                                      : "'[' without ']'");
        }
        auto fields =
            parseKeyValues(std::string_view(text).substr(open + 1, close - open - 1), m_original);
        if (!fields) {
            return fields.error();
        }
        bracketFields = std::move(*fields);
        text = text.substr(0, open) + text.substr(close + 1);
    }
    if (text.find('[') != std::string::npos || text.find(']') != std::string::npos) {
        return invalid("unbalanced or repeated brackets");
    }
    text = std::string(util::trim(text));

    // Legacy parens section at the end: `(target=..., optional)`.
    if (!text.empty() && text.back() == ')') {
        const auto open = text.rfind('(');
        if (open != std::string::npos
            && isLegacyParensSection(
                std::string_view(text).substr(open + 1, text.size() - open - 2))) {
            text = std::string(util::trim(std::string_view(text).substr(0, open)));
        }
    }

    // Channel and subdir: `channel/subdir::`.
    if (const auto colons = text.rfind("::"); colons != std::string::npos) {
        if (auto r = setChannel(std::string_view(text).substr(0, colons), false); !r) {
            return r.error();
        }
        text = text.substr(colons + 2);
    } else if (text.find(':') != std::string::npos) {
        return invalid("a channel is separated from the name by '::'");
    }

    // Name, then version and build.
    const auto nameEnd = std::min(text.find_first_of(" =<>!~"), text.size());
    const std::string name = text.substr(0, nameEnd);
    if (name.empty()) {
        return invalid("no package name found");
    }
    if (auto r = setName(name); !r) {
        return r.error();
    }
    std::string rest = text.substr(nameEnd);
    // conda's name pattern needs at least one character after the operator (`numpy=` is
    // just `numpy`).
    rest = rest.size() >= 2 ? std::string(util::trim(rest)) : std::string();
    if (!rest.empty()) {
        auto [version, build] = splitVersionAndBuild(rest);
        if (version != "==" && !version.empty() && version.front() == '=') {
            const std::string tail = version.substr(1);
            if (util::startsWith(version, "==") && !build) {
                version = version.substr(2);
            } else if (!containsAny(tail, "=,|")) {
                // `=1.2` is a prefix match, written `1.2*`; with a build it is exact.
                version = (!build && !tail.empty() && tail.back() != '*') ? tail + "*" : tail;
            }
        }
        if (auto r = setVersion(version); !r) {
            return r.error();
        }
        if (build) {
            if (auto r = setBuild(*build); !r) {
                return r.error();
            }
        }
    }

    for (const auto& [key, value] : bracketFields) {
        if (auto r = applyField(key, value); !r) {
            return r.error();
        }
    }
    if (m_spec.m_build && m_spec.m_build->isAny()) {
        m_spec.m_build.reset();
    }
    return m_spec;
}

util::Result<MatchSpec> MatchSpec::parse(std::string_view text)
{
    static const ChannelContext defaults;
    return parse(text, defaults);
}

util::Result<MatchSpec> MatchSpec::parse(std::string_view text, const ChannelContext& context)
{
    return MatchSpecParser(text, context).run();
}

std::optional<std::string> MatchSpec::exactBuild() const
{
    if (m_build && m_build->isExact()) {
        return m_build->str();
    }
    return std::nullopt;
}

util::Result<MatchSpec> MatchSpec::withName(std::string_view name) const
{
    const std::string lowered = util::toLower(name);
    if (auto valid = validatePackageName(lowered); !valid) {
        return valid.error();
    }
    auto matcher = StringMatcher::parse(lowered);
    if (!matcher) {
        return matcher.error();
    }
    MatchSpec renamed = *this;
    renamed.m_name = std::move(*matcher);
    return renamed;
}

bool MatchSpec::matches(const PackageRecord& record) const
{
    if (m_version.isAny()) {
        return matches(record, Version{});
    }
    auto version = Version::parse(record.version);
    return version && matches(record, *version);
}

bool MatchSpec::matches(const PackageRecord& record, const Version& version) const
{
    if (!m_name.matches(record.name)) {
        return false;
    }
    if (!m_version.isAny() && !m_version.contains(version)) {
        return false;
    }
    if (m_build && !m_build->matches(record.build)) {
        return false;
    }
    if (m_buildNumber && !m_buildNumber->contains(record.buildNumber)) {
        return false;
    }
    if (!m_channel.empty() && record.channel != m_channel) {
        // A record may carry its channel as a URL (conda-meta does); compare canonical names.
        // A plain name that differs is a different channel: no need to resolve it.
        if (record.channel.find('/') == std::string::npos) {
            return false;
        }
        static const ChannelContext defaults;
        auto typed = UnresolvedChannel::parse(record.channel);
        if (!typed || canonicalName(*typed, defaults) != m_channel) {
            return false;
        }
    }
    if (m_subdir && *m_subdir != record.subdir) {
        return false;
    }
    if (m_md5 && *m_md5 != util::toLower(record.md5)) {
        return false;
    }
    if (m_sha256 && *m_sha256 != util::toLower(record.sha256)) {
        return false;
    }
    if (m_url && *m_url != record.url) {
        return false;
    }
    if (m_fn && *m_fn != record.fn) {
        return false;
    }
    if (m_license && !m_license->matches(record.license)) {
        return false;
    }
    if (m_licenseFamily && !m_licenseFamily->matches(record.licenseFamily)) {
        return false;
    }
    const auto sameFeatures = [](const std::vector<std::string>& wanted,
                                 const std::vector<std::string>& have) {
        auto sorted = have;
        std::sort(sorted.begin(), sorted.end());
        sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
        return wanted == sorted;
    };
    if (m_trackFeatures && !sameFeatures(*m_trackFeatures, record.trackFeatures)) {
        return false;
    }
    if (m_features && !sameFeatures(*m_features, record.features)) {
        return false;
    }
    return true;
}

std::string MatchSpec::str() const
{
    std::string out;
    std::vector<std::string> brackets;
    if (!m_channel.empty()) {
        out += maskSecrets(m_channel);
        if (m_subdir) {
            out += "/" + *m_subdir;
        }
        out += "::";
    } else if (m_subdir) {
        brackets.push_back("subdir=" + *m_subdir);
    }
    out += m_name.str();

    bool versionExact = false;
    if (!m_version.isAny()) {
        const std::string& version = m_version.str();
        const bool isGlob = stripSuffix(version, ".*").find('*') != std::string::npos;
        if (containsAny(version, "><$^|,") || isGlob) {
            // conda would print a glob such as `*.*` as `=*`, which reads back as "any
            // version"; quoting it keeps its meaning.
            brackets.push_back("version='" + version + "'");
        } else if (util::startsWith(version, "!=") || util::startsWith(version, "~=")) {
            if (m_build) {
                brackets.push_back("version='" + version + "'");
            } else {
                out += version;
            }
        } else if (version.front() == '=' && !util::startsWith(version, "==")) {
            out += stripSuffix(version, ".*");
        } else if (util::endsWith(version, ".*")) {
            out += "=" + version.substr(0, version.size() - 2);
        } else if (version.back() == '*') {
            out += "=" + version.substr(0, version.size() - 1);
        } else if (util::startsWith(version, "==")) {
            out += version;
            versionExact = true;
        } else {
            out += "==" + version;
            versionExact = true;
        }
    }
    if (m_build) {
        const std::string& build = m_build->str();
        // conda quotes only `><$^|,`; a bracket or a blank is quoted too, or the printed spec
        // would not read back (`build=py[0-9]*` ends the brackets at its ']').
        if (containsAny(build, "><$^|,[] ")) {
            brackets.push_back("build='" + build + "'");
        } else if (build.find('*') != std::string::npos) {
            brackets.push_back("build=" + build);
        } else if (versionExact) {
            out += "=" + build;
        } else {
            brackets.push_back("build=" + build);
        }
    }
    const auto addField = [&](std::string_view key, const std::string& value) {
        if (containsAny(value, ", =[]")) {
            brackets.push_back(std::string(key) + "='" + value + "'");
        } else {
            brackets.push_back(std::string(key) + "=" + value);
        }
    };
    if (m_buildNumber && !m_buildNumber->isAny()) {
        addField("build_number", m_buildNumber->str());
    }
    if (m_trackFeatures) {
        addField("track_features", joinFeatures(*m_trackFeatures));
    }
    if (m_features) {
        addField("features", joinFeatures(*m_features));
    }
    if (m_url && m_channel.empty()) {
        addField("url", *m_url);
    }
    if (m_md5) {
        addField("md5", *m_md5);
    }
    if (m_sha256) {
        addField("sha256", *m_sha256);
    }
    if (m_license) {
        addField("license", m_license->str());
    }
    if (m_licenseFamily) {
        addField("license_family", m_licenseFamily->str());
    }
    if (m_fn && !m_url) {
        addField("fn", *m_fn);
    }
    if (!brackets.empty()) {
        out += "[" + util::join(brackets, ",") + "]";
    }
    return out;
}

std::string MatchSpec::condaBuildForm() const
{
    std::string out = m_name.str();
    if (!m_version.isAny() || m_build) {
        out += " " + m_version.str();
    }
    if (m_build) {
        out += " " + m_build->str();
    }
    return out;
}

std::string MatchSpec::condaEnvForm() const
{
    std::string out = m_name.str();
    if (!m_version.isAny()) {
        std::string version = m_version.str();
        if (util::startsWith(version, "==")) {
            version = version.substr(2);
        } else if (util::startsWith(version, "=")) {
            version = version.substr(1);
        }
        out += "=" + stripSuffix(stripSuffix(version, ".*"), "*");
    }
    if (m_build) {
        if (m_version.isAny()) {
            out += "=*";
        }
        out += "=" + m_build->str();
    }
    return out;
}

int MatchSpec::strictness() const
{
    if (!m_name.isExact() || m_build) {
        return 3;
    }
    return m_version.isAny() ? 1 : 2;
}

util::Result<MatchSpec> MatchSpec::merge(const std::vector<MatchSpec>& specs)
{
    if (specs.empty()) {
        return fail(ErrorCode::InvalidMatchSpec, "nothing to merge");
    }
    MatchSpec merged = specs.front();
    const auto conflict = [&](std::string_view field, const std::string& a, const std::string& b) {
        return fail(ErrorCode::InvalidMatchSpec,
                    "conflicting " + std::string(field) + ": " + quoted(a) + " and " + quoted(b),
                    "merging specs for " + quoted(merged.name()));
    };
    std::vector<std::string> versions;
    if (!merged.m_version.isAny()) {
        versions.push_back(merged.m_version.str());
    }
    for (std::size_t i = 1; i < specs.size(); ++i) {
        const MatchSpec& other = specs[i];
        if (other.name() != merged.name()) {
            return conflict("names", merged.name(), other.name());
        }
        if (!other.m_version.isAny()) {
            const auto& text = other.m_version.str();
            if (std::find(versions.begin(), versions.end(), text) == versions.end()) {
                versions.push_back(text);
            }
        }
        const auto mergeField = [&](auto& mine, const auto& theirs, std::string_view field,
                                    auto toText) -> util::Result<void> {
            if (!theirs) {
                return {};
            }
            if (!mine) {
                mine = theirs;
                return {};
            }
            if (toText(*mine) != toText(*theirs)) {
                return conflict(field, toText(*mine), toText(*theirs));
            }
            return {};
        };
        const auto asString = [](const std::string& s) { return s; };
        const auto asMatcher = [](const StringMatcher& m) { return m.str(); };
        const auto asBuildNumber = [](const BuildNumberSpec& b) { return b.str(); };
        for (auto r :
             {mergeField(merged.m_build, other.m_build, "builds", asMatcher),
              mergeField(merged.m_buildNumber, other.m_buildNumber, "build numbers", asBuildNumber),
              mergeField(merged.m_subdir, other.m_subdir, "subdirs", asString),
              mergeField(merged.m_md5, other.m_md5, "md5 sums", asString),
              mergeField(merged.m_sha256, other.m_sha256, "sha256 sums", asString),
              mergeField(merged.m_url, other.m_url, "URLs", asString),
              mergeField(merged.m_fn, other.m_fn, "file names", asString)}) {
            if (!r) {
                return r.error();
            }
        }
        if (!other.m_channel.empty()) {
            if (merged.m_channel.empty()) {
                merged.m_channel = other.m_channel;
                merged.m_channelTyped = other.m_channelTyped;
            } else if (merged.m_channel != other.m_channel) {
                return conflict("channels", merged.m_channel, other.m_channel);
            }
        }
    }
    if (versions.size() > 1) {
        std::vector<std::string> parts;
        for (auto& v : versions) {
            // An or-expression keeps its meaning inside an and only in parentheses.
            parts.push_back(v.find('|') != std::string::npos ? "(" + v + ")" : v);
        }
        auto combined = VersionSpec::parse(util::join(parts, ","));
        if (!combined) {
            return combined.error();
        }
        merged.m_version = std::move(*combined);
    }
    return merged;
}

std::string readableSpec(const std::string& spec)
{
    auto parsed = parseSpecSyntax(spec);
    if (!parsed) {
        return spec;
    }
    std::string out = parsed->name();
    if (parsed->hasVersion()) {
        out += " " + parsed->version().str();
    }
    if (parsed->build()) {
        out += " " + parsed->build()->str();
    }
    return out;
}

} // namespace envdesk::specs
