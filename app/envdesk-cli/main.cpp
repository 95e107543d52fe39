// envdesk-cli: Envdesk without a window, with conda's verbs, flags and --json shapes, so that
// scripts and CI can do what a person does in the app. The verbs are declared in verbs.cpp.

#include "app/envdesk-cli/verb.h"

#include <string>
#include <vector>

int main(int argc, char** argv)
{
    return envdesk::cli::runCommandLine(std::vector<std::string>(argv + 1, argv + argc));
}
