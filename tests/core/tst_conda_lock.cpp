#include "core/envfile/conda_lock.h"
#include "vector_file.h"

#include <QDir>
#include <QTest>

#include <algorithm>
#include <cstring>
#include <set>
#include <string>

using namespace envdesk;
using namespace envdesk::test;
using namespace std::string_literals;
using envfile::CondaLock;
using envfile::LockedPackage;

namespace {

const std::string kPath = "conda-lock.yml";

QString lockPath(const char* name)
{
    return fixturesDir() + QStringLiteral("/lockfiles/conda-lock/") + QString::fromUtf8(name);
}

util::Result<CondaLock> read(const char* name)
{
    return envfile::readCondaLock(lockPath(name).toStdString());
}

util::Result<CondaLock> parse(const std::string& text)
{
    return envfile::parseCondaLock(text, kPath);
}

const char* messageOf(const util::Result<CondaLock>& result)
{
    static std::string message;
    message = result ? std::string{} : result.error().message();
    return message.c_str();
}

const LockedPackage* find(const CondaLock& lock, const std::string& name,
                          const std::string& platform)
{
    const auto found =
        std::find_if(lock.packages.begin(), lock.packages.end(), [&](const LockedPackage& p) {
            return p.name == name && p.platform == platform;
        });
    return found == lock.packages.end() ? nullptr : &*found;
}

// One package in conda-lock's layout, with a field replaced or removed for the error rows.
std::string lockWith(const std::string& packageLines)
{
    return "version: 1\nmetadata:\n  platforms: [linux-64]\npackage:\n" + packageLines;
}

const std::string kGoodPackage =
    "- name: zlib\n"
    "  version: 1.2.13\n"
    "  manager: conda\n"
    "  platform: linux-64\n"
    "  url: https://conda.anaconda.org/conda-forge/linux-64/zlib-1.2.13-hd590300_5.conda\n"
    "  hash:\n"
    "    md5: 68c34ec6149623be41a1933ab996a209\n";

CondaLock withoutLines(CondaLock lock)
{
    for (LockedPackage& package : lock.packages) {
        package.line = 0;
    }
    lock.warnings.clear();
    return lock;
}

} // namespace

class TestCondaLock : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyFixtureReadsOrIsRejected_data();
    void everyFixtureReadsOrIsRejected();
    void multiPlatformPangeo();
    void largePangeo();
    void pipPackages();
    void categoriesAndOptional();
    void channelsAsBareStrings();
    void missingCategoryIsMain();
    void urlWithoutSubdir();
    void badFixturesNameTheProblem();
    void rejected_data();
    void rejected();
    void emptyPackageList();
    void missingFileIsAnIoError();
    void formatLayout();
    void formatQuotesWhatYamlWouldNotReadAsAString();
    void roundTrip_data();
    void roundTrip();
};

void TestCondaLock::everyFixtureReadsOrIsRejected_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("good");
    const QDir dir(lockPath(""));
    for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
        const bool bad =
            name.startsWith(QStringLiteral("mamba__bad_")) || name.endsWith(QStringLiteral(".md"));
        QTest::newRow(name.toUtf8().constData()) << dir.filePath(name) << !bad;
    }
}

void TestCondaLock::everyFixtureReadsOrIsRejected()
{
    QFETCH(QString, path);
    QFETCH(bool, good);
    auto lock = envfile::readCondaLock(path.toStdString());
    if (good) {
        QVERIFY2(lock.ok(), messageOf(lock));
        QCOMPARE(lock->version, 1);
        for (const LockedPackage& package : lock->packages) {
            QVERIFY(!package.name.empty() && !package.version.empty() && package.line > 0);
            QVERIFY(package.manager == "conda" || package.manager == "pip");
            QVERIFY(!package.md5.empty() || !package.sha256.empty());
        }
        return;
    }
    QVERIFY(!lock.ok());
    QVERIFY(lock.error().code == util::ErrorCode::ParseError);
    // "path:line:column": the file and where in it.
    QVERIFY2(q(lock.error().context).startsWith(path + QStringLiteral(":")),
             lock.error().message().c_str());
}

void TestCondaLock::multiPlatformPangeo()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("pangeo_base-notebook.conda-lock.yml");
    QVERIFY2(lock.ok(), messageOf(lock));
    QCOMPARE(lock->platforms,
             (std::vector<std::string>{"linux-64", "linux-aarch64", "osx-64", "osx-arm64"}));
    QCOMPARE(lock->channels, std::vector<std::string>{"conda-forge"});
    QCOMPARE(lock->contentHash.size(), std::size_t{4});
    QCOMPARE(lock->contentHash.front().first, "linux-64"s);
    QCOMPARE(lock->sources, std::vector<std::string>{"environment.yml"});
    QCOMPARE(lock->packages.size(), std::size_t{1126});
    QVERIFY(lock->warnings.empty());

    const LockedPackage* python = find(*lock, "python", "osx-arm64");
    QVERIFY(python != nullptr);
    QCOMPARE(python->version, "3.12.12"s);
    QCOMPARE(python->build, "h18782d2_2_cpython"s);
    QCOMPARE(python->subdir, "osx-arm64"s);
    QCOMPARE(python->channel, "https://conda.anaconda.org/conda-forge"s);
    QCOMPARE(python->md5, "e198b8f74b12292d138eb4eceb004fa3"s);
    QCOMPARE(python->sha256, "765e5d0f92dabc8c468d078a4409490e08181a6f9be6f5d5802a4e3131b9a69c"s);
    QCOMPARE(python->manager, "conda"s);
    QCOMPARE(python->category, "main"s);
    QVERIFY(!python->optional);
    const auto osx = std::find_if(python->dependencies.begin(), python->dependencies.end(),
                                  [](const auto& d) { return d.first == "__osx"; });
    QVERIFY(osx != python->dependencies.end());
    QCOMPARE(osx->second, ">=11.0"s);

    const LockedPackage* linuxPython = find(*lock, "python", "linux-64");
    QVERIFY(linuxPython != nullptr);
    QCOMPARE(linuxPython->line, 13143);
}

void TestCondaLock::largePangeo()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("pangeo_pangeo-notebook.conda-lock.yml");
    QVERIFY2(lock.ok(), messageOf(lock));
    QCOMPARE(lock->packages.size(), std::size_t{3091});
    QCOMPARE(lock->platforms.size(), std::size_t{4});
    std::set<std::string> platforms;
    for (const LockedPackage& package : lock->packages) {
        platforms.insert(package.platform);
        QVERIFY2(!package.build.empty(), package.url.c_str());
    }
    QCOMPARE(platforms.size(), std::size_t{4});
}

void TestCondaLock::pipPackages()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("conda-lock_install-with-pip-deps.conda-lock.yml");
    QVERIFY2(lock.ok(), messageOf(lock));
    QCOMPARE(lock->packages.size(), std::size_t{55});
    QCOMPARE(lock->platforms, (std::vector<std::string>{"linux-64", "linux-aarch64"}));
    const auto pip = std::count_if(lock->packages.begin(), lock->packages.end(),
                                   [](const LockedPackage& p) { return p.manager == "pip"; });
    QCOMPARE(pip, 8);
    const LockedPackage* certifi = find(*lock, "certifi", "linux-64");
    QVERIFY(certifi != nullptr);
    QCOMPARE(certifi->manager, "pip"s);
    QCOMPARE(certifi->version, "2023.7.22"s);
    QVERIFY(certifi->md5.empty());
    QCOMPARE(certifi->sha256, "92d6037539857d8206b8f6ae472e8b77db8058fec5937a1ef3f54304089edbb9"s);
    QVERIFY(certifi->channel.empty() && certifi->subdir.empty() && certifi->build.empty());
}

void TestCondaLock::categoriesAndOptional()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("conda-lock_multiple-categories.conda-lock.yml");
    QVERIFY2(lock.ok(), messageOf(lock));
    QCOMPARE(lock->packages.size(), std::size_t{115});
    std::set<std::string> categories;
    for (const LockedPackage& package : lock->packages) {
        categories.insert(package.category);
        QCOMPARE(package.optional, package.category != "main");
    }
    QCOMPARE(categories, (std::set<std::string>{"dev", "main", "test"}));

    auto v3 = read("conda-lock_v3.0.3.conda-lock.yml");
    QVERIFY2(v3.ok(), messageOf(v3));
    QCOMPARE(v3->platforms.size(), std::size_t{6});
    QCOMPARE(v3->packages.size(), std::size_t{314});
}

void TestCondaLock::channelsAsBareStrings()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("conda-lock_test-lockfile.conda-lock.yml");
    QVERIFY2(lock.ok(), messageOf(lock));
    QCOMPARE(lock->channels, std::vector<std::string>{"conda-forge"});
    QCOMPARE(lock->platforms, (std::vector<std::string>{"linux-64", "osx-64", "osx-arm64"}));
    QCOMPARE(lock->packages.size(), std::size_t{430});
    QCOMPARE(lock->sources, (std::vector<std::string>{"environment.yml", "dev-environment.yml"}));
}

void TestCondaLock::missingCategoryIsMain()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("mamba__good_one_package_missing_category-lock.yaml");
    QVERIFY2(lock.ok(), messageOf(lock));
    QCOMPARE(lock->packages.size(), std::size_t{1});
    QCOMPARE(lock->packages[0].category, "main"s);

    auto one = read("mamba__good_one_package-lock.yaml");
    QVERIFY2(one.ok(), messageOf(one));
    const LockedPackage& libzlib = one->packages.front();
    QCOMPARE(libzlib.name, "libzlib"s);
    QCOMPARE(libzlib.platform, "win-64"s);
    QCOMPARE(libzlib.build, "h8ffe710_1013"s);
    QCOMPARE(libzlib.line, 22);
    QCOMPARE(libzlib.dependencies,
             (std::vector<std::pair<std::string, std::string>>{
                 {"vc", ">=14.1,<15.0a0"}, {"vs2015_runtime", ">=14.16.27012"}}));
    QCOMPARE(one->platforms, (std::vector<std::string>{"linux-64", "osx-64", "win-64"}));
    QCOMPARE(one->channels, (std::vector<std::string>{"conda-forge", "defaults"}));
}

void TestCondaLock::urlWithoutSubdir()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("mamba__good_overlap_categories-lock.yaml");
    QVERIFY2(lock.ok(), messageOf(lock));
    QCOMPARE(lock->packages.size(), std::size_t{7});
    const LockedPackage& pkgA = lock->packages[0];
    QCOMPARE(pkgA.build, "0"s);
    QCOMPARE(pkgA.channel, "https://example.com"s);
    QVERIFY(pkgA.subdir.empty());
    QCOMPARE(lock->packages[1].category, "bar"s); // the same package, in a second category
}

void TestCondaLock::badFixturesNameTheProblem()
{
    ENVDESK_REQUIRE_FIXTURES();
    const QString badPackage = lockPath("mamba__bad_package-lock.yaml");
    auto package = envfile::readCondaLock(badPackage.toStdString());
    QVERIFY(!package.ok());
    QCOMPARE(q(package.error().context), badPackage + QStringLiteral(":4:5"));
    QCOMPARE(package.error().detail, "package 1 has no 'manager'"s);

    const QString badVersion = lockPath("mamba__bad_version-lock.yaml");
    auto version = envfile::readCondaLock(badVersion.toStdString());
    QVERIFY(!version.ok());
    QCOMPARE(q(version.error().context), badVersion + QStringLiteral(":1:10"));
    QVERIFY2(q(version.error().detail).contains(QStringLiteral("version -1 is not supported")),
             version.error().detail.c_str());
    QVERIFY(q(version.error().detail).contains(QStringLiteral("version 1")));
}

void TestCondaLock::rejected_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("detail");
    const auto replace = [](const char* from, const char* to) {
        std::string text = kGoodPackage;
        text.replace(text.find(from), std::strlen(from), to);
        return q(lockWith(text));
    };
    QTest::newRow("not a mapping")
        << QStringLiteral("- a\n- b\n") << QStringLiteral("conda-lock.yml:1:1")
        << QStringLiteral("not a conda-lock file: the top level is not "
                          "a mapping");
    QTest::newRow("empty") << QString() << QStringLiteral("conda-lock.yml")
                           << QStringLiteral("not a conda-lock file: the top level is not a "
                                             "mapping");
    QTest::newRow("invalid YAML") << QStringLiteral("version: 1\npackage: [a\n")
                                  << QStringLiteral("conda-lock.yml:3:1")
                                  << QStringLiteral("invalid YAML");
    QTest::newRow("recursive alias")
        << QStringLiteral("version: 1\npackage: &p\n  - *p\n")
        << QStringLiteral("conda-lock.yml:3:5")
        << QStringLiteral("unsafe YAML: an alias refers to the node that contains it");
    QTest::newRow("no version") << QStringLiteral("package: []\n")
                                << QStringLiteral("conda-lock.yml:1:1")
                                << QStringLiteral("not a conda-lock file: it has no 'version'");
    QTest::newRow("version 2") << QStringLiteral("version: 2\npackage: []\n")
                               << QStringLiteral("conda-lock.yml:1:10")
                               << QStringLiteral("conda-lock file version 2 is not supported: "
                                                 "this reader reads version 1");
    QTest::newRow("version one") << QStringLiteral("version: one\npackage: []\n")
                                 << QStringLiteral("conda-lock.yml:1:10")
                                 << QStringLiteral("'version' of the lock file must be a whole "
                                                   "number, not 'one'");
    QTest::newRow("no package list")
        << QStringLiteral("version: 1\n") << QStringLiteral("conda-lock.yml:1:1")
        << QStringLiteral("it has no 'package' list");
    QTest::newRow("package is a mapping")
        << QStringLiteral("version: 1\npackage: {a: b}\n") << QStringLiteral("conda-lock.yml:2:10")
        << QStringLiteral("'package' must be a list");
    QTest::newRow("package item is a string")
        << q(lockWith("- zlib\n")) << QStringLiteral("conda-lock.yml:5:3")
        << QStringLiteral("package 1 must be a mapping");
    QTest::newRow("no version in package")
        << replace("  version: 1.2.13\n", "") << QStringLiteral("conda-lock.yml:5:3")
        << QStringLiteral("package 1 has no 'version'");
    QTest::newRow("no url") << replace("  url: ", "  urls: ")
                            << QStringLiteral("conda-lock.yml:5:3")
                            << QStringLiteral("package 1 has no 'url'");
    QTest::newRow("name is a list")
        << replace("name: zlib", "name: [zlib]") << QStringLiteral("conda-lock.yml:5:9")
        << QStringLiteral("'name' of package 1 must be a string");
    QTest::newRow("manager mamba")
        << replace("manager: conda", "manager: mamba") << QStringLiteral("conda-lock.yml:7:12")
        << QStringLiteral("'manager' of package 1 must be 'conda' or "
                          "'pip', not 'mamba'");
    QTest::newRow("no hash") << replace("  hash:\n    md5: 68c34ec6149623be41a1933ab996a209\n", "")
                             << QStringLiteral("conda-lock.yml:5:3")
                             << QStringLiteral("package 1 has no 'hash'");
    QTest::newRow("empty hash for conda")
        << replace("  hash:\n    md5: 68c34ec6149623be41a1933ab996a209\n", "  hash: {}\n")
        << QStringLiteral("conda-lock.yml:10:9")
        << QStringLiteral("'hash' of package 1 has neither 'md5' nor 'sha256'");
    QTest::newRow("short md5") << replace("md5: 68c34ec6149623be41a1933ab996a209",
                                          "md5: 68c34ec6149623be41a1933ab996a20")
                               << QStringLiteral("conda-lock.yml:11:10")
                               << QStringLiteral("'md5' of 'hash' of package 1 must be 32 hex "
                                                 "digits");
    QTest::newRow("optional maybe")
        << q(lockWith(kGoodPackage + "  optional: maybe\n"))
        << QStringLiteral("conda-lock.yml:12:13")
        << QStringLiteral("'optional' of package 1 must be true or false, not 'maybe'");
    QTest::newRow("dependencies as a list")
        << q(lockWith(kGoodPackage + "  dependencies: [a]\n"))
        << QStringLiteral("conda-lock.yml:12:17")
        << QStringLiteral("'dependencies' of package 1 must be a mapping");
    QTest::newRow("channel without url") << QStringLiteral(
        "version: 1\nmetadata:\n  channels:\n  - used_env_vars: []\npackage: []\n")
                                         << QStringLiteral("conda-lock.yml:4:5")
                                         << QStringLiteral("channel 1 of 'metadata' has no 'url'");
    QTest::newRow("platforms as a string")
        << QStringLiteral("version: 1\nmetadata:\n  platforms: linux-64\npackage: []\n")
        << QStringLiteral("conda-lock.yml:3:14")
        << QStringLiteral("'platforms' of 'metadata' must be a list");
}

void TestCondaLock::rejected()
{
    QFETCH(QString, text);
    QFETCH(QString, context);
    QFETCH(QString, detail);
    auto lock = parse(text.toStdString());
    QVERIFY(!lock.ok());
    QVERIFY(lock.error().code == util::ErrorCode::ParseError);
    QCOMPARE(q(lock.error().context), context);
    QVERIFY2(q(lock.error().detail).contains(detail), lock.error().detail.c_str());
}

void TestCondaLock::emptyPackageList()
{
    auto lock = parse("version: 1\npackage:\n");
    QVERIFY2(lock.ok(), messageOf(lock));
    QVERIFY(lock->packages.empty());
    QCOMPARE(lock->warnings.size(), std::size_t{1}); // no metadata

    // Without metadata the platforms come from the packages; a conda URL that names no build
    // is a warning, not a failure.
    std::string package = kGoodPackage;
    package.replace(package.find("zlib-1.2.13-hd590300_5.conda"), 28, "zlib.conda");
    auto odd = parse("version: 1\npackage:\n" + package);
    QVERIFY2(odd.ok(), messageOf(odd));
    QCOMPARE(odd->platforms, std::vector<std::string>{"linux-64"});
    QCOMPARE(odd->warnings.size(), std::size_t{2});
    QVERIFY(q(odd->warnings[1]).contains(QStringLiteral("'zlib.conda'")));
    QVERIFY(odd->packages[0].build.empty());
}

void TestCondaLock::missingFileIsAnIoError()
{
    const std::string path = "/nonexistent/envdesk/conda-lock.yml";
    auto lock = envfile::readCondaLock(path);
    QVERIFY(!lock.ok());
    QVERIFY(lock.error().code == util::ErrorCode::IoError);
    QVERIFY(q(lock.error().message()).contains(q(path)));
}

void TestCondaLock::formatLayout()
{
    CondaLock lock;
    lock.platforms = {"linux-64"};
    lock.channels = {"conda-forge"};
    lock.contentHash = {{"linux-64", "abc"}};
    lock.sources = {"environment.yml"};
    LockedPackage package;
    package.manager = "conda";
    package.name = "_openmp_mutex";
    package.version = "4.5";
    package.platform = "linux-64";
    package.url = "https://conda.anaconda.org/conda-forge/linux-64/_openmp_mutex-4.5-2_gnu.tar.bz2";
    package.md5 = "73aaf86a425cc6e73fcf236a5a46396d";
    package.dependencies = {{"_libgcc_mutex", "0.1 conda_forge"}, {"libgomp", ">=7.5.0"}};
    lock.packages.push_back(package);
    const std::string expected =
        "# Written by envdesk in conda-lock's format.\n"
        "version: 1\n"
        "metadata:\n"
        "  content_hash:\n"
        "    linux-64: abc\n"
        "  channels:\n"
        "  - url: conda-forge\n"
        "    used_env_vars: []\n"
        "  platforms:\n"
        "  - linux-64\n"
        "  sources:\n"
        "  - environment.yml\n"
        "package:\n"
        "- name: _openmp_mutex\n"
        "  version: '4.5'\n"
        "  manager: conda\n"
        "  platform: linux-64\n"
        "  dependencies:\n"
        "    _libgcc_mutex: 0.1 conda_forge\n"
        "    libgomp: '>=7.5.0'\n"
        "  url: https://conda.anaconda.org/conda-forge/linux-64/_openmp_mutex-4.5-2_gnu.tar.bz2\n"
        "  hash:\n"
        "    md5: 73aaf86a425cc6e73fcf236a5a46396d\n"
        "  category: main\n"
        "  optional: false\n";
    QCOMPARE(envfile::formatCondaLock(lock), expected);
    QCOMPARE(envfile::formatCondaLock(CondaLock{}),
             "# Written by envdesk in conda-lock's format.\nversion: 1\nmetadata:\n"
             "  content_hash: {}\n  channels: []\n  platforms: []\n  sources: []\npackage: []\n"s);
}

void TestCondaLock::formatQuotesWhatYamlWouldNotReadAsAString()
{
    const std::vector<std::string> awkward = {"0.1",      "1.10",
                                              "1",        "007",
                                              "0x1f",     "1e3",
                                              "1_000",    "1:20",
                                              ".5",       ".inf",
                                              ".NaN",     "true",
                                              "No",       "off",
                                              "null",     "~",
                                              "=",        "2024-01-02",
                                              "",         " lead",
                                              "trail ",   "a: b",
                                              "a #b",     "#x",
                                              "-x",       "*ref",
                                              "&anchor",  "!tag",
                                              "'quoted'", "\"dq\"",
                                              "[1]",      "{a}",
                                              "x\ty",     "line\nbreak",
                                              "ü-utf8",   "|",
                                              ">=1,<2",   "3.9.* *_cpython",
                                              "1.2.13",   "2024b",
                                              "x:",       "a,b",
                                              "% pct",    "@at",
                                              "`tick`",   "a\\b"};
    CondaLock lock;
    lock.platforms = {"linux-64"};
    LockedPackage package;
    package.manager = "pip";
    package.name = "p";
    package.version = "1";
    package.platform = "linux-64";
    package.url = "https://example.invalid/p-1.whl";
    package.sha256 = std::string(64, 'a');
    for (const std::string& text : awkward) {
        package.dependencies.emplace_back("d" + std::to_string(package.dependencies.size()), text);
    }
    package.dependencies.emplace_back("true", "key that YAML would read as a boolean");
    lock.packages.push_back(package);
    const std::string text = envfile::formatCondaLock(lock);
    auto again = parse(text);
    QVERIFY2(again.ok(), (messageOf(again) + ("\n" + text)).c_str());
    QCOMPARE(again->packages.front().dependencies, package.dependencies);
    QVERIFY(q(text).contains(QStringLiteral("version: '1'")));
    QVERIFY(q(text).contains(QStringLiteral("d38: 1.2.13\n")));
}

void TestCondaLock::roundTrip_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("path");
    for (const char* name :
         {"pangeo_base-notebook.conda-lock.yml", "conda-lock_install-with-pip-deps.conda-lock.yml",
          "conda-lock_multiple-categories.conda-lock.yml", "conda-lock_v3.0.3.conda-lock.yml",
          "conda-lock_test-lockfile.conda-lock.yml", "mamba__good_overlap_categories-lock.yaml",
          "mamba__good_no_package-lock.yaml", "rattler_v0_pypi-matplotlib-conda-lock.yml"}) {
        QTest::newRow(name) << lockPath(name);
    }
}

void TestCondaLock::roundTrip()
{
    QFETCH(QString, path);
    auto original = envfile::readCondaLock(path.toStdString());
    QVERIFY2(original.ok(), messageOf(original));
    auto again = parse(envfile::formatCondaLock(*original));
    QVERIFY2(again.ok(), messageOf(again));
    QCOMPARE(again->platforms, original->platforms);
    QCOMPARE(again->channels, original->channels);
    QCOMPARE(again->sources, original->sources);
    QCOMPARE(again->contentHash.size(), original->contentHash.size());
    QCOMPARE(again->packages.size(), original->packages.size());
    QVERIFY(withoutLines(*again) == withoutLines(*original));
}

QTEST_APPLESS_MAIN(TestCondaLock)
#include "tst_conda_lock.moc"
