// clean: conda's verb over core/ops/cache_clean.h.

#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/ops/cache_clean.h"
#include "core/ops/environment_list.h"
#include "core/present/clean_text.h"

#include <iostream>

namespace envdesk::cli {

int runClean(const Invocation& call)
{
    const Arguments& args = call.args;
    const bool json = call.json();
    const bool all = args.flag("--all");
    ops::CleanTargets targets;
    targets.tarballs = all || args.flag("--tarballs");
    targets.packages = all || args.flag("--packages");
    targets.indexCache = all || args.flag("--index-cache");
    targets.logfiles = all || args.flag("--logfiles");
    if (!targets.any()) {
        // conda's ArgumentError, with its exit status.
        failWith(json, "ArgumentError",
                 "At least one removal target must be given. See '" + call.program
                     + " clean --help'.");
        return 2;
    }
    const auto inputs = config::ConfigInputs::fromProcess();
    auto setup = loadCommandSetup(inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, *failure);
    }
    const auto& configuration = std::get<CommandSetup>(setup).configuration;
    const auto plan = ops::planClean(targets, ops::cleanInputsFor(inputs, configuration));
    const bool verbose = args.flag("--verbose");
    const bool dryRun = args.flag("--dry-run");
    if (!json) {
        std::cout << present::cleanPlanText(plan, verbose);
    }
    if (dryRun) {
        if (json) {
            return show(true, present::cleanPlanJson(plan), {});
        }
        std::cerr << "DryRunExit: Dry run. Exiting.\n";
        return 0;
    }
    if (present::cleanPlanIsEmpty(plan)) {
        return json ? show(true, present::cleanPlanJson(plan), {}) : 0;
    }
    if (!json && !askToProceed(args.flag("--yes"))) {
        std::cerr << "CondaSystemExit: Exiting.\n";
        return 1;
    }
    auto done = ops::carryOutClean(plan, {}, interruptToken());
    if (!done) {
        return failWith(json, done.error());
    }
    for (const auto& warning : done->warnings) {
        std::cerr << warning << "\n";
    }
    if (json) {
        auto document = present::cleanPlanJson(plan);
        document["removed"] = done->removed;
        document["freed"] = done->freed;
        if (!done->warnings.empty()) {
            document["envdesk_warnings"] = done->warnings;
        }
        return show(true, document, {});
    }
    if (verbose) {
        for (const auto& path : done->removed) {
            std::cout << "Removed " << path << "\n";
        }
    }
    return done->warnings.empty() ? 0 : 1;
}

} // namespace envdesk::cli
