#pragma once

#include "app/envdesk-cli/arguments.h"
#include "app/envdesk-cli/channel_loading.h"
#include "core/config/config.h"
#include "core/ops/solve_change.h"
#include "core/specs/channel.h"
#include "core/specs/package_record.h"

#include <string>
#include <variant>

// What the verbs that act on one environment share: which prefix -n/-p (or the active
// environment) names, and how an installed record's channel is printed.
namespace envdesk::cli {

// The absolute prefix named by `--name`/`--prefix` in `arguments`, as conda's
// determine_target_prefix; without either, the active environment ($CONDA_PREFIX), else the root
// prefix. Both given, or neither and nothing active, is a CondaValueError.
[[nodiscard]] std::variant<std::string, CliFailure>
targetPrefix(const Arguments& arguments, const config::ConfigInputs& inputs,
             const config::Config& configuration);

// What the verbs that act on one environment start from: loadCommandSetup() for `platform` (the
// machine's when empty), then targetPrefix().
struct PrefixCommandSetup {
    CommandSetup command;
    std::string prefix;
};
[[nodiscard]] std::variant<PrefixCommandSetup, CliFailure>
loadPrefixCommand(const Arguments& arguments, const config::ConfigInputs& inputs,
                  std::string platform);

// conda prints a record's channel by its canonical name (core/ops).
using ops::canonicalChannel;

} // namespace envdesk::cli
