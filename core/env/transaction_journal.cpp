#include "core/env/transaction_journal.h"

#include "core/env/linker.h"
#include "core/util/file_io.h"

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <utility>

namespace envdesk::env {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

constexpr int kJournalVersion = 2;
// What the first Envdesk transactions wrote: one JSON object, rewritten after each package. A
// prefix left with one by an older Envdesk is still rolled back from it.
constexpr std::string_view kLegacyJournalPath = "conda-meta/.envdesk-transaction.json";

std::string line(const nlohmann::json& entry)
{
    return entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

util::Result<void> writeAll(int fd, std::string_view bytes, const std::string& path)
{
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail(
                ErrorCode::IoError,
                std::string("cannot write the transaction journal: ") + std::strerror(errno), path);
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
}

util::Result<JournalContents> readLegacyJournal(const fs::path& file)
{
    auto text = util::readFile(file.string());
    if (!text) {
        return text.error();
    }
    const auto json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return fail(ErrorCode::ParseError, "unreadable transaction journal", file.string());
    }
    JournalContents contents;
    for (const char* key : {"moved_aside", "linked"}) {
        if (!json.contains(key) || !json[key].is_array()) {
            continue;
        }
        for (const auto& path : json[key]) {
            if (path.is_string()) {
                (std::string_view(key) == "linked" ? contents.linked : contents.movedAside)
                    .push_back(path.get<std::string>());
            }
        }
    }
    return contents;
}

} // namespace

bool isPrefixRelativePath(std::string_view path)
{
    if (path.empty() || path.front() == '/' || path.find('\0') != std::string_view::npos) {
        return false;
    }
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string_view part = path.substr(start, end - start);
        if (part == ".." || part == "." || part.empty()) {
            return false;
        }
        start = end + 1;
    }
    return true;
}

JournalWriter::~JournalWriter()
{
    close();
}

JournalWriter::JournalWriter(JournalWriter&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_path(std::move(other.m_path))
    , m_pending(std::move(other.m_pending))
    , m_contents(std::move(other.m_contents))
    , m_linked(std::move(other.m_linked))
    , m_aside(std::move(other.m_aside))
{
}

JournalWriter& JournalWriter::operator=(JournalWriter&& other) noexcept
{
    if (this != &other) {
        close();
        m_fd = std::exchange(other.m_fd, -1);
        m_path = std::move(other.m_path);
        m_pending = std::move(other.m_pending);
        m_contents = std::move(other.m_contents);
        m_linked = std::move(other.m_linked);
        m_aside = std::move(other.m_aside);
    }
    return *this;
}

util::Result<JournalWriter> JournalWriter::begin(const std::string& prefix)
{
    JournalWriter writer;
    writer.m_path = (fs::path(prefix) / kJournalPath).string();
    writer.m_fd =
        ::open(writer.m_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (writer.m_fd < 0) {
        return fail(ErrorCode::IoError,
                    std::string("cannot create the transaction journal: ") + std::strerror(errno),
                    writer.m_path);
    }
    writer.m_pending = line({"begin", kJournalVersion});
    if (auto flushed = writer.flush(); !flushed) {
        return flushed.error();
    }
    // The journal's name must be durable too, or a power cut could lose the whole file.
    const int folder = ::open((fs::path(prefix) / "conda-meta").c_str(), O_RDONLY | O_CLOEXEC);
    if (folder >= 0) {
        ::fsync(folder);
        ::close(folder);
    }
    return writer;
}

void JournalWriter::stageAside(const std::string& path)
{
    m_pending += line({"aside", path});
    m_contents.movedAside.push_back(path);
    m_aside.insert(path);
}

void JournalWriter::stageLink(const std::string& path)
{
    m_pending += line({"link", path});
    m_contents.linked.push_back(path);
    m_linked.insert(path);
}

void JournalWriter::stageHistorySize(std::uint64_t size)
{
    m_pending += line({"history", size});
    m_contents.historySize = size;
}

void JournalWriter::stageCommit()
{
    m_pending += line({"commit"});
    m_contents.committed = true;
}

util::Result<void> JournalWriter::flush()
{
    if (m_fd < 0) {
        return fail(ErrorCode::Internal, "the transaction journal is closed", m_path);
    }
    if (m_pending.empty()) {
        return {};
    }
    if (auto written = writeAll(m_fd, m_pending, m_path); !written) {
        return written;
    }
    m_pending.clear();
    if (::fdatasync(m_fd) != 0) {
        return fail(ErrorCode::IoError,
                    std::string("cannot sync the transaction journal: ") + std::strerror(errno),
                    m_path);
    }
    return {};
}

void JournalWriter::close()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

util::Result<JournalContents> readJournal(const std::string& prefix)
{
    const fs::path file = fs::path(prefix) / kJournalPath;
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        const fs::path legacy = fs::path(prefix) / kLegacyJournalPath;
        if (fs::exists(legacy, ec)) {
            return readLegacyJournal(legacy);
        }
        return fail(ErrorCode::NotFound, "no journal", file.string());
    }
    auto text = util::readFile(file.string());
    if (!text) {
        return text.error();
    }
    JournalContents contents;
    bool begun = false;
    std::size_t start = 0;
    while (start < text->size()) {
        const std::size_t end = text->find('\n', start);
        if (end == std::string::npos) {
            break; // a batch cut short: none of it was carried out
        }
        const auto entry = nlohmann::json::parse(std::string_view(*text).substr(start, end - start),
                                                 nullptr, false);
        start = end + 1;
        if (entry.is_discarded() || !entry.is_array() || entry.empty() || !entry[0].is_string()) {
            return fail(ErrorCode::ParseError, "unreadable transaction journal entry",
                        file.string());
        }
        const auto kind = entry[0].get<std::string>();
        if (kind == "begin") {
            begun = true;
        } else if ((kind == "aside" || kind == "link") && entry.size() == 2
                   && entry[1].is_string()) {
            (kind == "aside" ? contents.movedAside : contents.linked)
                .push_back(entry[1].get<std::string>());
        } else if (kind == "history" && entry.size() == 2 && entry[1].is_number_unsigned()) {
            contents.historySize = entry[1].get<std::uint64_t>();
        } else if (kind == "commit") {
            contents.committed = true;
        } else {
            return fail(ErrorCode::ParseError, "unknown transaction journal entry '" + kind + "'",
                        file.string());
        }
    }
    if (!begun && !text->empty()) {
        return fail(ErrorCode::ParseError, "not a transaction journal", file.string());
    }
    return contents;
}

util::Result<bool> settleJournal(const std::string& prefix, const JournalContents& journal)
{
    const fs::path root = prefix;
    // Paths come from a file in the prefix: only plain relative ones are acted on.
    const auto safe = [](const std::vector<std::string>& paths) {
        std::vector<std::string> kept;
        std::copy_if(paths.begin(), paths.end(), std::back_inserter(kept),
                     [](const std::string& path) { return isPrefixRelativePath(path); });
        return kept;
    };
    const std::vector<std::string> movedAside = safe(journal.movedAside);
    std::error_code ec;
    if (!journal.committed) {
        // A created path that was also recorded as moved aside is ours only when its backup is
        // there: with the backup missing, the kill came between recording the move and making
        // it, and what is in the prefix is still the original.
        const std::set<std::string> aside(movedAside.begin(), movedAside.end());
        std::vector<std::string> created;
        for (const auto& path : safe(journal.linked)) {
            if (aside.count(path) == 0
                || fs::exists(fs::symlink_status(root / kBackupFolder / path, ec))) {
                created.push_back(path);
            }
        }
        if (auto removed = unlinkFiles(prefix, created); !removed) {
            return removed.error();
        }
        // Latest first: should a path have been recorded twice, its first backup wins.
        for (auto it = movedAside.rbegin(); it != movedAside.rend(); ++it) {
            const fs::path from = root / kBackupFolder / *it;
            const fs::path to = root / *it;
            if (!fs::exists(fs::symlink_status(from, ec))) {
                continue; // recorded, but the move never happened (or was already undone)
            }
            fs::create_directories(to.parent_path(), ec);
            const auto status = fs::symlink_status(to, ec);
            if (fs::exists(status) && !fs::is_directory(status)) {
                fs::remove(to, ec); // whatever took its place
            }
            fs::rename(from, to, ec);
            if (ec) {
                return fail(ErrorCode::IoError, "cannot restore " + *it + ": " + ec.message(),
                            prefix);
            }
        }
        if (journal.historySize) {
            const fs::path history = root / "conda-meta" / "history";
            if (*journal.historySize == 0) {
                fs::remove(history, ec); // there was none before
            } else if (fs::exists(history, ec)
                       && fs::file_size(history, ec) > *journal.historySize) {
                fs::resize_file(history, *journal.historySize, ec);
                if (ec) {
                    return fail(ErrorCode::IoError,
                                "cannot take the interrupted revision out of the history: "
                                    + ec.message(),
                                history.string());
                }
            }
        }
    }
    // A file written atomically (conda-meta records) leaves `<path>.tmp` behind when the kill
    // came between writing and renaming it: it belongs to neither state.
    for (const auto& path : safe(journal.linked)) {
        fs::remove(root / (path + ".tmp"), ec);
    }
    fs::remove_all(root / kBackupFolder, ec);
    if (journal.committed) {
        // Folders that only held what was unlinked go too.
        removeEmptyFolders(prefix, movedAside);
    }
    // The journal goes last: until here, a second kill is recovered the same way again.
    fs::remove(root / kJournalPath, ec);
    fs::remove(root / kLegacyJournalPath, ec);
    return !journal.committed;
}

} // namespace envdesk::env
