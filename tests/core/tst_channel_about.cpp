// What channels say about their packages (channeldata.json): read from a folder channel, fetched
// from a real server on 127.0.0.1 into the cache and reused, a missing one remembered.

#include "core/channels/channel_about.h"
#include "core/config/config.h"
#include "tests/support/fault_http_server.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace envdesk;

namespace {

specs::Channel channelAt(const std::string& url)
{
    specs::ChannelContext context;
    context.platforms = {"linux-64", "noarch"};
    auto channels = specs::resolve(url, context);
    if (!channels || channels->size() != 1) {
        qFatal("cannot resolve %s", url.c_str());
    }
    return channels->front();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
           && file.write(bytes) == bytes.size();
}

// (No raw string literals here: moc cannot read multi-line ones.)
const QByteArray kChannelData =
    "{\"channeldata_version\": 1, \"packages\": {"
    "\"numpy\": {\"summary\": \"Array processing\", \"description\": \"The fundamental "
    "package\", \"home\": \"https://numpy.org\", \"license\": \"BSD-3-Clause\", \"version\": "
    "\"2.0\"}, \"odd\": {\"summary\": 42, \"home\": [\"not\", \"a\", \"string\"]}, "
    "\"broken\": \"not an object\"}}";

} // namespace

class TestChannelAbout : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesWhatItCanAndNamesWhatItCannot()
    {
        auto parsed = channels::parseChannelData(kChannelData.toStdString(), "x.json");
        QVERIFY(parsed);
        QCOMPARE(parsed->size(), std::size_t{2});
        QCOMPARE(parsed->at("numpy").summary, std::string("Array processing"));
        QCOMPARE(parsed->at("numpy").license, std::string("BSD-3-Clause"));
        QVERIFY(parsed->at("odd").summary.empty() && parsed->at("odd").home.empty());
        auto broken = channels::parseChannelData("[1, 2", "/srv/chan/channeldata.json");
        QVERIFY(!broken);
        QVERIFY(broken.error().message().find("/srv/chan/channeldata.json") != std::string::npos);
    }

    void folderAndServerChannels()
    {
        QTemporaryDir home;
        config::ConfigInputs inputs;
        inputs.homeDir = home.path().toStdString();
        inputs.systemDirs = {};
        inputs.env = {{"XDG_CACHE_HOME", home.filePath(QStringLiteral("cache")).toStdString()}};
        QVERIFY(writeFile(home.filePath(QStringLiteral(".condarc")),
                          "remote_max_retries: 0\nremote_read_timeout_secs: 2\n"));
        auto configuration = config::Config::load(inputs);
        QVERIFY(configuration);

        // A folder channel that says numpy is one thing; a server that says it is another (the
        // first channel wins) and also knows scipy; a server without channeldata.json.
        const QString folder = home.filePath(QStringLiteral("local"));
        QVERIFY(writeFile(folder + QStringLiteral("/channeldata.json"), kChannelData));
        test::FaultHttpServer server;
        QVERIFY(server.isListening());
        test::FaultResponse answer;
        answer.body = "{\"packages\": {\"numpy\": {\"summary\": \"Another numpy\"}, "
                      "\"scipy\": {\"summary\": \"Scientific tools\"}}}";
        server.script("/remote/channeldata.json", {answer});
        const std::vector<specs::Channel> channels = {
            channelAt(QUrl::fromLocalFile(folder).toString().toStdString()),
            channelAt(server.url("/remote").toStdString()),
            channelAt(server.url("/bare").toStdString())};

        auto about = channels::readChannelAbout(channels, *configuration, false, {});
        QCOMPARE(about.packages.at("numpy").summary, std::string("Array processing"));
        QCOMPARE(about.packages.at("scipy").summary, std::string("Scientific tools"));
        QVERIFY2(about.notes.empty(), about.notes.empty() ? "" : about.notes.front().c_str());
        QCOMPARE(server.hits("/remote/channeldata.json"), 1);
        QCOMPARE(server.hits("/bare/channeldata.json"), 1);

        // Again: the copies in the cache answer, and the missing one is not asked for.
        about = channels::readChannelAbout(channels, *configuration, false, {});
        QCOMPARE(about.packages.at("scipy").summary, std::string("Scientific tools"));
        QCOMPARE(server.hits("/remote/channeldata.json"), 1);
        QCOMPARE(server.hits("/bare/channeldata.json"), 1);

        // Offline with nothing cached for a channel: nothing is sent, nothing fails.
        const auto elsewhere = channelAt(server.url("/never").toStdString());
        about = channels::readChannelAbout({elsewhere}, *configuration, true, {});
        QVERIFY(about.packages.empty() && about.notes.empty());
        QCOMPARE(server.hits("/never/channeldata.json"), 0);
    }
};

QTEST_GUILESS_MAIN(TestChannelAbout)
#include "tst_channel_about.moc"
