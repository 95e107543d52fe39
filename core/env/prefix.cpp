#include "core/env/prefix.h"

#include "core/specs/channel.h"
#include "core/specs/spec_name.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

namespace envdesk::env {

namespace fs = std::filesystem;

namespace {

util::Result<std::string> readText(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return util::fail(util::ErrorCode::IoError, "cannot read the file", path.string());
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        return util::fail(util::ErrorCode::IoError, "cannot read the file", path.string());
    }
    return text.str();
}

std::string stringField(const nlohmann::json& record, const char* key)
{
    const auto it = record.find(key);
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A count as records write it; 0 (unknown) for anything that is not one: a negative number, one
// past 2^64 (converting that double would be undefined behaviour), or a string that is not
// digits or does not fit (std::stoull would throw out of the reader).
std::uint64_t numberField(const nlohmann::json& record, const char* key)
{
    const auto it = record.find(key);
    if (it == record.end()) {
        return 0;
    }
    if (it->is_number_unsigned()) {
        return it->get<std::uint64_t>();
    }
    if (it->is_number_integer()) {
        const auto value = it->get<std::int64_t>();
        return value < 0 ? 0 : static_cast<std::uint64_t>(value);
    }
    if (it->is_number_float()) {
        const double value = it->get<double>();
        constexpr double kPast = 18446744073709551616.0; // 2^64
        return value >= 0 && value < kPast ? static_cast<std::uint64_t>(value) : 0;
    }
    // Some old records wrote numbers as strings ("build_number": "0").
    if (it->is_string()) {
        const auto& text = it->get_ref<const std::string&>();
        std::uint64_t value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (!text.empty() && error == std::errc() && end == text.data() + text.size()) {
            return value;
        }
    }
    return 0;
}

std::vector<std::string> listField(const nlohmann::json& record, const char* key)
{
    std::vector<std::string> out;
    const auto it = record.find(key);
    if (it == record.end() || !it->is_array()) {
        return out;
    }
    for (const auto& item : *it) {
        if (item.is_string()) {
            out.push_back(item.get<std::string>());
        }
    }
    return out;
}

// `track_features` and `features` are a string ("mkl debug") in most records, a list in some.
std::vector<std::string> featuresField(const nlohmann::json& record, const char* key)
{
    const auto it = record.find(key);
    if (it == record.end()) {
        return {};
    }
    if (it->is_string()) {
        return specs::splitFeatures(it->get<std::string>());
    }
    return specs::splitFeatures(util::join(listField(record, key), " "));
}

// `noarch` is "python"/"generic", a dict {"type": "python"} (conda-build's own form), or a bare
// `true` from conda-build 2 that meant generic.
std::string noarchField(const nlohmann::json& record)
{
    const auto it = record.find("noarch");
    if (it == record.end() || it->is_null()) {
        return {};
    }
    if (it->is_string()) {
        return it->get<std::string>();
    }
    if (it->is_object()) {
        return stringField(*it, "type");
    }
    if (it->is_boolean()) {
        return it->get<bool>() ? "generic" : "";
    }
    return {};
}

std::string lastPathSegment(std::string_view url)
{
    const auto slash = url.rfind('/');
    return std::string(slash == std::string_view::npos ? url : url.substr(slash + 1));
}

std::string parentPathSegment(std::string_view url)
{
    const auto slash = url.rfind('/');
    if (slash == std::string_view::npos || slash == 0) {
        return {};
    }
    return lastPathSegment(url.substr(0, slash));
}

bool isKnownSubdir(std::string_view text)
{
    static const std::vector<std::string_view> subdirs = {
        "noarch",       "linux-32",          "linux-64",      "linux-aarch64", "linux-armv6l",
        "linux-armv7l", "linux-ppc64",       "linux-ppc64le", "linux-riscv64", "linux-s390x",
        "osx-64",       "osx-arm64",         "win-32",        "win-64",        "win-arm64",
        "zos-z",        "emscripten-wasm32", "wasi-wasm32",   "freebsd-64"};
    return std::find(subdirs.begin(), subdirs.end(), text) != subdirs.end();
}

// A Python list literal of strings, as conda writes `# update specs: ['a', "b[version='1']"]`.
util::Result<std::vector<std::string>> parsePythonStringList(std::string_view text,
                                                             const std::string& context)
{
    std::vector<std::string> out;
    std::size_t i = 0;
    const auto skipSpace = [&] {
        while (i < text.size() && util::isSpace(text[i])) {
            ++i;
        }
    };
    const auto broken = [&] {
        return util::fail(util::ErrorCode::ParseError,
                          "expected a list of quoted specs: " + util::quoted(text), context);
    };
    skipSpace();
    if (i >= text.size() || text[i] != '[') {
        return broken();
    }
    ++i;
    while (true) {
        skipSpace();
        if (i >= text.size()) {
            return broken();
        }
        if (text[i] == ']') {
            return out;
        }
        const char quote = text[i];
        if (quote != '\'' && quote != '"') {
            return broken();
        }
        ++i;
        std::string item;
        while (i < text.size() && text[i] != quote) {
            if (text[i] == '\\' && i + 1 < text.size()) {
                ++i;
            }
            item += text[i++];
        }
        if (i >= text.size()) {
            return broken();
        }
        ++i; // the closing quote
        out.push_back(std::move(item));
        skipSpace();
        if (i < text.size() && text[i] == ',') {
            ++i;
        }
    }
}

// conda < 4.5 wrote `# install specs: python>=3.5.1,jupyter >=1.0.0,<2.0`: a part that starts
// with a version operator continues the spec before it (History._parse_old_format_specs_string).
std::vector<std::string> parseOldFormatSpecs(std::string_view text)
{
    std::vector<std::string> out;
    for (auto part : util::split(text, ',')) {
        const bool continues =
            !part.empty() && std::string_view("<>=!~").find(part.front()) != std::string_view::npos;
        if (continues && !out.empty()) {
            out.back() += "," + std::string(part);
        } else {
            out.emplace_back(part);
        }
    }
    return out;
}

struct HistoryRequest {
    bool hasCommand = false;
    std::vector<std::string> update;
    std::vector<std::string> remove;
    std::vector<std::string> neutered;
};

// Reads one `# <action> specs: ...` comment into `request` (History._parse_comment_line).
util::Result<void> readSpecsComment(std::string_view line, HistoryRequest& request,
                                    const std::string& context)
{
    // "#\s*(\w+)\s*specs:\s*(.+)?"
    std::string_view rest = util::trim(line.substr(1));
    std::size_t wordEnd = 0;
    while (
        wordEnd < rest.size()
        && (util::isAlpha(rest[wordEnd]) || util::isDigit(rest[wordEnd]) || rest[wordEnd] == '_')) {
        ++wordEnd;
    }
    if (wordEnd == 0) {
        return {};
    }
    const std::string action(rest.substr(0, wordEnd));
    std::string_view after = util::trim(rest.substr(wordEnd));
    if (!util::startsWith(after, "specs:")) {
        return {};
    }
    const std::string_view specsText = util::trim(after.substr(6));
    std::vector<std::string> specs;
    if (util::startsWith(specsText, "[")) {
        auto parsed = parsePythonStringList(specsText, context);
        if (!parsed) {
            return parsed.error();
        }
        specs = std::move(*parsed);
    } else if (specsText.find('[') == std::string_view::npos) {
        specs = parseOldFormatSpecs(specsText);
    }
    // conda drops empty entries and legacy features ("mkl@").
    std::erase_if(
        specs, [](const std::string& spec) { return spec.empty() || util::endsWith(spec, "@"); });
    if (specs.empty()) {
        return {};
    }
    if (action == "update" || action == "install" || action == "create") {
        request.update = std::move(specs);
    } else if (action == "remove" || action == "uninstall") {
        request.remove = std::move(specs);
    } else if (action == "neutered") {
        request.neutered = std::move(specs);
    }
    return {};
}

// The name a history spec is kept under (specs::specName; a spec without an exact name under
// its own text), an error naming the history file for one that does not parse.
util::Result<std::string> specName(const std::string& spec, const std::string& context)
{
    auto name = specs::specName(spec);
    if (!name) {
        return util::fail(name.error().code, name.error().detail, context);
    }
    return name->empty() ? spec : *name;
}

std::string expandPath(std::string_view path, const PrefixLocations& locations)
{
    std::string text(path);
    if (text == "~" || util::startsWith(text, "~/")) {
        text = locations.homeDir + text.substr(1);
    }
    fs::path result(text);
    if (result.is_relative()) {
        result = fs::path(locations.currentDir) / result;
    }
    std::string normal = result.lexically_normal().string();
    while (normal.size() > 1 && normal.back() == '/') {
        normal.pop_back();
    }
    return normal;
}

// conda's _first_writable_envs_dir: a folder that exists and can be written, or that does not
// exist yet but could be made (its nearest existing parent is writable).
bool isWritableDir(const fs::path& dir)
{
    std::error_code error;
    fs::path probe = dir;
    while (!probe.empty() && !fs::exists(probe, error)) {
        const fs::path parent = probe.parent_path();
        if (parent == probe) {
            return false;
        }
        probe = parent;
    }
    return !probe.empty() && fs::is_directory(probe, error) && ::access(probe.c_str(), W_OK) == 0;
}

} // namespace

bool isEnvironment(const std::string& prefix)
{
    std::error_code error;
    return fs::is_directory(fs::path(prefix) / "conda-meta", error);
}

util::Result<specs::PackageRecord> parsePrefixRecord(std::string_view json,
                                                     const std::string& context)
{
    nlohmann::json document = nlohmann::json::parse(json, nullptr, false);
    if (document.is_discarded()) {
        return util::fail(util::ErrorCode::ParseError, "not valid JSON", context);
    }
    if (!document.is_object()) {
        return util::fail(util::ErrorCode::InvalidRecord, "expected a JSON object", context);
    }
    specs::PackageRecord record;
    record.name = stringField(document, "name");
    record.version = stringField(document, "version");
    record.build = stringField(document, "build");
    if (record.build.empty()) {
        record.build = stringField(document, "build_string");
    }
    if (record.name.empty() || record.version.empty()) {
        return util::fail(util::ErrorCode::InvalidRecord, "a record needs a name and a version",
                          context);
    }
    record.buildNumber = numberField(document, "build_number");
    record.channel = stringField(document, "channel");
    record.url = stringField(document, "url");
    record.subdir = stringField(document, "subdir");
    if (record.subdir.empty()) {
        // Records from conda < 4.4 have no subdir; their URL (or channel URL) still ends in it.
        for (const auto& candidate :
             {parentPathSegment(record.url), lastPathSegment(record.channel)}) {
            if (isKnownSubdir(candidate)) {
                record.subdir = candidate;
                break;
            }
        }
    }
    record.fn = stringField(document, "fn");
    if (record.fn.empty()) {
        record.fn =
            !record.url.empty() ? lastPathSegment(record.url) : record.distName() + ".tar.bz2";
    }
    record.md5 = stringField(document, "md5");
    record.sha256 = stringField(document, "sha256");
    record.depends = listField(document, "depends");
    record.constrains = listField(document, "constrains");
    record.trackFeatures = featuresField(document, "track_features");
    record.features = featuresField(document, "features");
    record.license = stringField(document, "license");
    record.licenseFamily = stringField(document, "license_family");
    record.noarch = noarchField(document);
    record.timestamp = numberField(document, "timestamp");
    // conda's rule: a timestamp up to the year 9999 in seconds is seconds; keep milliseconds.
    if (record.timestamp != 0 && record.timestamp <= 253402300799ULL) {
        record.timestamp *= 1000;
    }
    record.size = numberField(document, "size");
    return record;
}

util::Result<std::vector<specs::PackageRecord>> readPrefixRecords(const std::string& prefix)
{
    std::vector<specs::PackageRecord> records;
    const fs::path meta = fs::path(prefix) / "conda-meta";
    std::error_code error;
    if (!fs::is_directory(meta, error)) {
        return records;
    }
    std::vector<fs::path> files;
    for (fs::directory_iterator it(meta, error), end; !error && it != end; it.increment(error)) {
        // Dot files are not records (conda's glob skips them too): Envdesk's transaction journal
        // lives there while a transaction runs.
        if (it->path().extension() == ".json" && !it->path().filename().string().starts_with('.')
            && it->is_regular_file(error)) {
            files.push_back(it->path());
        }
    }
    if (error) {
        return util::fail(util::ErrorCode::IoError, error.message(), meta.string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        auto text = readText(file);
        if (!text) {
            return text.error();
        }
        auto record = parsePrefixRecord(*text, file.string());
        if (!record) {
            return record.error();
        }
        records.push_back(std::move(*record));
    }
    std::stable_sort(records.begin(), records.end(),
                     [](const auto& a, const auto& b) { return a.name < b.name; });
    return records;
}

util::Result<std::vector<std::string>> readPinned(const std::string& prefix)
{
    std::vector<std::string> pins;
    const fs::path file = fs::path(prefix) / "conda-meta" / "pinned";
    std::error_code error;
    if (!fs::exists(file, error)) {
        return pins;
    }
    auto text = readText(file);
    if (!text) {
        return text.error();
    }
    for (auto line : util::split(*text, '\n')) {
        const auto spec = util::trim(line);
        if (!spec.empty() && spec.front() != '#') {
            pins.emplace_back(spec);
        }
    }
    return pins;
}

util::Result<std::vector<std::string>> requestedSpecsFromHistory(std::string_view history,
                                                                 const std::string& context)
{
    // Revisions start with "==> date <==" lines; comments of a revision describe its request.
    std::vector<HistoryRequest> requests;
    HistoryRequest current;
    bool inRevision = false;
    const auto finish = [&] {
        if (inRevision && current.hasCommand) {
            requests.push_back(std::move(current));
        }
        current = HistoryRequest{};
    };
    for (auto rawLine : util::split(history, '\n')) {
        const std::string_view line = util::trim(rawLine);
        if (util::startsWith(line, "==>") && util::endsWith(line, "<==")) {
            finish();
            inRevision = true;
            continue;
        }
        if (!util::startsWith(line, "#")) {
            continue;
        }
        const std::string_view comment = util::trim(line.substr(1));
        if (util::startsWith(comment, "cmd:") && !util::trim(comment.substr(4)).empty()) {
            current.hasCommand = true;
            continue;
        }
        if (auto read = readSpecsComment(line, current, context); !read) {
            return read.error();
        }
    }
    finish();

    std::map<std::string, std::string> byName;
    for (const auto& request : requests) {
        for (const auto& spec : request.remove) {
            auto name = specName(spec, context);
            if (!name) {
                return name.error();
            }
            byName.erase(*name);
        }
        for (const auto* list : {&request.update, &request.neutered}) {
            for (const auto& spec : *list) {
                auto name = specName(spec, context);
                if (!name) {
                    return name.error();
                }
                // A history written before specs were stored without credentials may hold them.
                byName[*name] = specs::stripCredentials(spec);
            }
        }
    }
    std::vector<std::string> out;
    out.reserve(byName.size());
    for (auto& [name, spec] : byName) {
        out.push_back(std::move(spec));
    }
    return out;
}

util::Result<std::vector<std::string>> readRequestedSpecs(const std::string& prefix)
{
    const fs::path file = fs::path(prefix) / "conda-meta" / "history";
    std::error_code error;
    if (!fs::exists(file, error)) {
        return std::vector<std::string>{};
    }
    auto text = readText(file);
    if (!text) {
        return text.error();
    }
    auto specs = requestedSpecsFromHistory(*text, file.string());
    if (!specs) {
        return specs;
    }
    // conda did not always record removals: a spec whose package is gone is not forced back.
    // The names come from the record file names, so no record needs parsing here.
    std::vector<std::string> installed;
    for (fs::directory_iterator it(file.parent_path(), error), end; !error && it != end;
         it.increment(error)) {
        const auto fileName = it->path().filename().string();
        if (util::endsWith(fileName, ".json")) {
            if (auto dist = specs::parseDistFileName(fileName.substr(0, fileName.size() - 5))) {
                installed.push_back(dist->name);
            }
        }
    }
    std::erase_if(*specs, [&](const std::string& spec) {
        auto name = specName(spec, file.string());
        return !name || std::find(installed.begin(), installed.end(), *name) == installed.end();
    });
    return specs;
}

util::Result<std::string> resolvePrefix(const PrefixChoice& choice,
                                        const PrefixLocations& locations)
{
    const std::string_view value = util::trim(choice.value);
    if (choice.kind == PrefixChoice::Kind::Path) {
        if (value.empty()) {
            return util::fail(util::ErrorCode::ParseError, "--prefix requires a value");
        }
        return expandPath(value, locations);
    }
    if (value.empty()) {
        return util::fail(util::ErrorCode::ParseError, "--name requires a value");
    }
    for (char c : {'/', ' ', ':', '#'}) {
        if (value.find(c) != std::string_view::npos) {
            return util::fail(util::ErrorCode::ParseError,
                              "invalid environment name " + util::quoted(value)
                                  + ": characters not allowed: '/', ' ', ':', '#'");
        }
    }
    if (value == "base" || value == "root") {
        if (locations.rootPrefix.empty()) {
            return util::fail(util::ErrorCode::NotFound,
                              "no base environment is known: set CONDA_ROOT or use -p PREFIX");
        }
        return expandPath(locations.rootPrefix, locations);
    }
    std::error_code error;
    for (const auto& dir : locations.envsDirs) {
        const fs::path candidate = fs::path(expandPath(dir, locations)) / std::string(value);
        if (fs::is_directory(candidate, error)) {
            return candidate.string();
        }
    }
    for (const auto& dir : locations.envsDirs) {
        const std::string expanded = expandPath(dir, locations);
        if (isWritableDir(expanded)) {
            return (fs::path(expanded) / std::string(value)).string();
        }
    }
    return util::fail(util::ErrorCode::NotFound, "no writable envs directory for "
                                                     + util::quoted(value)
                                                     + ": none of envs_dirs can be written ("
                                                     + util::join(locations.envsDirs, ", ") + ")");
}

} // namespace envdesk::env
