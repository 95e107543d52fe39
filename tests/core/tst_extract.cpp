// Extracts the real packages in ../shared/fixtures/packages and hostile archives built here with
// libarchive's writer: the same build in both formats gives the same tree, links stay links, and
// whatever is refused leaves nothing behind, neither in the destination nor outside it.

#include "core/archive/extract.h"
#include "core/util/hash.h"
#include "raw_archive.h"
#include "vector_file.h"

#include <archive_entry.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <map>
#include <stop_token>
#include <vector>

using envdesk::archive::ExtractOptions;
using envdesk::archive::extractPackage;
using envdesk::archive::ExtractProgress;
using envdesk::test::fixturesDir;
using envdesk::util::ErrorCode;

namespace fs = std::filesystem;

namespace {

QString packagePath(const QString& relative)
{
    return fixturesDir() + QStringLiteral("/packages/") + relative;
}

envdesk::util::Result<void> extract(const QString& archive, const QString& destination)
{
    return extractPackage(archive.toStdString(), destination.toStdString(), {}, {});
}

// One line per path: type, permission bits, and the sha256 of a file or the target of a link.
std::map<std::string, std::string> snapshot(const QString& root)
{
    std::map<std::string, std::string> tree;
    const fs::path base(root.toStdString());
    for (const auto& item : fs::recursive_directory_iterator(base)) {
        const auto status = item.symlink_status();
        const std::string relative = fs::relative(item.path(), base).string();
        const auto perms = static_cast<unsigned>(status.permissions()) & 07777U;
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", perms);
        if (fs::is_symlink(status)) {
            tree[relative] = "link -> " + fs::read_symlink(item.path()).string();
        } else if (fs::is_directory(status)) {
            tree[relative] = std::string("dir ") + mode;
        } else {
            QFile file(QString::fromStdString(item.path().string()));
            const QByteArray bytes = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
            tree[relative] =
                std::string("file ") + mode + " "
                + envdesk::util::sha256Hex(std::string_view(bytes.constData(), bytes.size()));
        }
    }
    return tree;
}

std::string describe(const std::map<std::string, std::string>& tree)
{
    std::string text;
    for (const auto& [path, what] : tree) {
        text += path + ": " + what + "\n";
    }
    return text;
}

// What a hostile or hand-made archive holds (tests/support/raw_archive.h).
using TestEntry = envdesk::test::RawEntry;
using Members = envdesk::test::CondaMembers;

const TestEntry kIndexJson{"info/index.json", AE_IFREG, R"({"name":"evil"})", {}, {}, 0644};

bool writeTarBz2(const QString& path, const std::vector<TestEntry>& entries)
{
    return envdesk::test::writeRawTarBz2(path.toStdString(), entries);
}

std::string tarZst(const std::vector<TestEntry>& entries)
{
    return envdesk::test::rawTarZst(entries);
}

bool writeConda(const QString& path, const std::vector<TestEntry>& info,
                const std::vector<TestEntry>& pkg, Members which = Members::Both)
{
    return envdesk::test::writeRawConda(path.toStdString(), "evil-1.0-0", info, pkg, which);
}

QStringList entriesOf(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden
                               | QDir::System);
}

// A copy of `source` cut to its first `bytes` bytes.
QString truncatedCopy(const QString& dir, const QString& source, qint64 bytes, const QString& name)
{
    QFile in(source);
    QFile out(dir + QLatin1Char('/') + name);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly)) {
        return {};
    }
    out.write(in.read(bytes));
    return out.fileName();
}

QString writeFile(const QString& dir, const QString& name, const QByteArray& bytes)
{
    QFile out(dir + QLatin1Char('/') + name);
    if (!out.open(QIODevice::WriteOnly)) {
        return {};
    }
    out.write(bytes);
    return out.fileName();
}

} // namespace

class TestExtract : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bothFormatsGiveIdenticalTrees_data();
    void bothFormatsGiveIdenticalTrees();
    void unusualConda_data();
    void unusualConda();
    void symlinksStayLinks_data();
    void symlinksStayLinks();
    void corruptArchivesLeaveNothing_data();
    void corruptArchivesLeaveNothing();
    void hostileArchivesAreRefused_data();
    void hostileArchivesAreRefused();
    void modesKeptWithoutSetuid();
    void sizeLimitStopsBombs();
    void cancelLeavesNoFolder();
    void progressIncreases();
    void destinationMustBeEmpty();
    void fullDiskNamesThePath();
    void pathsJsonMustTellTheTruth_data();
    void pathsJsonMustTellTheTruth();
    void incompleteCondaIsRefused_data();
    void incompleteCondaIsRefused();
    void expansionRatioStopsBombs();
    void freeSpaceReserveStopsBigPackages();
};

void TestExtract::bothFormatsGiveIdenticalTrees_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("stem");
    QTest::newRow("mock-2.0.0-py37_1000") << QStringLiteral("cph/mock-2.0.0-py37_1000");
    for (const char* stem : {"linux-64/zlib-1.2.11-h7b6447c_3", "osx-64/zlib-1.2.11-h1de35cc_3",
                             "win-32/zlib-1.2.11-h62dcd97_3", "win-64/zlib-1.2.11-h62dcd97_3"}) {
        QTest::newRow(stem) << QStringLiteral("conda/conda_format_repo/") + QLatin1String(stem);
    }
}

void TestExtract::bothFormatsGiveIdenticalTrees()
{
    QFETCH(QString, stem);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto conda = extract(packagePath(stem + QStringLiteral(".conda")),
                               dir.filePath(QStringLiteral("conda")));
    QVERIFY2(conda.ok(), conda.ok() ? "" : conda.error().message().c_str());
    const auto tarBz2 = extract(packagePath(stem + QStringLiteral(".tar.bz2")),
                                dir.filePath(QStringLiteral("tarbz2")));
    QVERIFY2(tarBz2.ok(), tarBz2.ok() ? "" : tarBz2.error().message().c_str());
    const auto fromConda = snapshot(dir.filePath(QStringLiteral("conda")));
    const auto fromTarBz2 = snapshot(dir.filePath(QStringLiteral("tarbz2")));
    QVERIFY(fromConda.count("info/index.json") == 1);
    QVERIFY2(fromConda == fromTarBz2,
             ("from .conda:\n" + describe(fromConda) + "from .tar.bz2:\n" + describe(fromTarBz2))
                 .c_str());
    QCOMPARE(entriesOf(dir.path()),
             (QStringList{QStringLiteral("conda"), QStringLiteral("tarbz2")}));
}

void TestExtract::unusualConda_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expectedFile"); // a payload file that must be there
    QTest::newRow("zip64-test-1.0.0-0.conda")
        << QStringLiteral("rattler/sparse/zip64-test-1.0.0-0.conda")
        << QStringLiteral("bin/hello.txt");
    QTest::newRow("dotslash-test-1.0.0-0.conda")
        << QStringLiteral("rattler/sparse/dotslash-test-1.0.0-0.conda")
        << QStringLiteral("lib/data.txt");
    QTest::newRow("sparse-test-1.0.0-0.conda")
        << QStringLiteral("rattler/sparse/sparse-test-1.0.0-0.conda")
        << QStringLiteral("lib/blob.bin");
    QTest::newRow("ca-certificates-2024.7.4-hbcca054_0.conda")
        << QStringLiteral("rattler/ca-certificates-2024.7.4-hbcca054_0.conda")
        << QStringLiteral("ssl/cacert.pem");
    QTest::newRow("arch-package-1.0-0.conda")
        << QStringLiteral("conda/test-recipes/linux-fake/arch-package-1.0-0.conda")
        << QStringLiteral("info/index.json");
    QTest::newRow("_r-mutex-1.0.1-anacondar_1.tar.bz2")
        << QStringLiteral("mamba/_r-mutex-1.0.1-anacondar_1.tar.bz2")
        << QStringLiteral("info/index.json");
}

void TestExtract::unusualConda()
{
    QFETCH(QString, file);
    QFETCH(QString, expectedFile);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("out"));
    const auto result = extract(packagePath(file), out);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    QVERIFY(QFileInfo(out + QStringLiteral("/info/index.json")).isFile());
    QVERIFY2(QFileInfo(out + QLatin1Char('/') + expectedFile).isFile(),
             describe(snapshot(out)).c_str());
    QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("out")});
}

void TestExtract::symlinksStayLinks_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("link");
    QTest::addColumn<QString>("target");
    const QString cph = QStringLiteral("cph/cph_test_data-0.0.1-0.tar.bz2");
    QTest::newRow("cph_test_data-0.0.1-0.tar.bz2: dangling")
        << cph << QStringLiteral("lib/libdangle.lib") << QStringLiteral("libdangle.lib.1");
    QTest::newRow("cph_test_data-0.0.1-0.tar.bz2: folder link")
        << cph << QStringLiteral("lib/python3.1") << QStringLiteral("python3.10");
    QTest::newRow("cph_test_data-0.0.1-0.tar.bz2: up and over")
        << cph << QStringLiteral("lib/terminfo") << QStringLiteral("../share/terminfo");
    QTest::newRow("cph_test_data-0.0.1-0.tar.bz2: chain")
        << cph << QStringLiteral("libexec/greetings") << QStringLiteral("../bin/hello");
    QTest::newRow("symlink-test-1.0.0-0.conda")
        << QStringLiteral("rattler/sparse/symlink-test-1.0.0-0.conda")
        << QStringLiteral("lib/liblink.so") << QStringLiteral("libreal.so.1");
}

void TestExtract::symlinksStayLinks()
{
    QFETCH(QString, file);
    QFETCH(QString, link);
    QFETCH(QString, target);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("out"));
    const auto result = extract(packagePath(file), out);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    const fs::path linkPath((out + QLatin1Char('/') + link).toStdString());
    QVERIFY2(fs::is_symlink(fs::symlink_status(linkPath)), describe(snapshot(out)).c_str());
    QCOMPARE(QString::fromStdString(fs::read_symlink(linkPath).string()), target);
}

void TestExtract::corruptArchivesLeaveNothing_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("path");
    static QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString mock = packagePath(QStringLiteral("cph/mock-2.0.0-py37_1000"));
    QTest::newRow("another_bad_package.conda")
        << packagePath(QStringLiteral("conda-index/corrupt/another_bad_package.conda"));
    QTest::newRow("bad_package.tar.bz2")
        << packagePath(QStringLiteral("conda-index/corrupt/bad_package.tar.bz2"));
    for (const qint64 size : {300, 20000, 56000, 100000}) {
        const QString name = QStringLiteral("cut%1-1.0-0.conda").arg(size);
        QTest::newRow(qPrintable(name))
            << truncatedCopy(dir.path(), mock + QStringLiteral(".conda"), size, name);
    }
    for (const qint64 size : {200, 50000, 100000}) {
        const QString name = QStringLiteral("cut%1-1.0-0.tar.bz2").arg(size);
        QTest::newRow(qPrintable(name))
            << truncatedCopy(dir.path(), mock + QStringLiteral(".tar.bz2"), size, name);
    }
    QTest::newRow("text-1.0-0.conda")
        << writeFile(dir.path(), QStringLiteral("text-1.0-0.conda"), "this is not a zip\n");
    QFile conda(mock + QStringLiteral(".conda"));
    QFile tarBz2(mock + QStringLiteral(".tar.bz2"));
    QVERIFY(conda.open(QIODevice::ReadOnly) && tarBz2.open(QIODevice::ReadOnly));
    QTest::newRow("zip-1.0-0.tar.bz2")
        << writeFile(dir.path(), QStringLiteral("zip-1.0-0.tar.bz2"), conda.readAll());
    QTest::newRow("tarball-1.0-0.conda")
        << writeFile(dir.path(), QStringLiteral("tarball-1.0-0.conda"), tarBz2.readAll());
    // A package without info/: the payload alone is not a conda package.
    const QString noInfo = dir.path() + QStringLiteral("/noinfo-1.0-0.tar.bz2");
    QVERIFY(writeTarBz2(noInfo, {{"bin/tool", AE_IFREG, "x", {}, {}, 0755}}));
    QTest::newRow("noinfo-1.0-0.tar.bz2") << noInfo;
}

void TestExtract::corruptArchivesLeaveNothing()
{
    QFETCH(QString, path);
    QVERIFY(!path.isEmpty());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto result = extract(path, dir.filePath(QStringLiteral("out")));
    QVERIFY2(!result.ok(), qPrintable(path));
    QVERIFY2(result.error().message().find(path.toStdString()) != std::string::npos,
             result.error().message().c_str());
    QVERIFY(result.error().code != ErrorCode::Cancelled);
    QCOMPARE(entriesOf(dir.path()), QStringList());
}

void TestExtract::hostileArchivesAreRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("entry"); // the entry the error must name
    QTest::newRow("absolute-1.0-0.tar.bz2") << QStringLiteral("absolute") << QStringLiteral("/");
    QTest::newRow("dotdot-1.0-0.tar.bz2")
        << QStringLiteral("dotdot") << QStringLiteral("../escape");
    QTest::newRow("etc-link-1.0-0.tar.bz2") << QStringLiteral("etc-link") << QStringLiteral("etc");
    QTest::newRow("through-link-1.0-0.tar.bz2")
        << QStringLiteral("through-link") << QStringLiteral("link/x");
    QTest::newRow("up-link-1.0-0.tar.bz2") << QStringLiteral("up-link") << QStringLiteral("up");
    QTest::newRow("chain-link-1.0-0.tar.bz2")
        << QStringLiteral("chain-link") << QStringLiteral("b");
    QTest::newRow("hardlink-out-1.0-0.tar.bz2")
        << QStringLiteral("hardlink-out") << QStringLiteral("h");
    QTest::newRow("hardlink-abs-1.0-0.tar.bz2")
        << QStringLiteral("hardlink-abs") << QStringLiteral("h");
    QTest::newRow("fifo-1.0-0.tar.bz2") << QStringLiteral("fifo") << QStringLiteral("bin/pipe");
    QTest::newRow("device-1.0-0.tar.bz2") << QStringLiteral("device") << QStringLiteral("dev/null");
    QTest::newRow("dotdot-1.0-0.conda")
        << QStringLiteral("conda-dotdot") << QStringLiteral("../../escape");
}

void TestExtract::hostileArchivesAreRefused()
{
    QFETCH(QString, kind);
    QFETCH(QString, entry);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // root/archive, root/work/out: "outside the destination" is root/work and root.
    const QString work = dir.filePath(QStringLiteral("work"));
    QVERIFY(QDir().mkpath(work));
    const std::string absolute = dir.filePath(QStringLiteral("abs-escape")).toStdString();
    std::vector<TestEntry> entries{kIndexJson};
    const auto add = [&](TestEntry item) { entries.push_back(std::move(item)); };
    if (kind == QLatin1String("absolute")) {
        add({absolute, AE_IFREG, "x", {}, {}, 0644});
    } else if (kind == QLatin1String("dotdot")) {
        add({"../escape", AE_IFREG, "x", {}, {}, 0644});
    } else if (kind == QLatin1String("etc-link")) {
        add({"etc", AE_IFLNK, {}, "/etc", {}, 0777});
        add({"etc/envdesk-evil", AE_IFREG, "x", {}, {}, 0644});
    } else if (kind == QLatin1String("through-link")) {
        add({"sub", AE_IFDIR, {}, {}, {}, 0755});
        add({"link", AE_IFLNK, {}, "sub", {}, 0777});
        add({"link/x", AE_IFREG, "x", {}, {}, 0644});
    } else if (kind == QLatin1String("up-link")) {
        add({"up", AE_IFLNK, {}, "../../escape", {}, 0777});
    } else if (kind == QLatin1String("chain-link")) {
        add({"a", AE_IFLNK, {}, ".", {}, 0777});
        add({"b", AE_IFLNK, {}, "a/..", {}, 0777});
    } else if (kind == QLatin1String("hardlink-out")) {
        add({"h", AE_IFREG, {}, {}, "../escape", 0644});
    } else if (kind == QLatin1String("hardlink-abs")) {
        add({"h", AE_IFREG, {}, {}, "/etc/passwd", 0644});
    } else if (kind == QLatin1String("fifo")) {
        add({"bin/pipe", AE_IFIFO, {}, {}, {}, 0644});
    } else if (kind == QLatin1String("device")) {
        add({"dev/null", AE_IFCHR, {}, {}, {}, 0666});
    }
    QString archive;
    if (kind == QLatin1String("conda-dotdot")) {
        archive = dir.filePath(QStringLiteral("dotdot-1.0-0.conda"));
        QVERIFY(writeConda(archive, {kIndexJson}, {{"../../escape", AE_IFREG, "x", {}, {}, 0644}}));
    } else {
        archive = dir.filePath(kind + QStringLiteral("-1.0-0.tar.bz2"));
        QVERIFY(writeTarBz2(archive, entries));
    }
    const auto result = extract(archive, work + QStringLiteral("/out"));
    QVERIFY2(!result.ok(), "a hostile archive was extracted");
    const std::string message = result.error().message();
    QVERIFY2(message.find(archive.toStdString()) != std::string::npos, message.c_str());
    QVERIFY2(message.find("'" + entry.toStdString()) != std::string::npos, message.c_str());
    QVERIFY2(result.error().code == ErrorCode::ParseError, result.error().message().c_str());
    QCOMPARE(entriesOf(work), QStringList());
    QCOMPARE(entriesOf(dir.path()),
             (QStringList{QFileInfo(archive).fileName(), QStringLiteral("work")}));
    QVERIFY(!QFile::exists(QStringLiteral("/etc/envdesk-evil")));
}

void TestExtract::modesKeptWithoutSetuid()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString archive = dir.filePath(QStringLiteral("modes-1.0-0.tar.bz2"));
    QVERIFY(writeTarBz2(archive, {kIndexJson,
                                  {"bin/tool", AE_IFREG, "#!/bin/sh\n", {}, {}, 0755},
                                  {"bin/suid", AE_IFREG, "x", {}, {}, 06755},
                                  {"share/data", AE_IFREG, "y", {}, {}, 0600},
                                  {"share/copy", AE_IFREG, {}, {}, "share/data", 0600}}));
    const QString out = dir.filePath(QStringLiteral("out"));
    const auto result = extract(archive, out);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    const auto tree = snapshot(out);
    QVERIFY2(tree.at("bin/tool").rfind("file 0755 ", 0) == 0, describe(tree).c_str());
    QVERIFY2(tree.at("bin/suid").rfind("file 0755 ", 0) == 0, describe(tree).c_str());
    QVERIFY2(tree.at("share/data").rfind("file 0600 ", 0) == 0, describe(tree).c_str());
    QCOMPARE(tree.at("share/copy"), tree.at("share/data"));
    struct stat data {};
    struct stat copy {};
    QVERIFY(::stat((out + QStringLiteral("/share/data")).toLocal8Bit().constData(), &data) == 0);
    QVERIFY(::stat((out + QStringLiteral("/share/copy")).toLocal8Bit().constData(), &copy) == 0);
    QCOMPARE(data.st_ino, copy.st_ino);
}

void TestExtract::sizeLimitStopsBombs()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string big(4096, 'z'); // compresses to almost nothing, like a bomb
    for (const QString& name :
         {QStringLiteral("bomb-1.0-0.tar.bz2"), QStringLiteral("bomb-1.0-0.conda")}) {
        const QString archive = dir.filePath(name);
        if (name.endsWith(QLatin1String(".conda"))) {
            QVERIFY(writeConda(archive, {kIndexJson}, {{"big", AE_IFREG, big, {}, {}, 0644}}));
        } else {
            QVERIFY(writeTarBz2(archive, {kIndexJson, {"big", AE_IFREG, big, {}, {}, 0644}}));
        }
        ExtractOptions options;
        options.maxTotalBytes = 1000;
        const QString out = dir.filePath(QStringLiteral("out"));
        const auto result =
            extractPackage(archive.toStdString(), out.toStdString(), options, {}, {});
        QVERIFY2(!result.ok(), qPrintable(name));
        QVERIFY2(result.error().detail.find("limit") != std::string::npos,
                 result.error().message().c_str());
        QVERIFY(!QFileInfo::exists(out));
        QVERIFY(!QFileInfo::exists(out + QStringLiteral(".partial")));
    }
}

void TestExtract::cancelLeavesNoFolder()
{
    ENVDESK_REQUIRE_FIXTURES();
    for (const char* extension : {".conda", ".tar.bz2"}) {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::stop_source source;
        int calls = 0;
        const auto result = extractPackage(
            packagePath(QStringLiteral("cph/mock-2.0.0-py37_1000") + QLatin1String(extension))
                .toStdString(),
            dir.filePath(QStringLiteral("out")).toStdString(),
            [&](const ExtractProgress&) {
                ++calls;
                source.request_stop();
            },
            source.get_token());
        QVERIFY2(!result.ok(), extension);
        QVERIFY2(result.error().code == ErrorCode::Cancelled, result.error().message().c_str());
        QCOMPARE(calls, 1);
        QCOMPARE(entriesOf(dir.path()), QStringList());
    }
}

void TestExtract::progressIncreases()
{
    ENVDESK_REQUIRE_FIXTURES();
    for (const char* extension : {".conda", ".tar.bz2"}) {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::vector<ExtractProgress> reports;
        const QString out = dir.filePath(QStringLiteral("out"));
        const auto result = extractPackage(
            packagePath(QStringLiteral("cph/mock-2.0.0-py37_1000") + QLatin1String(extension))
                .toStdString(),
            out.toStdString(), [&](const ExtractProgress& p) { reports.push_back(p); }, {});
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
        QVERIFY(reports.size() > 10);
        for (std::size_t i = 1; i < reports.size(); ++i) {
            QVERIFY(reports[i].entriesDone >= reports[i - 1].entriesDone);
            QVERIFY(reports[i].bytesDone >= reports[i - 1].bytesDone);
            QVERIFY(reports[i].entriesDone + reports[i].bytesDone
                    > reports[i - 1].entriesDone + reports[i - 1].bytesDone);
        }
        std::uint64_t fileBytes = 0;
        for (const auto& item : fs::recursive_directory_iterator(out.toStdString())) {
            if (item.is_regular_file() && !item.is_symlink()) {
                fileBytes += item.file_size();
            }
        }
        QCOMPARE(reports.back().bytesDone, fileBytes);
    }
}

void TestExtract::destinationMustBeEmpty()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString archive = packagePath(QStringLiteral("cph/mock-2.0.0-py37_1000.conda"));
    const QString out = dir.filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(out)); // an empty folder is fine
    auto result = extract(archive, out);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    result = extract(archive, out); // now it holds the package
    QVERIFY(!result.ok());
    QVERIFY2(result.error().code == ErrorCode::IoError, result.error().message().c_str());
    QVERIFY(QFileInfo(out + QStringLiteral("/info/index.json")).isFile());
    QVERIFY(!QFileInfo::exists(out + QStringLiteral(".partial")));
}

void TestExtract::fullDiskNamesThePath()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A real full disk: a 256 KiB tmpfs, which only root (or a user namespace) may mount.
    const QByteArray small = dir.filePath(QStringLiteral("small")).toLocal8Bit();
    QVERIFY(QDir().mkpath(QString::fromLocal8Bit(small)));
    if (::mount("tmpfs", small.constData(), "tmpfs", 0, "size=256k") != 0) {
        QSKIP("cannot mount a small tmpfs here (not root): no full disk to test with");
    }
    // Without the free-space check, so that the write itself runs out of room.
    ExtractOptions unchecked;
    unchecked.freeSpaceReserve = std::nullopt;
    const auto result = extractPackage(
        packagePath(QStringLiteral("cph/mock-2.0.0-py37_1000.conda")).toStdString(),
        (QString::fromLocal8Bit(small) + QStringLiteral("/out")).toStdString(), unchecked, {}, {});
    const QStringList left = entriesOf(QString::fromLocal8Bit(small));
    // With it (the default), the package is refused before it fills the disk.
    const auto checked = extract(packagePath(QStringLiteral("cph/mock-2.0.0-py37_1000.conda")),
                                 QString::fromLocal8Bit(small) + QStringLiteral("/out"));
    const QStringList leftChecked = entriesOf(QString::fromLocal8Bit(small));
    ::umount2(small.constData(), MNT_DETACH);
    QVERIFY(!checked.ok());
    QVERIFY2(checked.error().detail.find("free space") != std::string::npos,
             checked.error().message().c_str());
    QCOMPARE(leftChecked, QStringList());
    QVERIFY2(!result.ok(), "0.5 MB extracted into 256 KiB");
    QVERIFY2(result.error().code == ErrorCode::IoError, result.error().message().c_str());
    QVERIFY2(result.error().detail.find("no space left") != std::string::npos,
             result.error().message().c_str());
    QVERIFY2(result.error().detail.find(small.toStdString() + "/out.partial/") != std::string::npos,
             result.error().message().c_str());
    QCOMPARE(left, QStringList());
}

// info/paths.json of one file "lib/data.txt", claiming `size` bytes with `sha256`.
std::string pathsJson(const std::string& sha256, std::size_t size)
{
    return R"({"paths": [{"_path": "lib/data.txt", "path_type": "hardlink", "sha256": ")" + sha256
           + R"(", "size_in_bytes": )" + std::to_string(size) + R"(}], "paths_version": 1})";
}

void TestExtract::pathsJsonMustTellTheTruth_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("paths");
    QTest::addColumn<bool>("withData");
    QTest::addColumn<QString>("expected");
    const std::string data = "the real content\n";
    const std::string sha = envdesk::util::sha256Hex(data);
    const std::string other = envdesk::util::sha256Hex("something else");
    for (const QString format : {QStringLiteral(".conda"), QStringLiteral(".tar.bz2")}) {
        QTest::newRow(qPrintable(QStringLiteral("true") + format))
            << format << QByteArray::fromStdString(pathsJson(sha, data.size())) << true
            << QString();
        QTest::newRow(qPrintable(QStringLiteral("wrong sha256") + format))
            << format << QByteArray::fromStdString(pathsJson(other, data.size())) << true
            << QStringLiteral("sha256");
        QTest::newRow(qPrintable(QStringLiteral("wrong size") + format))
            << format << QByteArray::fromStdString(pathsJson(sha, data.size() + 1)) << true
            << QStringLiteral("bytes");
        QTest::newRow(qPrintable(QStringLiteral("missing file") + format))
            << format << QByteArray::fromStdString(pathsJson(sha, data.size())) << false
            << QStringLiteral("no such file");
    }
}

void TestExtract::pathsJsonMustTellTheTruth()
{
    QFETCH(QString, format);
    QFETCH(QByteArray, paths);
    QFETCH(bool, withData);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString archive = dir.filePath(QStringLiteral("evil-1.0-0") + format);
    const std::vector<TestEntry> info{
        kIndexJson, {"info/paths.json", AE_IFREG, paths.toStdString(), {}, {}, 0644}};
    std::vector<TestEntry> pkg{{"lib/other.txt", AE_IFREG, "x", {}, {}, 0644}};
    if (withData) {
        pkg.push_back({"lib/data.txt", AE_IFREG, "the real content\n", {}, {}, 0644});
    }
    if (format == QStringLiteral(".conda")) {
        QVERIFY(writeConda(archive, info, pkg));
    } else {
        std::vector<TestEntry> all = info;
        all.insert(all.end(), pkg.begin(), pkg.end());
        QVERIFY(writeTarBz2(archive, all));
    }
    const QString out = dir.filePath(QStringLiteral("out"));
    const auto result = extract(archive, out);
    if (expected.isEmpty()) {
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
        return;
    }
    QVERIFY(!result.ok());
    const std::string message = result.error().message();
    QVERIFY2(message.find("evil-1.0-0" + format.toStdString()) != std::string::npos,
             message.c_str());
    QVERIFY2(message.find("lib/data.txt") != std::string::npos, message.c_str());
    QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
    QCOMPARE(entriesOf(dir.path()), QStringList{archive.mid(dir.path().size() + 1)});
}

void TestExtract::incompleteCondaIsRefused_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("archive");
    QTest::addColumn<QString>("missing");
    static QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString noPkg = dir.filePath(QStringLiteral("nopkg-1.0-0.conda"));
    QVERIFY(writeConda(noPkg, {kIndexJson}, {}, Members::InfoOnly));
    const QString noInfo = dir.filePath(QStringLiteral("noinfo-1.0-0.conda"));
    QVERIFY(writeConda(noInfo, {kIndexJson}, {{"lib/x", AE_IFREG, "x", {}, {}, 0644}},
                       Members::PkgOnly));
    QTest::newRow("no pkg member") << noPkg << QStringLiteral("pkg-*.tar.zst");
    QTest::newRow("no info member") << noInfo << QStringLiteral("info-*.tar.zst");
    // rattler's test data: a .conda holding its info member alone.
    QTest::newRow("info-only-1.0.0-0.conda")
        << packagePath(QStringLiteral("rattler/sparse/info-only-1.0.0-0.conda"))
        << QStringLiteral("pkg-*.tar.zst");
}

void TestExtract::incompleteCondaIsRefused()
{
    QFETCH(QString, archive);
    QFETCH(QString, missing);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("out"));
    const auto result = extract(archive, out);
    QVERIFY(!result.ok());
    const std::string message = result.error().message();
    QVERIFY2(message.find(missing.toStdString()) != std::string::npos, message.c_str());
    QVERIFY2(message.find(QFileInfo(archive).fileName().toStdString()) != std::string::npos,
             message.c_str());
    QCOMPARE(entriesOf(dir.path()), QStringList());
}

void TestExtract::expansionRatioStopsBombs()
{
    // 8 MiB of zeros packs into a few hundred bytes: far past the default ratio, yet only as
    // much as the ratio allows (a few hundred KiB) is ever written.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string zeros(std::size_t{8} << 20, '\0');
    for (const QString& name :
         {QStringLiteral("bomb-1.0-0.tar.bz2"), QStringLiteral("bomb-1.0-0.conda")}) {
        const QString archive = dir.filePath(name);
        if (name.endsWith(QLatin1String(".conda"))) {
            QVERIFY(writeConda(archive, {kIndexJson}, {{"zeros", AE_IFREG, zeros, {}, {}, 0644}}));
        } else {
            QVERIFY(writeTarBz2(archive, {kIndexJson, {"zeros", AE_IFREG, zeros, {}, {}, 0644}}));
        }
        QVERIFY(QFileInfo(archive).size() * ExtractOptions{}.maxExpansionRatio < zeros.size());
        const QString out = dir.filePath(QStringLiteral("out"));
        const auto result = extract(archive, out);
        QVERIFY2(!result.ok(), qPrintable(name));
        QVERIFY2(result.error().detail.find("times the archive") != std::string::npos,
                 result.error().message().c_str());
        QVERIFY2(result.error().message().find(name.toStdString()) != std::string::npos,
                 result.error().message().c_str());
        QVERIFY(!QFileInfo::exists(out));
        QVERIFY(!QFileInfo::exists(out + QStringLiteral(".partial")));
        // Without the ratio (and the default 32 GiB cap far away), the same archive unpacks.
        ExtractOptions noRatio;
        noRatio.maxExpansionRatio = 0;
        const auto unpacked =
            extractPackage(archive.toStdString(), out.toStdString(), noRatio, {}, {});
        QVERIFY2(unpacked.ok(), unpacked.ok() ? "" : unpacked.error().message().c_str());
        QCOMPARE(QFileInfo(out + QStringLiteral("/zeros")).size(), qint64(zeros.size()));
        QDir(out).removeRecursively();
    }
}

void TestExtract::freeSpaceReserveStopsBigPackages()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A reserve larger than any disk: no byte may be written.
    ExtractOptions options;
    options.freeSpaceReserve = std::uint64_t{1} << 62;
    const QString out = dir.filePath(QStringLiteral("out"));
    const auto result =
        extractPackage(packagePath(QStringLiteral("cph/mock-2.0.0-py37_1000.conda")).toStdString(),
                       out.toStdString(), options, {}, {});
    QVERIFY(!result.ok());
    QVERIFY2(result.error().detail.find("free space") != std::string::npos,
             result.error().message().c_str());
    QCOMPARE(entriesOf(dir.path()), QStringList());
}

QTEST_APPLESS_MAIN(TestExtract)
#include "tst_extract.moc"
