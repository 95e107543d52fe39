// The package writer: what it writes must read back through the project's own reader,
// extractor and paths.json parser exactly as a conda-build package does, in both formats; bad
// specs are refused with the file named, and nothing is left under the final name.

#include "core/archive/extract.h"
#include "core/archive/package_archive.h"
#include "core/archive/package_writer.h"
#include "core/env/package_paths.h"
#include "core/util/hash.h"
#include "test_printers.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace envdesk;

namespace {

archive::PackageSpec sampleSpec()
{
    archive::PackageSpec spec;
    spec.name = "sample";
    spec.version = "1.2";
    spec.build = "h0_3";
    spec.buildNumber = 3;
    spec.subdir = "linux-64";
    spec.depends = {"zlib >=1.2"};
    spec.license = "MIT";
    spec.files = {
        {"bin/sample", std::string("#!/bin/sh\necho ") + archive::kPrefixPlaceholder + "\n", false,
         true, true},
        {"lib/libsample.so.1",
         std::string("\x7f"
                     "ELF\0\1\2",
                     7),
         false, false, false},
        {"lib/libsample.so", "libsample.so.1", true, false, false},
        {"share/sample/data.txt", "plain text\n", false, false, false},
    };
    return spec;
}

QJsonObject readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Every entry below `root`: relative path -> "link:<target>" or "<mode>:<sha256>".
QMap<QString, QString> describeTree(const QString& root)
{
    QMap<QString, QString> tree;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info(path);
        const QString relative = QDir(root).relativeFilePath(path);
        if (info.isSymLink()) {
            tree[relative] =
                QStringLiteral("link:") + info.symLinkTarget().section(QLatin1Char(0x2f), -1);
        } else if (info.isFile()) {
            QFile file(path);
            file.open(QIODevice::ReadOnly);
            tree[relative] =
                QString::number(static_cast<int>(info.permissions()), 16) + QStringLiteral(":")
                + QString::fromStdString(util::sha256Hex(file.readAll().toStdString()));
        }
    }
    return tree;
}

} // namespace

class TestPackageWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesReadableConda();
    void bothFormatsExtractToTheSameTree();
    void pathsJsonDescribesEveryFile();
    void sameSpecGivesSameBytes();
    void refusesBadSpecs_data();
    void refusesBadSpecs();
};

void TestPackageWriter::writesReadableConda()
{
    QTemporaryDir dir;
    const auto written = archive::writePackage(sampleSpec(), dir.path().toStdString());
    QVERIFY2(written, written ? "" : written.error().message().c_str());
    QCOMPARE(QString::fromStdString(*written),
             dir.filePath(QStringLiteral("sample-1.2-h0_3.conda")));

    const auto metadata = archive::readPackageMetadata(*written);
    QVERIFY2(metadata, metadata ? "" : metadata.error().message().c_str());
    const auto index =
        QJsonDocument::fromJson(QByteArray::fromStdString(metadata->indexJson)).object();
    QCOMPARE(index[QStringLiteral("name")].toString(), QStringLiteral("sample"));
    QCOMPARE(index[QStringLiteral("version")].toString(), QStringLiteral("1.2"));
    QCOMPARE(index[QStringLiteral("build")].toString(), QStringLiteral("h0_3"));
    QCOMPARE(index[QStringLiteral("build_number")].toInt(), 3);
    QCOMPARE(index[QStringLiteral("subdir")].toString(), QStringLiteral("linux-64"));
    QCOMPARE(index[QStringLiteral("platform")].toString(), QStringLiteral("linux"));
    QCOMPARE(index[QStringLiteral("arch")].toString(), QStringLiteral("x86_64"));
    QCOMPARE(index[QStringLiteral("depends")].toArray().first().toString(),
             QStringLiteral("zlib >=1.2"));
    // No temporary file is left beside it.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), qsizetype{1});
}

void TestPackageWriter::bothFormatsExtractToTheSameTree()
{
    QTemporaryDir dir;
    archive::WriteOptions bz2;
    bz2.format = archive::PackageFormat::TarBz2;
    const auto conda = archive::writePackage(sampleSpec(), dir.path().toStdString());
    const auto tarBz2 = archive::writePackage(sampleSpec(), dir.path().toStdString(), bz2);
    QVERIFY(conda && tarBz2);
    QVERIFY(QString::fromStdString(*tarBz2).endsWith(QStringLiteral(".tar.bz2")));
    const QString a = dir.filePath(QStringLiteral("a"));
    const QString b = dir.filePath(QStringLiteral("b"));
    const auto ea = archive::extractPackage(*conda, a.toStdString(), {}, {});
    QVERIFY2(ea, ea ? "" : ea.error().message().c_str());
    const auto eb = archive::extractPackage(*tarBz2, b.toStdString(), {}, {});
    QVERIFY2(eb, eb ? "" : eb.error().message().c_str());
    const auto treeA = describeTree(a);
    QCOMPARE(treeA, describeTree(b));
    QCOMPARE(treeA.value(QStringLiteral("lib/libsample.so")),
             QStringLiteral("link:libsample.so.1"));
    QVERIFY(QFileInfo(a + QStringLiteral("/bin/sample")).isExecutable());
    QVERIFY(!QFileInfo(a + QStringLiteral("/share/sample/data.txt")).isExecutable());
    QVERIFY(treeA.contains(QStringLiteral("info/index.json")));
    QVERIFY(treeA.contains(QStringLiteral("info/has_prefix")));
}

void TestPackageWriter::pathsJsonDescribesEveryFile()
{
    QTemporaryDir dir;
    const auto conda = archive::writePackage(sampleSpec(), dir.path().toStdString());
    QVERIFY(conda);
    const QString out = dir.filePath(QStringLiteral("x"));
    QVERIFY(archive::extractPackage(*conda, out.toStdString(), {}, {}));
    const auto paths = env::readPackagePaths(out.toStdString());
    QVERIFY2(paths, paths ? "" : paths.error().message().c_str());
    QCOMPARE(paths->size(), std::size_t{4});
    const auto spec = sampleSpec();
    for (std::size_t i = 0; i < spec.files.size(); ++i) {
        const auto& entry = (*paths)[i];
        QCOMPARE(entry.path, spec.files[i].path);
        QVERIFY(entry.type
                == (spec.files[i].symlink ? env::PackagePath::Type::SoftLink
                                          : env::PackagePath::Type::HardLink));
        QCOMPARE(entry.prefixPlaceholder.has_value(), spec.files[i].textPrefix);
        if (!spec.files[i].symlink) {
            QCOMPARE(entry.sha256, util::sha256Hex(spec.files[i].content));
            QCOMPARE(entry.size, spec.files[i].content.size());
        }
    }
    QCOMPARE(*(*paths)[0].prefixPlaceholder, std::string(archive::kPrefixPlaceholder));
    QVERIFY((*paths)[0].fileMode == env::PackagePath::FileMode::Text);
    const auto pathsJson = readJson(out + QStringLiteral("/info/paths.json"));
    QCOMPARE(pathsJson[QStringLiteral("paths_version")].toInt(), 1);
}

void TestPackageWriter::sameSpecGivesSameBytes()
{
    QTemporaryDir one;
    QTemporaryDir two;
    const auto a = archive::writePackage(sampleSpec(), one.path().toStdString());
    const auto b = archive::writePackage(sampleSpec(), two.path().toStdString());
    QVERIFY(a && b);
    QFile fa(QString::fromStdString(*a));
    QFile fb(QString::fromStdString(*b));
    QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly));
    QVERIFY(fa.readAll() == fb.readAll());
}

void TestPackageWriter::refusesBadSpecs_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTest::newRow("absolute") << QStringLiteral("/etc/passwd") << QStringLiteral("relative");
    QTest::newRow("dot-dot") << QStringLiteral("lib/../../x") << QStringLiteral("'..'");
    QTest::newRow("info") << QStringLiteral("info/index.json") << QStringLiteral("info/");
    QTest::newRow("duplicate") << QStringLiteral("share/sample/data.txt")
                               << QStringLiteral("given twice");
}

void TestPackageWriter::refusesBadSpecs()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    auto spec = sampleSpec();
    spec.files.push_back({path.toStdString(), "x", false, false, false});
    QTemporaryDir dir;
    const auto written = archive::writePackage(spec, dir.path().toStdString());
    QVERIFY(!written);
    QVERIFY(written.error().code == util::ErrorCode::InvalidRecord);
    const QString message = QString::fromStdString(written.error().message());
    QVERIFY2(message.contains(expected) && message.contains(QStringLiteral("sample-1.2-h0_3")),
             qPrintable(message));
    QVERIFY(QDir(dir.path()).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
}

QTEST_GUILESS_MAIN(TestPackageWriter)
#include "tst_package_writer.moc"
