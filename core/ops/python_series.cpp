#include "core/ops/python_series.h"

#include "core/specs/version.h"
#include "core/util/strings.h"

#include <algorithm>
#include <set>
#include <utility>

namespace envdesk::ops {

std::vector<std::string> pythonSeries(const std::vector<specs::PackageRecord>& records)
{
    std::vector<std::pair<specs::Version, std::string>> series;
    std::set<std::string> seen;
    for (const auto& record : records) {
        const bool stable = std::all_of(record.version.begin(), record.version.end(),
                                        [](char c) { return util::isDigit(c) || c == '.'; });
        const auto firstDot = record.version.find('.');
        if (!stable || firstDot == std::string::npos) {
            continue;
        }
        const std::string minor = record.version.substr(0, record.version.find('.', firstDot + 1));
        if (!seen.insert(minor).second) {
            continue;
        }
        if (auto version = specs::Version::parse(minor)) {
            series.emplace_back(std::move(*version), minor);
        }
    }
    std::sort(series.begin(), series.end(),
              [](const auto& a, const auto& b) { return a.first.compare(b.first) > 0; });
    std::vector<std::string> out;
    out.reserve(series.size());
    for (auto& [version, text] : series) {
        out.push_back(std::move(text));
    }
    return out;
}

} // namespace envdesk::ops
