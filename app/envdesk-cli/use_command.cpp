// run, shell hook|activate|deactivate|reactivate|init: using an environment rather than changing
// it. What each does is core/ops/environment_use.h's; here are conda's options and words.

#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/ops/environment_list.h"
#include "core/ops/environment_use.h"
#include "core/ops/jupyter_kernel.h"
#include "core/present/use_text.h"
#include "core/util/process.h"
#include "core/util/strings.h"

#include <sys/auxv.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace envdesk::cli {

namespace {

namespace fs = std::filesystem;

// This program's path, for the hook, the start-up file and kernels: the one a shell should
// call back. The file name execve() was given (AT_EXECFN), made absolute and not resolved: the
// path the shell found on PATH (an installed /usr/bin/envdesk-cli, or a link a package manager
// keeps stable across upgrades) or the one typed, whatever argv[0] says (`exec -a`). Without
// it, argv[0] looked up on PATH as a shell would.
std::string ownPath(const std::string& program)
{
    std::string executed;
    if (const auto* name = reinterpret_cast<const char*>(::getauxval(AT_EXECFN))) {
        executed = name;
    }
    if (executed.empty()) {
        const char* path = std::getenv("PATH"); // the composition root's process: read once here
        const std::string invoked =
            program_invocation_name != nullptr ? program_invocation_name : program;
        executed = util::findExecutable(invoked, path != nullptr ? path : "").value_or(program);
    }
    if (executed.find('/') == std::string::npos) {
        return executed; // found nowhere: the shell's own lookup is the best left
    }
    std::error_code ec;
    const fs::path absolute = fs::absolute(executed, ec);
    return ec ? executed : absolute.lexically_normal().string();
}

// The environment for activation, run and kernels: `typed` (ENV of `shell activate`), else what
// -n/-p name, else the active one; conda's EnvironmentNameNotFound or
// EnvironmentLocationNotFound when it is not an environment.
std::variant<std::string, CliFailure> environmentPrefix(const Arguments& arguments,
                                                        const std::string& typed,
                                                        const config::ConfigInputs& inputs,
                                                        const config::Config& configuration)
{
    const auto choice =
        typed.empty() ? typedTarget(arguments) : std::optional<env::PrefixChoice>(choiceOf(typed));
    auto prefix = ops::existingEnvironment(choice, inputs, configuration);
    if (prefix) {
        return std::move(*prefix);
    }
    const bool byName = choice && choice->kind == env::PrefixChoice::Kind::Name;
    if (!prefix.error().context.empty() && prefix.error().code == util::ErrorCode::NotFound) {
        return CliFailure{byName ? "EnvironmentNameNotFound" : "EnvironmentLocationNotFound",
                          prefix.error().detail};
    }
    return CliFailure{"CondaValueError", prefix.error().message()};
}

struct ShellCall {
    config::ConfigInputs inputs;
    config::Config configuration;
    env::Shell shell = env::Shell::Posix;
};

std::variant<ShellCall, int> shellCall(const Invocation& call)
{
    const std::string shellName = call.args.value("--shell", "posix");
    const auto shell = env::shellNamed(shellName);
    if (!shell) {
        return call.usageError("argument --shell: invalid choice: " + util::quoted(shellName)
                               + " (choose from 'bash', 'zsh', 'fish', 'posix')");
    }
    ShellCall out{config::ConfigInputs::fromProcess(), {}, *shell};
    auto setup = loadCommandSetup(out.inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(false, *failure);
    }
    out.configuration = std::move(std::get<CommandSetup>(setup).configuration);
    return out;
}

int printChange(const util::Result<env::ActivationChange>& change, env::Shell shell)
{
    if (!change) {
        return failWith(false, change.error());
    }
    std::cout << env::scriptFor(*change, shell);
    return 0;
}

} // namespace

int runRun(const Invocation& call)
{
    const Arguments& args = call.args;
    const auto inputs = config::ConfigInputs::fromProcess();
    auto setup = loadCommandSetup(inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(false, *failure);
    }
    const auto& configuration = std::get<CommandSetup>(setup).configuration;
    if (args.positionals.empty()) {
        return call.usageError("the following arguments are required: executable_call");
    }
    auto prefix = environmentPrefix(args, {}, inputs, configuration);
    if (const auto* failure = std::get_if<CliFailure>(&prefix)) {
        return failWith(false, *failure);
    }
    auto argv = ops::commandInEnvironment(std::get<std::string>(prefix), args.positionals,
                                          ops::activationContext(inputs, configuration),
                                          call.program + " run");
    if (!argv) {
        return failWith(false, argv.error());
    }
    if (args.has("--cwd")) {
        const std::string cwd = args.value("--cwd");
        if (::chdir(cwd.c_str()) != 0) {
            return failWith(false, "CondaError",
                            "cannot change to the folder " + util::quoted(cwd) + ": "
                                + std::strerror(errno));
        }
    }
    // The command takes this process's place: its output streams as it is written, its exit
    // status is this command's, and Ctrl+C reaches it as it would without Envdesk.
    std::vector<char*> raw;
    for (auto& argument : *argv) {
        raw.push_back(argument.data());
    }
    raw.push_back(nullptr);
    std::cout.flush();
    ::execv(raw.front(), raw.data());
    return failWith(false, "CondaError",
                    "cannot start " + argv->front() + ": " + std::strerror(errno));
}

// shell hook, activate, deactivate and reactivate: the code the shell evaluates.
int runShellScript(const Invocation& call)
{
    auto setup = shellCall(call);
    if (const int* status = std::get_if<int>(&setup)) {
        return *status;
    }
    const auto& [inputs, configuration, shell] = std::get<ShellCall>(setup);
    const std::string& verb = call.verb.name;
    if (verb == "shell hook") {
        std::cout << env::hookScript(shell, ownPath(call.program));
        return 0;
    }
    const auto context = ops::activationContext(inputs, configuration);
    if (verb == "shell deactivate") {
        return printChange(env::deactivate(context, shell), shell);
    }
    if (verb == "shell reactivate") {
        return printChange(env::reactivate(context, shell), shell);
    }
    // conda activate without an environment activates base.
    const std::string typed = call.args.positionals.empty() ? "base" : call.args.positionals[0];
    auto prefix = environmentPrefix({}, typed, inputs, configuration);
    if (const auto* failure = std::get_if<CliFailure>(&prefix)) {
        return failWith(false, *failure);
    }
    return printChange(
        env::activate(std::get<std::string>(prefix), context, shell, call.args.flag("--stack")),
        shell);
}

int runShellInit(const Invocation& call)
{
    auto setup = shellCall(call);
    if (const int* status = std::get_if<int>(&setup)) {
        return *status;
    }
    const auto& shell = std::get<ShellCall>(setup);
    if (!call.args.has("--shell")) {
        return call.usageError("the following arguments are required: --shell");
    }
    const bool json = call.json();
    std::string file = call.args.value("--file");
    if (file.empty()) {
        auto found = ops::startupFileFor(shell.shell, shell.inputs);
        if (!found) {
            return failWith(json, "CondaError", found.error().message());
        }
        file = *found;
    }
    const bool reverse = call.args.flag("--reverse");
    const bool dryRun = call.args.flag("--dry-run");
    auto done = ops::initShell(shell.shell, file, ownPath(call.program), reverse, dryRun);
    if (!done) {
        return failWith(json, done.error());
    }
    return show(json, present::shellInitShown(*done, dryRun));
}

namespace {

// The name a kernel shows: the environment's as `env list` shows it, else the folder's.
std::string environmentNameOf(const std::string& prefix, const config::ConfigInputs& inputs,
                              const config::Config& configuration)
{
    for (const auto& info : ops::listEnvironments(inputs, configuration)) {
        if (info.prefix == prefix && !info.name.empty()) {
            return info.name;
        }
    }
    return fs::path(prefix).filename().string();
}

} // namespace

int runKernel(const Invocation& call)
{
    const Arguments& args = call.args;
    const bool json = call.json();
    const std::string action = args.positionals.empty() ? "list" : args.positionals[0];
    if (action != "add" && action != "remove" && action != "list") {
        return call.usageError("argument ACTION: invalid choice: " + util::quoted(action)
                               + " (choose from 'add', 'remove', 'list')");
    }
    const auto inputs = config::ConfigInputs::fromProcess();
    auto setup = loadCommandSetup(inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, *failure);
    }
    const auto& configuration = std::get<CommandSetup>(setup).configuration;
    const std::string kernelsDir = ops::userKernelsDir(inputs);
    if (action == "list") {
        return show(json, present::kernelsShown(ops::envdeskKernels(kernelsDir), kernelsDir));
    }
    auto prefix = environmentPrefix(args, {}, inputs, configuration);
    if (const auto* failure = std::get_if<CliFailure>(&prefix)) {
        return failWith(json, *failure);
    }
    const std::string& path = std::get<std::string>(prefix);
    if (action == "remove") {
        auto removed = ops::removeKernel(path, kernelsDir);
        if (!removed) {
            return failWith(json, "CondaError", removed.error().message());
        }
        return show(json, present::kernelRemovedShown(path, *removed));
    }
    auto written = ops::writeKernel(path, environmentNameOf(path, inputs, configuration),
                                    ownPath(call.program), kernelsDir);
    if (!written) {
        return failWith(json,
                        written.error().code == util::ErrorCode::NotFound ? "PackagesNotFoundError"
                                                                          : "CondaError",
                        written.error().message());
    }
    return show(json, present::kernelAddedShown(*written));
}

} // namespace envdesk::cli
