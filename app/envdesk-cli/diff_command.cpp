#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/diff/diff_report.h"
#include "core/diff/lock_diff.h"
#include "core/env/prefix.h"
#include "core/util/file_io.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

namespace envdesk::cli {

namespace {

// diff(1)'s statuses: scripts tell "different" from "could not compare".
constexpr int kSame = 0;
constexpr int kDifferent = 1;
constexpr int kTrouble = 2;

// Colour only where a person reads it: a terminal, without NO_COLOR (no-color.org), not a dumb
// one; --color and --no-color override.
bool wantColour(const Arguments& parsed, const config::ConfigInputs& inputs)
{
    if (parsed.flag("--no-color") || parsed.flag("--color")) {
        return parsed.flag("--color");
    }
    const auto variable = [&](const char* name) {
        const auto found = inputs.env.find(name);
        return found == inputs.env.end() ? std::string() : found->second;
    };
    return isatty(STDOUT_FILENO) != 0 && variable("NO_COLOR").empty() && variable("TERM") != "dumb";
}

// A side that is neither a file nor a folder, and has no '/' in it, is read as an environment's
// name, the way `-n NAME` is.
std::string resolveSide(const std::string& side, const config::ConfigInputs& inputs)
{
    std::error_code ec;
    if (std::filesystem::exists(side, ec) || side.find('/') != std::string::npos
        || side.find('\\') != std::string::npos) {
        return side;
    }
    Arguments byName;
    byName.values["--name"] = {side};
    auto loaded = loadPrefixCommand(byName, inputs, {});
    const auto* setup = std::get_if<PrefixCommandSetup>(&loaded);
    return setup != nullptr && env::isEnvironment(setup->prefix) ? setup->prefix : side;
}

} // namespace

int runEnvDiff(const Invocation& call)
{
    const Arguments* parsed = &call.args;
    const auto usage = [&](const std::string& message) { return call.usageError(message); };
    if (parsed->positionals.size() != 2) {
        return usage("expected two environments or files to compare, A and B");
    }
    const bool json = parsed->flag("--json");
    const std::string html = parsed->value("--html");
    if (json && html == "-") {
        return usage("--json and --html - both want stdout");
    }

    diff::DiffOptions options;
    options.platform = parsed->value("--platform");
    options.environment = parsed->value("--environment");
    if (!options.platform.empty() && !specs::isKnownPlatform(options.platform)) {
        return usage("unknown platform '" + options.platform + "'");
    }
    const auto inputs = config::ConfigInputs::fromProcess();
    const std::string a = resolveSide(parsed->positionals[0], inputs);
    const std::string b = resolveSide(parsed->positionals[1], inputs);
    auto result = diff::diffSources(a, b, options);
    if (!result) {
        // The readers' messages start with "path:line:column", which names what to fix.
        (void)failWith(json, "EnvironmentDiffError", result.error().message());
        return kTrouble;
    }

    diff::ReportOptions report;
    report.showUnchanged = parsed->flag("--unchanged");
    if (!options.environment.empty() && result->a.kind != diff::SourceKind::PixiLock
        && result->b.kind != diff::SourceKind::PixiLock) {
        std::cerr << "warning: --environment applies to pixi.lock files, and neither side is one\n";
    }
    for (const auto& warning : result->warnings) {
        std::cerr << "warning: " << warning << "\n";
    }
    if (!html.empty()) {
        const std::string page = diff::formatHtmlReport(*result, report);
        if (html == "-") {
            std::cout << page;
        } else if (!util::writeFileAtomically(html, page)) {
            (void)failWith(json, "EnvironmentDiffError", html + ": cannot write the HTML report");
            return kTrouble;
        }
    }
    if (json) {
        std::cout << diff::formatJsonReport(*result, report);
    } else if (html != "-") {
        report.colour = wantColour(*parsed, inputs);
        std::cout << diff::formatTextReport(*result, report);
    }
    std::cout.flush();
    return result->identical() ? kSame : kDifferent;
}

} // namespace envdesk::cli
