#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/present/info_text.h"

namespace envdesk::cli {

int runInfo(const Invocation& call)
{
    const bool json = call.json();
    const config::ConfigInputs inputs = config::ConfigInputs::fromProcess();
    auto configuration = config::Config::load(inputs);
    if (!configuration) {
        return failWith(json, "ConfigurationLoadError", configuration.error().message());
    }
    const present::InfoReport report =
        present::collectInfo(inputs, *configuration, ENVDESK_VERSION);
    return show(json, present::infoJson(report), present::infoText(report));
}

} // namespace envdesk::cli
