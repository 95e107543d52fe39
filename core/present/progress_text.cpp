#include "core/present/progress_text.h"

#include "core/util/strings.h"

#include <cstdio>

namespace envdesk::present {

namespace {

// "12.3 MB" with `decimals` digits after the point.
std::string megabytes(std::uint64_t bytes, int decimals)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.*f MB", decimals, static_cast<double>(bytes) / 1e6);
    return text;
}

constexpr const char* kDot = " \u00b7 ";

std::string count(std::uint64_t done, std::uint64_t total)
{
    return std::to_string(done) + "/" + std::to_string(total);
}

} // namespace

std::string fetchProgressLine(const repodata::FetchProgress& progress)
{
    std::string line = "Fetching repodata " + count(progress.done, progress.total);
    if (progress.bytes > 0) {
        line += kDot + megabytes(progress.bytes, 1);
    }
    if (!progress.current.empty()) {
        // A channel's URL: its token masked, its controls escaped.
        line += " " + util::printableMessage(progress.current);
    }
    return line;
}

std::string shardProgressLine(const repodata::ShardProgress& progress)
{
    return "Fetching shards " + count(progress.done, progress.total) + kDot
           + megabytes(progress.bytes, 2);
}

std::string indexProgressLine(const repodata::RecordIndexProgress& progress)
{
    return "Indexing " + std::to_string(progress.records) + " records of "
           + util::printableMessage(progress.subdir);
}

std::string transactionProgressLine(const ops::ApplyProgress& progress)
{
    using Phase = ops::ApplyProgress::Phase;
    switch (progress.phase) {
    case Phase::Waiting:
        return {};
    case Phase::Download:
        return "Downloading " + megabytes(progress.done, 1);
    case Phase::Extract:
        return "Extracting " + count(progress.done, progress.total);
    case Phase::Unlink:
    case Phase::Link:
    case Phase::Finish:
        break;
    }
    const char* verb = progress.phase == Phase::Unlink ? "Removing"
                       : progress.phase == Phase::Link ? "Installing"
                                                       : "Finishing";
    // A package's name: escaped, as everything a package says is.
    return std::string(verb) + " " + count(progress.done + 1, progress.total) + " "
           + util::printableMessage(progress.current);
}

} // namespace envdesk::present
