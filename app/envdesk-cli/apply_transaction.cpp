#include "app/envdesk-cli/apply_transaction.h"

#include "app/envdesk-cli/channel_loading.h"
#include "app/envdesk-cli/cli_errors.h"
#include "app/envdesk-cli/plan.h"
#include "core/ops/apply_change.h"
#include "core/specs/record_json.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace envdesk::cli {

namespace {

const char* phaseName(ops::ApplyProgress::Phase phase)
{
    switch (phase) {
    case ops::ApplyProgress::Phase::Unlink:
        return "Removing";
    case ops::ApplyProgress::Phase::Link:
        return "Installing";
    default:
        return "Finishing";
    }
}

} // namespace

int applyTransaction(const ApplyRequest& request, const config::Config& configuration,
                     std::stop_token stop)
{
    const bool terminal = !request.json && !request.quiet && isatty(STDERR_FILENO);
    ops::Change change;
    change.prefix = request.prefix;
    change.link = request.link;
    change.unlink = request.unlink;
    change.userSpecs = request.userSpecs;
    change.command = request.command;
    change.remove = request.remove;
    change.create = request.create;
    change.offline = request.offline;
    change.compilePyc = request.compilePyc;
    change.basis = request.basis;
    const bool json = request.json;
    auto applied = ops::applyChange(
        change, configuration,
        [terminal, json](const ops::ApplyProgress& progress) {
            if (progress.phase == ops::ApplyProgress::Phase::Waiting) {
                // Said even without a terminal: a log should show why the command sat still.
                if (!json) {
                    std::cerr << (terminal ? "\r\033[K" : "")
                              << "Waiting for another process to finish changing the "
                                 "environment: "
                              << progress.current << "\n";
                }
                return;
            }
            if (!terminal) {
                return;
            }
            switch (progress.phase) {
            case ops::ApplyProgress::Phase::Download:
                std::fprintf(stderr, "\r\033[KDownloading %.1f MB",
                             static_cast<double>(progress.done) / 1e6);
                break;
            case ops::ApplyProgress::Phase::Extract:
                std::fprintf(stderr, "\r\033[KExtracting %llu/%llu",
                             static_cast<unsigned long long>(progress.done),
                             static_cast<unsigned long long>(progress.total));
                break;
            default:
                std::fprintf(stderr, "\r\033[K%s %llu/%llu %s", phaseName(progress.phase),
                             static_cast<unsigned long long>(progress.done + 1),
                             static_cast<unsigned long long>(progress.total),
                             progress.current.c_str());
                break;
            }
        },
        stop);
    if (terminal) {
        std::cerr << "\r\033[K";
    }
    if (!applied) {
        const auto code = applied.error().code;
        if (code == util::ErrorCode::Stale && request.decideAgainWhenStale) {
            if (!request.json) {
                std::cerr << "note: " << applied.error().message() << "\n";
            }
            return kDecideAgain;
        }
        return failWith(request.json,
                        code == util::ErrorCode::Cancelled          ? "KeyboardInterrupt"
                        : code == util::ErrorCode::PermissionDenied ? "EnvironmentNotWritableError"
                                                                    : "CondaError",
                        applied.error().message());
    }
    if (applied->recoveredFirst && !request.json) {
        std::cerr << "note: an interrupted transaction in " << request.prefix
                  << " was rolled back first\n";
    }
    for (const auto& note : applied->notes) {
        if (!request.json) {
            std::cerr << "note: " << note << "\n";
        }
    }
    if (request.verbose) {
        for (const auto& output : applied->report.scriptOutputs) {
            std::cerr << output << (!output.empty() && output.back() == '\n' ? "" : "\n");
        }
    }
    // conda's ClobberWarning, on stderr so that --json output stays one document.
    for (const auto& clobber : applied->report.clobbered) {
        // The path comes from a package: quoted, so its control characters are escaped.
        std::cerr << "ClobberWarning: " << clobber.package << " replaced "
                  << util::quoted(clobber.path, 4096)
                  << ", which was already in the environment (the package linked last wins)\n";
    }
    if (request.quiet) {
        return 0;
    }
    if (request.json) {
        nlohmann::json out;
        out["success"] = true;
        out["prefix"] = request.prefix;
        // The records as a dry run shows them (conda prints the same actions either way).
        nlohmann::json link = nlohmann::json::array();
        for (const auto& record : request.link) {
            link.push_back(specs::recordJson(record, specs::RecordShape::Linked));
        }
        nlohmann::json unlink = nlohmann::json::array();
        for (const auto& record : request.unlink) {
            unlink.push_back(specs::recordJson(record, specs::RecordShape::Linked));
        }
        out["actions"] = {{"PREFIX", request.prefix}, {"LINK", link}, {"UNLINK", unlink}};
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (!applied->report.messages.empty()) {
        std::cout << applied->report.messages
                  << (applied->report.messages.back() == '\n' ? "" : "\n");
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
