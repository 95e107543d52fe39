#include "core/ops/environment_copy.h"

#include "core/env/prefix.h"
#include "core/env/transaction.h"
#include "core/env/untracked.h"

#include <filesystem>
#include <system_error>

namespace envdesk::ops {

namespace {

namespace fs = std::filesystem;

// Whether one path is the other or inside it, symbolic links resolved.
bool nested(const std::string& a, const std::string& b)
{
    std::error_code ec;
    const fs::path left = fs::weakly_canonical(a, ec);
    const fs::path right = fs::weakly_canonical(b, ec);
    const auto within = [](const fs::path& inner, const fs::path& outer) {
        const auto relative = inner.lexically_relative(outer);
        return !relative.empty() && *relative.begin() != "..";
    };
    return within(left, right) || within(right, left);
}

Refusal nestedRefusal(const std::string& source, const std::string& target)
{
    return Refusal{Refusal::Reason::Nested, "the new environment " + target + " and " + source
                                                + " cannot be inside one another"};
}

} // namespace

std::optional<Refusal> checkClone(const std::string& source, const std::string& target)
{
    if (!env::isEnvironment(source)) {
        return Refusal{Refusal::Reason::NotAnEnvironment,
                       "Not a conda environment to clone: " + source};
    }
    if (nested(source, target)) {
        return nestedRefusal(source, target);
    }
    return std::nullopt;
}

util::Result<ClonePlan> planClone(const std::string& source, const std::string& target,
                                  const std::vector<std::string>& pkgsDirs)
{
    auto records = env::readPrefixRecords(source);
    if (!records) {
        return records.error();
    }
    auto requested = env::readRequestedSpecs(source);
    if (!requested) {
        return requested.error();
    }
    return ClonePlan{source, planFromTarget(target, {}, *records, pkgsDirs), std::move(*requested)};
}

CloneDecision decideClone(const std::string& source, const std::string& target,
                          const std::vector<std::string>& pkgsDirs, const CloneTarget& targetChecks)
{
    if (auto refused = checkClone(source, target)) {
        return std::move(*refused);
    }
    if (targetChecks.settle && !targetChecks.replacedFirst) {
        if (auto refused =
                settleInterruptedChange(target, targetChecks.observer, targetChecks.stop)) {
            if (refused->error.code == util::ErrorCode::Cancelled) {
                return Refusal{Refusal::Reason::Stopped, refused->error.message()};
            }
            return Refusal{Refusal::Reason::Interrupted,
                           "an interrupted transaction could not be rolled back: "
                               + refused->error.message()};
        }
    }
    if (!targetChecks.replacedFirst && checkChangeTarget(target, true)) {
        // The words of create's own refusal (core/present/failure.cpp): a clone is a create.
        return Refusal{Refusal::Reason::TargetNotEmpty,
                       "a folder that is not empty already exists at the target prefix " + target
                           + ": remove it first or choose another name (create does not "
                             "replace environments)"};
    }
    if (auto recovered = env::recoverPrefix(source); !recovered) {
        return Refusal{Refusal::Reason::Interrupted,
                       "the environment to clone has an interrupted transaction that could not "
                       "be rolled back: "
                           + recovered.error().message()};
    }
    auto clone = planClone(source, target, pkgsDirs);
    if (!clone) {
        // conda tells a damaged history from damaged records.
        const std::string history = (fs::path(source) / "conda-meta" / "history").string();
        return Refusal{clone.error().context.starts_with(history)
                           ? Refusal::Reason::UnreadableHistory
                           : Refusal::Reason::Unreadable,
                       clone.error().message()};
    }
    return std::move(*clone);
}

Change cloneChange(const ClonePlan& clone, std::string command)
{
    Change change = changeFor(clone.plan);
    change.userSpecs = clone.userSpecs;
    change.command = std::move(command);
    change.create = true;
    return change;
}

util::Result<std::size_t> copyUserFiles(const ClonePlan& clone)
{
    return env::copyUntrackedFiles(clone.source, clone.plan.prefix);
}

util::Result<CloneResult> cloneEnvironment(const std::string& source, const std::string& target,
                                           const config::Config& configuration,
                                           const ApplyProgressFn& progress, std::stop_token stop)
{
    auto decided = decideClone(source, target, configuration.pkgsDirs());
    if (auto* refused = std::get_if<Refusal>(&decided)) {
        return CloneResult{std::move(*refused)};
    }
    const auto* clone = &std::get<ClonePlan>(decided);
    auto applied = applyChange(cloneChange(*clone, "envdesk create --clone " + source),
                               configuration, progress, stop);
    if (!applied) {
        return applied.error();
    }
    auto copied = copyUserFiles(*clone);
    if (!copied) {
        util::Error error = copied.error();
        error.detail = "the packages were cloned, but a file could not be copied: " + error.detail;
        return error;
    }
    return CloneResult{CloneOutcome{std::move(*applied), *copied}};
}

std::optional<Refusal> checkRename(const std::string& source, const std::string& target,
                                   bool replace, const ProtectedPrefixes& protectedPrefixes)
{
    if (auto refused = checkRemovable(source, protectedPrefixes, "rename")) {
        return refused;
    }
    if (target == source) {
        return Refusal{Refusal::Reason::SameEnvironment,
                       "the destination is the environment itself"};
    }
    if (nested(source, target)) {
        return nestedRefusal(source, target);
    }
    std::error_code ec;
    if (fs::exists(target, ec)) {
        if (!replace) {
            return Refusal{Refusal::Reason::DestinationExists,
                           "the environment " + target + " already exists"};
        }
        return checkRemovable(target, protectedPrefixes, "replace");
    }
    return std::nullopt;
}

RenamePlan planRename(const std::string& source, const std::string& target, bool replaceDestination)
{
    RenamePlan plan{source, target, {}};
    if (replaceDestination) {
        plan.stages.push_back({RenameStage::Kind::RemoveDestination, target});
    }
    plan.stages.push_back({RenameStage::Kind::Clone, target});
    plan.stages.push_back({RenameStage::Kind::RemoveSource, source});
    return plan;
}

RenameDecision decideRename(const std::string& source, const std::string& target, bool replace,
                            const ProtectedPrefixes& protectedPrefixes)
{
    if (auto refused = checkRename(source, target, replace, protectedPrefixes)) {
        return std::move(*refused);
    }
    std::error_code ec;
    return planRename(source, target, replace && fs::exists(target, ec));
}

std::string renameFailure(const RenamePlan& plan, RenameStage::Kind failed, const std::string& why)
{
    switch (failed) {
    case RenameStage::Kind::RemoveDestination:
        return "the existing " + plan.target + " could not be replaced, and " + plan.source
               + " is unchanged: " + why;
    case RenameStage::Kind::Clone: {
        const bool replaced = plan.stages.front().kind == RenameStage::Kind::RemoveDestination;
        return "the environment could not be copied to " + plan.target + ", and " + plan.source
               + " is unchanged"
               + (replaced ? " (the " + plan.target + " it was to replace was removed)" : "") + ": "
               + why;
    }
    case RenameStage::Kind::RemoveSource:
        break;
    }
    return "the environment was copied to " + plan.target + ", but " + plan.source
           + " could not be removed (remove it with envdesk-cli env remove -p " + plan.source
           + "): " + why;
}

util::Result<RenameResult> renameEnvironment(const std::string& source, const std::string& target,
                                             bool replace,
                                             const ProtectedPrefixes& protectedPrefixes,
                                             const config::Config& configuration,
                                             const ApplyProgressFn& progress, std::stop_token stop)
{
    auto decided = decideRename(source, target, replace, protectedPrefixes);
    if (auto* refused = std::get_if<Refusal>(&decided)) {
        return RenameResult{std::move(*refused)};
    }
    const RenamePlan& plan = std::get<RenamePlan>(decided);
    // Before a replaced destination goes, the source must be copyable: a clone's own refusals
    // (an interrupted transaction that cannot be settled, records that cannot be read) would
    // otherwise come after the destination was deleted.
    if (plan.stages.front().kind == RenameStage::Kind::RemoveDestination) {
        CloneTarget replaced;
        replaced.replacedFirst = true;
        auto copyable = decideClone(source, target, configuration.pkgsDirs(), replaced);
        if (auto* refused = std::get_if<Refusal>(&copyable)) {
            return RenameResult{std::move(*refused)};
        }
    }
    RenameOutcome outcome;
    for (const RenameStage& stage : plan.stages) {
        const auto failed = [&](util::ErrorCode code, const std::string& why) {
            return util::fail(code, renameFailure(plan, stage.kind, why));
        };
        if (stage.kind == RenameStage::Kind::Clone) {
            auto cloned = cloneEnvironment(source, target, configuration, progress, stop);
            if (!cloned) {
                return failed(cloned.error().code, cloned.error().message());
            }
            if (auto* refused = std::get_if<Refusal>(&*cloned)) {
                if (outcome.replaced) {
                    // The destination is gone already: say so (renameFailure), not only why.
                    return failed(util::ErrorCode::IoError, refused->message);
                }
                return RenameResult{std::move(*refused)};
            }
            outcome.clone = std::move(std::get<CloneOutcome>(*cloned));
            continue;
        }
        auto removed =
            removeEnvironment(stage.prefix, protectedPrefixes, configuration, progress, stop);
        if (!removed) {
            return failed(removed.error().code, removed.error().message());
        }
        if (auto* refused = std::get_if<Refusal>(&*removed)) {
            if (stage.kind == RenameStage::Kind::RemoveSource) {
                return failed(util::ErrorCode::IoError, refused->message);
            }
            return RenameResult{std::move(*refused)};
        }
        const auto& notes = std::get<RemovalOutcome>(*removed).notes;
        outcome.notes.insert(outcome.notes.end(), notes.begin(), notes.end());
        outcome.replaced = outcome.replaced || stage.kind == RenameStage::Kind::RemoveDestination;
    }
    return RenameResult{std::move(outcome)};
}

} // namespace envdesk::ops
