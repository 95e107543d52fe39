#pragma once

// What the libFuzzer targets share: an abort for a broken invariant (libFuzzer saves the input
// that caused it), and a private folder for the readers that take a path rather than text.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace envdesk::fuzz {

inline void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

inline std::string_view asText(const std::uint8_t* data, std::size_t size)
{
    return {reinterpret_cast<const char*>(data), size};
}

// One folder per fuzzing process, so that parallel jobs (-jobs=N) do not share files. Left in
// place at exit: libFuzzer ends the process with _exit, and the folder holds one input at most.
inline const std::filesystem::path& scratchDir()
{
    static const std::filesystem::path dir = [] {
        auto path =
            std::filesystem::temp_directory_path() / ("envdesk-fuzz-" + std::to_string(getpid()));
        std::filesystem::create_directories(path);
        return path;
    }();
    return dir;
}

inline void writeFile(const std::filesystem::path& path, std::string_view text)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    check(out.good());
}

} // namespace envdesk::fuzz
