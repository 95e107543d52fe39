#include "core/specs/package_record.h"

#include "core/util/strings.h"

#include <algorithm>

namespace envdesk::specs {

std::string PackageRecord::distName() const
{
    return name + "-" + version + "-" + build;
}

std::string PackageRecord::str() const
{
    if (channel.empty()) {
        return distName();
    }
    return channel + "::" + distName();
}

bool isPackageFileName(std::string_view fileName)
{
    return util::endsWith(fileName, ".conda") || util::endsWith(fileName, ".tar.bz2");
}

util::Result<DistFileName> parseDistFileName(std::string_view fileName)
{
    DistFileName dist;
    std::string_view stem = fileName;
    for (std::string_view extension : {".tar.bz2", ".conda"}) {
        if (util::endsWith(stem, extension)) {
            dist.extension = std::string(extension);
            stem.remove_suffix(extension.size());
            break;
        }
    }
    const auto lastDash = stem.rfind('-');
    const auto secondDash = lastDash == std::string_view::npos || lastDash == 0
                                ? std::string_view::npos
                                : stem.rfind('-', lastDash - 1);
    if (secondDash == std::string_view::npos || secondDash == 0 || lastDash == secondDash + 1
        || lastDash + 1 == stem.size()) {
        return util::fail(util::ErrorCode::InvalidRecord,
                          "expected name-version-build" + std::string(".conda or .tar.bz2"),
                          "package file name " + util::quoted(fileName));
    }
    dist.name = std::string(stem.substr(0, secondDash));
    dist.version = std::string(stem.substr(secondDash + 1, lastDash - secondDash - 1));
    dist.build = std::string(stem.substr(lastDash + 1));
    return dist;
}

std::vector<std::string> splitFeatures(std::string_view text)
{
    std::vector<std::string> features;
    std::string current;
    for (char c : text) {
        if (c == ',' || util::isSpace(c)) {
            if (!current.empty()) {
                features.push_back(std::move(current));
                current.clear();
            }
        } else {
            current += c;
        }
    }
    if (!current.empty()) {
        features.push_back(std::move(current));
    }
    std::sort(features.begin(), features.end());
    features.erase(std::unique(features.begin(), features.end()), features.end());
    return features;
}

} // namespace envdesk::specs
