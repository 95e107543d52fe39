#include "core/ops/environment_use.h"

#include "core/util/file_io.h"
#include "core/util/process.h"

#include <filesystem>

namespace envdesk::ops {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

constexpr std::string_view kBlockStart = "# >>> envdesk initialize >>>";
constexpr std::string_view kBlockEnd = "# <<< envdesk initialize <<<";

// `text` without the block (and the one blank line init put before it); nullopt when it has
// none. A start marker without an end is left alone: the user edited it, and guessing where it
// ends could delete their lines.
std::optional<std::pair<std::string, std::size_t>> withoutBlock(const std::string& text)
{
    const auto start = text.find(kBlockStart);
    if (start == std::string::npos || (start != 0 && text[start - 1] != '\n')) {
        return std::nullopt;
    }
    const auto endMarker = text.find(kBlockEnd, start);
    if (endMarker == std::string::npos) {
        return std::nullopt;
    }
    auto end = endMarker + kBlockEnd.size();
    if (end < text.size() && text[end] == '\r') {
        ++end;
    }
    if (end < text.size() && text[end] == '\n') {
        ++end;
    }
    // The one blank line init put before the block ("\n\n" or "\r\n\r\n").
    std::size_t from = start;
    if (from >= 2 && text[from - 1] == '\n' && text[from - 2] == '\n') {
        --from;
    } else if (from >= 4 && text.compare(from - 4, 4, "\r\n\r\n") == 0) {
        from -= 2;
    }
    return std::pair{text.substr(0, from) + text.substr(end), from};
}

} // namespace

env::ActivationContext activationContext(const config::ConfigInputs& inputs,
                                         const config::Config& configuration)
{
    env::ActivationContext context;
    context.variables = inputs.env;
    context.rootPrefix = inputs.effectiveRootPrefix();
    context.changePrompt = configuration.changePs1();
    context.envPrompt = configuration.envPrompt();
    return context;
}

util::Result<std::vector<std::string>> commandInEnvironment(const std::string& prefix,
                                                            const std::vector<std::string>& command,
                                                            const env::ActivationContext& context,
                                                            const std::string& programName)
{
    if (command.empty() || command.front().empty()) {
        return fail(ErrorCode::NotFound, "no command to run", prefix);
    }
    auto change = env::activate(prefix, context, env::Shell::Posix, false);
    if (!change) {
        return change.error();
    }
    // conda runs its wrapper with bash; the activate.d scripts packages ship are written for it.
    std::string shell = "/bin/sh";
    for (const char* candidate : {"/bin/bash", "/usr/bin/bash"}) {
        if (util::findExecutable(candidate, {})) {
            shell = candidate;
            break;
        }
    }
    return std::vector<std::string>{
        shell, "-c", env::runScript(*change, prefix, programName, command), programName};
}

util::Result<std::string> startupFileFor(env::Shell shell, const config::ConfigInputs& inputs)
{
    if (inputs.homeDir.empty()) {
        return fail(ErrorCode::NotFound, "no home folder ($HOME is not set)", "shell init");
    }
    switch (shell) {
    case env::Shell::Bash:
        return inputs.homeDir + "/.bashrc";
    case env::Shell::Zsh: {
        const auto zdotdir = inputs.variable("ZDOTDIR");
        return (zdotdir && !zdotdir->empty() ? *zdotdir : inputs.homeDir) + "/.zshrc";
    }
    case env::Shell::Fish: {
        const auto xdg = inputs.variable("XDG_CONFIG_HOME");
        return (xdg && !xdg->empty() ? *xdg : inputs.homeDir + "/.config") + "/fish/config.fish";
    }
    case env::Shell::Posix:
        return inputs.homeDir + "/.profile";
    }
    return fail(ErrorCode::NotFound, "unknown shell", "shell init");
}

std::string initBlock(env::Shell shell, const std::string& cliPath)
{
    std::string out(kBlockStart);
    out += "\n# !! Contents within this block are managed by 'envdesk-cli shell init' !!\n";
    if (shell == env::Shell::Fish) {
        out += env::fishQuoted(cliPath) + " shell hook --shell fish | source\n";
    } else {
        const std::string name = shell == env::Shell::Zsh    ? "zsh"
                                 : shell == env::Shell::Bash ? "bash"
                                                             : "posix";
        out += "eval \"$(" + env::posixQuoted(cliPath) + " shell hook --shell " + name + ")\"\n";
    }
    out += kBlockEnd;
    out += "\n";
    return out;
}

util::Result<ShellInitResult> initShell(env::Shell shell, const std::string& fileIn,
                                        const std::string& cliPath, bool reverse, bool dryRun)
{
    std::error_code ec;
    std::string file = fileIn;
    if (fs::is_symlink(file, ec)) {
        const auto target = fs::canonical(file, ec);
        if (ec) {
            return fail(ErrorCode::IoError, "a link to nowhere: " + ec.message(), file);
        }
        file = target.string();
    }
    std::string text;
    const bool exists = fs::exists(file, ec);
    if (exists) {
        auto read = util::readFile(file);
        if (!read) {
            return read.error();
        }
        text = std::move(*read);
    }
    ShellInitResult result;
    result.file = file;
    const auto stripped = withoutBlock(text);
    if (text.find(kBlockStart) != std::string::npos && !stripped) {
        return fail(ErrorCode::ParseError,
                    "has \"" + std::string(kBlockStart) + "\" without its end line \""
                        + std::string(kBlockEnd) + "\"; mend or remove it by hand",
                    file);
    }
    if (reverse) {
        result.content = stripped ? stripped->first : text;
    } else {
        std::string block = initBlock(shell, cliPath);
        // A file written with CRLF line ends gets its block the same way.
        if (text.find("\r\n") != std::string::npos) {
            std::string crlf;
            for (const char c : block) {
                crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
            }
            block = std::move(crlf);
        }
        const std::string newline = text.find("\r\n") != std::string::npos ? "\r\n" : "\n";
        if (stripped) {
            // In place of the old block, so the user's order of start-up lines is kept.
            std::string rest = stripped->first;
            std::size_t at = stripped->second;
            std::string before = rest.substr(0, at);
            if (!before.empty() && !before.ends_with(newline + newline)) {
                before += before.ends_with(newline) ? newline : newline + newline;
            }
            result.content = before + block + rest.substr(at);
        } else {
            std::string before = text;
            if (!before.empty()) {
                before += before.ends_with(newline) ? newline : newline + newline;
            }
            result.content = before + block;
        }
    }
    result.changed = result.content != text;
    if (!result.changed || dryRun) {
        return result;
    }
    if (!exists) {
        fs::create_directories(fs::path(file).parent_path(), ec);
        if (ec) {
            return fail(ErrorCode::IoError, "cannot create the folder: " + ec.message(),
                        fs::path(file).parent_path().string());
        }
    }
    if (auto written = util::writeFileAtomically(file, result.content); !written) {
        return written.error();
    }
    return result;
}

} // namespace envdesk::ops
