#include "core/util/file_io.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace envdesk::util {

namespace fs = std::filesystem;

Result<std::string> readFile(const std::string& path)
{
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        return fail(ErrorCode::IoError, "a folder, not a file", path);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::IoError,
                    std::string("cannot read the file (") + std::strerror(errno) + ")", path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        return fail(ErrorCode::IoError, "cannot read the file", path);
    }
    return text.str();
}

std::string temporaryPathFor(const std::string& path)
{
    // Unique per process and per call: two writers of one cache file (the GUI's threads, or the
    // GUI and the CLI) must never write into the same temporary file.
    static std::atomic<unsigned> counter{0};
    return path + ".envdesk-" + std::to_string(::getpid()) + "-" + std::to_string(++counter)
           + ".tmp";
}

Result<void> writeFileAtomically(const std::string& path, std::string_view content)
{
    return writeFileAtomically(path, std::vector<std::string_view>{content});
}

Result<void> writeFileAtomically(const std::string& path,
                                 const std::vector<std::string_view>& parts)
{
    const std::string temporary = temporaryPathFor(path);
    std::error_code ec;
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        for (const std::string_view part : parts) {
            out.write(part.data(), static_cast<std::streamsize>(part.size()));
        }
        out.flush();
        if (!out) {
            const std::string why = std::strerror(errno);
            out.close();
            fs::remove(temporary, ec);
            return fail(ErrorCode::IoError, "cannot write the file (" + why + ")", path);
        }
    }
    // The replacement keeps the permissions of the file it replaces (a 0600 ~/.zshrc stays
    // 0600 throughout), set before it takes the name.
    struct stat existing {};
    if (::stat(path.c_str(), &existing) == 0) {
        ::chmod(temporary.c_str(), existing.st_mode & 07777);
    }
    fs::rename(temporary, path, ec);
    if (ec) {
        const std::string why = ec.message();
        fs::remove(temporary, ec);
        return fail(ErrorCode::IoError, "cannot replace the file: " + why, path);
    }
    return {};
}

} // namespace envdesk::util
