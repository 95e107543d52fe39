#include "app/envdesk-cli/index_command.h"

#include "app/envdesk-cli/arguments.h"
#include "app/envdesk-cli/cli_errors.h"
#include "core/repodata/channel_index.h"
#include "core/specs/channel.h"

#include <nlohmann/json.hpp>
#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

#include <cstdio>
#include <iostream>

namespace envdesk::cli {

namespace {

bool stderrIsTerminal()
{
#ifdef _WIN32
    return ::_isatty(::_fileno(stderr)) != 0;
#else
    return ::isatty(STDERR_FILENO) != 0;
#endif
}

nlohmann::json toJson(const repodata::ChannelIndexResult& result)
{
    nlohmann::json subdirs = nlohmann::json::array();
    for (const auto& subdir : result.subdirs) {
        nlohmann::json skipped = nlohmann::json::array();
        for (const auto& package : subdir.skipped) {
            skipped.push_back(
                {{"fn", package.fileName}, {"path", package.path}, {"reason", package.reason}});
        }
        subdirs.push_back({{"subdir", subdir.subdir},
                           {"repodata", subdir.repodataPath},
                           {"created", subdir.created},
                           {"packages", subdir.recordCount()},
                           {"indexed", subdir.indexed},
                           {"reused", subdir.reused},
                           {"skipped", std::move(skipped)},
                           {"warnings", subdir.warnings}});
    }
    return {{"channel", result.channelDir},
            {"success", result.complete()},
            {"subdirs", std::move(subdirs)}};
}

void printText(const repodata::ChannelIndexResult& result)
{
    for (const auto& subdir : result.subdirs) {
        std::cout << subdir.subdir << ": " << subdir.recordCount() << " package"
                  << (subdir.recordCount() == 1 ? "" : "s") << " (" << subdir.indexed.size()
                  << " read, " << subdir.reused.size() << " from cache";
        if (!subdir.skipped.empty()) {
            std::cout << ", " << subdir.skipped.size() << " skipped";
        }
        std::cout << ")" << (subdir.created ? ", folder created" : "") << "\n";
        for (const auto& package : subdir.skipped) {
            std::cout << "  skipped " << package.fileName << ": " << package.reason << "\n";
        }
        for (const auto& warning : subdir.warnings) {
            std::cout << "  warning: " << warning << "\n";
        }
    }
}

} // namespace

int runIndex(const Invocation& call)
{
    const Arguments* parsed = &call.args;
    if (parsed->positionals.size() != 1) {
        std::cerr << "envdesk-cli index: expected one channel folder DIR, got "
                  << parsed->positionals.size() << "\n"
                  << "Try 'envdesk-cli index --help'.\n";
        return 2;
    }
    repodata::IndexOptions options;
    for (const auto& subdir : parsed->all("--subdir")) {
        if (!specs::isKnownPlatform(subdir)) {
            std::cerr << "envdesk-cli index: unknown subdir '" << subdir
                      << "' (expected a platform such as linux-64, or noarch)\n";
            return 2;
        }
        options.subdirs.push_back(subdir);
    }
    options.useCache = !parsed->flag("--no-cache");
    const bool json = parsed->flag("--json");
    const std::string& channelDir = parsed->positionals.front();

    repodata::IndexProgressFn progress;
    if (!json && stderrIsTerminal()) {
        // A counter rewritten in place: only worth it on a terminal, noise in a log.
        progress = [](const repodata::IndexProgress& step) {
            std::cerr << "\r" << step.subdir << ": " << step.done << "/" << step.total
                      << (step.done == step.total ? "\n" : "") << std::flush;
        };
    }
    auto result = repodata::indexChannel(channelDir, options, progress);
    if (!result) {
        return failWith(json, "IndexError", result.error().message(),
                        {{"channel", channelDir}, {"success", false}});
    }
    if (json) {
        std::cout << toJson(*result).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << "\n";
    } else {
        printText(*result);
    }
    return result->complete() ? 0 : 1;
}

} // namespace envdesk::cli
