#pragma once

#include "core/util/result.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace envdesk::util {

// A read-only view of a whole file: memory-mapped where the platform can, so that opening a
// large index costs nothing until pages are touched, and only touched pages occupy memory.
class MappedFile {
public:
    MappedFile() = default;
    ~MappedFile();
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    // How the file will be read: Random turns the kernel's read-ahead off, so that scattered
    // lookups in a large index map only the pages they touch.
    enum class Access { Sequential, Random };

    [[nodiscard]] static Result<MappedFile> open(const std::string& path,
                                                 Access access = Access::Sequential);

    [[nodiscard]] std::string_view bytes() const { return {m_data, m_size}; }
    [[nodiscard]] std::size_t size() const { return m_size; }

private:
    void release();

    const char* m_data = nullptr;
    std::size_t m_size = 0;
    bool m_mapped = false;
    std::string m_fallback; // the file's bytes where mapping is unavailable or the file is empty
};

} // namespace envdesk::util
