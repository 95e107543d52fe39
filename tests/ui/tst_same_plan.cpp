// The CLI and the GUI decide a change the same way: the real envdesk-cli (as a user runs it) and
// the GUI's own path (ui::solveWithFallback over ops) are given the same request on the same
// kind of prefix, under one HOME and .condarc, and must plan the same packages: on a plain
// prefix, on one where a killed install left its journal (both settle it first), and offline
// from the cache once the channel's server has gone (.condarc `offline: true`, which both honour).

#include "core/env/transaction.h"
#include "tests/cli/cli_runner.h"
#include "tests/support/python_http_server.h"
#include "tests/support/test_channel.h"
#include "ui/changes/change_sources.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>
#include <set>

using namespace envdesk;
using test::CliRunner;

namespace {

using Actions = std::pair<std::set<QString>, std::set<QString>>; // LINK, UNLINK dist names

Actions cliActions(const test::CliRun& run)
{
    const auto actions =
        QJsonDocument::fromJson(run.out).object().value(QStringLiteral("actions")).toObject();
    Actions out;
    for (const auto& entry : actions.value(QStringLiteral("LINK")).toArray()) {
        out.first.insert(entry.toObject().value(QStringLiteral("dist_name")).toString());
    }
    for (const auto& entry : actions.value(QStringLiteral("UNLINK")).toArray()) {
        out.second.insert(entry.toObject().value(QStringLiteral("dist_name")).toString());
    }
    return out;
}

Actions guiActions(const ops::Plan& plan)
{
    Actions out;
    for (const auto& record : plan.link) {
        out.first.insert(QString::fromStdString(record.distName()));
    }
    for (const auto& record : plan.unlink) {
        out.second.insert(QString::fromStdString(record.distName()));
    }
    return out;
}

} // namespace

class TestSamePlan : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void plainPrefix();
    void afterAnInterruptedTransaction();
    void offlineFromTheCache();

private:
    // The GUI's decision, in this process, under the runner's HOME and .condarc.
    util::Result<ops::ChangeOutcome> guiDecides(const QString& prefix, solver::Request::Kind kind,
                                                std::vector<std::string> specs);
    test::CliRun cli(const QStringList& args) const { return m_runner->run(args); }
    // A prefix holding `lib`, made by the CLI.
    bool makePrefix(const QString& prefix) const;

    std::unique_ptr<QTemporaryDir> m_root;
    std::unique_ptr<CliRunner> m_runner;
    std::unique_ptr<test::PythonHttpServer> m_server;
    QString m_channelDir;
    QString m_channel; // as .condarc names it: the server's URL
};

void TestSamePlan::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    m_runner = std::make_unique<CliRunner>();
    m_channelDir = m_root->filePath(QStringLiteral("channel"));
    QVERIFY(test::writeKillerChannel(m_channelDir.toStdString()));
    m_server = std::make_unique<test::PythonHttpServer>(m_channelDir);
    if (!m_server->isRunning()) {
        QSKIP(qPrintable(m_server->whyNot()));
    }
    m_channel = m_server->url();
    m_runner->writeCondarc(QStringLiteral("channels: [%1]\npkgs_dirs: [%2]\n")
                               .arg(m_channel, m_root->filePath(QStringLiteral("pkgs")))
                               .toUtf8());
    // This process reads the same configuration and cache as the CLI it starts.
    const QProcessEnvironment env = m_runner->processEnvironment();
    for (const char* name : {"HOME", "XDG_CACHE_HOME", "ENVDESK_CONDARC_SYSTEM_DIRS"}) {
        qputenv(name, env.value(QString::fromLatin1(name)).toUtf8());
    }
    for (const QString& key : QProcessEnvironment::systemEnvironment().keys()) {
        if (key.startsWith(QLatin1String("CONDA"))) {
            qunsetenv(key.toUtf8().constData());
        }
    }
}

void TestSamePlan::cleanup()
{
    m_server.reset();
    m_runner.reset();
    m_root.reset();
}

util::Result<ops::ChangeOutcome> TestSamePlan::guiDecides(const QString& prefix,
                                                          solver::Request::Kind kind,
                                                          std::vector<std::string> specs)
{
    auto configuration = ui::loadConfiguration(config::ConfigInputs::fromProcess());
    if (!configuration) {
        return configuration.error();
    }
    ops::ChangeRequest request;
    request.prefix = prefix.toStdString();
    request.kind = kind;
    request.specs = std::move(specs);
    request.channels = ui::configuredChannels(*configuration);
    return ui::solveWithFallback(request, *configuration, {});
}

bool TestSamePlan::makePrefix(const QString& prefix) const
{
    return cli({QStringLiteral("create"), QStringLiteral("-y"), QStringLiteral("-p"), prefix,
                QStringLiteral("lib")})
               .exitCode
           == 0;
}

void TestSamePlan::plainPrefix()
{
    const QString prefix = m_root->filePath(QStringLiteral("env"));
    QVERIFY(makePrefix(prefix));
    const auto run =
        cli({QStringLiteral("install"), QStringLiteral("--dry-run"), QStringLiteral("--json"),
             QStringLiteral("-p"), prefix, QStringLiteral("app"), QStringLiteral("tool")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const auto gui = guiDecides(prefix, solver::Request::Kind::Install, {"app", "tool"});
    QVERIFY2(gui, gui ? "" : gui.error().message().c_str());
    const auto* proposal = std::get_if<ops::ChangeProposal>(&*gui);
    QVERIFY(proposal != nullptr);
    QCOMPARE(guiActions(proposal->plan), cliActions(run));
    QCOMPARE(cliActions(run).first,
             (std::set<QString>{QStringLiteral("app-1.0-0"), QStringLiteral("tool-1.0-0")}));

    const auto removal =
        cli({QStringLiteral("remove"), QStringLiteral("--dry-run"), QStringLiteral("--json"),
             QStringLiteral("-p"), prefix, QStringLiteral("lib")});
    QVERIFY2(removal.exitCode == 0, removal.err.constData());
    const auto guiRemoval = guiDecides(prefix, solver::Request::Kind::Remove, {"lib"});
    QVERIFY(guiRemoval && std::holds_alternative<ops::ChangeProposal>(*guiRemoval));
    QCOMPARE(guiActions(std::get<ops::ChangeProposal>(*guiRemoval).plan), cliActions(removal));
}

// Two prefixes brought to the same interrupted state (an install killed half-way by its own
// package); the CLI carries out its change on one, the GUI decides on the other. Both settle the
// killed install first, so both plan the same change from the state before it.
void TestSamePlan::afterAnInterruptedTransaction()
{
    const QString forCli = m_root->filePath(QStringLiteral("env-cli"));
    const QString forGui = m_root->filePath(QStringLiteral("env-gui"));
    for (const QString& prefix : {forCli, forGui}) {
        QVERIFY(makePrefix(prefix));
        const auto killed = cli({QStringLiteral("install"), QStringLiteral("-y"),
                                 QStringLiteral("-p"), prefix, QStringLiteral("killer")});
        QVERIFY(killed.exitCode != 0);
        QVERIFY(env::prefixActivity(prefix.toStdString()) == env::PrefixActivity::Interrupted);
    }
    const auto run = cli({QStringLiteral("install"), QStringLiteral("-y"), QStringLiteral("--json"),
                          QStringLiteral("-p"), forCli, QStringLiteral("tool")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const auto gui = guiDecides(forGui, solver::Request::Kind::Install, {"tool"});
    QVERIFY2(gui, gui ? "" : gui.error().message().c_str());
    const auto* proposal = std::get_if<ops::ChangeProposal>(&*gui);
    QVERIFY(proposal != nullptr);
    QCOMPARE(guiActions(proposal->plan), cliActions(run));
    QCOMPARE(cliActions(run).first, (std::set<QString>{QStringLiteral("tool-1.0-0")}));
    QVERIFY(env::prefixActivity(forGui.toStdString()) == env::PrefixActivity::Idle);
    QVERIFY(!QFileInfo::exists(forGui + QStringLiteral("/share/killer/file0.txt")));
    QVERIFY(!QFileInfo::exists(forCli + QStringLiteral("/share/killer/file0.txt")));
}

// With the server gone and `offline: true` in .condarc, both plan from the repodata cached by an
// earlier run, and neither tries the network.
void TestSamePlan::offlineFromTheCache()
{
    const QString prefix = m_root->filePath(QStringLiteral("env"));
    QVERIFY(makePrefix(prefix)); // reads the channel's repodata into the cache
    m_server.reset();
    m_runner->writeCondarc(QStringLiteral("channels: [%1]\npkgs_dirs: [%2]\noffline: true\n")
                               .arg(m_channel, m_root->filePath(QStringLiteral("pkgs")))
                               .toUtf8());
    const auto run =
        cli({QStringLiteral("install"), QStringLiteral("--dry-run"), QStringLiteral("--json"),
             QStringLiteral("-p"), prefix, QStringLiteral("app")});
    QVERIFY2(run.exitCode == 0, run.out.constData());
    const auto gui = guiDecides(prefix, solver::Request::Kind::Install, {"app"});
    QVERIFY2(gui, gui ? "" : gui.error().message().c_str());
    const auto* proposal = std::get_if<ops::ChangeProposal>(&*gui);
    QVERIFY(proposal != nullptr);
    QCOMPARE(guiActions(proposal->plan), cliActions(run));
    QCOMPARE(cliActions(run).first, (std::set<QString>{QStringLiteral("app-1.0-0")}));
    // Both read the cache because they were offline, not because a fetch failed: each note
    // says so, and no other note (a server that failed) is there.
    const QByteArray offlineNote = "offline: using the repodata cached";
    QVERIFY(!proposal->notes.empty());
    for (const auto& note : proposal->notes) {
        QVERIFY2(note.find(offlineNote.constData()) != std::string::npos, note.c_str());
    }
    const auto text = cli({QStringLiteral("install"), QStringLiteral("--dry-run"),
                           QStringLiteral("-p"), prefix, QStringLiteral("app")});
    QVERIFY2(text.exitCode == 0, text.err.constData());
    QVERIFY2(text.err.contains(offlineNote), text.err.constData());
    for (const QByteArray& line : text.err.split('\n')) {
        QVERIFY2(!line.startsWith("note:") || line.contains(offlineNote), line.constData());
    }
}

QTEST_GUILESS_MAIN(TestSamePlan)
#include "tst_same_plan.moc"
