#pragma once

#include "core/channels/loaded_channels.h"
#include "core/config/config.h"
#include "core/ops/plan_change.h"
#include "core/solver/solver.h"
#include "core/specs/channel.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

// Deciding a change from what a user asks (install these specs, update, remove, create): the
// prefix's state, the channels, the candidates, the solve and the plan, in one call that the
// GUI runs on a worker thread. The CLI runs the same steps one by one, to print between them.
namespace envdesk::ops {

// conda-meta records often hold the channel's subdir URL ("https://conda.anaconda.org/
// conda-forge/linux-64"); solves and listings use its canonical name ("conda-forge").
[[nodiscard]] std::string canonicalChannel(const std::string& channel,
                                           const specs::ChannelContext& context);

// What a solve keeps from an existing environment.
struct PrefixState {
    std::vector<specs::PackageRecord> installed; // channels canonical
    std::vector<std::string> pinned;             // pinned_packages, then conda-meta/pinned
    std::vector<std::string> historySpecs;       // what earlier transactions asked for
};

// `existing`: the prefix is an environment to read (false for a create: only the configured
// pins apply). `usePins` false: none (conda's --no-pin).
[[nodiscard]] util::Result<PrefixState> readPrefixState(const std::string& prefix,
                                                        const specs::ChannelContext& context,
                                                        const config::Config& configuration,
                                                        bool existing, bool usePins = true);

struct ChangeRequest {
    std::string prefix;
    solver::Request::Kind kind = solver::Request::Kind::Install;
    bool create = false; // a new environment: nothing installed to keep
    std::vector<std::string> specs;
    std::vector<std::string> channels; // in order; specs' own `channel::` are added after
    std::string platform;              // empty: this machine's
    bool offline = false;
    bool usePins = true;
    std::optional<solver::ChannelPriority> channelPriority; // none: .condarc's
};

// What the solver decided, with what it was decided from.
struct ChangeProposal {
    Plan plan;
    std::vector<std::string> channelNames; // the channels read, canonical, in order
    std::vector<std::string> notes;        // worth telling (a cached stand-in for a server)
};

struct ChangeConflict {
    solver::Unsolvable unsolvable;
    std::vector<std::string> channelNames;
    // As ChangeProposal's; here they may say why a package is missing (a record the channel
    // holds but that was refused for an unsafe name).
    std::vector<std::string> notes;
};

using ChangeOutcome = std::variant<ChangeProposal, ChangeConflict>;

// Errors name what failed: a spec that does not parse, a package to update or remove that is
// not installed, a channel that cannot be read (its URL or folder), an unreadable prefix; a
// stop is Cancelled. Nothing on disk changes.
[[nodiscard]] util::Result<ChangeOutcome> solveChange(const ChangeRequest& request,
                                                      const config::Config& configuration,
                                                      const channels::LoadOptions& loadOptions);

} // namespace envdesk::ops
