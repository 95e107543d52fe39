#pragma once

#include "core/util/result.h"

#include <string>
#include <string_view>

// Rewriting the build prefix a package carries inside its files into the prefix it is installed
// to, as conda does (conda/core/portability.py).
namespace envdesk::env {

// Every occurrence, in any length: text files carry no fixed-size fields.
[[nodiscard]] std::string replaceTextPrefix(std::string_view data, std::string_view placeholder,
                                            std::string_view prefix);

// Binary files: in each NUL-terminated string that holds the placeholder, every occurrence is
// replaced and the string is padded with NULs to its old length, so offsets in the file stay
// valid. A prefix longer than the placeholder cannot fit: an error (before anything is written).
[[nodiscard]] util::Result<std::string>
replaceBinaryPrefix(std::string_view data, std::string_view placeholder, std::string_view prefix);

// A `#!` line longer than the kernel reads (127 bytes on Linux) after replacement becomes
// `#!/usr/bin/env <program>`, as conda does; other text is returned as it is.
[[nodiscard]] std::string shortenShebang(std::string text);

} // namespace envdesk::env
