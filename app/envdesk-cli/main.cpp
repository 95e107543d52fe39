// envdesk-cli: Envdesk without a window, with conda's verbs, flags and --json shapes, so that
// scripts and CI can do what a person does in the app.

#include "app/envdesk-cli/config_command.h"
#include "app/envdesk-cli/env_command.h"
#include "app/envdesk-cli/history_command.h"
#include "app/envdesk-cli/index_command.h"
#include "app/envdesk-cli/info_command.h"
#include "app/envdesk-cli/list_command.h"
#include "app/envdesk-cli/search_command.h"
#include "app/envdesk-cli/solve_command.h"

#include <iostream>
#include <string>
#include <vector>

namespace {

void printUsage(std::ostream& out)
{
    out << "usage: envdesk-cli [--version] [--help] COMMAND [ARGS]\n\n"
           "Commands:\n"
           "  config    Show and edit .condarc configuration, like conda config\n"
           "  create    Create a new environment\n"
           "  env       List, export, create from a file, and remove environments\n"
           "  history   List the revisions of an environment (install --revision N goes back)\n"
           "  index     Write repodata.json for the subdirs of a local channel\n"
           "  info      Show the platform, GPUs, virtual packages and configuration\n"
           "  install   Install packages into an environment\n"
           "  list      List the packages installed in an environment\n"
           "  remove    Remove packages from an environment\n"
           "  rename    Rename an environment\n"
           "  search    Search channels for packages matching a spec\n"
           "  update    Update packages of an environment\n\n"
           "Run 'envdesk-cli COMMAND --help' for a command's options.\n";
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        printUsage(std::cerr);
        return 2;
    }
    const std::string verb = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (verb == "--help" || verb == "-h" || verb == "help") {
        printUsage(std::cout);
        return 0;
    }
    if (verb == "--version" || verb == "-V") {
        std::cout << "envdesk-cli " << ENVDESK_VERSION << "\n";
        return 0;
    }
    if (verb == "config") {
        return envdesk::cli::runConfig(rest);
    }
    if (verb == "env") {
        return envdesk::cli::runEnv(rest);
    }
    if (verb == "rename") {
        return envdesk::cli::runRename(rest);
    }
    if (verb == "history") {
        return envdesk::cli::runHistory(rest);
    }
    if (verb == "info") {
        return envdesk::cli::runInfo(rest);
    }
    if (verb == "index") {
        return envdesk::cli::runIndex(rest);
    }
    if (verb == "list") {
        return envdesk::cli::runList(rest);
    }
    if (verb == "search") {
        return envdesk::cli::runSearch(rest);
    }
    if (verb == "create") {
        return envdesk::cli::runCreate(rest);
    }
    if (verb == "install") {
        return envdesk::cli::runInstall(rest);
    }
    if (verb == "update" || verb == "upgrade") {
        return envdesk::cli::runUpdate(rest);
    }
    if (verb == "remove" || verb == "uninstall") {
        return envdesk::cli::runRemove(rest);
    }
    std::cerr << "envdesk-cli: unknown command '" << verb << "'\n";
    printUsage(std::cerr);
    return 2;
}
