#pragma once

#include "core/util/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// One .condarc read into a small tree that remembers where each value was written (file, line,
// column) and conda's `#!final` / `#!top` / `#!bottom` comment markers, which a YAML library
// drops. yaml-cpp stays inside the .cpp so that no public header needs it.
namespace envdesk::config {

struct ConfigEntry;

// conda's ParameterFlag, written as a comment after a key or a list item.
enum class Flag { None, Final, Top, Bottom };

struct ConfigValue {
    enum class Kind { Null, Scalar, Sequence, Map };
    Kind kind = Kind::Null;
    std::string scalar;
    // A quoted scalar ('x' or "x"): still a string when it reads like a number or a boolean.
    bool quoted = false;
    std::vector<ConfigValue> items;
    // In file order; keys are unique (the last of duplicate keys wins, as in YAML loaders).
    std::vector<ConfigEntry> entries;
    Flag flag = Flag::None;
    // Where the value came from: a file path, "envvars" or "cmd_line".
    std::string source;
    // 1-based; 0 when the value did not come from a file.
    int line = 0;
    int column = 0;
    // For a mapping's value: where its key was written (1-based; 0 when not from a file).
    int keyLine = 0;
    int keyColumn = 0;

    [[nodiscard]] static ConfigValue makeScalar(std::string text, std::string source = {});
    [[nodiscard]] bool isNull() const { return kind == Kind::Null; }
    [[nodiscard]] bool isScalar() const { return kind == Kind::Scalar; }
    [[nodiscard]] bool isSequence() const { return kind == Kind::Sequence; }
    [[nodiscard]] bool isMap() const { return kind == Kind::Map; }
    [[nodiscard]] const ConfigValue* find(std::string_view key) const;
    [[nodiscard]] ConfigValue* find(std::string_view key);
    // "path:line:column" (or just the source when there is no line).
    [[nodiscard]] std::string where() const;
    // Compares the data only (kind, text, items, entries), not where it came from.
    [[nodiscard]] bool sameData(const ConfigValue& other) const;
};

// One key of a mapping. A struct of its own, not std::pair: a pair of an incomplete type cannot
// be a member of that type (clang with libstdc++ rejects it).
struct ConfigEntry {
    std::string key;
    ConfigValue value;
};

// Parses the text of one .condarc. An empty file (or one holding only comments) is an empty map.
// Fails with ErrorCode::ParseError and context "source:line:column" on YAML syntax errors or
// when the top level is not a map.
[[nodiscard]] util::Result<ConfigValue> parseCondarc(std::string_view text,
                                                     const std::string& source);

// The text of the comment on `line` (1-based) of `text`, starting at '#', or empty: a '#' counts
// only at the start of the line or after whitespace, outside quotes, as in YAML.
[[nodiscard]] std::string lineComment(std::string_view text, int line);
// Where the comment of one line starts ('#'), or npos.
[[nodiscard]] std::size_t commentStart(std::string_view line);

// conda's reading of a scalar as a boolean ("true", "yes", "on", "y" and their opposites, any
// case), or nothing.
[[nodiscard]] std::optional<bool> parseBool(std::string_view text);
// conda's boolify for boolean keys: parseBool() words, or a number (0 is false), so that
// CONDA_OFFLINE=1 works.
[[nodiscard]] std::optional<bool> parseBoolLike(std::string_view text);

} // namespace envdesk::config
