#include "core/repodata/repodata_parser.h"

#include "core/util/strings.h"

#include <simdjson.h>

#include <fstream>
#include <sstream>
#include <unordered_map>

namespace envdesk::repodata {

using specs::PackageRecord;
using util::ErrorCode;
using util::fail;

namespace {

// Old repodata writes timestamps in seconds, new in milliseconds; conda tells them apart by
// size (no date in seconds reaches year 9999).
constexpr std::uint64_t kMaxSecondsTimestamp = 253402300799ULL;

std::string stringField(simdjson::dom::object object, std::string_view key)
{
    std::string_view value;
    if (object[key].get(value) == simdjson::SUCCESS) {
        return std::string(value);
    }
    return {};
}

std::uint64_t numberField(simdjson::dom::object object, std::string_view key)
{
    simdjson::dom::element element;
    if (object[key].get(element) != simdjson::SUCCESS) {
        return 0;
    }
    std::uint64_t u = 0;
    if (element.get(u) == simdjson::SUCCESS) {
        return u;
    }
    std::int64_t i = 0;
    if (element.get(i) == simdjson::SUCCESS) {
        return i < 0 ? 0 : static_cast<std::uint64_t>(i);
    }
    double d = 0;
    if (element.get(d) == simdjson::SUCCESS && d > 0) {
        return static_cast<std::uint64_t>(d);
    }
    return 0;
}

std::vector<std::string> stringList(simdjson::dom::object object, std::string_view key)
{
    std::vector<std::string> out;
    simdjson::dom::array array;
    if (object[key].get(array) != simdjson::SUCCESS) {
        return out;
    }
    for (auto item : array) {
        std::string_view value;
        if (item.get(value) == simdjson::SUCCESS) {
            out.emplace_back(value);
        }
    }
    return out;
}

// `track_features` and `features` are a space/comma separated string, sometimes a list.
std::vector<std::string> featureField(simdjson::dom::object object, std::string_view key)
{
    simdjson::dom::element element;
    if (object[key].get(element) != simdjson::SUCCESS) {
        return {};
    }
    std::string_view text;
    if (element.get(text) == simdjson::SUCCESS) {
        return specs::splitFeatures(text);
    }
    std::string joined;
    for (const auto& item : stringList(object, key)) {
        joined += item + " ";
    }
    return specs::splitFeatures(joined);
}

std::string noarchField(simdjson::dom::object object)
{
    simdjson::dom::element element;
    if (object["noarch"].get(element) != simdjson::SUCCESS) {
        return {};
    }
    std::string_view text;
    if (element.get(text) == simdjson::SUCCESS) {
        return std::string(text);
    }
    bool flag = false;
    if (element.get(flag) == simdjson::SUCCESS && flag) {
        return "generic"; // very old repodata wrote `noarch: true`
    }
    return {};
}

util::Result<PackageRecord> toRecord(std::string_view fileName, simdjson::dom::element element,
                                     const RepodataSource& source, const std::string& subdir,
                                     const std::string& urlBase)
{
    simdjson::dom::object object;
    if (element.get(object) != simdjson::SUCCESS) {
        return fail(ErrorCode::InvalidRecord, "record is not a JSON object",
                    source.description + ": " + std::string(fileName));
    }
    PackageRecord record;
    record.fn = std::string(fileName);
    record.name = stringField(object, "name");
    record.version = stringField(object, "version");
    record.build = stringField(object, "build");
    if (record.name.empty() || record.version.empty()) {
        return fail(ErrorCode::InvalidRecord, "record lacks a name or a version",
                    source.description + ": " + std::string(fileName));
    }
    record.buildNumber = numberField(object, "build_number");
    record.channel = source.channelName;
    record.subdir = stringField(object, "subdir");
    if (record.subdir.empty()) {
        record.subdir = subdir;
    }
    record.url = urlBase.empty() ? record.fn : urlBase + "/" + record.fn;
    record.md5 = stringField(object, "md5");
    record.sha256 = stringField(object, "sha256");
    record.depends = stringList(object, "depends");
    record.constrains = stringList(object, "constrains");
    record.trackFeatures = featureField(object, "track_features");
    record.features = featureField(object, "features");
    record.license = stringField(object, "license");
    record.licenseFamily = stringField(object, "license_family");
    record.noarch = noarchField(object);
    record.size = numberField(object, "size");
    record.timestamp = numberField(object, "timestamp");
    if (record.timestamp != 0 && record.timestamp <= kMaxSecondsTimestamp) {
        record.timestamp *= 1000;
    }
    return record;
}

std::string stemOf(std::string_view fileName)
{
    for (std::string_view extension : {".tar.bz2", ".conda"}) {
        if (util::endsWith(fileName, extension)) {
            return std::string(fileName.substr(0, fileName.size() - extension.size()));
        }
    }
    return std::string(fileName);
}

} // namespace

util::Result<Repodata> parseRepodata(std::string_view json, const RepodataSource& source)
{
    simdjson::dom::parser parser;
    simdjson::padded_string padded(json.data(), json.size());
    simdjson::dom::element document;
    if (const auto error = parser.parse(padded).get(document); error != simdjson::SUCCESS) {
        return fail(ErrorCode::ParseError,
                    std::string("not valid JSON (") + simdjson::error_message(error) + ")",
                    source.description);
    }
    simdjson::dom::object root;
    if (document.get(root) != simdjson::SUCCESS) {
        return fail(ErrorCode::ParseError, "the document is not a JSON object", source.description);
    }

    Repodata repodata;
    repodata.subdir = source.subdir;
    std::string urlBase = source.subdirUrl;
    simdjson::dom::object info;
    if (root["info"].get(info) == simdjson::SUCCESS) {
        if (auto subdir = stringField(info, "subdir"); !subdir.empty()) {
            repodata.subdir = subdir;
        }
        if (auto baseUrl = stringField(info, "base_url"); !baseUrl.empty()) {
            // CEP 15: relative base URLs are relative to the repodata's own location.
            while (!baseUrl.empty() && baseUrl.back() == '/') {
                baseUrl.pop_back();
            }
            repodata.baseUrl = baseUrl;
            urlBase = baseUrl.find("://") != std::string::npos || urlBase.empty()
                          ? baseUrl
                          : urlBase + "/" + baseUrl;
        }
    }
    repodata.repodataVersion = static_cast<int>(numberField(root, "repodata_version"));
    if (repodata.repodataVersion == 0) {
        repodata.repodataVersion = 1;
    }

    std::unordered_map<std::string, bool> removed;
    for (const auto& fileName : stringList(root, "removed")) {
        removed.emplace(fileName, true);
    }

    // `.conda` first, so that the `.tar.bz2` of the same build can be recognised and skipped.
    std::unordered_map<std::string, bool> condaStems;
    for (std::string_view key : {"packages.conda", "packages"}) {
        simdjson::dom::object packages;
        if (root[key].get(packages) != simdjson::SUCCESS) {
            continue;
        }
        const bool isConda = key == "packages.conda";
        for (auto field : packages) {
            const std::string_view fileName = field.key;
            if (removed.count(std::string(fileName)) != 0) {
                continue;
            }
            if (isConda) {
                condaStems.emplace(stemOf(fileName), true);
            } else if (condaStems.count(stemOf(fileName)) != 0) {
                continue;
            }
            auto record = toRecord(fileName, field.value, source, repodata.subdir, urlBase);
            if (!record) {
                return record.error();
            }
            repodata.records.push_back(std::move(*record));
        }
    }
    return repodata;
}

util::Result<Repodata> loadRepodataFile(const std::string& path, const RepodataSource& source)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::NotFound, "cannot open file", path);
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        return fail(ErrorCode::IoError, "read error", path);
    }
    RepodataSource withPath = source;
    if (withPath.description.empty()) {
        withPath.description = path;
    }
    return parseRepodata(buffer.str(), withPath);
}

} // namespace envdesk::repodata
