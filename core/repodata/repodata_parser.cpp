#include "core/repodata/repodata_parser.h"

#include "core/repodata/compression.h"
#include "core/specs/channel.h"
#include "core/util/strings.h"

#include <simdjson.h>

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace envdesk::repodata {

using specs::PackageRecord;
using util::ErrorCode;
using util::fail;

namespace {

// The first field of a channel's record that is not one plain path component: each becomes part
// of a path (the archive, the cache folder `name-version-build`, its lock and staging folder,
// the conda-meta file).
std::optional<std::string> unsafeField(const PackageRecord& record)
{
    if (!util::isSafePathComponent(record.fn)) {
        return "file name";
    }
    if (!util::isSafePathComponent(record.name)) {
        return "name " + util::quoted(record.name);
    }
    if (!util::isSafePathComponent(record.version)) {
        return "version " + util::quoted(record.version);
    }
    if (!record.build.empty() && !util::isSafePathComponent(record.build)) {
        return "build " + util::quoted(record.build);
    }
    return std::nullopt;
}

// Old repodata writes timestamps in seconds, new in milliseconds; conda tells them apart by
// size (no date in seconds reaches year 9999).
constexpr std::uint64_t kMaxSecondsTimestamp = 253402300799ULL;

namespace od = simdjson::ondemand;

// A parse error from simdjson, as a message naming the source.
util::Unexpected jsonError(simdjson::error_code error, const RepodataSource& source,
                           std::string_view where = {})
{
    std::string detail =
        std::string("not valid repodata JSON (") + simdjson::error_message(error) + ")";
    if (!where.empty()) {
        detail += " in " + std::string(where);
    }
    return fail(ErrorCode::ParseError, std::move(detail), source.description);
}

// Reads a string, or nothing for null and other types (fields vary across old repodata).
simdjson::error_code readString(od::value value, std::string& out)
{
    od::json_type type;
    if (auto error = value.type().get(type)) {
        return error;
    }
    if (type != od::json_type::string) {
        return simdjson::SUCCESS;
    }
    std::string_view text;
    if (auto error = value.get_string().get(text)) {
        return error;
    }
    out.assign(text);
    return simdjson::SUCCESS;
}

simdjson::error_code readNumber(od::value value, std::uint64_t& out)
{
    od::json_type type;
    if (auto error = value.type().get(type)) {
        return error;
    }
    if (type != od::json_type::number) {
        return simdjson::SUCCESS;
    }
    od::number_type numberType;
    if (auto error = value.get_number_type().get(numberType)) {
        return error;
    }
    if (numberType == od::number_type::floating_point_number) {
        double d = 0;
        if (auto error = value.get_double().get(d)) {
            return error;
        }
        // Clamped: a cast of a double beyond the integer's range is undefined.
        constexpr double kLimit = 18446744073709549568.0; // the largest double below 2^64
        out = !(d > 0) ? 0 : d >= kLimit ? UINT64_MAX : static_cast<std::uint64_t>(d);
        return simdjson::SUCCESS;
    }
    if (numberType == od::number_type::signed_integer) {
        std::int64_t i = 0;
        if (auto error = value.get_int64().get(i)) {
            return error;
        }
        out = i < 0 ? 0 : static_cast<std::uint64_t>(i);
        return simdjson::SUCCESS;
    }
    return value.get_uint64().get(out);
}

simdjson::error_code readStringList(od::value value, std::vector<std::string>& out)
{
    od::json_type type;
    if (auto error = value.type().get(type)) {
        return error;
    }
    if (type != od::json_type::array) {
        return simdjson::SUCCESS; // null in some repodata
    }
    od::array array;
    if (auto error = value.get_array().get(array)) {
        return error;
    }
    for (auto item : array) {
        od::value element;
        if (auto error = item.get(element)) {
            return error;
        }
        std::string text;
        if (auto error = readString(element, text)) {
            return error;
        }
        out.push_back(std::move(text));
    }
    return simdjson::SUCCESS;
}

// `track_features` and `features` are a space/comma separated string, sometimes a list.
simdjson::error_code readFeatures(od::value value, std::vector<std::string>& out)
{
    od::json_type type;
    if (auto error = value.type().get(type)) {
        return error;
    }
    if (type == od::json_type::array) {
        std::vector<std::string> items;
        if (auto error = readStringList(value, items)) {
            return error;
        }
        out = specs::splitFeatures(util::join(items, " "));
        return simdjson::SUCCESS;
    }
    std::string text;
    if (auto error = readString(value, text)) {
        return error;
    }
    out = specs::splitFeatures(text);
    return simdjson::SUCCESS;
}

simdjson::error_code readNoarch(od::value value, std::string& out)
{
    od::json_type type;
    if (auto error = value.type().get(type)) {
        return error;
    }
    if (type == od::json_type::boolean) {
        bool flag = false;
        if (auto error = value.get_bool().get(flag)) {
            return error;
        }
        if (flag) {
            out = "generic"; // very old repodata wrote `noarch: true`
        }
        return simdjson::SUCCESS;
    }
    return readString(value, out);
}

simdjson::error_code readRecord(od::object object, PackageRecord& record)
{
    for (auto field : object) {
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) {
            return error;
        }
        od::value value;
        if (auto error = field.value().get(value)) {
            return error;
        }
        simdjson::error_code error = simdjson::SUCCESS;
        if (key == "name") {
            error = readString(value, record.name);
        } else if (key == "version") {
            error = readString(value, record.version);
        } else if (key == "build") {
            error = readString(value, record.build);
        } else if (key == "build_number") {
            error = readNumber(value, record.buildNumber);
        } else if (key == "subdir") {
            error = readString(value, record.subdir);
        } else if (key == "md5") {
            error = readString(value, record.md5);
        } else if (key == "sha256") {
            error = readString(value, record.sha256);
        } else if (key == "depends") {
            error = readStringList(value, record.depends);
        } else if (key == "constrains") {
            error = readStringList(value, record.constrains);
        } else if (key == "track_features") {
            error = readFeatures(value, record.trackFeatures);
        } else if (key == "features") {
            error = readFeatures(value, record.features);
        } else if (key == "license") {
            error = readString(value, record.license);
        } else if (key == "license_family") {
            error = readString(value, record.licenseFamily);
        } else if (key == "noarch") {
            error = readNoarch(value, record.noarch);
        } else if (key == "size") {
            error = readNumber(value, record.size);
        } else if (key == "timestamp") {
            error = readNumber(value, record.timestamp);
        }
        // Other keys (arch, platform, legacy fields) are skipped unread.
        if (error) {
            return error;
        }
    }
    return simdjson::SUCCESS;
}

std::string_view stemView(std::string_view fileName)
{
    for (std::string_view extension : {".tar.bz2", ".conda"}) {
        if (util::endsWith(fileName, extension)) {
            return fileName.substr(0, fileName.size() - extension.size());
        }
    }
    return fileName;
}

// Walks the top level of a repodata document by hand and hands simdjson one small value at a
// time (a record, the info object, the removed list). simdjson's index of a whole document
// takes about 1.5 times the document again; one record's is a few kilobytes, so a 300 MB
// repodata.json costs little more than its own text.
class TopLevelScanner {
public:
    TopLevelScanner(std::string_view text, const RepodataSource& source)
        : m_text(text)
        , m_source(source)
    {
    }

    util::Result<RepodataSummary> run(RecordSink& sink);

private:
    [[nodiscard]] util::Unexpected error(std::string what) const
    {
        // Name the line and column: this is what a person opens the file at.
        std::size_t line = 1;
        std::size_t column = 1;
        for (std::size_t i = 0; i < std::min(m_pos, m_text.size()); ++i) {
            if (m_text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return fail(ErrorCode::ParseError,
                    "not valid repodata JSON: " + what + " at line " + std::to_string(line)
                        + ", column " + std::to_string(column),
                    m_source.description);
    }
    void skipSpace()
    {
        while (m_pos < m_text.size()
               && (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r'
                   || m_text[m_pos] == '\t')) {
            ++m_pos;
        }
    }
    bool expect(char c)
    {
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    // The raw text of a string, quotes included; m_pos moves past it.
    std::optional<std::string_view> rawString()
    {
        skipSpace();
        if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
            return std::nullopt;
        }
        const std::size_t start = m_pos++;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c == '\\') {
                ++m_pos;
            } else if (c == '"') {
                return m_text.substr(start, m_pos - start);
            }
        }
        return std::nullopt;
    }
    // The raw text of any value; m_pos moves past it.
    std::optional<std::string_view> rawValue()
    {
        skipSpace();
        if (m_pos >= m_text.size()) {
            return std::nullopt;
        }
        const std::size_t start = m_pos;
        const char first = m_text[m_pos];
        if (first == '"') {
            return rawString();
        }
        if (first != '{' && first != '[') {
            while (m_pos < m_text.size() && m_text[m_pos] != ',' && m_text[m_pos] != '}'
                   && m_text[m_pos] != ']' && !util::isSpace(m_text[m_pos])) {
                ++m_pos;
            }
            return m_text.substr(start, m_pos - start);
        }
        int depth = 0;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '"') {
                if (!rawString()) {
                    return std::nullopt;
                }
                continue;
            }
            ++m_pos;
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    return m_text.substr(start, m_pos - start);
                }
            }
        }
        return std::nullopt;
    }
    // Parses a small piece with simdjson, from a reused padded buffer.
    simdjson::error_code parsePiece(std::string_view piece, od::document& document)
    {
        m_buffer.assign(piece);
        m_buffer.reserve(piece.size() + simdjson::SIMDJSON_PADDING);
        return m_parser
            .iterate(
                simdjson::padded_string_view(m_buffer.data(), m_buffer.size(), m_buffer.capacity()))
            .get(document);
    }
    util::Result<std::string> stringValue(std::string_view raw)
    {
        if (raw.find('\\') == std::string_view::npos) {
            return std::string(raw.substr(1, raw.size() - 2));
        }
        od::document document;
        std::string_view text;
        if (parsePiece(raw, document) || document.get_string().get(text)) {
            return error("bad string " + std::string(raw.substr(0, 60)));
        }
        return std::string(text);
    }
    util::Result<void> readInfo(std::string_view raw, RepodataSummary& summary);
    util::Result<void> readPackages(std::string_view key, RecordSink& sink,
                                    RepodataSummary& summary);

    std::string_view m_text;
    const RepodataSource& m_source;
    std::size_t m_pos = 0;
    od::parser m_parser;
    std::string m_buffer;
    std::vector<std::string> m_removed;
    // The stems of `.conda` files, end to end in one string (no allocation per record: a large
    // channel has hundreds of thousands), and where each ends.
    std::string m_condaStems;
    std::vector<std::uint32_t> m_condaStemEnds;
    std::vector<std::string> m_tarFiles;
};

util::Result<void> TopLevelScanner::readInfo(std::string_view raw, RepodataSummary& summary)
{
    od::document document;
    od::object info;
    if (parsePiece(raw, document) || document.get_object().get(info)) {
        return error("`info` is not an object");
    }
    for (auto field : info) {
        std::string_view key;
        od::value value;
        if (field.unescaped_key().get(key) || field.value().get(value)) {
            return error("bad `info`");
        }
        if (key == "subdir") {
            std::string subdir;
            if (readString(value, subdir)) {
                return error("bad `info.subdir`");
            }
            if (!subdir.empty()) {
                summary.subdir = subdir;
            }
        } else if (key == "base_url") {
            if (readString(value, summary.baseUrl)) {
                return error("bad `info.base_url`");
            }
        }
    }
    return {};
}

util::Result<void> TopLevelScanner::readPackages(std::string_view section, RecordSink& sink,
                                                 RepodataSummary& summary)
{
    const bool isConda = section == "packages.conda";
    if (!expect('{')) {
        return error("`" + std::string(section) + "` is not an object");
    }
    if (expect('}')) {
        return {};
    }
    while (true) {
        const auto rawKey = rawString();
        if (!rawKey) {
            return error("expected a package file name in `" + std::string(section) + "`");
        }
        auto fileName = stringValue(*rawKey);
        if (!fileName) {
            return fileName.error();
        }
        if (!expect(':')) {
            return error("expected ':' after " + std::string(*rawKey));
        }
        const auto raw = rawValue();
        if (!raw) {
            return error("unterminated record " + std::string(*rawKey));
        }
        PackageRecord record;
        record.fn = std::move(*fileName);
        od::document document;
        od::object object;
        if (parsePiece(*raw, document) || document.get_object().get(object)) {
            return fail(ErrorCode::InvalidRecord, "record is not a JSON object",
                        m_source.description + ": " + record.fn);
        }
        if (auto failure = readRecord(object, record)) {
            return jsonError(failure, m_source, std::string(section) + "[\"" + record.fn + "\"]");
        }
        if (record.name.empty() || record.version.empty()) {
            return fail(ErrorCode::InvalidRecord, "record lacks a name or a version",
                        m_source.description + ": " + record.fn);
        }
        const auto unsafe = unsafeField(record);
        if (unsafe) {
            summary.refused.push_back(
                "channel "
                + specs::maskSecrets(m_source.subdirUrl.empty() ? m_source.description
                                                                : m_source.subdirUrl)
                + ": record " + util::quoted(record.fn) + " refused: its " + *unsafe
                + " is not a plain name (a slash, '..', or a control character) and would "
                  "become a path outside the package cache");
        } else if (isConda) {
            m_condaStems += stemView(record.fn);
            m_condaStemEnds.push_back(static_cast<std::uint32_t>(m_condaStems.size()));
        } else {
            m_tarFiles.push_back(record.fn);
        }
        if (!unsafe) {
            record.channel = m_source.channelName;
            if (record.timestamp != 0 && record.timestamp <= kMaxSecondsTimestamp) {
                record.timestamp *= 1000;
            }
            ++summary.recordCount;
            if (auto added = sink.add(std::move(record)); !added) {
                return added.error();
            }
        }
        if (expect(',')) {
            continue;
        }
        if (expect('}')) {
            return {};
        }
        return error("expected ',' or '}' in `" + std::string(section) + "`");
    }
}

util::Result<RepodataSummary> TopLevelScanner::run(RecordSink& sink)
{
    RepodataSummary summary;
    summary.subdir = m_source.subdir;
    if (!expect('{')) {
        return fail(ErrorCode::ParseError, "the document is not a JSON object",
                    m_source.description);
    }
    bool more = !expect('}');
    while (more) {
        const auto rawKey = rawString();
        if (!rawKey) {
            return error("expected a key");
        }
        auto key = stringValue(*rawKey);
        if (!key) {
            return key.error();
        }
        if (!expect(':')) {
            return error("expected ':' after " + std::string(*rawKey));
        }
        if (*key == "packages" || *key == "packages.conda") {
            if (auto read = readPackages(*key, sink, summary); !read) {
                return read.error();
            }
        } else {
            const auto raw = rawValue();
            if (!raw) {
                return error("unterminated value of " + std::string(*rawKey));
            }
            if (*key == "info") {
                if (auto read = readInfo(*raw, summary); !read) {
                    return read.error();
                }
            } else if (*key == "removed") {
                od::document document;
                od::value value;
                if (parsePiece(*raw, document) || document.get_value().get(value)
                    || readStringList(value, m_removed)) {
                    return error("bad `removed`");
                }
            } else if (*key == "repodata_version") {
                od::document document;
                std::uint64_t version = 0;
                if (parsePiece(*raw, document) == simdjson::SUCCESS
                    && document.get_uint64().get(version) == simdjson::SUCCESS) {
                    summary.repodataVersion = static_cast<int>(version);
                }
            }
            // Other keys (signatures, legacy fields) are skipped unread.
        }
        if (expect(',')) {
            continue;
        }
        if (!expect('}')) {
            return error("expected ',' or '}' at the top level");
        }
        more = false;
    }
    skipSpace();
    if (m_pos != m_text.size()) {
        return error("text after the end of the document");
    }
    if (summary.repodataVersion == 0) {
        summary.repodataVersion = 1;
    }

    // Where archives live: beside repodata.json, or CEP 15's base_url (relative to it).
    summary.urlBase = m_source.subdirUrl;
    while (!summary.baseUrl.empty() && summary.baseUrl.back() == '/') {
        summary.baseUrl.pop_back();
    }
    if (!summary.baseUrl.empty()) {
        summary.urlBase =
            summary.baseUrl.find("://") != std::string::npos || summary.urlBase.empty()
                ? summary.baseUrl
                : summary.urlBase + "/" + summary.baseUrl;
    }
    summary.excluded = std::move(m_removed);
    if (!m_tarFiles.empty() && !m_condaStemEnds.empty()) {
        std::unordered_set<std::string_view> condaStems;
        condaStems.reserve(m_condaStemEnds.size());
        std::uint32_t start = 0;
        for (const auto end : m_condaStemEnds) {
            condaStems.insert(std::string_view(m_condaStems).substr(start, end - start));
            start = end;
        }
        for (auto& fileName : m_tarFiles) {
            if (condaStems.count(stemView(fileName)) != 0) {
                summary.excluded.push_back(std::move(fileName));
            }
        }
    }
    return summary;
}

util::Result<RepodataSummary> streamPadded(std::string_view json, const RepodataSource& source,
                                           RecordSink& sink)
{
    TopLevelScanner scanner(json, source);
    return scanner.run(sink);
}

// Collects records for the callers that want them all in memory.
class VectorSink final : public RecordSink {
public:
    util::Result<void> add(PackageRecord&& record) override
    {
        m_records.push_back(std::move(record));
        return {};
    }
    std::vector<PackageRecord> m_records;
};

util::Result<Repodata> collect(std::string_view json, const RepodataSource& source)
{
    VectorSink sink;
    auto summary = streamPadded(json, source, sink);
    if (!summary) {
        return summary.error();
    }
    Repodata repodata;
    repodata.subdir = summary->subdir;
    repodata.baseUrl = summary->baseUrl;
    repodata.repodataVersion = summary->repodataVersion;
    repodata.refused = summary->refused;
    const std::unordered_set<std::string_view> excluded(summary->excluded.begin(),
                                                        summary->excluded.end());
    // `.conda` records first (they were the preferred artifacts), then the `.tar.bz2` ones.
    std::stable_partition(sink.m_records.begin(), sink.m_records.end(),
                          [](const PackageRecord& r) { return util::endsWith(r.fn, ".conda"); });
    repodata.records.reserve(sink.m_records.size());
    for (auto& record : sink.m_records) {
        if (excluded.count(record.fn) != 0) {
            continue;
        }
        if (record.subdir.empty()) {
            record.subdir = repodata.subdir;
        }
        record.url = summary->urlBase.empty() ? record.fn : summary->urlBase + "/" + record.fn;
        repodata.records.push_back(std::move(record));
    }
    return repodata;
}

} // namespace

util::Result<Repodata> parseRepodata(std::string_view json, const RepodataSource& source)
{
    return collect(json, source);
}

namespace {

// Reads a file for parsing, with simdjson's padding as spare capacity: no copy of a large document.
util::Result<std::string> readForParsing(const std::string& path, RepodataSource& source)
{
    auto text = readRepodataFile(path);
    if (text && text->capacity() < text->size() + simdjson::SIMDJSON_PADDING) {
        text->reserve(text->size() + simdjson::SIMDJSON_PADDING);
    }
    if (source.description.empty()) {
        source.description = path;
    }
    return text;
}

} // namespace

util::Result<Repodata> loadRepodataFile(const std::string& path, const RepodataSource& source)
{
    RepodataSource withPath = source;
    auto text = readForParsing(path, withPath);
    if (!text) {
        return text.error();
    }
    return collect(*text, withPath);
}

util::Result<RepodataSummary> streamRepodataFile(const std::string& path,
                                                 const RepodataSource& source, RecordSink& sink)
{
    RepodataSource withPath = source;
    auto text = readForParsing(path, withPath);
    if (!text) {
        return text.error();
    }
    return streamPadded(*text, withPath, sink);
}

util::Result<RepodataSummary> streamRepodataText(std::string_view json,
                                                 const RepodataSource& source, RecordSink& sink)
{
    return streamPadded(json, source, sink);
}

} // namespace envdesk::repodata
