#include "core/env/pyc.h"

#include "core/util/process.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace envdesk::env {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

std::string pycPathFor(const std::string& pyPath, const std::string& pythonVersion)
{
    const fs::path source(pyPath);
    std::string tag = "cpython-";
    for (const char c : pythonVersion) {
        if (c != '.') {
            tag += c;
        }
    }
    const fs::path pyc =
        source.parent_path() / "__pycache__" / (source.stem().string() + "." + tag + ".pyc");
    return pyc.generic_string();
}

util::Result<std::vector<std::string>>
compilePyc(const std::string& prefix, const std::vector<std::string>& pyFiles,
           const std::string& pythonVersion, const std::map<std::string, std::string>& environment,
           std::stop_token stop, std::string* output)
{
    std::vector<std::string> compiled;
    const fs::path python = fs::path(prefix) / "bin" / "python";
    if (pyFiles.empty() || ::access(python.c_str(), X_OK) != 0) {
        return compiled;
    }
    // The list goes through a file, as in conda: thousands of modules overflow a command line.
    const fs::path list = fs::path(prefix) / "conda-meta" / ".envdesk-pyc-list";
    {
        std::ofstream out(list, std::ios::binary | std::ios::trunc);
        for (const auto& file : pyFiles) {
            out << (fs::path(prefix) / file).string() << '\n';
        }
        if (!out) {
            return fail(ErrorCode::IoError, "cannot write the list of modules to compile",
                        list.string());
        }
    }
    // -l: no recursion; -i: the list; -Wi: warnings would read as errors in the captured output.
    auto ran = util::runProcess(
        {python.string(), "-Wi", "-m", "compileall", "-q", "-l", "-i", list.string()}, environment,
        prefix, stop);
    std::error_code ec;
    fs::remove(list, ec);
    if (!ran) {
        return ran.error();
    }
    if (output != nullptr) {
        *output = ran->output;
    }
    for (const auto& file : pyFiles) {
        const std::string pyc = pycPathFor(file, pythonVersion);
        if (fs::is_regular_file(fs::path(prefix) / pyc, ec)) {
            compiled.push_back(pyc);
        }
    }
    return compiled;
}

} // namespace envdesk::env
