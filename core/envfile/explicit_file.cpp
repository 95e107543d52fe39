#include "core/envfile/explicit_file.h"

#include "core/envfile/yaml_source.h"
#include "core/specs/channel.h"
#include "core/util/strings.h"

namespace envdesk::envfile {

namespace {

constexpr std::string_view kExplicit = "@EXPLICIT";

struct Line {
    std::string_view text; // trimmed
    int number = 0;
};

std::vector<Line> splitLines(std::string_view text)
{
    std::vector<Line> lines;
    int number = 0;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        lines.push_back({util::trim(text.substr(0, end)), ++number});
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    }
    return lines;
}

bool hasSpace(std::string_view text)
{
    for (char c : text) {
        if (util::isSpace(c)) {
            return true;
        }
    }
    return false;
}

// "scheme://rest": conda's is_url. Anything else is read as a local path, as conda does.
bool hasValidSchemeIfAny(std::string_view location)
{
    const std::size_t colon = location.find("://");
    if (colon == std::string_view::npos) {
        return true;
    }
    if (colon == 0 || !util::isAlpha(location.front()) || colon + 3 == location.size()) {
        return false;
    }
    for (char c : location.substr(0, colon)) {
        if (!util::isAlpha(c) && !util::isDigit(c) && c != '+' && c != '.' && c != '-') {
            return false;
        }
    }
    return true;
}

class Parser {
public:
    explicit Parser(const std::string& path)
        : m_path(path)
    {
    }

    util::Result<ExplicitFile> parse(std::string_view text)
    {
        if (!looksLikeExplicitFile(text)) {
            return util::fail(util::ErrorCode::ParseError,
                              "not an explicit file: it has no @EXPLICIT line", m_path);
        }
        ExplicitFile file;
        bool inBody = false;
        for (const Line& line : splitLines(text)) {
            if (line.text.empty() || line.text.front() == '#') {
                if (!inBody) {
                    readHeader(line.text, file);
                }
                continue;
            }
            if (line.text == kExplicit) {
                inBody = true;
                continue;
            }
            if (!inBody) {
                return fail(line, util::quoted(specs::maskSecrets(line.text))
                                      + " comes before @EXPLICIT, where only comments may be");
            }
            auto entry = readEntry(line);
            if (!entry) {
                return entry.error();
            }
            file.entries.push_back(std::move(*entry));
        }
        return file;
    }

private:
    static void readHeader(std::string_view comment, ExplicitFile& file)
    {
        comment.remove_prefix(comment.empty() ? 0 : 1);
        comment = util::trim(comment);
        constexpr std::string_view key = "platform:";
        if (util::startsWith(comment, key)) {
            file.platform = std::string(util::trim(comment.substr(key.size())));
        }
    }

    util::Result<ExplicitEntry> readEntry(const Line& line) const
    {
        const std::size_t hashStart = line.text.find('#');
        const std::string_view location = line.text.substr(0, hashStart);
        if (hasSpace(location) || !hasValidSchemeIfAny(location) || !splitPackageUrl(location)) {
            return fail(line, util::quoted(specs::maskSecrets(location))
                                  + " is not a package URL or path (one ending in "
                                    "name-version-build.conda or .tar.bz2)");
        }
        ExplicitEntry entry;
        entry.url = std::string(location);
        entry.line = line.number;
        if (hashStart == std::string_view::npos) {
            return entry;
        }
        for (std::string_view part : util::split(line.text.substr(hashStart + 1), '#')) {
            auto read = readHash(part, entry);
            if (!read) {
                return fail(line, read.error().detail);
            }
        }
        return entry;
    }

    static util::Result<void> readHash(std::string_view part, ExplicitEntry& entry)
    {
        constexpr std::string_view sha256Prefix = "sha256:";
        std::string* slot = nullptr;
        std::string_view hex = part;
        if (isMd5Hex(part)) {
            slot = &entry.md5;
        } else {
            if (util::startsWith(hex, sha256Prefix)) {
                hex.remove_prefix(sha256Prefix.size());
            }
            if (isSha256Hex(hex)) {
                slot = &entry.sha256;
            }
        }
        if (slot == nullptr) {
            return util::fail(util::ErrorCode::ParseError,
                              "malformed hash " + util::quoted("#" + std::string(part))
                                  + ": expected #<32 hex digits md5> or #sha256:<64 hex digits>");
        }
        if (!slot->empty()) {
            return util::fail(util::ErrorCode::ParseError,
                              std::string(slot == &entry.md5 ? "md5" : "sha256")
                                  + " is given twice");
        }
        *slot = util::toLower(hex);
        return {};
    }

    util::Unexpected fail(const Line& line, std::string detail) const
    {
        return util::fail(util::ErrorCode::ParseError, std::move(detail),
                          m_path + ":" + std::to_string(line.number));
    }

    const std::string& m_path;
};

std::string hashSuffix(const ExplicitEntry& entry, ExplicitHash hash)
{
    const std::string md5 = entry.md5.empty() ? std::string{} : "#" + entry.md5;
    const std::string sha256 = entry.sha256.empty() ? std::string{} : "#sha256:" + entry.sha256;
    switch (hash) {
    case ExplicitHash::Md5:
        return md5.empty() ? sha256 : md5;
    case ExplicitHash::Sha256:
        return sha256.empty() ? md5 : sha256;
    case ExplicitHash::None:
        return {};
    }
    return {};
}

std::string inferredPlatform(const ExplicitFile& file)
{
    if (file.platform && !file.platform->empty()) {
        return *file.platform;
    }
    for (const ExplicitEntry& entry : file.entries) {
        auto parts = splitPackageUrl(entry.url);
        if (parts && !parts->subdir.empty() && parts->subdir != "noarch") {
            return parts->subdir;
        }
    }
    return {};
}

} // namespace

util::Result<ExplicitFile> parseExplicitFile(std::string_view text, const std::string& path)
{
    return Parser(path).parse(text);
}

util::Result<ExplicitFile> readExplicitFile(const std::string& path)
{
    auto text = detail::readTextFile(path);
    if (!text) {
        return text.error();
    }
    return parseExplicitFile(*text, path);
}

bool looksLikeExplicitFile(std::string_view text)
{
    for (const Line& line : splitLines(text)) {
        if (line.text == kExplicit) {
            return true;
        }
    }
    return false;
}

std::string explicitHeader(const std::optional<std::string>& platform)
{
    std::string out = "# This file may be used to create an environment using:\n"
                      "# $ conda create --name <env> --file <this file>\n";
    if (platform) {
        out += "# platform: " + *platform + "\n";
    }
    return out + "@EXPLICIT\n";
}

std::string explicitLine(const ExplicitEntry& entry, ExplicitHash hash)
{
    // As conda's `list --explicit`: no token or password in a file meant to be shared.
    return specs::stripCredentials(entry.url) + hashSuffix(entry, hash) + "\n";
}

std::string formatExplicitFile(const ExplicitFile& file, ExplicitHash hash)
{
    std::string out = explicitHeader(file.platform);
    for (const ExplicitEntry& entry : file.entries) {
        out += explicitLine(entry, hash);
    }
    return out;
}

std::vector<LockedPackage> lockedPackages(const ExplicitFile& file)
{
    const std::string platform = inferredPlatform(file);
    std::vector<LockedPackage> packages;
    packages.reserve(file.entries.size());
    for (const ExplicitEntry& entry : file.entries) {
        LockedPackage package;
        package.manager = "conda";
        package.url = entry.url;
        package.md5 = entry.md5;
        package.sha256 = entry.sha256;
        package.line = entry.line;
        if (auto parts = splitPackageUrl(entry.url)) {
            package.name = std::move(parts->name);
            package.version = std::move(parts->version);
            package.build = std::move(parts->build);
            package.channel = std::move(parts->channel);
            package.subdir = std::move(parts->subdir);
        }
        package.platform = platform.empty() ? package.subdir : platform;
        packages.push_back(std::move(package));
    }
    return packages;
}

} // namespace envdesk::envfile
