#include "core/diff/diff_report.h"

#include "core/util/strings.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace envdesk::diff {

namespace {

// Keys in the order the schema documents them (schema first), not alphabetical.
using Json = nlohmann::ordered_json;

// What one side of an entry says, in a line: a pin's version and build, or a spec as written
// without the package name that the line already shows ("numpy >=1.21" -> ">=1.21").
std::string describe(const SnapshotEntry& entry)
{
    if (entry.isSpec()) {
        const std::string_view spec = entry.spec;
        if (spec.size() >= entry.name.size()
            && util::toLower(spec.substr(0, entry.name.size())) == util::toLower(entry.name)) {
            const std::string_view rest = spec.substr(entry.name.size());
            if (rest.empty()) {
                // A pip option line (`-e .`) or URL is its own name: nothing more to say.
                const bool named = spec.front() != '-' && spec.find("://") == std::string::npos;
                return named ? "*" : "";
            }
            const char next = rest.front();
            if (!(util::isAlpha(next) || util::isDigit(next) || next == '-' || next == '_'
                  || next == '.')) {
                return std::string(util::trim(rest));
            }
        }
        return entry.spec;
    }
    return entry.build.empty() ? entry.version : entry.version + " " + entry.build;
}

std::string channelText(const SnapshotEntry& entry)
{
    return entry.channel.empty() ? std::string("(any channel)") : entry.channel;
}

std::string categoryText(const SnapshotEntry& entry)
{
    std::string text =
        entry.categories.empty() ? std::string("(none)") : util::join(entry.categories, "+");
    return entry.optional ? text + " (optional)" : text;
}

std::string sourceText(const SourceInfo& source)
{
    std::string text = source.path + " (" + std::string(toString(source.kind));
    if (!source.environment.empty()) {
        text += ", environment " + source.environment;
    }
    if (source.platforms.size() == 1) {
        text += ", " + source.platforms.front();
    } else if (source.platforms.size() > 1) {
        text += ", " + std::to_string(source.platforms.size()) + " platforms";
    }
    return text + ")";
}

std::string sectionTitle(const DiffSection& section)
{
    std::string platform =
        section.platform.empty() ? std::string("any platform") : section.platform;
    if (!section.otherPlatform.empty()) {
        platform += " -> " + section.otherPlatform;
    }
    return platform + ", " + section.manager;
}

// The entry's details after its name: what A had, what B has, and what else moved.
std::string details(const DiffEntry& entry)
{
    const auto* a = entry.before ? &*entry.before : nullptr;
    const auto* b = entry.after ? &*entry.after : nullptr;
    std::string text;
    switch (entry.kind) {
    case ChangeKind::Added:
        text = describe(*b);
        if (!b->channel.empty()) {
            text += "  " + b->channel;
        }
        break;
    case ChangeKind::Removed:
        text = describe(*a);
        if (!a->channel.empty()) {
            text += "  " + a->channel;
        }
        break;
    case ChangeKind::ChannelChanged:
        text = describe(*b) + "  " + channelText(*a) + " -> " + channelText(*b);
        break;
    case ChangeKind::CategoryChanged:
        text = describe(*b) + "  " + categoryText(*a) + " -> " + categoryText(*b);
        break;
    case ChangeKind::Unchanged:
        text = describe(*b);
        break;
    default:
        text = describe(*a) + " -> " + describe(*b);
        break;
    }
    for (const auto also : entry.also) {
        if (also == ChangeKind::ChannelChanged) {
            text += "  (channel " + channelText(*a) + " -> " + channelText(*b) + ")";
        } else if (also == ChangeKind::CategoryChanged) {
            text += "  (category " + categoryText(*a) + " -> " + categoryText(*b) + ")";
        }
    }
    return text;
}

const char* ansiColour(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::Added:
        return "\x1b[32m";
    case ChangeKind::Removed:
        return "\x1b[31m";
    case ChangeKind::Upgraded:
        return "\x1b[36m";
    case ChangeKind::Downgraded:
        return "\x1b[33m";
    case ChangeKind::Rebuilt:
        return "\x1b[34m";
    case ChangeKind::ChannelChanged:
    case ChangeKind::CategoryChanged:
        return "\x1b[35m";
    case ChangeKind::Loosened:
        return "\x1b[36m";
    case ChangeKind::Tightened:
        return "\x1b[33m";
    case ChangeKind::SpecChanged:
        return "\x1b[1;31m";
    case ChangeKind::Unchanged:
        return "\x1b[2m";
    }
    return "";
}

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kReset = "\x1b[0m";

std::string padded(std::string text, std::size_t width)
{
    if (text.size() < width) {
        text.append(width - text.size(), ' ');
    }
    return text;
}

bool shown(const DiffEntry& entry, const ReportOptions& options)
{
    return entry.kind != ChangeKind::Unchanged || options.showUnchanged;
}

Json optionalString(const std::string& text)
{
    return text.empty() ? Json(nullptr) : Json(text);
}

Json sideJson(const std::optional<SnapshotEntry>& side)
{
    if (!side) {
        return nullptr;
    }
    return {
        {"version", optionalString(side->version)},
        {"build", optionalString(side->build)},
        {"channel", optionalString(side->channel)},
        {"spec", optionalString(side->spec)},
        {"categories", side->categories},
        {"optional", side->optional},
        {"line", side->line > 0 ? Json(side->line) : Json(nullptr)},
    };
}

Json summaryJson(const DiffSummary& summary)
{
    Json out = Json::object();
    for (const auto kind : allChangeKinds()) {
        out[std::string(toString(kind))] = summary.count(kind);
    }
    return out;
}

Json sourceJson(const SourceInfo& source)
{
    return {
        {"path", source.path},
        {"kind", std::string(toString(source.kind))},
        {"environment", optionalString(source.environment)},
        {"platforms", source.platforms},
        {"channels", source.channels},
    };
}

std::string escapeHtml(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

// The CSS class of a kind: its JSON word with '-' for '_'.
std::string cssClass(ChangeKind kind)
{
    std::string name(toString(kind));
    std::replace(name.begin(), name.end(), '_', '-');
    return name;
}

std::string htmlSide(const std::optional<SnapshotEntry>& side)
{
    if (!side) {
        return {};
    }
    std::string html = "<code>" + escapeHtml(describe(*side)) + "</code>";
    if (!side->channel.empty()) {
        html += " <span class=\"channel\">" + escapeHtml(side->channel) + "</span>";
    }
    if (!side->categories.empty()) {
        html += " <span class=\"category\">" + escapeHtml(categoryText(*side)) + "</span>";
    }
    return html;
}

constexpr const char* kStyle = R"css(
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #656d76;
  --line: #d0d7de; --head: #f6f8fa; --added: #1a7f37; --removed: #cf222e; --up: #0969da;
  --down: #9a6700; --moved: #8250df; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #8d96a0;
  --line: #30363d; --head: #161b22; --added: #3fb950; --removed: #f85149; --up: #58a6ff;
  --down: #d29922; --moved: #bc8cff; } }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  background: var(--bg); margin: 2em auto; max-width: 72em; padding: 0 1em; }
h1 { font-size: 1.5em; margin: 0 0 .5em; }
h2 { font-size: 1.1em; margin: 1.5em 0 .4em; }
h2 small { color: var(--muted); font-weight: normal; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25em .6em; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { background: var(--head); }
table.sources th { width: 2em; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.channel, .category { color: var(--muted); font-size: .9em; }
.summary span { display: inline-block; margin: 0 .4em .4em 0; padding: .1em .6em;
  border: 1px solid var(--line); border-radius: 1em; }
.notes { color: var(--muted); }
td.kind { white-space: nowrap; font-weight: 600; }
.added td.kind, span.added { color: var(--added); }
.removed td.kind, span.removed { color: var(--removed); }
.upgraded td.kind, span.upgraded, .loosened td.kind, span.loosened { color: var(--up); }
.downgraded td.kind, span.downgraded, .tightened td.kind, span.tightened { color: var(--down); }
.rebuilt td.kind, span.rebuilt, .channel-changed td.kind, span.channel-changed,
.category-changed td.kind, span.category-changed { color: var(--moved); }
.spec-changed td.kind, span.spec-changed { color: var(--removed); }
.unchanged { color: var(--muted); }
footer { margin-top: 2em; color: var(--muted); font-size: .9em; }
)css";

} // namespace

std::string_view label(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::ChannelChanged:
        return "channel changed";
    case ChangeKind::CategoryChanged:
        return "category changed";
    case ChangeKind::SpecChanged:
        return "spec changed";
    default:
        return toString(kind);
    }
}

std::string summaryLine(const DiffSummary& summary)
{
    std::vector<std::string> parts;
    for (const auto kind : allChangeKinds()) {
        if (kind != ChangeKind::Unchanged && summary.count(kind) > 0) {
            parts.push_back(std::to_string(summary.count(kind)) + " " + std::string(label(kind)));
        }
    }
    if (parts.empty()) {
        parts.emplace_back("no differences");
    }
    parts.push_back(std::to_string(summary.count(ChangeKind::Unchanged)) + " unchanged");
    return util::join(parts, ", ");
}

std::string formatTextReport(const DiffResult& result, const ReportOptions& options)
{
    const auto paint = [&](const std::string& text, const char* colour) {
        return options.colour ? colour + text + kReset : text;
    };
    std::ostringstream out;
    out << paint("--- A: " + sourceText(result.a), kBold) << "\n"
        << paint("+++ B: " + sourceText(result.b), kBold) << "\n";
    if (result.channelsChanged) {
        out << "\n"
            << paint("channels: " + util::join(result.a.channels, ", ") + " -> "
                         + util::join(result.b.channels, ", "),
                     ansiColour(ChangeKind::ChannelChanged))
            << "\n";
    }
    std::size_t labelWidth = 0;
    for (const auto kind : allChangeKinds()) {
        labelWidth = std::max(labelWidth, label(kind).size());
    }
    for (const auto& section : result.sections) {
        std::size_t nameWidth = 0;
        bool any = false;
        for (const auto& entry : section.entries) {
            if (shown(entry, options)) {
                nameWidth = std::max(nameWidth, std::min<std::size_t>(entry.name.size(), 40));
                any = true;
            }
        }
        if (!any) {
            continue;
        }
        out << "\n"
            << paint(sectionTitle(section), kBold) << "  (" << summaryLine(section.summary)
            << ")\n";
        for (const auto& entry : section.entries) {
            if (!shown(entry, options)) {
                continue;
            }
            out << "  "
                << paint(padded(std::string(label(entry.kind)), labelWidth), ansiColour(entry.kind))
                << "  " << padded(entry.name, nameWidth) << "  " << details(entry) << "\n";
        }
    }
    if (!result.notes.empty()) {
        out << "\n";
        for (const auto& note : result.notes) {
            out << "note: " << note << "\n";
        }
    }
    out << "\n" << paint(summaryLine(result.summary), kBold) << "\n";
    return out.str();
}

std::string formatJsonReport(const DiffResult& result, const ReportOptions& options)
{
    Json sections = Json::array();
    for (const auto& section : result.sections) {
        Json changes = Json::array();
        for (const auto& entry : section.entries) {
            if (!shown(entry, options)) {
                continue;
            }
            Json also = Json::array();
            for (const auto kind : entry.also) {
                also.push_back(std::string(toString(kind)));
            }
            changes.push_back({
                {"name", entry.name},
                {"change", std::string(toString(entry.kind))},
                {"also", std::move(also)},
                {"a", sideJson(entry.before)},
                {"b", sideJson(entry.after)},
            });
        }
        sections.push_back({
            {"platform", optionalString(section.platform)},
            {"b_platform", optionalString(section.otherPlatform)},
            {"manager", section.manager},
            {"summary", summaryJson(section.summary)},
            {"changes", std::move(changes)},
        });
    }
    const Json out = {
        {"schema", std::string(kDiffSchema)},
        {"identical", result.identical()},
        {"a", sourceJson(result.a)},
        {"b", sourceJson(result.b)},
        {"channels_changed", result.channelsChanged},
        {"summary", summaryJson(result.summary)},
        {"sections", std::move(sections)},
        {"notes", result.notes},
        {"warnings", result.warnings},
    };
    // Replacement keeps a file with odd bytes in a name reportable instead of throwing.
    return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

namespace {

// The page's words, English where the caller left one empty.
struct PageWords {
    const ReportWords& words;

    [[nodiscard]] std::string label(ChangeKind kind) const
    {
        return words.label ? words.label(kind) : std::string(diff::label(kind));
    }
    [[nodiscard]] std::string sectionTitle(const DiffSection& section) const
    {
        return words.sectionTitle ? words.sectionTitle(section) : diff::sectionTitle(section);
    }
    [[nodiscard]] std::string source(const SourceInfo& info) const
    {
        return words.source ? words.source(info) : sourceText(info);
    }
    [[nodiscard]] std::string count(std::size_t n, ChangeKind kind) const
    {
        std::string text = words.count;
        const auto replace = [&text](std::string_view key, const std::string& value) {
            if (const auto at = text.find(key); at != std::string::npos) {
                text.replace(at, key.size(), value);
            }
        };
        replace("{n}", std::to_string(n));
        replace("{what}", label(kind));
        return text;
    }
    // summaryLine() in these words.
    [[nodiscard]] std::string summary(const DiffSummary& summary) const
    {
        std::vector<std::string> parts;
        for (const auto kind : allChangeKinds()) {
            if (kind != ChangeKind::Unchanged && summary.count(kind) > 0) {
                parts.push_back(count(summary.count(kind), kind));
            }
        }
        if (parts.empty()) {
            parts.push_back(words.noDifferences);
        }
        parts.push_back(count(summary.count(ChangeKind::Unchanged), ChangeKind::Unchanged));
        return util::join(parts, words.listSeparator);
    }
};

} // namespace

std::string formatHtmlReport(const DiffResult& result, const ReportOptions& options)
{
    const PageWords words{options.words};
    std::ostringstream out;
    const std::string title = words.words.title + ": " + result.a.path + " \u2194 " + result.b.path;
    out << "<!DOCTYPE html>\n<html lang=\"" << escapeHtml(words.words.language)
        << "\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>" << escapeHtml(title) << "</title>\n<style>" << kStyle
        << "</style>\n</head>\n<body>\n<h1>" << escapeHtml(words.words.title) << "</h1>\n"
        << "<table class=\"sources\">\n"
        << "<tr><th>A</th><td><code>" << escapeHtml(words.source(result.a)) << "</code></td></tr>\n"
        << "<tr><th>B</th><td><code>" << escapeHtml(words.source(result.b))
        << "</code></td></tr>\n</table>\n";
    out << "<p class=\"summary\">";
    if (result.identical()) {
        out << "<span class=\"unchanged\">" << escapeHtml(words.words.noDifferences) << "</span>";
    }
    for (const auto kind : allChangeKinds()) {
        if (result.summary.count(kind) > 0) {
            out << "<span class=\"" << cssClass(kind) << "\">"
                << escapeHtml(words.count(result.summary.count(kind), kind)) << "</span>";
        }
    }
    out << "</p>\n";
    if (result.channelsChanged) {
        out << "<p>" << escapeHtml(words.words.channels) << ": <code>"
            << escapeHtml(util::join(result.a.channels, ", ")) << "</code> &rarr; <code>"
            << escapeHtml(util::join(result.b.channels, ", ")) << "</code></p>\n";
    }
    if (!result.notes.empty() || !result.warnings.empty()) {
        out << "<ul class=\"notes\">\n";
        for (const auto& note : result.notes) {
            out << "<li>" << escapeHtml(note) << "</li>\n";
        }
        for (const auto& warning : result.warnings) {
            out << "<li>" << escapeHtml(words.words.warning) << ": " << escapeHtml(warning)
                << "</li>\n";
        }
        out << "</ul>\n";
    }
    for (const auto& section : result.sections) {
        const bool any = std::any_of(section.entries.begin(), section.entries.end(),
                                     [&](const DiffEntry& e) { return shown(e, options); });
        if (!any) {
            continue;
        }
        out << "<section>\n<h2>" << escapeHtml(words.sectionTitle(section)) << " <small>"
            << escapeHtml(words.summary(section.summary)) << "</small></h2>\n"
            << "<table class=\"changes\">\n<thead><tr><th>" << escapeHtml(words.words.change)
            << "</th><th>" << escapeHtml(words.words.package)
            << "</th><th>A</th><th>B</th></tr></thead>\n<tbody>\n";
        for (const auto& entry : section.entries) {
            if (!shown(entry, options)) {
                continue;
            }
            std::string kind = escapeHtml(words.label(entry.kind));
            for (const auto also : entry.also) {
                kind += "<br><small>" + escapeHtml(words.label(also)) + "</small>";
            }
            out << "<tr class=\"" << cssClass(entry.kind) << "\"><td class=\"kind\">" << kind
                << "</td><td><code>" << escapeHtml(entry.name) << "</code></td><td>"
                << htmlSide(entry.before) << "</td><td>" << htmlSide(entry.after) << "</td></tr>\n";
        }
        out << "</tbody>\n</table>\n</section>\n";
    }
    out << "<footer>" << escapeHtml(words.summary(result.summary)) << " &middot; "
        << escapeHtml(words.words.writtenBy) << " (" << escapeHtml(kDiffSchema)
        << ")</footer>\n</body>\n</html>\n";
    return out.str();
}

} // namespace envdesk::diff
