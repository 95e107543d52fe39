// pin, unpin: conda-meta/pinned edited as core/ops/environment_pins.h decides.

#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/ops/environment_pins.h"

#include <iostream>

namespace envdesk::cli {

namespace {

int runPinChange(const Invocation& call, bool pin)
{
    const Arguments& args = call.args;
    const bool json = call.json();
    const auto inputs = config::ConfigInputs::fromProcess();
    auto setup = loadPrefixCommand(args, inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const std::string& prefix = std::get<PrefixCommandSetup>(setup).prefix;
    const bool dryRun = args.flag("--dry-run");
    util::Result<ops::PinChange> change =
        args.positionals.empty()
            ? ops::pinPackages(prefix, {}, true) // no specs: the pins as they are
            : (pin ? ops::pinPackages(prefix, args.positionals, dryRun)
                   : ops::unpinPackages(prefix, args.positionals, dryRun));
    if (!change) {
        return failWith(json, errorException(change.error(), "CondaError"),
                        change.error().message());
    }
    nlohmann::json document = {{"success", true},
                               {"prefix", prefix},
                               {"pinned", change->after},
                               {"changed", change->changed},
                               {"dry_run", dryRun}};
    std::string text;
    if (change->after.empty()) {
        text = "No pins in " + prefix + "\n";
    } else {
        text = "Pins in " + prefix + " (conda-meta/pinned):\n";
        for (const auto& spec : change->after) {
            text += "  " + spec + "\n";
        }
    }
    if (dryRun && change->changed) {
        text += "\nDry run: conda-meta/pinned was not changed.\n";
    }
    return show(json, document, text);
}

} // namespace

int runPin(const Invocation& call)
{
    return runPinChange(call, true);
}

int runUnpin(const Invocation& call)
{
    if (call.args.positionals.empty()) {
        return call.usageError("the following arguments are required: package_name");
    }
    return runPinChange(call, false);
}

} // namespace envdesk::cli
