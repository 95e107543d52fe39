// Prefix replacement and package file lists, the pure parts of linking.

#include "core/env/package_paths.h"
#include "core/env/prefix_replace.h"
#include "test_printers.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace envdesk;

namespace {

const std::string kPlaceholder = "/opt/anaconda1anaconda2anaconda3";

void writeFile(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

} // namespace

class TestPrefixReplace : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void textReplacesEveryOccurrence();
    void binaryKeepsEachStringsLength_data();
    void binaryKeepsEachStringsLength();
    void binaryRefusesALongerPrefix();
    void longShebangsBecomeEnv_data();
    void longShebangsBecomeEnv();
    void pathsJson();
    void legacyFilesAndHasPrefix();
    void pathsOutsideThePrefixAreRefused_data();
    void pathsOutsideThePrefixAreRefused();
    void pathsJsonOfWrongTypesIsAnError_data();
    void pathsJsonOfWrongTypesIsAnError();
};

void TestPrefixReplace::textReplacesEveryOccurrence()
{
    const std::string pc = "prefix=" + kPlaceholder + "\nlibdir=" + kPlaceholder + "/lib\n";
    QCOMPARE(env::replaceTextPrefix(pc, kPlaceholder,
                                    "/home/me/envs/a-much-longer-prefix-than-the-placeholder"),
             std::string("prefix=/home/me/envs/a-much-longer-prefix-than-the-placeholder\n"
                         "libdir=/home/me/envs/a-much-longer-prefix-than-the-placeholder/lib\n"));
    QCOMPARE(env::replaceTextPrefix("nothing here", kPlaceholder, "/x"),
             std::string("nothing here"));
}

void TestPrefixReplace::binaryKeepsEachStringsLength_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray p = QByteArray::fromStdString(kPlaceholder);
    const QByteArray pad(static_cast<int>(kPlaceholder.size() - 4), '\0');
    QTest::newRow("one string") << (QByteArray("\x7f"
                                               "ELF")
                                    + '\0' + p + "/lib" + '\0' + "tail")
                                << (QByteArray("\x7f"
                                               "ELF")
                                    + '\0' + "/env/lib" + pad + '\0' + "tail");
    QTest::newRow("two in one string")
        << (p + ":" + p + "/bin" + '\0') << (QByteArray("/env:/env/bin") + pad + pad + '\0');
    QTest::newRow("at the end, no NUL")
        << (QByteArray("x") + '\0' + p) << (QByteArray("x") + '\0' + "/env" + pad);
    QTest::newRow("none") << QByteArray("plain\0data", 10) << QByteArray("plain\0data", 10);
}

void TestPrefixReplace::binaryKeepsEachStringsLength()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    auto out = env::replaceBinaryPrefix(input.toStdString(), kPlaceholder, "/env");
    QVERIFY(out.ok());
    QCOMPARE(QByteArray::fromStdString(*out), expected);
    QCOMPARE(out->size(), static_cast<std::size_t>(input.size()));
}

void TestPrefixReplace::binaryRefusesALongerPrefix()
{
    const std::string longPrefix(kPlaceholder.size() + 1, 'x');
    auto out = env::replaceBinaryPrefix("a\0" + kPlaceholder + std::string(1, '\0'), kPlaceholder,
                                        "/" + longPrefix);
    QVERIFY(!out.ok());
    QVERIFY2(out.error().message().find("shorter environment path") != std::string::npos,
             out.error().message().c_str());
}

void TestPrefixReplace::longShebangsBecomeEnv_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const QString longPrefix =
        QStringLiteral("/home/user/") + QString(QLatin1Char('p')).repeated(120);
    QTest::newRow("long") << (QStringLiteral("#!") + longPrefix
                              + QStringLiteral("/bin/python3.12 -E\nprint(1)\n"))
                          << QStringLiteral("#!/usr/bin/env python3.12 -E\nprint(1)\n");
    QTest::newRow("short") << QStringLiteral("#!/env/bin/python\nprint(1)\n")
                           << QStringLiteral("#!/env/bin/python\nprint(1)\n");
    QTest::newRow("no shebang") << QStringLiteral("print(1)\n") << QStringLiteral("print(1)\n");
}

void TestPrefixReplace::longShebangsBecomeEnv()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(env::shortenShebang(input.toStdString())), expected);
}

void TestPrefixReplace::pathsJson()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("info/paths.json")), R"({"paths": [
        {"_path": "lib/libz.so.1.2.11", "path_type": "hardlink", "sha256": "ab", "size_in_bytes": 10},
        {"_path": "lib/libz.so", "path_type": "softlink"},
        {"_path": "lib/pkgconfig/zlib.pc", "path_type": "hardlink", "file_mode": "text",
         "prefix_placeholder": "/opt/anaconda1anaconda2anaconda3"},
        {"_path": "bin/tool", "file_mode": "binary", "prefix_placeholder": "/opt/x", "no_link": true}],
        "paths_version": 1})");
    auto paths = env::readPackagePaths(dir.path().toStdString());
    QVERIFY2(paths.ok(), paths ? "" : paths.error().message().c_str());
    QCOMPARE(paths->size(), std::size_t{4});
    QVERIFY((*paths)[1].type == env::PackagePath::Type::SoftLink);
    QCOMPARE((*paths)[2].prefixPlaceholder.value_or(""), kPlaceholder);
    QVERIFY((*paths)[2].fileMode == env::PackagePath::FileMode::Text);
    QVERIFY((*paths)[3].fileMode == env::PackagePath::FileMode::Binary);
    QVERIFY((*paths)[3].noLink);
    QCOMPARE((*paths)[0].size, std::uint64_t{10});
}

void TestPrefixReplace::legacyFilesAndHasPrefix()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("info/files")), "bin/a\nlib/b.pc\nshare/c\n");
    writeFile(dir.filePath(QStringLiteral("info/has_prefix")),
              "/opt/anaconda1anaconda2anaconda3 text lib/b.pc\nbin/a\n");
    writeFile(dir.filePath(QStringLiteral("info/no_link")), "share/c\n");
    auto paths = env::readPackagePaths(dir.path().toStdString());
    QVERIFY2(paths.ok(), paths ? "" : paths.error().message().c_str());
    QCOMPARE(paths->size(), std::size_t{3});
    QCOMPARE((*paths)[0].prefixPlaceholder.value_or(""),
             kPlaceholder); // bare line: the default placeholder
    QCOMPARE((*paths)[1].prefixPlaceholder.value_or(""), kPlaceholder);
    QVERIFY(!(*paths)[2].prefixPlaceholder);
    QVERIFY((*paths)[2].noLink);
}

void TestPrefixReplace::pathsOutsideThePrefixAreRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("absolute") << QByteArray(R"({"paths": [{"_path": "/etc/passwd"}]})");
    QTest::newRow("climbing") << QByteArray(R"({"paths": [{"_path": "lib/../../escape"}]})");
    QTest::newRow("broken json") << QByteArray(R"({"paths": [)");
}

void TestPrefixReplace::pathsOutsideThePrefixAreRefused()
{
    QFETCH(QByteArray, json);
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("info/paths.json")), json);
    auto paths = env::readPackagePaths(dir.path().toStdString());
    QVERIFY(!paths.ok());
    QVERIFY(!paths.error().message().empty());
}

// Each of these once threw nlohmann::json::type_error out of the reader (or, for a float size,
// converted it with undefined behaviour), ending the process instead of naming the broken file.
void TestPrefixReplace::pathsJsonOfWrongTypesIsAnError_data()
{
    QTest::addColumn<QByteArray>("entry");
    QTest::addColumn<QString>("key");
    QTest::newRow("path_type number") << QByteArray(R"("path_type": 1)") << "path_type";
    QTest::newRow("file_mode list") << QByteArray(R"("file_mode": ["binary"])") << "file_mode";
    QTest::newRow("no_link string") << QByteArray(R"("no_link": "yes")") << "no_link";
    QTest::newRow("sha256 number") << QByteArray(R"("sha256": 12)") << "sha256";
    QTest::newRow("placeholder object")
        << QByteArray(R"("prefix_placeholder": {})") << "prefix_placeholder";
    QTest::newRow("size string") << QByteArray(R"("size_in_bytes": "10")") << "size_in_bytes";
    QTest::newRow("size negative") << QByteArray(R"("size_in_bytes": -1)") << "size_in_bytes";
    QTest::newRow("size too large") << QByteArray(R"("size_in_bytes": 1e300)") << "size_in_bytes";
}

void TestPrefixReplace::pathsJsonOfWrongTypesIsAnError()
{
    QFETCH(QByteArray, entry);
    QFETCH(QString, key);
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("info/paths.json")),
              R"({"paths": [{"_path": "lib/libz.so", )" + entry + "}]}");
    auto paths = env::readPackagePaths(dir.path().toStdString());
    QVERIFY(!paths.ok());
    QVERIFY(paths.error().code == util::ErrorCode::ParseError);
    const std::string message = paths.error().message();
    QVERIFY2(message.find("paths.json") != std::string::npos, message.c_str());
    QVERIFY2(message.find("lib/libz.so") != std::string::npos, message.c_str());
    QVERIFY2(message.find(key.toStdString()) != std::string::npos, message.c_str());

    // Null stands for absent, as conda reads it.
    writeFile(dir.filePath(QStringLiteral("info/paths.json")),
              R"({"paths": [{"_path": "lib/libz.so", "no_link": null, "size_in_bytes": null}]})");
    paths = env::readPackagePaths(dir.path().toStdString());
    QVERIFY2(paths.ok(), paths ? "" : paths.error().message().c_str());
    QVERIFY(!(*paths)[0].noLink);
}

QTEST_APPLESS_MAIN(TestPrefixReplace)
#include "tst_prefix_replace.moc"
