#include "core/specs/package_record.h"
#include "core/specs/record_json.h"
#include "test_printers.h"

#include <QTest>

using namespace envdesk::specs;

class TestPackageRecord : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void distFileName_data();
    void distFileName();
    void invalidDistFileName_data();
    void invalidDistFileName();
    void names();
    void features();
    void jsonShapes();
};

void TestPackageRecord::distFileName_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("build");
    QTest::addColumn<QString>("extension");
    QTest::newRow("numpy-1.26.4-py312h8753938_0.conda")
        << QStringLiteral("numpy-1.26.4-py312h8753938_0.conda") << QStringLiteral("numpy")
        << QStringLiteral("1.26.4") << QStringLiteral("py312h8753938_0")
        << QStringLiteral(".conda");
    QTest::newRow("python-dateutil-2.8.2-pyhd8ed1ab_0.tar.bz2")
        << QStringLiteral("python-dateutil-2.8.2-pyhd8ed1ab_0.tar.bz2")
        << QStringLiteral("python-dateutil") << QStringLiteral("2.8.2")
        << QStringLiteral("pyhd8ed1ab_0") << QStringLiteral(".tar.bz2");
    QTest::newRow("_libgcc_mutex-0.1-conda_forge")
        << QStringLiteral("_libgcc_mutex-0.1-conda_forge") << QStringLiteral("_libgcc_mutex")
        << QStringLiteral("0.1") << QStringLiteral("conda_forge") << QString();
    QTest::newRow("conda-4.3.21.post699+1dab973-py36h4a561cd_0.tar.bz2")
        << QStringLiteral("conda-4.3.21.post699+1dab973-py36h4a561cd_0.tar.bz2")
        << QStringLiteral("conda") << QStringLiteral("4.3.21.post699+1dab973")
        << QStringLiteral("py36h4a561cd_0") << QStringLiteral(".tar.bz2");
}

void TestPackageRecord::distFileName()
{
    QFETCH(QString, file);
    QFETCH(QString, name);
    QFETCH(QString, version);
    QFETCH(QString, build);
    QFETCH(QString, extension);
    auto dist = parseDistFileName(file.toStdString());
    QVERIFY2(dist.ok(), dist ? "" : dist.error().message().c_str());
    QCOMPARE(QString::fromStdString(dist->name), name);
    QCOMPARE(QString::fromStdString(dist->version), version);
    QCOMPARE(QString::fromStdString(dist->build), build);
    QCOMPARE(QString::fromStdString(dist->extension), extension);
    QCOMPARE(isPackageFileName(file.toStdString()), !extension.isEmpty());
}

void TestPackageRecord::invalidDistFileName_data()
{
    QTest::addColumn<QString>("file");
    for (const char* file : {"numpy.conda", "numpy-1.26.conda", "-1.0-0.conda", "numpy--0.conda",
                             "numpy-1.0-.conda", ""}) {
        QTest::newRow(file) << QString::fromLatin1(file);
    }
}

void TestPackageRecord::invalidDistFileName()
{
    QFETCH(QString, file);
    auto dist = parseDistFileName(file.toStdString());
    QVERIFY(!dist.ok());
    QVERIFY2(dist.error().message().find(file.toStdString()) != std::string::npos,
             dist.error().message().c_str());
}

void TestPackageRecord::names()
{
    PackageRecord record;
    record.name = "numpy";
    record.version = "1.26.4";
    record.build = "py312h8753938_0";
    QCOMPARE(record.distName(), std::string("numpy-1.26.4-py312h8753938_0"));
    QCOMPARE(record.str(), std::string("numpy-1.26.4-py312h8753938_0"));
    record.channel = "conda-forge";
    QCOMPARE(record.str(), std::string("conda-forge::numpy-1.26.4-py312h8753938_0"));
}

void TestPackageRecord::features()
{
    QCOMPARE(splitFeatures("mkl debug"), (std::vector<std::string>{"debug", "mkl"}));
    QCOMPARE(splitFeatures("mkl,debug, mkl"), (std::vector<std::string>{"debug", "mkl"}));
    QCOMPARE(splitFeatures("  "), std::vector<std::string>{});
}

// One record, in each of the shapes conda writes it: what is on disk loses credentials, what is
// printed masks them, optional fields appear only where conda writes them.
void TestPackageRecord::jsonShapes()
{
    using envdesk::specs::RecordShape;
    envdesk::specs::PackageRecord record;
    record.name = "numpy";
    record.version = "1.26.4";
    record.build = "py312h1";
    record.buildNumber = 1;
    record.channel = "https://user:secret@mirror.example/t/tk-123/conda-forge";
    record.subdir = "linux-64";
    record.fn = "numpy-1.26.4-py312h1.conda";
    record.url = record.channel + "/linux-64/" + record.fn;
    record.md5 = "0123";
    record.depends = {"python >=3.12"};
    record.size = 42;

    const auto stored = envdesk::specs::recordJson(record, RecordShape::Stored);
    QCOMPARE(stored.at("channel").get<std::string>(),
             std::string("https://mirror.example/conda-forge"));
    QVERIFY(stored.dump().find("secret") == std::string::npos);
    QVERIFY(stored.dump().find("tk-123") == std::string::npos);
    QCOMPARE(stored.at("build").get<std::string>(), std::string("py312h1"));
    QCOMPARE(stored.at("size").get<long long>(), 42LL);
    QVERIFY(!stored.contains("timestamp")); // not set: conda's cache record leaves it out
    QVERIFY(!stored.contains("license"));
    QVERIFY(!stored.contains("build_string"));

    const auto searched = envdesk::specs::recordJson(record, RecordShape::Searched);
    QVERIFY(searched.dump().find("secret") == std::string::npos);
    QVERIFY(searched.at("url").get<std::string>().find("/t/<TOKEN>/") != std::string::npos);
    QVERIFY(!searched.contains("sha256")); // empty: left out
    QCOMPARE(searched.at("track_features").get<std::string>(), std::string());

    const auto linked = envdesk::specs::recordJson(record, RecordShape::Linked);
    QCOMPARE(linked.at("build_string").get<std::string>(), std::string("py312h1"));
    QCOMPARE(linked.at("dist_name").get<std::string>(), std::string("numpy-1.26.4-py312h1"));
    QCOMPARE(linked.at("base_url").get<std::string>(),
             std::string("https://mirror.example/conda-forge"));
    QVERIFY(!linked.contains("size"));
    const auto fetched = envdesk::specs::recordJson(record, RecordShape::Fetched);
    QCOMPARE(fetched.at("size").get<long long>(), 42LL);
    QCOMPARE(fetched.at("build").get<std::string>(), std::string("py312h1"));

    const auto listed = envdesk::specs::recordJson(record, RecordShape::Listed, "conda-forge");
    QCOMPARE(listed.size(), std::size_t(8));
    QCOMPARE(listed.at("channel").get<std::string>(), std::string("conda-forge"));
    QCOMPARE(listed.at("platform").get<std::string>(), std::string("linux-64"));
}

QTEST_APPLESS_MAIN(TestPackageRecord)
#include "tst_package_record.moc"
