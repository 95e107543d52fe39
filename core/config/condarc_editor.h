#pragma once

#include "core/config/config_value.h"
#include "core/util/result.h"

#include <string>
#include <string_view>
#include <vector>

// Edits one .condarc the way conda's `config` verbs do, but on the file's text rather than by
// loading and re-dumping YAML: only the lines of the key being changed are rewritten, so every
// other line (comments, blank lines, keys Envdesk does not know) stays byte for byte.
namespace envdesk::config {

class CondarcEditor {
public:
    enum class ListEnd { Front, Back };

    // Reads `path`; a missing file is an empty one (it is created on save). A file that is not
    // valid YAML (or whose top level is not a mapping) is refused with "path:line:column".
    [[nodiscard]] static util::Result<CondarcEditor> open(const std::string& path);
    [[nodiscard]] static util::Result<CondarcEditor> fromText(std::string text, std::string path);

    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] std::string text() const;
    [[nodiscard]] bool existed() const { return m_existed; }
    // The file's keys as currently edited.
    [[nodiscard]] const ConfigValue& content() const { return m_content; }
    // Notes for the user, as conda prints them ("'x' already in 'channels' list, moving to the
    // top").
    [[nodiscard]] const std::vector<std::string>& warnings() const { return m_warnings; }

    // `--set KEY VALUE`; "map.key" sets one entry of a mapping (proxy_servers.https). A known
    // key's value is checked against its type.
    [[nodiscard]] util::Result<void> set(const std::string& key, const std::string& value);
    // `--add`/`--prepend` (Front) and `--append` (Back) on a list; an item already there moves.
    [[nodiscard]] util::Result<void> add(const std::string& key, const std::string& item,
                                         ListEnd end);
    // `--remove KEY VALUE`: every occurrence of the item.
    [[nodiscard]] util::Result<void> remove(const std::string& key, const std::string& item);
    // `--remove-key KEY` ("map.key" removes one entry).
    [[nodiscard]] util::Result<void> removeKey(const std::string& key);

    // Writes the file with saveFileAtomically().
    [[nodiscard]] util::Result<void> save() const;

private:
    CondarcEditor() = default;
    struct Block {
        std::size_t begin = 0; // the key's line (0-based)
        std::size_t end = 0;   // one past the block's last content line
    };
    [[nodiscard]] util::Result<Block> topLevelBlock(const std::string& key) const;
    [[nodiscard]] util::Result<void> checkEditable() const;
    [[nodiscard]] util::Result<void> reparse(std::vector<std::string> previous);
    void appendLines(const std::vector<std::string>& lines);
    void replaceLines(std::size_t begin, std::size_t end, const std::vector<std::string>& lines);
    [[nodiscard]] std::string lineText(std::size_t line) const;
    [[nodiscard]] std::string commentSuffix(std::size_t line) const;

    std::string m_path;
    // Each line with its own line end (the last may have none), so that untouched lines are
    // written back exactly; new lines end with m_eol, the file's first line end.
    std::vector<std::string> m_lines;
    std::string m_eol = "\n";
    bool m_existed = false;
    ConfigValue m_content;
    std::vector<std::string> m_warnings;
};

// Whether the text holds an anaconda.org token (/t/<token>/) or a URL password (user:pass@).
[[nodiscard]] bool containsSecrets(std::string_view text);

// Saves `text` as `path` without a moment where the file is half written: the previous file is
// copied to "<path>.bak", the text goes to a temporary file in the same folder, is flushed to
// disk (fsync) and renamed over `path`. The file keeps its permission bits (a new one gets
// 0644); text holding secrets is made 0600, and so is a backup holding them. A symbolic link is
// followed, so a dotfile manager's link stays a link.
[[nodiscard]] util::Result<void> saveFileAtomically(const std::string& path, std::string_view text);

} // namespace envdesk::config
