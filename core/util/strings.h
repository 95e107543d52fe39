#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Small string helpers shared by the parsers. ASCII only: conda's grammar is ASCII.
namespace envdesk::util {

[[nodiscard]] std::string_view trim(std::string_view text);
[[nodiscard]] std::string toLower(std::string_view text);
[[nodiscard]] bool isDigit(char c);
[[nodiscard]] bool isAlpha(char c);
[[nodiscard]] bool isSpace(char c);
[[nodiscard]] bool isAllDigits(std::string_view text);
[[nodiscard]] std::vector<std::string_view> split(std::string_view text, char separator);
[[nodiscard]] bool startsWith(std::string_view text, std::string_view prefix);
[[nodiscard]] bool endsWith(std::string_view text, std::string_view suffix);
[[nodiscard]] std::string join(const std::vector<std::string>& parts, std::string_view separator);
// os.path.expandvars, as conda applies it to .condarc values and environment.yml channels:
// `$NAME` and `${NAME}` are replaced when `lookup` knows NAME, and left as written otherwise.
[[nodiscard]] std::string
expandVariables(std::string_view text,
                const std::function<std::optional<std::string>(const std::string&)>& lookup);
// Quotes a value for a message: 'abc'. Whatever the value holds, the result is one short,
// printable line: URL secrets are masked (maskSecrets), control characters (NUL, newlines,
// escape sequences) and bytes that are not UTF-8 are written as \xNN, invisible Unicode controls
// (C1, line separators, bidirectional overrides) as \uNNNN, and a value longer than `maxBytes`
// keeps its start and its end around an ellipsis and says how long it was
// ('aaa…zzz' (10485760 bytes)), so a 10 MB value never fills a terminal.
inline constexpr std::size_t kQuotedLimit = 256;
[[nodiscard]] std::string quoted(std::string_view text, std::size_t maxBytes = kQuotedLimit);
// A whole message made safe to print: secrets masked, control characters other than newline and
// tab escaped as in quoted(), each line longer than `maxLineBytes` shortened the same way, and
// the whole cut after 64 KiB with the number of lines left out.
[[nodiscard]] std::string printableMessage(std::string_view text, std::size_t maxLineBytes = 4096);
// True when `text` can be used as one file name inside a folder we own: not empty, not "." or
// "..", no slash or backslash, NUL or other control character. Names from a channel or a package
// (record names, versions, builds, file names, entry points) become paths; anything else could
// climb out of the package cache or the prefix.
[[nodiscard]] bool isSafePathComponent(std::string_view text);

// A name a shell can set: a letter or '_', then letters, digits and '_'. Anything else would be
// code when an activation script says `export NAME=...`, so environment variables are refused
// wherever a name is read (environment.yml, conda-meta/state, a package's env_vars.d) or written.
[[nodiscard]] bool isShellVariableName(std::string_view name);

} // namespace envdesk::util
