// ops::applyChange, the one way the CLI and the GUI carry out a change: packages written here
// with archive::writePackage in a file:// location, a real package cache and a real prefix;
// the progress phases in order, and a stop in the middle of linking that leaves nothing.

#include "core/archive/package_writer.h"
#include "core/ops/apply_change.h"
#include "core/util/file_io.h"
#include "core/util/hash.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace envdesk;

namespace {

// A package with a few files, and the record a channel would give for it.
specs::PackageRecord writeRecord(const QString& channel, const std::string& name,
                                 std::vector<std::string> depends)
{
    archive::PackageSpec spec;
    spec.name = name;
    spec.version = "1.0";
    spec.build = "0";
    spec.depends = depends;
    for (int i = 0; i < 20; ++i) {
        spec.files.push_back({"share/" + name + "/file" + std::to_string(i) + ".txt",
                              "content of " + name + " " + std::to_string(i) + "\n", false, false,
                              false});
    }
    const auto written =
        archive::writePackage(spec, (channel + QStringLiteral("/noarch")).toStdString());
    if (!written) {
        return {};
    }
    specs::PackageRecord record;
    record.name = name;
    record.version = "1.0";
    record.build = "0";
    record.subdir = "noarch";
    record.depends = std::move(depends);
    record.fn = spec.distName() + ".conda";
    record.url = "file://" + *written;
    record.channel = "file://" + channel.toStdString();
    const auto bytes = util::readFile(*written);
    record.sha256 = bytes ? util::sha256Hex(*bytes) : std::string();
    record.size = bytes ? bytes->size() : 0;
    return record;
}

// The test's own folder is the home: no .condarc of the machine is read.
config::Config configWithCache(const QTemporaryDir& root)
{
    const QString pkgs = root.filePath(QStringLiteral("pkgs"));
    config::ConfigInputs inputs;
    inputs.homeDir = root.path().toStdString();
    inputs.systemDirs = {};
    inputs.overrides = {{"pkgs_dirs", {pkgs.toStdString()}}};
    auto configuration = config::Config::load(inputs);
    return configuration ? *configuration : config::Config{};
}

} // namespace

class TestApplyChange : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fetchesExtractsAndLinksInOrder();
    void stopWhileLinkingLeavesNothing();
    void changeDecidedForAnotherStateIsRefused();
    void failedCreateLeavesNoFolder();
};

void TestApplyChange::fetchesExtractsAndLinksInOrder()
{
    QTemporaryDir root;
    const QString channel = root.filePath(QStringLiteral("channel"));
    const auto base = writeRecord(channel, "base-lib", {});
    const auto app = writeRecord(channel, "app", {"base-lib"});
    QVERIFY(!base.sha256.empty() && !app.sha256.empty());
    const auto configuration = configWithCache(root);

    ops::Change change;
    change.prefix = root.filePath(QStringLiteral("env")).toStdString();
    change.link = {base, app};
    change.userSpecs = {"app"};
    change.command = "test";
    std::vector<ops::ApplyProgress::Phase> phases;
    const auto applied =
        ops::applyChange(change, configuration,
                         [&](const ops::ApplyProgress& progress) {
                             if (phases.empty() || phases.back() != progress.phase) {
                                 phases.push_back(progress.phase);
                             }
                         },
                         {});
    QVERIFY2(applied, applied ? "" : applied.error().message().c_str());
    using Phase = ops::ApplyProgress::Phase;
    // Downloads and extraction overlap, so they may alternate; linking comes after both.
    const auto linkAt = std::find(phases.begin(), phases.end(), Phase::Link);
    QVERIFY(linkAt != phases.end());
    QVERIFY(std::find(phases.begin(), linkAt, Phase::Extract) != linkAt);
    QVERIFY(std::find(linkAt, phases.end(), Phase::Download) == phases.end());
    const QString meta = root.filePath(QStringLiteral("env/conda-meta/"));
    QVERIFY(QFileInfo::exists(meta + QStringLiteral("app-1.0-0.json")));
    QVERIFY(QFileInfo::exists(meta + QStringLiteral("base-lib-1.0-0.json")));
    QVERIFY(QFileInfo::exists(root.filePath(QStringLiteral("env/share/app/file19.txt"))));
    QVERIFY(!applied->recoveredFirst);
}

void TestApplyChange::stopWhileLinkingLeavesNothing()
{
    QTemporaryDir root;
    const QString channel = root.filePath(QStringLiteral("channel"));
    const auto base = writeRecord(channel, "base-lib", {});
    const auto app = writeRecord(channel, "app", {"base-lib"});
    const auto configuration = configWithCache(root);

    ops::Change change;
    change.prefix = root.filePath(QStringLiteral("env")).toStdString();
    change.link = {base, app};
    change.command = "test";
    std::stop_source stop;
    const auto applied = ops::applyChange(
        change, configuration,
        [&](const ops::ApplyProgress& progress) {
            if (progress.phase == ops::ApplyProgress::Phase::Link && progress.done >= 1) {
                stop.request_stop(); // as the GUI's Cancel does, from another thread
            }
        },
        stop.get_token());
    QVERIFY(!applied);
    QVERIFY(applied.error().code == util::ErrorCode::Cancelled);
    QVERIFY2(applied.error().message().find("unchanged") != std::string::npos,
             applied.error().message().c_str());
    // Nothing of either package is left in the prefix.
    QVERIFY(!QFileInfo::exists(root.filePath(QStringLiteral("env/share/base-lib"))));
    QVERIFY(
        !QFileInfo::exists(root.filePath(QStringLiteral("env/conda-meta/base-lib-1.0-0.json"))));
}

// Two changes decided for the same prefix at the same time (as two processes would): the first
// is carried out, the second no longer fits and is refused as Stale, with nothing done, so that
// its caller decides again. Without it, both installs would leave two builds of one package.
void TestApplyChange::changeDecidedForAnotherStateIsRefused()
{
    QTemporaryDir root;
    const QString channel = root.filePath(QStringLiteral("channel"));
    const auto base = writeRecord(channel, "base-lib", {});
    const auto app = writeRecord(channel, "app", {"base-lib"});
    const auto configuration = configWithCache(root);
    const std::string prefix = root.filePath(QStringLiteral("env")).toStdString();

    ops::Change first;
    first.prefix = prefix;
    first.link = {base};
    first.command = "first";
    first.create = true;
    first.basis = std::vector<std::string>{};
    ops::Change second = first;
    second.command = "second";
    QVERIFY(ops::applyChange(first, configuration, {}, {}));
    const auto refused = ops::applyChange(second, configuration, {}, {});
    QVERIFY(!refused);
    QVERIFY(refused.error().code == util::ErrorCode::Stale);
    QVERIFY2(refused.error().message().find("another process changed the environment")
                 != std::string::npos,
             refused.error().message().c_str());
    QCOMPARE(QDir(QString::fromStdString(prefix) + QStringLiteral("/conda-meta"))
                 .entryList({QStringLiteral("*.json")}, QDir::Files),
             QStringList{QStringLiteral("base-lib-1.0-0.json")});

    // Without a basis, what the change names is checked: a package to link whose other build is
    // installed and not being unlinked, or a package to unlink that is gone.
    ops::Change again;
    again.prefix = prefix;
    again.link = {base, app};
    again.command = "again";
    const auto twice = ops::applyChange(again, configuration, {}, {});
    QVERIFY(!twice && twice.error().code == util::ErrorCode::Stale);
    ops::Change removal;
    removal.prefix = prefix;
    removal.unlink = {app};
    removal.command = "remove";
    const auto gone = ops::applyChange(removal, configuration, {}, {});
    QVERIFY(!gone && gone.error().code == util::ErrorCode::Stale);

    // Decided for the prefix as it is now, it goes through.
    ops::Change current;
    current.prefix = prefix;
    current.link = {app};
    current.command = "current";
    current.basis = std::vector<std::string>{"base-lib-1.0-0"};
    const auto applied = ops::applyChange(current, configuration, {}, {});
    QVERIFY2(applied, applied ? "" : applied.error().message().c_str());
}

void TestApplyChange::failedCreateLeavesNoFolder()
{
    QTemporaryDir root;
    const QString channel = root.filePath(QStringLiteral("channel"));
    // A post-link failure comes after the prefix was created: the folder must go again.
    archive::PackageSpec failing;
    failing.name = "failing";
    failing.version = "1.0";
    failing.build = "0";
    failing.files = {{"bin/.failing-post-link.sh", "exit 7\n", false, true, false}};
    const auto written =
        archive::writePackage(failing, (channel + QStringLiteral("/noarch")).toStdString());
    QVERIFY(written);
    specs::PackageRecord record;
    record.name = "failing";
    record.version = "1.0";
    record.build = "0";
    record.subdir = "noarch";
    record.fn = "failing-1.0-0.conda";
    record.url = "file://" + *written;
    record.channel = "file://" + channel.toStdString();
    const auto configuration = configWithCache(root);
    const QString prefix = root.filePath(QStringLiteral("env"));

    ops::Change change;
    change.prefix = prefix.toStdString();
    change.link = {record};
    change.command = "create";
    change.create = true;
    const auto applied = ops::applyChange(change, configuration, {}, {});
    QVERIFY(!applied);
    QVERIFY2(applied.error().message().find("post-link") != std::string::npos,
             applied.error().message().c_str());
    QVERIFY2(!QFileInfo::exists(prefix), "the failed create left its folder");
}

QTEST_APPLESS_MAIN(TestApplyChange)
#include "tst_apply_change.moc"
