#pragma once

#include "core/ops/environment_pins.h"
#include "core/ops/environment_use.h"
#include "core/ops/jupyter_kernel.h"
#include "core/present/conda_text.h"

#include <map>
#include <string>

// The answers of Envdesk's own verbs for using an environment (pin, unpin, kernel, shell init):
// conda has none of them, so the shapes are ours, kept in the spirit of conda's (`success`
// first, paths absolute).
namespace envdesk::present {

// pin / unpin: {"success", "prefix", "pinned", "changed", "dry_run"}; the pins as a list.
[[nodiscard]] Shown pinsShown(const std::string& prefix, const ops::PinChange& change, bool dryRun);

// kernel list: {"success", "kernels": [{"name", "display_name", "prefix", "resource_dir"}]};
// one line per kernel, or where none was found.
[[nodiscard]] Shown kernelsShown(const std::map<std::string, ops::KernelSpec>& kernels,
                                 const std::string& kernelsDir);
// kernel add: {"success", "kernel": {...}}.
[[nodiscard]] Shown kernelAddedShown(const ops::KernelSpec& kernel);
// kernel remove: {"success", "removed"}.
[[nodiscard]] Shown kernelRemovedShown(const std::string& prefix, bool removed);

// shell init: {"success", "dry_run", "file", "modified"}, and conda's "modified  FILE" line with
// what to do next.
[[nodiscard]] Shown shellInitShown(const ops::ShellInitResult& result, bool dryRun);

} // namespace envdesk::present
