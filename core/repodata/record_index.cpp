#include "core/repodata/record_index.h"

#include "core/util/file_io.h"
#include "core/util/hash.h"
#include "core/util/secrets.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_set>

namespace envdesk::repodata {

using specs::PackageRecord;
using util::ErrorCode;
using util::fail;

namespace {

constexpr char kMagic[8] = {'E', 'D', 'R', 'I', 'D', 'X', '0', '2'};
// 3: the URL base is stored without credentials (an index of version 2 may hold a password,
// so it is rebuilt and overwritten).
constexpr std::uint32_t kFormatVersion = 4;

// The on-disk layout, native little-endian, every section 8-byte aligned:
//   Header | validator | urlBase | subdir | NameEntry[names] | name pool | RecordEntry[records]
//   | u32 order[] (record numbers grouped by name) | StringRef lists[] | string pool
struct Section {
    std::uint64_t offset;
    std::uint64_t count; // items, or bytes for blobs
};

struct Header {
    char magic[8];
    std::uint32_t formatVersion;
    std::uint32_t reserved;
    Section validator, urlBase, subdir, names, namePool, records, order, lists, strings;
};

struct StringRef {
    std::uint32_t offset;
    std::uint32_t length; // with kPackedHex: bytes that stand for twice as many hex digits
};

// A lowercase hex string (md5, sha256) kept as its bytes: half the size, and a quarter of a
// large channel's index is its checksums.
constexpr std::uint32_t kPackedHex = 0x80000000u;

bool isLowerHex(std::string_view text)
{
    return !text.empty() && text.size() % 2 == 0
           && std::all_of(text.begin(), text.end(),
                          [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

struct ListRef {
    std::uint32_t first; // index into the lists section
    std::uint32_t count;
};

struct NameEntry {
    StringRef name; // in the name pool, which holds the names alone so a lookup touches few pages
    std::uint32_t firstOrder;
    std::uint32_t count;
};

enum StringField {
    kName,
    kVersion,
    kBuild,
    kChannel,
    kSubdir,
    kFn,
    kMd5,
    kSha256,
    kLicense,
    kLicenseFamily,
    kNoarch,
    kStringFieldCount,
};

enum ListField { kDepends, kConstrains, kTrackFeatures, kFeatures, kListFieldCount };

struct RecordEntry {
    StringRef strings[kStringFieldCount];
    ListRef lists[kListFieldCount];
    std::uint64_t buildNumber;
    std::uint64_t timestamp;
    std::uint64_t size;
};

static_assert(sizeof(Header) % 8 == 0);
static_assert(sizeof(NameEntry) == 16);
static_assert(std::is_trivially_copyable_v<RecordEntry>);

std::uint64_t align8(std::uint64_t value)
{
    return (value + 7) & ~std::uint64_t{7};
}

// Strings stored once each (names, versions, dependency specs repeat across records), or
// appended as they are where they are unique anyway (file names, hashes) and a lookup table
// would only cost memory.
class StringPool {
public:
    StringRef shared(std::string_view text)
    {
        // Looked up by view first: most strings (names, versions, dependency specs) repeat, and a
        // hit then costs no allocation.
        if (const auto it = m_offsets.find(text); it != m_offsets.end()) {
            return StringRef{it->second, static_cast<std::uint32_t>(text.size())};
        }
        const auto offset = static_cast<std::uint32_t>(m_bytes.size());
        m_offsets.emplace(std::string(text), offset);
        m_bytes.append(text);
        return StringRef{offset, static_cast<std::uint32_t>(text.size())};
    }
    // A checksum: its bytes when it is lowercase hex (decoded back by the reader), else as it is.
    StringRef hexDigest(std::string_view text)
    {
        if (!isLowerHex(text)) {
            return unique(text);
        }
        const StringRef ref{static_cast<std::uint32_t>(m_bytes.size()),
                            static_cast<std::uint32_t>(text.size() / 2) | kPackedHex};
        const auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
        for (std::size_t i = 0; i < text.size(); i += 2) {
            m_bytes.push_back(static_cast<char>((nibble(text[i]) << 4) | nibble(text[i + 1])));
        }
        return ref;
    }
    StringRef unique(std::string_view text)
    {
        const StringRef ref{static_cast<std::uint32_t>(m_bytes.size()),
                            static_cast<std::uint32_t>(text.size())};
        m_bytes.append(text);
        return ref;
    }
    [[nodiscard]] std::string_view at(StringRef ref) const
    {
        return std::string_view(m_bytes).substr(ref.offset, ref.length);
    }
    [[nodiscard]] const std::string& bytes() const { return m_bytes; }
    void reserve(std::size_t bytes) { m_bytes.reserve(bytes); }
    [[nodiscard]] bool full() const { return m_bytes.size() > UINT32_MAX - (1u << 20); }

private:
    struct ViewHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const
        {
            return std::hash<std::string_view>{}(text);
        }
    };
    std::unordered_map<std::string, std::uint32_t, ViewHash, std::equal_to<>> m_offsets;
    std::string m_bytes;
};

template <typename T>
bool readPod(std::string_view bytes, std::uint64_t offset, T& value)
{
    if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) {
        return false;
    }
    std::memcpy(&value, bytes.data() + offset, sizeof(T));
    return true;
}

} // namespace

struct RecordIndexWriter::State {
    StringPool pool;
    std::vector<RecordEntry> entries;
    std::vector<StringRef> lists;
    std::unordered_map<std::string, std::uint32_t> nameIds;
    std::vector<std::string> names;
    std::vector<std::vector<std::uint32_t>> recordsByName;

    ListRef addList(const std::vector<std::string>& items)
    {
        const ListRef ref{static_cast<std::uint32_t>(lists.size()),
                          static_cast<std::uint32_t>(items.size())};
        for (const auto& item : items) {
            lists.push_back(pool.shared(item));
        }
        return ref;
    }
};

RecordIndexWriter::RecordIndexWriter()
    : m_state(std::make_unique<State>())
{
}
RecordIndexWriter::~RecordIndexWriter() = default;

void RecordIndexWriter::reserveFor(std::size_t jsonBytes)
{
    // Generous guesses from conda-forge's repodata (about 400 bytes of JSON a record, a third of
    // it unique strings, a dependency reference per 50 bytes): the pools then grow in place
    // instead of being copied at each doubling. Memory reserved and never written costs nothing
    // (large blocks are mapped pages, touched only as they fill).
    State& s = *m_state;
    s.entries.reserve(jsonBytes / 300);
    s.pool.reserve(jsonBytes / 2);
    s.lists.reserve(jsonBytes / 40);
}

util::Result<void> RecordIndexWriter::add(PackageRecord&& r)
{
    State& s = *m_state;
    if (s.pool.full() || s.entries.size() >= UINT32_MAX - 1) {
        return fail(ErrorCode::Internal, "repodata too large for the record index format");
    }
    RecordEntry e{};
    e.strings[kName] = s.pool.shared(r.name);
    e.strings[kVersion] = s.pool.shared(r.version);
    e.strings[kBuild] = s.pool.shared(r.build);
    e.strings[kChannel] = s.pool.shared(r.channel);
    e.strings[kSubdir] = s.pool.shared(r.subdir);
    e.strings[kFn] = s.pool.unique(r.fn);
    e.strings[kMd5] = s.pool.hexDigest(r.md5);
    e.strings[kSha256] = s.pool.hexDigest(r.sha256);
    e.strings[kLicense] = s.pool.shared(r.license);
    e.strings[kLicenseFamily] = s.pool.shared(r.licenseFamily);
    e.strings[kNoarch] = s.pool.shared(r.noarch);
    e.lists[kDepends] = s.addList(r.depends);
    e.lists[kConstrains] = s.addList(r.constrains);
    e.lists[kTrackFeatures] = s.addList(r.trackFeatures);
    e.lists[kFeatures] = s.addList(r.features);
    e.buildNumber = r.buildNumber;
    e.timestamp = r.timestamp;
    e.size = r.size;
    const auto [it, inserted] =
        s.nameIds.try_emplace(r.name, static_cast<std::uint32_t>(s.names.size()));
    if (inserted) {
        s.names.push_back(r.name);
        s.recordsByName.emplace_back();
    }
    s.recordsByName[it->second].push_back(static_cast<std::uint32_t>(s.entries.size()));
    s.entries.push_back(e);
    return {};
}

util::Result<void> RecordIndexWriter::finish(const std::string& path, std::string_view validator,
                                             const RepodataSummary& summary)
{
    State& s = *m_state;
    const std::unordered_set<std::string_view> excludedSet(summary.excluded.begin(),
                                                           summary.excluded.end());
    std::vector<std::uint32_t> sortedNames(s.names.size());
    for (std::uint32_t i = 0; i < sortedNames.size(); ++i) {
        sortedNames[i] = i;
    }
    std::sort(sortedNames.begin(), sortedNames.end(),
              [&](std::uint32_t a, std::uint32_t b) { return s.names[a] < s.names[b]; });

    std::vector<NameEntry> nameEntries;
    std::string namePool;
    std::vector<std::uint32_t> order;
    order.reserve(s.entries.size());
    for (const std::uint32_t id : sortedNames) {
        NameEntry entry{{static_cast<std::uint32_t>(namePool.size()),
                         static_cast<std::uint32_t>(s.names[id].size())},
                        static_cast<std::uint32_t>(order.size()),
                        0};
        // `.conda` artifacts first within a name, as parseRepodata orders them.
        for (const bool conda : {true, false}) {
            for (const std::uint32_t record : s.recordsByName[id]) {
                const std::string_view fn = s.pool.at(s.entries[record].strings[kFn]);
                const bool isConda = fn.size() >= 6 && fn.substr(fn.size() - 6) == ".conda";
                if (isConda == conda && excludedSet.count(fn) == 0) {
                    order.push_back(record);
                    ++entry.count;
                }
            }
        }
        if (entry.count > 0) {
            namePool.append(s.names[id]);
            nameEntries.push_back(entry);
        }
    }

    // The file as parts written in turn from where they are: the large sections (records, lists,
    // strings: most of a large channel's 150 MB) are never copied into one buffer first.
    Header header{};
    std::memcpy(header.magic, kMagic, sizeof kMagic);
    header.formatVersion = kFormatVersion;
    std::vector<std::string_view> parts = {{reinterpret_cast<const char*>(&header), sizeof header}};
    std::uint64_t size = sizeof header;
    static constexpr char kZeros[8] = {};
    const auto place = [&](const void* data, std::size_t bytes, std::size_t count) {
        if (const std::uint64_t aligned = align8(size); aligned != size) {
            parts.emplace_back(kZeros, aligned - size);
            size = aligned;
        }
        const Section section{size, count};
        parts.emplace_back(static_cast<const char*>(data), bytes);
        size += bytes;
        return section;
    };
    header.validator = place(validator.data(), validator.size(), validator.size());
    // Without credentials: a channel's token or password never reaches the cache (see
    // restoreCredentials for how downloads get them back).
    const std::string urlBase = util::stripCredentials(summary.urlBase);
    header.urlBase = place(urlBase.data(), urlBase.size(), urlBase.size());
    header.subdir = place(summary.subdir.data(), summary.subdir.size(), summary.subdir.size());
    header.names =
        place(nameEntries.data(), nameEntries.size() * sizeof(NameEntry), nameEntries.size());
    header.namePool = place(namePool.data(), namePool.size(), namePool.size());
    header.records =
        place(s.entries.data(), s.entries.size() * sizeof(RecordEntry), s.entries.size());
    header.order = place(order.data(), order.size() * sizeof(std::uint32_t), order.size());
    header.lists = place(s.lists.data(), s.lists.size() * sizeof(StringRef), s.lists.size());
    header.strings = place(s.pool.bytes().data(), s.pool.bytes().size(), s.pool.bytes().size());
    return util::writeFileAtomically(path, parts);
}

void RecordIndex::restoreCredentials(std::string_view subdirUrl)
{
    const std::string stripped = util::stripCredentials(subdirUrl);
    if (stripped == subdirUrl) {
        return;
    }
    // Only for archives in the channel's own place: a base_url elsewhere gets no credentials.
    if (m_urlBase == stripped
        || (m_urlBase.size() > stripped.size()
            && m_urlBase.compare(0, stripped.size(), stripped) == 0
            && m_urlBase[stripped.size()] == '/')) {
        m_urlBase = std::string(subdirUrl) + m_urlBase.substr(stripped.size());
    }
}

util::Result<void> RecordIndex::write(const std::string& path, std::string_view validator,
                                      std::string_view urlBase,
                                      const std::vector<PackageRecord>& records)
{
    RecordIndexWriter writer;
    for (const auto& record : records) {
        PackageRecord copy = record;
        if (auto added = writer.add(std::move(copy)); !added) {
            return added.error();
        }
    }
    RepodataSummary summary;
    summary.urlBase = std::string(urlBase);
    return writer.finish(path, validator, summary);
}

namespace {

// The writer, counted for a watcher: progress every kReportEvery records, the stop looked at
// every kStopEvery (a stop lands within a millisecond or so of parsing).
class WatchedWriter final : public RecordSink {
public:
    WatchedWriter(const IndexWatch& watch, std::string subdir)
        : m_watch(watch)
        , m_subdir(std::move(subdir))
    {
    }

    util::Result<void> add(specs::PackageRecord&& record) override
    {
        ++m_records;
        if (m_records % kStopEvery == 0 && m_watch.stop.stop_requested()) {
            return fail(ErrorCode::Cancelled, "stopped while indexing the channel's records",
                        m_subdir);
        }
        if (m_records % kReportEvery == 0 && m_watch.progress) {
            m_watch.progress({m_subdir, m_records, false});
        }
        return m_writer.add(std::move(record));
    }

    void reserveFor(std::size_t jsonBytes) { m_writer.reserveFor(jsonBytes); }

    util::Result<void> finish(const std::string& path, std::string_view validator,
                              const RepodataSummary& summary)
    {
        if (m_watch.stop.stop_requested()) {
            return fail(ErrorCode::Cancelled, "stopped while indexing the channel's records",
                        m_subdir);
        }
        auto written = m_writer.finish(path, validator, summary);
        if (written && m_watch.progress) {
            m_watch.progress({m_subdir, m_records, true});
        }
        return written;
    }

private:
    static constexpr std::size_t kStopEvery = 1024;
    static constexpr std::size_t kReportEvery = 16384;
    const IndexWatch& m_watch;
    std::string m_subdir;
    std::size_t m_records = 0;
    RecordIndexWriter m_writer;
};

std::string watchedName(const RepodataSource& source, const std::string& jsonPath)
{
    return source.subdirUrl.empty() ? jsonPath : util::maskSecrets(source.subdirUrl);
}

} // namespace

util::Result<RepodataSummary> indexRepodataFile(const std::string& jsonPath,
                                                const RepodataSource& source,
                                                const std::string& indexPath,
                                                std::string_view validator, const IndexWatch& watch)
{
    WatchedWriter writer(watch, watchedName(source, jsonPath));
    std::error_code ec;
    if (const auto bytes = std::filesystem::file_size(jsonPath, ec); !ec) {
        writer.reserveFor(static_cast<std::size_t>(bytes));
    }
    auto summary = streamRepodataFile(jsonPath, source, writer);
    if (!summary) {
        return summary.error();
    }
    if (auto written = writer.finish(indexPath, validator, *summary); !written) {
        return written.error();
    }
    return summary;
}

util::Result<RecordIndex> RecordIndex::open(const std::string& path,
                                            std::string_view expectedValidator)
{
    auto file = util::MappedFile::open(path, util::MappedFile::Access::Random);
    if (!file) {
        return file.error();
    }
    const std::string_view bytes = file->bytes();
    const auto corrupt = [&](std::string why) {
        return fail(ErrorCode::ParseError, "corrupt record index: " + why, path);
    };
    Header header{};
    if (!readPod(bytes, 0, header) || std::memcmp(header.magic, kMagic, sizeof kMagic) != 0) {
        return corrupt("not an Envdesk record index");
    }
    if (header.formatVersion != kFormatVersion) {
        return fail(ErrorCode::NotFound, "record index of another format version", path);
    }
    const auto fits = [&](const Section& section, std::uint64_t itemSize) {
        return section.offset <= bytes.size()
               && section.count <= (bytes.size() - section.offset) / itemSize;
    };
    if (!fits(header.validator, 1) || !fits(header.urlBase, 1)
        || !fits(header.names, sizeof(NameEntry)) || !fits(header.namePool, 1)
        || !fits(header.records, sizeof(RecordEntry)) || !fits(header.order, sizeof(std::uint32_t))
        || !fits(header.lists, sizeof(StringRef)) || !fits(header.strings, 1)) {
        return corrupt("a section lies outside the file");
    }
    if (bytes.substr(header.validator.offset, header.validator.count) != expectedValidator) {
        // Not corrupt, just for other repodata: the caller rebuilds it.
        return fail(ErrorCode::NotFound, "record index is for other repodata", path);
    }
    RecordIndex index;
    index.m_path = path;
    index.m_urlBase = std::string(bytes.substr(header.urlBase.offset, header.urlBase.count));
    index.m_subdir = std::string(bytes.substr(header.subdir.offset, header.subdir.count));
    index.m_nameCount = header.names.count;
    index.m_namesOffset = header.names.offset;
    index.m_namePoolOffset = header.namePool.offset;
    index.m_namePoolLength = header.namePool.count;
    index.m_recordCount = header.records.count;
    index.m_recordsOffset = header.records.offset;
    index.m_orderOffset = header.order.offset;
    index.m_orderCount = header.order.count;
    index.m_listsOffset = header.lists.offset;
    index.m_listCount = header.lists.count;
    index.m_stringsOffset = header.strings.offset;
    index.m_stringsLength = header.strings.count;
    index.m_file = std::move(*file);
    // The name table is what lookups bisect: check it whole, once (it and the name pool are
    // small and contiguous).
    for (std::size_t i = 0; i < index.m_nameCount; ++i) {
        NameEntry entry{};
        readPod(index.m_file.bytes(), index.m_namesOffset + i * sizeof(NameEntry), entry);
        if (std::uint64_t{entry.name.offset} + entry.name.length > index.m_namePoolLength
            || std::uint64_t{entry.firstOrder} + entry.count > index.m_orderCount
            || (i > 0 && !(index.nameAt(i - 1) < index.nameAt(i)))) {
            return corrupt("bad name table entry " + std::to_string(i));
        }
    }
    return index;
}

util::Result<std::string_view> RecordIndex::string(std::uint32_t offset, std::uint32_t length) const
{
    if (std::uint64_t{offset} + length > m_stringsLength) {
        return fail(ErrorCode::ParseError, "corrupt record index: string outside the pool", m_path);
    }
    return m_file.bytes().substr(m_stringsOffset + offset, length);
}

std::string_view RecordIndex::nameAt(std::size_t slot) const
{
    NameEntry entry{};
    readPod(m_file.bytes(), m_namesOffset + slot * sizeof(NameEntry), entry);
    if (std::uint64_t{entry.name.offset} + entry.name.length > m_namePoolLength) {
        return {};
    }
    return m_file.bytes().substr(m_namePoolOffset + entry.name.offset, entry.name.length);
}

std::vector<std::string_view> RecordIndex::names() const
{
    std::vector<std::string_view> out;
    out.reserve(m_nameCount);
    for (std::size_t i = 0; i < m_nameCount; ++i) {
        out.push_back(nameAt(i));
    }
    return out;
}

std::optional<std::size_t> RecordIndex::findName(std::string_view name) const
{
    std::size_t low = 0;
    std::size_t high = m_nameCount;
    while (low < high) {
        const std::size_t mid = low + (high - low) / 2;
        const auto candidate = nameAt(mid);
        if (candidate == name) {
            return mid;
        }
        if (candidate < name) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    return std::nullopt;
}

bool RecordIndex::contains(std::string_view name) const
{
    return findName(name).has_value();
}

util::Result<PackageRecord> RecordIndex::decode(std::size_t index) const
{
    RecordEntry e{};
    if (index >= m_recordCount
        || !readPod(m_file.bytes(), m_recordsOffset + index * sizeof(RecordEntry), e)) {
        return fail(ErrorCode::ParseError, "corrupt record index: record outside the file", m_path);
    }
    PackageRecord r;
    std::string* fields[kStringFieldCount] = {
        &r.name, &r.version, &r.build,   &r.channel,       &r.subdir, &r.fn,
        &r.md5,  &r.sha256,  &r.license, &r.licenseFamily, &r.noarch};
    for (int f = 0; f < kStringFieldCount; ++f) {
        const bool packed = (e.strings[f].length & kPackedHex) != 0;
        auto text = string(e.strings[f].offset, e.strings[f].length & ~kPackedHex);
        if (!text) {
            return text.error();
        }
        if (packed) {
            static constexpr char kDigits[] = "0123456789abcdef";
            fields[f]->resize(text->size() * 2);
            for (std::size_t i = 0; i < text->size(); ++i) {
                const auto byte = static_cast<unsigned char>((*text)[i]);
                (*fields[f])[2 * i] = kDigits[byte >> 4];
                (*fields[f])[2 * i + 1] = kDigits[byte & 0x0f];
            }
        } else {
            fields[f]->assign(*text);
        }
    }
    r.url = m_urlBase.empty() ? r.fn : m_urlBase + "/" + r.fn;
    if (r.subdir.empty()) {
        r.subdir = m_subdir;
    }
    std::vector<std::string>* lists[kListFieldCount] = {&r.depends, &r.constrains, &r.trackFeatures,
                                                        &r.features};
    for (int l = 0; l < kListFieldCount; ++l) {
        const ListRef ref = e.lists[l];
        if (std::uint64_t{ref.first} + ref.count > m_listCount) {
            return fail(ErrorCode::ParseError, "corrupt record index: list outside the file",
                        m_path);
        }
        lists[l]->reserve(ref.count);
        for (std::uint32_t k = 0; k < ref.count; ++k) {
            StringRef item{};
            readPod(m_file.bytes(),
                    m_listsOffset + (std::uint64_t{ref.first} + k) * sizeof(StringRef), item);
            auto text = string(item.offset, item.length);
            if (!text) {
                return text.error();
            }
            lists[l]->emplace_back(*text);
        }
    }
    r.buildNumber = e.buildNumber;
    r.timestamp = e.timestamp;
    r.size = e.size;
    return r;
}

util::Result<std::vector<PackageRecord>> RecordIndex::decodeOrder(std::uint64_t first,
                                                                  std::uint64_t count) const
{
    std::vector<PackageRecord> out;
    out.reserve(count);
    for (std::uint64_t i = first; i < first + count; ++i) {
        std::uint32_t record = 0;
        if (i >= m_orderCount
            || !readPod(m_file.bytes(), m_orderOffset + i * sizeof(std::uint32_t), record)) {
            return fail(ErrorCode::ParseError, "corrupt record index: order outside the file",
                        m_path);
        }
        auto decoded = decode(record);
        if (!decoded) {
            return decoded.error();
        }
        out.push_back(std::move(*decoded));
    }
    return out;
}

util::Result<std::vector<PackageRecord>> RecordIndex::recordsFor(std::string_view name) const
{
    const auto slot = findName(name);
    if (!slot) {
        return std::vector<PackageRecord>{};
    }
    NameEntry entry{};
    readPod(m_file.bytes(), m_namesOffset + *slot * sizeof(NameEntry), entry);
    return decodeOrder(entry.firstOrder, entry.count);
}

util::Result<std::vector<PackageRecord>> RecordIndex::all() const
{
    return decodeOrder(0, m_orderCount);
}

namespace {

// `<index>.refused`: the sha256 of the index's validator, then one refused record per line. A
// file made for another index is ignored, so a stale one can only be silent, never wrong.
std::string refusedPath(const std::string& indexPath)
{
    return indexPath + ".refused";
}

std::vector<std::string> readRefused(const std::string& indexPath, std::string_view validator)
{
    std::ifstream in(refusedPath(indexPath), std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line) || line != util::sha256Hex(validator)) {
        return {};
    }
    std::vector<std::string> lines;
    while (std::getline(in, line)) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

void writeRefused(const std::string& indexPath, std::string_view validator,
                  const std::vector<std::string>& refused)
{
    std::error_code ec;
    if (refused.empty()) {
        std::filesystem::remove(refusedPath(indexPath), ec);
        return;
    }
    std::string content = util::sha256Hex(validator) + "\n";
    for (const auto& line : refused) {
        // One line each: the parser's lines never hold a newline (control characters in a
        // name are what gets a record refused, and quoted() escapes them).
        content += line + "\n";
    }
    // Only a warning is lost when this cannot be written; the index itself is what matters.
    (void)util::writeFileAtomically(refusedPath(indexPath), content);
}

} // namespace

util::Result<RecordIndex>
openOrBuildRecordIndex(const std::string& jsonPath, const RepodataSource& source,
                       const std::string& indexPath, std::string_view validator,
                       std::vector<std::string>* refused, std::shared_ptr<const std::string> text,
                       const IndexWatch& watch)
{
    if (auto index = RecordIndex::open(indexPath, validator)) {
        if (refused != nullptr) {
            *refused = readRefused(indexPath, validator);
        }
        return index;
    }
    util::Result<RepodataSummary> built = util::fail(util::ErrorCode::Internal, "not built");
    if (text != nullptr) {
        WatchedWriter writer(watch, watchedName(source, jsonPath));
        writer.reserveFor(text->size());
        RepodataSource described = source;
        if (described.description.empty()) {
            described.description = jsonPath;
        }
        built = streamRepodataText(*text, described, writer);
        text.reset();
        if (built) {
            if (auto written = writer.finish(indexPath, validator, *built); !written) {
                return written.error();
            }
        }
    } else {
        built = indexRepodataFile(jsonPath, source, indexPath, validator, watch);
    }
    if (!built) {
        return built.error();
    }
    writeRefused(indexPath, validator, built->refused);
    if (refused != nullptr) {
        *refused = built->refused;
    }
    return RecordIndex::open(indexPath, validator);
}

} // namespace envdesk::repodata
