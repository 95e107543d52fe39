#pragma once

#include <QString>
#include <QStringList>

#include <initializer_list>

namespace envdesk::test {

// A QStringList from ASCII literals (QT_NO_CAST_FROM_ASCII is on), for tests' argument lists.
inline QStringList sl(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* item : items) {
        out << QString::fromLatin1(item);
    }
    return out;
}

} // namespace envdesk::test
