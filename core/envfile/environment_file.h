#pragma once

#include "core/util/result.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// environment.yml as conda reads and writes it: the five keys conda knows, the `- pip:` list,
// and the platform selectors that conda-lock (`# [linux64]`) and micromamba (`sel(linux): x`)
// apply before anything else sees the file.
namespace envdesk::envfile {

struct EnvironmentFile {
    std::optional<std::string> name;
    std::optional<std::string> prefix;
    // As written, in order: "nodefaults" and `${VAR}` stay (see expandVariables()).
    std::vector<std::string> channels;
    // conda match specs as written (selectors applied, comments and outer whitespace gone).
    std::vector<std::string> dependencies;
    // The `- pip:` list as written, requirements and options ("--index-url https://...") alike;
    // nullopt when the file has no `pip:` item, empty when it has one with no entries.
    std::optional<std::vector<std::string>> pip;
    std::vector<std::pair<std::string, std::string>> variables;
    // "path:line:column: what" for what conda warns about and still accepts (an unknown key, a
    // pip list without pip). Part of equality like every other member.
    std::vector<std::string> warnings;

    bool operator==(const EnvironmentFile&) const = default;
};

struct ParseOptions {
    // The subdir selectors are evaluated for ("linux-64", "osx-arm64", ...); empty means the
    // platform this build runs on.
    std::string platform;
};

// Errors are ParseError with context "path:line:column"; nothing throws.
[[nodiscard]] util::Result<EnvironmentFile> parseEnvironmentFile(std::string_view text,
                                                                 const std::string& path,
                                                                 const ParseOptions& options = {});
// As parseEnvironmentFile(), or IoError naming the path when the file cannot be read.
[[nodiscard]] util::Result<EnvironmentFile> readEnvironmentFile(const std::string& path,
                                                                const ParseOptions& options = {});

// The 1-based line of the list item `- spec` (quoted or not) in the text of an environment.yml,
// for messages about one of its dependencies or pip entries (EnvironmentFile keeps the specs
// without their lines); 0 when no item reads so.
[[nodiscard]] int dependencyLine(std::string_view text, std::string_view spec);

// `conda env export`'s layout: name, channels, dependencies (the `- pip:` block last, its items
// indented four), variables and prefix only when set. Values YAML would read differently are
// double-quoted, so parseEnvironmentFile() gives back the same file (warnings aside).
[[nodiscard]] std::string formatEnvironmentFile(const EnvironmentFile& file);

// A selector expression (`linux`, `osx and arm64`, `not (win or linux32)`) for one subdir.
// Names: linux, osx, win, unix, linux32/linux64/osx64/win32/win64, x86, x86_64, arm64, arm,
// aarch64, ppc64le, s390x, armv6l, armv7l, riscv64 and subdirs themselves ("linux-64"); an
// unknown name is an error rather than a guess, since a wrong guess silently changes the
// environment.
[[nodiscard]] util::Result<bool> evaluateSelector(std::string_view expression,
                                                  std::string_view platform);

// os.path.expandvars: `$NAME` and `${NAME}` are replaced when lookup knows them and left as
// written otherwise.
[[nodiscard]] std::string
expandVariables(std::string_view text,
                const std::function<std::optional<std::string>(const std::string&)>& lookup);

} // namespace envdesk::envfile
