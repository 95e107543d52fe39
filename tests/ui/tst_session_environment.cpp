// The GUI's session environment (the Machine page's "for this session" overrides): laid over
// the base inputs the composition root read, in the value the GUI's work takes
// (ui::SessionEnvironment::inputs), never written into the process environment, private to each
// object, and readable from other threads while it changes.

#include "core/platform/virtual_packages.h"
#include "core/repodata/index_memory.h"
#include "tests/support/fault_http_server.h"
#include "ui/changes/change_sources.h"
#include "ui/common/session_environment.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace envdesk;

namespace {

// A home whose .condarc names one channel on a test server, with no retries and a short read
// timeout.
bool writeServerCondarc(const QTemporaryDir& home, const QString& channel)
{
    QFile condarc(home.filePath(QStringLiteral(".condarc")));
    return condarc.open(QIODevice::WriteOnly)
           && condarc.write("channels: [" + channel.toUtf8()
                            + "]\nremote_max_retries: 0\nremote_read_timeout_secs: 1\n")
                  > 0;
}

// The inputs of a session living in `home`: no system files, caches inside it.
config::ConfigInputs homeInputs(const QTemporaryDir& home)
{
    config::ConfigInputs inputs;
    inputs.homeDir = home.path().toStdString();
    inputs.systemDirs = {};
    inputs.env = {{"XDG_CACHE_HOME", home.filePath(QStringLiteral("cache")).toStdString()}};
    return inputs;
}

// Inputs as a composition root might read them, without the process.
config::ConfigInputs baseInputs()
{
    config::ConfigInputs inputs;
    inputs.homeDir = "/home/user";
    inputs.currentDir = "/work";
    inputs.env = {{"HOME", "/home/user"},
                  {"CONDA_OVERRIDE_GLIBC", "2.17"},
                  {"CONDA_OVERRIDE_CUDA", "11.2"},
                  {"PATH", "/usr/bin"}};
    return inputs;
}

const std::optional<std::string> kUnset;

} // namespace

class TestSessionEnvironment : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void withoutOverridesTheBaseIsSeen();
    void overridesLieOverTheBase();
    void nulloptHidesAVariable();
    void clearGoesBackToTheBase();
    void theProcessEnvironmentIsNeitherReadNorWritten();
    void twoSessionsAreIndependent();
    void readersOnOtherThreadsSeeWholeValues();
    void offlineSwitchIsTheConfigurationsOffline();
    void aServerThatDidNotAnswerIsNotWaitedOnAgain();
    void loadedChannelsAreReusedAcrossDialogs();
    void loadedChannelsAreKeptForHalfAnHour();
};

void TestSessionEnvironment::offlineSwitchIsTheConfigurationsOffline()
{
    QTemporaryDir home;
    config::ConfigInputs base;
    base.homeDir = home.path().toStdString();
    base.systemDirs = {};
    ui::SessionEnvironment session(base);
    QVERIFY(!session.offline());
    QVERIFY(!config::Config::load(session.inputs())->offline());
    session.setOffline(true);
    QVERIFY(config::Config::load(session.inputs())->offline());
    session.clear(); // the Machine page's overrides only
    QVERIFY(session.offline());
    session.setOffline(false);
    QVERIFY(!config::Config::load(session.inputs())->offline());
    // Every session remembers servers, and every snapshot shares its memory.
    QVERIFY(session.unreachableServers() != nullptr);
    QCOMPARE(session.inputs().unreachableServers, session.unreachableServers());
}

// With the configured channel's server silent (no answer within the read timeout), the first read
// of the channels tries it; every later read in the session (the next dialog) sends nothing and
// takes the cached index at once, or says the server did not answer. Forgetting it tries again.
void TestSessionEnvironment::aServerThatDidNotAnswerIsNotWaitedOnAgain()
{
    QTemporaryDir home;
    test::FaultHttpServer server;
    QVERIFY(server.isListening());
    const QByteArray linux64 = "/chan/linux-64/repodata.json";
    const QByteArray noarch = "/chan/noarch/repodata.json";
    const QByteArray repodata = R"({"info": {"subdir": "noarch"}, "packages": {}})";
    test::FaultResponse answer;
    answer.body = repodata;
    // Failing: the server accepts the connection and then says nothing (no status line).
    test::FaultResponse failing;
    failing.fault = test::FaultResponse::Fault::Silent;
    server.script(linux64, {answer});
    server.script(noarch, {answer});
    QVERIFY(writeServerCondarc(home, server.url("/chan")));
    const ui::SessionEnvironment session(homeInputs(home));

    // Online once: the index is cached.
    auto configuration = config::Config::load(session.inputs());
    QVERIFY(configuration);
    QVERIFY(ui::readChannels(*configuration, {}));
    QCOMPARE(server.hits(noarch), 1);
    // Reload Channels: what was loaded is forgotten, so the next read asks the server.
    session.indexMemory()->forget();

    // Then the server fails, and stays failing.
    server.script(linux64, {failing});
    server.script(noarch, {failing});
    configuration = config::Config::load(session.inputs());
    QVERIFY(configuration);
    (void)ui::readChannels(*configuration, {}, {});
    const int tried = server.hits(noarch);
    QVERIFY(tried >= 1);
    QVERIFY(!session.unreachableServers()->entries().empty());

    // The next dialog's read: nothing is sent, the cache answers.
    configuration = config::Config::load(session.inputs());
    auto again = ui::readChannels(*configuration, {});
    QVERIFY2(again, again ? "" : again.error().message().c_str());
    QVERIFY(!again->usedDemo);
    QCOMPARE(server.hits(noarch), tried);

    // Try again: the server is asked once more (and, still silent, remembered again).
    session.unreachableServers()->forgetAll();
    QVERIFY(session.unreachableServers()->entries().empty());
    (void)ui::readChannels(*configuration, {});
    QCOMPARE(session.unreachableServers()->entries().size(), std::size_t{1});
}

// A channel whose server says every answer is stale at once (max-age=0), so conda's rules would
// revalidate it on every read: within one session, the second dialog's read sends nothing and
// answers from what the first loaded; Reload (forget) asks again. A cached stand-in for a
// failing server is not kept: once it answers again, the next read gets the new data.
void TestSessionEnvironment::loadedChannelsAreReusedAcrossDialogs()
{
    QTemporaryDir home;
    test::FaultHttpServer server;
    QVERIFY(server.isListening());
    const QByteArray linux64 = "/chan/linux-64/repodata.json";
    const QByteArray noarch = "/chan/noarch/repodata.json";
    const auto answer = [](const QByteArray& packages) {
        test::FaultResponse response;
        response.body = R"({"info": {"subdir": "noarch"}, "packages": {)" + packages + "}}";
        response.headers = {{"Cache-Control", "max-age=0"}};
        return response;
    };
    const QByteArray one = R"("a-1.0-0.tar.bz2": {"name": "a", "version": "1.0", "build": "0",
        "build_number": 0, "depends": []})";
    const QByteArray two = one + R"(, "a-2.0-0.tar.bz2": {"name": "a", "version": "2.0",
        "build": "0", "build_number": 0, "depends": []})";
    server.script(linux64, {answer("")});
    server.script(noarch, {answer(one)});
    QVERIFY(writeServerCondarc(home, server.url("/chan")));
    const ui::SessionEnvironment session(homeInputs(home));
    QVERIFY(session.indexMemory() != nullptr);
    QCOMPARE(session.inputs().indexMemory, session.indexMemory());

    const auto versionsOfA = [&session]() -> QStringList {
        auto configuration = config::Config::load(session.inputs());
        auto read = configuration ? ui::readChannels(*configuration, {})
                                  : util::Result<ui::ChannelsRead>(configuration.error());
        if (!read) {
            return {QString::fromStdString(read.error().message())};
        }
        QStringList versions;
        for (const auto& subdir : read->loaded.subdirs) {
            if (auto records = subdir.recordsFor("a"); records) {
                for (const auto& record : *records) {
                    versions << QString::fromStdString(record.version);
                }
            }
        }
        return versions;
    };
    QCOMPARE(versionsOfA(), QStringList{QStringLiteral("1.0")});
    QCOMPARE(server.hits(noarch), 1);
    QCOMPARE(session.indexMemory()->size(), std::size_t{2});

    // The channel changes on the server; the next dialogs answer from what was loaded.
    server.script(noarch, {answer(two)});
    QCOMPARE(versionsOfA(), QStringList{QStringLiteral("1.0")});
    QCOMPARE(versionsOfA(), QStringList{QStringLiteral("1.0")});
    QCOMPARE(server.hits(noarch), 1);
    QCOMPARE(server.hits(linux64), 1);

    // Reload Channels: asked again, the new version is there.
    session.indexMemory()->forget();
    QCOMPARE(versionsOfA(), (QStringList{QStringLiteral("1.0"), QStringLiteral("2.0")}));
    QCOMPARE(server.hits(noarch), 2);

    // A failing server: the cache stands in, and that stand-in is not kept.
    session.indexMemory()->forget();
    test::FaultResponse broken;
    broken.status = 500;
    server.script(noarch, {broken});
    QCOMPARE(versionsOfA(), (QStringList{QStringLiteral("1.0"), QStringLiteral("2.0")}));
    QCOMPARE(server.hits(noarch), 3);
    server.script(noarch, {answer(one)});
    QCOMPARE(versionsOfA(), QStringList{QStringLiteral("1.0")});
    QCOMPARE(server.hits(noarch), 4);
}

// What a session keeps of a subdir is used for 30 minutes after it was fetched, then the
// channel is asked again.
void TestSessionEnvironment::loadedChannelsAreKeptForHalfAnHour()
{
    repodata::IndexMemory memory;
    auto now = repodata::IndexMemory::Clock::now();
    memory.setClock([&now] { return now; });
    memory.remember("chan\nhttps://x/linux-64", {});
    now += std::chrono::minutes(29);
    QVERIFY(memory.find("chan\nhttps://x/linux-64").has_value());
    QVERIFY(!memory.find("chan\nhttps://x/noarch").has_value());
    now += std::chrono::minutes(1);
    QVERIFY(!memory.find("chan\nhttps://x/linux-64").has_value());
}

void TestSessionEnvironment::withoutOverridesTheBaseIsSeen()
{
    const ui::SessionEnvironment session(baseInputs());
    const auto inputs = session.inputs();
    QCOMPARE(inputs.env, baseInputs().env);
    QCOMPARE(inputs.homeDir, std::string("/home/user"));
    QCOMPARE(inputs.currentDir, std::string("/work"));
    QCOMPARE(session.variable("CONDA_OVERRIDE_CUDA"), std::optional<std::string>("11.2"));
    QCOMPARE(session.variable("NOT_SET_ANYWHERE"), kUnset);
}

void TestSessionEnvironment::overridesLieOverTheBase()
{
    ui::SessionEnvironment session(baseInputs());
    session.set("CONDA_OVERRIDE_CUDA", "12.4");
    session.set("CONDA_OVERRIDE_ARCHSPEC", "x86_64_v3");
    session.set("CONDA_OVERRIDE_LINUX", ""); // set and empty is a value
    const auto inputs = session.inputs();
    QCOMPARE(inputs.env.at("CONDA_OVERRIDE_CUDA"), std::string("12.4"));
    QCOMPARE(inputs.env.at("CONDA_OVERRIDE_ARCHSPEC"), std::string("x86_64_v3"));
    QCOMPARE(inputs.env.at("CONDA_OVERRIDE_LINUX"), std::string());
    // What the session does not override stays as the base has it.
    QCOMPARE(inputs.env.at("CONDA_OVERRIDE_GLIBC"), std::string("2.17"));
    QCOMPARE(inputs.env.at("PATH"), std::string("/usr/bin"));
    QCOMPARE(inputs.homeDir, std::string("/home/user"));
    QCOMPARE(session.variable("CONDA_OVERRIDE_CUDA"), std::optional<std::string>("12.4"));
    QCOMPARE(session.variable("CONDA_OVERRIDE_LINUX"), std::optional<std::string>(""));
    const auto overrides = platform::condaOverridesIn(inputs.env);
    QCOMPARE(overrides.at("CONDA_OVERRIDE_CUDA"), std::string("12.4"));
    // A later set replaces the earlier one.
    session.set("CONDA_OVERRIDE_CUDA", "11.8");
    QCOMPARE(session.inputs().env.at("CONDA_OVERRIDE_CUDA"), std::string("11.8"));
}

void TestSessionEnvironment::nulloptHidesAVariable()
{
    ui::SessionEnvironment session(baseInputs());
    session.set("CONDA_OVERRIDE_GLIBC", std::nullopt);
    session.set("NOT_SET_ANYWHERE", std::nullopt);
    const auto inputs = session.inputs();
    QCOMPARE(inputs.env.count("CONDA_OVERRIDE_GLIBC"), std::size_t{0});
    QCOMPARE(inputs.env.count("NOT_SET_ANYWHERE"), std::size_t{0});
    QCOMPARE(inputs.env.size(), baseInputs().env.size() - 1);
    QCOMPARE(session.variable("CONDA_OVERRIDE_GLIBC"), kUnset);
    QCOMPARE(platform::condaOverridesIn(inputs.env).count("CONDA_OVERRIDE_GLIBC"), std::size_t{0});
}

void TestSessionEnvironment::clearGoesBackToTheBase()
{
    ui::SessionEnvironment session(baseInputs());
    session.set("CONDA_OVERRIDE_CUDA", "12.4");
    session.set("CONDA_OVERRIDE_GLIBC", std::nullopt);
    session.clear();
    QCOMPARE(session.inputs().env, baseInputs().env);
    QCOMPARE(session.variable("CONDA_OVERRIDE_CUDA"), std::optional<std::string>("11.2"));
    QCOMPARE(session.variable("CONDA_OVERRIDE_GLIBC"), std::optional<std::string>("2.17"));
}

void TestSessionEnvironment::theProcessEnvironmentIsNeitherReadNorWritten()
{
    qputenv("ENVDESK_SESSION_TEST_ONLY_IN_PROCESS", "1");
    qunsetenv("CONDA_OVERRIDE_OSX");
    ui::SessionEnvironment session(baseInputs());
    session.set("CONDA_OVERRIDE_OSX", "14.0");
    QVERIFY(!qEnvironmentVariableIsSet("CONDA_OVERRIDE_OSX"));
    // Only the base inputs are read, whatever the process holds.
    QCOMPARE(session.variable("ENVDESK_SESSION_TEST_ONLY_IN_PROCESS"), kUnset);
    QCOMPARE(session.inputs().env.count("ENVDESK_SESSION_TEST_ONLY_IN_PROCESS"), std::size_t{0});
    qunsetenv("ENVDESK_SESSION_TEST_ONLY_IN_PROCESS");
}

void TestSessionEnvironment::twoSessionsAreIndependent()
{
    ui::SessionEnvironment first(baseInputs());
    config::ConfigInputs otherBase = baseInputs();
    otherBase.env["CONDA_OVERRIDE_CUDA"] = "10.2";
    ui::SessionEnvironment second(otherBase);

    first.set("CONDA_OVERRIDE_CUDA", "12.4");
    second.set("CONDA_OVERRIDE_GLIBC", std::nullopt);
    QCOMPARE(first.variable("CONDA_OVERRIDE_CUDA"), std::optional<std::string>("12.4"));
    QCOMPARE(first.variable("CONDA_OVERRIDE_GLIBC"), std::optional<std::string>("2.17"));
    QCOMPARE(second.variable("CONDA_OVERRIDE_CUDA"), std::optional<std::string>("10.2"));
    QCOMPARE(second.variable("CONDA_OVERRIDE_GLIBC"), kUnset);

    first.clear();
    QCOMPARE(first.variable("CONDA_OVERRIDE_CUDA"), std::optional<std::string>("11.2"));
    QCOMPARE(second.variable("CONDA_OVERRIDE_GLIBC"), kUnset); // still hidden there
}

void TestSessionEnvironment::readersOnOtherThreadsSeeWholeValues()
{
    ui::SessionEnvironment session(baseInputs());
    session.set("CONDA_OVERRIDE_CUDA", "12.4");
    // Readers on other threads while the session changes: no torn values, no lost variables.
    std::atomic<bool> done{false};
    std::atomic<int> bad{0};
    std::atomic<int> variableReads{0};
    std::atomic<int> inputsReads{0};
    std::thread variableReader([&] {
        while (!done) {
            const auto value = session.variable("CONDA_OVERRIDE_CUDA");
            if (!value || (*value != "12.4" && *value != "11.8")) {
                ++bad;
            }
            ++variableReads;
        }
    });
    std::thread inputsReader([&] {
        while (!done) {
            const auto inputs = session.inputs();
            const auto cuda = inputs.env.find("CONDA_OVERRIDE_CUDA");
            if (cuda == inputs.env.end() || (cuda->second != "12.4" && cuda->second != "11.8")
                || inputs.env.at("PATH") != "/usr/bin") {
                ++bad;
            }
            ++inputsReads;
        }
    });
    for (int i = 0; i < 2000; ++i) {
        session.set("CONDA_OVERRIDE_CUDA", i % 2 == 0 ? "11.8" : "12.4");
        session.set("CONDA_OVERRIDE_WIN",
                    i % 2 == 0 ? std::optional<std::string>("10") : std::nullopt);
    }
    // Both readers have read at least once.
    while (variableReads == 0 || inputsReads == 0) {
        std::this_thread::yield();
    }
    done = true;
    variableReader.join();
    inputsReader.join();
    QCOMPARE(bad.load(), 0);
    QCOMPARE(session.variable("CONDA_OVERRIDE_CUDA"), std::optional<std::string>("12.4"));
}

QTEST_GUILESS_MAIN(TestSessionEnvironment)
#include "tst_session_environment.moc"
