// Linking an extracted package into a real prefix in a temporary folder, and unlinking it.

#include "core/env/linker.h"
#include "test_printers.h"

#include <sys/stat.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace envdesk;
namespace fs = std::filesystem;

namespace {

const QByteArray kPlaceholder = "/opt/anaconda1anaconda2anaconda3";

void writeFile(const QString& path, const QByteArray& content, bool executable = false)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    if (executable) {
        file.setPermissions(file.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeUser);
    }
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A package laid out as the cache holds it: files, a symlink, and its file list.
std::vector<env::PackagePath> makePackage(const QString& dir)
{
    writeFile(dir + QStringLiteral("/lib/libz.so.1.2.11"), "ELF library");
    fs::create_symlink("libz.so.1.2.11", (dir + QStringLiteral("/lib/libz.so")).toStdString());
    writeFile(dir + QStringLiteral("/lib/pkgconfig/zlib.pc"),
              "prefix=" + kPlaceholder + "\nlibdir=${prefix}/lib\n");
    writeFile(dir + QStringLiteral("/bin/tool"),
              QByteArray("\x7f"
                         "ELF")
                  + '\0' + kPlaceholder + "/lib" + '\0' + "end",
              true);
    writeFile(dir + QStringLiteral("/share/doc/README"), "docs");
    std::vector<env::PackagePath> paths(5);
    paths[0].path = "lib/libz.so.1.2.11";
    paths[1].path = "lib/libz.so";
    paths[1].type = env::PackagePath::Type::SoftLink;
    paths[2].path = "lib/pkgconfig/zlib.pc";
    paths[2].prefixPlaceholder = kPlaceholder.toStdString();
    paths[3].path = "bin/tool";
    paths[3].prefixPlaceholder = kPlaceholder.toStdString();
    paths[3].fileMode = env::PackagePath::FileMode::Binary;
    paths[4].path = "share/doc/README";
    paths[4].noLink = true;
    return paths;
}

} // namespace

class TestLinker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void linksThenUnlinks();
    void recordsWhatCondaMetaNeeds();
    void clobberingIsReported();
    void failureLeavesNothingBehind();
    void stopLeavesNothingBehind();
    void unsafeEntryPointIsRefused_data();
    void unsafeEntryPointIsRefused();
};

void TestLinker::linksThenUnlinks()
{
    QTemporaryDir cache;
    QTemporaryDir prefixDir;
    const QString package = cache.filePath(QStringLiteral("zlib-1.2.11-0"));
    const auto paths = makePackage(package);
    const std::string prefix = prefixDir.filePath(QStringLiteral("env")).toStdString();
    auto linked = env::linkPackage(package.toStdString(), prefix, paths, {}, {});
    QVERIFY2(linked.ok(), linked ? "" : linked.error().message().c_str());
    QCOMPARE(linked->files.size(), std::size_t{5});

    const QString root = QString::fromStdString(prefix);
    struct stat info {};
    QCOMPARE(::stat((root + QStringLiteral("/lib/libz.so.1.2.11")).toUtf8().constData(), &info), 0);
    QVERIFY(info.st_nlink >= 2); // hard-linked from the cache (same filesystem)
    QVERIFY(linked->files[0].how == env::LinkedFile::How::HardLinked);
    QCOMPARE(QFileInfo(root + QStringLiteral("/lib/libz.so")).symLinkTarget(),
             root + QStringLiteral("/lib/libz.so.1.2.11"));
    QCOMPARE(readFile(root + QStringLiteral("/lib/pkgconfig/zlib.pc")),
             "prefix=" + root.toUtf8() + "\nlibdir=${prefix}/lib\n");
    const QByteArray tool = readFile(root + QStringLiteral("/bin/tool"));
    QCOMPARE(tool.size(), readFile(package + QStringLiteral("/bin/tool")).size());
    QVERIFY(tool.contains(root.toUtf8() + "/lib"));
    QVERIFY(QFileInfo(root + QStringLiteral("/bin/tool")).isExecutable());
    QVERIFY(linked->files[4].how == env::LinkedFile::How::Copied); // no_link
    // The package cache is untouched by the prefix's replacement.
    QVERIFY(readFile(package + QStringLiteral("/lib/pkgconfig/zlib.pc")).contains(kPlaceholder));

    writeFile(root + QStringLiteral("/share/doc/mine.txt"), "a user's file");
    std::vector<std::string> files;
    for (const auto& file : linked->files) {
        files.push_back(file.path);
    }
    QVERIFY(env::unlinkFiles(prefix, files).ok());
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/lib"))); // emptied folders go
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/bin/tool")));
    QVERIFY(QFileInfo::exists(root + QStringLiteral("/share/doc/mine.txt")));    // user files stay
    QVERIFY(QFileInfo::exists(package + QStringLiteral("/lib/libz.so.1.2.11"))); // cache intact
}

// paths_data as conda and micromamba write it: the package file's sha256 and size (paths.json's,
// else measured), and for a file the prefix was written into, the sha256 of it in the prefix;
// the placeholder, its mode and no_link carried through.
void TestLinker::recordsWhatCondaMetaNeeds()
{
    QTemporaryDir cache;
    QTemporaryDir prefixDir;
    const QString package = cache.filePath(QStringLiteral("zlib-1.2.11-0"));
    auto paths = makePackage(package);
    paths[0].sha256 = "AB" + std::string(62, 'c'); // as paths.json gives it, any case
    paths[0].size = 11;
    const std::string prefix = prefixDir.filePath(QStringLiteral("env")).toStdString();
    auto linked = env::linkPackage(package.toStdString(), prefix, paths, {}, {});
    QVERIFY2(linked.ok(), linked ? "" : linked.error().message().c_str());
    const auto sha = [](const QByteArray& data) {
        return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex().toStdString();
    };
    const QString root = QString::fromStdString(prefix);
    const auto& library = linked->files[0];
    QCOMPARE(library.sha256, "ab" + std::string(62, 'c'));
    QCOMPARE(library.size, std::uint64_t{11});
    QVERIFY(library.sha256InPrefix.empty());
    const auto& pc = linked->files[2]; // text placeholder, measured
    const QByteArray original = readFile(package + QStringLiteral("/lib/pkgconfig/zlib.pc"));
    QCOMPARE(pc.sha256, sha(original));
    QCOMPARE(pc.size, std::uint64_t(original.size()));
    QCOMPARE(pc.sha256InPrefix, sha(readFile(root + QStringLiteral("/lib/pkgconfig/zlib.pc"))));
    QVERIFY(pc.sha256InPrefix != pc.sha256);
    QCOMPARE(pc.prefixPlaceholder, std::optional<std::string>(kPlaceholder.toStdString()));
    const auto& tool = linked->files[3];
    QVERIFY(tool.fileMode == env::PackagePath::FileMode::Binary);
    QCOMPARE(tool.sha256InPrefix, sha(readFile(root + QStringLiteral("/bin/tool"))));
    QVERIFY(linked->files[4].noLink);
    QCOMPARE(linked->files[4].sha256, sha("docs"));
}

void TestLinker::clobberingIsReported()
{
    QTemporaryDir cache;
    QTemporaryDir prefixDir;
    const QString package = cache.filePath(QStringLiteral("pkg"));
    const auto paths = makePackage(package);
    const std::string prefix = prefixDir.path().toStdString();
    writeFile(prefixDir.filePath(QStringLiteral("share/doc/README")), "another package's README");
    auto linked = env::linkPackage(package.toStdString(), prefix, paths, {}, {});
    QVERIFY(linked.ok());
    QVERIFY(linked->files[4].replacedExisting);
    QCOMPARE(readFile(prefixDir.filePath(QStringLiteral("share/doc/README"))), QByteArray("docs"));
}

void TestLinker::failureLeavesNothingBehind()
{
    QTemporaryDir cache;
    QTemporaryDir prefixDir;
    const QString package = cache.filePath(QStringLiteral("pkg"));
    const auto paths = makePackage(package);
    // A prefix longer than the binary placeholder: bin/tool cannot be relocated there.
    const QString longPrefix = prefixDir.filePath(QString(QLatin1Char('p')).repeated(64));
    auto linked = env::linkPackage(package.toStdString(), longPrefix.toStdString(), paths, {}, {});
    QVERIFY(!linked.ok());
    QVERIFY2(linked.error().message().find("bin/tool") != std::string::npos,
             linked.error().message().c_str());
    QVERIFY(QDir(longPrefix).isEmpty() || !QFileInfo::exists(longPrefix));
}

void TestLinker::stopLeavesNothingBehind()
{
    QTemporaryDir cache;
    QTemporaryDir prefixDir;
    const QString package = cache.filePath(QStringLiteral("pkg"));
    const auto paths = makePackage(package);
    std::stop_source stop;
    stop.request_stop();
    auto linked = env::linkPackage(package.toStdString(), prefixDir.path().toStdString(), paths, {},
                                   stop.get_token());
    QVERIFY(!linked.ok());
    QVERIFY(linked.error().code == util::ErrorCode::Cancelled);
    QVERIFY(QDir(prefixDir.path()).isEmpty());
}

void TestLinker::unsafeEntryPointIsRefused_data()
{
    // `@OUT@` is the absolute path of a folder beside the prefix, which must stay as it is.
    QTest::addColumn<QString>("name");
    QTest::newRow("../../outside/x") << QStringLiteral("../../outside/x");
    QTest::newRow("../../outside/user.txt (an existing file)")
        << QStringLiteral("../../outside/user.txt");
    QTest::newRow("absolute") << QStringLiteral("@OUT@/x");
    QTest::newRow("..") << QStringLiteral("..");
    QTest::newRow(".") << QStringLiteral(".");
    QTest::newRow("empty") << QString();
    QTest::newRow("sub/x") << QStringLiteral("sub/x");
    QTest::newRow("back\\slash") << QStringLiteral("..\\..\\x");
    QTest::newRow("control character") << QStringLiteral("x\ty");
}

void TestLinker::unsafeEntryPointIsRefused()
{
    QFETCH(QString, name);
    QTemporaryDir root;
    const QString outside = root.filePath(QStringLiteral("outside"));
    writeFile(outside + QStringLiteral("/user.txt"), "the user's own file");
    name.replace(QStringLiteral("@OUT@"), outside);
    const QString package = root.filePath(QStringLiteral("cache/evil-1.0-py_0"));
    writeFile(package + QStringLiteral("/site-packages/evil.py"), "def main(): pass\n");
    writeFile(
        package + QStringLiteral("/info/link.json"),
        QStringLiteral(R"({"noarch": {"type": "python", "entry_points": )"
                       R"(["good = evil:main", "%1 = evil:main"]}, "package_metadata_version": 1})")
            .arg(name.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
                     .replace(QLatin1Char('\t'), QStringLiteral("\\t")))
            .toUtf8());
    std::vector<env::PackagePath> paths(1);
    paths[0].path = "site-packages/evil.py";
    env::LinkOptions options;
    options.noarchPythonVersion = "3.12";
    const QString prefix = root.filePath(QStringLiteral("env"));
    auto linked = env::linkPackage(package.toStdString(), prefix.toStdString(), paths, options, {});
    QVERIFY(!linked.ok());
    const std::string message = linked.error().message();
    QVERIFY2(message.find("evil-1.0-py_0") != std::string::npos, message.c_str());
    QVERIFY2(message.find("entry point") != std::string::npos, message.c_str());
    // Nothing written: not the script, not the package's other files, nothing outside.
    QVERIFY(!QFileInfo::exists(prefix) || QDir(prefix).isEmpty());
    QCOMPARE(QDir(outside).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList{QStringLiteral("user.txt")});
    QCOMPARE(readFile(outside + QStringLiteral("/user.txt")), QByteArray("the user's own file"));
    QCOMPARE(env::entryPointScripts(package.toStdString()), std::vector<std::string>{});
}

QTEST_APPLESS_MAIN(TestLinker)
#include "tst_linker.moc"
