#include "app/envdesk-cli/plan.h"

#include "app/envdesk-cli/apply_transaction.h"
#include "app/envdesk-cli/cli_errors.h"
#include "app/envdesk-cli/target_prefix.h"
#include "core/specs/channel.h"
#include "core/specs/record_json.h"
#include "core/util/strings.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

namespace envdesk::cli {

namespace {

namespace fs = std::filesystem;

// conda's Channel.name: what record ids print ("conda-forge", "pkgs/main"), the part before
// "/subdir::" in `conda-forge/linux-64::python-3.9.18-...`.
std::string channelShortName(const std::string& canonical)
{
    if (canonical == "defaults") {
        return "pkgs/main";
    }
    return canonical;
}

// conda's human_bytes.
std::string humanBytes(std::uint64_t bytes)
{
    char text[32];
    if (bytes < 1024) {
        std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
        return text;
    }
    const double k = static_cast<double>(bytes) / 1024;
    if (k < 1024) {
        std::snprintf(text, sizeof text, "%d KB", static_cast<int>(std::lround(k)));
        return text;
    }
    const double m = k / 1024;
    if (m < 1024) {
        std::snprintf(text, sizeof text, "%.1f MB", m);
        return text;
    }
    std::snprintf(text, sizeof text, "%.2f GB", m / 1024);
    return text;
}

std::string displayKey(const std::string& name)
{
    return name.size() > 18 ? name.substr(0, 15) + "..." : name;
}

std::string padRight(const std::string& text, std::size_t width)
{
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string padLeft(const std::string& text, std::size_t width)
{
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

// conda's diff_strs: only the parts that change, channel and subdir only when they do.
std::pair<std::string, std::string> diffStrings(const specs::PackageRecord& from,
                                                const specs::PackageRecord& to)
{
    const bool channelChange = channelShortName(from.channel) != channelShortName(to.channel);
    const bool subdirChange = from.subdir != to.subdir;
    std::string left;
    std::string right;
    if (channelChange || subdirChange) {
        left += channelShortName(from.channel);
        right += channelShortName(to.channel);
    }
    if (subdirChange) {
        left += "/" + from.subdir;
        right += "/" + to.subdir;
    }
    if (channelChange || subdirChange) {
        left += "::" + from.name + "-";
        right += "::" + to.name + "-";
    }
    if (from.version != to.version || from.build != to.build) {
        left += from.version + "-" + from.build;
        right += to.version + "-" + to.build;
    }
    return {left, right};
}

void printPlan(const Plan& plan, bool remove, const std::vector<std::string>& specTexts)
{
    std::cout << "\n## Package Plan ##\n\n  environment location: " << plan.prefix << "\n\n";
    if (!specTexts.empty()) {
        std::vector<std::string> sorted = specTexts;
        std::sort(sorted.begin(), sorted.end());
        std::cout << (remove ? "  removed specs:" : "  added / updated specs:");
        for (const auto& spec : sorted) {
            // As typed, so a spec's channel may carry a token or a password.
            std::cout << "\n    - " << specs::maskSecrets(spec);
        }
        std::cout << "\n\n";
    }
    if (!plan.fetch.empty()) {
        std::cout << "\nThe following packages will be downloaded:\n\n";
        char line[256];
        std::snprintf(line, sizeof line, "    %-27s|%17s", "package", "build");
        std::cout << line << "\n";
        std::snprintf(line, sizeof line, "    %-27s|%17s", std::string(27, '-').c_str(),
                      std::string(17, '-').c_str());
        std::cout << line << "\n";
        std::uint64_t total = 0;
        for (const auto& record : plan.fetch) {
            total += record.size;
            std::snprintf(line, sizeof line, "    %-27s|%17s",
                          (record.name + "-" + record.version).c_str(), record.build.c_str());
            std::cout << line << padLeft(humanBytes(record.size), 15) << "  "
                      << specs::maskSecrets(record.channel) << "\n";
        }
        if (plan.fetch.size() > 1) {
            std::cout << "    " << std::string(60, '-') << "\n"
                      << std::string(43, ' ') << "Total: " << padLeft(humanBytes(total), 14)
                      << "\n";
        }
        std::cout << "\n";
    }
    std::vector<const solver::Action*> added;
    std::vector<const solver::Action*> removed;
    std::vector<const solver::Action*> updated;
    std::vector<const solver::Action*> superseded;
    std::vector<const solver::Action*> downgraded;
    std::vector<const solver::Action*> reinstalled;
    for (const auto& action : plan.actions) {
        switch (action.kind) {
        case solver::Action::Kind::Install:
            added.push_back(&action);
            break;
        case solver::Action::Kind::Remove:
            removed.push_back(&action);
            break;
        case solver::Action::Kind::Upgrade:
            updated.push_back(&action);
            break;
        case solver::Action::Kind::Change:
            superseded.push_back(&action);
            break;
        case solver::Action::Kind::Downgrade:
            downgraded.push_back(&action);
            break;
        case solver::Action::Kind::Reinstall:
            reinstalled.push_back(&action);
            break;
        }
    }
    const auto single = [](const specs::PackageRecord& record) {
        return "  " + padRight(displayKey(record.name), 18) + " " + channelShortName(record.channel)
               + "/" + record.subdir + "::" + record.distName();
    };
    const auto twofold = [](const solver::Action& action) {
        auto [left, right] = diffStrings(*action.from, *action.to);
        if (left.size() > 38) {
            left = left.substr(0, 35) + "...";
        }
        return "  " + padRight(displayKey(action.to->name), 18) + " " + padLeft(left, 38) + " --> "
               + right;
    };
    if (!added.empty()) {
        std::cout << "\nThe following NEW packages will be INSTALLED:\n\n";
        for (const auto* action : added) {
            std::cout << single(*action->to) << "\n";
        }
        std::cout << "\n";
    }
    if (!reinstalled.empty()) {
        std::cout << "\nThe following packages will be REINSTALLED:\n\n";
        for (const auto* action : reinstalled) {
            std::cout << single(*action->to) << "\n";
        }
        std::cout << "\n";
    }
    if (!removed.empty()) {
        std::cout << "\nThe following packages will be REMOVED:\n\n";
        for (const auto* action : removed) {
            std::cout << "  " << action->from->distName() << "\n";
        }
        std::cout << "\n";
    }
    const auto section = [&](const char* title, const std::vector<const solver::Action*>& list) {
        if (list.empty()) {
            return;
        }
        std::cout << "\nThe following packages will be " << title << ":\n\n";
        for (const auto* action : list) {
            std::cout << twofold(*action) << "\n";
        }
        std::cout << "\n";
    };
    section("UPDATED", updated);
    section("SUPERSEDED by a higher-priority channel", superseded);
    section("DOWNGRADED", downgraded);
    std::cout << "\n";
}

} // namespace

int presentAndApply(const Plan& plan, const PlanOptions& options,
                    const config::Config& configuration)
{
    if (options.quiet) {
        if (options.dryRun) {
            return 0;
        }
    } else if (plan.actions.empty() && !options.create) {
        const std::string message = "All requested packages already installed.";
        if (options.json) {
            std::cout << nlohmann::json{{"success", true}, {"message", message}}.dump(2) << "\n";
        } else {
            std::cout << "\n# " << message << "\n\n";
        }
        return 0;
    }

    if (options.quiet) {
        // Nothing to show.
    } else if (options.json) {
        nlohmann::json actions;
        actions["PREFIX"] = plan.prefix;
        actions["LINK"] = nlohmann::json::array();
        actions["UNLINK"] = nlohmann::json::array();
        actions["FETCH"] = nlohmann::json::array();
        for (const auto& record : plan.link) {
            actions["LINK"].push_back(specs::recordJson(record, specs::RecordShape::Linked));
        }
        for (const auto& record : plan.unlink) {
            actions["UNLINK"].push_back(specs::recordJson(record, specs::RecordShape::Linked));
        }
        for (const auto& record : plan.fetch) {
            actions["FETCH"].push_back(specs::recordJson(record, specs::RecordShape::Fetched));
        }
        if (options.dryRun) {
            nlohmann::json out;
            out["success"] = true;
            out["dry_run"] = true;
            out["actions"] = std::move(actions);
            std::cout << out.dump(2) << "\n";
            return 0;
        }
    } else {
        printPlan(plan, options.remove, options.specTexts);
        if (options.dryRun) {
            std::cerr << "DryRunExit: Dry run. Exiting.\n";
            return 0;
        }
        // conda asks before it changes anything, unless -y; without a terminal to ask on, it
        // would wait forever, so there the answer is taken as yes.
        if (!options.yes && isatty(STDIN_FILENO)) {
            std::cout << "\nProceed ([y]/n)? " << std::flush;
            std::string answer;
            std::getline(std::cin, answer);
            if (!answer.empty() && answer != "y" && answer != "Y" && answer != "yes") {
                std::cerr << "CondaSystemExit: Exiting.\n";
                return 1;
            }
        }
        std::cout << "\n";
    }
    ApplyRequest apply;
    apply.prefix = plan.prefix;
    apply.link = plan.link;
    apply.unlink = plan.unlink;
    apply.userSpecs = options.specTexts;
    apply.remove = options.remove;
    apply.create = options.create;
    apply.json = options.json;
    apply.offline = options.offline;
    apply.compilePyc = options.compilePyc;
    apply.verbose = options.verbose;
    apply.quiet = options.quiet;
    apply.command = options.command;
    apply.basis = plan.basis;
    apply.decideAgainWhenStale = options.decideAgainWhenStale;
    return applyTransaction(apply, configuration, interruptToken());
}

} // namespace envdesk::cli
