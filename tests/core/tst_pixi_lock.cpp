#include "core/envfile/pixi_lock.h"
#include "vector_file.h"

#include <QDir>
#include <QTest>

#include <algorithm>
#include <set>
#include <string>

using namespace envdesk;
using namespace envdesk::test;
using namespace std::string_literals;
using envfile::LockedPackage;
using envfile::PixiEnvironment;
using envfile::PixiLock;

namespace {

const std::string kPath = "pixi.lock";

QString lockPath(const char* name)
{
    return fixturesDir() + QStringLiteral("/lockfiles/pixi/") + QString::fromUtf8(name);
}

util::Result<PixiLock> read(const char* name)
{
    return envfile::readPixiLock(lockPath(name).toStdString());
}

util::Result<PixiLock> parse(const std::string& text)
{
    return envfile::parsePixiLock(text, kPath);
}

const char* messageOf(const util::Result<PixiLock>& result)
{
    static std::string message;
    message = result ? std::string{} : result.error().message();
    return message.c_str();
}

const PixiEnvironment* environment(const PixiLock& lock, const std::string& name)
{
    const auto found =
        std::find_if(lock.environments.begin(), lock.environments.end(),
                     [&](const PixiEnvironment& environment) { return environment.name == name; });
    return found == lock.environments.end() ? nullptr : &*found;
}

const LockedPackage* find(const PixiEnvironment& environment, const std::string& name,
                          const std::string& platform)
{
    const auto found = std::find_if(
        environment.packages.begin(), environment.packages.end(),
        [&](const LockedPackage& p) { return p.name == name && p.platform == platform; });
    return found == environment.packages.end() ? nullptr : &*found;
}

std::size_t countOn(const PixiEnvironment& environment, const std::string& platform)
{
    return static_cast<std::size_t>(
        std::count_if(environment.packages.begin(), environment.packages.end(),
                      [&](const LockedPackage& p) { return p.platform == platform; }));
}

// Sorted by name, without lines: for comparing what two files lock.
std::vector<LockedPackage> withoutLines(std::vector<LockedPackage> packages)
{
    for (LockedPackage& package : packages) {
        package.line = 0;
    }
    std::sort(packages.begin(), packages.end(),
              [](const LockedPackage& a, const LockedPackage& b) { return a.name < b.name; });
    return packages;
}

// A small version 6 lock around one package entry and one reference to it.
std::string v6With(const std::string& reference, const std::string& package)
{
    return "version: 6\nenvironments:\n  default:\n    channels:\n    - url: "
           "https://conda.anaconda.org/conda-forge/\n    packages:\n      linux-64:\n      - "
           + reference + "\npackages:\n- " + package;
}

const std::string kZlibUrl =
    "https://conda.anaconda.org/conda-forge/linux-64/zlib-1.3.1-hb9d3cd8_2.conda";

} // namespace

class TestPixiLock : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyFixtureReadsOrIsRejected_data();
    void everyFixtureReadsOrIsRejected();
    void versions6And7GiveTheSamePackages();
    void pypiPackages();
    void customIndexAndLocalProject();
    void version5KindAndPath();
    void version4BuildFromTheUrl();
    void exampleWithTwoPlatformsAndPypi();
    void multiEnvironmentRepository();
    void sourcePackagesAndNamedPlatforms();
    void negativeFixturesNameTheProblem();
    void newerVersionIsNamed();
    void rejected_data();
    void rejected();
    void explicitFieldsWinOverTheUrl();
    void missingFileIsAnIoError();
};

void TestPixiLock::everyFixtureReadsOrIsRejected_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("good");
    const QDir dir(lockPath(""));
    for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
        const bool bad = name.startsWith(QStringLiteral("NEGATIVE_"))
                         || name.contains(QStringLiteral("forward-compatible"))
                         || name.endsWith(QStringLiteral(".toml"));
        QTest::newRow(name.toUtf8().constData()) << dir.filePath(name) << !bad;
    }
}

void TestPixiLock::everyFixtureReadsOrIsRejected()
{
    QFETCH(QString, path);
    QFETCH(bool, good);
    auto lock = envfile::readPixiLock(path.toStdString());
    if (!good) {
        QVERIFY(!lock.ok());
        QVERIFY(lock.error().code == util::ErrorCode::ParseError);
        QVERIFY2(q(lock.error().context).startsWith(path + QStringLiteral(":")),
                 lock.error().message().c_str());
        return;
    }
    QVERIFY2(lock.ok(), messageOf(lock));
    QVERIFY(lock->version >= 4 && lock->version <= 7);
    QVERIFY(!lock->environments.empty());
    for (const PixiEnvironment& environment : lock->environments) {
        for (const LockedPackage& package : environment.packages) {
            QVERIFY2(!package.name.empty() && !package.platform.empty() && package.line > 0,
                     package.url.c_str());
            QVERIFY(package.manager == "conda" || package.manager == "pip");
            if (package.manager == "conda") {
                QVERIFY2(!package.version.empty(), package.url.c_str());
            }
        }
    }
}

void TestPixiLock::versions6And7GiveTheSamePackages()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto v6 = read("rattler-lock_v6_python-from-conda-only-lock.yml");
    auto v7 = read("rattler-lock_v7_python-from-conda-only-lock.yml");
    QVERIFY2(v6.ok(), messageOf(v6));
    QVERIFY2(v7.ok(), messageOf(v7));
    QCOMPARE(v6->version, 6);
    QCOMPARE(v7->version, 7);
    QCOMPARE(v6->environments.size(), std::size_t{1});
    QCOMPARE(v7->environments.size(), std::size_t{1});
    const PixiEnvironment& env6 = v6->environments.front();
    const PixiEnvironment& env7 = v7->environments.front();
    QCOMPARE(env6.name, "default"s);
    QCOMPARE(env6.channels, std::vector<std::string>{"https://prefix.dev/conda-forge/"});
    QCOMPARE(env6.packages.size(), std::size_t{19});
    // The two files list tzdata in a different place; the packages are the same.
    QVERIFY(withoutLines(env6.packages) == withoutLines(env7.packages));

    const LockedPackage* python = find(env7, "python", "osx-arm64");
    QVERIFY(python != nullptr);
    QCOMPARE(python->manager, "conda"s);
    QCOMPARE(python->version, "3.13.0"s);
    QCOMPARE(python->build, "hbbac1ca_101_cp313"s);
    QCOMPARE(python->subdir, "osx-arm64"s);
    QCOMPARE(python->channel, "https://prefix.dev/conda-forge"s);
    QCOMPARE(python->md5, "e972e146a1e0cfb1f26da42cb6f6648c"s);
    QCOMPARE(python->sha256, "742544a4cf9a10cf2c16d35d96fb696c27d58b9df0cc29fbef5629283aeca941"s);
    QCOMPARE(python->line, 145);
    QCOMPARE(python->dependencies[0], (std::pair<std::string, std::string>{"__osx", ">=11.0"}));
    QCOMPARE(python->dependencies.size(), std::size_t{14});
    QCOMPARE(python->dependencies[9],
             (std::pair<std::string, std::string>{"python_abi", "3.13.* *_cp313"}));
    QCOMPARE(python->dependencies[12], (std::pair<std::string, std::string>{"tzdata", ""}));
}

void TestPixiLock::pypiPackages()
{
    ENVDESK_REQUIRE_FIXTURES();
    for (const char* name :
         {"rattler-lock_v6_numpy-as-pypi-lock.yml", "rattler-lock_v7_numpy-as-pypi-lock.yml"}) {
        auto lock = read(name);
        QVERIFY2(lock.ok(), messageOf(lock));
        const PixiEnvironment& env = lock->environments.front();
        QCOMPARE(env.packages.size(), std::size_t{20});
        QCOMPARE(env.indexes, std::vector<std::string>{"https://pypi.org/simple"});
        const LockedPackage* numpy = find(env, "numpy", "osx-arm64");
        QVERIFY(numpy != nullptr);
        QCOMPARE(numpy->manager, "pip"s);
        QCOMPARE(numpy->version, "2.2.1"s);
        QCOMPARE(numpy->sha256,
                 "3ecc47cd7f6ea0336042be87d9e7da378e5c7e9b3c8ad0f7c966f714fc10d821"s);
        QVERIFY(numpy->channel.empty() && numpy->build.empty() && numpy->subdir.empty());
        QVERIFY(numpy->url.ends_with("numpy-2.2.1-cp313-cp313-macosx_11_0_arm64.whl"));
    }
}

void TestPixiLock::customIndexAndLocalProject()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("rattler-lock_v7_pypi_custom_index.yml");
    QVERIFY2(lock.ok(), messageOf(lock));
    const PixiEnvironment& env = lock->environments.front();
    QCOMPARE(env.indexes, std::vector<std::string>{"https://my-custom-index.example.com/simple"});
    QCOMPARE(env.packages.size(), std::size_t{3});
    QCOMPARE(env.packages[0].name, "local-pkg"s);
    QCOMPARE(env.packages[0].url, "./local-pkg"s);
    QVERIFY(env.packages[0].version.empty());
    QCOMPARE(env.packages[2].name, "requests"s);
    QCOMPARE(env.packages[2].version, "2.31.0"s);
    QCOMPARE(env.packages[2].platform, "linux-64"s);
}

void TestPixiLock::version5KindAndPath()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("rattler-lock_v5_flat-index-lock.yml");
    QVERIFY2(lock.ok(), messageOf(lock));
    QCOMPARE(lock->version, 5);
    const PixiEnvironment& env = lock->environments.front();
    QCOMPARE(env.packages.size(), std::size_t{18});
    const LockedPackage* requests = find(env, "requests", "osx-arm64");
    QVERIFY(requests != nullptr);
    QCOMPARE(requests->url, "./links/requests-2.31.0-py3-none-any.whl"s);
    QCOMPARE(requests->version, "2.31.0"s);
    QCOMPARE(requests->line, 196);
    QCOMPARE(requests->dependencies.front(),
             (std::pair<std::string, std::string>{"charset-normalizer", "<4,>=2"}));
    QCOMPARE(requests->dependencies[4], (std::pair<std::string, std::string>{
                                            "pysocks", "!=1.5.7,>=1.5.6 ; extra == 'socks'"}));
    const LockedPackage* bzip2 = find(env, "bzip2", "osx-arm64");
    QVERIFY(bzip2 != nullptr);
    QCOMPARE(bzip2->build, "h93a5062_5"s);
    QCOMPARE(bzip2->md5, "1bbc659ca658bfd49a481b5ef7a0f40f"s);

    auto r = read("pixi-example-r.pixi.lock");
    QVERIFY2(r.ok(), messageOf(r));
    QCOMPARE(r->environments.front().packages.size(), std::size_t{136 + 130 + 131});
}

void TestPixiLock::version4BuildFromTheUrl()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("rattler-lock_v4_python-lock.yml");
    QVERIFY2(lock.ok(), messageOf(lock));
    QCOMPARE(lock->version, 4);
    const PixiEnvironment& env = lock->environments.front();
    QCOMPARE(env.channels, std::vector<std::string>{"conda-forge"});
    QCOMPARE(countOn(env, "linux-ppc64le"), std::size_t{22});
    const LockedPackage* mutex = find(env, "_openmp_mutex", "linux-64");
    QVERIFY(mutex != nullptr);
    QCOMPARE(mutex->build, "2_gnu"s);
    // A noarch package is listed under each platform it was locked for.
    const LockedPackage* tzdata = find(env, "tzdata", "osx-arm64");
    QVERIFY(tzdata != nullptr);
    QCOMPARE(tzdata->subdir, "noarch"s);
}

void TestPixiLock::exampleWithTwoPlatformsAndPypi()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("pixi-example-pypi.pixi.lock");
    QVERIFY2(lock.ok(), messageOf(lock));
    const PixiEnvironment& env = lock->environments.front();
    QCOMPARE(countOn(env, "linux-64"), std::size_t{130});
    QCOMPARE(countOn(env, "win-64"), std::size_t{120});
    QCOMPARE(env.packages.size(), std::size_t{130 + 120 + 121 + 120});
    const auto pip = std::count_if(env.packages.begin(), env.packages.end(),
                                   [](const LockedPackage& p) { return p.manager == "pip"; });
    QVERIFY(pip > 0);
    const LockedPackage* mutex = find(env, "_libgcc_mutex", "linux-64");
    QVERIFY(mutex != nullptr);
    QCOMPARE(mutex->version, "0.1"s);
    QCOMPARE(mutex->build, "conda_forge"s);
    QCOMPARE(mutex->md5, "d7c89558ba9fa0495403155b64376d81"s);

    auto turtlesim = read("pixi-example-turtlesim.pixi.lock");
    QVERIFY2(turtlesim.ok(), messageOf(turtlesim));
    QCOMPARE(turtlesim->environments.size(), std::size_t{2});
    const PixiEnvironment* noetic = environment(*turtlesim, "noetic");
    QVERIFY(noetic != nullptr);
    QCOMPARE(noetic->channels, (std::vector<std::string>{"https://prefix.dev/conda-forge/",
                                                         "https://prefix.dev/robostack-noetic/"}));
    QCOMPARE(noetic->packages.size(), std::size_t{495 + 432 + 430 + 403});
}

void TestPixiLock::multiEnvironmentRepository()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("pixi-repo-root.pixi.lock");
    QVERIFY2(lock.ok(), messageOf(lock));
    QCOMPARE(lock->version, 7);
    QCOMPARE(lock->environments.size(), std::size_t{10});
    const PixiEnvironment* defaultEnv = environment(*lock, "default");
    QVERIFY(defaultEnv != nullptr);
    QCOMPARE(countOn(*defaultEnv, "linux-aarch64"), std::size_t{147});
    const PixiEnvironment* docs = environment(*lock, "docs");
    QVERIFY(docs != nullptr);
    QCOMPARE(docs->indexes, std::vector<std::string>{"https://pypi.org/simple"});
}

void TestPixiLock::sourcePackagesAndNamedPlatforms()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("rattler-lock_v7_conda-path-lock.yml");
    QVERIFY2(lock.ok(), messageOf(lock));
    const PixiEnvironment* defaultEnv = environment(*lock, "default");
    QVERIFY(defaultEnv != nullptr);
    QCOMPARE(defaultEnv->packages.size(), std::size_t{4});
    // "linux-64-foobar" is a platform of the lock whose conda subdir is linux-64.
    const LockedPackage& foobar = defaultEnv->packages.front();
    QCOMPARE(foobar.platform, "linux-64"s);
    QCOMPARE(foobar.name, "minimal-project"s);
    QCOMPARE(foobar.version, "0.1"s);
    QCOMPARE(foobar.build, "first"s);
    QCOMPARE(foobar.url, "../minimal-project"s);
    QCOMPARE(foobar.dependencies,
             (std::vector<std::pair<std::string, std::string>>{{"__unix", ""}}));
    QCOMPARE(defaultEnv->packages[1].name, "a-python-project"s);
    QCOMPARE(defaultEnv->packages[1].platform, "win-64"s);
    const PixiEnvironment* second = environment(*lock, "second");
    QVERIFY(second != nullptr);
    QCOMPARE(second->packages.size(), std::size_t{1});
    QCOMPARE(second->packages.front().build, "second"s);
}

void TestPixiLock::negativeFixturesNameTheProblem()
{
    ENVDESK_REQUIRE_FIXTURES();
    struct Case {
        const char* file;
        const char* where;
        const char* detail;
    };
    for (const Case& c :
         {Case{"NEGATIVE_rattler-lock-v7_duplicate_platform.yml", ":14:7",
               "environment 'default' lists platform 'DUPLICATE' twice"},
          Case{"NEGATIVE_rattler-lock-v7_invalid_platform_name.yml", ":3:11",
               "platform name 'linux 64 foobar' may hold only letters, digits, '-' and '_'"},
          Case{"NEGATIVE_rattler-lock-v7_missing_platform.yml", ":14:7",
               "environment 'default' uses platform 'UNKNOWN', which is not in 'platforms'"}}) {
        auto lock = read(c.file);
        QVERIFY2(!lock.ok(), c.file);
        QCOMPARE(q(lock.error().context), lockPath(c.file) + QString::fromUtf8(c.where));
        QCOMPARE(lock.error().detail, std::string(c.detail));
    }
}

void TestPixiLock::newerVersionIsNamed()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto lock = read("rattler-lock_forward-compatible-lock.yml");
    QVERIFY(!lock.ok());
    QCOMPARE(lock.error().detail,
             "pixi.lock version 1000 is newer than this reader, which reads versions 4 to 7"s);
    QCOMPARE(q(lock.error().context),
             lockPath("rattler-lock_forward-compatible-lock.yml") + QStringLiteral(":11:10"));
}

void TestPixiLock::rejected_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("detail");
    const std::string zlib = "conda: " + kZlibUrl + "\n  sha256: " + std::string(64, 'a') + "\n";
    std::string unknownPlatform = v6With("conda: " + kZlibUrl, zlib);
    unknownPlatform.replace(unknownPlatform.find("linux-64:"), 8, "linux-65");
    QTest::newRow("not a mapping") << QStringLiteral("[1, 2]\n") << QStringLiteral("pixi.lock:1:1")
                                   << QStringLiteral("the top level is not a mapping");
    QTest::newRow("recursive alias")
        << QStringLiteral("version: 6\nenvironments: &e\n  default: *e\n")
        << QStringLiteral("pixi.lock:3:12")
        << QStringLiteral("unsafe YAML: an alias refers to the node that contains it");
    QTest::newRow("no version") << QStringLiteral("environments: {}\n")
                                << QStringLiteral("pixi.lock:1:1")
                                << QStringLiteral("not a pixi.lock file: it has no 'version'");
    QTest::newRow("conda-lock file")
        << QStringLiteral("version: 1\nmetadata: {}\npackage: []\n")
        << QStringLiteral("pixi.lock:1:10")
        << QStringLiteral("pixi.lock version 1 is not supported: this reader reads versions 4 "
                          "to 7 (this looks like a conda-lock file)");
    QTest::newRow("no environments")
        << QStringLiteral("version: 6\npackages: []\n") << QStringLiteral("pixi.lock:1:1")
        << QStringLiteral("it has no 'environments'");
    QTest::newRow("v7 without platforms")
        << QStringLiteral("version: 7\nenvironments: {}\n") << QStringLiteral("pixi.lock:1:1")
        << QStringLiteral("a version 7 pixi.lock needs a 'platforms' list");
    QTest::newRow("v7 platform listed twice")
        << QStringLiteral("version: 7\nplatforms:\n- name: a\n  subdir: linux-64\n- name: a\n  "
                          "subdir: osx-64\nenvironments: {}\n")
        << QStringLiteral("pixi.lock:5:3")
        << QStringLiteral("platform 'a' is listed twice in 'platforms'");
    QTest::newRow("v7 platform with unknown subdir")
        << QStringLiteral("version: 7\nplatforms:\n- name: a\n  subdir: amiga-68k\nenvironments: "
                          "{}\n")
        << QStringLiteral("pixi.lock:3:3")
        << QStringLiteral("'subdir' 'amiga-68k' of platform 'a' is not a conda platform");
    QTest::newRow("v7 custom name without subdir")
        << QStringLiteral("version: 7\nplatforms:\n- name: mine\nenvironments: {}\n")
        << QStringLiteral("pixi.lock:3:3")
        << QStringLiteral("platform 'mine' is not a conda platform and names no 'subdir'");
    QTest::newRow("unknown platform before v7")
        << q(unknownPlatform) << QStringLiteral("pixi.lock:7:7")
        << QStringLiteral("environment 'default' uses 'linux-65', which is not a conda platform");
    QTest::newRow("reference to nothing")
        << q(v6With("conda: https://c.example/ch/linux-64/other-1-0.conda", zlib))
        << QStringLiteral("pixi.lock:8:9")
        << QStringLiteral("environment 'default', platform 'linux-64' refers to conda package "
                          "'https://c.example/ch/linux-64/other-1-0.conda', which is not in "
                          "'packages'");
    QTest::newRow("reference kind differs")
        << q(v6With("pypi: " + kZlibUrl, zlib)) << QStringLiteral("pixi.lock:8:9")
        << QStringLiteral("refers to pypi package");
    QTest::newRow("reference without a kind")
        << q(v6With("url: " + kZlibUrl, zlib)) << QStringLiteral("pixi.lock:8:9")
        << QStringLiteral("a package of environment 'default', platform 'linux-64' has no "
                          "'conda' or 'pypi'");
    QTest::newRow("package without a kind")
        << q(v6With("conda: " + kZlibUrl, "url: " + kZlibUrl + "\n"))
        << QStringLiteral("pixi.lock:10:3")
        << QStringLiteral("package 1 has none of 'conda', 'pypi' and 'conda_source'");
    QTest::newRow("source package without a version")
        << q(v6With("conda: ../src", "conda: ../src\n  name: src\n"))
        << QStringLiteral("pixi.lock:10:3")
        << QStringLiteral("package 1 has no 'version' and '../src' is not a package file name");
    QTest::newRow("bad md5")
        << q(v6With("conda: " + kZlibUrl, "conda: " + kZlibUrl + "\n  md5: xyz\n"))
        << QStringLiteral("pixi.lock:11:8")
        << QStringLiteral("'md5' of package 1 must be 32 hex digits, not 'xyz'");
    QTest::newRow("pypi without name")
        << q(v6With("pypi: ./p", "pypi: ./p\n  version: '1'\n")) << QStringLiteral("pixi.lock:10:3")
        << QStringLiteral("package 1 has no 'name'");
    QTest::newRow("v5 unknown kind")
        << QStringLiteral("version: 5\nenvironments: {}\npackages:\n- kind: npm\n  url: x\n")
        << QStringLiteral("pixi.lock:4:9")
        << QStringLiteral("'kind' of package 1 must be 'conda' or 'pypi', not 'npm'");
    QTest::newRow("environment listed twice")
        << QStringLiteral("version: 6\nenvironments:\n  a: {}\n  a: {}\n")
        << QStringLiteral("pixi.lock:4:3") << QStringLiteral("environment 'a' is listed twice");
    QTest::newRow("invalid YAML") << QStringLiteral("version: 6\nenvironments: {a: [}\n")
                                  << QStringLiteral("pixi.lock:2:20")
                                  << QStringLiteral("invalid YAML");
}

void TestPixiLock::rejected()
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

void TestPixiLock::explicitFieldsWinOverTheUrl()
{
    auto lock = parse(
        v6With("conda: " + kZlibUrl,
               "conda: " + kZlibUrl + "\n  name: libz\n  channel: https://mirror.example/cf/\n"));
    QVERIFY2(lock.ok(), messageOf(lock));
    const LockedPackage& zlib = lock->environments.front().packages.front();
    QCOMPARE(zlib.name, "libz"s);
    QCOMPARE(zlib.version, "1.3.1"s);
    QCOMPARE(zlib.build, "hb9d3cd8_2"s);
    // The channel is the URL's, as in the other formats; `channel` only stands in for a URL
    // that has none.
    QCOMPARE(zlib.channel, "https://conda.anaconda.org/conda-forge"s);
    QCOMPARE(zlib.platform, "linux-64"s);
    QCOMPARE(zlib.line, 10);

    auto source = parse(v6With("conda: ../src", "conda: ../src\n  name: src\n  version: '2'\n  "
                                                "subdir: linux-64\n  channel: file:///ch/\n"));
    QVERIFY2(source.ok(), messageOf(source));
    const LockedPackage& src = source->environments.front().packages.front();
    QCOMPARE(src.subdir, "linux-64"s);
    QCOMPARE(src.channel, "file:///ch"s);
    QVERIFY(src.build.empty());
}

void TestPixiLock::missingFileIsAnIoError()
{
    const std::string path = "/nonexistent/envdesk/pixi.lock";
    auto lock = envfile::readPixiLock(path);
    QVERIFY(!lock.ok());
    QVERIFY(lock.error().code == util::ErrorCode::IoError);
    QVERIFY(q(lock.error().message()).contains(q(path)));
}

QTEST_APPLESS_MAIN(TestPixiLock)
#include "tst_pixi_lock.moc"
