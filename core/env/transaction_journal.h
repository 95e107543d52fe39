#pragma once

#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

// The write-ahead log of a transaction on one prefix, `conda-meta/.envdesk-journal`. Every change
// a transaction makes to the prefix is written here (and, batch by batch, made durable) before it
// is made, so that whatever moment the process dies at, recoverJournal() can put the prefix back
// to exactly the state before, or, once the commit record is in, finish the new state:
//
//   ["begin", 2]              a transaction started
//   ["aside", "bin/x"]        bin/x is about to be moved to the backup folder
//   ["link", "bin/y"]         bin/y is about to be created by this transaction
//   ["history", 1234]         conda-meta/history had 1234 bytes before this transaction's block
//   ["commit"]                the commit point: from here on, recovery goes forward
//
// One JSON array a line; a last line cut short by the kill is ignored (its batch never reached
// the disk as a whole, so nothing of it was carried out). The journal and the backups are
// Envdesk's own files: conda and micromamba never look at them.
namespace envdesk::env {

// The prefix-relative locations the journal uses.
inline constexpr std::string_view kJournalPath = "conda-meta/.envdesk-journal";
inline constexpr std::string_view kBackupFolder = ".envdesk-backup";

struct JournalContents {
    std::vector<std::string> movedAside; // in the order they were recorded
    std::vector<std::string> linked;
    std::optional<std::uint64_t> historySize;
    bool committed = false;
};

// Whether `path` is a plain relative path inside a prefix: not empty, not absolute, no `..`, no
// `.` component, no NUL. Paths from conda-meta records and packages go through it before a
// transaction moves or removes anything, so a corrupt or hostile record cannot reach outside.
[[nodiscard]] bool isPrefixRelativePath(std::string_view path);

// Appends to the journal of one live transaction. Entries are staged and written together by
// flush(), which also makes them durable (fdatasync): callers flush before carrying out what the
// staged entries announce.
class JournalWriter {
public:
    JournalWriter() = default;
    ~JournalWriter();
    JournalWriter(JournalWriter&& other) noexcept;
    JournalWriter& operator=(JournalWriter&& other) noexcept;
    JournalWriter(const JournalWriter&) = delete;
    JournalWriter& operator=(const JournalWriter&) = delete;

    // Creates the journal of `prefix` (it must not exist: recover first) with its begin record,
    // durable when this returns.
    [[nodiscard]] static util::Result<JournalWriter> begin(const std::string& prefix);

    void stageAside(const std::string& path);
    void stageLink(const std::string& path);
    void stageHistorySize(std::uint64_t size);
    void stageCommit();
    [[nodiscard]] util::Result<void> flush();

    // What was staged so far (flushed or not): what a rollback in this process has to undo.
    [[nodiscard]] const JournalContents& contents() const { return m_contents; }
    [[nodiscard]] bool isLinked(const std::string& path) const { return m_linked.count(path) > 0; }
    [[nodiscard]] bool isAside(const std::string& path) const { return m_aside.count(path) > 0; }

    // Closes the file; the journal stays until recovery or a finished transaction removes it.
    void close();

private:
    int m_fd = -1;
    std::string m_path;
    std::string m_pending;
    JournalContents m_contents;
    std::set<std::string> m_linked;
    std::set<std::string> m_aside;
};

// Reads the journal of `prefix`: NotFound when there is none, ParseError when it is not a journal.
[[nodiscard]] util::Result<JournalContents> readJournal(const std::string& prefix);

// Puts the prefix into a whole state from what the journal says, and removes the journal and the
// backup folder: before the commit record, everything is rolled back (created paths removed,
// moved paths restored, the history cut back to its old size); after it, the transaction is
// finished (the backups dropped). Returns whether it rolled back (false: it finished a commit).
[[nodiscard]] util::Result<bool> settleJournal(const std::string& prefix,
                                               const JournalContents& journal);

} // namespace envdesk::env
