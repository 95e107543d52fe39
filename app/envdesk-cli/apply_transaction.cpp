#include "app/envdesk-cli/apply_transaction.h"

#include "app/envdesk-cli/channel_loading.h"
#include "app/envdesk-cli/cli_errors.h"
#include "core/cache/package_cache.h"
#include "core/env/environments.h"
#include "core/env/transaction.h"
#include "core/specs/match_spec.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

namespace envdesk::cli {

namespace {

namespace fs = std::filesystem;

// conda registers every environment it creates in ~/.conda/environments.txt, and conda and
// micromamba list them from there. A registry that cannot be written is worth a note, not a
// failure: the environment is complete.
void registerCreated(const std::string& prefix)
{
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0') {
        return;
    }
    if (auto registered = env::registerEnvironment(env::defaultRegistry(home), prefix);
        !registered) {
        std::cerr << "note: " << registered.error().message() << "\n";
    }
}

const char* phaseName(env::TransactionProgress::Phase phase)
{
    switch (phase) {
    case env::TransactionProgress::Phase::Unlinking:
        return "Removing";
    case env::TransactionProgress::Phase::Linking:
        return "Installing";
    case env::TransactionProgress::Phase::Committing:
        return "Finishing";
    }
    return "";
}

} // namespace

int applyTransaction(const ApplyRequest& request, const config::Config& configuration,
                     std::stop_token stop)
{
    const bool terminal = !request.json && !request.quiet && isatty(STDERR_FILENO);
    if (auto recovered = env::recoverPrefix(request.prefix);
        recovered && *recovered && !request.json) {
        std::cerr << "note: an interrupted transaction in " << request.prefix
                  << " was rolled back first\n";
    }

    // 1. The packages, in the cache.
    cache::PackageCache cache(configuration.pkgsDirs());
    cache::EnsureOptions options;
    options.download = downloadOptions(configuration, request.offline);
    auto ensured = cache.ensureExtracted(
        request.link, options,
        [terminal](const cache::Progress& progress) {
            if (!terminal) {
                return;
            }
            if (progress.phase == cache::Progress::Phase::Download) {
                std::fprintf(stderr, "\r\033[KDownloading %.1f MB",
                             static_cast<double>(progress.done) / 1e6);
            } else {
                std::fprintf(stderr, "\r\033[KExtracting %llu/%llu",
                             static_cast<unsigned long long>(progress.done),
                             static_cast<unsigned long long>(progress.total));
            }
        },
        stop);
    if (terminal) {
        std::cerr << "\r\033[K";
    }
    if (!ensured) {
        return failWith(request.json,
                        ensured.error().code == util::ErrorCode::Cancelled ? "KeyboardInterrupt"
                                                                           : "CondaError",
                        ensured.error().message());
    }

    // 2. The prefix, all or nothing.
    env::TransactionPlan plan;
    plan.compilePyc = request.compilePyc;
    plan.prefix = request.prefix;
    plan.unlink = request.unlink;
    std::map<std::string, std::string> requestedByName;
    for (const auto& text : request.userSpecs) {
        if (auto spec = specs::MatchSpec::parse(text)) {
            requestedByName[spec->name()] = text;
        }
    }
    for (std::size_t i = 0; i < request.link.size(); ++i) {
        env::PackageToLink package;
        package.record = request.link[i];
        package.extractedPackageDir = ensured->folders[i];
        const auto requested = requestedByName.find(package.record.name);
        package.requestedSpec =
            requested == requestedByName.end() ? std::string() : requested->second;
        plan.link.push_back(std::move(package));
    }
    plan.history.command = request.command;
    plan.history.unlinked = request.unlink;
    plan.history.linked = request.link;
    plan.history.specs = request.userSpecs;
    plan.history.kind =
        request.remove ? env::HistoryEntry::Kind::Remove : env::HistoryEntry::Kind::Update;
    auto applied = env::executeTransaction(
        plan,
        [terminal](const env::TransactionProgress& progress) {
            if (terminal) {
                std::fprintf(stderr, "\r\033[K%s %zu/%zu %s", phaseName(progress.phase),
                             progress.done + 1, progress.total, progress.current.c_str());
            }
        },
        stop);
    if (terminal) {
        std::cerr << "\r\033[K";
    }
    if (!applied) {
        const bool cancelled = applied.error().code == util::ErrorCode::Cancelled;
        return failWith(request.json, cancelled ? "KeyboardInterrupt" : "CondaError",
                        applied.error().message()
                            + (cancelled ? "\nThe environment is unchanged."
                                         : "\nThe environment was put back as it was."));
    }
    if (request.create) {
        registerCreated(request.prefix);
    }
    if (request.verbose) {
        for (const auto& output : applied->scriptOutputs) {
            std::cerr << output << (!output.empty() && output.back() == '\n' ? "" : "\n");
        }
    }
    // conda's ClobberWarning, on stderr so that --json output stays one document.
    for (const auto& clobber : applied->clobbered) {
        std::cerr << "ClobberWarning: " << clobber.package << " replaced '" << clobber.path
                  << "', which was already in the environment (the package linked last wins)\n";
    }
    if (request.quiet) {
        return 0;
    }
    if (request.json) {
        nlohmann::json out;
        out["success"] = true;
        out["prefix"] = request.prefix;
        nlohmann::json link = nlohmann::json::array();
        for (const auto& record : request.link) {
            link.push_back({{"name", record.name},
                            {"version", record.version},
                            {"build_string", record.build},
                            {"channel", record.channel}});
        }
        nlohmann::json unlink = nlohmann::json::array();
        for (const auto& record : request.unlink) {
            unlink.push_back({{"name", record.name},
                              {"version", record.version},
                              {"build_string", record.build},
                              {"channel", record.channel}});
        }
        out["actions"] = {{"PREFIX", request.prefix}, {"LINK", link}, {"UNLINK", unlink}};
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (!applied->messages.empty()) {
        std::cout << applied->messages << (applied->messages.back() == '\n' ? "" : "\n");
    }
    std::cout << "Executing transaction: done\n";
    if (request.create) {
        std::cout
            << "#\n# To activate this environment, use\n#\n#     $ conda activate "
            << request.prefix
            << "\n#\n# To deactivate an active environment, use\n#\n#     $ conda deactivate\n";
    }
    return 0;
}

} // namespace envdesk::cli
