#include "core/env/prefix_replace.h"

#include "core/util/strings.h"

namespace envdesk::env {

std::string replaceTextPrefix(std::string_view data, std::string_view placeholder,
                              std::string_view prefix)
{
    std::string out;
    out.reserve(data.size());
    std::size_t start = 0;
    while (true) {
        const auto found =
            placeholder.empty() ? std::string_view::npos : data.find(placeholder, start);
        if (found == std::string_view::npos) {
            out.append(data.substr(start));
            return out;
        }
        out.append(data.substr(start, found - start));
        out.append(prefix);
        start = found + placeholder.size();
    }
}

util::Result<std::string> replaceBinaryPrefix(std::string_view data, std::string_view placeholder,
                                              std::string_view prefix)
{
    if (placeholder.empty()) {
        return std::string(data);
    }
    std::string out;
    out.reserve(data.size());
    std::size_t start = 0;
    while (true) {
        const auto found = data.find(placeholder, start);
        if (found == std::string_view::npos) {
            out.append(data.substr(start));
            return out;
        }
        // The C string runs from the placeholder to the next NUL (or the end of the data).
        const auto end = data.find('\0', found);
        const std::string_view cString = data.substr(
            found, end == std::string_view::npos ? std::string_view::npos : end - found);
        std::size_t occurrences = 0;
        for (auto at = cString.find(placeholder); at != std::string_view::npos;
             at = cString.find(placeholder, at + placeholder.size())) {
            ++occurrences;
        }
        if (prefix.size() > placeholder.size()) {
            return util::fail(
                util::ErrorCode::InvalidRecord,
                "the prefix " + util::quoted(prefix, 4096) + " (" + std::to_string(prefix.size())
                    + " bytes) is longer than the " + std::to_string(placeholder.size())
                    + "-byte placeholder a binary file reserves for it; choose a shorter "
                      "environment path");
        }
        out.append(data.substr(start, found - start));
        out.append(replaceTextPrefix(cString, placeholder, prefix));
        out.append(occurrences * (placeholder.size() - prefix.size()), '\0');
        start = found + cString.size();
    }
}

std::string shortenShebang(std::string text)
{
    constexpr std::size_t kMaxShebang = 127;
    if (!util::startsWith(text, "#!")) {
        return text;
    }
    const auto lineEnd = text.find('\n');
    const std::string line = text.substr(0, lineEnd);
    if (line.size() <= kMaxShebang) {
        return text;
    }
    // "#!/very/long/prefix/bin/python3.12 -E" -> "#!/usr/bin/env python3.12 -E"
    std::string command = std::string(util::trim(std::string_view(line).substr(2)));
    const auto space = command.find(' ');
    const std::string program = command.substr(0, space);
    const std::string arguments =
        space == std::string::npos ? std::string() : command.substr(space);
    const auto slash = program.rfind('/');
    const std::string name = slash == std::string::npos ? program : program.substr(slash + 1);
    return "#!/usr/bin/env " + name + arguments
           + (lineEnd == std::string::npos ? std::string() : text.substr(lineEnd));
}

} // namespace envdesk::env
