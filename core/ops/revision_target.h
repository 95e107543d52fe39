#pragma once

#include "core/channels/loaded_channels.h"
#include "core/config/config.h"
#include "core/ops/solve_change.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <string>
#include <vector>

// Going back to an earlier revision of an environment (conda-meta/history): the records of
// that revision's packages, found where going back costs least.
namespace envdesk::ops {

struct RevisionTarget {
    std::vector<specs::PackageRecord> installed; // what the prefix holds now
    std::vector<specs::PackageRecord> target;    // what revision N held
    // The revision's packages found nowhere ("conda-forge/linux-64::zlib-1.2.13-h0"); the
    // target is then incomplete and must not be applied.
    std::vector<std::string> notFound;
    std::vector<std::string> channelUrls; // searched for what was missing
};

// Each package of revision `number` comes from the prefix when still installed, else from the
// package cache (so going back works offline), else from `channels` plus the channels the
// history names; only then are channels read. A revision the history lacks is NotFound naming
// the range there is.
[[nodiscard]] util::Result<RevisionTarget> revisionTarget(const std::string& prefix, int number,
                                                          const std::vector<std::string>& channels,
                                                          const config::Config& configuration,
                                                          const channels::LoadOptions& loadOptions);

struct RevertRequest {
    std::string prefix;
    int number = 0;
    std::vector<std::string> channels; // searched for what is neither installed nor cached
    // Settle an interrupted transaction first (settleInterruptedChange); a dry run changes
    // nothing and plans over what is there.
    bool recoverInterrupted = true;
};

// A revert, decided one way for both front ends: the interrupted transaction settled (when
// asked), the prefix checked (checkChangeTarget), revisionTarget(), then the plan from what is
// installed to what the revision held. Never a ChangeConflict. Refusals: NoSuchRevision,
// UnreadableHistory, RevisionIncomplete (nothing may be applied), ChannelUnreachable and
// ChannelUnreadable (channels were needed and failed), and settling's and checking's own.
[[nodiscard]] ChangeDecision decideRevert(const RevertRequest& request,
                                          const config::Config& configuration,
                                          const channels::LoadOptions& loadOptions,
                                          const ChangeObserver& observer = {});

} // namespace envdesk::ops
