#include "core/present/use_text.h"

namespace envdesk::present {

namespace {

nlohmann::json kernelJson(const ops::KernelSpec& spec)
{
    return {{"name", spec.name},
            {"display_name", spec.displayName},
            {"prefix", spec.prefix},
            {"resource_dir", spec.folder}};
}

} // namespace

Shown pinsShown(const std::string& prefix, const ops::PinChange& change, bool dryRun)
{
    Shown out{{{"success", true},
               {"prefix", prefix},
               {"pinned", change.after},
               {"changed", change.changed},
               {"dry_run", dryRun}},
              {}};
    if (change.after.empty()) {
        out.text = "No pins in " + prefix + "\n";
    } else {
        out.text = "Pins in " + prefix + " (conda-meta/pinned):\n";
        for (const auto& spec : change.after) {
            out.text += "  " + spec + "\n";
        }
    }
    if (dryRun && change.changed) {
        out.text += "\nDry run: conda-meta/pinned was not changed.\n";
    }
    return out;
}

Shown kernelsShown(const std::map<std::string, ops::KernelSpec>& kernels,
                   const std::string& kernelsDir)
{
    Shown out{{{"success", true}, {"kernels", nlohmann::json::array()}}, {}};
    for (const auto& [prefix, spec] : kernels) {
        out.json["kernels"].push_back(kernelJson(spec));
        out.text += spec.name + "  " + prefix + "\n";
    }
    if (out.text.empty()) {
        out.text = "No kernels made by Envdesk in " + kernelsDir + "\n";
    }
    return out;
}

Shown kernelAddedShown(const ops::KernelSpec& kernel)
{
    return {{{"success", true}, {"kernel", kernelJson(kernel)}},
            "Installed the kernel " + kernel.name + " (\"" + kernel.displayName + "\") in "
                + kernel.folder + "\n"};
}

Shown kernelRemovedShown(const std::string& prefix, bool removed)
{
    return {{{"success", true}, {"removed", removed}},
            removed ? "Removed the Jupyter kernel of " + prefix + "\n"
                    : "No Jupyter kernel made by Envdesk for " + prefix + "\n"};
}

Shown shellInitShown(const ops::ShellInitResult& result, bool dryRun)
{
    Shown out{{{"success", true},
               {"dry_run", dryRun},
               {"file", result.file},
               {"modified", result.changed}},
              std::string(result.changed ? "modified      " : "no change     ") + result.file
                  + "\n"};
    if (result.changed && !dryRun) {
        out.text += "\n==> For changes to take effect, close and re-open your current shell. <==\n";
    } else if (result.changed) {
        out.text += "\nDry run: nothing was written.\n";
    }
    return out;
}

} // namespace envdesk::present
