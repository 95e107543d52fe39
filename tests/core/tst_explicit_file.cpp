#include "core/envfile/conda_lock.h"
#include "core/envfile/explicit_file.h"
#include "core/envfile/pixi_lock.h"
#include "core/util/strings.h"
#include "vector_file.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <algorithm>
#include <optional>
#include <string>

using namespace envdesk;
using namespace envdesk::test;
using namespace std::string_literals;
using envfile::ExplicitFile;
using envfile::ExplicitHash;

namespace {

const std::string kPath = "env.txt";

QString folder(const char* name)
{
    return fixturesDir() + QStringLiteral("/lockfiles/") + QString::fromUtf8(name);
}

// One row per file of a fixtures folder, named after the file.
void addFileRows(const QString& dir)
{
    QTest::addColumn<QString>("path");
    const QStringList names = QDir(dir).entryList(QDir::Files, QDir::Name);
    for (const QString& name : names) {
        QTest::newRow(name.toUtf8().constData()) << dir + QStringLiteral("/") + name;
    }
}

util::Result<ExplicitFile> parse(const std::string& text)
{
    return envfile::parseExplicitFile(text, kPath);
}

const char* messageOf(const util::Result<ExplicitFile>& result)
{
    static std::string message;
    message = result ? std::string{} : result.error().message();
    return message.c_str();
}

// The folder of mixed formats has no reader of its own: pick one by what the text holds, as a
// caller that opens a file of unknown kind would. Returns the error, if any.
std::optional<util::Error> readByContent(const std::string& path, std::string* kind)
{
    QFile file(q(path));
    if (!file.open(QIODevice::ReadOnly)) {
        return util::Error{util::ErrorCode::IoError, "cannot open", path};
    }
    const QByteArray bytes = file.readAll();
    const std::string text(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    const auto errorOf = [](const auto& result) {
        return result ? std::nullopt : std::optional<util::Error>(result.error());
    };
    if (envfile::looksLikeExplicitFile(text)) {
        *kind = "explicit";
        return errorOf(envfile::parseExplicitFile(text, path));
    }
    if (text.find("environments:") != std::string::npos) {
        *kind = "pixi";
        return errorOf(envfile::parsePixiLock(text, path));
    }
    if (text.find("package:") != std::string::npos) {
        *kind = "conda-lock";
        return errorOf(envfile::parseCondaLock(text, path));
    }
    *kind = "none";
    return errorOf(envfile::parseExplicitFile(text, path));
}

} // namespace

class TestExplicitFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyFixtureReads_data();
    void everyFixtureReads();
    void mixedFilesNeverCrash_data();
    void mixedFilesNeverCrash();
    void everyReaderOnEveryFixture();
    void truncatedFilesNeverCrash();
    void pangeoNotebook();
    void commentsAndBlankLinesInTheBody();
    void noPlatformHeaderTakesTheSubdir();
    void labelChannel();
    void hashForms();
    void urlAndPathForms_data();
    void urlAndPathForms();
    void rejectedLines_data();
    void rejectedLines();
    void notAnExplicitFile();
    void crlfLineEnds();
    void missingFileIsAnIoError();
    void formatLayout();
    void formatPicksTheHash();
    void roundTrip_data();
    void roundTrip();
};

void TestExplicitFile::everyFixtureReads_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    addFileRows(folder("explicit"));
}

void TestExplicitFile::everyFixtureReads()
{
    QFETCH(QString, path);
    auto file = envfile::readExplicitFile(path.toStdString());
    QVERIFY2(file.ok(), messageOf(file));
    QVERIFY(!file->entries.empty());
    const auto packages = envfile::lockedPackages(*file);
    QCOMPARE(packages.size(), file->entries.size());
    for (const auto& package : packages) {
        QVERIFY2(!package.name.empty() && !package.version.empty() && !package.build.empty(),
                 package.url.c_str());
        QVERIFY2(!package.platform.empty() && package.platform != "noarch", package.url.c_str());
        QCOMPARE(package.manager, "conda"s);
    }
}

void TestExplicitFile::mixedFilesNeverCrash_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    addFileRows(folder("other"));
}

void TestExplicitFile::mixedFilesNeverCrash()
{
    QFETCH(QString, path);
    std::string kind;
    const auto error = readByContent(path.toStdString(), &kind);
    if (error) {
        QVERIFY(error->code == util::ErrorCode::ParseError);
        QVERIFY2(q(error->context).startsWith(path), error->message().c_str());
    }
    // Only the explicit file among them is a lock file we read; the spec lists, the
    // environment.yml and micromamba's JSON lock are not explicit files.
    if (path.endsWith(QStringLiteral("minrk_environment.py-3.9-linux-64.lock"))) {
        QCOMPARE(kind, "explicit"s);
        QVERIFY2(!error, error ? error->message().c_str() : "");
        auto file = envfile::readExplicitFile(path.toStdString());
        QVERIFY(file.ok());
        QCOMPARE(file->entries.size(), std::size_t{170});
    } else {
        QCOMPARE(kind, "none"s);
        QVERIFY(error.has_value());
        QVERIFY(q(error->detail).contains(QStringLiteral("not an explicit file")));
    }
}

// Each reader is given every lock fixture, whatever its format, whole and cut short: each
// answers with a value (an error naming the file where it is not its format) and none throws.
void TestExplicitFile::everyReaderOnEveryFixture()
{
    ENVDESK_REQUIRE_FIXTURES();
    int files = 0;
    for (const char* name : {"explicit", "conda-lock", "pixi", "other"}) {
        const QDir dir(folder(name));
        for (const QString& file : dir.entryList(QDir::Files)) {
            const std::string path = dir.filePath(file).toStdString();
            const auto explicitFile = envfile::readExplicitFile(path);
            const auto condaLock = envfile::readCondaLock(path);
            const auto pixiLock = envfile::readPixiLock(path);
            QVERIFY(explicitFile || util::startsWith(explicitFile.error().context, path));
            QVERIFY(condaLock || util::startsWith(condaLock.error().context, path));
            QVERIFY(pixiLock || util::startsWith(pixiLock.error().context, path));
            ++files;
        }
    }
    QVERIFY(files > 50);
}

void TestExplicitFile::truncatedFilesNeverCrash()
{
    ENVDESK_REQUIRE_FIXTURES();
    for (const char* name :
         {"explicit/mamba__explicit_env_linux.txt", "conda-lock/mamba__good_one_package-lock.yaml",
          "pixi/rattler-lock_v7_conda-path-lock.yml", "pixi/rattler-lock_v5_flat-index-lock.yml"}) {
        QFile file(folder(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        const std::string whole(bytes.constData(), static_cast<std::size_t>(bytes.size()));
        for (std::size_t size = 0; size < whole.size(); size += 7) {
            const std::string part = whole.substr(0, size);
            const auto explicitFile = envfile::parseExplicitFile(part, "x");
            const auto condaLock = envfile::parseCondaLock(part, "x");
            const auto pixiLock = envfile::parsePixiLock(part, "x");
            QVERIFY(explicitFile || explicitFile.error().code == util::ErrorCode::ParseError);
            QVERIFY(condaLock || condaLock.error().code == util::ErrorCode::ParseError);
            QVERIFY(pixiLock || pixiLock.error().code == util::ErrorCode::ParseError);
        }
    }
}

void TestExplicitFile::pangeoNotebook()
{
    ENVDESK_REQUIRE_FIXTURES();
    const QString path = folder("explicit/pangeo_pangeo-notebook.conda-linux-64.lock");
    auto file = envfile::readExplicitFile(path.toStdString());
    QVERIFY2(file.ok(), messageOf(file));
    QCOMPARE(file->platform.value_or(""), "linux-64"s);
    QCOMPARE(file->entries.size(), std::size_t{809});
    const auto& first = file->entries.front();
    QCOMPARE(first.line, 5);
    QCOMPARE(first.md5, "d7c89558ba9fa0495403155b64376d81"s);
    QVERIFY(first.sha256.empty());

    const auto packages = envfile::lockedPackages(*file);
    QCOMPARE(packages[0].name, "_libgcc_mutex"s);
    QCOMPARE(packages[0].version, "0.1"s);
    QCOMPARE(packages[0].build, "conda_forge"s);
    QCOMPARE(packages[0].channel, "https://conda.anaconda.org/conda-forge"s);
    QCOMPARE(packages[0].subdir, "linux-64"s);
    const auto tzdata = std::find_if(packages.begin(), packages.end(),
                                     [](const auto& p) { return p.name == "tzdata"; });
    QVERIFY(tzdata != packages.end());
    QCOMPARE(tzdata->version, "2025c"s);
    QCOMPARE(tzdata->build, "hc9c84f9_1"s);
    QCOMPARE(tzdata->subdir, "noarch"s);
    QCOMPARE(tzdata->platform, "linux-64"s);
    QCOMPARE(tzdata->md5, "ad659d0a2b3e47e38d829aa8cad2d610"s);
    QCOMPARE(tzdata->line, 17);
}

void TestExplicitFile::commentsAndBlankLinesInTheBody()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto file =
        envfile::readExplicitFile(folder("explicit/mamba__explicit_env_osx.txt").toStdString());
    QVERIFY2(file.ok(), messageOf(file));
    QCOMPARE(file->platform.value_or(""), "osx-64"s);
    QCOMPARE(file->entries.size(), std::size_t{16});
    QCOMPARE(
        file->entries[0].url,
        "https://repo.anaconda.com/pkgs/main/osx-64/ca-certificates-2021.5.25-hecd8cb5_1.conda"s);
    QCOMPARE(file->entries[0].line, 6);
    QCOMPARE(file->entries[1].line, 9);
}

void TestExplicitFile::noPlatformHeaderTakesTheSubdir()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto file = envfile::readExplicitFile(folder("explicit/conda__explicit.txt").toStdString());
    QVERIFY2(file.ok(), messageOf(file));
    QVERIFY(!file->platform.has_value());
    QCOMPARE(file->entries.size(), std::size_t{2});
    const auto packages = envfile::lockedPackages(*file);
    QCOMPARE(packages[1].name, "ca-certificates"s);
    QCOMPARE(packages[1].version, "2025.2.25"s);
    QCOMPARE(packages[1].build, "h06a4308_0"s);
    QCOMPARE(packages[1].platform, "linux-64"s);
    QCOMPARE(packages[1].channel, "https://repo.anaconda.com/pkgs/main"s);

    // Only noarch URLs and no header: the subdir is all there is.
    auto noarch = parse("@EXPLICIT\nhttps://c.example/ch/noarch/a-1-0.conda\n");
    QVERIFY2(noarch.ok(), messageOf(noarch));
    QCOMPARE(envfile::lockedPackages(*noarch).front().platform, "noarch"s);
}

void TestExplicitFile::labelChannel()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto file = envfile::readExplicitFile(
        folder("explicit/clms__silverback9876.linux-64.lock").toStdString());
    QVERIFY2(file.ok(), messageOf(file));
    QCOMPARE(file->entries.size(), std::size_t{321});
    const auto packages = envfile::lockedPackages(*file);
    const auto nbsmoke = std::find_if(packages.begin(), packages.end(),
                                      [](const auto& p) { return p.name == "nbsmoke"; });
    QVERIFY(nbsmoke != packages.end());
    QCOMPARE(nbsmoke->channel, "https://conda.anaconda.org/pyviz/label/dev"s);
    QCOMPARE(nbsmoke->subdir, "noarch"s);
    QCOMPARE(nbsmoke->platform, "linux-64"s);
    QCOMPARE(nbsmoke->line, 326);
}

void TestExplicitFile::hashForms()
{
    const std::string md5 = "d7c89558ba9fa0495403155b64376d81";
    const std::string sha = "fe51de6107f9edc7aa4f786a70f4a883943bc9d39b3bb7307c04c41410990726";
    const std::string url = "https://conda.anaconda.org/conda-forge/linux-64/x-1-0.tar.bz2";
    auto file = parse("@EXPLICIT\n" + url + "#" + md5 + "\n" + url + "#sha256:" + sha + "\n" + url
                      + "#" + sha + "\n" + url + "#" + md5 + "#sha256:" + sha + "\n" + url
                      + "#D7C89558BA9FA0495403155B64376D81\n");
    QVERIFY2(file.ok(), messageOf(file));
    QCOMPARE(file->entries.size(), std::size_t{5});
    QCOMPARE(file->entries[0].md5, md5);
    QVERIFY(file->entries[0].sha256.empty());
    QVERIFY(file->entries[1].md5.empty());
    QCOMPARE(file->entries[1].sha256, sha);
    QCOMPARE(file->entries[2].sha256, sha); // conda reads a bare 64-digit hash as sha256
    QCOMPARE(file->entries[3].md5, md5);
    QCOMPARE(file->entries[3].sha256, sha);
    QCOMPARE(file->entries[4].md5, md5); // lower-cased
    for (const auto& entry : file->entries) {
        QCOMPARE(entry.url, url);
    }
}

void TestExplicitFile::urlAndPathForms_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("subdir");
    QTest::newRow("https://conda.anaconda.org/conda-forge/linux-64/a-1.0-h1_0.conda")
        << QStringLiteral("https://conda.anaconda.org/conda-forge/linux-64/a-1.0-h1_0.conda")
        << QStringLiteral("https://conda.anaconda.org/conda-forge") << QStringLiteral("linux-64");
    QTest::newRow("http://host/t/TOKEN/ch/osx-arm64/a-1.0-0.tar.bz2")
        << QStringLiteral("http://host/t/TOKEN/ch/osx-arm64/a-1.0-0.tar.bz2")
        << QStringLiteral("http://host/t/TOKEN/ch") << QStringLiteral("osx-arm64");
    QTest::newRow("file:///opt/channel/noarch/a-1.0-0.conda")
        << QStringLiteral("file:///opt/channel/noarch/a-1.0-0.conda")
        << QStringLiteral("file:///opt/channel") << QStringLiteral("noarch");
    QTest::newRow("/home/me/pkgs/a-1.0-0.tar.bz2")
        << QStringLiteral("/home/me/pkgs/a-1.0-0.tar.bz2") << QStringLiteral("/home/me/pkgs")
        << QString();
    QTest::newRow("C:\\pkgs\\win-64\\a-1.0-0.conda")
        << QStringLiteral("C:\\pkgs\\win-64\\a-1.0-0.conda") << QStringLiteral("C:\\pkgs")
        << QStringLiteral("win-64");
    QTest::newRow("s3://bucket/ch/linux-64/name-with-dashes-2-py_0.conda")
        << QStringLiteral("s3://bucket/ch/linux-64/name-with-dashes-2-py_0.conda")
        << QStringLiteral("s3://bucket/ch") << QStringLiteral("linux-64");
}

void TestExplicitFile::urlAndPathForms()
{
    QFETCH(QString, line);
    QFETCH(QString, channel);
    QFETCH(QString, subdir);
    auto file = parse("# platform: linux-64\n@EXPLICIT\n" + line.toStdString() + "\n");
    QVERIFY2(file.ok(), messageOf(file));
    QCOMPARE(file->entries.front().url, line.toStdString());
    const auto package = envfile::lockedPackages(*file).front();
    QCOMPARE(q(package.channel), channel);
    QCOMPARE(q(package.subdir), subdir);
    QCOMPARE(package.platform, "linux-64"s);
}

void TestExplicitFile::rejectedLines_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("detailPart");
    const QString good = QStringLiteral("https://c.example/ch/linux-64/a-1-0.conda");
    QTest::newRow("numpy") << QStringLiteral("@EXPLICIT\nnumpy\n") << QStringLiteral("env.txt:2")
                           << QStringLiteral("'numpy' is not a package URL or path");
    QTest::newRow("URL that is not a package")
        << QStringLiteral(
               "# platform: linux-64\n@EXPLICIT\n%1\nhttps://c.example/ch/repodata.json\n")
               .arg(good)
        << QStringLiteral("env.txt:4") << QStringLiteral("not a package URL");
    QTest::newRow("file name without a build")
        << QStringLiteral("@EXPLICIT\nhttps://c.example/ch/linux-64/a-1.conda\n")
        << QStringLiteral("env.txt:2") << QStringLiteral("not a package URL");
    QTest::newRow("space inside the line")
        << QStringLiteral("@EXPLICIT\n%1 #comment\n").arg(good) << QStringLiteral("env.txt:2")
        << QStringLiteral("not a package URL");
    QTest::newRow("bad scheme") << QStringLiteral("@EXPLICIT\n1http://h/ch/linux-64/a-1-0.conda\n")
                                << QStringLiteral("env.txt:2")
                                << QStringLiteral("not a package URL");
    QTest::newRow("31-digit md5")
        << QStringLiteral("@EXPLICIT\n%1#d7c89558ba9fa0495403155b64376d8\n").arg(good)
        << QStringLiteral("env.txt:2")
        << QStringLiteral("malformed hash '#d7c89558ba9fa0495403155b64376d8'");
    QTest::newRow("md5: prefix")
        << QStringLiteral("@EXPLICIT\n%1#md5:d7c89558ba9fa0495403155b64376d81\n").arg(good)
        << QStringLiteral("env.txt:2") << QStringLiteral("malformed hash");
    QTest::newRow("non-hex sha256")
        << QStringLiteral("@EXPLICIT\n%1#sha256:%2\n").arg(good, QString(64, QLatin1Char('g')))
        << QStringLiteral("env.txt:2") << QStringLiteral("malformed hash");
    QTest::newRow("empty hash") << QStringLiteral("@EXPLICIT\n%1#\n").arg(good)
                                << QStringLiteral("env.txt:2")
                                << QStringLiteral("malformed hash '#'");
    QTest::newRow("md5 twice")
        << QStringLiteral(
               "@EXPLICIT\n%1#d7c89558ba9fa0495403155b64376d81#d7c89558ba9fa0495403155b64376d81\n")
               .arg(good)
        << QStringLiteral("env.txt:2") << QStringLiteral("md5 is given twice");
    QTest::newRow("spec before @EXPLICIT")
        << QStringLiteral("# header\nnumpy\n@EXPLICIT\n%1\n").arg(good)
        << QStringLiteral("env.txt:2") << QStringLiteral("'numpy' comes before @EXPLICIT");
    QTest::newRow("token is masked")
        << QStringLiteral("@EXPLICIT\nhttps://h/t/secret-token/ch/linux-64/notes.txt\n")
        << QStringLiteral("env.txt:2") << QStringLiteral("/t/<TOKEN>/");
}

void TestExplicitFile::rejectedLines()
{
    QFETCH(QString, text);
    QFETCH(QString, context);
    QFETCH(QString, detailPart);
    auto file = parse(text.toStdString());
    QVERIFY(!file.ok());
    QVERIFY(file.error().code == util::ErrorCode::ParseError);
    QCOMPARE(q(file.error().context), context);
    QVERIFY2(q(file.error().detail).contains(detailPart), file.error().detail.c_str());
    QVERIFY(!q(file.error().message()).contains(QStringLiteral("secret-token")));
}

void TestExplicitFile::notAnExplicitFile()
{
    auto file = parse("numpy\nscipy >=1\n");
    QVERIFY(!file.ok());
    QVERIFY(file.error().code == util::ErrorCode::ParseError);
    QCOMPARE(file.error().context, kPath);
    QVERIFY(q(file.error().detail).contains(QStringLiteral("not an explicit file")));
    QVERIFY(!envfile::looksLikeExplicitFile("numpy\n# @EXPLICIT\n"));
    QVERIFY(envfile::looksLikeExplicitFile("# x\n  @EXPLICIT  \r\n"));

    auto empty = parse("");
    QVERIFY(!empty.ok());
    auto onlyMarker = parse("@EXPLICIT");
    QVERIFY2(onlyMarker.ok(), messageOf(onlyMarker));
    QVERIFY(onlyMarker->entries.empty());
}

void TestExplicitFile::crlfLineEnds()
{
    auto file =
        parse("# platform: win-64\r\n@EXPLICIT\r\n"
              "https://c.example/ch/win-64/a-1-0.conda#d7c89558ba9fa0495403155b64376d81\r\n");
    QVERIFY2(file.ok(), messageOf(file));
    QCOMPARE(file->platform.value_or(""), "win-64"s);
    QCOMPARE(file->entries.front().md5, "d7c89558ba9fa0495403155b64376d81"s);
}

void TestExplicitFile::missingFileIsAnIoError()
{
    const std::string path = "/nonexistent/envdesk/explicit.txt";
    auto file = envfile::readExplicitFile(path);
    QVERIFY(!file.ok());
    QVERIFY(file.error().code == util::ErrorCode::IoError);
    QVERIFY(q(file.error().message()).contains(q(path)));

    const std::string folderPath = QDir::tempPath().toStdString();
    auto folder = envfile::readExplicitFile(folderPath);
    QVERIFY(!folder.ok());
    QVERIFY(folder.error().code == util::ErrorCode::IoError);
    QVERIFY(q(folder.error().message()).contains(q(folderPath)));
}

void TestExplicitFile::formatLayout()
{
    ExplicitFile file;
    file.platform = "linux-64";
    file.entries.push_back(
        {"https://c.example/ch/linux-64/a-1-0.conda", "d7c89558ba9fa0495403155b64376d81", "", 0});
    QCOMPARE(envfile::formatExplicitFile(file, ExplicitHash::Md5),
             "# This file may be used to create an environment using:\n"
             "# $ conda create --name <env> --file <this file>\n"
             "# platform: linux-64\n"
             "@EXPLICIT\n"
             "https://c.example/ch/linux-64/a-1-0.conda#d7c89558ba9fa0495403155b64376d81\n"s);
    file.platform.reset();
    QVERIFY(!q(envfile::formatExplicitFile(file, ExplicitHash::None))
                 .contains(QStringLiteral("platform")));
}

void TestExplicitFile::formatPicksTheHash()
{
    const std::string md5 = "d7c89558ba9fa0495403155b64376d81";
    const std::string sha = "fe51de6107f9edc7aa4f786a70f4a883943bc9d39b3bb7307c04c41410990726";
    ExplicitFile file;
    file.entries.push_back({"https://c.example/ch/linux-64/a-1-0.conda", md5, sha, 0});
    file.entries.push_back({"https://c.example/ch/linux-64/b-1-0.conda", md5, "", 0});
    file.entries.push_back({"https://c.example/ch/linux-64/c-1-0.conda", "", "", 0});
    const QString sha256Form = q(envfile::formatExplicitFile(file, ExplicitHash::Sha256));
    QVERIFY(sha256Form.contains(q("a-1-0.conda#sha256:" + sha + "\n")));
    QVERIFY(sha256Form.contains(q("b-1-0.conda#" + md5 + "\n"))); // the hash it has
    QVERIFY(sha256Form.contains(QStringLiteral("c-1-0.conda\n")));
    const QString md5Form = q(envfile::formatExplicitFile(file, ExplicitHash::Md5));
    QVERIFY(md5Form.contains(q("a-1-0.conda#" + md5 + "\n")));
    const QString none = q(envfile::formatExplicitFile(file, ExplicitHash::None));
    QVERIFY(!none.contains(q(md5)));
}

void TestExplicitFile::roundTrip_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("hash");
    for (const char* name :
         {"pangeo_pangeo-notebook.conda-linux-64.lock", "mamba__explicit_env_osx.txt",
          "conda__explicit.txt", "clms__silverback9876.linux-64.lock"}) {
        QTest::newRow(name) << folder("explicit/") + QString::fromUtf8(name)
                            << static_cast<int>(ExplicitHash::Md5);
    }
    QTest::newRow("hand-made with sha256") << QString() << static_cast<int>(ExplicitHash::Sha256);
}

void TestExplicitFile::roundTrip()
{
    QFETCH(QString, path);
    QFETCH(int, hash);
    ExplicitFile original;
    if (path.isEmpty()) {
        original.platform = "osx-arm64";
        original.entries.push_back(
            {"https://c.example/ch/osx-arm64/a-1-0.conda", "",
             "fe51de6107f9edc7aa4f786a70f4a883943bc9d39b3bb7307c04c41410990726", 0});
        original.entries.push_back({"file:///local/noarch/b-2-py_0.tar.bz2", "", "", 0});
    } else {
        auto read = envfile::readExplicitFile(path.toStdString());
        QVERIFY2(read.ok(), messageOf(read));
        original = *read;
    }
    const std::string text = envfile::formatExplicitFile(original, static_cast<ExplicitHash>(hash));
    auto again = parse(text);
    QVERIFY2(again.ok(), messageOf(again));
    QCOMPARE(again->platform, original.platform);
    QCOMPARE(again->entries.size(), original.entries.size());
    for (std::size_t i = 0; i < original.entries.size(); ++i) {
        QCOMPARE(again->entries[i].url, original.entries[i].url);
        QCOMPARE(again->entries[i].md5, original.entries[i].md5);
        QCOMPARE(again->entries[i].sha256, original.entries[i].sha256);
    }
    auto lockedAgain = envfile::lockedPackages(*again);
    auto lockedOriginal = envfile::lockedPackages(original);
    for (std::size_t i = 0; i < lockedOriginal.size(); ++i) {
        lockedAgain[i].line = lockedOriginal[i].line = 0;
    }
    QVERIFY(lockedAgain == lockedOriginal);
}

QTEST_APPLESS_MAIN(TestExplicitFile)
#include "tst_explicit_file.moc"
