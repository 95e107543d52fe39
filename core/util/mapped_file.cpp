#include "core/util/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define ENVDESK_HAVE_MMAP 1
#endif

namespace envdesk::util {

MappedFile::~MappedFile()
{
    release();
}

MappedFile::MappedFile(MappedFile&& other) noexcept
{
    *this = std::move(other);
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept
{
    if (this != &other) {
        release();
        m_mapped = other.m_mapped;
        m_size = other.m_size;
        m_fallback = std::move(other.m_fallback);
        m_data = m_mapped ? other.m_data : m_fallback.data();
        other.m_data = nullptr;
        other.m_size = 0;
        other.m_mapped = false;
    }
    return *this;
}

void MappedFile::release()
{
#ifdef ENVDESK_HAVE_MMAP
    if (m_mapped && m_data != nullptr) {
        munmap(const_cast<char*>(m_data), m_size);
    }
#endif
    m_data = nullptr;
    m_size = 0;
    m_mapped = false;
    m_fallback.clear();
}

Result<MappedFile> MappedFile::open(const std::string& path, Access access)
{
    MappedFile file;
#ifdef ENVDESK_HAVE_MMAP
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return fail(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::IoError,
                    std::strerror(errno), path);
    }
    struct stat info {};
    if (fstat(fd, &info) != 0) {
        const int error = errno;
        ::close(fd);
        return fail(ErrorCode::IoError, std::strerror(error), path);
    }
    if (info.st_size > 0) {
        void* data =
            mmap(nullptr, static_cast<std::size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        ::close(fd);
        if (data == MAP_FAILED) {
            return fail(ErrorCode::IoError, std::string("cannot map: ") + std::strerror(errno),
                        path);
        }
        madvise(data, static_cast<std::size_t>(info.st_size),
                access == Access::Random ? MADV_RANDOM : MADV_SEQUENTIAL);
        file.m_data = static_cast<const char*>(data);
        file.m_size = static_cast<std::size_t>(info.st_size);
        file.m_mapped = true;
        return file;
    }
    ::close(fd);
#endif
    (void)access;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::NotFound, "cannot open file", path);
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    file.m_fallback = buffer.str();
    file.m_data = file.m_fallback.data();
    file.m_size = file.m_fallback.size();
    return file;
}

} // namespace envdesk::util
