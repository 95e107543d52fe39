// Reads real prefixes laid out in temporary folders: conda-meta records copied from the
// conda-forge repodata fixture (which carries the same fields conda writes), pins and history.

#include "core/env/prefix.h"
#include "test_printers.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace envdesk;

namespace {

QString fixtures()
{
    return QStringLiteral(ENVDESK_FIXTURES_DIR);
}

bool writeFile(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) >= 0;
}

// The record conda-forge's repodata holds for `fileName`, with what conda adds when it links it.
QJsonObject condaForgeRecord(const QString& fileName)
{
    QFile file(fixtures()
               + QStringLiteral("/repodata/conda-forge-subchannel-py39/linux-64/repodata.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QJsonObject repodata = QJsonDocument::fromJson(file.readAll()).object();
    QJsonObject record =
        repodata.value(QStringLiteral("packages.conda")).toObject().value(fileName).toObject();
    record.insert(QStringLiteral("files"), QJsonArray{QStringLiteral("lib/libssl.so")});
    record.insert(QStringLiteral("requested_spec"), QStringLiteral("openssl"));
    record.insert(QStringLiteral("link"),
                  QJsonObject{{QStringLiteral("source"), QStringLiteral("/pkgs/x")},
                              {QStringLiteral("type"), 1}});
    return record;
}

std::string str(const QString& text)
{
    return text.toStdString();
}

} // namespace

class TestPrefix : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void condaRecordFromRepodata();
    void micromambaStyleRecord();
    void brokenRecordIsNamed();
    void numbersOutOfRangeReadAsUnknown_data();
    void numbersOutOfRangeReadAsUnknown();
    void prefixWithoutCondaMetaIsEmpty();
    void pinnedSkipsComments();
    void historyAccumulates_data();
    void historyAccumulates();
    void historyKeepsOnlyInstalledNames();
    void resolveNamesAndPaths();
    void invalidNames_data();
    void invalidNames();
};

void TestPrefix::condaRecordFromRepodata()
{
    const QJsonObject source = condaForgeRecord(QStringLiteral("openssl-1.1.1w-hd590300_0.conda"));
    if (source.isEmpty()) {
        QSKIP("../shared/fixtures is absent");
    }
    QTemporaryDir prefix;
    QVERIFY(writeFile(prefix.filePath(QStringLiteral("conda-meta/openssl-1.1.1w-hd590300_0.json")),
                      QJsonDocument(source).toJson()));
    QVERIFY(writeFile(prefix.filePath(QStringLiteral("conda-meta/history")), "==> x <==\n"));
    QVERIFY(env::isEnvironment(str(prefix.path())));

    auto records = env::readPrefixRecords(str(prefix.path()));
    QVERIFY2(records.ok(), records.ok() ? "" : records.error().message().c_str());
    QCOMPARE(records->size(), std::size_t(1));
    const auto& record = records->front();
    QCOMPARE(record.name, std::string("openssl"));
    QCOMPARE(record.version, std::string("1.1.1w"));
    QCOMPARE(record.build, std::string("hd590300_0"));
    QCOMPARE(record.buildNumber, std::uint64_t(0));
    // Kept as written: conda writes the subdir URL.
    QCOMPARE(record.channel, std::string("https://conda.anaconda.org/conda-forge/linux-64"));
    QCOMPARE(record.subdir, std::string("linux-64"));
    QCOMPARE(record.fn, std::string("openssl-1.1.1w-hd590300_0.conda"));
    QCOMPARE(record.url, str(source.value(QStringLiteral("url")).toString()));
    QCOMPARE(record.md5, std::string("301e70057a3bd399640bb16bbdf87995"));
    QCOMPARE(record.sha256, str(source.value(QStringLiteral("sha256")).toString()));
    QCOMPARE(record.depends, (std::vector<std::string>{"ca-certificates", "libgcc-ng >=12"}));
    QCOMPARE(record.license, std::string("OpenSSL"));
    QCOMPARE(record.size,
             static_cast<std::uint64_t>(source.value(QStringLiteral("size")).toInteger()));
    QCOMPARE(record.timestamp,
             static_cast<std::uint64_t>(source.value(QStringLiteral("timestamp")).toInteger()));
}

void TestPrefix::micromambaStyleRecord()
{
    QTemporaryDir prefix;
    // build_string instead of build, a channel name, noarch as conda-build's dict, a timestamp
    // in seconds, features as one string, no subdir, no fn.
    QVERIFY(writeFile(prefix.filePath(QStringLiteral("conda-meta/tzdata-2023c-h71feb2d_0.json")),
                      R"({"name": "tzdata", "version": "2023c", "build_string": "h71feb2d_0",
            "build_number": 0, "channel": "conda-forge",
            "url": "https://conda.anaconda.org/conda-forge/noarch/tzdata-2023c-h71feb2d_0.conda",
            "noarch": {"type": "generic"}, "timestamp": 1680041723,
            "track_features": "feat1 feat2", "constrains": ["x <2"], "depends": []})"));
    QVERIFY(writeFile(prefix.filePath(QStringLiteral("conda-meta/pinned")), "tzdata 2023c\n"));
    auto records = env::readPrefixRecords(str(prefix.path()));
    QVERIFY(records.ok());
    QCOMPARE(records->size(), std::size_t(1));
    const auto& record = records->front();
    QCOMPARE(record.build, std::string("h71feb2d_0"));
    QCOMPARE(record.channel, std::string("conda-forge"));
    QCOMPARE(record.subdir, std::string("noarch"));
    QCOMPARE(record.fn, std::string("tzdata-2023c-h71feb2d_0.conda"));
    QCOMPARE(record.noarch, std::string("generic"));
    QCOMPARE(record.timestamp, std::uint64_t(1680041723000));
    QCOMPARE(record.trackFeatures, (std::vector<std::string>{"feat1", "feat2"}));
    QCOMPARE(record.constrains, (std::vector<std::string>{"x <2"}));
}

void TestPrefix::brokenRecordIsNamed()
{
    QTemporaryDir prefix;
    const QString path = prefix.filePath(QStringLiteral("conda-meta/zlib-1.2.13-h0_0.json"));
    QVERIFY(writeFile(path, "{\"name\": \"zlib\", \"version\": "));
    auto records = env::readPrefixRecords(str(prefix.path()));
    QVERIFY(!records.ok());
    QVERIFY2(records.error().message().find("zlib-1.2.13-h0_0.json") != std::string::npos,
             records.error().message().c_str());

    QVERIFY(writeFile(path, "{\"version\": \"1.2.13\"}"));
    records = env::readPrefixRecords(str(prefix.path()));
    QVERIFY(!records.ok());
    QVERIFY(records.error().code == util::ErrorCode::InvalidRecord);
}

// A number that is no count reads as 0 (unknown), as a negative one always did. These once
// converted 1e300 to an integer (undefined behaviour) or let std::stoull's out_of_range escape.
void TestPrefix::numbersOutOfRangeReadAsUnknown_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<quint64>("expected");
    QTest::newRow("huge float") << QByteArray("1e300") << quint64{0};
    QTest::newRow("negative float") << QByteArray("-2.5") << quint64{0};
    QTest::newRow("2^64 as a float") << QByteArray("18446744073709551616.0") << quint64{0};
    QTest::newRow("digits past 2^64") << QByteArray(R"("99999999999999999999999")") << quint64{0};
    QTest::newRow("largest unsigned")
        << QByteArray("18446744073709551615") << quint64{18446744073709551615ULL};
    QTest::newRow("digits as a string") << QByteArray(R"("42")") << quint64{42};
    QTest::newRow("float") << QByteArray("7.0") << quint64{7};
}

void TestPrefix::numbersOutOfRangeReadAsUnknown()
{
    QFETCH(QByteArray, value);
    QFETCH(quint64, expected);
    const QByteArray json =
        R"({"name": "zlib", "version": "1.3", "build": "h0_0", "build_number": )" + value
        + R"(, "size": )" + value + "}";
    auto record = env::parsePrefixRecord(json.toStdString(), "conda-meta/zlib-1.3-h0_0.json");
    QVERIFY2(record.ok(), record ? "" : record.error().message().c_str());
    QCOMPARE(quint64{record->buildNumber}, expected);
    QCOMPARE(quint64{record->size}, expected);
}

void TestPrefix::prefixWithoutCondaMetaIsEmpty()
{
    QTemporaryDir prefix;
    QVERIFY(!env::isEnvironment(str(prefix.path())));
    auto records = env::readPrefixRecords(str(prefix.path()));
    QVERIFY(records.ok());
    QVERIFY(records->empty());
    auto pins = env::readPinned(str(prefix.path()));
    QVERIFY(pins.ok() && pins->empty());
    auto specs = env::readRequestedSpecs(str(prefix.path()));
    QVERIFY(specs.ok() && specs->empty());
}

void TestPrefix::pinnedSkipsComments()
{
    QTemporaryDir prefix;
    QVERIFY(writeFile(prefix.filePath(QStringLiteral("conda-meta/pinned")),
                      "# keep numpy below 2\nnumpy <2\n\n   python 3.9.*  \n  # indented\n"));
    auto pins = env::readPinned(str(prefix.path()));
    QVERIFY(pins.ok());
    QCOMPARE(*pins, (std::vector<std::string>{"numpy <2", "python 3.9.*"}));
}

void TestPrefix::historyAccumulates_data()
{
    QTest::addColumn<QString>("history");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("create then install replaces the same name")
        << QStringLiteral("==> 2023-01-01 10:00:00 <==\n"
                          "# cmd: /opt/conda/bin/conda create -n x python=3.9 numpy\n"
                          "# conda version: 23.1.0\n"
                          "+conda-forge/linux-64::python-3.9.16-h2782a2a_0_cpython\n"
                          "# update specs: ['python=3.9', 'numpy']\n"
                          "==> 2023-01-02 10:00:00 <==\n"
                          "# cmd: /opt/conda/bin/conda install -n x python=3.10\n"
                          "# update specs: [\"python=3.10\"]\n")
        << QStringList{QStringLiteral("numpy"), QStringLiteral("python=3.10")};
    QTest::newRow("remove drops a spec") << QStringLiteral("==> 2023-01-01 10:00:00 <==\n"
                                                           "# cmd: conda create -n x numpy scipy\n"
                                                           "# update specs: ['numpy', 'scipy']\n"
                                                           "==> 2023-01-02 10:00:00 <==\n"
                                                           "# cmd: conda remove -n x scipy\n"
                                                           "# remove specs: ['scipy']\n")
                                         << QStringList{QStringLiteral("numpy")};
    QTest::newRow("a revision without # cmd: is not a request")
        << QStringLiteral("==> 2023-01-01 10:00:00 <==\n"
                          "# update specs: ['numpy']\n"
                          "==> 2023-01-02 10:00:00 <==\n"
                          "# cmd: micromamba install zlib\n"
                          "# install specs: ['zlib']\n")
        << QStringList{QStringLiteral("zlib")};
    QTest::newRow("conda < 4.5 wrote specs without brackets")
        << QStringLiteral("==> 2017-01-01 10:00:00 <==\n"
                          "# cmd: conda install python>=3.5.1,jupyter >=1.0.0,<2.0\n"
                          "# install specs: python>=3.5.1,jupyter >=1.0.0,<2.0\n")
        << QStringList{QStringLiteral("jupyter >=1.0.0,<2.0"), QStringLiteral("python>=3.5.1")};
    QTest::newRow("neutered specs replace and features are dropped")
        << QStringLiteral("==> 2023-01-01 10:00:00 <==\n"
                          "# cmd: conda install numpy mkl@\n"
                          "# update specs: ['numpy', 'mkl@']\n"
                          "# neutered specs: ['numpy[version=\\'>=1.20\\']']\n")
        << QStringList{QStringLiteral("numpy[version='>=1.20']")};
}

void TestPrefix::historyAccumulates()
{
    QFETCH(QString, history);
    QFETCH(QStringList, expected);
    auto specs = env::requestedSpecsFromHistory(str(history), "history");
    QVERIFY2(specs.ok(), specs.ok() ? "" : specs.error().message().c_str());
    std::vector<std::string> want;
    for (const auto& spec : expected) {
        want.push_back(str(spec));
    }
    QCOMPARE(*specs, want);
}

void TestPrefix::historyKeepsOnlyInstalledNames()
{
    QTemporaryDir prefix;
    QVERIFY(writeFile(prefix.filePath(QStringLiteral("conda-meta/history")),
                      "==> 2023-01-01 10:00:00 <==\n"
                      "# cmd: conda create -n x numpy scipy\n"
                      "# update specs: ['numpy >=1.20', 'scipy']\n"));
    QVERIFY(writeFile(prefix.filePath(QStringLiteral("conda-meta/numpy-1.26.4-py39h0_0.json")),
                      R"({"name": "numpy", "version": "1.26.4", "build": "py39h0_0"})"));
    auto specs = env::readRequestedSpecs(str(prefix.path()));
    QVERIFY(specs.ok());
    QCOMPARE(*specs, (std::vector<std::string>{"numpy >=1.20"}));
}

void TestPrefix::resolveNamesAndPaths()
{
    QTemporaryDir root;
    const std::string base = str(root.path());
    const std::string first = base + "/first-envs";
    const std::string second = base + "/second-envs";
    std::filesystem::create_directories(second + "/analysis");
    std::filesystem::create_directories(first);
    env::PrefixLocations where{{first, second}, base + "/miniconda", base + "/home", base + "/cwd"};

    using Kind = env::PrefixChoice::Kind;
    auto found = env::resolvePrefix({Kind::Name, "analysis"}, where);
    QVERIFY(found.ok());
    QCOMPARE(*found, second + "/analysis");
    // Not found anywhere: where create puts it, the first writable envs dir.
    auto fresh = env::resolvePrefix({Kind::Name, "fresh"}, where);
    QVERIFY(fresh.ok());
    QCOMPARE(*fresh, first + "/fresh");
    QCOMPARE(*env::resolvePrefix({Kind::Name, "base"}, where), base + "/miniconda");
    QCOMPARE(*env::resolvePrefix({Kind::Name, "root"}, where), base + "/miniconda");
    QCOMPARE(*env::resolvePrefix({Kind::Path, "~/envs/x/"}, where), base + "/home/envs/x");
    QCOMPARE(*env::resolvePrefix({Kind::Path, "../y/./z"}, where), base + "/y/z");
    QCOMPARE(*env::resolvePrefix({Kind::Path, "/abs/p"}, where), std::string("/abs/p"));

    where.rootPrefix.clear();
    QVERIFY(!env::resolvePrefix({Kind::Name, "base"}, where).ok());
}

void TestPrefix::invalidNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("a/b") << QStringLiteral("a/b");
    QTest::newRow("my env") << QStringLiteral("my env");
    QTest::newRow("a:b") << QStringLiteral("a:b");
    QTest::newRow("a#b") << QStringLiteral("a#b");
    QTest::newRow("empty") << QString();
}

void TestPrefix::invalidNames()
{
    QFETCH(QString, name);
    env::PrefixLocations where{{"/tmp"}, "/opt/conda", "/home/u", "/"};
    auto resolved = env::resolvePrefix({env::PrefixChoice::Kind::Name, str(name)}, where);
    QVERIFY(!resolved.ok());
    if (!name.isEmpty()) {
        QVERIFY2(resolved.error().message().find(str(name)) != std::string::npos,
                 resolved.error().message().c_str());
    }
}

QTEST_APPLESS_MAIN(TestPrefix)
#include "tst_prefix.moc"
