// Transactions on real prefixes in temporary folders: all or nothing, also after a kill.

#include "core/env/history.h"
#include "core/env/prefix.h"
#include "core/env/transaction.h"
#include "core/util/file_lock.h"
#include "test_printers.h"

#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <functional>
#include <future>
#include <map>
#include <thread>

using namespace envdesk;

namespace {

void writeFile(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(content);
    }
}

// An extracted package in the cache folder: its files and info/paths.json.
env::PackageToLink makePackage(const QString& cache, const char* name, const char* version,
                               const std::map<QString, QByteArray>& files)
{
    env::PackageToLink package;
    package.record.name = name;
    package.record.version = version;
    package.record.build = "0";
    package.record.channel = "test";
    package.record.subdir = "linux-64";
    package.record.fn = package.record.distName() + ".conda";
    const QString dir =
        cache + QLatin1Char('/') + QString::fromStdString(package.record.distName());
    QByteArray paths = "{\"paths\": [";
    bool first = true;
    for (const auto& [path, content] : files) {
        writeFile(dir + QLatin1Char('/') + path, content);
        paths += (first ? "" : ",") + QByteArray("{\"_path\": \"") + path.toUtf8()
                 + "\", \"path_type\": \"hardlink\"}";
        first = false;
    }
    paths += "], \"paths_version\": 1}";
    writeFile(dir + QStringLiteral("/info/paths.json"), paths);
    package.extractedPackageDir = dir.toStdString();
    package.requestedSpec = name;
    return package;
}

// The whole prefix as path -> content, to compare states.
std::map<QString, QByteArray> snapshot(const QString& prefix)
{
    std::map<QString, QByteArray> out;
    QDirIterator it(prefix, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.endsWith(QLatin1String("conda-meta/history"))) {
            continue; // appended on success only; compared separately
        }
        if (path.endsWith(QLatin1String("conda-meta/.envdesk-lock"))) {
            continue; // says which process held the prefix last
        }
        QFile file(path);
        file.open(QIODevice::ReadOnly);
        out[QDir(prefix).relativeFilePath(path)] = file.readAll();
    }
    return out;
}

env::TransactionPlan plan(const QString& prefix, std::vector<specs::PackageRecord> unlink,
                          std::vector<env::PackageToLink> link)
{
    env::TransactionPlan p;
    p.prefix = prefix.toStdString();
    p.unlink = std::move(unlink);
    p.link = std::move(link);
    p.history.command = "envdesk-cli install test";
    for (const auto& package : p.link) {
        p.history.linked.push_back(package.record);
        p.history.specs.push_back(package.requestedSpec);
    }
    p.history.unlinked = p.unlink;
    return p;
}

// The history without its date lines (the same change made twice differs only there).
QByteArray historyWithoutDates(const QString& prefix)
{
    QFile file(prefix + QStringLiteral("/conda-meta/history"));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    QByteArray out;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (!line.startsWith("==> ")) {
            out += line + '\n';
        }
    }
    return out;
}

// The prefix's packages as its records say, and as its history says: they must agree.
QString recordsAndHistoryDisagree(const QString& prefix)
{
    auto records = env::readPrefixRecords(prefix.toStdString());
    auto history = env::readHistory(prefix.toStdString());
    if (!records || !history) {
        return QStringLiteral("unreadable records or history");
    }
    std::vector<std::string> installed;
    for (const auto& record : *records) {
        installed.push_back(record.distName());
    }
    std::sort(installed.begin(), installed.end());
    std::vector<std::string> stated;
    if (!history->empty()) {
        for (const auto& dist : history->back().state) {
            const auto colons = dist.rfind("::");
            stated.push_back(colons == std::string::npos ? dist : dist.substr(colons + 2));
        }
    }
    std::sort(stated.begin(), stated.end());
    if (installed == stated) {
        return {};
    }
    QString message = QStringLiteral("records:");
    for (const auto& dist : installed) {
        message += QLatin1Char(' ') + QString::fromStdString(dist);
    }
    message += QStringLiteral("; history:");
    for (const auto& dist : stated) {
        message += QLatin1Char(' ') + QString::fromStdString(dist);
    }
    return message;
}

// Files a package of the kill test carries: enough of them that kills land between moves.
std::map<QString, QByteArray> manyFiles(const char* name, const char* version, int count)
{
    std::map<QString, QByteArray> files;
    for (int i = 0; i < count; ++i) {
        files[QStringLiteral("lib/%1/file%2.txt").arg(QLatin1String(name)).arg(i)] =
            QByteArray(name) + ' ' + version + ' ' + QByteArray::number(i);
    }
    files[QStringLiteral("bin/%1").arg(QLatin1String(name))] = QByteArray(name) + ' ' + version;
    return files;
}

} // namespace

class TestTransaction : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void installUpgradeRemove();
    void failureRestoresThePrefix();
    void stopRestoresThePrefix();
    void killedProcessIsRecoveredAtNextStart();
    void noarchPython();
    void linkScripts();
    void failingPostLinkRollsBack();
    void bytesToWriteCountsCopiesOnly();
    void clobberingIsReported();
    void anotherProcessesTransactionIsLeftAlone();
    void waitsForTheLockAndThenGoesOn();
    void unwritablePrefixIsPermissionDenied();
    void compilesPycWithTheEnvironmentsPython();
    void brokenPackageIsRefusedBeforeAnyChange();
    void fullDiskIsRefusedBeforeAnyChange();
    void killedAtAnyPointLeavesOldOrNewState_data();
    void killedAtAnyPointLeavesOldOrNewState();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_cache;
    QString m_prefix;
};

void TestTransaction::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = m_dir->filePath(QStringLiteral("pkgs"));
    m_prefix = m_dir->filePath(QStringLiteral("env"));
}

void TestTransaction::installUpgradeRemove()
{
    const auto a1 =
        makePackage(m_cache, "a", "1.0",
                    {{QStringLiteral("lib/a.txt"), "a1"}, {QStringLiteral("share/a/doc"), "doc1"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a1}), {}, {}).ok());
    QCOMPARE(snapshot(m_prefix)[QStringLiteral("lib/a.txt")], QByteArray("a1"));
    auto installed = env::readPrefixRecords(m_prefix.toStdString());
    QVERIFY(installed.ok());
    QCOMPARE(installed->size(), std::size_t{1});
    QVERIFY(!QFileInfo::exists(m_prefix + QStringLiteral("/.envdesk-backup")));
    QVERIFY(!QFileInfo::exists(m_prefix + QStringLiteral("/conda-meta/.envdesk-journal")));

    const auto a2 = makePackage(m_cache, "a", "2.0", {{QStringLiteral("lib/a.txt"), "a2"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {installed->front()}, {a2}), {}, {}).ok());
    const auto state = snapshot(m_prefix);
    QCOMPARE(state.at(QStringLiteral("lib/a.txt")), QByteArray("a2"));
    QVERIFY(state.count(QStringLiteral("share/a/doc")) == 0); // the old version's own file is gone
    QVERIFY(state.count(QStringLiteral("conda-meta/a-1.0-0.json")) == 0);
    QVERIFY(state.count(QStringLiteral("conda-meta/a-2.0-0.json")) == 1);

    installed = env::readPrefixRecords(m_prefix.toStdString());
    QVERIFY(env::executeTransaction(plan(m_prefix, {installed->front()}, {}), {}, {}).ok());
    QVERIFY(env::readPrefixRecords(m_prefix.toStdString())->empty());
    QVERIFY(!QFileInfo::exists(m_prefix + QStringLiteral("/lib")));
    QFile history(m_prefix + QStringLiteral("/conda-meta/history"));
    QVERIFY(history.open(QIODevice::ReadOnly));
    QCOMPARE(history.readAll().count("==> "), 3);
}

void TestTransaction::failureRestoresThePrefix()
{
    const auto a = makePackage(
        m_cache, "a", "1.0",
        {{QStringLiteral("lib/shared.txt"), "from a"}, {QStringLiteral("lib/a.txt"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    const auto before = snapshot(m_prefix);
    const auto installed = *env::readPrefixRecords(m_prefix.toStdString());

    // b replaces a's shared file (clobbering); c is broken (a listed file is missing, which only
    // linking finds): the whole transaction must come back, a's files and records included.
    const auto b = makePackage(
        m_cache, "b", "1.0",
        {{QStringLiteral("lib/shared.txt"), "from b"}, {QStringLiteral("lib/b.txt"), "b"}});
    auto c = makePackage(m_cache, "c", "1.0", {{QStringLiteral("lib/c.txt"), "c"}});
    QVERIFY(QFile::remove(QString::fromStdString(c.extractedPackageDir)
                          + QStringLiteral("/lib/c.txt")));
    auto result = env::executeTransaction(plan(m_prefix, installed, {b, c}), {}, {});
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message().find("c-1.0-0") != std::string::npos,
             result.error().message().c_str());
    QCOMPARE(snapshot(m_prefix), before);
}

void TestTransaction::stopRestoresThePrefix()
{
    const auto a = makePackage(m_cache, "a", "1.0", {{QStringLiteral("lib/a.txt"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    const auto before = snapshot(m_prefix);
    const auto b = makePackage(m_cache, "b", "1.0", {{QStringLiteral("lib/b.txt"), "b"}});
    const auto c = makePackage(m_cache, "c", "1.0", {{QStringLiteral("lib/c.txt"), "c"}});
    std::stop_source stop;
    auto result = env::executeTransaction(
        plan(m_prefix, {}, {b, c}),
        [&](const env::TransactionProgress& p) {
            if (p.phase == env::TransactionProgress::Phase::Linking && p.current == "c-1.0-0") {
                stop.request_stop();
            }
        },
        stop.get_token());
    QVERIFY(!result.ok());
    QVERIFY(result.error().code == util::ErrorCode::Cancelled);
    QCOMPARE(snapshot(m_prefix), before);
}

void TestTransaction::killedProcessIsRecoveredAtNextStart()
{
    const auto a = makePackage(m_cache, "a", "1.0", {{QStringLiteral("lib/shared.txt"), "from a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    const auto before = snapshot(m_prefix);
    const auto installed = *env::readPrefixRecords(m_prefix.toStdString());
    const auto b = makePackage(m_cache, "b", "1.0", {{QStringLiteral("lib/shared.txt"), "from b"}});
    const auto c = makePackage(m_cache, "c", "1.0", {{QStringLiteral("lib/c.txt"), "c"}});

    // A real process, killed in the middle of linking (no destructors, no cleanup).
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        (void)env::executeTransaction(plan(m_prefix, installed, {b, c}),
                                      [](const env::TransactionProgress& p) {
                                          if (p.phase == env::TransactionProgress::Phase::Linking
                                              && p.current == "c-1.0-0") {
                                              _exit(9);
                                          }
                                      },
                                      {});
        _exit(0);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QCOMPARE(WEXITSTATUS(status), 9);
    QVERIFY(QFileInfo::exists(m_prefix + QStringLiteral("/conda-meta/.envdesk-journal")));
    QVERIFY(snapshot(m_prefix) != before);

    auto recovered = env::recoverPrefix(m_prefix.toStdString());
    QVERIFY2(recovered.ok(), recovered ? "" : recovered.error().message().c_str());
    QVERIFY(*recovered);
    QCOMPARE(snapshot(m_prefix), before);
    auto again = env::recoverPrefix(m_prefix.toStdString());
    QVERIFY(again.ok() && !*again); // nothing left to recover
}

void TestTransaction::noarchPython()
{
    auto tool =
        makePackage(m_cache, "foo", "1.0",
                    {{QStringLiteral("site-packages/foo/__init__.py"), "x = 1\n"},
                     {QStringLiteral("site-packages/foo/cli.py"), "def main():\n    return 0\n"},
                     {QStringLiteral("python-scripts/foo-helper"), "#!/usr/bin/env python\n"}});
    tool.record.noarch = "python";
    writeFile(
        QString::fromStdString(tool.extractedPackageDir) + QStringLiteral("/info/link.json"),
        R"({"noarch": {"type": "python", "entry_points": ["foo = foo.cli:main"]}, "package_metadata_version": 1})");

    // Without a python in the environment it cannot be placed.
    auto alone = env::executeTransaction(plan(m_prefix, {}, {tool}), {}, {});
    QVERIFY(!alone.ok());
    QVERIFY2(alone.error().message().find("python") != std::string::npos,
             alone.error().message().c_str());
    QVERIFY(!QFileInfo::exists(m_prefix + QStringLiteral("/lib")));

    const auto python =
        makePackage(m_cache, "python", "3.12.4", {{QStringLiteral("bin/python3.12"), "ELF"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {python, tool}), {}, {}).ok());
    const auto state = snapshot(m_prefix);
    QCOMPARE(state.at(QStringLiteral("lib/python3.12/site-packages/foo/__init__.py")),
             QByteArray("x = 1\n"));
    QVERIFY(state.count(QStringLiteral("bin/foo-helper")) == 1);
    const QByteArray script = state.at(QStringLiteral("bin/foo"));
    QVERIFY2(script.startsWith("#!" + m_prefix.toUtf8() + "/bin/python\n"), script.constData());
    QVERIFY(script.contains("from foo.cli import main"));
    QVERIFY(QFileInfo(m_prefix + QStringLiteral("/bin/foo")).isExecutable());

    // conda-meta lists the files where they landed, so removing takes them all.
    auto installed = *env::readPrefixRecords(m_prefix.toStdString());
    std::vector<specs::PackageRecord> toRemove;
    for (const auto& record : installed) {
        if (record.name == "foo") {
            toRemove.push_back(record);
        }
    }
    QVERIFY(env::executeTransaction(plan(m_prefix, toRemove, {}), {}, {}).ok());
    const auto after = snapshot(m_prefix);
    QVERIFY(after.count(QStringLiteral("bin/foo")) == 0);
    QVERIFY(after.count(QStringLiteral("lib/python3.12/site-packages/foo/__init__.py")) == 0);
    QVERIFY(after.count(QStringLiteral("bin/python3.12")) == 1);
}

void TestTransaction::linkScripts()
{
    auto package =
        makePackage(m_cache, "greeter", "2.1", {{QStringLiteral("lib/greeter.txt"), "g"}});
    const QString dir = QString::fromStdString(package.extractedPackageDir);
    writeFile(dir + QStringLiteral("/bin/.greeter-pre-link.sh"),
              "echo \"pre $PKG_NAME\" > \"$PREFIX/pre-link-ran\"\n");
    writeFile(dir + QStringLiteral("/bin/.greeter-post-link.sh"),
              "echo \"hello from $PKG_NAME $PKG_VERSION build $PKG_BUILDNUM\" >> "
              "\"$PREFIX/.messages.txt\"\n"
              "test -f \"$PREFIX/lib/greeter.txt\"\n");
    // The scripts are package files too: paths.json lists them.
    writeFile(
        dir + QStringLiteral("/info/paths.json"),
        R"({"paths": [{"_path": "lib/greeter.txt"}, {"_path": "bin/.greeter-post-link.sh"}], "paths_version": 1})");
    auto result = env::executeTransaction(plan(m_prefix, {}, {package}), {}, {});
    QVERIFY2(result.ok(), result ? "" : result.error().message().c_str());
    QVERIFY2(result->messages.find("hello from greeter 2.1 build 0") != std::string::npos,
             result->messages.c_str());
    QVERIFY(
        !QFileInfo::exists(m_prefix + QStringLiteral("/.messages.txt"))); // shown once, then gone
    QVERIFY2(QFileInfo::exists(m_prefix + QStringLiteral("/pre-link-ran")),
             result->scriptOutputs.empty() ? "no output" : result->scriptOutputs.front().c_str());
    QCOMPARE(result->scriptOutputs.size(), std::size_t{2});
}

void TestTransaction::failingPostLinkRollsBack()
{
    const auto a = makePackage(m_cache, "a", "1.0", {{QStringLiteral("lib/a.txt"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    const auto before = snapshot(m_prefix);
    auto bad = makePackage(
        m_cache, "bad", "1.0",
        {{QStringLiteral("bin/.bad-post-link.sh"), "echo 'cannot set up' >&2\nexit 3\n"}});
    auto result = env::executeTransaction(plan(m_prefix, {}, {bad}), {}, {});
    QVERIFY(!result.ok());
    const std::string message = result.error().message();
    QVERIFY2(message.find("bad-1.0-0") != std::string::npos, message.c_str());
    QVERIFY2(message.find("cannot set up") != std::string::npos, message.c_str());
    QVERIFY2(message.find("exit 3") != std::string::npos, message.c_str());
    QCOMPARE(snapshot(m_prefix), before);
}

void TestTransaction::compilesPycWithTheEnvironmentsPython()
{
    // A real interpreter as the environment's python: the machine's python3.
    QProcess probe;
    probe.start(QStringLiteral("python3"),
                {QStringLiteral("-c"),
                 QStringLiteral("import sys; print('%d.%d' % sys.version_info[:2])")});
    if (!probe.waitForFinished(30000) || probe.exitCode() != 0) {
        QSKIP("python3 is not available: no interpreter to compile with");
    }
    const QString version = QString::fromUtf8(probe.readAllStandardOutput()).trimmed();
    const QString tag = QStringLiteral("cpython-") + QString(version).remove(QLatin1Char('.'));
    const QString python3 = QStandardPaths::findExecutable(QStringLiteral("python3"));

    const auto python = makePackage(m_cache, "python", qPrintable(version + QStringLiteral(".0")),
                                    {{QStringLiteral("lib/placeholder.txt"), "python"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {python}), {}, {}).ok());
    QVERIFY(QDir().mkpath(m_prefix + QStringLiteral("/bin")));
    QVERIFY(QFile::link(python3, m_prefix + QStringLiteral("/bin/python")));

    auto tool = makePackage(m_cache, "foo", "1.0",
                            {{QStringLiteral("site-packages/foo/__init__.py"), "x = 1\n"},
                             {QStringLiteral("site-packages/foo/broken.py"), "def (:\n"}});
    tool.record.noarch = "python";
    auto result = env::executeTransaction(plan(m_prefix, {}, {tool}), {}, {});
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    const QString site =
        QStringLiteral("lib/python") + version + QStringLiteral("/site-packages/foo");
    const QString pyc =
        site + QStringLiteral("/__pycache__/__init__.") + tag + QStringLiteral(".pyc");
    QVERIFY2(QFileInfo::exists(m_prefix + QLatin1Char('/') + pyc), qPrintable(pyc));
    // A module that does not compile is left as source; the transaction still succeeds.
    QVERIFY(!QFileInfo::exists(m_prefix + QLatin1Char('/') + site
                               + QStringLiteral("/__pycache__/broken.") + tag
                               + QStringLiteral(".pyc")));
    QFile meta(m_prefix + QStringLiteral("/conda-meta/foo-1.0-0.json"));
    QVERIFY(meta.open(QIODevice::ReadOnly));
    const QByteArray record = meta.readAll();
    QVERIFY2(record.contains(pyc.toUtf8()) && record.contains("\"pyc_file\""), record.constData());

    // Removing the package removes its pyc and the __pycache__ folder.
    auto installed = *env::readPrefixRecords(m_prefix.toStdString());
    std::vector<specs::PackageRecord> toRemove;
    for (const auto& r : installed) {
        if (r.name == "foo") {
            toRemove.push_back(r);
        }
    }
    QVERIFY(env::executeTransaction(plan(m_prefix, toRemove, {}), {}, {}).ok());
    QVERIFY(!QFileInfo::exists(m_prefix + QLatin1Char('/') + site));

    // Switched off, nothing is compiled.
    auto off = plan(m_prefix, {}, {tool});
    off.compilePyc = false;
    QVERIFY(env::executeTransaction(off, {}, {}).ok());
    QVERIFY(QFileInfo::exists(m_prefix + QLatin1Char('/') + site + QStringLiteral("/__init__.py")));
    QVERIFY(
        !QFileInfo::exists(m_prefix + QLatin1Char('/') + site + QStringLiteral("/__pycache__")));
}

void TestTransaction::anotherProcessesTransactionIsLeftAlone()
{
    const auto a = makePackage(m_cache, "a", "1.0", {{QStringLiteral("lib/a.txt"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    const auto before = snapshot(m_prefix);

    // Another transaction holds the prefix (a lock on another open file conflicts like one in
    // another process), and its journal is there, as in the middle of any transaction.
    env::PrefixLockOptions holder;
    holder.owner = "envdesk-cli install other";
    auto held = env::lockPrefix(m_prefix.toStdString(), holder, {});
    QVERIFY(held.ok());
    const QString journal = m_prefix + QStringLiteral("/conda-meta/.envdesk-journal");
    writeFile(journal, "[\"begin\",2]\n[\"link\",\"lib/a.txt\"]\n");

    // Waiting gives up after the timeout, naming who holds the prefix; the waiter was told.
    env::PrefixLockOptions impatient;
    impatient.timeout = std::chrono::milliseconds(0);
    std::string toldAbout;
    impatient.onWait = [&](const std::string& who) { toldAbout = who; };
    const auto refused = env::lockPrefix(m_prefix.toStdString(), impatient, {});
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().code == util::ErrorCode::Busy);
    const std::string expectedHolder =
        "envdesk-cli install other (process " + std::to_string(::getpid()) + ")";
    QCOMPARE(toldAbout, expectedHolder);
    QVERIFY2(refused.error().message().find(expectedHolder) != std::string::npos
                 && refused.error().message().find(m_prefix.toStdString()) != std::string::npos,
             refused.error().message().c_str());
    // Neither a transaction nor a recovery touches the live one's files or journal.
    const auto recovered = env::recoverPrefix(m_prefix.toStdString(), impatient, {});
    QVERIFY(!recovered.ok());
    QVERIFY(recovered.error().code == util::ErrorCode::Busy);
    auto state = snapshot(m_prefix);
    QVERIFY(state.count(QStringLiteral("conda-meta/.envdesk-journal")) == 1);
    state.erase(QStringLiteral("conda-meta/.envdesk-journal"));
    state.erase(QStringLiteral("conda-meta/.envdesk-lock"));
    auto expected = before;
    expected.erase(QStringLiteral("conda-meta/.envdesk-lock"));
    QCOMPARE(state, expected);
    QVERIFY(QFileInfo::exists(m_prefix + QStringLiteral("/lib/a.txt")));
}

void TestTransaction::waitsForTheLockAndThenGoesOn()
{
    const auto a = makePackage(m_cache, "a", "1.0", {{QStringLiteral("lib/a.txt"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    auto held = env::lockPrefix(m_prefix.toStdString(), {}, {});
    QVERIFY(held.ok());

    // The second transaction waits for the first instead of failing, and says so once.
    std::promise<std::string> waiting;
    auto told = waiting.get_future();
    const auto b = makePackage(m_cache, "b", "1.0", {{QStringLiteral("lib/b.txt"), "b"}});
    auto second = std::async(std::launch::async, [&] {
        env::PrefixLockOptions options;
        options.onWait = [&](const std::string& who) { waiting.set_value(who); };
        auto lock = env::lockPrefix(m_prefix.toStdString(), options, {});
        if (!lock) {
            return util::Result<env::TransactionReport>(lock.error());
        }
        return env::executeTransaction(plan(m_prefix, {}, {b}), *lock, {}, {});
    });
    const std::string who = told.get(); // only once the second one found the lock held
    QVERIFY2(who.find("envdesk") != std::string::npos, who.c_str());
    held->release();
    const auto result = second.get();
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    QVERIFY(QFileInfo::exists(m_prefix + QStringLiteral("/lib/b.txt")));

    // A stop ends a wait at once.
    auto again = env::lockPrefix(m_prefix.toStdString(), {}, {});
    QVERIFY(again.ok());
    std::stop_source stop;
    stop.request_stop();
    const auto stopped = env::lockPrefix(m_prefix.toStdString(), {}, stop.get_token());
    QVERIFY(!stopped.ok() && stopped.error().code == util::ErrorCode::Cancelled);
}

void TestTransaction::unwritablePrefixIsPermissionDenied()
{
    const auto a = makePackage(m_cache, "a", "1.0", {{QStringLiteral("lib/a.txt"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    const auto before = snapshot(m_prefix);
    // Root may write anywhere, except on a read-only filesystem: a read-only bind mount of the
    // prefix over itself. Other users get a read-only folder.
    std::function<void()> undo;
    if (::geteuid() == 0) {
        const QByteArray path = m_prefix.toLocal8Bit();
        if (::mount(path.constData(), path.constData(), nullptr, MS_BIND, nullptr) != 0
            || ::mount(nullptr, path.constData(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY,
                       nullptr)
                   != 0) {
            QSKIP("cannot make a read-only bind mount here");
        }
        undo = [path] { ::umount2(path.constData(), MNT_DETACH); };
    } else {
        for (const QString& folder : {m_prefix, m_prefix + QStringLiteral("/conda-meta")}) {
            QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner);
        }
        undo = [this] {
            for (const QString& folder : {m_prefix, m_prefix + QStringLiteral("/conda-meta")}) {
                QFile::setPermissions(folder,
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            }
        };
    }
    const auto restore = qScopeGuard(undo);
    const auto b = makePackage(m_cache, "b", "1.0", {{QStringLiteral("lib/b.txt"), "b"}});
    const auto result = env::executeTransaction(plan(m_prefix, {}, {b}), {}, {});
    QVERIFY(!result.ok());
    QVERIFY(result.error().code == util::ErrorCode::PermissionDenied);
    const std::string message = result.error().message();
    QVERIFY2(message.find("permission denied") != std::string::npos
                 && message.find(m_prefix.toStdString()) != std::string::npos
                 && message.find("another process") == std::string::npos,
             message.c_str());
    QCOMPARE(snapshot(m_prefix), before);
}

void TestTransaction::clobberingIsReported()
{
    const auto a =
        makePackage(m_cache, "a", "1.0",
                    {{QStringLiteral("lib/shared.txt"), "a"}, {QStringLiteral("lib/a"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    writeFile(m_prefix + QStringLiteral("/etc/user.conf"), "mine");
    const auto b = makePackage(m_cache, "b", "1.0",
                               {{QStringLiteral("lib/shared.txt"), "b"},
                                {QStringLiteral("etc/user.conf"), "b's"},
                                {QStringLiteral("lib/b"), "b"}});
    const auto result = env::executeTransaction(plan(m_prefix, {}, {b}), {}, {});
    QVERIFY(result.ok());
    std::vector<std::string> paths;
    for (const auto& clobber : result->clobbered) {
        QCOMPARE(clobber.package, std::string("b-1.0-0"));
        paths.push_back(clobber.path);
    }
    std::sort(paths.begin(), paths.end());
    QCOMPARE(paths, (std::vector<std::string>{"etc/user.conf", "lib/shared.txt"}));
    QCOMPARE(snapshot(m_prefix)[QStringLiteral("lib/shared.txt")], QByteArray("b"));

    // An upgrade replaces its own old files: no clobbering.
    const auto installed = *env::readPrefixRecords(m_prefix.toStdString());
    std::vector<specs::PackageRecord> oldB;
    for (const auto& record : installed) {
        if (record.name == "b") {
            oldB.push_back(record);
        }
    }
    const auto b2 = makePackage(m_cache, "b", "2.0", {{QStringLiteral("lib/b"), "b2"}});
    const auto upgrade = env::executeTransaction(plan(m_prefix, oldB, {b2}), {}, {});
    QVERIFY(upgrade.ok());
    QVERIFY(upgrade->clobbered.empty());
}

void TestTransaction::bytesToWriteCountsCopiesOnly()
{
    // Same filesystem: plain files are hard-linked (free); a file with a prefix placeholder and a
    // no_link file are copied.
    const QString dir = m_cache + QStringLiteral("/p-1.0-0");
    writeFile(dir + QStringLiteral("/lib/plain.so"), QByteArray(5000, 'x'));
    writeFile(dir + QStringLiteral("/bin/script"),
              "#!/opt/placeholder/bin/python\n" + QByteArray(700, 'y'));
    writeFile(dir + QStringLiteral("/etc/config"), QByteArray(300, 'z'));
    writeFile(dir + QStringLiteral("/info/paths.json"),
              "{\"paths\": ["
              "{\"_path\": \"lib/plain.so\", \"path_type\": \"hardlink\", \"size_in_bytes\": 5000},"
              "{\"_path\": \"bin/script\", \"path_type\": \"hardlink\", \"size_in_bytes\": 731,"
              " \"prefix_placeholder\": \"/opt/placeholder\", \"file_mode\": \"text\"},"
              "{\"_path\": \"etc/config\", \"path_type\": \"hardlink\", \"no_link\": true},"
              "{\"_path\": \"lib/link.so\", \"path_type\": \"softlink\", \"size_in_bytes\": 0}"
              "], \"paths_version\": 1}");
    env::PackageToLink package;
    package.record.name = "p";
    package.record.version = "1.0";
    package.record.build = "0";
    package.extractedPackageDir = dir.toStdString();
    const auto needed = env::bytesToWrite(plan(m_prefix, {}, {package}));
    QVERIFY2(needed.ok(), needed.ok() ? "" : needed.error().message().c_str());
    // no_link without a size in paths.json: the extracted file's size is used.
    QCOMPARE(*needed, std::uint64_t{731 + 300});
}

void TestTransaction::brokenPackageIsRefusedBeforeAnyChange()
{
    const auto a = makePackage(m_cache, "a", "1.0", {{QStringLiteral("lib/a.txt"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    const auto before = snapshot(m_prefix);
    const auto installed = *env::readPrefixRecords(m_prefix.toStdString());
    auto broken = makePackage(m_cache, "broken", "1.0", {{QStringLiteral("lib/b.txt"), "b"}});
    QVERIFY(QFile::remove(QString::fromStdString(broken.extractedPackageDir)
                          + QStringLiteral("/info/paths.json")));
    const auto result = env::executeTransaction(plan(m_prefix, installed, {broken}), {}, {});
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message().find("broken-1.0-0") != std::string::npos,
             result.error().message().c_str());
    QCOMPARE(snapshot(m_prefix), before);
}

void TestTransaction::fullDiskIsRefusedBeforeAnyChange()
{
    // A real small filesystem for the prefix: a 1 MiB tmpfs, which only root may mount. The
    // package cache is elsewhere, so every file is copied.
    const QString small = m_dir->filePath(QStringLiteral("small"));
    QVERIFY(QDir().mkpath(small));
    if (::mount("tmpfs", small.toLocal8Bit().constData(), "tmpfs", 0, "size=1m") != 0) {
        QSKIP("cannot mount a small tmpfs here (not root): no full disk to test with");
    }
    const auto unmount =
        qScopeGuard([&] { ::umount2(small.toLocal8Bit().constData(), MNT_DETACH); });
    const QString prefix = small + QStringLiteral("/env");
    const auto big = makePackage(
        m_cache, "big", "1.0", {{QStringLiteral("lib/big.bin"), QByteArray(3 * 1024 * 1024, 'b')}});
    const auto result = env::executeTransaction(plan(prefix, {}, {big}), {}, {});
    QVERIFY(!result.ok());
    QVERIFY(result.error().code == util::ErrorCode::IoError);
    QVERIFY2(result.error().message().find("not enough free space") != std::string::npos
                 && result.error().message().find(prefix.toStdString()) != std::string::npos,
             result.error().message().c_str());
    QVERIFY(!QFileInfo::exists(prefix)); // nothing was created
}

void TestTransaction::killedAtAnyPointLeavesOldOrNewState_data()
{
    QTest::addColumn<QString>("change");
    QTest::newRow("install") << QStringLiteral("install");
    QTest::newRow("update") << QStringLiteral("update");
    QTest::newRow("remove") << QStringLiteral("remove");
}

// A real process is killed (SIGKILL: no destructors, no cleanup) at every point the transaction
// passes: after each file moved aside, after each package's files are recorded, linked and its
// record written, after the history and around the commit record; then at moments spread over
// the whole run, which land inside linking too. After each kill, the next run's recovery must
// leave exactly the old state or exactly the new one: every file byte for byte, every record,
// and a history that agrees with the records.
void TestTransaction::killedAtAnyPointLeavesOldOrNewState()
{
    QFETCH(QString, change);
    const auto a1 = makePackage(m_cache, "a", "1.0", manyFiles("a", "1.0", 12));
    const auto c1 = makePackage(m_cache, "c", "1.0", manyFiles("c", "1.0", 12));
    auto a2files = manyFiles("a", "2.0", 10);
    a2files[QStringLiteral("lib/shared.txt")] = "a 2.0 shared";         // b's file before
    a2files[QStringLiteral("etc/user-settings.conf")] = "a's defaults"; // clobbers the user's
    const auto b1files = manyFiles("b", "1.0", 12);
    const auto a2 = makePackage(m_cache, "a", "2.0", a2files);
    const auto b2 = makePackage(m_cache, "b", "2.0", manyFiles("b", "2.0", 14));
    const auto d1 = makePackage(m_cache, "d", "1.0", manyFiles("d", "1.0", 12));
    auto bShared = makePackage(m_cache, "b", "1.5", [&] {
        auto files = b1files;
        files[QStringLiteral("lib/shared.txt")] = "b shared";
        return files;
    }());

    const auto setUpOld = [&] {
        QDir(m_prefix).removeRecursively();
        if (!env::executeTransaction(plan(m_prefix, {}, {a1, bShared, c1}), {}, {}).ok()) {
            return false;
        }
        writeFile(m_prefix + QStringLiteral("/etc/user-settings.conf"), "the user's own file");
        return true;
    };
    const auto changePlan = [&] {
        const auto installed = *env::readPrefixRecords(m_prefix.toStdString());
        const auto named = [&](std::initializer_list<const char*> names) {
            std::vector<specs::PackageRecord> out;
            for (const auto& record : installed) {
                for (const char* name : names) {
                    if (record.name == name) {
                        out.push_back(record);
                    }
                }
            }
            return out;
        };
        if (change == QLatin1String("install")) {
            return plan(m_prefix, {}, {d1});
        }
        if (change == QLatin1String("update")) {
            return plan(m_prefix, named({"a", "b"}), {b2, a2});
        }
        return plan(m_prefix, named({"c", "b"}), {});
    };

    // The old and the new state, and how many points a whole run passes.
    QVERIFY(setUpOld());
    const auto oldState = snapshot(m_prefix);
    const QByteArray oldHistory = historyWithoutDates(m_prefix);
    int points = 0;
    auto whole = changePlan();
    whole.faultHook = [&](std::string_view) { ++points; };
    QElapsedTimer clock;
    clock.start();
    QVERIFY(env::executeTransaction(whole, {}, {}).ok());
    const qint64 wholeMicroseconds = std::max<qint64>(clock.nsecsElapsed() / 1000, 1);
    const auto newState = snapshot(m_prefix);
    const QByteArray newHistory = historyWithoutDates(m_prefix);
    QVERIFY(oldState != newState);
    // Every phase has a checkpoint and every move one more: a handful at the very least.
    QVERIFY2(points > 5, QByteArray::number(points).constData());

    constexpr int kTimedKills = 25;
    int sawOld = 0;
    int sawNew = 0;
    for (int kill = 1; kill <= points + kTimedKills; ++kill) {
        QVERIFY(setUpOld());
        auto killed = changePlan();
        const bool atPoint = kill <= points;
        const qint64 delay = atPoint ? 0 : wholeMicroseconds * (kill - points) / (kTimedKills + 1);
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            int passed = 0;
            if (atPoint) {
                killed.faultHook = [&](std::string_view) {
                    if (++passed == kill) {
                        ::raise(SIGKILL);
                    }
                };
            } else {
                std::thread([delay] {
                    std::this_thread::sleep_for(std::chrono::microseconds(delay));
                    ::raise(SIGKILL);
                }).detach();
            }
            (void)env::executeTransaction(killed, {}, {});
            ::raise(SIGKILL); // finished before the timer: killed all the same
        }
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

        // The next run.
        auto recovered = env::recoverPrefix(m_prefix.toStdString());
        QVERIFY2(recovered.ok(), recovered.ok() ? "" : recovered.error().message().c_str());
        const auto state = snapshot(m_prefix);
        const QByteArray history = historyWithoutDates(m_prefix);
        const QString where = QStringLiteral("%1, kill %2 of %3 (%4)")
                                  .arg(change)
                                  .arg(kill)
                                  .arg(points + kTimedKills)
                                  .arg(atPoint ? QStringLiteral("at a point")
                                               : QStringLiteral("after %1 us").arg(delay));
        if (state == oldState) {
            QVERIFY2(history == oldHistory, qPrintable(where + QStringLiteral(": history")));
            ++sawOld;
        } else {
            if (state != newState) {
                for (const auto& [path, content] : oldState) {
                    if (state.count(path) == 0 && newState.count(path) == 0) {
                        qWarning() << "missing" << path;
                    }
                }
                for (const auto& [path, content] : state) {
                    const bool inOld = oldState.count(path) && oldState.at(path) == content;
                    const bool inNew = newState.count(path) && newState.at(path) == content;
                    if (!inOld && !inNew) {
                        qWarning() << "unexpected" << path;
                    }
                }
            }
            QVERIFY2(state == newState,
                     qPrintable(where + QStringLiteral(": neither the old nor the new state")));
            QVERIFY2(history == newHistory, qPrintable(where + QStringLiteral(": history")));
            ++sawNew;
        }
        const QString disagreement = recordsAndHistoryDisagree(m_prefix);
        QVERIFY2(disagreement.isEmpty(), qPrintable(where + QStringLiteral(": ") + disagreement));
        QVERIFY(!QFileInfo::exists(m_prefix + QStringLiteral("/.envdesk-backup")));
        QVERIFY(!QFileInfo::exists(m_prefix + QStringLiteral("/conda-meta/.envdesk-journal")));
    }
    // Kills before the commit record roll back; kills after it finish the change.
    QVERIFY(sawOld > 0 && sawNew > 0);
    qInfo("%s: %d kill points and %d timed kills; %d left the old state, %d the new one",
          qPrintable(change), points, kTimedKills, sawOld, sawNew);
}

QTEST_APPLESS_MAIN(TestTransaction)
#include "tst_transaction.moc"
