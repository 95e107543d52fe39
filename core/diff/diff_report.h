#pragma once

#include "core/diff/lock_diff.h"

#include <functional>
#include <string>
#include <string_view>

// A DiffResult written for people (text, optionally coloured; one self-contained HTML page) and
// for programs (JSON, schema "envdesk-diff/1", documented in docs/lockfile-diff.md). All three
// list the same entries in the same order: by platform, manager, then name.
namespace envdesk::diff {

inline constexpr std::string_view kDiffSchema = "envdesk-diff/1";

// The words of the HTML page, so that the window writes it in the user's language (the CLI's
// reports stay English, as conda's output is). Empty hooks and the defaults give English; the
// data (names, versions, paths, channels, core's notes) is never translated.
struct ReportWords {
    std::string language = "en"; // <html lang>
    std::string title = "Environment diff";
    std::string noDifferences = "no differences";
    std::string channels = "Channels";
    std::string warning = "warning";
    std::string change = "Change";
    std::string package = "Package";
    std::string writtenBy = "written by envdesk";
    // "{n} {what}": how a count goes with a change's label in the summaries.
    std::string count = "{n} {what}";
    std::string listSeparator = ", ";
    std::function<std::string(ChangeKind)> label;                // default: diff::label()
    std::function<std::string(const DiffSection&)> sectionTitle; // "linux-64, conda"
    std::function<std::string(const SourceInfo&)> source;        // "a.yml (environment.yml)"
};

struct ReportOptions {
    // ANSI colours (the caller decides: a terminal, no NO_COLOR, no --no-color).
    bool colour = false;
    // List unchanged entries too; they are always counted in the summaries.
    bool showUnchanged = false;
    // The HTML page's words (formatHtmlReport only).
    ReportWords words;
};

// "added", "removed", ..., "channel changed", "spec changed": the words the reports show.
[[nodiscard]] std::string_view label(ChangeKind kind);

// "3 upgraded, 1 added, 12 unchanged"; "no differences, 12 unchanged" when nothing changed.
[[nodiscard]] std::string summaryLine(const DiffSummary& summary);

// A `diff`-like report: the two sources, one block per platform and manager with one line per
// package (`upgraded  numpy  1.21.0 py39h_0 -> 1.24.0 py310h_1`), notes, then the summary.
[[nodiscard]] std::string formatTextReport(const DiffResult& result,
                                           const ReportOptions& options = {});

// The JSON document, indented by two spaces, ending with a newline.
[[nodiscard]] std::string formatJsonReport(const DiffResult& result,
                                           const ReportOptions& options = {});

// One HTML page with inline CSS and no external resources (no scripts, fonts or images), every
// value escaped; readable offline and attachable to a CI run. `colour` is ignored.
[[nodiscard]] std::string formatHtmlReport(const DiffResult& result,
                                           const ReportOptions& options = {});

} // namespace envdesk::diff
