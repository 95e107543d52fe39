#include "core/specs/version.h"
#include "vector_file.h"

#include <QFile>
#include <QTest>

#include <algorithm>
#include <random>

using envdesk::specs::Version;
using namespace envdesk::test;

namespace {

Version parsed(const std::string& text)
{
    auto version = Version::parse(text);
    if (!version) {
        qFatal("cannot parse version '%s': %s", text.c_str(), version.error().message().c_str());
    }
    return *version;
}

// conda's printed structure (`[[0], [1, 'a', 2], [0, inf]]`) read back into atoms, so that the
// 28,530 versions conda parsed can be ordered by Python's rules independently of Version.
struct PyAtom {
    enum Kind { Int, Str, Inf } kind;
    std::string text;
};
using PyParts = std::vector<std::vector<PyAtom>>;

PyParts readPython(const std::string& text)
{
    PyParts parts;
    std::size_t i = 1; // skip the outer '['
    while (i < text.size()) {
        if (text[i] == '[') {
            parts.emplace_back();
            ++i;
        } else if (text[i] == '\'') {
            const auto end = text.find('\'', i + 1);
            parts.back().push_back({PyAtom::Str, text.substr(i + 1, end - i - 1)});
            i = end + 1;
        } else if (text.compare(i, 3, "inf") == 0) {
            parts.back().push_back({PyAtom::Inf, {}});
            i += 3;
        } else if (text[i] >= '0' && text[i] <= '9') {
            std::size_t end = i;
            while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
                ++end;
            }
            std::string digits = text.substr(i, end - i);
            digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
            parts.back().push_back({PyAtom::Int, digits});
            i = end;
        } else {
            ++i;
        }
    }
    return parts;
}

// conda's VersionOrder.__lt__ over the structure (fill value 0; str < int < inf).
int pyCompare(const PyParts& a, const PyParts& b)
{
    const PyAtom fill{PyAtom::Int, "0"};
    const std::vector<PyAtom> none;
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
        const auto& x = i < a.size() ? a[i] : none;
        const auto& y = i < b.size() ? b[i] : none;
        for (std::size_t j = 0; j < std::max(x.size(), y.size()); ++j) {
            const PyAtom& c1 = j < x.size() ? x[j] : fill;
            const PyAtom& c2 = j < y.size() ? y[j] : fill;
            if (c1.kind == PyAtom::Str || c2.kind == PyAtom::Str) {
                if (c1.kind != c2.kind) {
                    return c1.kind == PyAtom::Str ? -1 : 1;
                }
                if (c1.text != c2.text) {
                    return c1.text < c2.text ? -1 : 1;
                }
                continue;
            }
            if (c1.kind == PyAtom::Inf || c2.kind == PyAtom::Inf) {
                if (c1.kind != c2.kind) {
                    return c1.kind == PyAtom::Inf ? 1 : -1;
                }
                continue;
            }
            if (c1.text.size() != c2.text.size()) {
                return c1.text.size() < c2.text.size() ? -1 : 1;
            }
            if (c1.text != c2.text) {
                return c1.text < c2.text ? -1 : 1;
            }
        }
    }
    return 0;
}

int sign(std::weak_ordering order)
{
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

} // namespace

class TestVersion : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void orderBlocks_data();
    void orderBlocks();
    void equality_data();
    void equality();
    void invalid_data();
    void invalid();
    void startsWith_data();
    void startsWith();
    void condaParsedVersions();
    void realVersionsRoundTrip();
    void canonicalString_data();
    void canonicalString();
    void errorNamesOffendingPart();
    void hugeNumbers();
};

void TestVersion::orderBlocks_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QStringList>("relations");
    QTest::addColumn<QStringList>("versions");
    QFile file(fixturesDir() + QStringLiteral("/vectors/version_order.txt"));
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    QString block;
    QStringList relations;
    QStringList versions;
    const auto flush = [&] {
        if (!block.isEmpty()) {
            QTest::newRow(block.toUtf8().constData()) << relations << versions;
        }
        relations.clear();
        versions.clear();
    };
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.startsWith(QLatin1String("@block"))) {
            flush();
            block = line.section(QLatin1Char('|'), 0, 0).mid(7).trimmed();
        } else if (!line.isEmpty() && !line.startsWith(QLatin1Char('#'))) {
            relations << line.section(QLatin1Char(' '), 0, 0);
            versions << line.section(QLatin1Char(' '), 1);
        }
    }
    flush();
}

void TestVersion::orderBlocks()
{
    QFETCH(QStringList, relations);
    QFETCH(QStringList, versions);
    std::vector<Version> parsedVersions;
    for (const auto& text : versions) {
        auto version = Version::parse(text.toStdString());
        QVERIFY2(version.ok(), qPrintable(text));
        parsedVersions.push_back(*version);
    }
    for (int i = 1; i < versions.size(); ++i) {
        const auto& previous = parsedVersions[static_cast<std::size_t>(i - 1)];
        const auto& current = parsedVersions[static_cast<std::size_t>(i)];
        const QString pair = versions[i - 1] + QStringLiteral(" vs ") + versions[i];
        if (relations[i] == QLatin1String("==")) {
            QVERIFY2(previous == current, qPrintable(pair));
        } else {
            QCOMPARE(relations[i], QStringLiteral("<"));
            QVERIFY2(previous < current, qPrintable(pair));
            QVERIFY2(!(current < previous), qPrintable(pair));
        }
    }
    // Sorting a shuffled block reproduces it, up to ties.
    auto shuffled = parsedVersions;
    std::mt19937 random(42);
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    std::stable_sort(shuffled.begin(), shuffled.end());
    for (std::size_t i = 0; i < shuffled.size(); ++i) {
        QVERIFY2(shuffled[i] == parsedVersions[i],
                 qPrintable(QString::fromStdString(shuffled[i].str())));
    }
}

void TestVersion::equality_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<bool>("equal");
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    for (const auto& row : readRows(QStringLiteral("vectors/version_equality.tsv"))) {
        QTest::newRow(rowName(row, row.at(1) + " " + row.at(0) + " " + row.at(2)))
            << (row.at(0) == "==") << q(row.at(1)) << q(row.at(2));
    }
}

void TestVersion::equality()
{
    QFETCH(bool, equal);
    QFETCH(QString, a);
    QFETCH(QString, b);
    QCOMPARE(parsed(a.toStdString()) == parsed(b.toStdString()), equal);
}

void TestVersion::invalid_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("text");
    for (const auto& row : readRows(QStringLiteral("vectors/version_invalid.tsv"))) {
        QTest::newRow(rowName(row, row.at(0))) << q(row.at(0));
    }
    // Further inputs a parser must refuse.
    for (const char* text : {"1.2+", "+1.2", "1..2", "1.2.", ".1", "1!", "1!2!3", "1.2 3", "é"}) {
        QTest::newRow(text) << QString::fromUtf8(text);
    }
}

void TestVersion::invalid()
{
    QFETCH(QString, text);
    auto version = Version::parse(text.toStdString());
    QVERIFY2(!version.ok(), qPrintable(text));
    QVERIFY2(version.error().code == envdesk::util::ErrorCode::InvalidVersion,
             version.error().message().c_str());
    QVERIFY(!version.error().detail.empty());
}

void TestVersion::startsWith_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<bool>("expected");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("version");
    for (const auto& row : readRows(QStringLiteral("vectors/version_startswith.tsv"))) {
        QTest::newRow(rowName(row, row.at(2) + " startswith " + row.at(1)))
            << (row.at(0) == "TRUE") << q(row.at(1)) << q(row.at(2));
    }
}

void TestVersion::startsWith()
{
    QFETCH(bool, expected);
    QFETCH(QString, prefix);
    QFETCH(QString, version);
    QCOMPARE(parsed(version.toStdString()).startsWith(parsed(prefix.toStdString())), expected);
}

void TestVersion::condaParsedVersions()
{
    ENVDESK_REQUIRE_FIXTURES();
    QFile file(fixturesDir() + QStringLiteral("/vectors/conda_parsed_versions.txt"));
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    std::vector<Version> versions;
    std::vector<PyParts> structures;
    int mismatches = 0;
    while (!file.atEnd()) {
        const std::string line = QString::fromUtf8(file.readLine()).trimmed().toStdString();
        if (line.empty() || line.front() == '#') {
            continue;
        }
        // The version may itself contain '=' only never; split at the first "=[".
        const auto split = line.find("=[");
        QVERIFY2(split != std::string::npos, line.c_str());
        const std::string text = line.substr(0, split);
        const std::string structure = line.substr(split + 1);
        auto version = Version::parse(text);
        QVERIFY2(version.ok(), (text + ": " + (version ? "" : version.error().message())).c_str());
        if (version->debugString() != structure && ++mismatches <= 10) {
            qWarning("%s: Envdesk %s, conda %s", text.c_str(), version->debugString().c_str(),
                     structure.c_str());
        }
        versions.push_back(*version);
        structures.push_back(readPython(structure));
    }
    QCOMPARE(versions.size(), std::size_t{28530});
    QCOMPARE(mismatches, 0);

    // Sort by Envdesk's order and check every neighbour pair against conda's order computed
    // from conda's own structures; with a correct total order this proves the whole sort.
    std::vector<std::size_t> index(versions.size());
    for (std::size_t i = 0; i < index.size(); ++i) {
        index[i] = i;
    }
    std::mt19937 random(7);
    std::shuffle(index.begin(), index.end(), random);
    std::stable_sort(index.begin(), index.end(),
                     [&](std::size_t a, std::size_t b) { return versions[a] < versions[b]; });
    for (std::size_t i = 1; i < index.size(); ++i) {
        const auto a = index[i - 1];
        const auto b = index[i];
        const int conda = pyCompare(structures[a], structures[b]);
        const int ours = sign(versions[a].compare(versions[b]));
        // conda's printout holds the release part only; a local part (`+...`) may still
        // order two versions whose release parts are equal.
        const bool localDecides = conda == 0 && (versions[a].hasLocal() || versions[b].hasLocal());
        QVERIFY2(
            (conda == ours || localDecides) && ours <= 0,
            qPrintable(QString::fromStdString(versions[a].str() + " vs " + versions[b].str())));
    }
}

void TestVersion::realVersionsRoundTrip()
{
    ENVDESK_REQUIRE_FIXTURES();
    for (const char* name :
         {"/vectors/real_versions_unique.txt", "/vectors/real_versions_conda-forge_subset.txt"}) {
        QFile file(fixturesDir() + QString::fromLatin1(name));
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        int count = 0;
        while (!file.atEnd()) {
            const std::string line = QString::fromUtf8(file.readLine()).trimmed().toStdString();
            if (line.empty() || line.front() == '#') {
                continue;
            }
            auto version = Version::parse(line);
            QVERIFY2(version.ok(), line.c_str());
            auto again = Version::parse(version->str());
            QVERIFY2(again.ok() && *again == *version && again->str() == version->str(),
                     line.c_str());
            ++count;
        }
        QVERIFY(count > 1000);
    }
}

void TestVersion::canonicalString_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("1.2.3") << QStringLiteral("1.2.3") << QStringLiteral("1.2.3");
    QTest::newRow("  1.2.3RC1  ") << QStringLiteral("  1.2.3RC1  ") << QStringLiteral("1.2.3rc1");
    QTest::newRow("1-2-3") << QStringLiteral("1-2-3") << QStringLiteral("1_2_3");
    QTest::newRow("1!2.0+Local.7")
        << QStringLiteral("1!2.0+Local.7") << QStringLiteral("1!2.0+local.7");
    QTest::newRow("1.0.1_") << QStringLiteral("1.0.1_") << QStringLiteral("1.0.1_");
}

void TestVersion::canonicalString()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    QCOMPARE(q(parsed(input.toStdString()).str()), canonical);
}

void TestVersion::errorNamesOffendingPart()
{
    auto version = Version::parse("3.5&1");
    QVERIFY(!version.ok());
    QVERIFY2(version.error().detail.find("'&'") != std::string::npos,
             version.error().detail.c_str());
    QVERIFY(version.error().detail.find("3.5&1") != std::string::npos);
    auto epoch = Version::parse("a!1.0");
    QVERIFY(!epoch.ok());
    QVERIFY2(epoch.error().detail.find("epoch") != std::string::npos, epoch.error().detail.c_str());
}

void TestVersion::hugeNumbers()
{
    // Digit runs longer than 64 bits still compare numerically, as Python's int does.
    QVERIFY(parsed("1.99999999999999999999999") < parsed("1.100000000000000000000000"));
    QVERIFY(parsed("1.0000000000000000000000001") == parsed("1.1"));
    QVERIFY(parsed("2024.01.05") < parsed("2024.1.10"));
}

QTEST_APPLESS_MAIN(TestVersion)
#include "tst_version.moc"
