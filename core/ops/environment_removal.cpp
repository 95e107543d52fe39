#include "core/ops/environment_removal.h"

#include "core/env/environments.h"
#include "core/env/prefix.h"
#include "core/env/transaction.h"

#include <filesystem>
#include <system_error>

namespace envdesk::ops {

namespace {

namespace fs = std::filesystem;

Refusal refuse(Refusal::Reason reason, std::string message)
{
    return Refusal{reason, std::move(message)};
}

} // namespace

std::optional<Refusal> checkRemovable(const std::string& prefix,
                                      const ProtectedPrefixes& protectedPrefixes,
                                      std::string_view action)
{
    const std::string verb(action);
    if (prefix == protectedPrefixes.root) {
        return refuse(Refusal::Reason::Base,
                      "cannot " + verb + " the base environment (" + prefix + ")");
    }
    if (!protectedPrefixes.active.empty() && prefix == protectedPrefixes.active) {
        return refuse(Refusal::Reason::Active, "cannot " + verb + " the active environment: "
                                                   + "deactivate it first (" + prefix + ")");
    }
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(prefix, ec))) {
        return refuse(Refusal::Reason::SymbolicLink,
                      "will not " + verb + " " + prefix
                          + ": it is a symbolic link; name the folder it points to");
    }
    if (!env::isEnvironment(prefix)) {
        return refuse(Refusal::Reason::NotAnEnvironment, "Not a conda environment: " + prefix);
    }
    return std::nullopt;
}

util::Result<Plan> planRemoval(const std::string& prefix, const std::vector<std::string>& pkgsDirs)
{
    auto installed = env::readPrefixRecords(prefix);
    if (!installed) {
        return installed.error();
    }
    return planFromTarget(prefix, *installed, {}, pkgsDirs);
}

RemovalDecision decideRemoval(const std::string& prefix, const ProtectedPrefixes& protectedPrefixes,
                              std::string_view action, const std::vector<std::string>& pkgsDirs)
{
    if (auto refused = checkRemovable(prefix, protectedPrefixes, action)) {
        return std::move(*refused);
    }
    if (auto recovered = env::recoverPrefix(prefix); !recovered) {
        return refuse(Refusal::Reason::Interrupted,
                      "an interrupted transaction could not be rolled back: "
                          + recovered.error().message());
    }
    auto plan = planRemoval(prefix, pkgsDirs);
    if (!plan) {
        return refuse(Refusal::Reason::Unreadable, plan.error().message());
    }
    return std::move(*plan);
}

Change removalChange(const Plan& plan, std::string command)
{
    Change change = changeFor(plan);
    change.command = std::move(command);
    change.remove = true;
    return change;
}

util::Result<std::vector<std::string>> deleteEnvironmentFolder(const std::string& prefix,
                                                               const std::string& registry)
{
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(prefix, ec))) {
        return util::fail(util::ErrorCode::IoError,
                          "it is a symbolic link, not the environment's folder", prefix);
    }
    fs::remove_all(prefix, ec);
    if (ec) {
        return util::fail(util::ErrorCode::IoError, ec.message(), prefix);
    }
    std::vector<std::string> notes;
    if (!registry.empty()) {
        if (auto unregistered = env::unregisterEnvironment(registry, prefix); !unregistered) {
            notes.push_back(unregistered.error().message());
        }
    }
    return notes;
}

std::string userRegistry(const config::Config& configuration)
{
    const std::string& home = configuration.inputs().homeDir;
    return home.empty() ? std::string() : env::defaultRegistry(home);
}

util::Result<RemovalResult> removeEnvironment(const std::string& prefix,
                                              const ProtectedPrefixes& protectedPrefixes,
                                              const config::Config& configuration,
                                              const ApplyProgressFn& progress, std::stop_token stop)
{
    auto decided = decideRemoval(prefix, protectedPrefixes, "remove", configuration.pkgsDirs());
    if (auto* refused = std::get_if<Refusal>(&decided)) {
        return RemovalResult{std::move(*refused)};
    }
    const auto* plan = &std::get<Plan>(decided);
    RemovalOutcome outcome;
    if (!plan->unlink.empty()) {
        // The history it writes goes with the folder; the command is only for its format.
        auto applied =
            applyChange(removalChange(*plan, "envdesk env remove"), configuration, progress, stop);
        if (!applied) {
            return applied.error();
        }
        outcome.notes = applied->notes;
        outcome.packages = std::move(*applied);
    }
    // The packages are gone: a stop from here on would only leave an empty husk behind.
    auto deleted = deleteEnvironmentFolder(prefix, userRegistry(configuration));
    if (!deleted) {
        util::Error error = deleted.error();
        error.detail =
            "the packages were removed, but the folder could not be deleted: " + error.detail;
        return error;
    }
    outcome.notes.insert(outcome.notes.end(), deleted->begin(), deleted->end());
    return RemovalResult{std::move(outcome)};
}

} // namespace envdesk::ops
