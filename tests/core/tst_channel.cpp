#include "core/specs/channel.h"

#include <QStringList>
#include <QTest>

#include <string>
#include <vector>

using envdesk::specs::Channel;
using envdesk::specs::ChannelContext;
using envdesk::specs::PathContext;
using envdesk::specs::UnresolvedChannel;
namespace specs = envdesk::specs;
namespace util = envdesk::util;

namespace {

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

QStringList qsl(const std::vector<std::string>& list)
{
    QStringList out;
    for (const std::string& item : list) {
        out << qs(item);
    }
    return out;
}

QString codeName(util::ErrorCode code)
{
    return QString::fromUtf8(util::toString(code).data(), qsizetype(util::toString(code).size()));
}

QString kindName(UnresolvedChannel::Kind kind)
{
    switch (kind) {
    case UnresolvedChannel::Kind::Name:
        return QStringLiteral("name");
    case UnresolvedChannel::Kind::Url:
        return QStringLiteral("url");
    case UnresolvedChannel::Kind::Path:
        return QStringLiteral("path");
    }
    return {};
}

// Paths in tests never depend on the machine running them.
const PathContext kPaths{"/home/tester", "/work/project"};

// conda's defaults on Linux, with the subdirs spelt out so that every row reads the same on any
// build machine.
ChannelContext condaDefaults()
{
    ChannelContext context;
    context.defaultChannels = {"https://repo.anaconda.com/pkgs/main",
                               "https://repo.anaconda.com/pkgs/r"};
    context.platforms = {"linux-64", "noarch"};
    return context;
}

// The configuration users paste from https://mirrors.tuna.tsinghua.edu.cn/help/anaconda/.
ChannelContext tuna()
{
    ChannelContext context = condaDefaults();
    context.defaultChannels = {"https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/main",
                               "https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/r",
                               "https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/msys2"};
    context.customChannels = {
        {"conda-forge", "https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud"},
        {"pytorch", "https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud"}};
    return context;
}

// The same mirror reached through channel_alias instead of custom_channels.
ChannelContext tunaAlias()
{
    ChannelContext context = condaDefaults();
    context.channelAlias = "https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud/";
    context.defaultChannels = tuna().defaultChannels;
    return context;
}

// conda's tests/models/test_channel.py `testdata3`: credentials everywhere.
ChannelContext credentials()
{
    ChannelContext context = condaDefaults();
    context.customChannels = {
        {"chuck", "http://user1:pass2@another.url:8080/with/path/t/tk-1234"},
        {"chuck/subchan", "http://user33:pass44@another.url:8080/with/path/t/tk-1234"}};
    context.channelAlias = "ftp://nm:ps@new.url:8082/t/zyx-wvut/";
    context.defaultChannels = {"http://192.168.0.15:8080/pkgs/anaconda", "donald/label/main",
                               "http://us:pw@192.168.0.15:8080/t/tkn-123/pkgs/r"};
    return context;
}

std::vector<Channel> resolveOrFail(const QString& typed, const ChannelContext& context)
{
    auto resolved = specs::resolve(typed.toStdString(), context);
    if (!resolved) {
        qWarning("%s", resolved.error().message().c_str());
        return {};
    }
    return *resolved;
}

QStringList allUrls(const std::vector<Channel>& channels, bool withToken = true)
{
    QStringList out;
    for (const Channel& channel : channels) {
        out << qsl(channel.urls(withToken));
    }
    return out;
}

QStringList canonicalNames(const std::vector<Channel>& channels)
{
    QStringList out;
    for (const Channel& channel : channels) {
        out << qs(channel.canonicalName);
    }
    return out;
}

} // namespace

class TestChannel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void platforms();
    void parse_data();
    void parse();
    void parseRejects_data();
    void parseRejects();
    void maskSecrets_data();
    void maskSecrets();
    void stripCredentials_data();
    void stripCredentials();
    void condaDefaults_data();
    void condaDefaults();
    void defaultsMultichannel();
    void tuna_data();
    void tuna();
    void tunaChannelAlias_data();
    void tunaChannelAlias();
    void migratedChannelAlias();
    void tokenUrl();
    void credentialsFromContext_data();
    void credentialsFromContext();
    void defaultChannelsWithCredentials();
    void localChannels_data();
    void localChannels();
    void pathEqualsFileUrl();
    void localMultichannel();
    void mirrors_data();
    void mirrors();
    void customMultichannels();
    void multichannelCycle();
    void contextErrors_data();
    void contextErrors();
    void resolver();
    void handMadeUnresolvedChannel();
    void canonicalNameRoundTrip_data();
    void canonicalNameRoundTrip();
};

void TestChannel::platforms()
{
    QCOMPARE(specs::knownPlatforms().size(), std::size_t(19));
    QCOMPARE(qs(specs::knownPlatforms().back()), QStringLiteral("noarch"));
    QVERIFY(specs::isKnownPlatform("linux-64"));
    QVERIFY(specs::isKnownPlatform("noarch"));
    QVERIFY(specs::isKnownPlatform("emscripten-wasm32"));
    QVERIFY(!specs::isKnownPlatform("linux-highest"));
    QVERIFY(!specs::isKnownPlatform("Linux-64"));
    QVERIFY2(specs::isKnownPlatform(specs::currentPlatform()), specs::currentPlatform().c_str());
    const ChannelContext context;
    QCOMPARE(qsl(context.platforms),
             QStringList({qs(specs::currentPlatform()), QStringLiteral("noarch")}));
    QCOMPARE(qs(context.channelAlias), QStringLiteral("https://conda.anaconda.org"));
}

void TestChannel::parse_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("subdir");
    QTest::addColumn<QString>("str");

    auto row = [](const char* input, const char* kind, const char* location, const char* subdir,
                  const char* str) {
        QTest::newRow(input) << QString::fromUtf8(kind) << QString::fromUtf8(location)
                             << QString::fromUtf8(subdir) << QString::fromUtf8(str);
    };
    row("conda-forge", "name", "conda-forge", "", "conda-forge");
    row("  conda-forge/  ", "name", "conda-forge", "", "conda-forge");
    row("conda-forge/linux-64", "name", "conda-forge", "linux-64", "conda-forge/linux-64");
    row("conda-forge/Linux-64", "name", "conda-forge", "linux-64", "conda-forge/linux-64");
    row("bioconda/label/dev", "name", "bioconda/label/dev", "", "bioconda/label/dev");
    row("binstar/label/dev/win-32", "name", "binstar/label/dev", "win-32",
        "binstar/label/dev/win-32");
    row("defaults", "name", "defaults", "", "defaults");
    row("defaults/win-32", "name", "defaults", "win-32", "defaults/win-32");
    row("pkgs/main", "name", "pkgs/main", "", "pkgs/main");
    row("pkgs/main/noarch", "name", "pkgs/main", "noarch", "pkgs/main/noarch");
    row("linux-64", "name", "linux-64", "", "linux-64");
    row("my_channel.v2+x", "name", "my_channel.v2+x", "", "my_channel.v2+x");
    row("https://conda.anaconda.org/conda-canary/linux-64", "url",
        "https://conda.anaconda.org/conda-canary", "linux-64",
        "https://conda.anaconda.org/conda-canary/linux-64");
    row("HTTPS://Conda.Anaconda.ORG//conda-forge/", "url", "https://conda.anaconda.org/conda-forge",
        "", "https://conda.anaconda.org/conda-forge");
    row("https://repo.anaconda.com/pkgs/free/osx-64", "url", "https://repo.anaconda.com/pkgs/free",
        "osx-64", "https://repo.anaconda.com/pkgs/free/osx-64");
    row("https://conda.anaconda.org/t/tk-123-456/conda-forge", "url",
        "https://conda.anaconda.org/t/tk-123-456/conda-forge", "",
        "https://conda.anaconda.org/t/<TOKEN>/conda-forge");
    row("https://user:secret@example.com/channel", "url", "https://user:secret@example.com/channel",
        "", "https://user:<PASSWORD>@example.com/channel");
    row("https://conda.anaconda.org/conda-forge/noarch/six-1.16.0-pyh6c4a22f_0.tar.bz2", "url",
        "https://conda.anaconda.org/conda-forge", "noarch",
        "https://conda.anaconda.org/conda-forge/noarch");
    row("https://conda.anaconda.org/conda-forge/linux-64/repodata.json", "url",
        "https://conda.anaconda.org/conda-forge", "linux-64",
        "https://conda.anaconda.org/conda-forge/linux-64");
    row("https://192.168.0.0:8000", "url", "https://192.168.0.0:8000", "",
        "https://192.168.0.0:8000");
    row("https://192.168.0.0:8000/linux-64", "url", "https://192.168.0.0:8000", "linux-64",
        "https://192.168.0.0:8000/linux-64");
    row("file:///var/channels/local/", "url", "file:///var/channels/local", "",
        "file:///var/channels/local");
    row("file://localhost/srv/ch", "url", "file:///srv/ch", "", "file:///srv/ch");
    row("file:///srv/ch/linux-64", "url", "file:///srv/ch", "linux-64", "file:///srv/ch/linux-64");
    row("file://C:\\channels\\mine", "url", "file:///C:/channels/mine", "",
        "file:///C:/channels/mine");
    row("/srv/channels/mine", "path", "/srv/channels/mine", "", "/srv/channels/mine");
    row("/srv/channels/mine/osx-arm64", "path", "/srv/channels/mine", "osx-arm64",
        "/srv/channels/mine/osx-arm64");
    row("/srv//channels/./x/../mine/", "path", "/srv/channels/mine", "", "/srv/channels/mine");
    row("/srv/my channels/local", "path", "/srv/my channels/local", "", "/srv/my channels/local");
    row("/linux-64", "path", "/linux-64", "", "/linux-64");
    row("~/conda-bld", "path", "/home/tester/conda-bld", "", "/home/tester/conda-bld");
    row("~", "path", "/home/tester", "", "/home/tester");
    row("./local-channel", "path", "/work/project/local-channel", "",
        "/work/project/local-channel");
    row("../other/./ch/", "path", "/work/other/ch", "", "/work/other/ch");
    row(".", "path", "/work/project", "", "/work/project");
    row("C:\\channels\\mine\\win-64", "path", "C:/channels/mine", "win-64",
        "C:/channels/mine/win-64");
}

void TestChannel::parse()
{
    QFETCH(QString, kind);
    QFETCH(QString, location);
    QFETCH(QString, subdir);
    QFETCH(QString, str);

    const std::string input = QString::fromUtf8(QTest::currentDataTag()).toStdString();
    auto parsed = UnresolvedChannel::parse(input, kPaths);
    QVERIFY2(parsed.ok(), parsed ? "" : parsed.error().message().c_str());
    QCOMPARE(kindName(parsed->kind), kind);
    QCOMPARE(qs(parsed->location), location);
    QCOMPARE(qs(parsed->subdir.value_or("")), subdir);
    QCOMPARE(qs(parsed->str()), str);

    // What str() prints parses back to the same channel, unless a secret had to be masked.
    if (!str.contains(QStringLiteral("<"))) {
        auto again = UnresolvedChannel::parse(parsed->str(), kPaths);
        QVERIFY(again.ok());
        QVERIFY(*again == *parsed);
    }
}

void TestChannel::parseRejects_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("fragment");

    auto row = [](const char* input, const char* fragment) {
        QTest::newRow(input) << QString::fromUtf8(input) << QString::fromUtf8(fragment);
    };
    row("", "empty channel");
    row("   ", "empty channel");
    row("conda forge", "whitespace inside a channel name");
    row("conda-forge::numpy", "is a package spec");
    row("numpy>=1.0", "invalid character '>'");
    row("conda-forge//label", "empty, '.' or '..' part");
    row("a/../b", "empty, '.' or '..' part");
    row("https://", "no host");
    row("https:///path", "no host");
    row("https://ho st/x", "whitespace inside a URL");
    row("https://host/chan?x=1", "invalid character '?'");
    row("https://host/chan#top", "invalid character '#'");
    row("https://bad$host/x", "invalid character '$' in the host");
    row("file://", "names no folder");
    row("file:///", "names no folder");
    row("~someone/ch", "'~user' paths");
    row("https://conda.anaconda.org/t/<TOKEN>/conda-forge", "masked secret");
    row("1x://host/c", "invalid URL scheme");
    row("conda-forge[version]", "invalid character '['");
    row("<unknown>", "invalid character '<'");
    row("None:///<unknown>", "no host");
}

void TestChannel::parseRejects()
{
    QFETCH(QString, input);
    QFETCH(QString, fragment);

    auto parsed = UnresolvedChannel::parse(input.toStdString(), kPaths);
    QVERIFY(!parsed.ok());
    QCOMPARE(codeName(parsed.error().code), codeName(util::ErrorCode::InvalidChannel));
    const QString message = qs(parsed.error().message());
    QVERIFY2(message.contains(fragment), qPrintable(message));
    // The message names what was typed.
    QVERIFY2(message.contains(QStringLiteral("channel '") + input.trimmed() + QStringLiteral("'")),
             qPrintable(message));
}

void TestChannel::maskSecrets_data()
{
    QTest::addColumn<QString>("masked");

    auto row = [](const char* input, const char* masked) {
        QTest::newRow(input) << QString::fromUtf8(masked);
    };
    row("https://conda.anaconda.org/t/tk-123-456/conda-forge",
        "https://conda.anaconda.org/t/<TOKEN>/conda-forge");
    row("https://conda.anaconda.org/t/tk-123-456/conda-forge/linux-64/repodata.json",
        "https://conda.anaconda.org/t/<TOKEN>/conda-forge/linux-64/repodata.json");
    row("https://user:pass@host.example/path", "https://user:<PASSWORD>@host.example/path");
    row("https://user@host.example/path", "https://user@host.example/path");
    row("http://us:pw@192.168.0.15:8080/t/tkn-123/pkgs/r",
        "http://us:<PASSWORD>@192.168.0.15:8080/t/<TOKEN>/pkgs/r");
    row("https://10.2.3.4:8080/conda/t/tk-123-45", "https://10.2.3.4:8080/conda/t/<TOKEN>");
    row("failed to fetch https://x.org/t/abc-1/ch: 404, then 'https://a:b@y.org/t/zz.'",
        "failed to fetch https://x.org/t/<TOKEN>/ch: 404, then "
        "'https://a:<PASSWORD>@y.org/t/<TOKEN>.'");
    row("https://conda.anaconda.org/t/<TOKEN>/conda-forge",
        "https://conda.anaconda.org/t/<TOKEN>/conda-forge");
    row("https://user:<PASSWORD>@host/x", "https://user:<PASSWORD>@host/x");
    row("https://host/t/", "https://host/t/");
    row("not a url /t/abc-123", "not a url /t/abc-123");
    row("conda-forge", "conda-forge");
}

void TestChannel::maskSecrets()
{
    QFETCH(QString, masked);
    const std::string input = QString::fromUtf8(QTest::currentDataTag()).toStdString();
    QCOMPARE(qs(specs::maskSecrets(input)), masked);
    QCOMPARE(qs(specs::maskSecrets(specs::maskSecrets(input))), masked);
}

void TestChannel::stripCredentials_data()
{
    QTest::addColumn<QString>("stripped");

    auto row = [](const char* input, const char* stripped) {
        QTest::newRow(input) << QString::fromUtf8(stripped);
    };
    row("https://conda.anaconda.org/t/tk-123-456/conda-forge",
        "https://conda.anaconda.org/conda-forge");
    row("http://us:pw@192.168.0.15:8080/t/tkn-123/pkgs/r", "http://192.168.0.15:8080/pkgs/r");
    row("https://10.2.3.4:8080/conda/t/tk-123-45", "https://10.2.3.4:8080/conda");
    row("https://host/a/t/b", "https://host/a");
    row("https://repo.anaconda.com/pkgs/main", "https://repo.anaconda.com/pkgs/main");
    row("file:///srv/ch", "file:///srv/ch");
    // Masked forms strip to the same text, so old and new records compare equal.
    row("https://conda.anaconda.org/t/<TOKEN>/conda-forge",
        "https://conda.anaconda.org/conda-forge");
    row("https://user:<PASSWORD>@host/x", "https://host/x");
    // Every URL of a text: a spec's channel, a history dist, a line with two URLs.
    row("http://127.0.0.1:8000/t/SECRET-TOKEN/chan::numpy >=1.2",
        "http://127.0.0.1:8000/chan::numpy >=1.2");
    row("http://127.0.0.1:8000/t/SECRET-TOKEN::numpy", "http://127.0.0.1:8000::numpy");
    row("numpy[channel=https://a:b@host/t/tk-1/ch,version='>1']",
        "numpy[channel=https://host/ch,version='>1']");
    row("+https://u:p@host/t/tk-1/ch/noarch::dependent-2.0-0",
        "+https://host/ch/noarch::dependent-2.0-0");
    row("from https://host/t/tk-1/a and 'https://u:p@other/b'",
        "from https://host/a and 'https://other/b'");
    row("a /t/folder outside a URL", "a /t/folder outside a URL");
    row("numpy", "numpy");
}

void TestChannel::stripCredentials()
{
    QFETCH(QString, stripped);
    const std::string input = QString::fromUtf8(QTest::currentDataTag()).toStdString();
    QCOMPARE(qs(specs::stripCredentials(input)), stripped);
    QCOMPARE(qs(specs::stripCredentials(specs::maskSecrets(input))), stripped);
}

// Rows from conda's tests/models/test_channel.py, in conda's default configuration.
void TestChannel::condaDefaults_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QStringList>("urls");

    auto row = [](const char* input, const char* name, const char* canonical, const char* baseUrl,
                  const QStringList& urls) {
        QTest::newRow(input) << QString::fromUtf8(name) << QString::fromUtf8(canonical)
                             << QString::fromUtf8(baseUrl) << urls;
    };
    const QString main = QStringLiteral("https://repo.anaconda.com/pkgs/main");
    const QString free = QStringLiteral("https://repo.anaconda.com/pkgs/free");
    const QString cf = QStringLiteral("https://conda.anaconda.org/conda-forge");
    row("pkgs/main", "pkgs/main", "defaults", "https://repo.anaconda.com/pkgs/main",
        {main + QStringLiteral("/linux-64"), main + QStringLiteral("/noarch")});
    row("https://repo.anaconda.com/pkgs/main", "pkgs/main", "defaults",
        "https://repo.anaconda.com/pkgs/main",
        {main + QStringLiteral("/linux-64"), main + QStringLiteral("/noarch")});
    row("https://repo.anaconda.com/pkgs/main/osx-64", "pkgs/main", "defaults",
        "https://repo.anaconda.com/pkgs/main",
        {main + QStringLiteral("/osx-64"), main + QStringLiteral("/noarch")});
    row("pkgs/main/win-64", "pkgs/main", "defaults", "https://repo.anaconda.com/pkgs/main",
        {main + QStringLiteral("/win-64"), main + QStringLiteral("/noarch")});
    row("pkgs/main/label/dev", "pkgs/main/label/dev", "pkgs/main/label/dev",
        "https://repo.anaconda.com/pkgs/main/label/dev",
        {main + QStringLiteral("/label/dev/linux-64"), main + QStringLiteral("/label/dev/noarch")});
    row("https://repo.anaconda.com/pkgs/main/label/dev", "pkgs/main/label/dev",
        "pkgs/main/label/dev", "https://repo.anaconda.com/pkgs/main/label/dev",
        {main + QStringLiteral("/label/dev/linux-64"), main + QStringLiteral("/label/dev/noarch")});
    row("https://repo.anaconda.com/pkgs/free", "pkgs/free", "https://repo.anaconda.com/pkgs/free",
        "https://repo.anaconda.com/pkgs/free",
        {free + QStringLiteral("/linux-64"), free + QStringLiteral("/noarch")});
    row("https://repo.anaconda.com/pkgs/free/osx-64", "pkgs/free",
        "https://repo.anaconda.com/pkgs/free", "https://repo.anaconda.com/pkgs/free",
        {free + QStringLiteral("/osx-64"), free + QStringLiteral("/noarch")});
    // conda prints "pkgs" here, because its prefix test zips the shorter list; "pkgs" would
    // resolve to conda.anaconda.org/pkgs, so we print the URL.
    row("https://repo.anaconda.com/pkgs", "pkgs", "https://repo.anaconda.com/pkgs",
        "https://repo.anaconda.com/pkgs",
        {QStringLiteral("https://repo.anaconda.com/pkgs/linux-64"),
         QStringLiteral("https://repo.anaconda.com/pkgs/noarch")});
    row("https://conda.anaconda.org/conda-canary/linux-64", "conda-canary", "conda-canary",
        "https://conda.anaconda.org/conda-canary",
        {QStringLiteral("https://conda.anaconda.org/conda-canary/linux-64"),
         QStringLiteral("https://conda.anaconda.org/conda-canary/noarch")});
    row("conda-forge", "conda-forge", "conda-forge", "https://conda.anaconda.org/conda-forge",
        {cf + QStringLiteral("/linux-64"), cf + QStringLiteral("/noarch")});
    row("conda-forge/noarch", "conda-forge", "conda-forge",
        "https://conda.anaconda.org/conda-forge", {cf + QStringLiteral("/noarch")});
    row("https://conda.anaconda.org/conda-forge/noarch/six-1.16.0-pyh6c4a22f_0.tar.bz2",
        "conda-forge", "conda-forge", "https://conda.anaconda.org/conda-forge",
        {cf + QStringLiteral("/noarch")});
    row("binstar/label/dev", "binstar/label/dev", "binstar/label/dev",
        "https://conda.anaconda.org/binstar/label/dev",
        {QStringLiteral("https://conda.anaconda.org/binstar/label/dev/linux-64"),
         QStringLiteral("https://conda.anaconda.org/binstar/label/dev/noarch")});
    row("binstar/label/dev/win-32", "binstar/label/dev", "binstar/label/dev",
        "https://conda.anaconda.org/binstar/label/dev",
        {QStringLiteral("https://conda.anaconda.org/binstar/label/dev/win-32"),
         QStringLiteral("https://conda.anaconda.org/binstar/label/dev/noarch")});
    row("https://192.168.0.0:8000", "", "https://192.168.0.0:8000", "https://192.168.0.0:8000",
        {QStringLiteral("https://192.168.0.0:8000/linux-64"),
         QStringLiteral("https://192.168.0.0:8000/noarch")});
    row("http://conda-01", "", "http://conda-01", "http://conda-01",
        {QStringLiteral("http://conda-01/linux-64"), QStringLiteral("http://conda-01/noarch")});
    row("http://test/conda/anaconda-cluster", "anaconda-cluster",
        "http://test/conda/anaconda-cluster", "http://test/conda/anaconda-cluster",
        {QStringLiteral("http://test/conda/anaconda-cluster/linux-64"),
         QStringLiteral("http://test/conda/anaconda-cluster/noarch")});
    row("https://conda.anaconda.org.evil.example/conda-forge", "conda-forge",
        "https://conda.anaconda.org.evil.example/conda-forge",
        "https://conda.anaconda.org.evil.example/conda-forge",
        {QStringLiteral("https://conda.anaconda.org.evil.example/conda-forge/linux-64"),
         QStringLiteral("https://conda.anaconda.org.evil.example/conda-forge/noarch")});
}

void TestChannel::condaDefaults()
{
    QFETCH(QString, name);
    QFETCH(QString, canonical);
    QFETCH(QString, baseUrl);
    QFETCH(QStringList, urls);

    const QString input = QString::fromUtf8(QTest::currentDataTag());
    const ChannelContext context = ::condaDefaults();
    const std::vector<Channel> channels = resolveOrFail(input, context);
    QCOMPARE(channels.size(), std::size_t(1));
    const Channel& channel = channels.front();
    QCOMPARE(qs(channel.name), name);
    QCOMPARE(qs(channel.canonicalName), canonical);
    QCOMPARE(qs(channel.baseUrl), baseUrl);
    QCOMPARE(qsl(channel.urls()), urls);
    QCOMPARE(qsl(channel.mirrorBaseUrls), QStringList{baseUrl});
    QVERIFY(!channel.token());
    QVERIFY(!channel.isLocal());

    auto parsed = UnresolvedChannel::parse(input.toStdString());
    QVERIFY(parsed.ok());
    QCOMPARE(qs(specs::canonicalName(*parsed, context)), canonical);
}

void TestChannel::defaultsMultichannel()
{
    const ChannelContext context = ::condaDefaults();
    const std::vector<Channel> defaults = resolveOrFail(QStringLiteral("defaults"), context);
    QCOMPARE(allUrls(defaults),
             QStringList({QStringLiteral("https://repo.anaconda.com/pkgs/main/linux-64"),
                          QStringLiteral("https://repo.anaconda.com/pkgs/main/noarch"),
                          QStringLiteral("https://repo.anaconda.com/pkgs/r/linux-64"),
                          QStringLiteral("https://repo.anaconda.com/pkgs/r/noarch")}));
    QCOMPARE(canonicalNames(defaults),
             QStringList({QStringLiteral("defaults"), QStringLiteral("defaults")}));
    QCOMPARE(qs(defaults[0].name), QStringLiteral("pkgs/main"));
    QCOMPARE(qs(defaults[1].name), QStringLiteral("pkgs/r"));

    // conda's test_default_channel: a subdir typed after "defaults" applies to every member.
    const std::vector<Channel> win32 = resolveOrFail(QStringLiteral("defaults/win-32"), context);
    QCOMPARE(allUrls(win32),
             QStringList({QStringLiteral("https://repo.anaconda.com/pkgs/main/win-32"),
                          QStringLiteral("https://repo.anaconda.com/pkgs/main/noarch"),
                          QStringLiteral("https://repo.anaconda.com/pkgs/r/win-32"),
                          QStringLiteral("https://repo.anaconda.com/pkgs/r/noarch")}));
    auto parsed = UnresolvedChannel::parse("defaults/win-32");
    QVERIFY(parsed.ok());
    QCOMPARE(qs(parsed->location), QStringLiteral("defaults"));
    QCOMPARE(qs(parsed->subdir.value_or("")), QStringLiteral("win-32"));
    QCOMPARE(qs(specs::canonicalName(*parsed, context)), QStringLiteral("defaults"));

    // conda's own default on Windows adds msys2.
    const ChannelContext builtIn;
#if defined(_WIN32)
    QCOMPARE(builtIn.defaultChannels.size(), std::size_t(3));
#else
    QCOMPARE(qsl(builtIn.defaultChannels), qsl(context.defaultChannels));
#endif

    // custom_multichannels.defaults replaces default_channels (conda >= 26.1).
    ChannelContext overridden = context;
    overridden.customMultichannels["defaults"] = {"https://my-mirror.com/pkgs/main"};
    const std::vector<Channel> mirrored = resolveOrFail(QStringLiteral("defaults"), overridden);
    QCOMPARE(allUrls(mirrored),
             QStringList({QStringLiteral("https://my-mirror.com/pkgs/main/linux-64"),
                          QStringLiteral("https://my-mirror.com/pkgs/main/noarch")}));
    QCOMPARE(qs(specs::canonicalName(*UnresolvedChannel::parse("https://my-mirror.com/pkgs/main"),
                                     overridden)),
             QStringLiteral("defaults"));
}

void TestChannel::tuna_data()
{
    QTest::addColumn<QStringList>("urls");
    QTest::addColumn<QStringList>("canonical");

    const QString t = QStringLiteral("https://mirrors.tuna.tsinghua.edu.cn/anaconda");
    const QString linux64 = QStringLiteral("/linux-64");
    const QString noarch = QStringLiteral("/noarch");
    const QString defaults = QStringLiteral("defaults");
    auto both = [&](const QString& base) { return QStringList{base + linux64, base + noarch}; };

    QTest::newRow("defaults") << (both(t + QStringLiteral("/pkgs/main"))
                                  + both(t + QStringLiteral("/pkgs/r"))
                                  + both(t + QStringLiteral("/pkgs/msys2")))
                              << QStringList{defaults, defaults, defaults};
    QTest::newRow("conda-forge") << both(t + QStringLiteral("/cloud/conda-forge"))
                                 << QStringList{QStringLiteral("conda-forge")};
    QTest::newRow("pytorch") << both(t + QStringLiteral("/cloud/pytorch"))
                             << QStringList{QStringLiteral("pytorch")};
    QTest::newRow("conda-forge/label/dev")
        << both(t + QStringLiteral("/cloud/conda-forge/label/dev"))
        << QStringList{QStringLiteral("conda-forge/label/dev")};
    QTest::newRow("pytorch/linux-64")
        << both(t + QStringLiteral("/cloud/pytorch")) << QStringList{QStringLiteral("pytorch")};
    QTest::newRow("bioconda") << both(QStringLiteral("https://conda.anaconda.org/bioconda"))
                              << QStringList{QStringLiteral("bioconda")};
    QTest::newRow("https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud/conda-forge")
        << both(t + QStringLiteral("/cloud/conda-forge"))
        << QStringList{QStringLiteral("conda-forge")};
    QTest::newRow("https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/main/linux-64")
        << both(t + QStringLiteral("/pkgs/main")) << QStringList{defaults};
    // A record installed from anaconda.org before the mirror was set up still counts as
    // conda-forge (conda compares channels by name), and is fetched from where it says.
    QTest::newRow("https://conda.anaconda.org/conda-forge")
        << both(QStringLiteral("https://conda.anaconda.org/conda-forge"))
        << QStringList{QStringLiteral("conda-forge")};
    // As in conda: with default_channels moved to the mirror, "pkgs/main" is no longer one of
    // them and is an anaconda.org name like any other.
    QTest::newRow("pkgs/main") << both(QStringLiteral("https://conda.anaconda.org/pkgs/main"))
                               << QStringList{QStringLiteral("pkgs/main")};
}

void TestChannel::tuna()
{
    QFETCH(QStringList, urls);
    QFETCH(QStringList, canonical);

    const QString input = QString::fromUtf8(QTest::currentDataTag());
    const ChannelContext context = ::tuna();
    QVERIFY(specs::validate(context).ok());
    const std::vector<Channel> channels = resolveOrFail(input, context);
    QCOMPARE(allUrls(channels), urls);
    QCOMPARE(canonicalNames(channels), canonical);
    const QString expectedCanonical =
        canonical.size() == 1 ? canonical.front() : QStringLiteral("defaults");
    QCOMPARE(qs(specs::canonicalName(*UnresolvedChannel::parse(input.toStdString()), context)),
             expectedCanonical);
}

void TestChannel::tunaChannelAlias_data()
{
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("canonical");

    const QString cloud = QStringLiteral("https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud");
    QTest::newRow("bioconda") << cloud + QStringLiteral("/bioconda") << QStringLiteral("bioconda");
    QTest::newRow("conda-forge") << cloud + QStringLiteral("/conda-forge")
                                 << QStringLiteral("conda-forge");
    QTest::newRow("bioconda/label/dev")
        << cloud + QStringLiteral("/bioconda/label/dev") << QStringLiteral("bioconda/label/dev");
    QTest::newRow("https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud/bioconda/label/dev")
        << cloud + QStringLiteral("/bioconda/label/dev") << QStringLiteral("bioconda/label/dev");
    QTest::newRow("https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/r")
        << QStringLiteral("https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/r")
        << QStringLiteral("defaults");
    // Without migrated_channel_aliases, anaconda.org is just another server.
    QTest::newRow("https://conda.anaconda.org/conda-forge")
        << QStringLiteral("https://conda.anaconda.org/conda-forge")
        << QStringLiteral("https://conda.anaconda.org/conda-forge");
}

void TestChannel::tunaChannelAlias()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, canonical);

    const std::vector<Channel> channels =
        resolveOrFail(QString::fromUtf8(QTest::currentDataTag()), ::tunaAlias());
    QCOMPARE(channels.size(), std::size_t(1));
    QCOMPARE(qs(channels.front().baseUrl), baseUrl);
    QCOMPARE(qs(channels.front().canonicalName), canonical);
    QCOMPARE(qsl(channels.front().urls()), QStringList({baseUrl + QStringLiteral("/linux-64"),
                                                        baseUrl + QStringLiteral("/noarch")}));
}

void TestChannel::migratedChannelAlias()
{
    ChannelContext context = ::tunaAlias();
    context.migratedChannelAliases = {"https://conda.anaconda.org"};
    const std::vector<Channel> channels =
        resolveOrFail(QStringLiteral("https://conda.anaconda.org/conda-forge/linux-64"), context);
    QCOMPARE(channels.size(), std::size_t(1));
    QCOMPARE(qs(channels.front().baseUrl),
             QStringLiteral("https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud/conda-forge"));
    QCOMPARE(qs(channels.front().canonicalName), QStringLiteral("conda-forge"));
    QCOMPARE(qsl(channels.front().platforms),
             QStringList({QStringLiteral("linux-64"), QStringLiteral("noarch")}));
}

void TestChannel::tokenUrl()
{
    const std::string typed = "https://conda.anaconda.org/t/tk-123-456/conda-forge";
    const ChannelContext context = ::condaDefaults();
    auto parsed = UnresolvedChannel::parse(typed);
    QVERIFY(parsed.ok());
    QCOMPARE(qs(parsed->str()), QStringLiteral("https://conda.anaconda.org/t/<TOKEN>/conda-forge"));

    const std::vector<Channel> channels = resolveOrFail(qs(typed), context);
    QCOMPARE(channels.size(), std::size_t(1));
    const Channel& channel = channels.front();
    QCOMPARE(qs(channel.name), QStringLiteral("conda-forge"));
    QCOMPARE(qs(channel.canonicalName), QStringLiteral("conda-forge"));
    QCOMPARE(qs(channel.baseUrl), qs(typed));
    QCOMPARE(qs(channel.token().value_or("")), QStringLiteral("tk-123-456"));
    QCOMPARE(qsl(channel.urls()),
             QStringList(
                 {QStringLiteral("https://conda.anaconda.org/t/tk-123-456/conda-forge/linux-64"),
                  QStringLiteral("https://conda.anaconda.org/t/tk-123-456/conda-forge/noarch")}));
    QCOMPARE(qsl(channel.urls(false)),
             QStringList({QStringLiteral("https://conda.anaconda.org/conda-forge/linux-64"),
                          QStringLiteral("https://conda.anaconda.org/conda-forge/noarch")}));
    QCOMPARE(qs(channel.platformUrl("osx-arm64", false)),
             QStringLiteral("https://conda.anaconda.org/conda-forge/osx-arm64"));
    QCOMPARE(qs(specs::maskSecrets(channel.baseUrl)),
             QStringLiteral("https://conda.anaconda.org/t/<TOKEN>/conda-forge"));
    QCOMPARE(qs(specs::canonicalName(*parsed, context)), QStringLiteral("conda-forge"));
    // The same channel with and without its token: equal once credentials are dropped.
    const std::vector<Channel> plain = resolveOrFail(QStringLiteral("conda-forge"), context);
    QCOMPARE(plain.front().urls(), channel.urls(false));

    // conda's test_channel_alias_w_conda_path / test_custom_token_in_channel: a token in the
    // alias is used for names under it, and one typed in a URL replaces it.
    ChannelContext aliasWithToken = context;
    aliasWithToken.channelAlias = "https://10.2.3.4:8080/conda/t/tk-123-45";
    const std::vector<Channel> bioconda = resolveOrFail(QStringLiteral("bioconda"), aliasWithToken);
    QCOMPARE(qs(bioconda.front().canonicalName), QStringLiteral("bioconda"));
    QCOMPARE(qs(bioconda.front().token().value_or("")), QStringLiteral("tk-123-45"));
    QCOMPARE(qsl(bioconda.front().urls(false)),
             QStringList({QStringLiteral("https://10.2.3.4:8080/conda/bioconda/linux-64"),
                          QStringLiteral("https://10.2.3.4:8080/conda/bioconda/noarch")}));
    QCOMPARE(
        qsl(bioconda.front().urls()),
        QStringList({QStringLiteral("https://10.2.3.4:8080/conda/t/tk-123-45/bioconda/linux-64"),
                     QStringLiteral("https://10.2.3.4:8080/conda/t/tk-123-45/bioconda/noarch")}));
    const std::vector<Channel> other = resolveOrFail(
        QStringLiteral("https://10.2.3.4:8080/conda/t/x1029384756/bioconda"), aliasWithToken);
    QCOMPARE(qs(other.front().canonicalName), QStringLiteral("bioconda"));
    QCOMPARE(qs(other.front().token().value_or("")), QStringLiteral("x1029384756"));
    QCOMPARE(other.front().urls(false), bioconda.front().urls(false));
    const std::vector<Channel> misplaced = resolveOrFail(
        QStringLiteral("https://10.2.3.4:8080/t/x1029384756/conda/bioconda"), aliasWithToken);
    QCOMPARE(
        qsl(misplaced.front().urls()),
        QStringList({QStringLiteral("https://10.2.3.4:8080/conda/t/x1029384756/bioconda/linux-64"),
                     QStringLiteral("https://10.2.3.4:8080/conda/t/x1029384756/bioconda/noarch")}));

    // Errors never show the token.
    auto bad = UnresolvedChannel::parse("https://conda.anaconda.org/t/tk-123-456/conda forge");
    QVERIFY(!bad.ok());
    const QString message = qs(bad.error().message());
    QVERIFY2(!message.contains(QStringLiteral("tk-123-456")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("/t/<TOKEN>/")), qPrintable(message));
}

// conda's test_named_custom_channel, test_url_custom_channel, test_channel_alias (testdata3).
void TestChannel::credentialsFromContext_data()
{
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QString>("withToken");
    QTest::addColumn<QString>("withoutToken");

    QTest::newRow("chuck")
        << QStringLiteral("chuck")
        << QStringLiteral("http://user1:pass2@another.url:8080/with/path/t/tk-1234/chuck/linux-64")
        << QStringLiteral("http://another.url:8080/with/path/chuck/linux-64");
    QTest::newRow("chuck/label/dev")
        << QStringLiteral("chuck/label/dev")
        << QStringLiteral(
               "http://user1:pass2@another.url:8080/with/path/t/tk-1234/chuck/label/dev/linux-64")
        << QStringLiteral("http://another.url:8080/with/path/chuck/label/dev/linux-64");
    QTest::newRow("chuck/subchan/label/main")
        << QStringLiteral("chuck/subchan/label/main")
        << QStringLiteral("http://user33:pass44@another.url:8080/with/path/t/tk-1234/chuck/subchan/"
                          "label/main/linux-64")
        << QStringLiteral("http://another.url:8080/with/path/chuck/subchan/label/main/linux-64");
    QTest::newRow("https://newuser:newpass@another.url:8080/with/path/t/new-token/chuck/label/dev")
        << QStringLiteral("chuck/label/dev")
        << QStringLiteral("https://newuser:newpass@another.url:8080/with/path/t/new-token/chuck/"
                          "label/dev/linux-64")
        << QStringLiteral("https://another.url:8080/with/path/chuck/label/dev/linux-64");
    QTest::newRow("http://another.url:8080/with/path/chuck/subchan/label/main")
        << QStringLiteral("chuck/subchan/label/main")
        << QStringLiteral("http://user33:pass44@another.url:8080/with/path/t/tk-1234/chuck/subchan/"
                          "label/main/linux-64")
        << QStringLiteral("http://another.url:8080/with/path/chuck/subchan/label/main/linux-64");
    QTest::newRow("charlie") << QStringLiteral(
        "charlie") << QStringLiteral("ftp://nm:ps@new.url:8082/t/zyx-wvut/charlie/linux-64")
                             << QStringLiteral("ftp://new.url:8082/charlie/linux-64");
    QTest::newRow("ftp://nm:ps@new.url:8082/t/new-token/charlie/label/dev")
        << QStringLiteral("charlie/label/dev")
        << QStringLiteral("ftp://nm:ps@new.url:8082/t/new-token/charlie/label/dev/linux-64")
        << QStringLiteral("ftp://new.url:8082/charlie/label/dev/linux-64");
    QTest::newRow("ftp://new.url:8082/donald/label/main")
        << QStringLiteral("defaults")
        << QStringLiteral("ftp://nm:ps@new.url:8082/t/zyx-wvut/donald/label/main/linux-64")
        << QStringLiteral("ftp://new.url:8082/donald/label/main/linux-64");
    QTest::newRow("donald/label/main")
        << QStringLiteral("defaults")
        << QStringLiteral("ftp://nm:ps@new.url:8082/t/zyx-wvut/donald/label/main/linux-64")
        << QStringLiteral("ftp://new.url:8082/donald/label/main/linux-64");
    // conda prints "donald" (its prefix test zips the shorter list against "donald/label/main");
    // this is another server, so we print the URL.
    QTest::newRow("ftp://new.url:8081/donald")
        << QStringLiteral("ftp://new.url:8081/donald")
        << QStringLiteral("ftp://new.url:8081/donald/linux-64")
        << QStringLiteral("ftp://new.url:8081/donald/linux-64");
}

void TestChannel::credentialsFromContext()
{
    QFETCH(QString, canonical);
    QFETCH(QString, withToken);
    QFETCH(QString, withoutToken);

    const std::vector<Channel> channels =
        resolveOrFail(QString::fromUtf8(QTest::currentDataTag()), ::credentials());
    QCOMPARE(channels.size(), std::size_t(1));
    QCOMPARE(qs(channels.front().canonicalName), canonical);
    QCOMPARE(qs(channels.front().urls().front()), withToken);
    QCOMPARE(qs(channels.front().urls(false).front()), withoutToken);
    QVERIFY(!qs(specs::maskSecrets(channels.front().baseUrl)).contains(QStringLiteral("pass")));
}

void TestChannel::defaultChannelsWithCredentials()
{
    // conda's test_default_channels (testdata3).
    const std::vector<Channel> defaults =
        resolveOrFail(QStringLiteral("defaults"), ::credentials());
    QCOMPARE(allUrls(defaults, false),
             QStringList({QStringLiteral("http://192.168.0.15:8080/pkgs/anaconda/linux-64"),
                          QStringLiteral("http://192.168.0.15:8080/pkgs/anaconda/noarch"),
                          QStringLiteral("ftp://new.url:8082/donald/label/main/linux-64"),
                          QStringLiteral("ftp://new.url:8082/donald/label/main/noarch"),
                          QStringLiteral("http://192.168.0.15:8080/pkgs/r/linux-64"),
                          QStringLiteral("http://192.168.0.15:8080/pkgs/r/noarch")}));
    QCOMPARE(allUrls(defaults, true),
             QStringList(
                 {QStringLiteral("http://192.168.0.15:8080/pkgs/anaconda/linux-64"),
                  QStringLiteral("http://192.168.0.15:8080/pkgs/anaconda/noarch"),
                  QStringLiteral("ftp://nm:ps@new.url:8082/t/zyx-wvut/donald/label/main/linux-64"),
                  QStringLiteral("ftp://nm:ps@new.url:8082/t/zyx-wvut/donald/label/main/noarch"),
                  QStringLiteral("http://us:pw@192.168.0.15:8080/t/tkn-123/pkgs/r/linux-64"),
                  QStringLiteral("http://us:pw@192.168.0.15:8080/t/tkn-123/pkgs/r/noarch")}));
}

void TestChannel::localChannels_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QStringList>("urls");

    QTest::newRow(
        "file:///var/folders/cp/7r2s_s593j7_cpdtp/T/5d9f5e45/osx-64/flask-0.10.1-py35_2.tar.bz2")
        << QStringLiteral("5d9f5e45")
        << QStringLiteral("file:///var/folders/cp/7r2s_s593j7_cpdtp/T/5d9f5e45")
        << QStringList(
               {QStringLiteral("file:///var/folders/cp/7r2s_s593j7_cpdtp/T/5d9f5e45/osx-64"),
                QStringLiteral("file:///var/folders/cp/7r2s_s593j7_cpdtp/T/5d9f5e45/noarch")});
    QTest::newRow("file:///machine/shared_folder")
        << QStringLiteral("shared_folder") << QStringLiteral("file:///machine/shared_folder")
        << QStringList({QStringLiteral("file:///machine/shared_folder/linux-64"),
                        QStringLiteral("file:///machine/shared_folder/noarch")});
    QTest::newRow("file://\\machine\\shared_folder\\path\\conda")
        << QStringLiteral("conda") << QStringLiteral("file:///machine/shared_folder/path/conda")
        << QStringList({QStringLiteral("file:///machine/shared_folder/path/conda/linux-64"),
                        QStringLiteral("file:///machine/shared_folder/path/conda/noarch")});
    QTest::newRow("file:///conda-01")
        << QStringLiteral("conda-01") << QStringLiteral("file:///conda-01")
        << QStringList({QStringLiteral("file:///conda-01/linux-64"),
                        QStringLiteral("file:///conda-01/noarch")});
    QTest::newRow("/srv/channels/local")
        << QStringLiteral("local") << QStringLiteral("file:///srv/channels/local")
        << QStringList({QStringLiteral("file:///srv/channels/local/linux-64"),
                        QStringLiteral("file:///srv/channels/local/noarch")});
    QTest::newRow("/srv/my channels/conda-forge/linux-64")
        << QStringLiteral("conda-forge") << QStringLiteral("file:///srv/my%20channels/conda-forge")
        << QStringList({QStringLiteral("file:///srv/my%20channels/conda-forge/linux-64"),
                        QStringLiteral("file:///srv/my%20channels/conda-forge/noarch")});
    QTest::newRow("~/conda-bld") << QStringLiteral("conda-bld")
                                 << QStringLiteral("file:///home/tester/conda-bld")
                                 << QStringList(
                                        {QStringLiteral("file:///home/tester/conda-bld/linux-64"),
                                         QStringLiteral("file:///home/tester/conda-bld/noarch")});
    QTest::newRow("./channel") << QStringLiteral("channel")
                               << QStringLiteral("file:///work/project/channel")
                               << QStringList(
                                      {QStringLiteral("file:///work/project/channel/linux-64"),
                                       QStringLiteral("file:///work/project/channel/noarch")});
}

void TestChannel::localChannels()
{
    QFETCH(QString, name);
    QFETCH(QString, canonical);
    QFETCH(QStringList, urls);

    // A local folder named like a configured channel is not that channel.
    const ChannelContext context = ::tuna();
    auto parsed = UnresolvedChannel::parse(QTest::currentDataTag(), kPaths);
    QVERIFY2(parsed.ok(), parsed ? "" : parsed.error().message().c_str());
    auto resolved = specs::resolve(*parsed, context);
    QVERIFY(resolved.ok());
    QCOMPARE(resolved->size(), std::size_t(1));
    const Channel& channel = resolved->front();
    QCOMPARE(qs(channel.name), name);
    QCOMPARE(qs(channel.canonicalName), canonical);
    QCOMPARE(qs(channel.baseUrl), canonical);
    QCOMPARE(qsl(channel.urls()), urls);
    QVERIFY(channel.isLocal());
    QVERIFY(!channel.token());
    QCOMPARE(qs(specs::canonicalName(*parsed, context)), canonical);
}

void TestChannel::pathEqualsFileUrl()
{
    const ChannelContext context = ::condaDefaults();
    auto fromPath =
        specs::resolve(*UnresolvedChannel::parse("/srv/channels/mine/linux-64", kPaths), context);
    auto fromUrl = specs::resolve("file:///srv/channels/mine/linux-64", context);
    QVERIFY(fromPath.ok());
    QVERIFY(fromUrl.ok());
    QVERIFY(*fromPath == *fromUrl);
    QCOMPARE(qsl(fromPath->front().platforms),
             QStringList({QStringLiteral("linux-64"), QStringLiteral("noarch")}));
}

void TestChannel::localMultichannel()
{
    // conda's reserved "local" multichannel (conda-build's output folders), as the config layer
    // would fill it in.
    ChannelContext context = ::condaDefaults();
    context.customMultichannels["local"] = {"/srv/conda-bld"};
    const std::vector<Channel> local = resolveOrFail(QStringLiteral("local"), context);
    QCOMPARE(allUrls(local), QStringList({QStringLiteral("file:///srv/conda-bld/linux-64"),
                                          QStringLiteral("file:///srv/conda-bld/noarch")}));
    QCOMPARE(canonicalNames(local), QStringList{QStringLiteral("local")});
    QCOMPARE(qs(specs::canonicalName(*UnresolvedChannel::parse("file:///srv/conda-bld"), context)),
             QStringLiteral("local"));
    // Another folder with the same last component is not a member.
    QCOMPARE(qs(specs::canonicalName(*UnresolvedChannel::parse("/tmp/conda-bld"), context)),
             QStringLiteral("file:///tmp/conda-bld"));
}

void TestChannel::mirrors_data()
{
    QTest::addColumn<QStringList>("mirrorBaseUrls");

    QTest::newRow("conda-forge") << QStringList(
        {QStringLiteral("https://prefix.dev/conda-forge"),
         QStringLiteral("https://conda.anaconda.org/conda-forge")});
    QTest::newRow("bioconda/linux-64")
        << QStringList({QStringLiteral("https://prefix.dev/bioconda"),
                        QStringLiteral("https://conda.anaconda.org/bioconda")});
    // The longer prefix wins, and names the channel itself: no mirror for labels.
    QTest::newRow("conda-forge/label/dev")
        << QStringList({QStringLiteral("https://conda.anaconda.org/conda-forge/label/dev")});
    QTest::newRow("pkgs/main") << QStringList(
        {QStringLiteral("https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/main"),
         QStringLiteral("https://mirrors.bfsu.edu.cn/anaconda/pkgs/main"),
         QStringLiteral("https://repo.anaconda.com/pkgs/main")});
    // A prefix matches whole path segments only.
    QTest::newRow("https://repo.anaconda.com/pkgs-extra/x")
        << QStringList({QStringLiteral("https://repo.anaconda.com/pkgs-extra/x")});
    QTest::newRow("https://conda.anaconda.org.evil.example/x")
        << QStringList({QStringLiteral("https://conda.anaconda.org.evil.example/x")});
    // The token is for anaconda.org; it is not sent to the mirror.
    QTest::newRow("https://conda.anaconda.org/t/tk-1/private")
        << QStringList({QStringLiteral("https://prefix.dev/private"),
                        QStringLiteral("https://conda.anaconda.org/t/tk-1/private")});
    QTest::newRow("/srv/local") << QStringList({QStringLiteral("file:///srv/local")});
}

void TestChannel::mirrors()
{
    QFETCH(QStringList, mirrorBaseUrls);

    // pixi's mirror example (fixtures/condarc/pixi__mirror_prefix_config.toml), plus defaults.
    ChannelContext context = ::condaDefaults();
    context.mirrors = {{"https://conda.anaconda.org", {"https://prefix.dev/"}},
                       {"https://conda.anaconda.org/conda-forge/label",
                        {"https://conda.anaconda.org/conda-forge/label"}},
                       {"https://repo.anaconda.com/pkgs/",
                        {"https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs",
                         "https://mirrors.bfsu.edu.cn/anaconda/pkgs/"}}};
    QVERIFY(specs::validate(context).ok());
    const std::vector<Channel> channels =
        resolveOrFail(QString::fromUtf8(QTest::currentDataTag()), context);
    QCOMPARE(channels.size(), std::size_t(1));
    QCOMPARE(qsl(channels.front().mirrorBaseUrls), mirrorBaseUrls);
    QCOMPARE(qs(channels.front().mirrorBaseUrls.back()), qs(channels.front().baseUrl));
}

void TestChannel::customMultichannels()
{
    ChannelContext context = ::tuna();
    // conda's documentation example; conda-forge is a mirrored custom channel here.
    context.customMultichannels["my-multichannel"] = {"http://some.custom/channel", "conda-forge"};
    context.customMultichannels["everything"] = {"defaults", "bioconda/linux-64"};
    QVERIFY(specs::validate(context).ok());

    const std::vector<Channel> mine = resolveOrFail(QStringLiteral("my-multichannel"), context);
    QCOMPARE(allUrls(mine),
             QStringList(
                 {QStringLiteral("http://some.custom/channel/linux-64"),
                  QStringLiteral("http://some.custom/channel/noarch"),
                  QStringLiteral(
                      "https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud/conda-forge/linux-64"),
                  QStringLiteral(
                      "https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud/conda-forge/noarch")}));
    QCOMPARE(canonicalNames(mine),
             QStringList({QStringLiteral("my-multichannel"), QStringLiteral("my-multichannel")}));
    // conda: a member's name prints as its multichannel.
    QCOMPARE(qs(specs::canonicalName(*UnresolvedChannel::parse("conda-forge"), context)),
             QStringLiteral("my-multichannel"));
    QCOMPARE(qs(specs::canonicalName(*UnresolvedChannel::parse("my-multichannel/osx-64"), context)),
             QStringLiteral("my-multichannel"));

    // A multichannel may name another; a member's own subdir is kept.
    const std::vector<Channel> everything = resolveOrFail(QStringLiteral("everything"), context);
    QCOMPARE(everything.size(), std::size_t(4));
    QCOMPARE(qs(everything[3].baseUrl), QStringLiteral("https://conda.anaconda.org/bioconda"));
    QCOMPARE(qsl(everything[3].platforms),
             QStringList({QStringLiteral("linux-64"), QStringLiteral("noarch")}));
    QCOMPARE(canonicalNames(everything), QStringList(4, QStringLiteral("everything")));
}

void TestChannel::multichannelCycle()
{
    ChannelContext context = ::condaDefaults();
    context.customMultichannels["a"] = {"b"};
    context.customMultichannels["b"] = {"a"};
    auto resolved = specs::resolve("conda-forge", context);
    QVERIFY(!resolved.ok());
    QCOMPARE(codeName(resolved.error().code), codeName(util::ErrorCode::InvalidChannel));
    QVERIFY2(qs(resolved.error().message()).contains(QStringLiteral("contains itself")),
             resolved.error().message().c_str());
}

void TestChannel::contextErrors_data()
{
    QTest::addColumn<QString>("key");

    // Each row breaks one key; contextErrors() sets it up from the row name.
    QTest::newRow("channel_alias") << QStringLiteral("channel_alias");
    QTest::newRow("custom_channels['conda forge']")
        << QStringLiteral("custom_channels['conda forge']");
    QTest::newRow("custom_channels['conda-forge']")
        << QStringLiteral("custom_channels['conda-forge']");
    QTest::newRow("default_channels") << QStringLiteral("default_channels");
    QTest::newRow("custom_multichannels['mine']") << QStringLiteral("custom_multichannels['mine']");
    QTest::newRow("mirrors['https://conda.anaconda.org']")
        << QStringLiteral("mirrors['https://conda.anaconda.org']");
}

void TestChannel::contextErrors()
{
    QFETCH(QString, key);

    ChannelContext context = ::condaDefaults();
    const QString tag = QString::fromUtf8(QTest::currentDataTag());
    if (tag == QStringLiteral("channel_alias")) {
        context.channelAlias = "conda.anaconda.org";
    } else if (tag == QStringLiteral("custom_channels['conda forge']")) {
        context.customChannels["conda forge"] = "https://mirror.example/cloud";
    } else if (tag == QStringLiteral("custom_channels['conda-forge']")) {
        context.customChannels["conda-forge"] = "https://mirror.example/cl oud";
    } else if (tag == QStringLiteral("default_channels")) {
        context.defaultChannels = {"https://repo.anaconda.com/pkgs/main", "pkgs main"};
    } else if (tag == QStringLiteral("custom_multichannels['mine']")) {
        context.customMultichannels["mine"] = {"https://"};
    } else {
        context.mirrors = {{"https://conda.anaconda.org", {"prefix.dev"}}};
    }

    auto valid = specs::validate(context);
    QVERIFY(!valid.ok());
    QCOMPARE(codeName(valid.error().code), codeName(util::ErrorCode::InvalidChannel));
    QVERIFY2(qs(valid.error().message()).startsWith(key), valid.error().message().c_str());
    auto resolved = specs::resolve("conda-forge", context);
    QVERIFY(!resolved.ok());
    QCOMPARE(qs(resolved.error().message()), qs(valid.error().message()));
    QVERIFY(!specs::ChannelResolver::create(context).ok());
    QVERIFY(specs::validate(::condaDefaults()).ok());
    QVERIFY(specs::validate(::credentials()).ok());
}

void TestChannel::resolver()
{
    ChannelContext context = ::tuna();
    context.paths = kPaths;
    auto resolver = specs::ChannelResolver::create(context);
    QVERIFY(resolver.ok());
    QVERIFY(resolver->context() == context);
    for (const char* typed : {"defaults", "conda-forge/linux-64", "bioconda", "/srv/ch",
                              "https://conda.anaconda.org/t/tk-1/conda-forge"}) {
        auto viaResolver = resolver->resolve(typed);
        auto viaFunction = specs::resolve(typed, ::tuna());
        QVERIFY(viaResolver.ok());
        QVERIFY(viaFunction.ok());
        QVERIFY2(*viaResolver == *viaFunction, typed);
        const UnresolvedChannel parsed = *UnresolvedChannel::parse(typed);
        QCOMPARE(qs(resolver->canonicalName(parsed)), qs(specs::canonicalName(parsed, ::tuna())));
    }
    // Copies share the prepared tables.
    const specs::ChannelResolver copy = *resolver;
    QCOMPARE(qs(copy.resolve("pytorch")->front().baseUrl),
             QStringLiteral("https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud/pytorch"));
}

void TestChannel::handMadeUnresolvedChannel()
{
    // The struct's fields are public; resolve() checks them as parse() would.
    const ChannelContext context = ::condaDefaults();
    UnresolvedChannel empty;
    QVERIFY(!specs::resolve(empty, context).ok());
    UnresolvedChannel spaced{UnresolvedChannel::Kind::Name, "conda forge", std::nullopt};
    QVERIFY(!specs::resolve(spaced, context).ok());
    UnresolvedChannel badUrl{UnresolvedChannel::Kind::Url, "https://", std::nullopt};
    QVERIFY(!specs::resolve(badUrl, context).ok());
    UnresolvedChannel emptyPath{UnresolvedChannel::Kind::Path, "", std::nullopt};
    QVERIFY(!specs::resolve(emptyPath, context).ok());
    UnresolvedChannel good{UnresolvedChannel::Kind::Name, "conda-forge", std::string("noarch")};
    QCOMPARE(qsl(specs::resolve(good, context)->front().urls()),
             QStringList{QStringLiteral("https://conda.anaconda.org/conda-forge/noarch")});
    QCOMPARE(qs(specs::canonicalName(empty, context)), QString());
}

// What canonicalName prints resolves back to the same channel (credentials aside), so MatchSpec
// can print "conda-forge::numpy" and read it back.
void TestChannel::canonicalNameRoundTrip_data()
{
    QTest::addColumn<int>("unused");
    for (const char* input :
         {"conda-forge", "conda-forge/linux-64", "bioconda/label/dev",
          "https://conda.anaconda.org/t/tk-123-456/conda-forge",
          "https://conda.anaconda.org/conda-canary/linux-64", "https://repo.anaconda.com/pkgs/free",
          "https://repo.anaconda.com/pkgs/main/label/dev", "https://repo.anaconda.com/pkgs",
          "http://test/conda/anaconda-cluster", "https://192.168.0.0:8000",
          "https://user:pw@private.example/channels/team", "file:///srv/channels/mine",
          "/srv/my channels/x", "pkgs/main/label/dev"}) {
        QTest::newRow(input) << 0;
    }
}

void TestChannel::canonicalNameRoundTrip()
{
    const ChannelContext context = ::condaDefaults();
    const std::vector<Channel> first =
        resolveOrFail(QString::fromUtf8(QTest::currentDataTag()), context);
    QCOMPARE(first.size(), std::size_t(1));
    const std::vector<Channel> again = resolveOrFail(qs(first.front().canonicalName), context);
    QCOMPARE(again.size(), std::size_t(1));
    QCOMPARE(qs(specs::stripCredentials(again.front().baseUrl)),
             qs(specs::stripCredentials(first.front().baseUrl)));
    QCOMPARE(qs(again.front().canonicalName), qs(first.front().canonicalName));
    QVERIFY(!qs(first.front().canonicalName).contains(QStringLiteral("tk-123")));
    QVERIFY(!qs(first.front().canonicalName).contains(QStringLiteral("pw@")));
}

QTEST_APPLESS_MAIN(TestChannel)
#include "tst_channel.moc"
