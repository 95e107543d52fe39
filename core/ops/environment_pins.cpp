#include "core/ops/environment_pins.h"

#include "core/env/prefix.h"
#include "core/env/transaction.h"
#include "core/specs/spec_name.h"
#include "core/util/file_io.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>

namespace envdesk::ops {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

struct PinnedFile {
    std::string path;
    std::vector<std::string> lines; // as written, comments and blank lines included
};

util::Result<PinnedFile> readPinnedFile(const std::string& prefix)
{
    std::error_code ec;
    if (!fs::is_directory(fs::path(prefix) / "conda-meta", ec)) {
        return fail(ErrorCode::NotFound, "not a conda environment (it has no conda-meta folder)",
                    prefix);
    }
    PinnedFile file{(fs::path(prefix) / "conda-meta" / "pinned").string(), {}};
    if (!fs::exists(file.path, ec)) {
        return file;
    }
    auto text = util::readFile(file.path);
    if (!text) {
        return text.error();
    }
    std::size_t start = 0;
    while (start < text->size()) {
        auto end = text->find('\n', start);
        if (end == std::string::npos) {
            end = text->size();
        }
        std::string line = text->substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        file.lines.push_back(std::move(line));
        start = end + 1;
    }
    return file;
}

// The package a line pins; empty for a comment, a blank line or one that does not parse.
std::string nameOfLine(const std::string& line)
{
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') {
        return {};
    }
    auto name = specs::specName(line.substr(first));
    return name ? *name : std::string{};
}

// The pins `lines` hold (comments and blank lines left out), as the file reads them.
std::vector<std::string> pinsOf(const std::vector<std::string>& lines)
{
    std::vector<std::string> pins;
    for (const auto& line : lines) {
        if (!nameOfLine(line).empty()) {
            pins.push_back(line.substr(line.find_first_not_of(" \t")));
        }
    }
    return pins;
}

util::Result<PinChange> write(const PinnedFile& file, const std::vector<std::string>& lines,
                              bool dryRun)
{
    PinChange change;
    change.before = pinsOf(file.lines); // the file as it was read, not read again
    change.after = pinsOf(lines);
    change.changed = lines != file.lines;
    if (!change.changed || dryRun) {
        return change;
    }
    std::string text;
    for (const auto& line : lines) {
        text += line + "\n";
    }
    if (auto written = util::writeFileAtomically(file.path, text); !written) {
        return written.error();
    }
    return change;
}

// The prefix's own lock while conda-meta/pinned is read and rewritten: two edits at once (or an
// edit during a transaction) never lose one another. None for a dry run, which writes nothing,
// or a folder that is no environment, which readPinnedFile refuses.
util::Result<std::optional<util::FileLock>> lockUnlessDryRun(const std::string& prefix, bool dryRun,
                                                             std::chrono::milliseconds wait)
{
    if (dryRun || !env::isEnvironment(prefix)) {
        return std::optional<util::FileLock>{};
    }
    env::PrefixLockOptions options;
    options.owner = "envdesk pin";
    options.timeout = wait;
    auto lock = env::lockPrefix(prefix, options, {});
    if (!lock) {
        return lock.error();
    }
    return std::optional<util::FileLock>(std::move(*lock));
}

} // namespace

util::Result<PinChange> pinPackages(const std::string& prefix,
                                    const std::vector<std::string>& specs, bool dryRun,
                                    std::chrono::milliseconds lockWait)
{
    auto lock = lockUnlessDryRun(prefix, dryRun, lockWait);
    if (!lock) {
        return lock.error();
    }
    auto file = readPinnedFile(prefix);
    if (!file) {
        return file.error();
    }
    std::vector<std::string> lines = file->lines;
    for (const auto& spec : specs) {
        if (spec.find('\n') != std::string::npos || spec.find('#') != std::string::npos) {
            return fail(ErrorCode::InvalidMatchSpec, "a pin is one match spec, without # or lines",
                        spec);
        }
        if (auto parsed = specs::parseSpecSyntax(spec); !parsed) {
            return parsed.error();
        }
        auto name = specs::specName(spec);
        if (!name || name->empty() || *name == "*") {
            return fail(ErrorCode::InvalidMatchSpec, "a pin must name a package", spec);
        }
        auto same = std::find_if(lines.begin(), lines.end(), [&](const std::string& line) {
            return nameOfLine(line) == *name;
        });
        if (same != lines.end()) {
            *same = spec;
            // Any further pins of the same name would contradict this one: they go.
            lines.erase(
                std::remove_if(same + 1, lines.end(),
                               [&](const std::string& line) { return nameOfLine(line) == *name; }),
                lines.end());
        } else {
            lines.push_back(spec);
        }
    }
    return write(*file, lines, dryRun);
}

util::Result<PinChange> unpinPackages(const std::string& prefix,
                                      const std::vector<std::string>& names, bool dryRun,
                                      std::chrono::milliseconds lockWait)
{
    auto lock = lockUnlessDryRun(prefix, dryRun, lockWait);
    if (!lock) {
        return lock.error();
    }
    auto file = readPinnedFile(prefix);
    if (!file) {
        return file.error();
    }
    std::vector<std::string> wanted;
    for (const auto& typed : names) {
        auto name = specs::specName(typed);
        if (!name) {
            return name.error();
        }
        wanted.push_back(*name);
    }
    std::vector<std::string> lines;
    for (const auto& line : file->lines) {
        const std::string name = nameOfLine(line);
        if (name.empty() || std::find(wanted.begin(), wanted.end(), name) == wanted.end()) {
            lines.push_back(line);
        }
    }
    // A file left with nothing but blank lines goes back to having no pins: keep it, empty.
    return write(*file, lines, dryRun);
}

} // namespace envdesk::ops
