#pragma once

#include "core/channels/loaded_channels.h"
#include "core/config/config.h"
#include "core/ops/plan_change.h"
#include "core/solver/solver.h"
#include "core/specs/channel.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <variant>
#include <vector>

// Deciding a change from what a user asks (install these specs, update, remove, create): the
// prefix's state, the channels, the candidates, the solve and the plan, in one call that both
// front ends make (the GUI on a worker thread; the CLI prints between phases through a
// ChangeObserver).
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
    bool offline = false; // cached repodata and packages only (also: .condarc `offline`)
    bool usePins = true;
    std::optional<solver::ChannelPriority> channelPriority; // none: .condarc's
    // A transaction that was cut short (a crash, a kill) is settled before the prefix is read,
    // under the prefix's lock, so the plan is made against a whole state. Off for a dry run,
    // which must change nothing (it then plans over what is there).
    bool recoverInterrupted = true;
};

// Where a decision has got to, for a front end that shows it.
enum class ChangePhase {
    ChannelsLoaded,    // ChangeObserver::channels holds the channels read
    MetadataCollected, // the records the solve may need are gathered; the solve comes next
};

struct ChangeObserver {
    std::function<void(ChangePhase, const std::vector<std::string>& channelNames)> phase;
    // The prefix's lock is held by another process (what it wrote about itself).
    std::function<void(const std::string& holder)> waiting;
    // An interrupted transaction was found and settled before planning.
    std::function<void()> recovered;
};

// What the solver decided, with what it was decided from.
struct ChangeProposal {
    Plan plan;
    std::vector<std::string> channelNames; // the channels read, canonical, in order
    std::vector<std::string> notes;        // worth telling (a cached stand-in for a server)
    // How each remote subdir's metadata came (shards or repodata.json), for -v and --json.
    std::vector<channels::SubdirSource> sources;
};

struct ChangeConflict {
    solver::Unsolvable unsolvable;
    std::vector<std::string> channelNames;
    // As ChangeProposal's; here they may say why a package is missing (a record the channel
    // holds but that was refused for an unsafe name).
    std::vector<std::string> notes;
    // The pin on the installed Python's series that the change added itself ("python 3.11.*",
    // conda's rule: the series is kept unless python is asked for), when it did: a pin the user
    // never made, which asking for python lifts.
    std::string keptPythonSeries;
    std::vector<channels::SubdirSource> sources; // as ChangeProposal's
};

using ChangeOutcome = std::variant<ChangeProposal, ChangeConflict>;

// Why a change could not be decided at all (not "nothing fits": that is a ChangeConflict), in
// terms a front end can word as it must (the CLI as conda's exception names).
struct ChangeRefusal {
    enum class Reason {
        InvalidSpec,        // error.context: the spec as typed
        UpdateNeedsNames,   // update takes package names only; packages: the spec
        NotInstalled,       // update names a package the prefix lacks; packages: its name
        MissingFromPrefix,  // remove names what the prefix lacks; packages: every such spec
        NoChannels,         // nothing to install from
        ChannelUnreachable, // fetching an index failed (a network error, or a stop)
        ChannelUnreadable,  // a channel could not be resolved or its index read
        PrefixExists,       // create: a folder that is not empty (nor an environment without
                            // packages) is at the prefix
        NotAnEnvironment,   // install, update, remove: the prefix is not an environment
        UnreadablePrefix,   // conda-meta could not be read
        RecoveryFailed,     // an interrupted transaction could not be settled
        SolveFailed,        // the solver could not pose the problem, or was stopped
        NoSuchRevision,     // a revert: the history has no such revision
        UnreadableHistory,  // a revert: conda-meta/history could not be read
        RevisionIncomplete, // a revert: packages: the revision's packages found nowhere;
                            // channelUrls: where they were looked for
    };
    Reason reason = Reason::SolveFailed;
    util::Error error;
    std::vector<std::string> packages;
    std::vector<std::string> channelUrls;
};

using ChangeDecision = std::variant<ChangeProposal, ChangeConflict, ChangeRefusal>;

// Settles a transaction that was cut short in `prefix` (one with conda-meta), under the
// prefix's lock: rolled back, or finished past its commit point. decideChange calls it first;
// a front end that plans some other way (a revert) calls it before reading the prefix.
[[nodiscard]] std::optional<ChangeRefusal> settleInterruptedChange(const std::string& prefix,
                                                                   const ChangeObserver& observer,
                                                                   std::stop_token stop);

// Whether `prefix` can take the change: a create needs an empty folder, no folder, or an
// environment without packages; anything else needs an environment. decideChange checks it
// after settling an interrupted transaction (a killed create leaves a folder behind).
[[nodiscard]] std::optional<ChangeRefusal> checkChangeTarget(const std::string& prefix,
                                                             bool create);

// Nothing on disk changes, except that an interrupted transaction is settled first when the
// request allows it. A stop is a refusal whose error is Cancelled.
[[nodiscard]] ChangeDecision decideChange(const ChangeRequest& request,
                                          const config::Config& configuration,
                                          const channels::LoadOptions& loadOptions,
                                          const ChangeObserver& observer = {});

// decideChange with a refusal as its error, which names what failed: a spec that does not
// parse, a package to update or remove that is not installed, a channel that cannot be read
// (its URL or folder), an unreadable prefix; a stop is Cancelled.
[[nodiscard]] util::Result<ChangeOutcome> solveChange(const ChangeRequest& request,
                                                      const config::Config& configuration,
                                                      const channels::LoadOptions& loadOptions);

} // namespace envdesk::ops
