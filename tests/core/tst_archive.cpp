// Reads info/index.json out of the real packages in ../shared/fixtures/packages: the same build
// in both formats, the odd but valid `.conda` files (zip64, info-only, re-zipped with data
// descriptors), and archives that must be refused with the file named.

#include "core/archive/package_archive.h"
#include "vector_file.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using envdesk::archive::MetadataOptions;
using envdesk::archive::readPackageMetadata;
using envdesk::test::fixturesDir;

namespace {

std::string packagePath(const QString& relative)
{
    return (fixturesDir() + QStringLiteral("/packages/") + relative).toStdString();
}

QJsonObject parseObject(const std::string& text)
{
    QJsonParseError error;
    const auto document = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    return error.error == QJsonParseError::NoError ? document.object() : QJsonObject();
}

// A copy of `source` cut to its first `bytes` bytes, named `name` in `dir`.
QString truncatedCopy(const QTemporaryDir& dir, const QString& source, qint64 bytes,
                      const QString& name)
{
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QString target = dir.filePath(name);
    QFile out(target);
    if (!out.open(QIODevice::WriteOnly)) {
        return {};
    }
    out.write(in.read(bytes));
    return target;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString target = dir.filePath(name);
    QFile out(target);
    if (!out.open(QIODevice::WriteOnly)) {
        return {};
    }
    out.write(bytes);
    return target;
}

} // namespace

class TestArchive : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void bothFormatsGiveIdenticalIndexJson_data();
    void bothFormatsGiveIdenticalIndexJson();
    void unusualCondaLayouts_data();
    void unusualCondaLayouts();
    void aboutJsonOnRequest();
    void corruptArchivesAreRefusedNamingTheFile_data();
    void corruptArchivesAreRefusedNamingTheFile();
    void oversizedInfoIsRefused();
    void missingFileAndWrongNameAreErrors();
};

void TestArchive::init()
{
    if (!envdesk::test::haveFixtures()) {
        QSKIP("../shared/fixtures is absent: no packages to read");
    }
}

void TestArchive::bothFormatsGiveIdenticalIndexJson_data()
{
    QTest::addColumn<QString>("stem");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("subdir");
    QTest::newRow("mock-2.0.0-py37_1000") << QStringLiteral("cph/mock-2.0.0-py37_1000")
                                          << QStringLiteral("mock") << QStringLiteral("osx-64");
    QTest::newRow("zlib-1.2.11-h7b6447c_3 (linux-64)")
        << QStringLiteral("conda/conda_format_repo/linux-64/zlib-1.2.11-h7b6447c_3")
        << QStringLiteral("zlib") << QStringLiteral("linux-64");
    QTest::newRow("zlib-1.2.11-h1de35cc_3 (osx-64)")
        << QStringLiteral("conda/conda_format_repo/osx-64/zlib-1.2.11-h1de35cc_3")
        << QStringLiteral("zlib") << QStringLiteral("osx-64");
    QTest::newRow("zlib-1.2.11-h62dcd97_3 (win-32)")
        << QStringLiteral("conda/conda_format_repo/win-32/zlib-1.2.11-h62dcd97_3")
        << QStringLiteral("zlib") << QStringLiteral("win-32");
    QTest::newRow("zlib-1.2.11-h62dcd97_3 (win-64)")
        << QStringLiteral("conda/conda_format_repo/win-64/zlib-1.2.11-h62dcd97_3")
        << QStringLiteral("zlib") << QStringLiteral("win-64");
}

void TestArchive::bothFormatsGiveIdenticalIndexJson()
{
    QFETCH(QString, stem);
    QFETCH(QString, name);
    QFETCH(QString, subdir);
    const auto conda = readPackageMetadata(packagePath(stem + QStringLiteral(".conda")));
    QVERIFY2(conda.ok(), conda.ok() ? "" : conda.error().message().c_str());
    const auto tarBz2 = readPackageMetadata(packagePath(stem + QStringLiteral(".tar.bz2")));
    QVERIFY2(tarBz2.ok(), tarBz2.ok() ? "" : tarBz2.error().message().c_str());
    QCOMPARE(conda->indexJson, tarBz2->indexJson);
    const QJsonObject index = parseObject(conda->indexJson);
    QCOMPARE(index.value(QStringLiteral("name")).toString(), name);
    QCOMPARE(index.value(QStringLiteral("subdir")).toString(), subdir);
    QVERIFY(!conda->aboutJson.has_value());
}

void TestArchive::unusualCondaLayouts_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("name");
    // Written with zip64 records.
    QTest::newRow("zip64-test-1.0.0-0.conda")
        << QStringLiteral("rattler/sparse/zip64-test-1.0.0-0.conda")
        << QStringLiteral("zip64-test");
    // No pkg-*.tar.zst member at all.
    QTest::newRow("info-only-1.0.0-0.conda")
        << QStringLiteral("rattler/sparse/info-only-1.0.0-0.conda") << QStringLiteral("info-only");
    // Members stored as ./info/index.json.
    QTest::newRow("dotslash-test-1.0.0-0.conda")
        << QStringLiteral("rattler/sparse/dotslash-test-1.0.0-0.conda")
        << QStringLiteral("dotslash-test");
    QTest::newRow("sparse-test-1.0.0-0.conda")
        << QStringLiteral("rattler/sparse/sparse-test-1.0.0-0.conda")
        << QStringLiteral("sparse-test");
    QTest::newRow("symlink-test-1.0.0-0.conda")
        << QStringLiteral("rattler/sparse/symlink-test-1.0.0-0.conda")
        << QStringLiteral("symlink-test");
    // Re-zipped by hand: members deflated, behind a folder, sizes in data descriptors.
    QTest::newRow("ca-certificates-2024.7.4-hbcca054_0.conda")
        << QStringLiteral("rattler/ca-certificates-2024.7.4-hbcca054_0.conda")
        << QStringLiteral("ca-certificates");
    QTest::newRow("metadata.json first: arch-package-1.0-0.conda")
        << QStringLiteral("conda/test-recipes/linux-fake/arch-package-1.0-0.conda")
        << QStringLiteral("arch-package");
    QTest::newRow("info-only tarball: _r-mutex-1.0.1-anacondar_1.tar.bz2")
        << QStringLiteral("mamba/_r-mutex-1.0.1-anacondar_1.tar.bz2") << QStringLiteral("_r-mutex");
}

void TestArchive::unusualCondaLayouts()
{
    QFETCH(QString, file);
    QFETCH(QString, name);
    const auto metadata = readPackageMetadata(packagePath(file));
    QVERIFY2(metadata.ok(), metadata.ok() ? "" : metadata.error().message().c_str());
    QCOMPARE(parseObject(metadata->indexJson).value(QStringLiteral("name")).toString(), name);
}

void TestArchive::aboutJsonOnRequest()
{
    MetadataOptions options;
    options.withAbout = true;
    for (const char* extension : {".conda", ".tar.bz2"}) {
        const auto metadata = readPackageMetadata(
            packagePath(QStringLiteral("cph/mock-2.0.0-py37_1000") + QLatin1String(extension)),
            options);
        QVERIFY2(metadata.ok(), metadata.ok() ? "" : metadata.error().message().c_str());
        QVERIFY2(metadata->aboutJson.has_value(), extension);
        QVERIFY(!parseObject(*metadata->aboutJson).isEmpty());
        QCOMPARE(parseObject(metadata->indexJson).value(QStringLiteral("name")).toString(),
                 QStringLiteral("mock"));
    }
}

void TestArchive::corruptArchivesAreRefusedNamingTheFile_data()
{
    QTest::addColumn<QString>("path");
    if (!envdesk::test::haveFixtures()) {
        return;
    }
    static QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString packages = fixturesDir() + QStringLiteral("/packages/");
    const QString mock = packages + QStringLiteral("cph/mock-2.0.0-py37_1000");

    QTest::newRow("0-byte another_bad_package.conda")
        << packages + QStringLiteral("conda-index/corrupt/another_bad_package.conda");
    QTest::newRow("16-byte bad_package.tar.bz2")
        << packages + QStringLiteral("conda-index/corrupt/bad_package.tar.bz2");
    QTest::newRow(".conda cut in half (no central directory)") << truncatedCopy(
        dir, mock + QStringLiteral(".conda"), 56000, QStringLiteral("half-1.0-0.conda"));
    QTest::newRow(".conda cut inside its first member") << truncatedCopy(
        dir, mock + QStringLiteral(".conda"), 300, QStringLiteral("head-1.0-0.conda"));
    QTest::newRow(".tar.bz2 cut inside its first block") << truncatedCopy(
        dir, mock + QStringLiteral(".tar.bz2"), 200, QStringLiteral("head-1.0-0.tar.bz2"));
    QTest::newRow("text named .conda")
        << writeFile(dir, QStringLiteral("text-1.0-0.conda"), "this is not a zip\n");
    QTest::newRow("zip named .tar.bz2") << [&] {
        QFile in(mock + QStringLiteral(".conda"));
        return in.open(QIODevice::ReadOnly)
                   ? writeFile(dir, QStringLiteral("zip-1.0-0.tar.bz2"), in.readAll())
                   : QString();
    }();
    QTest::newRow("tarball named .conda") << [&] {
        QFile in(mock + QStringLiteral(".tar.bz2"));
        return in.open(QIODevice::ReadOnly)
                   ? writeFile(dir, QStringLiteral("tarball-1.0-0.conda"), in.readAll())
                   : QString();
    }();
    // A bzip2 stream that holds no tarball.
    QTest::newRow("bzip2 of text named .tar.bz2") << writeFile(
        dir, QStringLiteral("bz-1.0-0.tar.bz2"),
        QByteArray::fromHex("425a6839314159265359b9fc3cbe00000d51800010400432659c4020002"
                            "1a8f51843690a6000252673a782b23bb9834682b60afe2ee48a70a12173f8797c"));
}

void TestArchive::corruptArchivesAreRefusedNamingTheFile()
{
    QFETCH(QString, path);
    QVERIFY(!path.isEmpty());
    const auto metadata = readPackageMetadata(path.toStdString());
    QVERIFY2(!metadata.ok(), qPrintable(path));
    const std::string message = metadata.error().message();
    QVERIFY2(message.find(path.toStdString()) != std::string::npos, message.c_str());
    QVERIFY2(!metadata.error().detail.empty(), message.c_str());
}

void TestArchive::oversizedInfoIsRefused()
{
    MetadataOptions options;
    options.maxMemberSize = 100; // smaller than either info member or index.json
    for (const char* extension : {".conda", ".tar.bz2"}) {
        const std::string path =
            packagePath(QStringLiteral("cph/mock-2.0.0-py37_1000") + QLatin1String(extension));
        const auto metadata = readPackageMetadata(path, options);
        QVERIFY2(!metadata.ok(), extension);
        QVERIFY2(metadata.error().detail.find("limit") != std::string::npos,
                 metadata.error().message().c_str());
        QCOMPARE(metadata.error().context, path);
    }
}

void TestArchive::missingFileAndWrongNameAreErrors()
{
    const auto missing = readPackageMetadata("/nonexistent/envdesk/pkg-1.0-0.conda");
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().code == envdesk::util::ErrorCode::NotFound);
    QCOMPARE(missing.error().context, std::string("/nonexistent/envdesk/pkg-1.0-0.conda"));

    const std::string readme = (fixturesDir() + QStringLiteral("/README.md")).toStdString();
    const auto wrongName = readPackageMetadata(readme);
    QVERIFY(!wrongName.ok());
    QVERIFY(wrongName.error().message().find("README.md") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestArchive)
#include "tst_archive.moc"
