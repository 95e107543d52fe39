#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/present/index_text.h"

#include <unistd.h>

#include <iostream>

namespace envdesk::cli {

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
    options.shards = parsed->flag("--shards");
    const bool json = parsed->flag("--json");
    const std::string& channelDir = parsed->positionals.front();

    repodata::IndexProgressFn progress;
    if (!json && isatty(STDERR_FILENO) != 0) {
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
    show(json, present::indexJson(*result), present::indexText(*result));
    return result->complete() ? 0 : 1;
}

} // namespace envdesk::cli
