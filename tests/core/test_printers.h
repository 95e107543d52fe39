#pragma once

// QTest::toString overloads so failed comparisons of core values print the values.

#include "core/util/error.h"

#include <QTest>

#include <string>
#include <vector>

namespace QTest {

template <>
inline char* toString(const std::string& text)
{
    return qstrdup(("\"" + text + "\"").c_str());
}

template <>
inline char* toString(const std::vector<std::string>& list)
{
    std::string out = "[";
    for (std::size_t i = 0; i < list.size(); ++i) {
        out += (i > 0 ? ", \"" : "\"") + list[i] + "\"";
    }
    return qstrdup((out + "]").c_str());
}

} // namespace QTest
