#include "app/envdesk-cli/diff_command.h"

#include "app/envdesk-cli/arguments.h"
#include "app/envdesk-cli/cli_errors.h"
#include "app/envdesk-cli/target_prefix.h"
#include "core/config/config.h"
#include "core/diff/diff_report.h"
#include "core/diff/lock_diff.h"
#include "core/env/prefix.h"
#include "core/specs/channel.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

namespace envdesk::cli {

namespace {

// diff(1)'s statuses: scripts tell "different" from "could not compare".
constexpr int kSame = 0;
constexpr int kDifferent = 1;
constexpr int kTrouble = 2;

const std::vector<OptionSpec>& diffOptions()
{
    static const std::vector<OptionSpec> options = {
        {"--json", "", false, false, "", "Print the difference as JSON (schema envdesk-diff/1)"},
        {"--html", "", true, false, "FILE", "Also write the report as one HTML page ('-': stdout)"},
        {"--unchanged", "", false, false, "", "List unchanged packages too"},
        {"--platform", "", true, false, "SUBDIR", "Compare this platform only (linux-64, ...)"},
        {"--environment", "-e", true, false, "NAME",
         "pixi.lock: the environment (default: default)"},
        {"--color", "", false, false, "", "Colour the report even when not on a terminal"},
        {"--no-color", "", false, false, "", "Never colour the report"},
        {"--help", "-h", false, false, "", "Show this help"},
    };
    return options;
}

void printHelp()
{
    std::cout
        << "usage: envdesk-cli env diff [options] A B\n\n"
           "Compare two environments. A and B are each an environment.yml, an explicit file\n"
           "(@EXPLICIT), a conda-lock file, a pixi.lock, an environment folder, or the name of an\n"
           "environment; the kind is read from the content. For each platform and package\n"
           "manager it reports what was added, removed, upgraded, downgraded (conda's version\n"
           "order), rebuilt, moved to another channel or category, and which specs were\n"
           "loosened or tightened. See docs/lockfile-diff.md.\n\n"
           "Exit status: 0 when A and B are the same, 1 when they differ, 2 on trouble.\n\n"
           "Options:\n"
        << formatOptionsHelp(diffOptions());
}

bool stdoutIsTerminal()
{
#ifdef _WIN32
    return ::_isatty(::_fileno(stdout)) != 0;
#else
    return ::isatty(STDOUT_FILENO) != 0;
#endif
}

// Colour only where a person reads it: a terminal, without NO_COLOR (no-color.org), not a dumb
// one; --color and --no-color override.
bool wantColour(const Arguments& parsed)
{
    if (parsed.flag("--no-color")) {
        return false;
    }
    if (parsed.flag("--color")) {
        return true;
    }
    const char* noColour = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    return stdoutIsTerminal() && (noColour == nullptr || *noColour == '\0')
           && !(term != nullptr && std::string(term) == "dumb");
}

// A side that is neither a file nor a folder, and has no '/' in it, is read as an environment's
// name, the way `-n NAME` is.
std::string resolveSide(const std::string& side)
{
    std::error_code ec;
    if (std::filesystem::exists(side, ec) || side.find('/') != std::string::npos
        || side.find('\\') != std::string::npos) {
        return side;
    }
    Arguments byName;
    byName.values["--name"] = {side};
    auto loaded = loadPrefixCommand(byName, config::ConfigInputs::fromProcess(), {});
    if (const auto* setup = std::get_if<PrefixCommandSetup>(&loaded)) {
        if (env::isEnvironment(setup->prefix)) {
            return setup->prefix;
        }
    }
    return side;
}

bool writeFile(const std::string& path, const std::string& content)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    return static_cast<bool>(out);
}

} // namespace

int runEnvDiff(const std::vector<std::string>& args)
{
    auto parsed = parseArguments(args, diffOptions());
    const auto usage = [](const std::string& message) {
        std::cerr << "envdesk-cli env diff: " << message
                  << "\nTry 'envdesk-cli env diff --help'.\n";
        return kTrouble;
    };
    if (!parsed) {
        return usage(parsed.error().message());
    }
    if (parsed->flag("--help")) {
        printHelp();
        return kSame;
    }
    if (parsed->positionals.size() != 2) {
        return usage("expected two environments or files to compare, A and B");
    }
    if (parsed->flag("--color") && parsed->flag("--no-color")) {
        return usage("argument --no-color: not allowed with argument --color");
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
    const std::string a = resolveSide(parsed->positionals[0]);
    const std::string b = resolveSide(parsed->positionals[1]);
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
        } else if (!writeFile(html, page)) {
            (void)failWith(json, "EnvironmentDiffError", html + ": cannot write the HTML report");
            return kTrouble;
        }
    }
    if (json) {
        std::cout << diff::formatJsonReport(*result, report);
    } else if (html != "-") {
        report.colour = wantColour(*parsed);
        std::cout << diff::formatTextReport(*result, report);
    }
    std::cout.flush();
    return result->identical() ? kSame : kDifferent;
}

} // namespace envdesk::cli
