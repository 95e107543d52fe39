// pin, unpin: conda-meta/pinned edited as core/ops/environment_pins.h decides.

#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/ops/environment_pins.h"
#include "core/present/use_text.h"

namespace envdesk::cli {

namespace {

int runPinChange(const Invocation& call, bool pin)
{
    const Arguments& args = call.args;
    const bool json = call.json();
    const auto inputs = config::ConfigInputs::fromProcess();
    auto setup = loadPrefixCommand(args, inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, *failure);
    }
    const std::string& prefix = std::get<PrefixCommandSetup>(setup).prefix;
    const bool dryRun = args.flag("--dry-run");
    util::Result<ops::PinChange> change =
        args.positionals.empty()
            ? ops::pinPackages(prefix, {}, true) // no specs: the pins as they are
            : (pin ? ops::pinPackages(prefix, args.positionals, dryRun)
                   : ops::unpinPackages(prefix, args.positionals, dryRun));
    if (!change) {
        return failWith(json, change.error());
    }
    return show(json, present::pinsShown(prefix, *change, dryRun));
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
