#pragma once

#include "core/config/config.h"
#include "core/util/result.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

// "Make available in Jupyter": a kernelspec in the user's Jupyter data folder that starts the
// environment's python activated (through `envdesk-cli run`), so JupyterLab running anywhere
// lists the environment as a kernel. Kernels Envdesk writes say which prefix they are for
// (metadata.envdesk.prefix), so the window can tell which environments have one.
namespace envdesk::ops {

// Where user kernelspecs live: $JUPYTER_DATA_DIR/kernels, else $XDG_DATA_HOME/jupyter/kernels,
// else ~/.local/share/jupyter/kernels (jupyter_core's jupyter_data_dir on Linux).
[[nodiscard]] std::string userKernelsDir(const config::ConfigInputs& inputs);

struct KernelSpec {
    std::string name;        // the folder name: "envdesk-ml"
    std::string displayName; // "Python (ml)"
    std::string prefix;      // the environment it starts
    std::string folder;      // <kernels dir>/<name>
};

// The kernel folder name for an environment named `environmentName`: "envdesk-" and the name
// lowercased, with anything but letters, digits, '.', '_' and '-' made '-'.
[[nodiscard]] std::string kernelNameFor(const std::string& environmentName);

// Whether the environment can run a Jupyter kernel: it has ipykernel installed (a conda-meta
// record, or pip's). NotFound naming ipykernel when it does not.
[[nodiscard]] util::Result<void> checkKernelPackage(const std::string& prefix);

// Writes <kernelsDir>/<name>/kernel.json (atomically), replacing one Envdesk wrote for the same
// prefix. A folder of that name written by someone else is an error naming it: Envdesk never
// replaces a kernel it did not make.
[[nodiscard]] util::Result<KernelSpec> writeKernel(const std::string& prefix,
                                                   const std::string& environmentName,
                                                   const std::string& cliPath,
                                                   const std::string& kernelsDir);

// The kernels Envdesk wrote in `kernelsDir`, by prefix.
[[nodiscard]] std::map<std::string, KernelSpec> envdeskKernels(const std::string& kernelsDir);

// Removes the kernel Envdesk wrote for `prefix`; nothing to do when there is none.
[[nodiscard]] util::Result<bool> removeKernel(const std::string& prefix,
                                              const std::string& kernelsDir);

} // namespace envdesk::ops
