// The environment-level operations the CLI and the GUI share (core/ops/environment_*.h), on real
// prefixes built in a temporary folder from packages written here (a file:// channel indexed
// like any other): export (environment.yml and conda-lock), clone, removal and rename with
// conda's refusals, and creating from a file: every real file of shared/fixtures/envs and
// shared/fixtures/lockfiles read into the values the GUI turns into a solve or a plan.

#include "core/archive/package_writer.h"
#include "core/env/env_vars.h"
#include "core/env/environments.h"
#include "core/env/prefix.h"
#include "core/envfile/conda_lock.h"
#include "core/envfile/environment_file.h"
#include "core/envfile/explicit_file.h"
#include "core/ops/apply_change.h"
#include "core/ops/environment_copy.h"
#include "core/ops/environment_export.h"
#include "core/ops/environment_from_file.h"
#include "core/ops/environment_list.h"
#include "core/ops/environment_removal.h"
#include "core/ops/solve_inputs.h"
#include "core/repodata/channel_index.h"
#include "core/solver/solver.h"
#include "core/specs/channel.h"
#include "core/util/file_io.h"
#include "core/util/hash.h"
#include "core/util/strings.h"
#include "vector_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace envdesk;

namespace {

namespace fs = std::filesystem;

QByteArray messageOf(const util::Error& error)
{
    return QByteArray::fromStdString(error.message());
}

template <typename T>
QByteArray messageOf(const util::Result<T>& result)
{
    return result ? QByteArray("ok") : messageOf(result.error());
}

bool writeText(const std::string& path, const std::string& text)
{
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    return util::writeFileAtomically(path, text).ok();
}

std::string readText(const std::string& path)
{
    auto text = util::readFile(path);
    return text ? *text : std::string("<unreadable>");
}

std::vector<std::string> namesOf(const std::vector<specs::PackageRecord>& records)
{
    std::vector<std::string> names;
    for (const auto& record : records) {
        names.push_back(record.name);
    }
    return names;
}

std::vector<std::string> distsOf(const std::string& prefix)
{
    auto records = env::readPrefixRecords(prefix);
    std::vector<std::string> dists;
    if (records) {
        for (const auto& record : *records) {
            dists.push_back(record.distName());
        }
    }
    return dists;
}

std::vector<std::string> registryLines(const std::string& home)
{
    const std::string text = readText(env::defaultRegistry(home));
    std::vector<std::string> lines;
    for (const auto& line : util::split(text, '\n')) {
        if (!line.empty()) {
            lines.emplace_back(line);
        }
    }
    return lines;
}

bool contains(const std::vector<std::string>& list, const std::string& item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

QString fixtures(const QString& relative)
{
    return test::fixturesDir() + QStringLiteral("/") + relative;
}

// The files of a fixture folder, or a skip with a message when shared/ is absent.
#define REQUIRE_FIXTURE_DIR(relative)                                                              \
    do {                                                                                           \
        if (!QDir(fixtures(QStringLiteral(relative))).exists())                                    \
            QSKIP("../shared/fixtures/" relative " is absent: the real files cannot be read");     \
    } while (false)

} // namespace

class TestEnvironmentOps : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void pythonKeepsItsMinorVersionUnlessNamed();

    void exportsWhatThePrefixHolds();
    void exportsALockOfThisPlatform();
    void locksOtherPlatformsWithASolve();

    void clonesPackagesAndUserFiles();
    void cloneRefusals();

    void removalRefusals();
    void removesWithoutLeavingThePrefix();

    void renameRefusals();
    void renamesAndReplaces();
    void listsInstallationsTheVariableNames();
    void resolvesNamesAndPathsForBothFrontEnds();
    void targetIsTypedElseActiveElseRoot();

    void environmentYmlFixtures();
    void explicitFixtures();
    void condaLockFixtures();
    void pixiLocksAreRefused();
    void invalidSpecsNameFileAndLine();
    void fromFileValues();
    void completesRecordsFromTheArchives();
    void finishWritesVariablesAndNeedsPython();

private:
    std::string path(const char* relative) const
    {
        return m_root->filePath(QString::fromUtf8(relative)).toStdString();
    }
    specs::PackageRecord writeRecord(const std::string& name, std::vector<std::string> depends);
    // A new environment at `prefix` holding app and lib, app asked for.
    void makeEnvironment(const std::string& prefix);

    std::unique_ptr<QTemporaryDir> m_root;
    std::string m_channel;
    std::vector<specs::PackageRecord> m_records; // lib, app
    config::Config m_config;
    ops::ProtectedPrefixes m_protected;
    QByteArray m_savedHome;
    QByteArray m_savedCache;
};

// A package with a plain file and a file that names its prefix, and the record a channel would
// give for it.
specs::PackageRecord TestEnvironmentOps::writeRecord(const std::string& name,
                                                     std::vector<std::string> depends)
{
    archive::PackageSpec spec;
    spec.name = name;
    spec.version = "1.0";
    spec.build = "0";
    spec.depends = depends;
    spec.files = {{"share/" + name + "/data.txt", "data of " + name + "\n", false, false, false},
                  {"etc/" + name + ".cfg",
                   std::string("home = ") + archive::kPrefixPlaceholder + "/share/" + name + "\n",
                   false, false, true}};
    const auto written = archive::writePackage(spec, m_channel + "/noarch");
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
    record.channel = "file://" + m_channel;
    const auto bytes = util::readFile(*written);
    record.sha256 = bytes ? util::sha256Hex(*bytes) : std::string();
    record.size = bytes ? bytes->size() : 0;
    return record;
}

void TestEnvironmentOps::makeEnvironment(const std::string& prefix)
{
    ops::Change change;
    change.prefix = prefix;
    change.link = solver::dependencyOrder(m_records);
    change.userSpecs = {"app"};
    change.command = "test create";
    change.create = true;
    const auto applied = ops::applyChange(change, m_config, {}, {});
    QVERIFY2(applied, messageOf(applied).constData());
}

void TestEnvironmentOps::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    QVERIFY(m_root->isValid());
    // The registry (~/.conda/environments.txt) and the repodata cache are the test's own.
    m_savedHome = qgetenv("HOME");
    m_savedCache = qgetenv("XDG_CACHE_HOME");
    qputenv("HOME", m_root->path().toUtf8());
    qputenv("XDG_CACHE_HOME", m_root->filePath(QStringLiteral("cache")).toUtf8());

    m_channel = path("channel");
    m_records = {writeRecord("lib", {}), writeRecord("app", {"lib"})};
    QVERIFY(!m_records[0].sha256.empty() && !m_records[1].sha256.empty());
    repodata::IndexOptions index;
    index.subdirs = {"noarch", specs::currentPlatform(), "osx-arm64"};
    const auto indexed = repodata::indexChannel(m_channel, index);
    QVERIFY2(indexed, messageOf(indexed).constData());

    config::ConfigInputs inputs;
    inputs.homeDir = m_root->path().toStdString();
    inputs.systemDirs = {};
    inputs.overrides = {{"pkgs_dirs", {path("pkgs")}}};
    auto configuration = config::Config::load(inputs);
    QVERIFY2(configuration, messageOf(configuration).constData());
    m_config = *configuration;
    m_protected = {path("base"), path("envs/active")};
}

void TestEnvironmentOps::cleanup()
{
    qputenv("HOME", m_savedHome);
    if (m_savedCache.isEmpty()) {
        qunsetenv("XDG_CACHE_HOME");
    } else {
        qputenv("XDG_CACHE_HOME", m_savedCache);
    }
    m_root.reset();
}

// ---- export ----------------------------------------------------------------------------------

void TestEnvironmentOps::exportsWhatThePrefixHolds()
{
    const std::string prefix = path("envs/paper");
    makeEnvironment(prefix);
    QVERIFY(env::writeEnvironmentVariables(prefix, {{"DATA_DIR", "/srv/data"}, {"SEED", "42"}}));
    // One distribution pip installed, one conda did: only pip's is listed.
    const std::string site = prefix + "/lib/python3.12/site-packages/";
    QVERIFY(writeText(site + "requests-2.31.0.dist-info/METADATA",
                      "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\n"));
    QVERIFY(writeText(site + "requests-2.31.0.dist-info/INSTALLER", "pip\n"));
    QVERIFY(writeText(site + "six-1.16.0.dist-info/METADATA", "Name: six\nVersion: 1.16.0\n"));
    QVERIFY(writeText(site + "six-1.16.0.dist-info/INSTALLER", "conda\n"));

    auto full = ops::exportEnvironment(prefix, {}, m_config);
    QVERIFY2(full, messageOf(full).constData());
    QCOMPARE(*full->name, std::string("paper"));
    QCOMPARE(*full->prefix, prefix);
    QCOMPARE(full->dependencies, (std::vector<std::string>{"app=1.0=0", "lib=1.0=0"}));
    // The packages' channel, once though both come from it. The configured `defaults` is left
    // out: no package came from it (conda would list it, and a create from the file would then
    // need repo.anaconda.com).
    QCOMPARE(full->channels.size(), std::size_t{1});
    QVERIFY2(full->channels.front().rfind("file://", 0) == 0, full->channels.front().c_str());
    ops::ExportOptions askedForDefaults;
    askedForDefaults.channels = {"defaults"};
    auto withDefaults = ops::exportEnvironment(prefix, askedForDefaults, m_config);
    QVERIFY2(withDefaults, messageOf(withDefaults).constData());
    QCOMPARE(withDefaults->channels.size(), std::size_t{2});
    QCOMPARE(withDefaults->channels.back(), std::string("defaults"));

    QVERIFY(full->pip);
    QCOMPARE(*full->pip, std::vector<std::string>{"requests==2.31.0"});
    QCOMPARE(full->variables.size(), std::size_t{2});
    QCOMPARE(full->variables.front().second, std::string("/srv/data"));
    // The text reads back as the same file.
    const auto reread = envfile::parseEnvironmentFile(envfile::formatEnvironmentFile(*full),
                                                      "paper.yml", {specs::currentPlatform()});
    QVERIFY2(reread, messageOf(reread).constData());
    QCOMPARE(reread->dependencies, full->dependencies);
    QCOMPARE(reread->pip, full->pip);

    ops::ExportOptions options;
    options.name = "base";
    options.noBuilds = true;
    options.channels = {"conda-forge"};
    options.overrideChannels = true;
    auto noBuilds = ops::exportEnvironment(prefix, options, m_config);
    QVERIFY2(noBuilds, messageOf(noBuilds).constData());
    QCOMPARE(*noBuilds->name, std::string("base"));
    QCOMPARE(noBuilds->dependencies, (std::vector<std::string>{"app=1.0", "lib=1.0"}));
    // The packages' channels go in front of the listed ones.
    QCOMPARE(noBuilds->channels.size(), std::size_t{2});
    QCOMPARE(noBuilds->channels.back(), std::string("conda-forge"));

    options.ignoreChannels = true;
    options.fromHistory = true;
    auto asked = ops::exportEnvironment(prefix, options, m_config);
    QVERIFY2(asked, messageOf(asked).constData());
    QCOMPARE(asked->dependencies, std::vector<std::string>{"app"});
    QCOMPARE(asked->channels, std::vector<std::string>{"conda-forge"});
    QVERIFY(!asked->pip);

    QCOMPARE(ops::environmentName(prefix, prefix), std::string("base"));
    QCOMPARE(ops::environmentName(prefix, path("base")), std::string("paper"));

    const auto plain = ops::exportEnvironment(path("channel"), {}, m_config);
    QVERIFY(!plain);
    QVERIFY(plain.error().code == util::ErrorCode::NotFound);
    QCOMPARE(plain.error().context, path("channel"));

    // --from-history lists the channels typed in the history's commands, which the history
    // keeps masked: they are written without credentials, never masked or in clear.
    {
        QFile history(QString::fromStdString(prefix + "/conda-meta/history"));
        QVERIFY(history.open(QIODevice::Append));
        history.write("==> 2024-05-01 10:00:00 <==\n"
                      "# cmd: conda install -c https://user:secret@host.example/chan "
                      "--channel https://conda.anaconda.org/t/tk-123/private lib\n"
                      "# update specs: [\"lib\"]\n");
    }
    ops::ExportOptions fromHistory;
    fromHistory.fromHistory = true;
    auto typedChannels = ops::exportEnvironment(prefix, fromHistory, m_config);
    QVERIFY2(typedChannels, messageOf(typedChannels).constData());
    const std::string listed = util::join(typedChannels->channels, " ");
    QVERIFY2(listed.find("https://host.example/chan") != std::string::npos, listed.c_str());
    QVERIFY2(listed.find("private") != std::string::npos, listed.c_str());
    for (const char* secret : {"secret", "tk-123", "<PASSWORD>", "<TOKEN>", "user"}) {
        QVERIFY2(listed.find(secret) == std::string::npos, listed.c_str());
    }
}

void TestEnvironmentOps::exportsALockOfThisPlatform()
{
    const std::string prefix = path("envs/locked");
    makeEnvironment(prefix);
    auto lock = ops::exportLock(prefix, {{}, {"file://" + m_channel}, {}});
    QVERIFY2(lock, messageOf(lock).constData());
    const std::string platform = specs::currentPlatform();
    QCOMPARE(lock->platforms, std::vector<std::string>{platform});
    QCOMPARE(lock->channels, std::vector<std::string>{"file://" + m_channel});
    QCOMPARE(lock->packages.size(), std::size_t{2});
    // Dependencies first, each with what reinstalls it without a solve.
    QCOMPARE(lock->packages[0].name, std::string("lib"));
    QCOMPARE(lock->packages[1].name, std::string("app"));
    QCOMPARE(lock->packages[1].dependencies.size(), std::size_t{1});
    QCOMPARE(lock->packages[1].dependencies.front().second, std::string("*"));
    for (const auto& package : lock->packages) {
        QCOMPARE(package.platform, platform);
        QVERIFY(!package.url.empty() && !package.sha256.empty());
    }
    QCOMPARE(lock->contentHash.size(), std::size_t{1});

    // Written, read back, and read as a file to create from: the same exact packages.
    const std::string text = envfile::formatCondaLock(*lock);
    const auto fromFile = ops::readEnvironmentFromFile(path("conda-lock.yml"), text);
    QVERIFY2(fromFile, messageOf(fromFile).constData());
    QVERIFY(fromFile->kind == ops::EnvironmentFileKind::CondaLock);
    const auto& records = std::get<ops::RecordsFromFile>(fromFile->content);
    QCOMPARE(namesOf(records.records), (std::vector<std::string>{"lib", "app"}));
    QCOMPARE(records.records[1].sha256, m_records[1].sha256);
    QVERIFY(records.pip.empty());

    // A record without a URL could not be reinstalled from a lock.
    const std::string bare = path("envs/bare");
    QVERIFY(writeText(bare + "/conda-meta/x-1.0-0.json",
                      R"({"name": "x", "version": "1.0", "build": "0", "build_number": 0})"));
    const auto refused = ops::exportLock(bare, {});
    QVERIFY(!refused);
    QVERIFY(refused.error().code == util::ErrorCode::InvalidRecord);
    QVERIFY2(refused.error().detail.find("x-1.0-0") != std::string::npos,
             messageOf(refused).constData());
}

void TestEnvironmentOps::locksOtherPlatformsWithASolve()
{
    const std::string prefix = path("envs/multi");
    makeEnvironment(prefix);
    const std::string here = specs::currentPlatform();
    const std::string other = here == "osx-arm64" ? "linux-64" : "osx-arm64";

    ops::LockOptions options;
    options.platforms = {here, other};
    options.channels = {"file://" + m_channel};
    // Without a solve another platform cannot be locked: said so, naming it.
    auto unsolved = ops::exportLock(prefix, options);
    QVERIFY(!unsolved);
    QVERIFY2(unsolved.error().detail.find(other) != std::string::npos,
             messageOf(unsolved).constData());

    // The solve gets the history's requests and the lock's channels.
    std::vector<std::string> askedSpecs;
    std::vector<std::string> askedChannels;
    options.solveOther =
        [&](const std::vector<std::string>& specTexts, const std::vector<std::string>& channels,
            const std::string& platform) -> util::Result<std::vector<specs::PackageRecord>> {
        askedSpecs = specTexts;
        askedChannels = channels;
        specs::PackageRecord record = m_records[0];
        record.subdir = platform;
        return std::vector<specs::PackageRecord>{record};
    };
    auto faked = ops::exportLock(prefix, options);
    QVERIFY2(faked, messageOf(faked).constData());
    QCOMPARE(askedSpecs, std::vector<std::string>{"app"});
    QCOMPARE(askedChannels, options.channels);
    QCOMPARE(faked->packages.size(), std::size_t{3});
    QCOMPARE(faked->packages.back().platform, other);
    QCOMPARE(faked->contentHash.size(), std::size_t{2});

    // The solver of this process, on the file:// channel: app and its dependency, noarch.
    options.solveOther = ops::inProcessSolve(m_config);
    options.platforms = {other};
    auto solved = ops::exportLock(prefix, options);
    QVERIFY2(solved, messageOf(solved).constData());
    QCOMPARE(solved->platforms, std::vector<std::string>{other});
    std::vector<std::string> names;
    for (const auto& package : solved->packages) {
        names.push_back(package.name);
        QCOMPARE(package.platform, other);
        QVERIFY2(package.url.find("/noarch/") != std::string::npos, package.url.c_str());
        QVERIFY(!package.sha256.empty() || !package.md5.empty());
    }
    QCOMPARE(names, (std::vector<std::string>{"lib", "app"}));

    // Nothing fits: the solver's explanation, naming the platform.
    const auto conflict = ops::inProcessSolve(m_config)({"app>=2"}, options.channels, other);
    QVERIFY(!conflict);
    QVERIFY2(conflict.error().detail.find("cannot be solved for " + other) != std::string::npos,
             messageOf(conflict).constData());
}

// ---- clone -------------------------------------------------------------------------------------

void TestEnvironmentOps::clonesPackagesAndUserFiles()
{
    const std::string source = path("envs/src");
    makeEnvironment(source);
    // A file of the user's, naming the prefix: a clone carries it over, re-pointed.
    QVERIFY(writeText(source + "/etc/notes.cfg", "data = " + source + "/share/data\n"));
    const std::string target = path("envs/copy");

    auto plan = ops::planClone(source, target, m_config.pkgsDirs());
    QVERIFY2(plan, messageOf(plan).constData());
    QCOMPARE(plan->source, source);
    QCOMPARE(plan->plan.prefix, target);
    QCOMPARE(namesOf(plan->plan.link), (std::vector<std::string>{"lib", "app"}));
    QVERIFY(plan->plan.unlink.empty());
    QVERIFY(plan->plan.fetch.empty()); // the cache holds both
    QCOMPARE(plan->userSpecs, std::vector<std::string>{"app"});
    const ops::Change change = ops::cloneChange(*plan, "clone");
    QVERIFY(change.create);
    QCOMPARE(change.userSpecs, plan->userSpecs);
    QCOMPARE(change.prefix, target);

    std::vector<ops::ApplyProgress::Phase> phases;
    auto cloned = ops::cloneEnvironment(
        source, target, m_config,
        [&](const ops::ApplyProgress& progress) { phases.push_back(progress.phase); }, {});
    QVERIFY2(cloned, messageOf(cloned).constData());
    QVERIFY(std::holds_alternative<ops::CloneOutcome>(*cloned));
    QCOMPARE(std::get<ops::CloneOutcome>(*cloned).filesCopied, std::size_t{1});
    QVERIFY(std::find(phases.begin(), phases.end(), ops::ApplyProgress::Phase::Link)
            != phases.end());
    QCOMPARE(distsOf(target), distsOf(source));
    QCOMPARE(readText(target + "/etc/notes.cfg"), "data = " + target + "/share/data\n");
    QCOMPARE(readText(target + "/etc/app.cfg"), "home = " + target + "/share/app\n");
    QCOMPARE(readText(source + "/etc/notes.cfg"), "data = " + source + "/share/data\n");
    // The requests carry over, and the copy is registered.
    QCOMPARE(env::readRequestedSpecs(target).valueOr(std::vector<std::string>{}),
             std::vector<std::string>{"app"});
    QVERIFY(contains(registryLines(m_root->path().toStdString()), target));
}

void TestEnvironmentOps::cloneRefusals()
{
    const std::string source = path("envs/src");
    makeEnvironment(source);
    auto refused = ops::checkClone(source, source + "/inner");
    QVERIFY(refused);
    QVERIFY(refused->reason == ops::Refusal::Reason::Nested);
    QVERIFY2(refused->message.find("inside one another") != std::string::npos,
             refused->message.c_str());
    refused = ops::checkClone(source, path("envs"));
    QVERIFY(refused);
    QVERIFY(refused->reason == ops::Refusal::Reason::Nested);

    refused = ops::checkClone(path("channel"), path("envs/copy"));
    QVERIFY(refused);
    QVERIFY(refused->reason == ops::Refusal::Reason::NotAnEnvironment);
    QCOMPARE(refused->message, "Not a conda environment to clone: " + path("channel"));
    QVERIFY(!ops::checkClone(source, path("envs/copy")));

    // A refusal is an outcome: nothing is made.
    auto cloned = ops::cloneEnvironment(source, source + "/inner", m_config, {}, {});
    QVERIFY2(cloned, messageOf(cloned).constData());
    QVERIFY(std::holds_alternative<ops::Refusal>(*cloned));
    QVERIFY(!QFileInfo::exists(QString::fromStdString(source + "/inner")));

    // An unreadable history is an error naming it.
    QVERIFY(writeText(source + "/conda-meta/history", "==> 2024 <==\n# cmd: x\n# update specs: ["));
    const auto broken = ops::planClone(source, path("envs/copy"), m_config.pkgsDirs());
    QVERIFY(!broken);
    QVERIFY2(broken.error().context.rfind(source + "/conda-meta/history", 0) == 0,
             messageOf(broken).constData());
}

// ---- removal -----------------------------------------------------------------------------------

void TestEnvironmentOps::removalRefusals()
{
    const std::string active = path("envs/active");
    makeEnvironment(active);
    const std::string base = path("base");
    makeEnvironment(base);
    const std::string other = path("envs/other");
    makeEnvironment(other);
    using Reason = ops::Refusal::Reason;

    auto refused = ops::checkRemovable(base, m_protected, "remove");
    QVERIFY(refused && refused->reason == Reason::Base);
    QCOMPARE(refused->message, "cannot remove the base environment (" + base + ")");
    refused = ops::checkRemovable(active, m_protected, "rename");
    QVERIFY(refused && refused->reason == Reason::Active);
    QCOMPARE(refused->message,
             "cannot rename the active environment: deactivate it first (" + active + ")");
    // A link to an environment: deleting through it would reach the folder it points to.
    const std::string link = path("envs/link");
    fs::create_directory_symlink(other, link);
    refused = ops::checkRemovable(link, m_protected, "remove");
    QVERIFY(refused && refused->reason == Reason::SymbolicLink);
    QVERIFY2(refused->message.find("symbolic link") != std::string::npos, refused->message.c_str());
    refused = ops::checkRemovable(path("channel"), m_protected, "remove");
    QVERIFY(refused && refused->reason == Reason::NotAnEnvironment);
    QCOMPARE(refused->message, "Not a conda environment: " + path("channel"));
    QVERIFY(!ops::checkRemovable(other, m_protected, "remove"));
    // With nothing active, only the base is protected.
    QVERIFY(!ops::checkRemovable(active, {base, {}}, "remove"));

    // The whole removal refuses the same, and changes nothing.
    for (const std::string& prefix : {base, active, link, path("channel")}) {
        auto removed = ops::removeEnvironment(prefix, m_protected, m_config, {}, {});
        QVERIFY2(removed, messageOf(removed).constData());
        QVERIFY2(std::holds_alternative<ops::Refusal>(*removed), prefix.c_str());
    }
    QVERIFY(env::isEnvironment(base) && env::isEnvironment(active) && env::isEnvironment(other));
    QVERIFY(QFileInfo::exists(QString::fromStdString(path("channel/noarch/repodata.json"))));

    // The folder step alone never goes through a link either.
    const auto deleted = ops::deleteEnvironmentFolder(link, {});
    QVERIFY(!deleted);
    QVERIFY(deleted.error().code == util::ErrorCode::IoError);
    QVERIFY(env::isEnvironment(other));
}

void TestEnvironmentOps::removesWithoutLeavingThePrefix()
{
    const std::string prefix = path("envs/doomed");
    makeEnvironment(prefix);
    const std::string home = m_root->path().toStdString();
    QVERIFY(contains(registryLines(home), prefix));
    // Links out of the prefix: a folder and a file the user keeps elsewhere.
    const std::string outside = path("precious");
    QVERIFY(writeText(outside + "/data.csv", "1,2,3\n"));
    fs::create_directory_symlink(outside, prefix + "/data");
    fs::create_symlink(outside + "/data.csv", prefix + "/x.csv");

    auto plan = ops::planRemoval(prefix, m_config.pkgsDirs());
    QVERIFY2(plan, messageOf(plan).constData());
    QCOMPARE(namesOf(plan->unlink), (std::vector<std::string>{"app", "lib"}));
    QVERIFY(plan->link.empty());
    const ops::Change change = ops::removalChange(*plan, "remove");
    QVERIFY(change.remove && change.link.empty());
    QCOMPARE(change.unlink.size(), std::size_t{2});

    auto removed = ops::removeEnvironment(prefix, m_protected, m_config, {}, {});
    QVERIFY2(removed, messageOf(removed).constData());
    QVERIFY(std::holds_alternative<ops::RemovalOutcome>(*removed));
    QVERIFY(std::get<ops::RemovalOutcome>(*removed).packages);
    QVERIFY(!QFileInfo::exists(QString::fromStdString(prefix)));
    QCOMPARE(readText(outside + "/data.csv"), std::string("1,2,3\n"));
    QVERIFY(!contains(registryLines(home), prefix));

    // An environment without packages: just the folder.
    const std::string empty = path("envs/empty");
    QVERIFY(writeText(empty + "/conda-meta/history", ""));
    auto emptied = ops::removeEnvironment(empty, m_protected, m_config, {}, {});
    QVERIFY2(emptied, messageOf(emptied).constData());
    QVERIFY(!std::get<ops::RemovalOutcome>(*emptied).packages);
    QVERIFY(!QFileInfo::exists(QString::fromStdString(empty)));
}

// ---- rename ------------------------------------------------------------------------------------

void TestEnvironmentOps::renameRefusals()
{
    const std::string source = path("envs/src");
    makeEnvironment(source);
    const std::string existing = path("envs/existing");
    makeEnvironment(existing);
    using Reason = ops::Refusal::Reason;
    const auto reasonOf = [&](const std::string& from, const std::string& to, bool replace) {
        const auto refused = ops::checkRename(from, to, replace, m_protected);
        return refused ? std::optional<Reason>(refused->reason) : std::nullopt;
    };
    QCOMPARE(reasonOf(source, source, false), std::optional<Reason>(Reason::SameEnvironment));
    QCOMPARE(reasonOf(source, source + "/inner", false), std::optional<Reason>(Reason::Nested));
    QCOMPARE(reasonOf(source, path("envs"), true), std::optional<Reason>(Reason::Nested));
    QCOMPARE(reasonOf(source, existing, false), std::optional<Reason>(Reason::DestinationExists));
    QCOMPARE(reasonOf(path("base"), path("envs/new"), false), std::optional<Reason>(Reason::Base));
    QCOMPARE(reasonOf(path("envs/absent"), path("envs/new"), false),
             std::optional<Reason>(Reason::NotAnEnvironment));
    QCOMPARE(reasonOf(source, existing, true), std::optional<Reason>());
    QCOMPARE(reasonOf(source, path("envs/new"), false), std::optional<Reason>());
    // Replacing is removing: a folder that is no environment is never replaced.
    QVERIFY(writeText(path("plain/keep.txt"), "keep\n"));
    QCOMPARE(reasonOf(source, path("plain"), true),
             std::optional<Reason>(Reason::NotAnEnvironment));
    const auto exists = ops::checkRename(source, existing, false, m_protected);
    QVERIFY(exists);
    QCOMPARE(exists->message, "the environment " + existing + " already exists");

    // The stages every front end runs, in conda's order: a replaced destination goes first,
    // the source only after the copy is whole.
    using Kind = ops::RenameStage::Kind;
    const auto stagesOf = [&](const std::string& to, bool replace) {
        std::vector<std::pair<Kind, std::string>> stages;
        auto decided = ops::decideRename(source, to, replace, m_protected);
        if (const auto* plan = std::get_if<ops::RenamePlan>(&decided)) {
            for (const auto& stage : plan->stages) {
                stages.emplace_back(stage.kind, stage.prefix);
            }
        }
        return stages;
    };
    using Stages = std::vector<std::pair<Kind, std::string>>;
    QCOMPARE(stagesOf(path("envs/new"), true),
             (Stages{{Kind::Clone, path("envs/new")}, {Kind::RemoveSource, source}}));
    QCOMPARE(stagesOf(existing, true), (Stages{{Kind::RemoveDestination, existing},
                                               {Kind::Clone, existing},
                                               {Kind::RemoveSource, source}}));
    QVERIFY(stagesOf(existing, false).empty()); // refused
    const auto plan = ops::planRename(source, existing, true);
    QVERIFY(ops::renameFailure(plan, Kind::Clone, "disk full").find(source + " is unchanged")
            != std::string::npos);
    QVERIFY(ops::renameFailure(plan, Kind::RemoveSource, "busy")
                .find("copied to " + existing + ", but " + source)
            != std::string::npos);

    // A source that cannot be copied (a record that cannot be read) is refused before a
    // replaced destination is deleted.
    const std::string broken = path("envs/broken");
    makeEnvironment(broken);
    QVERIFY(writeText(broken + "/conda-meta/bad-1.0-0.json", "{ not json"));
    auto refusedCopy =
        ops::renameEnvironment(broken, existing, true, m_protected, m_config, {}, {});
    QVERIFY(!refusedCopy || std::holds_alternative<ops::Refusal>(*refusedCopy));
    QVERIFY(env::isEnvironment(existing));
    QVERIFY(env::isEnvironment(broken));

    auto renamed =
        ops::renameEnvironment(source, path("plain"), true, m_protected, m_config, {}, {});
    QVERIFY2(renamed, messageOf(renamed).constData());
    QVERIFY(std::holds_alternative<ops::Refusal>(*renamed));
    QCOMPARE(readText(path("plain/keep.txt")), std::string("keep\n"));
    QVERIFY(env::isEnvironment(source));
}

void TestEnvironmentOps::renamesAndReplaces()
{
    const std::string source = path("envs/src");
    makeEnvironment(source);
    QVERIFY(writeText(source + "/etc/notes.cfg", "data = " + source + "/share/data\n"));
    const std::string home = m_root->path().toStdString();
    const std::string renamed = path("envs/renamed");
    const auto before = distsOf(source);

    auto outcome = ops::renameEnvironment(source, renamed, false, m_protected, m_config, {}, {});
    QVERIFY2(outcome, messageOf(outcome).constData());
    QVERIFY(std::holds_alternative<ops::RenameOutcome>(*outcome));
    QVERIFY(!std::get<ops::RenameOutcome>(*outcome).replaced);
    QVERIFY(!QFileInfo::exists(QString::fromStdString(source)));
    QCOMPARE(distsOf(renamed), before);
    QCOMPARE(readText(renamed + "/etc/notes.cfg"), "data = " + renamed + "/share/data\n");
    QVERIFY(contains(registryLines(home), renamed));
    QVERIFY(!contains(registryLines(home), source));

    // Onto an existing environment, replacing it.
    const std::string other = path("envs/other");
    makeEnvironment(other);
    QVERIFY(writeText(other + "/only-here.txt", "x\n"));
    outcome = ops::renameEnvironment(renamed, other, true, m_protected, m_config, {}, {});
    QVERIFY2(outcome, messageOf(outcome).constData());
    QVERIFY(std::get<ops::RenameOutcome>(*outcome).replaced);
    QVERIFY(!QFileInfo::exists(QString::fromStdString(renamed)));
    QVERIFY(!QFileInfo::exists(QString::fromStdString(other + "/only-here.txt")));
    QCOMPARE(readText(other + "/etc/notes.cfg"), "data = " + other + "/share/data\n");
    QCOMPARE(distsOf(other), before);
}

// ---- create from a file ------------------------------------------------------------------------

void TestEnvironmentOps::environmentYmlFixtures()
{
    REQUIRE_FIXTURE_DIR("envs");
    const QDir dir(fixtures(QStringLiteral("envs")));
    const QStringList files = dir.entryList(QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    // Every variable is known, so no `$` is left in a channel.
    const auto lookup = [](const std::string& name) -> std::optional<std::string> {
        return "value-of-" + name;
    };
    for (const QString& name : files) {
        const std::string file = dir.filePath(name).toStdString();
        const std::string text = readText(file);
        QVERIFY2(ops::environmentFileKind(file, text) == ops::EnvironmentFileKind::EnvironmentYml,
                 file.c_str());
        const auto read = ops::readEnvironmentFromFile(file, text, {"linux-64", lookup});
        QVERIFY2(read, (file + ": " + messageOf(read).toStdString()).c_str());
        QVERIFY(read->kind == ops::EnvironmentFileKind::EnvironmentYml);
        const auto& solve = std::get<ops::SolveFromFile>(read->content);
        // The same as the file says, channels expanded and nodefaults taken out.
        const auto parsed = envfile::parseEnvironmentFile(text, file, {"linux-64"});
        QVERIFY(parsed);
        QCOMPARE(solve.name, parsed->name);
        QCOMPARE(solve.specs, parsed->dependencies);
        QCOMPARE(solve.pip, parsed->pip);
        QCOMPARE(solve.variables, parsed->variables);
        QCOMPARE(solve.warnings, parsed->warnings);
        QCOMPARE(solve.noDefaults, contains(parsed->channels, "nodefaults"));
        QCOMPARE(solve.channels.size(),
                 parsed->channels.size() - (solve.noDefaults ? std::size_t{1} : std::size_t{0}));
        for (const auto& channel : solve.channels) {
            QVERIFY2(channel != "nodefaults" && channel.find('$') == std::string::npos,
                     (file + ": " + channel).c_str());
        }
        // The solve it asks for creates an environment from the file's specs.
        const auto request = ops::changeRequestFor(solve, "/tmp/new", m_config);
        QVERIFY(request.create);
        QCOMPARE(request.specs, solve.specs);
    }
}

void TestEnvironmentOps::explicitFixtures()
{
    REQUIRE_FIXTURE_DIR("lockfiles/explicit");
    const QDir dir(fixtures(QStringLiteral("lockfiles/explicit")));
    const QStringList files = dir.entryList(QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString& name : files) {
        const std::string file = dir.filePath(name).toStdString();
        const std::string text = readText(file);
        QVERIFY2(ops::environmentFileKind(file, text) == ops::EnvironmentFileKind::Explicit,
                 file.c_str());
        const auto parsed = envfile::parseExplicitFile(text, file);
        QVERIFY2(parsed, messageOf(parsed).constData());
        const std::string platform = parsed->platform.value_or("linux-64");
        const auto read = ops::readEnvironmentFromFile(file, text, {platform, {}});
        QVERIFY2(read, (file + ": " + messageOf(read).toStdString()).c_str());
        const auto& records = std::get<ops::RecordsFromFile>(read->content);
        QCOMPARE(records.records.size(), envfile::lockedPackages(*parsed).size());
        QVERIFY(records.pip.empty());
        for (const auto& record : records.records) {
            QVERIFY2(!record.name.empty() && !record.version.empty() && !record.build.empty(),
                     record.url.c_str());
            QVERIFY2(record.url.find("://") != std::string::npos, record.url.c_str());
            QVERIFY2(record.url.size() > record.fn.size()
                         && record.url.compare(record.url.size() - record.fn.size(),
                                               record.fn.size(), record.fn)
                                == 0,
                     record.url.c_str());
        }
        // Written for one platform, it is refused on another, naming the file and both.
        if (parsed->platform) {
            const std::string other = platform == "linux-aarch64" ? "linux-64" : "linux-aarch64";
            const auto refused = ops::readEnvironmentFromFile(file, text, {other, {}});
            QVERIFY2(!refused, file.c_str());
            QVERIFY(refused.error().code == util::ErrorCode::NotFound);
            QCOMPARE(refused.error().message(),
                     file + " was written for " + platform + ", this machine is " + other);
        }
    }
}

void TestEnvironmentOps::condaLockFixtures()
{
    REQUIRE_FIXTURE_DIR("lockfiles/conda-lock");
    const QDir dir(fixtures(QStringLiteral("lockfiles/conda-lock")));
    const QStringList files =
        dir.entryList({QStringLiteral("*.yml"), QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString& name : files) {
        const std::string file = dir.filePath(name).toStdString();
        const std::string text = readText(file);
        const auto lock = envfile::parseCondaLock(text, file);
        // One with a bad `version:` does not even look like a lock.
        QVERIFY2(ops::environmentFileKind(file, text) == ops::EnvironmentFileKind::CondaLock
                     || name == QStringLiteral("mamba__bad_version-lock.yaml"),
                 file.c_str());
        if (!lock) {
            // What the reader rejects is rejected here too, naming the file and the place.
            QVERIFY2(name.startsWith(QStringLiteral("mamba__bad_")), messageOf(lock).constData());
            if (ops::environmentFileKind(file, text) != ops::EnvironmentFileKind::CondaLock) {
                continue; // a lone `version: -1` is taken for environment.yml, as conda would
            }
            const auto read = ops::readEnvironmentFromFile(file, text, {"linux-64", {}});
            QVERIFY(!read);
            QVERIFY(read.error().code == util::ErrorCode::ParseError);
            QVERIFY2(read.error().context.rfind(file + ":", 0) == 0, messageOf(read).constData());
            continue;
        }
        for (const auto& platform : lock->platforms) {
            const auto read = ops::readEnvironmentFromFile(file, text, {platform, {}});
            QVERIFY2(read, (file + ": " + messageOf(read).toStdString()).c_str());
            const auto& records = std::get<ops::RecordsFromFile>(read->content);
            std::size_t conda = 0;
            std::size_t pip = 0;
            for (const auto& package : lock->packages) {
                if (package.platform == platform && package.category == "main"
                    && !package.optional) {
                    ++(package.manager == "pip" ? pip : conda);
                }
            }
            QCOMPARE(records.records.size(), conda);
            QCOMPARE(records.pip.size(), pip == 0 ? std::size_t{0} : pip + 1);
            if (pip > 0) {
                QCOMPARE(records.pip.front(), std::string("--no-deps"));
            }
            for (const auto& record : records.records) {
                QVERIFY2(!record.url.empty() && (!record.md5.empty() || !record.sha256.empty()),
                         record.name.c_str());
            }
        }
        // A platform the file does not lock: NotFound, listing those it does.
        const auto refused = ops::readEnvironmentFromFile(file, text, {"linux-s390x", {}});
        QVERIFY(!refused);
        QVERIFY(refused.error().code == util::ErrorCode::NotFound);
        for (const auto& platform : lock->platforms) {
            QVERIFY2(refused.error().detail.find(platform) != std::string::npos,
                     messageOf(refused).constData());
        }
    }
}

// Read as environment.yml (or as a spec list) a pixi.lock gave errors about its own keys.
void TestEnvironmentOps::pixiLocksAreRefused()
{
    const QDir dir(fixtures(QStringLiteral("lockfiles/pixi")));
    const QStringList files =
        dir.entryList({QStringLiteral("*.lock"), QStringLiteral("*.yml")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() > 10);
    for (const QString& name : files) {
        if (name.startsWith(QStringLiteral("rattler-lock_forward-compatible"))) {
            continue; // conda-lock's layout (metadata:, package:), read as conda-lock
        }
        const std::string file = dir.filePath(name).toStdString();
        const std::string text = readText(file);
        QVERIFY2(ops::environmentFileKind(file, text) == ops::EnvironmentFileKind::PixiLock,
                 file.c_str());
        const auto read = ops::readEnvironmentFromFile(file, text, {"linux-64", {}});
        QVERIFY(!read);
        QCOMPARE(read.error().context, file);
        QVERIFY2(read.error().detail.find("pixi.lock files are not supported") == 0,
                 messageOf(read).constData());
    }
    // By its name alone too: an empty pixi.lock is no spec list.
    const std::string named = path("pixi.lock");
    QVERIFY(ops::environmentFileKind(named, "") == ops::EnvironmentFileKind::PixiLock);
    QVERIFY(ops::environmentFileKind(path("x.pixi.lock"), "numpy\n")
            == ops::EnvironmentFileKind::PixiLock);
    QVERIFY(ops::environmentFileKind(path("pixi.lock.txt"), "numpy\n")
            == ops::EnvironmentFileKind::SpecList);
}

// The solve would refuse them without saying where they came from.
void TestEnvironmentOps::invalidSpecsNameFileAndLine()
{
    const std::string yml = path("environment.yml");
    auto read = ops::readEnvironmentFromFile(yml,
                                             "name: x\n"
                                             "dependencies:\n"
                                             "  - numpy\n"
                                             "  - 'python >=3.9,,<3.13'  # the culprit\n"
                                             "  - pip:\n"
                                             "    - requests\n",
                                             {"linux-64", {}});
    QVERIFY(!read);
    QVERIFY(read.error().code == util::ErrorCode::InvalidMatchSpec);
    QVERIFY2(read.error().message().find(yml + ":4: 'python >=3.9,,<3.13': ") == 0,
             messageOf(read).constData());

    const std::string list = path("specs.txt");
    read = ops::readEnvironmentFromFile(list, "# specs\nnumpy\n\nscipy >=1.0,,\n");
    QVERIFY(!read);
    QVERIFY(read.error().code == util::ErrorCode::InvalidMatchSpec);
    QVERIFY2(read.error().message().find(list + ":4: 'scipy >=1.0,,': ") == 0,
             messageOf(read).constData());
}

void TestEnvironmentOps::fromFileValues()
{
    // A spec list: one per line, comments and blank lines skipped.
    const std::string list = path("specs.txt");
    auto read = ops::readEnvironmentFromFile(list, "# made by hand\nnumpy >=1.26  # why\n\n"
                                                   "  python=3.12\n");
    QVERIFY2(read, messageOf(read).constData());
    QVERIFY(read->kind == ops::EnvironmentFileKind::SpecList);
    QCOMPARE(std::get<ops::SolveFromFile>(read->content).specs,
             (std::vector<std::string>{"numpy >=1.26", "python=3.12"}));
    read = ops::readEnvironmentFromFile(list, "# nothing\n\n");
    QVERIFY(!read);
    QCOMPARE(read.error().message(), list + ": no package specs in the file");

    // environment.yml: channels expanded, nodefaults a flag, the rest as written.
    const std::string yml = path("project/environment.yml");
    read = ops::readEnvironmentFromFile(
        yml,
        "name: paper\nchannels:\n  - ${CHANNEL}\n  - nodefaults\ndependencies:\n  - python=3.12\n"
        "  - pip:\n    - requests\nvariables:\n  SEED: '42'\n",
        {"linux-64", [](const std::string& name) -> std::optional<std::string> {
             return name == "CHANNEL" ? std::optional<std::string>("bioconda") : std::nullopt;
         }});
    QVERIFY2(read, messageOf(read).constData());
    auto solve = std::get<ops::SolveFromFile>(read->content);
    QCOMPARE(solve.name, std::optional<std::string>("paper"));
    QCOMPARE(solve.channels, std::vector<std::string>{"bioconda"});
    QVERIFY(solve.noDefaults);
    QCOMPARE(solve.specs, std::vector<std::string>{"python=3.12"});
    QCOMPARE(solve.pip, std::optional<std::vector<std::string>>({"requests"}));
    QCOMPARE(solve.variables.size(), std::size_t{1});

    // The solve: the file's channels, then the configured ones unless nodefaults.
    config::ConfigInputs inputs;
    inputs.homeDir = m_root->path().toStdString();
    inputs.systemDirs = {};
    inputs.overrides = {{"channels", {"conda-forge"}}};
    const auto configured = config::Config::load(inputs);
    QVERIFY(configured);
    auto request = ops::changeRequestFor(solve, "/tmp/paper", *configured);
    QCOMPARE(request.prefix, std::string("/tmp/paper"));
    QVERIFY(request.create);
    QCOMPARE(request.channels, std::vector<std::string>{"bioconda"});
    solve.noDefaults = false;
    request = ops::changeRequestFor(solve, "/tmp/paper", *configured);
    QCOMPARE(request.channels, (std::vector<std::string>{"bioconda", "conda-forge"}));

    // An explicit file: local paths are file:// URLs beside the file.
    const std::string explicitFile = path("project/spec.txt");
    const std::string md5(32, 'a');
    read = ops::readEnvironmentFromFile(
        explicitFile, "# platform: linux-64\n@EXPLICIT\npkgs/zlib-1.2.13-h0.conda#" + md5 + "\n",
        {"linux-64", {}});
    QVERIFY2(read, messageOf(read).constData());
    QVERIFY(read->kind == ops::EnvironmentFileKind::Explicit);
    const auto& records = std::get<ops::RecordsFromFile>(read->content).records;
    QCOMPARE(records.size(), std::size_t{1});
    QCOMPARE(records[0].url, "file://" + path("project/pkgs/zlib-1.2.13-h0.conda"));
    QCOMPARE(records[0].fn, std::string("zlib-1.2.13-h0.conda"));
    QCOMPARE(records[0].name, std::string("zlib"));
    QCOMPARE(records[0].md5, md5);
    read = ops::readEnvironmentFromFile(explicitFile, "@EXPLICIT\n");
    QVERIFY(!read);
    QCOMPARE(read.error().message(), explicitFile + ": no packages after @EXPLICIT");
    read = ops::readEnvironmentFromFile(explicitFile, "@EXPLICIT\nhttps://example.org/not a pkg\n");
    QVERIFY(!read);
    QVERIFY2(read.error().context.rfind(explicitFile + ":2", 0) == 0, messageOf(read).constData());
}

void TestEnvironmentOps::completesRecordsFromTheArchives()
{
    const std::string file = path("app.txt");
    const auto& app = m_records[1];
    auto read = ops::readEnvironmentFromFile(
        file, "@EXPLICIT\n" + app.url + "#sha256:" + app.sha256 + "\n", {"linux-64", {}});
    QVERIFY2(read, messageOf(read).constData());
    auto records = std::get<ops::RecordsFromFile>(read->content).records;
    QVERIFY(records[0].depends.empty()); // the file does not say
    std::vector<ops::ApplyProgress::Phase> phases;
    auto completed = ops::completeRecords(
        records, m_config, false,
        [&](const ops::ApplyProgress& progress) { phases.push_back(progress.phase); }, {});
    QVERIFY2(completed, messageOf(completed).constData());
    QCOMPARE(completed->size(), std::size_t{1});
    QCOMPARE(completed->front().depends, std::vector<std::string>{"lib"});
    QCOMPARE(completed->front().subdir, std::string("noarch"));
    QVERIFY(!phases.empty());

    // A wrong checksum is refused, naming the package.
    records[0].sha256 = std::string(64, '0');
    QVERIFY(QDir(m_root->filePath(QStringLiteral("pkgs"))).removeRecursively());
    const auto refused = ops::completeRecords(records, m_config, false, {}, {});
    QVERIFY(!refused);
    QVERIFY2(refused.error().message().find("app") != std::string::npos,
             messageOf(refused).constData());
}

void TestEnvironmentOps::finishWritesVariablesAndNeedsPython()
{
    const std::string prefix = path("envs/finished");
    makeEnvironment(prefix);
    ops::EnvironmentFromFile file;
    ops::SolveFromFile solve;
    solve.variables = {{"SEED", "42"}};
    file.content = solve;
    auto finished = ops::finishFromFile(prefix, file, path("environment.yml"), m_config, {});
    QVERIFY2(finished, messageOf(finished).constData());
    QVERIFY(finished->empty());
    const auto variables = env::readEnvironmentVariables(prefix);
    QVERIFY(variables);
    QCOMPARE(variables->size(), std::size_t{1});
    QCOMPARE(variables->front().second, std::string("42"));

    // The pip: section runs the environment's own python, which this one lacks: said so.
    solve.pip = std::vector<std::string>{"requests"};
    file.content = solve;
    finished = ops::finishFromFile(prefix, file, path("environment.yml"), m_config, {});
    QVERIFY(!finished);
    QVERIFY2(finished.error().message().find(path("environment.yml")) != std::string::npos
                 && finished.error().message().find("python") != std::string::npos,
             messageOf(finished).constData());

    // A lock without pip packages has nothing to finish.
    file.content = ops::RecordsFromFile{};
    finished = ops::finishFromFile(prefix, file, path("conda-lock.yml"), m_config, {});
    QVERIFY2(finished && finished->empty(), messageOf(finished).constData());
}

// conda's rule: a change keeps the installed python's minor version unless python is named.
void TestEnvironmentOps::pythonKeepsItsMinorVersionUnlessNamed()
{
    specs::PackageRecord python;
    python.name = "python";
    python.version = "3.10.14";
    const std::vector<specs::PackageRecord> installed = {python};
    using Kind = solver::Request::Kind;
    QCOMPARE(ops::pythonMinorPin(installed, {"numpy"}, Kind::Install),
             std::optional<std::string>("python 3.10.*"));
    QCOMPARE(ops::pythonMinorPin(installed, {}, Kind::UpdateAll),
             std::optional<std::string>("python 3.10.*"));
    QCOMPARE(ops::pythonMinorPin(installed, {"python", "numpy"}, Kind::Install), std::nullopt);
    QCOMPARE(ops::pythonMinorPin(installed, {"numpy"}, Kind::Remove), std::nullopt);
    QCOMPARE(ops::pythonMinorPin({}, {"numpy"}, Kind::Install), std::nullopt);
}

// Both front ends list environments through ops::listEnvironments: an installation outside the
// usual places is found when ENVDESK_INSTALLATIONS names it (the window ignored it before).
void TestEnvironmentOps::listsInstallationsTheVariableNames()
{
    const std::string root = path("odd-place/miniforge");
    makeEnvironment(root);
    makeEnvironment(root + "/envs/work");
    config::ConfigInputs inputs;
    inputs.homeDir = path("home");
    auto configuration = config::Config::fromSources({}, inputs);
    QVERIFY(configuration);
    const auto holds = [](const std::vector<env::EnvironmentInfo>& all, const std::string& prefix) {
        return std::any_of(all.begin(), all.end(),
                           [&](const env::EnvironmentInfo& info) { return info.prefix == prefix; });
    };
    auto all = ops::listEnvironments(inputs, *configuration);
    QVERIFY(!holds(all, root));
    inputs.env["ENVDESK_INSTALLATIONS"] = "/nonexistent:" + root;
    all = ops::listEnvironments(inputs, *configuration);
    QVERIFY(holds(all, root));
    QVERIFY(holds(all, root + "/envs/work"));
}

// The CLI's -n/-p and the window's name fields resolve through one function: a name to the envs
// dir that holds it, `base` to the root, a relative path from the current folder of the inputs
// (the window resolved without one before).
// conda's determine_target_prefix, decided in ops: -n/-p, else the active environment, else the
// root; and for what must already be an environment, conda's two ways of saying it is not.
void TestEnvironmentOps::targetIsTypedElseActiveElseRoot()
{
    QVERIFY(QDir().mkpath(QString::fromStdString(path("root/envs/ml/conda-meta"))));
    QVERIFY(QDir().mkpath(QString::fromStdString(path("root/conda-meta"))));
    QVERIFY(QDir().mkpath(QString::fromStdString(path("plain"))));
    config::ConfigInputs inputs;
    inputs.homeDir = path("home");
    inputs.currentDir = path("home");
    auto configuration = config::Config::fromSources({}, inputs);
    QVERIFY(configuration);
    using Kind = env::PrefixChoice::Kind;
    QVERIFY(!ops::targetPrefix(std::nullopt, inputs, *configuration)); // nothing at all
    inputs.rootPrefix = path("root");
    QCOMPARE(*ops::targetPrefix(std::nullopt, inputs, *configuration), path("root"));
    inputs.env["CONDA_PREFIX"] = path("root/envs/ml");
    QCOMPARE(*ops::targetPrefix(std::nullopt, inputs, *configuration), path("root/envs/ml"));
    QCOMPARE(*ops::targetPrefix(env::PrefixChoice{Kind::Name, "base"}, inputs, *configuration),
             path("root"));

    QCOMPARE(*ops::existingEnvironment(std::nullopt, inputs, *configuration), path("root/envs/ml"));
    const auto ghost =
        ops::existingEnvironment(env::PrefixChoice{Kind::Name, "ghost"}, inputs, *configuration);
    QVERIFY(!ghost);
    QCOMPARE(ghost.error().detail, std::string("Could not find conda environment: ghost"));
    QVERIFY2(ghost.error().context.ends_with("/envs/ghost"), ghost.error().context.c_str());
    const auto plain = ops::existingEnvironment(env::PrefixChoice{Kind::Path, path("plain")},
                                                inputs, *configuration);
    QVERIFY(!plain);
    QCOMPARE(plain.error().detail, "Not a conda environment: " + path("plain"));
}

void TestEnvironmentOps::resolvesNamesAndPathsForBothFrontEnds()
{
    QVERIFY(QDir().mkpath(QString::fromStdString(path("root/envs/ml/conda-meta"))));
    QVERIFY(QDir().mkpath(QString::fromStdString(path("work"))));
    config::ConfigInputs inputs;
    inputs.homeDir = path("home");
    inputs.rootPrefix = path("root");
    inputs.currentDir = path("work");
    auto configuration = config::Config::fromSources({}, inputs);
    QVERIFY(configuration);
    const auto resolve = [&](env::PrefixChoice::Kind kind, const std::string& value) {
        return ops::resolveEnvironmentPrefix({kind, value}, inputs, *configuration);
    };
    using Kind = env::PrefixChoice::Kind;
    auto named = resolve(Kind::Name, "ml");
    QVERIFY2(named, messageOf(named).constData());
    QCOMPARE(*named, path("root/envs/ml"));
    auto base = resolve(Kind::Name, "base");
    QVERIFY2(base, messageOf(base).constData());
    QCOMPARE(*base, path("root"));
    auto relative = resolve(Kind::Path, "envs/../mine");
    QVERIFY2(relative, messageOf(relative).constData());
    QCOMPARE(*relative, path("work/mine"));
    QVERIFY(!resolve(Kind::Name, "a/b"));
    QVERIFY(!resolve(Kind::Name, ""));

    // An environment micromamba made by name: `env list` shows it as "mm", so -n mm uses it;
    // a new environment of that name still goes where conda puts it.
    const std::string micromamba = path("home/micromamba/envs/mm");
    makeEnvironment(micromamba);
    auto existing = resolve(Kind::Name, "mm");
    QVERIFY2(existing, messageOf(existing).constData());
    QCOMPARE(*existing, micromamba);
    auto fresh = ops::resolveEnvironmentPrefix({Kind::Name, "mm"}, inputs, *configuration,
                                               ops::PrefixUse::New);
    QVERIFY2(fresh, messageOf(fresh).constData());
    QCOMPARE(*fresh, path("root/envs/mm"));
    // A broken folder where conda looks is that environment, not a reason to use another.
    makeEnvironment(path("home/micromamba/envs/half"));
    QVERIFY(QDir().mkpath(QString::fromStdString(path("root/envs/half"))));
    auto half = resolve(Kind::Name, "half");
    QVERIFY2(half, messageOf(half).constData());
    QCOMPARE(*half, path("root/envs/half"));
    // One in an envs dir wins over micromamba's.
    QVERIFY(QDir().mkpath(QString::fromStdString(path("root/envs/mm/conda-meta"))));
    existing = resolve(Kind::Name, "mm");
    QVERIFY2(existing, messageOf(existing).constData());
    QCOMPARE(*existing, path("root/envs/mm"));
}

QTEST_MAIN(TestEnvironmentOps)
#include "tst_environment_ops.moc"
