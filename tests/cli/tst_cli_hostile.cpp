// A hostile channel served over HTTP on 127.0.0.1, and the real envdesk-cli asked to install
// each of its packages together with an innocent upgrade, as a user who trusts a mirror would.
// Every package is refused with a message naming it and what is wrong; nothing is written,
// read into the environment or deleted outside the prefix and the package cache; and the rest
// of the transaction (the innocent upgrade) is rolled back, so the environment is exactly as it
// was, file by file. A `create` with the same two packages leaves no environment behind.
//
// The corpus: archive entries with absolute paths, `..`, links that lead out (and files written
// through them), hard links to files outside, devices and fifos; an `info/paths.json` that lies
// about a file's size or sha256 or names a path outside; a `.conda` without its payload; an
// archive that expands a thousand times over; an entry point named with `..` or an absolute
// path; and repodata whose `fn` or `build` would put a download or a cache folder outside.

#include "cli_runner.h"
#include "core/archive/package_writer.h"
#include "core/util/hash.h"
#include "raw_archive.h"
#include "tests/support/python_http_server.h"

#include <sys/stat.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using envdesk::test::CliRun;
using envdesk::test::CliRunner;
using envdesk::test::RawEntry;

using envdesk::test::readFile;
using envdesk::test::writeFile;
namespace {

// Every path under `root` (hidden ones too, links not followed) with what it is: a file's
// sha256, a link's target, a folder. `skip` names top-level folders left out.
std::map<QString, QByteArray> snapshot(const QString& root, const QStringList& skip = {})
{
    std::map<QString, QByteArray> tree;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    const QDir base(root);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = base.relativeFilePath(path);
        // The prefix lock is not state: whoever changed the environment last wrote its name.
        if (skip.contains(relative.section(QLatin1Char('/'), 0, 0))
            || relative == QLatin1String("conda-meta/.envdesk-lock")) {
            continue;
        }
        struct stat status {};
        if (::lstat(QFile::encodeName(path).constData(), &status) != 0) {
            tree[relative] = "vanished";
            continue;
        }
        // Mode and link count too: a hard link made to a file, or a chmod through one, shows.
        const QByteArray meta = " mode " + QByteArray::number(status.st_mode, 8) + " links "
                                + QByteArray::number(static_cast<qulonglong>(status.st_nlink));
        if (S_ISLNK(status.st_mode)) {
            tree[relative] = "link " + QFile::symLinkTarget(path).toUtf8();
        } else if (S_ISDIR(status.st_mode)) {
            tree[relative] = "dir" + meta;
        } else {
            const QByteArray bytes = readFile(path);
            tree[relative] = QByteArray::fromStdString(envdesk::util::sha256Hex(std::string_view(
                                 bytes.constData(), static_cast<std::size_t>(bytes.size()))))
                             + meta;
        }
    }
    return tree;
}

QByteArray describeDifference(const std::map<QString, QByteArray>& before,
                              const std::map<QString, QByteArray>& after)
{
    QByteArray text;
    for (const auto& [path, what] : after) {
        const auto old = before.find(path);
        if (old == before.end()) {
            text += "added " + path.toUtf8() + "\n";
        } else if (old->second != what) {
            text += "changed " + path.toUtf8() + "\n";
        }
    }
    for (const auto& [path, what] : before) {
        if (after.count(path) == 0) {
            text += "removed " + path.toUtf8() + "\n";
        }
    }
    return text;
}

// stderr without the `note:` lines (which name every refused record of the channel).
QByteArray withoutNotes(const QByteArray& err)
{
    QByteArray kept;
    for (const QByteArray& line : err.split('\n')) {
        if (!line.startsWith("note: ")) {
            kept += line + '\n';
        }
    }
    return kept;
}

std::string sha256Of(const std::string& data)
{
    return envdesk::util::sha256Hex(data);
}

std::string indexJson(const std::string& name, const std::string& extra = {})
{
    return R"({"name": ")" + name + R"(", "version": "1.0", "build": "0", "build_number": 0, )"
           + R"("subdir": "noarch", "depends": [])" + extra + "}";
}

// paths.json as conda-build writes it, for the regular files among `payload`.
std::string pathsJsonFor(const std::vector<RawEntry>& payload)
{
    QJsonArray paths;
    for (const auto& entry : payload) {
        if (entry.type != AE_IFREG || !entry.hardlink.empty()) {
            continue;
        }
        paths.append(
            QJsonObject{{QStringLiteral("_path"), QString::fromStdString(entry.path)},
                        {QStringLiteral("path_type"), QStringLiteral("hardlink")},
                        {QStringLiteral("sha256"), QString::fromStdString(sha256Of(entry.data))},
                        {QStringLiteral("size_in_bytes"), static_cast<qint64>(entry.data.size())}});
    }
    return QJsonDocument(
               QJsonObject{{QStringLiteral("paths"), paths}, {QStringLiteral("paths_version"), 1}})
        .toJson(QJsonDocument::Compact)
        .toStdString();
}

// One case of the corpus: a package `name` with what it holds, and what the refusal must say.
struct HostileCase {
    std::string name;
    std::vector<RawEntry> payload;
    std::string pathsJson;      // empty: the truth about `payload`
    std::string indexExtra;     // more index.json keys (", \"noarch\": \"python\"")
    std::vector<RawEntry> info; // more info/ entries (link.json)
    bool conda = false;
    envdesk::test::CondaMembers members = envdesk::test::CondaMembers::Both;
};

// The package cache and the environments are checked on their own; everything else under the
// test's root (the channel, the victim's folder) must stay as it was.
const QStringList kSkipped = {QStringLiteral("pkgs"), QStringLiteral("envs")};

} // namespace

class TestCliHostile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void hostilePackagesAreRefused_data();
    void hostilePackagesAreRefused();
    void unsafeRecordsAreRefusedAndNamed_data();
    void unsafeRecordsAreRefusedAndNamed();
    void hugeAndControlValuesArePrintable();

private:
    void writeChannel();
    void addRecord(QJsonObject& subdir, const QString& key, const QString& fileName,
                   const QJsonObject& fields);
    [[nodiscard]] QStringList common(const QString& prefix) const;

    QTemporaryDir m_root;
    QString m_channel;
    QString m_victim; // outside everything: must stay exactly as it is
    std::unique_ptr<envdesk::test::PythonHttpServer> m_server;
    std::unique_ptr<CliRunner> m_runner;
    std::vector<HostileCase> m_cases;
};

void TestCliHostile::addRecord(QJsonObject& subdir, const QString& key, const QString& fileName,
                               const QJsonObject& fields)
{
    const QByteArray bytes = readFile(m_channel + QStringLiteral("/noarch/") + fileName);
    QVERIFY2(!bytes.isEmpty(), qPrintable(fileName));
    QJsonObject record = fields;
    record.insert(QStringLiteral("subdir"), QStringLiteral("noarch"));
    record.insert(QStringLiteral("size"), bytes.size());
    record.insert(QStringLiteral("sha256"),
                  QString::fromStdString(envdesk::util::sha256Hex(std::string_view(
                      bytes.constData(), static_cast<std::size_t>(bytes.size())))));
    const QString section = key.endsWith(QLatin1String(".conda")) ? QStringLiteral("packages.conda")
                                                                  : QStringLiteral("packages");
    QJsonObject packages = subdir.value(section).toObject();
    packages.insert(key, record);
    subdir.insert(section, packages);
}

QStringList TestCliHostile::common(const QString& prefix) const
{
    return {QStringLiteral("-p"),
            prefix,
            QStringLiteral("-c"),
            m_server->url(),
            QStringLiteral("--override-channels"),
            QStringLiteral("-y")};
}

void TestCliHostile::writeChannel()
{
    const std::string victim = m_victim.toStdString();
    const std::string zeros(std::size_t{32} << 20, '\0');
    m_cases = {
        {"evil-absolute", {{victim + "/absolute.txt", AE_IFREG, "owned\n"}}},
        // Archives are unpacked in R/pkgs/.envdesk/staging/<dist>.partial, four folders below
        // the test's root R: these climb exactly to R/victim from there.
        {"evil-dotdot", {{"../../../../victim/dotdot.txt", AE_IFREG, "owned\n"}}},
        {"evil-dotdot-inner", {{"lib/../../../../../victim/inner.txt", AE_IFREG, "owned\n"}}},
        {"evil-symlink-out",
         {{"lib/out", AE_IFLNK, {}, "../../../../../victim"},
          {"lib/out/through.txt", AE_IFREG, "owned\n"}}},
        {"evil-symlink-absolute",
         {{"lib/out", AE_IFLNK, {}, victim}, {"lib/out/through.txt", AE_IFREG, "owned\n"}}},
        {"evil-hardlink-out", {{"etc/secret.txt", AE_IFREG, {}, {}, victim + "/secret.txt"}}},
        {"evil-hardlink-passwd", {{"etc/passwd", AE_IFREG, {}, {}, "/etc/passwd"}}},
        {"evil-device", {{"dev/null", AE_IFCHR}}},
        {"evil-fifo", {{"lib/fifo", AE_IFIFO}}},
        {"evil-paths-sha256",
         {{"share/evil/data.txt", AE_IFREG, "what the archive holds\n"}},
         R"({"paths": [{"_path": "share/evil/data.txt", "path_type": "hardlink", "sha256": ")"
             + sha256Of("what paths.json claims\n")
             + R"(", "size_in_bytes": 23}], "paths_version": 1})"},
        {"evil-paths-size",
         {{"share/evil/data.txt", AE_IFREG, "what the archive holds\n"}},
         R"({"paths": [{"_path": "share/evil/data.txt", "path_type": "hardlink", "sha256": ")"
             + sha256Of("what the archive holds\n")
             + R"(", "size_in_bytes": 5}], "paths_version": 1})"},
        {"evil-paths-outside",
         {{"share/evil/data.txt", AE_IFREG, "data\n"}},
         R"({"paths": [{"_path": "../../victim/paths.txt", "path_type": "hardlink"}], "paths_version": 1})"},
        {"evil-no-payload",
         {{"share/evil/data.txt", AE_IFREG, "data\n"}},
         {},
         {},
         {},
         true,
         envdesk::test::CondaMembers::InfoOnly},
        {"evil-bomb", {{"share/evil/zeros", AE_IFREG, zeros}}, {}, {}, {}, true},
        {"evil-entry-dotdot",
         {{"site-packages/evilmod.py", AE_IFREG, "def main():\n    return 0\n"}},
         {},
         R"(, "noarch": "python", "depends": ["python"])",
         {{"info/link.json", AE_IFREG,
           R"({"noarch": {"type": "python", "entry_points": ["../../../victim/ep = evilmod:main"]}, "package_metadata_version": 1})"}}},
        {"evil-entry-absolute",
         {{"site-packages/evilmod.py", AE_IFREG, "def main():\n    return 0\n"}},
         {},
         R"(, "noarch": "python", "depends": ["python"])",
         {{"info/link.json", AE_IFREG,
           R"({"noarch": {"type": "python", "entry_points": [")" + victim
               + R"(/secret.txt = evilmod:main"]}, "package_metadata_version": 1})"}}},
    };

    const QString noarch = m_channel + QStringLiteral("/noarch");
    QVERIFY(QDir().mkpath(noarch));
    QJsonObject subdir{{QStringLiteral("info"),
                        QJsonObject{{QStringLiteral("subdir"), QStringLiteral("noarch")}}}};
    // The innocent packages: a stand-in python (for the entry points) and `innocent` 1.0 / 2.0.
    envdesk::archive::WriteOptions tarBz2;
    tarBz2.format = envdesk::archive::PackageFormat::TarBz2;
    envdesk::archive::PackageSpec python;
    python.name = "python";
    python.version = "3.12.4";
    python.build = "0";
    python.files = {{"bin/python3.12", "#!/bin/sh\nexit 0\n", false, true}};
    QVERIFY(envdesk::archive::writePackage(python, noarch.toStdString(), tarBz2).ok());
    addRecord(subdir, QStringLiteral("python-3.12.4-0.tar.bz2"),
              QStringLiteral("python-3.12.4-0.tar.bz2"),
              {{QStringLiteral("name"), QStringLiteral("python")},
               {QStringLiteral("version"), QStringLiteral("3.12.4")},
               {QStringLiteral("build"), QStringLiteral("0")},
               {QStringLiteral("build_number"), 0},
               {QStringLiteral("depends"), QJsonArray{}}});
    for (const char* version : {"1.0", "2.0"}) {
        envdesk::archive::PackageSpec innocent;
        innocent.name = "innocent";
        innocent.version = version;
        innocent.build = "0";
        for (int i = 0; i < 20; ++i) {
            innocent.files.push_back({"share/innocent/file" + std::to_string(i) + ".txt",
                                      std::string("innocent ") + version + "\n"});
        }
        innocent.files.push_back(
            {"bin/innocent", std::string("#!/bin/sh\necho ") + version + "\n", false, true});
        QVERIFY(envdesk::archive::writePackage(innocent, noarch.toStdString(), tarBz2).ok());
        const QString fileName =
            QStringLiteral("innocent-%1-0.tar.bz2").arg(QLatin1String(version));
        addRecord(subdir, fileName, fileName,
                  {{QStringLiteral("name"), QStringLiteral("innocent")},
                   {QStringLiteral("version"), QString::fromLatin1(version)},
                   {QStringLiteral("build"), QStringLiteral("0")},
                   {QStringLiteral("build_number"), 0},
                   {QStringLiteral("depends"), QJsonArray{}}});
    }

    for (const auto& hostile : m_cases) {
        const std::string dist = hostile.name + "-1.0-0";
        std::vector<RawEntry> info{
            {"info/index.json", AE_IFREG, indexJson(hostile.name, hostile.indexExtra)},
            {"info/paths.json", AE_IFREG,
             hostile.pathsJson.empty() ? pathsJsonFor(hostile.payload) : hostile.pathsJson}};
        info.insert(info.end(), hostile.info.begin(), hostile.info.end());
        const QString fileName =
            QString::fromStdString(dist + (hostile.conda ? ".conda" : ".tar.bz2"));
        const std::string path = (noarch + QLatin1Char('/') + fileName).toStdString();
        if (hostile.conda) {
            QVERIFY(
                envdesk::test::writeRawConda(path, dist, info, hostile.payload, hostile.members));
        } else {
            std::vector<RawEntry> all = info;
            all.insert(all.end(), hostile.payload.begin(), hostile.payload.end());
            QVERIFY(envdesk::test::writeRawTarBz2(path, all));
        }
        const QJsonObject index =
            QJsonDocument::fromJson(
                QByteArray::fromStdString(indexJson(hostile.name, hostile.indexExtra)))
                .object();
        addRecord(subdir, fileName, fileName, index);
    }

    // Records whose names would become paths outside: a `fn` with `..`, a `build` with a slash.
    QVERIFY(QFile::copy(noarch + QStringLiteral("/innocent-1.0-0.tar.bz2"),
                        noarch + QStringLiteral("/evil-fn-1.0-0.tar.bz2")));
    addRecord(subdir, QStringLiteral("../victim/evil-fn-1.0-0.tar.bz2"),
              QStringLiteral("evil-fn-1.0-0.tar.bz2"),
              {{QStringLiteral("name"), QStringLiteral("evil-fn")},
               {QStringLiteral("version"), QStringLiteral("1.0")},
               {QStringLiteral("build"), QStringLiteral("0")},
               {QStringLiteral("depends"), QJsonArray{}}});
    addRecord(subdir, QStringLiteral("evil-build-1.0-0.tar.bz2"),
              QStringLiteral("evil-fn-1.0-0.tar.bz2"),
              {{QStringLiteral("name"), QStringLiteral("evil-build")},
               {QStringLiteral("version"), QStringLiteral("1.0")},
               {QStringLiteral("build"), QStringLiteral("0/../../../victim")},
               {QStringLiteral("depends"), QJsonArray{}}});
    addRecord(subdir, QStringLiteral("evil-version-1.0-0.tar.bz2"),
              QStringLiteral("evil-fn-1.0-0.tar.bz2"),
              {{QStringLiteral("name"), QStringLiteral("evil-version")},
               {QStringLiteral("version"), QStringLiteral("../../../victim")},
               {QStringLiteral("build"), QStringLiteral("0")},
               {QStringLiteral("depends"), QJsonArray{}}});
    QVERIFY(writeFile(noarch + QStringLiteral("/repodata.json"),
                      QJsonDocument(subdir).toJson(QJsonDocument::Compact)));
}

void TestCliHostile::initTestCase()
{
    QVERIFY(m_root.isValid());
    m_channel = m_root.filePath(QStringLiteral("channel"));
    m_victim = m_root.filePath(QStringLiteral("victim"));
    QVERIFY(writeFile(m_victim + QStringLiteral("/secret.txt"), "the user's own file\n"));
    QVERIFY(QFile::setPermissions(m_victim + QStringLiteral("/secret.txt"),
                                  QFile::ReadOwner | QFile::WriteOwner));
    writeChannel();
    m_server = std::make_unique<envdesk::test::PythonHttpServer>(m_channel);
    QVERIFY2(m_server->isRunning(), qPrintable(m_server->whyNot()));
    m_runner = std::make_unique<CliRunner>();
    // The stand-in python comes without pip.
    m_runner->writeCondarc("channels: []\nadd_pip_as_python_dependency: false\npkgs_dirs: ["
                           + m_root.filePath(QStringLiteral("pkgs")).toUtf8() + "]\n");
}

void TestCliHostile::hostilePackagesAreRefused_data()
{
    QTest::addColumn<QString>("package");
    QTest::addColumn<QString>("problem");
    // The phrase of the refusal that says what is wrong (compared without the package's name
    // and without the notes, so that neither can stand in for it).
    const std::map<std::string, QString> problems = {
        {"evil-absolute", QStringLiteral("absolute path")},
        {"evil-dotdot", QStringLiteral("'..' in the path")},
        {"evil-dotdot-inner", QStringLiteral("'..' in the path")},
        {"evil-symlink-out", QStringLiteral("a symlink to '../../../../../victim'")},
        {"evil-symlink-absolute", QStringLiteral("a symlink to the absolute path")},
        {"evil-hardlink-out", QStringLiteral("a hard link to the absolute path")},
        {"evil-hardlink-passwd", QStringLiteral("a hard link to the absolute path '/etc/passwd'")},
        {"evil-device", QStringLiteral("a device node has no place in a package")},
        {"evil-fifo", QStringLiteral("a fifo has no place in a package")},
        {"evil-paths-sha256", QStringLiteral("it claims sha256")},
        {"evil-paths-size", QStringLiteral("it claims 5 bytes, the archive holds 23")},
        {"evil-paths-outside", QStringLiteral("the path leaves the package")},
        {"evil-no-payload", QStringLiteral("the pkg-*.tar.zst member is missing")},
        {"evil-bomb", QStringLiteral("decompression bomb")},
        {"evil-entry-dotdot", QStringLiteral("its entry point '../../../victim/ep'")},
        {"evil-entry-absolute", QStringLiteral("its entry point '")},
    };
    // The corpus is built in initTestCase; its names are listed here so each is a row of its own.
    for (const auto& [name, problem] : problems) {
        QTest::newRow(name.c_str()) << QString::fromStdString(name) << problem;
    }
}

void TestCliHostile::hostilePackagesAreRefused()
{
    QFETCH(QString, package);
    QFETCH(QString, problem);
    const QString prefix = m_root.filePath(QStringLiteral("envs/") + package);
    const auto created =
        m_runner->run(QStringList{QStringLiteral("create")} + common(prefix)
                      + QStringList{QStringLiteral("innocent=1.0"), QStringLiteral("python")});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    const auto prefixBefore = snapshot(prefix);
    const auto outsideBefore = snapshot(m_root.path(), kSkipped);

    // The innocent upgrade and the hostile package in one transaction.
    const CliRun install = m_runner->run(QStringList{QStringLiteral("install")} + common(prefix)
                                         + QStringList{QStringLiteral("innocent=2.0"), package});
    // What the user reads about the failure: the error, after the plan and the notes.
    const QByteArray said = withoutNotes(install.err);
    QVERIFY2(install.exitCode != 0, said.constData());
    QVERIFY2(said.contains(package.toUtf8()), said.constData());
    QByteArray withoutName = said;
    withoutName.replace(package.toUtf8(), "<package>");
    QVERIFY2(withoutName.contains(problem.toUtf8()), said.constData());
    QVERIFY2(said.size() < 4000, said.constData()); // a message, not a dump

    // The environment exactly as it was, and nothing outside touched.
    const auto prefixAfter = snapshot(prefix);
    QVERIFY2(prefixAfter == prefixBefore,
             describeDifference(prefixBefore, prefixAfter).constData());
    const auto outsideAfter = snapshot(m_root.path(), kSkipped);
    QVERIFY2(outsideAfter == outsideBefore,
             describeDifference(outsideBefore, outsideAfter).constData());
    QCOMPARE(readFile(m_victim + QStringLiteral("/secret.txt")),
             QByteArray("the user's own file\n"));
    // Nothing is left being unpacked, and an archive refused while extracting leaves no extracted
    // folder in the package cache. (An entry point is refused when linking: the cache keeps the
    // package, inert, as conda would.)
    const QDir staging(m_root.filePath(QStringLiteral("pkgs/.envdesk/staging")));
    const auto everything = QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot;
    QVERIFY2(staging.isEmpty(everything),
             qPrintable(staging.entryList(everything).join(QLatin1Char(' '))));
    const QString extracted =
        m_root.filePath(QStringLiteral("pkgs/") + package + QStringLiteral("-1.0-0"));
    if (!problem.startsWith(QLatin1String("its entry point"))) {
        QVERIFY2(!QFileInfo::exists(extracted + QStringLiteral("/info/repodata_record.json")),
                 qPrintable(extracted));
    }

    // A create with the same two packages leaves no environment behind.
    const QString fresh = m_root.filePath(QStringLiteral("envs/fresh-") + package);
    const CliRun create =
        m_runner->run(QStringList{QStringLiteral("create")} + common(fresh)
                      + QStringList{QStringLiteral("innocent"), QStringLiteral("python"), package});
    QVERIFY2(create.exitCode != 0, (create.out + create.err).constData());
    QVERIFY2(!QFileInfo::exists(fresh), qPrintable(fresh));
    QCOMPARE(snapshot(m_root.path(), kSkipped), outsideBefore);
}

void TestCliHostile::unsafeRecordsAreRefusedAndNamed_data()
{
    QTest::addColumn<QString>("package");
    QTest::addColumn<QString>("line"); // the note, after the channel's URL
    QTest::newRow("fn with ..") << QStringLiteral("evil-fn")
                                << QStringLiteral(
                                       "/noarch: record '../victim/evil-fn-1.0-0.tar.bz2' "
                                       "refused: its file name is not a plain name");
    QTest::newRow("build with a slash")
        << QStringLiteral("evil-build")
        << QStringLiteral("/noarch: record 'evil-build-1.0-0.tar.bz2' refused: its build "
                          "'0/../../../victim' is not a plain name");
    QTest::newRow("version with a slash")
        << QStringLiteral("evil-version")
        << QStringLiteral("/noarch: record 'evil-version-1.0-0.tar.bz2' refused: its version "
                          "'../../../victim' is not a plain name");
}

void TestCliHostile::unsafeRecordsAreRefusedAndNamed()
{
    QFETCH(QString, package);
    QFETCH(QString, line);
    const QString prefix = m_root.filePath(QStringLiteral("envs/") + package);
    const auto outsideBefore = snapshot(m_root.path(), kSkipped);
    // A cache of its own: the first load indexes the channel, the second reads the cached index
    // and the refusals kept beside it, and both must say which records were refused.
    CliRunner runner;
    runner.writeCondarc("channels: []\npkgs_dirs: ["
                        + m_root.filePath(QStringLiteral("pkgs")).toUtf8() + "]\n");
    const QString cache = runner.home() + QStringLiteral("/cache/envdesk/repodata");
    for (int run = 0; run < 2; ++run) {
        const CliRun create = runner.run(QStringList{QStringLiteral("create")} + common(prefix)
                                         + QStringList{QStringLiteral("innocent"), package});
        QVERIFY2(create.exitCode != 0, create.err.constData());
        QVERIFY2(create.err.contains("note: channel " + m_server->url().toUtf8() + line.toUtf8()),
                 create.err.constData());
        // The request itself fails as one for a package the channel does not have.
        QVERIFY2(withoutNotes(create.err).contains(package.toUtf8()), create.err.constData());
        QVERIFY2(!QFileInfo::exists(prefix), qPrintable(prefix));
        QCOMPARE(QDir(cache).entryList({QStringLiteral("*.idx.refused")}, QDir::Files).size(), 1);
    }
    QCOMPARE(snapshot(m_root.path(), kSkipped), outsideBefore);
}

void TestCliHostile::hugeAndControlValuesArePrintable()
{
    const QString prefix = m_root.filePath(QStringLiteral("envs/printable"));
    // A 100,000-byte version: the refusal quotes its start and end, not all of it.
    const QString huge = QStringLiteral("innocent=") + QString(100000, QLatin1Char('7'));
    const CliRun create =
        m_runner->run(QStringList{QStringLiteral("create"), QStringLiteral("--dry-run")}
                      + common(prefix) + QStringList{huge});
    QVERIFY2(create.exitCode == 1, create.err.left(2000).constData());
    QVERIFY2(create.err.size() < 12000, create.err.left(2000).constData());
    QVERIFY2(create.err.contains(" bytes)"), create.err.left(2000).constData());
    const CliRun json = m_runner->run(
        QStringList{QStringLiteral("create"), QStringLiteral("--dry-run"), QStringLiteral("--json")}
        + common(prefix) + QStringList{huge});
    QCOMPARE(json.exitCode, 1);
    QVERIFY2(json.out.size() < 30000, json.out.left(2000).constData());
    QVERIFY(QJsonDocument::fromJson(json.out).isObject());

    // A NUL and a terminal escape sequence in a file's spec come back escaped.
    const QString file = m_root.filePath(QStringLiteral("envs/control.yml"));
    QVERIFY(writeFile(file, QByteArray("name: x\ndependencies:\n  - \"inno\\0cent\x1b[2J\"\n")));
    const CliRun fromFile =
        m_runner->run({QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"), file,
                       QStringLiteral("-p"), prefix, QStringLiteral("--dry-run")});
    QCOMPARE(fromFile.exitCode, 1);
    QVERIFY2(!fromFile.err.contains('\0') && !fromFile.err.contains('\x1b'),
             fromFile.err.toPercentEncoding().constData());
    QVERIFY2(fromFile.err.contains("\\x00") && fromFile.err.contains("\\x1b[2J"),
             fromFile.err.constData());
    // (The file is named; its line is found by the item's text, which YAML's escapes hide.)
    QVERIFY2(fromFile.err.contains(file.toUtf8()), fromFile.err.constData());
    QVERIFY(!QFileInfo::exists(prefix));
}

QTEST_GUILESS_MAIN(TestCliHostile)
#include "tst_cli_hostile.moc"
