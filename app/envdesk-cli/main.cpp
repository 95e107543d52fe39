// envdesk-cli: Envdesk without a window, with conda's verbs, flags and --json shapes, so that
// scripts and CI can do what a person does in the app. The verbs are declared in verbs.cpp.

#include "app/envdesk-cli/command_setup.h"
#include "app/envdesk-cli/commands.h"

#include <string>
#include <vector>

int main(int argc, char** argv)
{
    envdesk::cli::watchForInterrupt();
    return envdesk::cli::runCommandLine(envdesk::cli::commandTable(),
                                        std::vector<std::string>(argv + 1, argv + argc));
}
