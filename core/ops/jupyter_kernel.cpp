#include "core/ops/jupyter_kernel.h"

#include "core/util/file_io.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace envdesk::ops {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

std::optional<nlohmann::json> readKernelJson(const fs::path& folder)
{
    const auto text = util::readFile((folder / "kernel.json").string());
    if (!text) {
        return std::nullopt;
    }
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object()) {
        return std::nullopt;
    }
    return json;
}

std::optional<std::string> envdeskPrefixOf(const nlohmann::json& kernel)
{
    const auto metadata = kernel.find("metadata");
    if (metadata == kernel.end() || !metadata->is_object()) {
        return std::nullopt;
    }
    const auto envdesk = metadata->find("envdesk");
    if (envdesk == metadata->end() || !envdesk->is_object() || !envdesk->contains("prefix")
        || !(*envdesk)["prefix"].is_string()) {
        return std::nullopt;
    }
    return (*envdesk)["prefix"].get<std::string>();
}

} // namespace

std::string userKernelsDir(const config::ConfigInputs& inputs)
{
    if (const auto dir = inputs.variable("JUPYTER_DATA_DIR"); dir && !dir->empty()) {
        return *dir + "/kernels";
    }
    if (const auto xdg = inputs.variable("XDG_DATA_HOME"); xdg && !xdg->empty()) {
        return *xdg + "/jupyter/kernels";
    }
    return inputs.homeDir + "/.local/share/jupyter/kernels";
}

std::string kernelNameFor(const std::string& environmentName)
{
    std::string out = "envdesk-";
    for (const char c : environmentName) {
        const bool plain =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else {
            out += plain ? c : '-';
        }
    }
    return out;
}

util::Result<void> checkKernelPackage(const std::string& prefix)
{
    std::error_code ec;
    for (fs::directory_iterator it(fs::path(prefix) / "conda-meta", ec), end; !ec && it != end;
         it.increment(ec)) {
        if (it->path().filename().string().starts_with("ipykernel-")) {
            return {};
        }
    }
    // pip's: lib/pythonX.Y/site-packages/ipykernel
    for (fs::directory_iterator it(fs::path(prefix) / "lib", ec), end; !ec && it != end;
         it.increment(ec)) {
        if (it->path().filename().string().starts_with("python")
            && fs::is_directory(it->path() / "site-packages" / "ipykernel", ec)) {
            return {};
        }
    }
    return fail(ErrorCode::NotFound,
                "ipykernel is not installed in the environment; install it to use the "
                "environment from Jupyter",
                prefix);
}

util::Result<KernelSpec> writeKernel(const std::string& prefix, const std::string& environmentName,
                                     const std::string& cliPath, const std::string& kernelsDir)
{
    if (auto ok = checkKernelPackage(prefix); !ok) {
        return ok.error();
    }
    KernelSpec spec;
    spec.name = kernelNameFor(environmentName);
    spec.displayName = "Python (" + environmentName + ")";
    spec.prefix = prefix;
    spec.folder = (fs::path(kernelsDir) / spec.name).string();
    std::error_code ec;
    if (fs::exists(spec.folder, ec)) {
        const auto existing = readKernelJson(spec.folder);
        const auto owner = existing ? envdeskPrefixOf(*existing) : std::nullopt;
        if (!owner) {
            return fail(ErrorCode::IoError,
                        "a kernel of this name exists and was not made by Envdesk; remove it "
                        "with `jupyter kernelspec remove "
                            + spec.name + "` first",
                        spec.folder);
        }
        if (*owner != prefix) {
            return fail(ErrorCode::IoError,
                        "a kernel of this name exists for another environment (" + *owner + ")",
                        spec.folder);
        }
    }
    fs::create_directories(spec.folder, ec);
    if (ec) {
        return fail(ErrorCode::IoError, "cannot create the folder: " + ec.message(), spec.folder);
    }
    const nlohmann::json kernel = {
        {"argv",
         {cliPath, "run", "-p", prefix, "python", "-m", "ipykernel_launcher", "-f",
          "{connection_file}"}},
        {"display_name", spec.displayName},
        {"language", "python"},
        {"metadata", {{"debugger", true}, {"envdesk", {{"prefix", prefix}}}}},
    };
    if (auto written = util::writeFileAtomically((fs::path(spec.folder) / "kernel.json").string(),
                                                 kernel.dump(1) + "\n");
        !written) {
        return written.error();
    }
    return spec;
}

std::map<std::string, KernelSpec> envdeskKernels(const std::string& kernelsDir)
{
    std::map<std::string, KernelSpec> out;
    std::error_code ec;
    for (fs::directory_iterator it(kernelsDir, ec), end; !ec && it != end; it.increment(ec)) {
        const auto kernel = readKernelJson(it->path());
        if (!kernel) {
            continue;
        }
        const auto prefix = envdeskPrefixOf(*kernel);
        if (!prefix) {
            continue;
        }
        KernelSpec spec;
        spec.name = it->path().filename().string();
        spec.prefix = *prefix;
        spec.folder = it->path().string();
        if (kernel->contains("display_name") && (*kernel)["display_name"].is_string()) {
            spec.displayName = (*kernel)["display_name"].get<std::string>();
        }
        out[*prefix] = std::move(spec);
    }
    return out;
}

util::Result<bool> removeKernel(const std::string& prefix, const std::string& kernelsDir)
{
    const auto kernels = envdeskKernels(kernelsDir);
    const auto found = kernels.find(prefix);
    if (found == kernels.end()) {
        return false;
    }
    std::error_code ec;
    fs::remove_all(found->second.folder, ec);
    if (ec) {
        return fail(ErrorCode::IoError, "cannot remove: " + ec.message(), found->second.folder);
    }
    return true;
}

} // namespace envdesk::ops
