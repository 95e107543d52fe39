// The lock-file diff: the model (core/diff/lock_diff.h), the readers' normalisation into it
// (snapshot.h) and the three reports (diff_report.h), on hand-written files in a temporary folder
// and on the real lock files of ../shared/fixtures.

#include "core/diff/diff_report.h"
#include "core/diff/lock_diff.h"
#include "core/diff/snapshot.h"
#include "core/specs/version_spec.h"
#include "vector_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <string>
#include <vector>

using envdesk::diff::ChangeKind;
using envdesk::diff::DiffEntry;
using envdesk::diff::DiffResult;
using envdesk::diff::DiffSection;
using envdesk::diff::SourceKind;
using envdesk::diff::SpecRelation;
using envdesk::test::q;

Q_DECLARE_METATYPE(ChangeKind)
Q_DECLARE_METATYPE(SpecRelation)

namespace {

std::string str(const QString& text)
{
    return text.toStdString();
}

// A conda package URL as conda-forge serves it.
std::string packageUrl(const std::string& name, const std::string& version,
                       const std::string& build, const std::string& channel = "conda-forge",
                       const std::string& subdir = "linux-64")
{
    return "https://conda.anaconda.org/" + channel + "/" + subdir + "/" + name + "-" + version + "-"
           + build + ".conda";
}

// One package entry of a conda-lock v1 file.
std::string lockPackage(const std::string& name, const std::string& version,
                        const std::string& build, const std::string& platform,
                        const std::string& category = "main")
{
    return "- name: " + name + "\n  version: '" + version
           + "'\n  manager: conda\n  platform: " + platform + "\n  dependencies: {}\n  url: "
           + packageUrl(name, version, build, "conda-forge", platform)
           + "\n  hash:\n    md5: 0123456789abcdef0123456789abcdef\n  category: " + category
           + "\n  optional: " + (category == "main" ? "false" : "true") + "\n";
}

std::string condaLock(const std::vector<std::string>& platforms, const std::string& packages)
{
    std::string text = "version: 1\nmetadata:\n  content_hash:\n";
    for (const auto& platform : platforms) {
        text += "    " + platform + ": abc\n";
    }
    text += "  channels:\n  - url: conda-forge\n    used_env_vars: []\n  platforms:\n";
    for (const auto& platform : platforms) {
        text += "  - " + platform + "\n";
    }
    return text + "  sources:\n  - environment.yml\npackage:\n" + packages;
}

const DiffEntry* findEntry(const DiffResult& result, const std::string& platform,
                           const std::string& manager, const std::string& name)
{
    for (const auto& section : result.sections) {
        if (section.platform != platform || section.manager != manager) {
            continue;
        }
        for (const auto& entry : section.entries) {
            if (entry.name == name) {
                return &entry;
            }
        }
    }
    return nullptr;
}

const DiffSection* findSection(const DiffResult& result, const std::string& platform,
                               const std::string& manager)
{
    for (const auto& section : result.sections) {
        if (section.platform == platform && section.manager == manager) {
            return &section;
        }
    }
    return nullptr;
}

// A snapshot of pins built in memory, for the rules that need no file.
envdesk::diff::Snapshot pins(const std::vector<std::vector<std::string>>& rows,
                             const std::string& platform = "linux-64")
{
    envdesk::diff::Snapshot snapshot;
    snapshot.source = "memory";
    snapshot.kind = SourceKind::ExplicitFile;
    snapshot.platforms = {platform};
    envdesk::diff::SnapshotSection section;
    section.platform = platform;
    section.manager = "conda";
    for (const auto& row : rows) {
        envdesk::diff::SnapshotEntry entry;
        entry.name = row.at(0);
        entry.key = row.at(0);
        entry.version = row.at(1);
        entry.build = row.size() > 2 ? row.at(2) : "h0_0";
        entry.channel = row.size() > 3 ? row.at(3) : "conda-forge";
        section.entries.push_back(entry);
    }
    snapshot.sections.push_back(section);
    return snapshot;
}

QString kindName(ChangeKind kind)
{
    return q(std::string(envdesk::diff::toString(kind)));
}

std::string fixture(const QString& relative)
{
    return str(envdesk::test::fixturesDir() + QStringLiteral("/") + relative);
}

} // namespace

class TestLockDiff : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();

    void everyCategoryBetweenExplicitFiles();
    void condaVersionOrder_data();
    void condaVersionOrder();
    void rebuiltIsNotUpgraded();
    void channelMoveIsNotedBesideAnUpgrade();
    void versionSpecRelations_data();
    void versionSpecRelations();
    void environmentFileSpecsLoosenedAndTightened();
    void environmentFileAgainstAnExport();
    void exportedPinsAreUpgradesAndRebuilds();
    void pipSectionChanges();
    void pipRequirementParsing_data();
    void pipRequirementParsing();
    void multiPlatformSections();
    void platformOptionSelectsAndChecks();
    void singlePlatformSideLimitsAMultiPlatformLock();
    void selectorsApplyPerPlatform();
    void realCondaLockVersions();
    void realPixiV6AgainstV7();
    void pixiEnvironmentChoice();
    void identicalInputsHaveNoDifferences();
    void eachSideKeepsItsOwnError();
    void detectsKindsByContent_data();
    void detectsKindsByContent();
    void badFilesNameFileAndLine_data();
    void badFilesNameFileAndLine();
    void installedEnvironmentAgainstExplicitFile();
    void jsonReport();
    void htmlReportIsOneSafePage();
    void textReportColourOnlyWhenAsked();

private:
    std::string write(const QString& name, const std::string& content);

    QTemporaryDir m_dir;
};

void TestLockDiff::init()
{
    QVERIFY2(m_dir.isValid(), "a temporary folder is needed");
}

std::string TestLockDiff::write(const QString& name, const std::string& content)
{
    const QString path = m_dir.filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return {};
    }
    file.write(content.data(), static_cast<qint64>(content.size()));
    return str(path);
}

void TestLockDiff::everyCategoryBetweenExplicitFiles()
{
    const std::string header = "# platform: linux-64\n@EXPLICIT\n";
    const auto a =
        write(QStringLiteral("a.txt"), header + packageUrl("numpy", "1.9.3", "py39h_0") + "\n"
                                           + packageUrl("scipy", "1.11.0", "py39h_0") + "\n"
                                           + packageUrl("openssl", "3.0.1", "h1_0") + "\n"
                                           + packageUrl("zlib", "1.3", "h0_0") + "\n"
                                           + packageUrl("pandas", "2.2.0", "py39h_0") + "\n"
                                           + packageUrl("python", "3.9.18", "h0_0") + "\n");
    const auto b = write(QStringLiteral("b.txt"),
                         header + packageUrl("numpy", "1.10.4", "py39h_0") + "\n"
                             + packageUrl("scipy", "1.10.1", "py39h_0") + "\n"
                             + packageUrl("openssl", "3.0.1", "h2_1") + "\n"
                             + packageUrl("zlib", "1.3", "h0_0", "bioconda") + "\n"
                             + packageUrl("requests", "2.31.0", "pyhd_0", "conda-forge", "noarch")
                             + "\n" + packageUrl("python", "3.9.18", "h0_0") + "\n");
    auto result = envdesk::diff::diffSources(a, b);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    QCOMPARE(result->sections.size(), std::size_t(1));
    const DiffSection& section = result->sections.front();
    QCOMPARE(section.platform, std::string("linux-64"));
    QCOMPARE(section.manager, std::string("conda"));
    std::vector<std::string> order;
    QStringList kinds;
    for (const auto& entry : section.entries) {
        order.push_back(entry.name);
        kinds << kindName(entry.kind);
    }
    QCOMPARE(order, (std::vector<std::string>{"numpy", "openssl", "pandas", "python", "requests",
                                              "scipy", "zlib"}));
    QCOMPARE(kinds, (QStringList{QStringLiteral("upgraded"), QStringLiteral("rebuilt"),
                                 QStringLiteral("removed"), QStringLiteral("unchanged"),
                                 QStringLiteral("added"), QStringLiteral("downgraded"),
                                 QStringLiteral("channel_changed")}));
    const auto* zlib = findEntry(*result, "linux-64", "conda", "zlib");
    QVERIFY2(zlib != nullptr && zlib->before && zlib->after, "zlib is on both sides");
    QCOMPARE(zlib->before->channel, std::string("conda-forge"));
    QCOMPARE(zlib->after->channel, std::string("bioconda"));
    const auto& summary = result->summary;
    for (const auto kind :
         {ChangeKind::Added, ChangeKind::Removed, ChangeKind::Upgraded, ChangeKind::Downgraded,
          ChangeKind::Rebuilt, ChangeKind::ChannelChanged, ChangeKind::Unchanged}) {
        QVERIFY2(summary.count(kind) == 1, qPrintable(kindName(kind)));
    }
    QCOMPARE(summary.changes(), 6);
    QVERIFY2(!result->identical(), "six packages changed");
    QCOMPARE(envdesk::diff::summaryLine(summary),
             std::string("1 added, 1 removed, 1 upgraded, 1 downgraded, 1 rebuilt, 1 channel "
                         "changed, 1 unchanged"));
}

void TestLockDiff::condaVersionOrder_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<ChangeKind>("kind");
    const auto row = [](const char* a, const char* b, ChangeKind kind) {
        QTest::newRow(
            qPrintable(QStringLiteral("%1 -> %2").arg(QLatin1String(a), QLatin1String(b))))
            << QString::fromLatin1(a) << QString::fromLatin1(b) << kind;
    };
    row("1.9", "1.10", ChangeKind::Upgraded);
    row("1.10", "1.9", ChangeKind::Downgraded);
    row("1.1", "1.1.0", ChangeKind::Unchanged);
    row("1.1a1", "1.1", ChangeKind::Upgraded);
    row("1.1.post1", "1.1", ChangeKind::Downgraded);
    row("1.0dev1", "1.0rc1", ChangeKind::Upgraded);
    row("2024.1", "2023.12.31", ChangeKind::Downgraded);
    row("1!0.1", "2.0", ChangeKind::Downgraded);
    row("1.2.3", "1.2.3+1", ChangeKind::Upgraded);
    row("0.0.0", "6.1", ChangeKind::Upgraded);
}

void TestLockDiff::condaVersionOrder()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(ChangeKind, kind);
    auto result =
        envdesk::diff::diffSnapshots(pins({{"pkg", str(before)}}), pins({{"pkg", str(after)}}));
    QVERIFY2(result.ok(), "pins in memory compare");
    const auto* entry = findEntry(*result, "linux-64", "conda", "pkg");
    QVERIFY2(entry != nullptr, "pkg is compared");
    QVERIFY2(entry->kind == kind, qPrintable(kindName(entry->kind)));
}

void TestLockDiff::rebuiltIsNotUpgraded()
{
    auto result = envdesk::diff::diffSnapshots(
        pins({{"a", "1.0", "py39_0"}, {"b", "1.0", "py39_0"}, {"c", "2.0", "h1_0"}}),
        pins({{"a", "1.0", "py39_1"}, {"b", "1.1", "py39_1"}, {"c", "2.0", "h1_0"}}));
    QVERIFY2(result.ok(), "pins in memory compare");
    QVERIFY2(findEntry(*result, "linux-64", "conda", "a")->kind == ChangeKind::Rebuilt,
             "same version, other build: rebuilt");
    QVERIFY2(findEntry(*result, "linux-64", "conda", "b")->kind == ChangeKind::Upgraded,
             "a new version with a new build is an upgrade, not also a rebuild");
    QVERIFY2(findEntry(*result, "linux-64", "conda", "c")->kind == ChangeKind::Unchanged,
             "same version and build");
    QCOMPARE(result->summary.count(ChangeKind::Rebuilt), 1);
}

void TestLockDiff::channelMoveIsNotedBesideAnUpgrade()
{
    auto result = envdesk::diff::diffSnapshots(pins({{"a", "1.0", "h_0", "conda-forge"}}),
                                               pins({{"a", "1.1", "h_0", "bioconda"}}));
    QVERIFY2(result.ok(), "pins in memory compare");
    const auto* entry = findEntry(*result, "linux-64", "conda", "a");
    QVERIFY2(entry->kind == ChangeKind::Upgraded, qPrintable(kindName(entry->kind)));
    QVERIFY2(entry->also == std::vector<ChangeKind>{ChangeKind::ChannelChanged},
             "the channel move is kept beside the upgrade");
    QCOMPARE(result->summary.count(ChangeKind::ChannelChanged), 0);
    QCOMPARE(result->summary.count(ChangeKind::Upgraded), 1);
    const std::string text = envdesk::diff::formatTextReport(*result);
    QVERIFY2(text.find("(channel conda-forge -> bioconda)") != std::string::npos, text.c_str());
}

void TestLockDiff::versionSpecRelations_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<SpecRelation>("relation");
    const auto row = [](const char* a, const char* b, SpecRelation relation) {
        QTest::newRow(
            qPrintable(QStringLiteral("%1 -> %2").arg(QLatin1String(a), QLatin1String(b))))
            << QString::fromLatin1(a) << QString::fromLatin1(b) << relation;
    };
    row(">=1.21", ">=1.24", SpecRelation::Tightened);
    row(">=1.24", ">=1.21", SpecRelation::Loosened);
    row(">=1.21,<2", "<2,>=1.21", SpecRelation::Same);
    row("1.2.*", ">=1.2,<1.3", SpecRelation::Same);
    row("=1.2", ">=1.2", SpecRelation::Loosened);
    row("*", ">=1", SpecRelation::Tightened);
    row(">=1,<2", ">=1.5,<3", SpecRelation::Changed);
    row("1.2|1.3", "1.2", SpecRelation::Tightened);
    row("~=1.4.5", ">=1.4.5,<1.5", SpecRelation::Same);
    row("!=1.5", "*", SpecRelation::Loosened);
    row("<2", "<2.0", SpecRelation::Same);
    row("==1.2", "1.2.*", SpecRelation::Loosened);
    row("1.9.*", "1.10.*", SpecRelation::Changed);
    row(">=1.9", ">=1.10", SpecRelation::Tightened);
    row("3.9.*|3.10.*", ">=3.9,<3.11", SpecRelation::Same);
    row("1.*.3", "1.*.3", SpecRelation::Same);
    row("1.*.3", "1.*.4", SpecRelation::Changed);
}

void TestLockDiff::versionSpecRelations()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(SpecRelation, relation);
    auto a = envdesk::specs::VersionSpec::parse(str(before));
    auto b = envdesk::specs::VersionSpec::parse(str(after));
    QVERIFY2(a.ok() && b.ok(), "both specs parse");
    QVERIFY2(envdesk::diff::compareVersionSpecs(*a, *b) == relation, "relation as expected");
}

void TestLockDiff::environmentFileSpecsLoosenedAndTightened()
{
    const auto a = write(QStringLiteral("env-a.yml"), "name: demo\nchannels:\n  - conda-forge\n"
                                                      "dependencies:\n"
                                                      "  - numpy >=1.21\n"
                                                      "  - scipy\n"
                                                      "  - pandas >=2\n"
                                                      "  - matplotlib >=3,<4\n"
                                                      "  - conda-forge::xarray\n"
                                                      "  - python 3.11.*\n"
                                                      "  - numba * py312*\n");
    const auto b = write(QStringLiteral("env-b.yml"), "name: demo\nchannels:\n  - conda-forge\n"
                                                      "  - bioconda\n"
                                                      "dependencies:\n"
                                                      "  - python=3.11\n"
                                                      "  - numpy >=1.24\n"
                                                      "  - scipy <1.12\n"
                                                      "  - pandas\n"
                                                      "  - matplotlib >=3.5,<5\n"
                                                      "  - xarray\n"
                                                      "  - numba\n");
    auto result = envdesk::diff::diffSources(a, b);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    QCOMPARE(result->sections.size(), std::size_t(1));
    QCOMPARE(result->sections.front().platform, std::string());
    const auto kindOf = [&](const char* name) {
        const auto* entry = findEntry(*result, "", "conda", name);
        return entry != nullptr ? kindName(entry->kind) : QStringLiteral("missing");
    };
    QCOMPARE(kindOf("numpy"), QStringLiteral("tightened"));
    QCOMPARE(kindOf("scipy"), QStringLiteral("tightened"));
    QCOMPARE(kindOf("pandas"), QStringLiteral("loosened"));
    QCOMPARE(kindOf("matplotlib"), QStringLiteral("spec_changed"));
    QCOMPARE(kindOf("xarray"), QStringLiteral("channel_changed"));
    QCOMPARE(kindOf("python"), QStringLiteral("unchanged"));
    QCOMPARE(kindOf("numba"), QStringLiteral("loosened"));
    QVERIFY2(result->channelsChanged, "bioconda was added to the channels");
    QVERIFY2(!result->identical(), "specs changed");
    const auto* numpy = findEntry(*result, "", "conda", "numpy");
    QCOMPARE(numpy->before->spec, std::string("numpy >=1.21"));
    QCOMPARE(numpy->before->line, 5);
    QCOMPARE(numpy->after->line, 7);
    const std::string text = envdesk::diff::formatTextReport(*result);
    QVERIFY2(text.find(">=1.21 -> >=1.24") != std::string::npos, text.c_str());
    QVERIFY2(text.find("channels: conda-forge -> conda-forge, bioconda") != std::string::npos,
             text.c_str());
}

void TestLockDiff::environmentFileAgainstAnExport()
{
    // A pin is the narrowest spec: an export within the requested ranges tightens them, one
    // outside them changes them.
    const auto requested = write(QStringLiteral("requested.yml"), "dependencies:\n"
                                                                  "  - numpy >=1.21\n"
                                                                  "  - python 3.11.*\n"
                                                                  "  - pip\n");
    const auto exported = write(QStringLiteral("exported.yml"), "name: demo\ndependencies:\n"
                                                                "  - numpy=1.26.4=py311h_0\n"
                                                                "  - python=3.12.1=h0_0\n"
                                                                "  - zlib=1.3=h0_0\n");
    auto result = envdesk::diff::diffSources(requested, exported);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    QVERIFY2(findEntry(*result, "", "conda", "numpy")->kind == ChangeKind::Tightened,
             "1.26.4 is within >=1.21");
    QVERIFY2(findEntry(*result, "", "conda", "python")->kind == ChangeKind::SpecChanged,
             "3.12.1 is outside 3.11.*");
    QVERIFY2(findEntry(*result, "", "conda", "pip")->kind == ChangeKind::Removed, "pip is gone");
    QVERIFY2(findEntry(*result, "", "conda", "zlib")->kind == ChangeKind::Added, "zlib is new");
}

// `name=ver=build` (what env export writes) and `name==ver` are exact pins: compared as locked
// packages are, so another version is an upgrade or a downgrade and another build a rebuild,
// not "spec changed". The fixtures' two gboeing exports differ in 106 such rows.
void TestLockDiff::exportedPinsAreUpgradesAndRebuilds()
{
    const auto a = write(QStringLiteral("pins-a.yml"), "dependencies:\n"
                                                       "  - numpy=1.26.4=py311h_0\n"
                                                       "  - scipy=1.11.0=py311h_0\n"
                                                       "  - zlib=1.3=h0_0\n"
                                                       "  - six==1.16\n"
                                                       "  - attrs==23.1\n"
                                                       "  - idna==3.4\n"
                                                       "  - numba=0.58=py311_*\n");
    const auto b = write(QStringLiteral("pins-b.yml"), "dependencies:\n"
                                                       "  - numpy=2.0.1=py312h_0\n"
                                                       "  - scipy=1.10.1=py312h_0\n"
                                                       "  - zlib=1.3=h1_0\n"
                                                       "  - six==1.16.0\n"
                                                       "  - attrs==23.2\n"
                                                       "  - idna=3.4=pyhd8ed1ab_0\n"
                                                       "  - numba=0.58=py312_*\n");
    auto result = envdesk::diff::diffSources(a, b);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    const auto kindOf = [&](const char* name) {
        const auto* entry = findEntry(*result, "", "conda", name);
        return entry != nullptr ? kindName(entry->kind) : QStringLiteral("missing");
    };
    QCOMPARE(kindOf("numpy"), QStringLiteral("upgraded"));
    QCOMPARE(kindOf("scipy"), QStringLiteral("downgraded"));
    QCOMPARE(kindOf("zlib"), QStringLiteral("rebuilt"));
    QCOMPARE(kindOf("six"), QStringLiteral("unchanged")); // 1.16 == 1.16.0 in conda's order
    QCOMPARE(kindOf("attrs"), QStringLiteral("upgraded"));
    QCOMPARE(kindOf("idna"), QStringLiteral("tightened"));     // a build only B pins
    QCOMPARE(kindOf("numba"), QStringLiteral("spec_changed")); // build globs stay specs

    ENVDESK_REQUIRE_FIXTURES();
    const std::string envs =
        (envdesk::test::fixturesDir() + QStringLiteral("/envs/")).toStdString();
    auto gboeing = envdesk::diff::diffSources(envs + "gboeing__linux_environment.yml",
                                              envs + "gboeing__win_environment.yml");
    QVERIFY2(gboeing.ok(), gboeing.ok() ? "" : gboeing.error().message().c_str());
    const auto& summary = gboeing->sections.front().summary;
    QCOMPARE(summary.count(ChangeKind::SpecChanged), 0);
    QCOMPARE(summary.count(ChangeKind::Upgraded) + summary.count(ChangeKind::Downgraded)
                 + summary.count(ChangeKind::Rebuilt),
             106);
    QCOMPARE(summary.count(ChangeKind::Unchanged), 37);
}

void TestLockDiff::pipSectionChanges()
{
    const auto a =
        write(QStringLiteral("pip-a.yml"), "dependencies:\n"
                                           "  - python=3.11\n"
                                           "  - pip\n"
                                           "  - pip:\n"
                                           "    - requests>=2.0\n"
                                           "    - Typing_Extensions\n"
                                           "    - jax[cpu]==0.4.30\n"
                                           "    - black==24.*\n"
                                           "    - --index-url https://example.org/simple\n");
    const auto b =
        write(QStringLiteral("pip-b.yml"), "dependencies:\n"
                                           "  - python=3.11\n"
                                           "  - pip\n"
                                           "  - pip:\n"
                                           "    - requests >=2.28, <3\n"
                                           "    - typing-extensions\n"
                                           "    - flask\n"
                                           "    - black>=24,<25\n"
                                           "    - --index-url https://example.org/simple\n");
    auto result = envdesk::diff::diffSources(a, b);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    const DiffSection* pip = findSection(*result, "", "pip");
    QVERIFY2(pip != nullptr, "a pip section");
    const auto kindOf = [&](const char* name) {
        const auto* entry = findEntry(*result, "", "pip", name);
        return entry != nullptr ? kindName(entry->kind) : QStringLiteral("missing");
    };
    QCOMPARE(kindOf("requests"), QStringLiteral("tightened"));
    QCOMPARE(kindOf("typing-extensions"), QStringLiteral("unchanged"));
    QCOMPARE(kindOf("flask"), QStringLiteral("added"));
    QCOMPARE(kindOf("jax"), QStringLiteral("removed"));
    QCOMPARE(kindOf("black"), QStringLiteral("unchanged"));
    QCOMPARE(kindOf("--index-url https://example.org/simple"), QStringLiteral("unchanged"));
    QCOMPARE(pip->summary.changes(), 3);
    const DiffSection* conda = findSection(*result, "", "conda");
    QVERIFY2(conda != nullptr && conda->summary.changes() == 0, "the conda specs are the same");
}

void TestLockDiff::pipRequirementParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("extras");
    QTest::addColumn<QString>("specifiers");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("markers");
    const auto row = [](const char* text, const char* name, const char* extras,
                        const char* specifiers, const char* url, const char* markers) {
        QTest::newRow(text) << QString::fromLatin1(text) << QString::fromLatin1(name)
                            << QString::fromLatin1(extras) << QString::fromLatin1(specifiers)
                            << QString::fromLatin1(url) << QString::fromLatin1(markers);
    };
    row("requests", "requests", "", "", "", "");
    row("requests >= 2.0, < 3", "requests", "", ">=2.0,<3", "", "");
    row("requests[socks, security]>=2", "requests", "socks,security", ">=2", "", "");
    row("six>=1.12 ; python_version<'3'", "six", "", ">=1.12", "", "python_version<'3'");
    row("pkg @ https://example.org/pkg-1.0.tar.gz", "pkg", "", "",
        "https://example.org/pkg-1.0.tar.gz", "");
    row("git+https://github.com/org/repo.git@v1#egg=repo", "repo", "", "",
        "git+https://github.com/org/repo.git@v1", "");
    row("--index-url https://example.org/simple", "", "", "", "", "");
    row("-e .", "", "", "", "", "");
    row("https://example.org/archive.zip", "", "", "", "", "");
}

void TestLockDiff::pipRequirementParsing()
{
    QFETCH(QString, text);
    QFETCH(QString, name);
    QFETCH(QString, extras);
    QFETCH(QString, specifiers);
    QFETCH(QString, url);
    QFETCH(QString, markers);
    const auto parsed = envdesk::diff::parsePipRequirement(str(text));
    if (name.isEmpty()) {
        QVERIFY2(!parsed, "names no package");
        return;
    }
    QVERIFY2(parsed.has_value(), "a requirement");
    QCOMPARE(q(parsed->name), name);
    QCOMPARE(q(parsed->extras), extras);
    QCOMPARE(q(parsed->specifiers), specifiers);
    QCOMPARE(q(parsed->url), url);
    QCOMPARE(q(parsed->markers), markers);
}

void TestLockDiff::multiPlatformSections()
{
    const auto a =
        write(QStringLiteral("a.conda-lock.yml"),
              condaLock({"linux-64", "osx-64"},
                        lockPackage("numpy", "1.26.0", "py311h_0", "linux-64")
                            + lockPackage("numpy", "1.26.0", "py311h_0", "osx-64")
                            + lockPackage("pytest", "8.0.0", "pyh_0", "linux-64", "dev")));
    const auto b = write(QStringLiteral("b.conda-lock.yml"),
                         condaLock({"linux-64", "osx-64", "osx-arm64"},
                                   lockPackage("numpy", "1.26.4", "py311h_0", "linux-64")
                                       + lockPackage("numpy", "1.26.0", "py311h_0", "osx-64")
                                       + lockPackage("numpy", "1.26.4", "py311h_0", "osx-arm64")
                                       + lockPackage("pytest", "8.0.0", "pyh_0", "linux-64")));
    auto result = envdesk::diff::diffSources(a, b);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    QStringList platforms;
    for (const auto& section : result->sections) {
        platforms << q(section.platform + "/" + section.manager);
    }
    QCOMPARE(platforms,
             (QStringList{QStringLiteral("linux-64/conda"), QStringLiteral("osx-64/conda"),
                          QStringLiteral("osx-arm64/conda")}));
    QVERIFY2(findEntry(*result, "linux-64", "conda", "numpy")->kind == ChangeKind::Upgraded,
             "linux-64 numpy upgraded");
    QVERIFY2(findEntry(*result, "osx-64", "conda", "numpy")->kind == ChangeKind::Unchanged,
             "osx-64 numpy unchanged");
    QVERIFY2(findEntry(*result, "osx-arm64", "conda", "numpy")->kind == ChangeKind::Added,
             "osx-arm64 is new in B");
    const auto* pytest = findEntry(*result, "linux-64", "conda", "pytest");
    QVERIFY2(pytest->kind == ChangeKind::CategoryChanged, qPrintable(kindName(pytest->kind)));
    QCOMPARE(pytest->before->categories, std::vector<std::string>{"dev"});
    QVERIFY2(pytest->before->optional && !pytest->after->optional, "dev is optional, main not");
    QCOMPARE(result->notes.size(), std::size_t(1));
    QVERIFY2(result->notes.front().find("osx-arm64 is only in B") != std::string::npos,
             result->notes.front().c_str());
    QCOMPARE(result->summary.changes(), 3);
}

void TestLockDiff::platformOptionSelectsAndChecks()
{
    const auto a = write(QStringLiteral("p-a.conda-lock.yml"),
                         condaLock({"linux-64", "osx-64"},
                                   lockPackage("numpy", "1.26.0", "py311h_0", "linux-64")
                                       + lockPackage("numpy", "1.26.0", "py311h_0", "osx-64")));
    const auto b = write(QStringLiteral("p-b.conda-lock.yml"),
                         condaLock({"linux-64", "osx-64"},
                                   lockPackage("numpy", "1.26.4", "py311h_0", "linux-64")
                                       + lockPackage("numpy", "1.26.0", "py311h_0", "osx-64")));
    envdesk::diff::DiffOptions options;
    options.platform = "osx-64";
    auto osx = envdesk::diff::diffSources(a, b, options);
    QVERIFY2(osx.ok(), osx.ok() ? "" : osx.error().message().c_str());
    QCOMPARE(osx->sections.size(), std::size_t(1));
    QCOMPARE(osx->sections.front().platform, std::string("osx-64"));
    QVERIFY2(osx->identical(), "osx-64 did not change");
    options.platform = "win-64";
    auto missing = envdesk::diff::diffSources(a, b, options);
    QVERIFY2(!missing.ok(), "neither lock has win-64");
    const std::string message = missing.error().message();
    QVERIFY2(message.find(a) != std::string::npos && message.find("win-64") != std::string::npos
                 && message.find("linux-64, osx-64") != std::string::npos,
             message.c_str());
}

void TestLockDiff::singlePlatformSideLimitsAMultiPlatformLock()
{
    const auto lock = write(QStringLiteral("s.conda-lock.yml"),
                            condaLock({"linux-64", "osx-64"},
                                      lockPackage("numpy", "1.26.0", "py311h_0", "linux-64")
                                          + lockPackage("numpy", "1.25.0", "py311h_0", "osx-64")));
    const auto linux =
        write(QStringLiteral("linux.txt"), "# platform: linux-64\n@EXPLICIT\n"
                                               + packageUrl("numpy", "1.26.0", "py311h_0") + "\n");
    auto result = envdesk::diff::diffSources(lock, linux);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    QCOMPARE(result->sections.size(), std::size_t(1));
    QCOMPARE(result->sections.front().platform, std::string("linux-64"));
    QVERIFY2(result->identical(), "linux-64 matches");
    QCOMPARE(result->notes.size(), std::size_t(1));
    QVERIFY2(result->notes.front().find("compared on linux-64 only") != std::string::npos,
             result->notes.front().c_str());

    const auto win =
        write(QStringLiteral("win.txt"),
              "# platform: win-64\n@EXPLICIT\n"
                  + packageUrl("numpy", "1.26.0", "py311h_0", "conda-forge", "win-64") + "\n");
    auto noWin = envdesk::diff::diffSources(lock, win);
    QVERIFY2(!noWin.ok(), "the lock has no win-64");
    QVERIFY2(noWin.error().message().find("win-64") != std::string::npos,
             noWin.error().message().c_str());

    // Two single-platform files for different platforms are compared with each other, and say
    // so.
    auto across = envdesk::diff::diffSources(linux, win);
    QVERIFY2(across.ok(), across.ok() ? "" : across.error().message().c_str());
    QCOMPARE(across->sections.front().platform, std::string("linux-64"));
    QCOMPARE(across->sections.front().otherPlatform, std::string("win-64"));
    QVERIFY2(findEntry(*across, "linux-64", "conda", "numpy")->kind == ChangeKind::Unchanged,
             "the same numpy");
}

void TestLockDiff::selectorsApplyPerPlatform()
{
    const auto spec = write(QStringLiteral("sel.yml"), "dependencies:\n"
                                                       "  - numpy\n"
                                                       "  - pywin32  # [win]\n");
    const auto lock = write(QStringLiteral("sel.conda-lock.yml"),
                            condaLock({"linux-64", "win-64"},
                                      lockPackage("numpy", "1.26.0", "py311h_0", "linux-64")
                                          + lockPackage("numpy", "1.26.0", "py311h_0", "win-64")
                                          + lockPackage("pywin32", "306", "py311h_0", "win-64")));
    auto result = envdesk::diff::diffSources(spec, lock);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    QCOMPARE(result->sections.size(), std::size_t(2));
    QVERIFY2(findEntry(*result, "linux-64", "conda", "pywin32") == nullptr,
             "the selector keeps pywin32 out of linux-64");
    const auto* pywin = findEntry(*result, "win-64", "conda", "pywin32");
    QVERIFY2(pywin != nullptr && pywin->kind == ChangeKind::Tightened,
             "a pin within the spec tightens it");
    QVERIFY2(findEntry(*result, "linux-64", "conda", "numpy")->kind == ChangeKind::Tightened,
             "numpy pinned");
}

void TestLockDiff::realCondaLockVersions()
{
    ENVDESK_REQUIRE_FIXTURES();
    // The same environment locked by conda-lock 2.5.8 and 3.0.3: pip's cowsay is read as 0.0.0
    // by 3.0.3 on every platform, and colorama moved from the optional test category to main on
    // win-64. Everything else is the same.
    const auto a = fixture(QStringLiteral("lockfiles/conda-lock/conda-lock_v2.5.8.conda-lock.yml"));
    const auto b = fixture(QStringLiteral("lockfiles/conda-lock/conda-lock_v3.0.3.conda-lock.yml"));
    auto result = envdesk::diff::diffSources(a, b);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    QCOMPARE(result->a.platforms.size(), std::size_t(6));
    QCOMPARE(result->summary.count(ChangeKind::Downgraded), 6);
    QCOMPARE(result->summary.count(ChangeKind::CategoryChanged), 1);
    QCOMPARE(result->summary.count(ChangeKind::Unchanged), 307);
    QCOMPARE(result->summary.changes(), 7);
    QCOMPARE(result->sections.size(), std::size_t(12));
    for (const auto& platform : result->a.platforms) {
        const auto* cowsay = findEntry(*result, platform, "pip", "cowsay");
        QVERIFY2(cowsay != nullptr && cowsay->kind == ChangeKind::Downgraded, platform.c_str());
        QCOMPARE(cowsay->before->version, std::string("6.1"));
        QCOMPARE(cowsay->after->version, std::string("0.0.0"));
    }
    const auto* colorama = findEntry(*result, "win-64", "conda", "colorama");
    QVERIFY2(colorama != nullptr && colorama->kind == ChangeKind::CategoryChanged,
             "colorama's category");
    QCOMPARE(colorama->before->categories, std::vector<std::string>{"test"});
    QCOMPARE(colorama->after->categories, std::vector<std::string>{"main"});
    QCOMPARE(findSection(*result, "linux-64", "conda")->entries.size(), std::size_t(41));
}

void TestLockDiff::realPixiV6AgainstV7()
{
    ENVDESK_REQUIRE_FIXTURES();
    // rattler wrote the same locks as v6 and v7: only the layout changed.
    for (const char* name : {"numpy-as-pypi-lock", "python-from-conda-only-lock"}) {
        const auto a = fixture(
            QStringLiteral("lockfiles/pixi/rattler-lock_v6_%1.yml").arg(QLatin1String(name)));
        const auto b = fixture(
            QStringLiteral("lockfiles/pixi/rattler-lock_v7_%1.yml").arg(QLatin1String(name)));
        auto result = envdesk::diff::diffSources(a, b);
        QVERIFY2(result.ok(), result.ok() ? name : result.error().message().c_str());
        QVERIFY2(result->identical(), name);
        QVERIFY2(result->a.kind == SourceKind::PixiLock && result->b.kind == SourceKind::PixiLock,
                 name);
        QCOMPARE(result->a.environment, std::string("default"));
    }
    auto numpy = envdesk::diff::diffSources(
        fixture(QStringLiteral("lockfiles/pixi/rattler-lock_v6_numpy-as-pypi-lock.yml")),
        fixture(QStringLiteral("lockfiles/pixi/rattler-lock_v7_numpy-as-pypi-lock.yml")));
    QVERIFY2(numpy.ok(), "the numpy pair compares");
    QCOMPARE(numpy->summary.count(ChangeKind::Unchanged), 20);
    const auto* pip = findSection(*numpy, "osx-arm64", "pip");
    QVERIFY2(pip != nullptr && pip->entries.size() == 1 && pip->entries.front().name == "numpy",
             "numpy comes from PyPI");
    QCOMPARE(findSection(*numpy, "osx-arm64", "conda")->entries.size(), std::size_t(19));

    // The python-only lock against the one with numpy from PyPI: numpy is the only difference.
    auto added = envdesk::diff::diffSources(
        fixture(QStringLiteral("lockfiles/pixi/rattler-lock_v6_python-from-conda-only-lock.yml")),
        fixture(QStringLiteral("lockfiles/pixi/rattler-lock_v7_numpy-as-pypi-lock.yml")));
    QVERIFY2(added.ok(), "the v6 and v7 locks compare");
    QCOMPARE(added->summary.changes(), added->summary.count(ChangeKind::Added));
    QVERIFY2(findEntry(*added, "osx-arm64", "pip", "numpy")->kind == ChangeKind::Added,
             "numpy from PyPI is new");
}

void TestLockDiff::pixiEnvironmentChoice()
{
    ENVDESK_REQUIRE_FIXTURES();
    const auto path = fixture(QStringLiteral("lockfiles/pixi/pixi-example-solve-groups.pixi.lock"));
    // Without a name, "default" is read; the solve group puts min-py38 and max-py310 on the
    // same python 3.10, default on 3.12 with matplotlib from PyPI.
    auto latest = envdesk::diff::loadSnapshot(path);
    auto oldest = envdesk::diff::loadSnapshot(path, {"max-py310", {}});
    QVERIFY2(latest.ok() && oldest.ok(), "both environments read");
    QCOMPARE(latest->environment, std::string("default"));
    QCOMPARE(oldest->environment, std::string("max-py310"));
    auto result = envdesk::diff::diffSnapshots(*latest, *oldest);
    QVERIFY2(result.ok(), "two environments of one lock compare");
    const auto* python = findEntry(*result, "linux-64", "conda", "python");
    QVERIFY2(python != nullptr && python->kind == ChangeKind::Downgraded, "python 3.12 -> 3.10");
    QCOMPARE(python->before->version, std::string("3.12.8"));
    QCOMPARE(python->after->version, std::string("3.10.0"));
    const auto* pip = findSection(*result, "linux-64", "pip");
    QVERIFY2(pip != nullptr && pip->summary.count(ChangeKind::Removed) > 0
                 && pip->summary.count(ChangeKind::Removed) == pip->summary.changes(),
             "max-py310 has nothing from PyPI");

    auto missing = envdesk::diff::loadSnapshot(path, {"nope", {}});
    QVERIFY2(!missing.ok(), "no such environment");
    const std::string message = missing.error().message();
    QVERIFY2(message.find(path) != std::string::npos
                 && message.find("default, max-py310, min-py38") != std::string::npos,
             message.c_str());
}

void TestLockDiff::identicalInputsHaveNoDifferences()
{
    ENVDESK_REQUIRE_FIXTURES();
    for (const char* relative :
         {"lockfiles/conda-lock/pangeo_pangeo-notebook.conda-lock.yml",
          "lockfiles/explicit/pangeo_base-notebook.conda-linux-64.lock",
          "lockfiles/pixi/pixi-example-pypi.pixi.lock", "envs/xarray__environment.yml",
          "envs/conda__advanced-pip_env_template.yml"}) {
        const auto path = fixture(QString::fromLatin1(relative));
        auto result = envdesk::diff::diffSources(path, path);
        QVERIFY2(result.ok(), result.ok() ? relative : result.error().message().c_str());
        QVERIFY2(result->identical(), relative);
        QVERIFY2(result->summary.count(ChangeKind::Unchanged) > 0, relative);
        QVERIFY2(envdesk::diff::formatTextReport(*result).find("no differences")
                     != std::string::npos,
                 relative);
    }
}

void TestLockDiff::detectsKindsByContent_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<SourceKind>("kind");
    QTest::newRow("conda-lock") << QStringLiteral(
        "lockfiles/conda-lock/conda-lock_v3.0.3.conda-lock.yml")
                                << SourceKind::CondaLock;
    QTest::newRow("mamba lock") << QStringLiteral(
        "lockfiles/conda-lock/mamba__good_one_package-lock.yaml")
                                << SourceKind::CondaLock;
    QTest::newRow("pixi v7") << QStringLiteral(
        "lockfiles/pixi/rattler-lock_v7_numpy-as-pypi-lock.yml")
                             << SourceKind::PixiLock;
    QTest::newRow("pixi v5") << QStringLiteral("lockfiles/pixi/rattler-lock_v5_flat-index-lock.yml")
                             << SourceKind::PixiLock;
    QTest::newRow("explicit") << QStringLiteral("lockfiles/explicit/conda__explicit.txt")
                              << SourceKind::ExplicitFile;
    QTest::newRow("environment.yml")
        << QStringLiteral("envs/xarray__environment.yml") << SourceKind::EnvironmentFile;
}

void TestLockDiff::detectsKindsByContent()
{
    ENVDESK_REQUIRE_FIXTURES();
    QFETCH(QString, path);
    QFETCH(SourceKind, kind);
    auto detected = envdesk::diff::detectSource(fixture(path));
    QVERIFY2(detected.ok(), "detected");
    QVERIFY2(*detected == kind, qPrintable(q(std::string(envdesk::diff::toString(*detected)))));
}

void TestLockDiff::badFilesNameFileAndLine_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("where");
    QTest::newRow("explicit line") << QStringLiteral("bad.txt")
                                   << QByteArray("@EXPLICIT\n"
                                                 "https://conda.anaconda.org/conda-forge/linux-64/"
                                                 "zlib-1.3-h0_0.conda\n"
                                                 "https://conda.anaconda.org/conda-forge/linux-64/"
                                                 "numpy-1.2\n")
                                   << QStringLiteral(":3");
    QTest::newRow("environment.yml spec")
        << QStringLiteral("bad.yml") << QByteArray("dependencies:\n  - numpy\n  - scipy >=>1\n")
        << QStringLiteral(":3");
    QTest::newRow("environment.yml yaml")
        << QStringLiteral("broken.yml") << QByteArray("dependencies:\n  - numpy\n  - [scipy\n")
        << QStringLiteral(":");
    QTest::newRow("conda-lock without url")
        << QStringLiteral("bad.conda-lock.yml")
        << QByteArray("version: 1\nmetadata:\n  platforms: [linux-64]\n  channels: []\n"
                      "package:\n- name: zlib\n  version: '1.3'\n  manager: conda\n"
                      "  platform: linux-64\n  hash:\n    md5: 0123456789abcdef0123456789abcdef\n")
        << QStringLiteral(":6");
}

void TestLockDiff::badFilesNameFileAndLine()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, where);
    const auto bad = write(name, content.toStdString());
    auto result = envdesk::diff::diffSources(bad, bad);
    QVERIFY2(!result.ok(), "a bad file is an error");
    const QString message = q(result.error().message());
    QVERIFY2(message.startsWith(q(bad) + where), qPrintable(message));
    QVERIFY2(message.contains(QRegularExpression(QStringLiteral(":\\d+"))), qPrintable(message));
}

void TestLockDiff::installedEnvironmentAgainstExplicitFile()
{
    const QString prefix = m_dir.filePath(QStringLiteral("prefix"));
    QVERIFY(QDir().mkpath(prefix + QStringLiteral("/conda-meta")));
    const auto record = [&](const std::string& name, const std::string& version,
                            const std::string& build, const std::string& subdir) {
        const std::string json =
            "{\"name\": \"" + name + "\", \"version\": \"" + version + "\", \"build\": \"" + build
            + "\", \"build_number\": 0, \"channel\": \"https://conda.anaconda.org/conda-forge/"
            + subdir + "\", \"subdir\": \"" + subdir + "\", \"url\": \""
            + packageUrl(name, version, build, "conda-forge", subdir) + "\", \"depends\": []}";
        write(QStringLiteral("prefix/conda-meta/%1-%2-%3.json").arg(q(name), q(version), q(build)),
              json);
    };
    record("python", "3.11.8", "h0_0", "linux-64");
    record("numpy", "1.26.4", "py311h_0", "linux-64");
    record("tzdata", "2024a", "h0_0", "noarch");
    // A package pip installed: its metadata belongs to no conda package.
    write(QStringLiteral("prefix/lib/python3.11/site-packages/cowsay-6.1.dist-info/METADATA"),
          "Metadata-Version: 2.1\nName: cowsay\nVersion: 6.1\n");
    write(QStringLiteral("prefix/lib/python3.11/site-packages/cowsay-6.1.dist-info/INSTALLER"),
          "pip\n");
    const auto lock =
        write(QStringLiteral("env.txt"),
              "# platform: linux-64\n@EXPLICIT\n" + packageUrl("python", "3.11.8", "h0_0") + "\n"
                  + packageUrl("numpy", "1.26.0", "py311h_0") + "\n"
                  + packageUrl("tzdata", "2024a", "h0_0", "conda-forge", "noarch") + "\n");
    auto kind = envdesk::diff::detectSource(str(prefix));
    QVERIFY2(kind.ok() && *kind == SourceKind::Prefix, "a folder with conda-meta");
    auto result = envdesk::diff::diffSources(lock, str(prefix));
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    QCOMPARE(result->b.platforms, std::vector<std::string>{"linux-64"});
    QVERIFY2(findEntry(*result, "linux-64", "conda", "numpy")->kind == ChangeKind::Upgraded,
             "1.26.0 -> 1.26.4");
    QVERIFY2(findEntry(*result, "linux-64", "conda", "python")->kind == ChangeKind::Unchanged,
             "the channel URL with its subdir is conda-forge");
    QVERIFY2(findEntry(*result, "linux-64", "conda", "tzdata")->kind == ChangeKind::Unchanged,
             "noarch packages belong to the platform");
    const auto* cowsay = findEntry(*result, "linux-64", "pip", "cowsay");
    QVERIFY2(cowsay != nullptr && cowsay->kind == ChangeKind::Added, "pip's package is listed");
    QCOMPARE(result->summary.changes(), 2);
}

void TestLockDiff::jsonReport()
{
    auto result = envdesk::diff::diffSnapshots(pins({{"a", "1.0"}, {"b", "2.0"}, {"c", "1.0"}}),
                                               pins({{"a", "1.1"}, {"b", "2.0"}}));
    QVERIFY2(result.ok(), "pins in memory compare");
    const std::string text = envdesk::diff::formatJsonReport(*result);
    QVERIFY2(text.rfind("{\n  \"schema\": \"envdesk-diff/1\"", 0) == 0, text.c_str());
    QJsonParseError error;
    const QJsonObject root =
        QJsonDocument::fromJson(QByteArray::fromStdString(text), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(root.value(QStringLiteral("identical")).toBool(true), false);
    const QJsonObject summary = root.value(QStringLiteral("summary")).toObject();
    for (const auto kind : envdesk::diff::allChangeKinds()) {
        QVERIFY2(summary.contains(kindName(kind)), qPrintable(kindName(kind)));
    }
    QCOMPARE(summary.value(QStringLiteral("upgraded")).toInt(), 1);
    QCOMPARE(summary.value(QStringLiteral("removed")).toInt(), 1);
    QCOMPARE(summary.value(QStringLiteral("unchanged")).toInt(), 1);
    const QJsonObject a = root.value(QStringLiteral("a")).toObject();
    QCOMPARE(a.value(QStringLiteral("kind")).toString(), QStringLiteral("explicit"));
    QCOMPARE(a.value(QStringLiteral("path")).toString(), QStringLiteral("memory"));
    const QJsonArray sections = root.value(QStringLiteral("sections")).toArray();
    QCOMPARE(sections.size(), 1);
    const QJsonObject section = sections.first().toObject();
    QCOMPARE(section.value(QStringLiteral("platform")).toString(), QStringLiteral("linux-64"));
    QVERIFY2(section.value(QStringLiteral("b_platform")).isNull(), "same platform");
    QCOMPARE(section.value(QStringLiteral("manager")).toString(), QStringLiteral("conda"));
    const QJsonArray changes = section.value(QStringLiteral("changes")).toArray();
    QCOMPARE(changes.size(), 2); // unchanged entries only on request
    const QJsonObject first = changes.first().toObject();
    QCOMPARE(first.value(QStringLiteral("name")).toString(), QStringLiteral("a"));
    QCOMPARE(first.value(QStringLiteral("change")).toString(), QStringLiteral("upgraded"));
    QCOMPARE(first.value(QStringLiteral("also")).toArray().size(), 0);
    QCOMPARE(first.value(QStringLiteral("a")).toObject().value(QStringLiteral("version")),
             QJsonValue(QStringLiteral("1.0")));
    QCOMPARE(first.value(QStringLiteral("b")).toObject().value(QStringLiteral("version")),
             QJsonValue(QStringLiteral("1.1")));
    QVERIFY2(first.value(QStringLiteral("b")).toObject().value(QStringLiteral("spec")).isNull(),
             "a pin has no spec");
    const QJsonObject removed = changes.last().toObject();
    QVERIFY2(removed.value(QStringLiteral("b")).isNull(), "nothing in B");

    envdesk::diff::ReportOptions all;
    all.showUnchanged = true;
    const QJsonObject everything =
        QJsonDocument::fromJson(
            QByteArray::fromStdString(envdesk::diff::formatJsonReport(*result, all)))
            .object();
    QCOMPARE(everything.value(QStringLiteral("sections"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("changes"))
                 .toArray()
                 .size(),
             3);
}

void TestLockDiff::htmlReportIsOneSafePage()
{
    auto before = pins({{"numpy", "1.0"}, {"evil<script>alert(1)</script>", "1.0"}});
    auto after = pins({{"numpy", "2.0"}, {"evil<script>alert(1)</script>", "1.1"}});
    before.source = "a&b<1>.txt";
    auto result = envdesk::diff::diffSnapshots(before, after);
    QVERIFY2(result.ok(), "pins in memory compare");
    const QString html = q(envdesk::diff::formatHtmlReport(*result));
    QVERIFY2(html.startsWith(QStringLiteral("<!DOCTYPE html>")), "a whole page");
    QCOMPARE(html.count(QStringLiteral("<html")), 1);
    QCOMPARE(html.count(QStringLiteral("</html>")), 1);
    QVERIFY2(html.contains(QStringLiteral("<style>")), "inline CSS");
    QVERIFY2(!html.contains(QStringLiteral("<script")), "no script, and the name is escaped");
    QVERIFY2(html.contains(QStringLiteral("evil&lt;script&gt;alert(1)&lt;/script&gt;")),
             "the name is shown escaped");
    QVERIFY2(html.contains(QStringLiteral("a&amp;b&lt;1&gt;.txt")), "the path is escaped");
    const QRegularExpression external(
        QStringLiteral("<(link|script|img|iframe)\\b|(src|href)\\s*=|url\\("));
    QVERIFY2(!html.contains(external), "nothing is loaded from elsewhere");
    QVERIFY2(html.contains(QStringLiteral("numpy")) && html.contains(QStringLiteral("2 upgraded")),
             "the report is there");
}

void TestLockDiff::textReportColourOnlyWhenAsked()
{
    auto result = envdesk::diff::diffSnapshots(pins({{"a", "1.0"}}), pins({{"a", "1.1"}}));
    QVERIFY2(result.ok(), "pins in memory compare");
    const std::string plain = envdesk::diff::formatTextReport(*result);
    QVERIFY2(plain.find('\x1b') == std::string::npos, plain.c_str());
    QVERIFY2(plain.find("upgraded") != std::string::npos
                 && plain.find("1.0 h0_0 -> 1.1 h0_0") != std::string::npos,
             plain.c_str());
    envdesk::diff::ReportOptions options;
    options.colour = true;
    const std::string coloured = envdesk::diff::formatTextReport(*result, options);
    QVERIFY2(coloured.find("\x1b[36m") != std::string::npos, "upgrades are cyan");
}

// readSides, which the GUI's Compare page reads with: a side that cannot be read keeps its own
// error while the other is read, an empty path is left alone, and diffSources reports the
// first side's error first.
void TestLockDiff::eachSideKeepsItsOwnError()
{
    const auto good = write(QStringLiteral("good.yml"), "name: demo\ndependencies:\n  - numpy\n");
    const auto bad =
        write(QStringLiteral("bad.yml"), "name: demo\ndependencies:\n  - numpy >=>1\n");
    auto sides = envdesk::diff::readSides({bad, good});
    QVERIFY(sides.errors[0].has_value());
    QVERIFY2(sides.errors[0]->message().find("bad.yml") != std::string::npos,
             sides.errors[0]->message().c_str());
    QVERIFY(!sides.snapshots[0]);
    QVERIFY(sides.snapshots[1].has_value());
    QVERIFY(!sides.errors[1]);

    sides = envdesk::diff::readSides({std::string(), good});
    QVERIFY(!sides.snapshots[0] && !sides.errors[0]);
    QVERIFY(sides.snapshots[1].has_value());

    const auto result = envdesk::diff::diffSources(good, bad);
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message().find("bad.yml") != std::string::npos,
             result.error().message().c_str());
}

QTEST_APPLESS_MAIN(TestLockDiff)
#include "tst_lock_diff.moc"
