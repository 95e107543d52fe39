#pragma once

// Reads the tab-separated fact files of ../shared/fixtures/vectors: one row per line, '#'
// comment lines skipped, columns split on tabs (empty columns kept).

#include "test_printers.h"

#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>
#include <QTest>

#include <string>
#include <vector>

namespace envdesk::test {

inline QString fixturesDir()
{
    return QString::fromUtf8(ENVDESK_FIXTURES_DIR);
}

inline bool haveFixtures()
{
    return QDir(fixturesDir()).exists();
}

// Use inside a _data() function: skips the whole test with a message when shared/ is absent.
#define ENVDESK_REQUIRE_FIXTURES()                                                                 \
    do {                                                                                           \
        if (!envdesk::test::haveFixtures())                                                        \
            QSKIP("../shared/fixtures is absent: the conda fact vectors cannot be read");          \
    } while (false)

struct VectorRow {
    int line = 0;
    std::vector<std::string> columns;
    [[nodiscard]] const std::string& at(std::size_t i) const
    {
        static const std::string empty;
        return i < columns.size() ? columns[i] : empty;
    }
};

inline std::vector<VectorRow> readRows(const QString& relativePath)
{
    std::vector<VectorRow> rows;
    QFile file(fixturesDir() + QStringLiteral("/") + relativePath);
    if (!file.open(QIODevice::ReadOnly)) {
        return rows;
    }
    int line = 0;
    while (!file.atEnd()) {
        QByteArray bytes = file.readLine();
        ++line;
        if (bytes.endsWith('\n')) {
            bytes.chop(1);
        }
        if (bytes.endsWith('\r')) {
            bytes.chop(1);
        }
        if (bytes.startsWith('#') || (bytes.trimmed().isEmpty() && !bytes.contains('\t'))) {
            continue;
        }
        VectorRow row;
        row.line = line;
        for (const QByteArray& column : bytes.split('\t')) {
            row.columns.emplace_back(column.constData(), static_cast<std::size_t>(column.size()));
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

// Row names for QTest::newRow: the literal input, made unique with the line number.
inline QByteArray rowName(const VectorRow& row, const std::string& input)
{
    return QByteArray::fromStdString(input) + " (line " + QByteArray::number(row.line) + ")";
}

inline QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace envdesk::test
