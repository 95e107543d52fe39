#include "app/envdesk-cli/plan.h"

#include "app/envdesk-cli/command_setup.h"
#include "app/envdesk-cli/output.h"
#include "core/ops/apply_change.h"
#include "core/present/metadata_text.h"
#include "core/present/plan_text.h"
#include "core/present/progress_text.h"
#include "core/util/strings.h"

#include <unistd.h>

#include <iostream>

namespace envdesk::cli {

namespace {

int apply(const Plan& plan, const PlanOptions& options, const config::Config& configuration)
{
    const bool json = options.json;
    const bool terminal = !json && !options.quiet && isatty(STDERR_FILENO);
    ops::Change change = ops::changeFor(plan);
    change.userSpecs = options.specTexts;
    change.command = options.command;
    change.remove = options.remove;
    change.create = options.create;
    change.offline = options.offline;
    change.compilePyc = options.compilePyc;
    auto applied = ops::applyChange(change, configuration, transactionProgress(terminal, json),
                                    interruptToken());
    if (terminal) {
        std::cerr << "\r\033[K";
    }
    if (!applied) {
        if (applied.error().code == util::ErrorCode::Stale && options.decideAgainWhenStale) {
            note(json, "note: " + applied.error().message());
            return kDecideAgain;
        }
        return failWith(json, applied.error());
    }
    if (applied->recoveredFirst) {
        note(json, "note: an interrupted transaction in " + plan.prefix + " was rolled back first");
    }
    for (const auto& text : applied->notes) {
        note(json, "note: " + text);
    }
    if (options.verbose) {
        for (const auto& output : applied->report.scriptOutputs) {
            std::cerr << output << (!output.empty() && output.back() == '\n' ? "" : "\n");
        }
    }
    // conda's ClobberWarning, on stderr so that --json output stays one document.
    for (const auto& clobber : applied->report.clobbered) {
        // The path comes from a package: quoted, so its control characters are escaped.
        std::cerr << "ClobberWarning: " << clobber.package << " replaced "
                  << util::quoted(clobber.path, 4096)
                  << ", which was already in the environment (the package linked last wins)\n";
    }
    if (options.quiet) {
        return 0;
    }
    std::string text = applied->report.messages;
    if (!text.empty() && text.back() != '\n') {
        text += "\n";
    }
    text += "Executing transaction: done\n";
    if (options.create) {
        text += present::activationHint(plan.prefix);
    }
    // The records as a dry run shows them (conda prints the same actions either way).
    return show(json,
                {{"success", true},
                 {"prefix", plan.prefix},
                 {"actions", present::actionsJson(plan.prefix, plan.link, plan.unlink, nullptr)}},
                text);
}

} // namespace

// Waiting for another process's lock and a recovered transaction, as the CLI says them.
ops::ChangeObserver changeObserver(bool json, const std::string& prefix)
{
    ops::ChangeObserver observer;
    observer.waiting = [json](const std::string& holder) {
        note(json, "Waiting for another process to finish changing the environment: " + holder);
    };
    observer.recovered = [json, prefix] {
        note(json, "note: " + prefix + ": an interrupted transaction was found and rolled back");
    };
    return observer;
}

// The progress of a transaction, on one line of a terminal; waiting for another process is
// said even without one (a log should show why the command sat still).
ops::ApplyProgressFn transactionProgress(bool terminal, bool json)
{
    return [terminal, json](const ops::ApplyProgress& progress) {
        if (progress.phase == ops::ApplyProgress::Phase::Waiting) {
            note(json, std::string(terminal ? "\r\033[K" : "")
                           + "Waiting for another process to finish changing the environment: "
                           + progress.current);
            return;
        }
        if (terminal) {
            std::cerr << "\r\033[K" << present::transactionProgressLine(progress) << std::flush;
        }
    };
}

int presentAndApply(const Plan& plan, const PlanOptions& options,
                    const config::Config& configuration)
{
    if (options.quiet) {
        return options.dryRun ? 0 : apply(plan, options, configuration);
    }
    if (plan.actions.empty() && !options.create) {
        const std::string message = "All requested packages already installed.";
        return show(options.json, {{"success", true}, {"message", message}},
                    "\n# " + message + "\n\n");
    }
    if (options.json) {
        if (options.dryRun) {
            nlohmann::json document = {{"success", true},
                                       {"dry_run", true},
                                       {"actions", present::actionsJson(plan.prefix, plan.link,
                                                                        plan.unlink, &plan.fetch)}};
            if (!options.sources.empty()) {
                document["repodata"] = present::metadataSourcesJson(options.sources);
            }
            return show(true, document, {});
        }
        return apply(plan, options, configuration);
    }
    if (options.verbose && !options.sources.empty()) {
        std::cout << "Package metadata:\n" << present::metadataSourcesText(options.sources);
    }
    std::cout << present::planText(plan, options.remove, options.specTexts);
    if (options.dryRun) {
        std::cerr << "DryRunExit: Dry run. Exiting.\n";
        return 0;
    }
    // conda asks before it changes anything, unless -y.
    if (!askToProceed(options.yes)) {
        std::cerr << "CondaSystemExit: Exiting.\n";
        return 1;
    }
    std::cout << "\n";
    return apply(plan, options, configuration);
}

} // namespace envdesk::cli
