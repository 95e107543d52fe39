#pragma once

#include "core/util/result.h"

#include <cstddef>
#include <string>
#include <vector>

// What a user put into an environment by hand (conda's `untracked()`): the files no conda-meta
// record lists. A clone or a rename carries them over, as conda's clone does.
namespace envdesk::env {

// The untracked files of `prefix`, relative and sorted. conda-meta and conda's own top-level
// folders (pkgs, envs, conda-bld, ...) are not looked into; editor backups (`*~`) and the `.pyc`
// of a tracked module are left out.
[[nodiscard]] util::Result<std::vector<std::string>> untrackedFiles(const std::string& prefix);

// Copies the untracked files of `source` into `target` (symbolic links as links). In a text file
// every occurrence of `source` becomes `target`, as conda's clone does; binary files are copied
// as they are. Existing files in `target` are not replaced. Returns how many were copied.
[[nodiscard]] util::Result<std::size_t> copyUntrackedFiles(const std::string& source,
                                                           const std::string& target);

} // namespace envdesk::env
