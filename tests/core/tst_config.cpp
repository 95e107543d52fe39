// The merged .condarc: conda's search path, merge rules, markers, CONDA_* variables, typed keys
// and their errors, and real mirror configurations resolved to URLs.

#include "core/config/channel_settings_check.h"
#include "core/config/config.h"
#include "core/config/config_json.h"
#include "core/specs/channel.h"
#include "tests/support/string_lists.h"
#include "vector_file.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <string>
#include <vector>

using envdesk::config::ChannelPriority;
using envdesk::config::Config;
using envdesk::config::ConfigInputs;
namespace config = envdesk::config;
namespace specs = envdesk::specs;
namespace util = envdesk::util;

Q_DECLARE_METATYPE(std::string)

namespace {

using envdesk::test::sl;

QStringList qsl(const std::vector<std::string>& list)
{
    QStringList out;
    for (const auto& item : list) {
        out << QString::fromStdString(item);
    }
    return out;
}

std::string writeFile(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        qFatal("cannot write %s", qPrintable(path));
    }
    file.write(text);
    return path.toStdString();
}

// A machine of its own inside a temporary folder: no real /etc/conda or ~/.condarc is read.
ConfigInputs inputsIn(const QTemporaryDir& dir)
{
    ConfigInputs inputs;
    inputs.homeDir = (dir.path() + QStringLiteral("/home")).toStdString();
    inputs.systemDirs = {(dir.path() + QStringLiteral("/etc/conda")).toStdString()};
    inputs.rootPrefix = (dir.path() + QStringLiteral("/root")).toStdString();
    return inputs;
}

util::Result<Config> loadText(const QTemporaryDir& dir, const QByteArray& text)
{
    writeFile(dir.path() + QStringLiteral("/home/.condarc"), text);
    return Config::load(inputsIn(dir));
}

// Every URL of every channel a typed name resolves to, for linux-64 and noarch.
QStringList urlsOf(const Config& loaded, const std::string& typed)
{
    specs::ChannelContext context = loaded.channelContext();
    context.platforms = {"linux-64", "noarch"};
    auto channels = specs::resolve(typed, context);
    if (!channels) {
        return {QStringLiteral("error: ") + QString::fromStdString(channels.error().message())};
    }
    QStringList out;
    for (const auto& channel : *channels) {
        out << qsl(channel.urls());
    }
    return out;
}

QStringList allUrls(const Config& loaded)
{
    QStringList out;
    for (const auto& channel : loaded.channels()) {
        out << urlsOf(loaded, channel);
    }
    return out;
}

const char* kTuna = "channels:\n"
                    "  - defaults\n"
                    "show_channel_urls: true\n"
                    "default_channels:\n"
                    "  - https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/main\n"
                    "  - https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/r\n"
                    "  - https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/msys2\n"
                    "custom_channels:\n"
                    "  conda-forge: https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud\n"
                    "  pytorch: https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud\n";

// The YAML blocks of an .rst file (`.. code-block:: yaml`), dedented.
QList<QByteArray> yamlBlocks(const QByteArray& rst)
{
    QList<QByteArray> blocks;
    const QList<QByteArray> lines = rst.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        if (!lines[i].trimmed().startsWith(".. code-block:: yaml")) {
            continue;
        }
        QByteArray block;
        int indent = -1;
        int j = i + 1;
        for (; j < lines.size(); ++j) {
            const QByteArray& line = lines[j];
            if (line.trimmed().isEmpty()) {
                if (!block.isEmpty()) {
                    block += '\n';
                }
                continue;
            }
            int lead = 0;
            while (lead < line.size() && line.at(lead) == ' ') {
                ++lead;
            }
            if (indent < 0) {
                indent = lead;
            }
            if (lead < indent || lead == 0) {
                break;
            }
            block += line.mid(indent) + '\n';
        }
        blocks << block.trimmed() + '\n';
        i = j - 1;
    }
    return blocks;
}

} // namespace

class TestConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void searchPathOrder();
    void valuesTypedAsCondaTypesThem();
    void channelSettingsFormChecked();
    void condarcFolderReadInNameOrder();
    void defaultsWhenNothingIsSet();
    void mergeOrderAndSources();
    void sequenceMerge_data();
    void sequenceMerge();
    void scalarMerge_data();
    void scalarMerge();
    void mapsMergeKeyWise();
    void longListsMerge();
    void environmentVariables();
    void environmentVariableTypeError();
    void commandLineOverridesWin();
    void nodefaults();
    void unknownKeysAreKept();
    void emptyKeyIsNotSet();
    void variablesAndTildeExpanded();
    void typedValues();
    void typeErrors_data();
    void typeErrors();
    void syntaxErrors_data();
    void syntaxErrors();
    void hostileYaml_data();
    void hostileYaml();
    void invalidChannelSettingNamesSource();
    void mirrors_data();
    void mirrors();
    void mirroringDocExamples();
    void fixtureFiles_data();
    void fixtureFiles();
};

void TestConfig::searchPathOrder()
{
    ConfigInputs inputs;
    inputs.homeDir = "/h";
    inputs.systemDirs = {"/etc/conda", "/var/lib/conda"};
    inputs.env = {{"CONDA_ROOT", "/root"},
                  {"XDG_CONFIG_HOME", "/xdg"},
                  {"CONDA_PREFIX", "/envs/x"},
                  {"CONDARC", "~/custom.yml"}};
    const QStringList expected = sl({"/etc/conda/.condarc",
                                     "/etc/conda/condarc",
                                     "/etc/conda/condarc.d/",
                                     "/var/lib/conda/.condarc",
                                     "/var/lib/conda/condarc",
                                     "/var/lib/conda/condarc.d/",
                                     "/root/.condarc",
                                     "/root/condarc",
                                     "/root/condarc.d/",
                                     "/xdg/conda/.condarc",
                                     "/xdg/conda/condarc",
                                     "/xdg/conda/condarc.d/",
                                     "/h/.config/conda/.condarc",
                                     "/h/.config/conda/condarc",
                                     "/h/.config/conda/condarc.d/",
                                     "/h/.conda/.condarc",
                                     "/h/.conda/condarc",
                                     "/h/.conda/condarc.d/",
                                     "/h/.condarc",
                                     "/envs/x/.condarc",
                                     "/envs/x/condarc",
                                     "/envs/x/condarc.d/",
                                     "/h/custom.yml"});
    QCOMPARE(qsl(config::searchPath(inputs)), expected);

    // XDG_CONFIG_HOME = ~/.config names the same files once; an unset variable adds nothing.
    inputs.env = {{"XDG_CONFIG_HOME", "/h/.config"}};
    const QStringList deduplicated = qsl(config::searchPath(inputs));
    QCOMPARE(deduplicated.count(QStringLiteral("/h/.config/conda/.condarc")), 1);
    QVERIFY(!deduplicated.contains(QStringLiteral("/envs/x/.condarc")));
    QCOMPARE(deduplicated.last(), QStringLiteral("/h/.condarc"));
}

void TestConfig::condarcFolderReadInNameOrder()
{
    QTemporaryDir dir;
    const QString folder = dir.path() + QStringLiteral("/etc/conda/condarc.d/");
    writeFile(folder + QStringLiteral("b.yml"), "channels: [b]\n");
    writeFile(folder + QStringLiteral("a.yaml"), "channels: [a]\n");
    writeFile(folder + QStringLiteral("c.txt"), "channels: [c]\n");
    writeFile(dir.path() + QStringLiteral("/home/.condarc"), "channels: [home]\n");
    auto loaded = Config::load(inputsIn(dir));
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
    QCOMPARE(qsl(loaded->channels()), sl({"home", "b", "a"}));
    const auto files = config::existingConfigFiles(inputsIn(dir));
    QCOMPARE(files.size(), std::size_t(3));
    QVERIFY(QString::fromStdString(files[0]).endsWith(QStringLiteral("condarc.d/a.yaml")));
}

void TestConfig::defaultsWhenNothingIsSet()
{
    QTemporaryDir dir;
    auto loaded = Config::load(inputsIn(dir));
    QVERIFY(loaded.ok());
    QVERIFY(loaded->sources().empty());
    QCOMPARE(qsl(loaded->channels()), QStringList{QStringLiteral("defaults")});
    QCOMPARE(loaded->channelAlias(), std::string("https://conda.anaconda.org"));
    QCOMPARE(loaded->defaultChannels(), specs::condaDefaultChannels());
    QVERIFY(loaded->customChannels().empty());
    QVERIFY(loaded->customMultichannels().empty());
    QVERIFY(loaded->channelPriority() == ChannelPriority::Flexible);
    QVERIFY(!loaded->showChannelUrls().has_value());
    QVERIFY(loaded->proxyServers().empty());
    QVERIFY(loaded->sslVerify() == (config::SslVerify{true, {}}));
    QCOMPARE(loaded->offline(), false);
    QCOMPARE(loaded->remoteConnectTimeoutSecs(), 9.15);
    QCOMPARE(loaded->remoteReadTimeoutSecs(), 60.0);
    QCOMPARE(loaded->remoteMaxRetries(), 3);
    QCOMPARE(loaded->localRepodataTtl(), std::int64_t(1));
    QCOMPARE(loaded->repodataUseZst(), true);
    QCOMPARE(loaded->addPipAsPythonDependency(), true);
    QVERIFY(loaded->pinnedPackages().empty());
    const std::string root = inputsIn(dir).rootPrefix;
    const std::string home = inputsIn(dir).homeDir;
    QCOMPARE(loaded->envsDirs(), (std::vector<std::string>{root + "/envs", home + "/.conda/envs"}));
    QCOMPARE(loaded->pkgsDirs(), (std::vector<std::string>{root + "/pkgs", home + "/.conda/pkgs"}));
    QVERIFY(loaded->setting("channels")->sources.empty());
    QVERIFY(loaded->setting("no_such_key") == nullptr);
    // conda's built-in channel settings; "~" and relative channels point where the inputs say.
    specs::ChannelContext expected;
    expected.paths = {home, inputsIn(dir).currentDir};
    QVERIFY(loaded->channelContext() == expected);
}

void TestConfig::mergeOrderAndSources()
{
    QTemporaryDir dir;
    const std::string system =
        writeFile(dir.path() + QStringLiteral("/etc/conda/.condarc"),
                  "channels: [a, b]\nchannel_priority: strict\noffline: true\n");
    const std::string root = writeFile(dir.path() + QStringLiteral("/root/.condarc"),
                                       "channels: [r]\nchannel_priority: disabled\n");
    const std::string user = writeFile(dir.path() + QStringLiteral("/home/.condarc"),
                                       "channels:\n  - c\n  - a\nchannel_priority: flexible\n");
    const std::string prefix =
        writeFile(dir.path() + QStringLiteral("/env/.condarc"), "channels: [p]\n");
    const std::string condarc =
        writeFile(dir.path() + QStringLiteral("/elsewhere/my.yml"), "channels: [d, b]\n");
    ConfigInputs inputs = inputsIn(dir);
    inputs.prefix = (dir.path() + QStringLiteral("/env")).toStdString();
    inputs.env["CONDARC"] = condarc;
    auto loaded = Config::load(inputs);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());

    std::vector<std::string> order;
    for (const auto& source : loaded->sources()) {
        order.push_back(source.name);
    }
    QCOMPARE(order, (std::vector<std::string>{system, root, user, prefix, condarc}));
    // Higher-priority files' items first, de-duplicated.
    QCOMPARE(qsl(loaded->channels()), sl({"d", "b", "p", "c", "a", "r"}));
    QCOMPARE(loaded->setting("channels")->sources,
             (std::vector<std::string>{condarc, prefix, user, root, system}));
    // Scalars: the last file that sets one wins.
    QVERIFY(loaded->channelPriority() == ChannelPriority::Flexible);
    QCOMPARE(loaded->setting("channel_priority")->sources, std::vector<std::string>{user});
    QCOMPARE(loaded->offline(), true);
    QCOMPARE(loaded->setting("offline")->sources, std::vector<std::string>{system});
    // Each merged item remembers its own file and line.
    const auto& items = loaded->setting("channels")->value.items;
    QCOMPARE(items[3].source, user);
    QCOMPARE(items[3].line, 2);
}

void TestConfig::sequenceMerge_data()
{
    QTest::addColumn<QByteArray>("lower");
    QTest::addColumn<QByteArray>("higher");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("channels: [a, b] | channels: [c, a]")
        << QByteArray("channels: [a, b]\n") << QByteArray("channels: [c, a]\n")
        << sl({"c", "a", "b"});
    QTest::newRow("channels: #!final [a] | channels: [b]")
        << QByteArray("channels: #!final\n  - a\n") << QByteArray("channels:\n  - b\n")
        << sl({"a"});
    QTest::newRow("channels: [a] | channels: #!final [b]")
        << QByteArray("channels:\n  - a\n") << QByteArray("channels:  #!final\n  - b\n")
        << sl({"b", "a"});
    QTest::newRow("channels: [a #!top, b] | channels: [c]")
        << QByteArray("channels:\n  - a  #!top\n  - b\n") << QByteArray("channels: [c]\n")
        << sl({"a", "c", "b"});
    QTest::newRow("channels: [a, b #!bottom] | channels: [c, b]")
        << QByteArray("channels:\n  - a\n  - b #!bottom\n") << QByteArray("channels: [c, b]\n")
        << sl({"c", "a", "b"});
    QTest::newRow("channels: [] | channels: [a]")
        << QByteArray("channels: []\n") << QByteArray("channels: [a]\n") << sl({"a"});
    QTest::newRow("channels: [a, a] | (none)")
        << QByteArray("channels: [a, a]\n") << QByteArray("offline: false\n") << sl({"a"});
}

void TestConfig::sequenceMerge()
{
    QFETCH(QByteArray, lower);
    QFETCH(QByteArray, higher);
    QFETCH(QStringList, expected);
    QTemporaryDir dir;
    writeFile(dir.path() + QStringLiteral("/etc/conda/.condarc"), lower);
    writeFile(dir.path() + QStringLiteral("/home/.condarc"), higher);
    auto loaded = Config::load(inputsIn(dir));
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
    QCOMPARE(qsl(loaded->channels()), expected);
}

// Tens of thousands of channels and custom channels in two files: merged in conda's order, each
// once. Pairwise de-duplication made this take half a minute.
void TestConfig::longListsMerge()
{
    constexpr int kCount = 40000;
    QByteArray lower = "channels:\n";
    QByteArray higher = "channels:\n";
    QByteArray custom = "custom_channels:\n";
    for (int i = 0; i < kCount; ++i) {
        lower += "  - c" + QByteArray::number(i) + "\n";
        // Every second one again, higher up, plus as many new ones.
        higher += "  - c" + QByteArray::number(2 * i) + "\n";
        custom += "  k" + QByteArray::number(i) + ": https://example.com/m"
                  + QByteArray::number(i % 7) + "\n";
    }
    custom += "  k5: https://example.com/last\n"; // a duplicate key: the last one wins
    QTemporaryDir dir;
    writeFile(dir.path() + QStringLiteral("/etc/conda/.condarc"), lower + custom);
    writeFile(dir.path() + QStringLiteral("/home/.condarc"), higher);
    auto loaded = Config::load(inputsIn(dir));
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
    const std::vector<std::string> channels = loaded->channels();
    QCOMPARE(int(channels.size()), kCount + kCount / 2);
    // The higher file's list first, then what only the lower one has, in its order.
    QCOMPARE(channels[0], std::string("c0"));
    QCOMPARE(channels[1], std::string("c2"));
    QCOMPARE(channels[kCount - 1], "c" + std::to_string(2 * (kCount - 1)));
    QCOMPARE(channels[kCount], std::string("c1"));
    QCOMPARE(channels.back(), "c" + std::to_string(kCount - 1));
    const auto customChannels = loaded->customChannels();
    QCOMPARE(int(customChannels.size()), kCount);
    QCOMPARE(customChannels.at("k5"), std::string("https://example.com/last"));
    QCOMPARE(urlsOf(*loaded, "k39999"),
             (QStringList{QStringLiteral("https://example.com/m1/k39999/linux-64"),
                          QStringLiteral("https://example.com/m1/k39999/noarch")}));
}

void TestConfig::scalarMerge_data()
{
    QTest::addColumn<QByteArray>("lower");
    QTest::addColumn<QByteArray>("higher");
    QTest::addColumn<QString>("expected");
    QTest::newRow("strict | flexible")
        << QByteArray("channel_priority: strict\n") << QByteArray("channel_priority: flexible\n")
        << QStringLiteral("flexible");
    QTest::newRow("strict #!final | flexible")
        << QByteArray("channel_priority: strict  #!final\n")
        << QByteArray("channel_priority: flexible\n") << QStringLiteral("strict");
    QTest::newRow("strict # final (not a marker) | flexible")
        << QByteArray("channel_priority: strict  # final\n")
        << QByteArray("channel_priority: flexible\n") << QStringLiteral("flexible");
    QTest::newRow("strict | (none)") << QByteArray("channel_priority: strict\n")
                                     << QByteArray("offline: false\n") << QStringLiteral("strict");
    QTest::newRow("false | (none)")
        << QByteArray("channel_priority: false\n") << QByteArray() << QStringLiteral("disabled");
}

void TestConfig::scalarMerge()
{
    QFETCH(QByteArray, lower);
    QFETCH(QByteArray, higher);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    writeFile(dir.path() + QStringLiteral("/etc/conda/.condarc"), lower);
    writeFile(dir.path() + QStringLiteral("/home/.condarc"), higher);
    auto loaded = Config::load(inputsIn(dir));
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
    QCOMPARE(QString::fromUtf8(config::toString(loaded->channelPriority()).data()), expected);
}

void TestConfig::mapsMergeKeyWise()
{
    QTemporaryDir dir;
    writeFile(dir.path() + QStringLiteral("/etc/conda/.condarc"),
              "custom_channels:\n"
              "  conda-forge: https://sys.example/cloud  #!final\n"
              "  bioconda: https://sys.example/cloud\n"
              "custom_multichannels:\n"
              "  team: [a, b]\n"
              "proxy_servers:\n"
              "  http: http://sys-proxy:3128\n");
    writeFile(dir.path() + QStringLiteral("/home/.condarc"),
              "custom_channels:\n"
              "  conda-forge: https://user.example/cloud\n"
              "  bioconda: https://user.example/cloud\n"
              "  pytorch: https://user.example/cloud\n"
              "custom_multichannels:\n"
              "  team: [c, a]\n"
              "proxy_servers:\n"
              "  https: http://user-proxy:3128\n");
    auto loaded = Config::load(inputsIn(dir));
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
    const auto custom = loaded->customChannels();
    QCOMPARE(custom.at("conda-forge"), std::string("https://sys.example/cloud")); // #!final
    QCOMPARE(custom.at("bioconda"), std::string("https://user.example/cloud"));
    QCOMPARE(custom.at("pytorch"), std::string("https://user.example/cloud"));
    QCOMPARE(loaded->customMultichannels().at("team"), (std::vector<std::string>{"c", "a", "b"}));
    const auto proxies = loaded->proxyServers();
    QCOMPARE(proxies.size(), std::size_t(2));
    QCOMPARE(proxies.at("http"), std::string("http://sys-proxy:3128"));
    QCOMPARE(loaded->setting("proxy_servers")->sources.size(), std::size_t(2));
}

void TestConfig::environmentVariables()
{
    QTemporaryDir dir;
    const std::string user =
        writeFile(dir.path() + QStringLiteral("/home/.condarc"),
                  "channels: [a]\nchannel_priority: flexible\nssl_verify: true\n");
    ConfigInputs inputs = inputsIn(dir);
    inputs.env = {{"CONDA_CHANNELS", "x, y,,"},
                  {"CONDA_CHANNEL_PRIORITY", "strict"},
                  {"CONDA_OFFLINE", "1"},
                  {"CONDA_ENVS_DIRS", "/a:~/b"},
                  {"CONDA_SSL_VERIFY", "/etc/ssl/corp.pem"},
                  {"CONDA_LOCAL_REPODATA_TTL", "false"},
                  {"CONDA_REMOTE_MAX_RETRIES", "7"},
                  {"CONDA_PINNED_PACKAGES", "numpy<2,python=3.11"},
                  {"CONDA_NOT_A_KEY", "ignored"}};
    auto loaded = Config::load(inputs);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
    QCOMPARE(qsl(loaded->channels()), sl({"x", "y", "a"}));
    QCOMPARE(loaded->setting("channels")->sources, (std::vector<std::string>{"envvars", user}));
    QVERIFY(loaded->channelPriority() == ChannelPriority::Strict);
    QCOMPARE(loaded->setting("channel_priority")->sources, std::vector<std::string>{"envvars"});
    QCOMPARE(loaded->offline(), true);
    QVERIFY(loaded->sslVerify() == (config::SslVerify{true, "/etc/ssl/corp.pem"}));
    QCOMPARE(loaded->localRepodataTtl(), std::int64_t(0));
    QCOMPARE(loaded->remoteMaxRetries(), 7);
    QCOMPARE(loaded->envsDirs(), (std::vector<std::string>{"/a", inputs.homeDir + "/b"}));
    QCOMPARE(qsl(loaded->pinnedPackages()), sl({"numpy<2", "python=3.11"}));
    QVERIFY(loaded->setting("not_a_key") == nullptr);
    QCOMPARE(loaded->sources().back().name, std::string("envvars"));

    // CONDA_ENVS_PATH is conda's older name for the same key.
    inputs.env = {{"CONDA_ENVS_PATH", "/p1:/p2"}};
    auto aliased = Config::load(inputs);
    QVERIFY(aliased.ok());
    QCOMPARE(aliased->envsDirs(), (std::vector<std::string>{"/p1", "/p2"}));
}

void TestConfig::environmentVariableTypeError()
{
    QTemporaryDir dir;
    ConfigInputs inputs = inputsIn(dir);
    inputs.env = {{"CONDA_OFFLINE", "sometimes"}};
    auto loaded = Config::load(inputs);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().context, std::string("CONDA_OFFLINE"));
    QVERIFY(loaded.error().detail.find("'offline'") != std::string::npos);
}

void TestConfig::commandLineOverridesWin()
{
    QTemporaryDir dir;
    writeFile(dir.path() + QStringLiteral("/home/.condarc"),
              "channels: [a]\nchannel_priority: strict\n");
    ConfigInputs inputs = inputsIn(dir);
    inputs.env = {{"CONDA_CHANNEL_PRIORITY", "flexible"}};
    inputs.overrides = {{"channel_priority", {"disabled"}}, {"channels", {"cli1", "cli2"}}};
    auto loaded = Config::load(inputs);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
    QVERIFY(loaded->channelPriority() == ChannelPriority::Disabled);
    QCOMPARE(loaded->setting("channel_priority")->sources, std::vector<std::string>{"cmd_line"});
    QCOMPARE(qsl(loaded->channels()), sl({"cli1", "cli2", "a"}));

    inputs.overrides = {{"offline", {"perhaps"}}};
    auto invalid = Config::load(inputs);
    QVERIFY(!invalid.ok());
    QCOMPARE(invalid.error().context, std::string("cmd_line"));
}

void TestConfig::nodefaults()
{
    QTemporaryDir dir;
    writeFile(dir.path() + QStringLiteral("/etc/conda/.condarc"), "channels: [defaults]\n");
    writeFile(dir.path() + QStringLiteral("/home/.condarc"),
              "channels:\n  - conda-forge\n  - nodefaults\n");
    auto loaded = Config::load(inputsIn(dir));
    QVERIFY(loaded.ok());
    QCOMPARE(qsl(loaded->channels()), QStringList{QStringLiteral("conda-forge")});
    // The merged value itself is what the files say (what `config --show` prints).
    QCOMPARE(loaded->setting("channels")->value.items.size(), std::size_t(3));
}

void TestConfig::unknownKeysAreKept()
{
    QTemporaryDir dir;
    auto loaded = loadText(dir, "auto_update_conda: false\n"
                                "plugins:\n  anaconda_telemetry: false\n"
                                "create_default_packages: [python, pip]\n");
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
    const config::Setting* setting = loaded->setting("auto_update_conda");
    QVERIFY(setting != nullptr);
    QCOMPARE(setting->value.scalar, std::string("false"));
    QVERIFY(loaded->setting("plugins")->value.isMap());
    QCOMPARE(loaded->setting("create_default_packages")->value.items.size(), std::size_t(2));
    const auto keys = loaded->keys();
    QVERIFY(std::find(keys.begin(), keys.end(), "plugins") != keys.end());
    QVERIFY(std::is_sorted(keys.begin(), keys.end()));
}

void TestConfig::emptyKeyIsNotSet()
{
    QTemporaryDir dir;
    auto loaded = loadText(dir, "channels:\nchannel_alias:\n");
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
    QCOMPARE(qsl(loaded->channels()), QStringList{QStringLiteral("defaults")});
    QCOMPARE(loaded->channelAlias(), std::string("https://conda.anaconda.org"));
}

void TestConfig::variablesAndTildeExpanded()
{
    QTemporaryDir dir;
    writeFile(dir.path() + QStringLiteral("/home/.condarc"),
              "channel_alias: ${MIRROR}/anaconda/cloud\n"
              "channels: [$TEAM_CHANNEL, $UNSET_VAR]\n"
              "pkgs_dirs: [~/pkgs, $SCRATCH/pkgs, /scratch/pkgs]\n");
    ConfigInputs inputs = inputsIn(dir);
    inputs.env = {
        {"MIRROR", "https://mirror.example"}, {"TEAM_CHANNEL", "team"}, {"SCRATCH", "/scratch"}};
    auto loaded = Config::load(inputs);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
    QCOMPARE(loaded->channelAlias(), std::string("https://mirror.example/anaconda/cloud"));
    QCOMPARE(qsl(loaded->channels()), sl({"team", "$UNSET_VAR"}));
    QCOMPARE(loaded->pkgsDirs(),
             (std::vector<std::string>{inputs.homeDir + "/pkgs", "/scratch/pkgs"}));
}

void TestConfig::typedValues()
{
    QTemporaryDir dir;
    auto loaded = loadText(dir, "show_channel_urls: True\n"
                                "ssl_verify: false\n"
                                "offline: yes\n"
                                "remote_connect_timeout_secs: 20\n"
                                "remote_read_timeout_secs: 120.5\n"
                                "remote_max_retries: 0\n"
                                "local_repodata_ttl: 7200\n"
                                "repodata_use_zst: false\n"
                                "add_pip_as_python_dependency: off\n"
                                "pinned_packages: [numpy<2]\n"
                                "channel_priority: STRICT\n");
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
    QVERIFY(loaded->showChannelUrls() == std::optional<bool>(true));
    QVERIFY(loaded->sslVerify() == (config::SslVerify{false, {}}));
    QCOMPARE(loaded->offline(), true);
    QCOMPARE(loaded->remoteConnectTimeoutSecs(), 20.0);
    QCOMPARE(loaded->remoteReadTimeoutSecs(), 120.5);
    QCOMPARE(loaded->remoteMaxRetries(), 0);
    QCOMPARE(loaded->localRepodataTtl(), std::int64_t(7200));
    QCOMPARE(loaded->repodataUseZst(), false);
    QCOMPARE(loaded->addPipAsPythonDependency(), false);
    QCOMPARE(qsl(loaded->pinnedPackages()), QStringList{QStringLiteral("numpy<2")});
    QVERIFY(loaded->channelPriority() == ChannelPriority::Strict);

    QTemporaryDir other;
    auto bundle = loadText(other, "ssl_verify: /etc/pki/ca.pem\nlocal_repodata_ttl: true\n");
    QVERIFY(bundle.ok());
    QVERIFY(bundle->sslVerify() == (config::SslVerify{true, "/etc/pki/ca.pem"}));
    QCOMPARE(bundle->localRepodataTtl(), std::int64_t(1));
}

void TestConfig::typeErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("position"); // line:column of the offending value
    QTest::addColumn<QString>("key");
    auto row = [](const char* text, const char* position, const char* key) {
        // Row names are the literal input, its line breaks written as \n.
        const QByteArray name = QByteArray(text).replace('\n', "\\n");
        QTest::newRow(name.constData())
            << QByteArray(text) << QString::fromLatin1(position) << QString::fromLatin1(key);
    };
    row("channels: conda-forge", "1:11", "channels");
    row("channels:\n  - a\n  - [b, c]", "3:5", "channels");
    row("channel_alias: [https://a]", "1:16", "channel_alias");
    row("default_channels: https://x/pkgs/main", "1:19", "default_channels");
    row("custom_channels: [a]", "1:18", "custom_channels");
    row("custom_channels:\n  conda-forge: [https://a]", "2:16", "custom_channels.conda-forge");
    row("custom_multichannels:\n  team: a", "2:9", "custom_multichannels.team");
    row("custom_multichannels: [a]", "1:23", "custom_multichannels");
    row("channel_priority: bogus", "1:19", "channel_priority");
    row("show_channel_urls: maybe", "1:20", "show_channel_urls");
    row("proxy_servers: http://proxy:3128", "1:16", "proxy_servers");
    row("proxy_servers:\n  http: {a: b}", "2:9", "proxy_servers.http");
    row("ssl_verify: [a]", "1:13", "ssl_verify");
    row("offline: sometimes", "1:10", "offline");
    row("remote_connect_timeout_secs: soon", "1:30", "remote_connect_timeout_secs");
    row("remote_read_timeout_secs: -1", "1:27", "remote_read_timeout_secs");
    row("remote_max_retries: 2.5", "1:21", "remote_max_retries");
    row("local_repodata_ttl: forever", "1:21", "local_repodata_ttl");
    row("repodata_use_zst: maybe", "1:19", "repodata_use_zst");
    row("envs_dirs: /opt/envs", "1:12", "envs_dirs");
    row("pkgs_dirs: {a: b}", "1:12", "pkgs_dirs");
    row("pinned_packages: numpy", "1:18", "pinned_packages");
    row("add_pip_as_python_dependency: sometimes", "1:31", "add_pip_as_python_dependency");
    row("migrated_channel_aliases: https://old", "1:27", "migrated_channel_aliases");
    row("# comment\noffline:   nope  # trailing", "2:12", "offline");
}

void TestConfig::typeErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, position);
    QFETCH(QString, key);
    QTemporaryDir dir;
    const std::string path = writeFile(dir.path() + QStringLiteral("/home/.condarc"), text + "\n");
    auto loaded = Config::load(inputsIn(dir));
    QVERIFY(!loaded.ok());
    QVERIFY(loaded.error().code == util::ErrorCode::ParseError);
    QCOMPARE(QString::fromStdString(loaded.error().context),
             QString::fromStdString(path) + QLatin1Char(':') + position);
    const QString message = QString::fromStdString(loaded.error().message());
    QVERIFY2(message.contains(QLatin1Char('\'') + key + QLatin1Char('\'')), qPrintable(message));
}

void TestConfig::syntaxErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("position");
    QTest::newRow("channels: [a, b") << QByteArray("channels: [a, b\n") << QStringLiteral("2:1");
    QTest::newRow("channels: {a: b")
        << QByteArray("offline: false\nchannels: {a: b\n") << QStringLiteral("3:1");
    QTest::newRow("- a (a list at the top)") << QByteArray("- a\n- b\n") << QStringLiteral("1:1");
    QTest::newRow("tab indentation") << QByteArray("channels:\n\t- a\n") << QStringLiteral("2:2");
}

void TestConfig::syntaxErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, position);
    QTemporaryDir dir;
    const std::string path = writeFile(dir.path() + QStringLiteral("/home/.condarc"), text);
    auto loaded = Config::load(inputsIn(dir));
    QVERIFY(!loaded.ok());
    QVERIFY(loaded.error().code == util::ErrorCode::ParseError);
    const QString context = QString::fromStdString(loaded.error().context);
    QVERIFY2(context.startsWith(QString::fromStdString(path) + QLatin1Char(':')),
             qPrintable(context));
    QVERIFY2(context.contains(QRegularExpression(QStringLiteral(":\\d+:\\d+$"))),
             qPrintable(context));
    QCOMPARE(context.mid(int(path.size()) + 1), position);
}

// Aliases in their own anchor made yaml-cpp's node graph a cycle (SIGSEGV); nested aliases
// expanded into billions of values (std::bad_alloc after a minute).
void TestConfig::hostileYaml_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("position");
    QTest::addColumn<QString>("problem");
    QTest::newRow("alias in its own anchor")
        << QByteArray("a: &x\n  b: *x\n") << QStringLiteral("2:6")
        << QStringLiteral("recursive alias");
    QTest::newRow("alias in its own list")
        << QByteArray("channels: &x [a, *x]\n") << QStringLiteral("1:18")
        << QStringLiteral("recursive alias");
    // Nine levels of nine aliases: 9^9 strings once expanded.
    QByteArray laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (char name = 'b'; name <= 'i'; ++name) {
        const QByteArray alias = QByteArray("*") + char(name - 1);
        laughs += QByteArray(1, name) + ": &" + QByteArray(1, name) + " [" + alias;
        for (int j = 1; j < 9; ++j) {
            laughs += ", " + alias;
        }
        laughs += "]\n";
    }
    laughs += "channels: *i\n";
    QTest::newRow("billion laughs") << laughs << QString() << QStringLiteral("aliases expand");
    QTest::newRow("deep nesting") << QByteArray("x: " + QByteArray(200, '[') + QByteArray(200, ']'))
                                  << QStringLiteral("1:67") << QStringLiteral("nest more than");
    QTest::newRow("very deep nesting")
        << QByteArray("x: " + QByteArray(100000, '[') + QByteArray(100000, ']')) << QString()
        << QStringLiteral("nest more than");
}

void TestConfig::hostileYaml()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, position);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    const std::string path = writeFile(dir.path() + QStringLiteral("/home/.condarc"), text);
    auto loaded = Config::load(inputsIn(dir));
    QVERIFY(!loaded.ok());
    QVERIFY(loaded.error().code == util::ErrorCode::ParseError);
    const QString message = QString::fromStdString(loaded.error().message());
    QVERIFY2(message.startsWith(QString::fromStdString(path) + QLatin1Char(':')),
             qPrintable(message));
    QVERIFY2(message.contains(problem), qPrintable(message));
    if (!position.isEmpty()) {
        QCOMPARE(QString::fromStdString(loaded.error().context).mid(int(path.size()) + 1),
                 position);
    }
}

void TestConfig::invalidChannelSettingNamesSource()
{
    QTemporaryDir dir;
    const std::string path =
        writeFile(dir.path() + QStringLiteral("/home/.condarc"), "channel_alias: not a url\n");
    auto loaded = Config::load(inputsIn(dir));
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().message().find(path) != std::string::npos,
             loaded.error().message().c_str());
}

void TestConfig::mirrors_data()
{
    QTest::addColumn<QByteArray>("condarc");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QStringList>("urls");
    const QString tuna = QStringLiteral("https://mirrors.tuna.tsinghua.edu.cn/anaconda");
    QTest::newRow("TUNA: defaults") << QByteArray(kTuna) << QStringLiteral("defaults")
                                    << QStringList{tuna + QStringLiteral("/pkgs/main/linux-64"),
                                                   tuna + QStringLiteral("/pkgs/main/noarch"),
                                                   tuna + QStringLiteral("/pkgs/r/linux-64"),
                                                   tuna + QStringLiteral("/pkgs/r/noarch"),
                                                   tuna + QStringLiteral("/pkgs/msys2/linux-64"),
                                                   tuna + QStringLiteral("/pkgs/msys2/noarch")};
    QTest::newRow("TUNA: conda-forge")
        << QByteArray(kTuna) << QStringLiteral("conda-forge")
        << QStringList{tuna + QStringLiteral("/cloud/conda-forge/linux-64"),
                       tuna + QStringLiteral("/cloud/conda-forge/noarch")};
    QTest::newRow("TUNA: pytorch") << QByteArray(kTuna) << QStringLiteral("pytorch")
                                   << QStringList{tuna + QStringLiteral("/cloud/pytorch/linux-64"),
                                                  tuna + QStringLiteral("/cloud/pytorch/noarch")};
    QTest::newRow("TUNA: pytorch/linux-aarch64")
        << QByteArray(kTuna) << QStringLiteral("pytorch/linux-aarch64")
        << QStringList{tuna + QStringLiteral("/cloud/pytorch/linux-aarch64"),
                       tuna + QStringLiteral("/cloud/pytorch/noarch")};
    QTest::newRow("TUNA: conda-forge/label/dev")
        << QByteArray(kTuna) << QStringLiteral("conda-forge/label/dev")
        << QStringList{tuna + QStringLiteral("/cloud/conda-forge/label/dev/linux-64"),
                       tuna + QStringLiteral("/cloud/conda-forge/label/dev/noarch")};
    QTest::newRow("TUNA: bioconda (not mirrored)")
        << QByteArray(kTuna) << QStringLiteral("bioconda")
        << sl({"https://conda.anaconda.org/bioconda/linux-64",
               "https://conda.anaconda.org/bioconda/noarch"});
    // conda names a default channel by its URL path ("anaconda/pkgs/main" here), so a typed
    // "pkgs/main" is not that mirror but a name under channel_alias: a trap worth pinning down.
    QTest::newRow("TUNA: pkgs/main") << QByteArray(kTuna) << QStringLiteral("pkgs/main")
                                     << sl({"https://conda.anaconda.org/pkgs/main/linux-64",
                                            "https://conda.anaconda.org/pkgs/main/noarch"});
    const QByteArray alias = "channel_alias: https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud\n";
    QTest::newRow("TUNA via channel_alias: bioconda")
        << alias << QStringLiteral("bioconda")
        << QStringList{tuna + QStringLiteral("/cloud/bioconda/linux-64"),
                       tuna + QStringLiteral("/cloud/bioconda/noarch")};
    const QByteArray bfsu = "default_channels:\n"
                            "  - https://mirrors.bfsu.edu.cn/anaconda/pkgs/main\n"
                            "custom_channels:\n"
                            "  conda-forge: https://mirrors.bfsu.edu.cn/anaconda/cloud\n"
                            "custom_multichannels:\n"
                            "  team: [conda-forge, https://team.example/channel]\n";
    QTest::newRow("BFSU multichannel: team")
        << bfsu << QStringLiteral("team")
        << sl({"https://mirrors.bfsu.edu.cn/anaconda/cloud/conda-forge/linux-64",
               "https://mirrors.bfsu.edu.cn/anaconda/cloud/conda-forge/noarch",
               "https://team.example/channel/linux-64", "https://team.example/channel/noarch"});
    const QByteArray token = "channel_alias: https://conda.example/t/tk-123/\n";
    QTest::newRow("token alias: private") << token << QStringLiteral("private")
                                          << sl({"https://conda.example/t/tk-123/private/linux-64",
                                                 "https://conda.example/t/tk-123/private/noarch"});
}

void TestConfig::mirrors()
{
    QFETCH(QByteArray, condarc);
    QFETCH(QString, typed);
    QFETCH(QStringList, urls);
    QTemporaryDir dir;
    auto loaded = loadText(dir, condarc);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
    QCOMPARE(urlsOf(*loaded, typed.toStdString()), urls);
}

void TestConfig::mirroringDocExamples()
{
    ENVDESK_REQUIRE_FIXTURES();
    QFile file(envdesk::test::fixturesDir() + QStringLiteral("/condarc/conda__docs_mirroring.rst"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> blocks = yamlBlocks(file.readAll());
    QCOMPARE(blocks.size(), 3);

    // "Mirror defaults": default_channels on my-mirror.com.
    QTemporaryDir first;
    auto defaults = loadText(first, blocks[0]);
    QVERIFY2(defaults.ok(), defaults.ok() ? "" : defaults.error().message().c_str());
    QCOMPARE(urlsOf(*defaults, "defaults"),
             sl({"https://my-mirror.com/pkgs/main/linux-64",
                 "https://my-mirror.com/pkgs/main/noarch", "https://my-mirror.com/pkgs/r/linux-64",
                 "https://my-mirror.com/pkgs/r/noarch", "https://my-mirror.com/pkgs/msys2/linux-64",
                 "https://my-mirror.com/pkgs/msys2/noarch"}));

    // "Mirror all community channels": channel_alias.
    QTemporaryDir second;
    auto alias = loadText(second, blocks[1]);
    QVERIFY(alias.ok());
    QCOMPARE(urlsOf(*alias, "conda-forge"), sl({"https://my-mirror.com/conda-forge/linux-64",
                                                "https://my-mirror.com/conda-forge/noarch"}));
    QCOMPARE(urlsOf(*alias, "bioconda").first(),
             QStringLiteral("https://my-mirror.com/bioconda/linux-64"));

    // "Mirror only some community channels": conda appends the channel's name to the
    // custom_channels URL, so this example's value gives .../conda-forge/conda-forge (the page's
    // prose says otherwise; conda's code is what runs). Other channels stay on the alias.
    QTemporaryDir third;
    auto custom = loadText(third, blocks[2]);
    QVERIFY(custom.ok());
    QCOMPARE(urlsOf(*custom, "conda-forge"),
             sl({"https://my-mirror.com/conda-forge/conda-forge/linux-64",
                 "https://my-mirror.com/conda-forge/conda-forge/noarch"}));
    QCOMPARE(urlsOf(*custom, "bioconda").first(),
             QStringLiteral("https://conda.anaconda.org/bioconda/linux-64"));
}

void TestConfig::fixtureFiles_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("channels");
    QTest::addColumn<QStringList>("urls");
    const QStringList defaults = sl({"https://repo.anaconda.com/pkgs/main/linux-64",
                                     "https://repo.anaconda.com/pkgs/main/noarch",
                                     "https://repo.anaconda.com/pkgs/r/linux-64",
                                     "https://repo.anaconda.com/pkgs/r/noarch"});
    const QStringList forge = sl({"https://conda.anaconda.org/conda-forge/linux-64",
                                  "https://conda.anaconda.org/conda-forge/noarch"});
    QTest::newRow("conda-build__github_condarc")
        << QStringLiteral("conda-build__github_condarc") << sl({"defaults"}) << defaults;
    QTest::newRow("conda__github_condarc-conda-forge")
        << QStringLiteral("conda__github_condarc-conda-forge") << sl({"conda-forge"}) << forge;
    QTest::newRow("conda__github_condarc-defaults")
        << QStringLiteral("conda__github_condarc-defaults") << sl({"defaults"}) << defaults;
    QTest::newRow("conda__tests_condarc")
        << QStringLiteral("conda__tests_condarc")
        << sl({"binstar_username", "http://some.custom/channel", "defaults"})
        << (sl({"https://your.repo/binstar_username/linux-64",
                "https://your.repo/binstar_username/noarch", "http://some.custom/channel/linux-64",
                "http://some.custom/channel/noarch"})
            + defaults);
    QTest::newRow("mamba__tests_condarc")
        << QStringLiteral("mamba__tests_condarc") << sl({"https://repo.mamba.pm/conda-forge"})
        << sl({"https://repo.mamba.pm/conda-forge/linux-64",
               "https://repo.mamba.pm/conda-forge/noarch"});
    QTest::newRow("pangeo__base-image_condarc")
        << QStringLiteral("pangeo__base-image_condarc") << sl({"conda-forge", "defaults"})
        << (forge + defaults);
}

void TestConfig::fixtureFiles()
{
    QFETCH(QString, file);
    QFETCH(QStringList, channels);
    QFETCH(QStringList, urls);
    QFile source(envdesk::test::fixturesDir() + QStringLiteral("/condarc/") + file);
    QVERIFY(source.open(QIODevice::ReadOnly));
    QTemporaryDir dir;
    auto loaded = loadText(dir, source.readAll());
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
    // The defaults of this test machine's build platform would add msys2 on Windows only.
    QCOMPARE(qsl(loaded->channels()), channels);
    QStringList resolved = allUrls(*loaded);
    resolved.removeIf([](const QString& url) { return url.contains(QLatin1String("msys2")); });
    QCOMPARE(resolved, urls);

    if (file == QLatin1String("conda__tests_condarc")) {
        const std::string home = inputsIn(dir).homeDir;
        QCOMPARE(loaded->envsDirs(),
                 (std::vector<std::string>{home + "/my-envs", "/opt/anaconda/envs"}));
        QCOMPARE(loaded->proxyServers().at("https"),
                 std::string("https://user:pass@corp.com:8080"));
        // Keys Envdesk does not use are kept.
        QCOMPARE(loaded->setting("always_softlink")->value.scalar, std::string("True"));
        QCOMPARE(loaded->setting("track_features")->value.items.size(), std::size_t(1));
    } else if (file == QLatin1String("mamba__tests_condarc")) {
        QCOMPARE(loaded->remoteConnectTimeoutSecs(), 9.15);
    } else if (file == QLatin1String("pangeo__base-image_condarc")) {
        QVERIFY(loaded->channelPriority() == ChannelPriority::Strict);
        QVERIFY(loaded->showChannelUrls() == std::optional<bool>(true));
    } else if (file == QLatin1String("conda-build__github_condarc")) {
        QCOMPARE(loaded->localRepodataTtl(), std::int64_t(7200));
    }
}

// What `config --show --json` prints for a value: the key's type for a known key, YAML's plain
// scalar types for an unknown one (a quoted scalar stays a string).
void TestConfig::valuesTypedAsCondaTypesThem()
{
    using config::ConfigValue;
    const auto typed = [](const char* key, std::string text, bool quoted = false) {
        ConfigValue value = ConfigValue::makeScalar(std::move(text));
        value.quoted = quoted;
        return config::typedJson(value, config::findKey(key));
    };
    QCOMPARE(typed("offline", "yes").dump(), nlohmann::json(true).dump());
    QCOMPARE(typed("offline", "0").dump(), nlohmann::json(false).dump());
    QCOMPARE(typed("remote_max_retries", "7").dump(), nlohmann::json(7).dump());
    QCOMPARE(typed("channel_priority", "true").dump(), nlohmann::json("flexible").dump());
    QCOMPARE(typed("channel_priority", "Strict").dump(), nlohmann::json("strict").dump());
    QCOMPARE(typed("ssl_verify", "/etc/ca.pem").dump(), nlohmann::json("/etc/ca.pem").dump());
    QCOMPARE(typed("unknown_key", "True").dump(), nlohmann::json(true).dump());
    QCOMPARE(typed("unknown_key", "12").dump(), nlohmann::json(12).dump());
    QCOMPARE(typed("unknown_key", "1.5").dump(), nlohmann::json(1.5).dump());
    QCOMPARE(typed("unknown_key", "12", true).dump(), nlohmann::json("12").dump());
    ConfigValue list;
    list.kind = ConfigValue::Kind::Sequence;
    list.items = {ConfigValue::makeScalar("conda-forge"), ConfigValue::makeScalar("false")};
    QCOMPARE(config::typedJson(list, config::findKey("channels")).dump(),
             std::string(R"(["conda-forge",false])"));
}

// The Channels page's form, checked by core's rules: each problem names its field, entry and
// text; a form without mistakes has none.
void TestConfig::channelSettingsFormChecked()
{
    using Field = config::SettingsProblem::Field;
    using Kind = config::SettingsProblem::Kind;
    const specs::PathContext paths{"/home/u", "/work"};
    config::ChannelSettingsForm good;
    good.channels = {"conda-forge", " ~/channel ", "https://mirror.example/pkgs/main",
                     "nodefaults"};
    good.channelAlias = "https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud";
    good.defaultChannels = {"https://mirror.example/pkgs/main"};
    good.customChannels = {{"pytorch", "https://mirror.example/cloud"}, {"", ""}};
    good.proxies = {"http://user:secret@proxy.example:3128", ""};
    good.caBundle = "truststore";
    QVERIFY(config::checkChannelSettings(good, paths).empty());

    config::ChannelSettingsForm bad;
    bad.channels = {"conda-forge", "", "conda forge", "conda-forge"};
    bad.channelAlias = "mirror";
    bad.defaultChannels = {"", "https://"};
    bad.customChannels = {{"", "https://x.example"}, {"a b", ""}, {"x", "y"}, {"x", "/srv/ch"}};
    bad.proxies = {"proxy:3128"};
    bad.caBundle = "/nonexistent/ca.pem";
    const auto problems = config::checkChannelSettings(bad, paths);
    std::vector<std::tuple<Field, Kind, int>> got;
    for (const auto& problem : problems) {
        got.emplace_back(problem.field, problem.kind, problem.index);
    }
    const std::vector<std::tuple<Field, Kind, int>> expected = {
        {Field::Channels, Kind::EmptyEntry, 2},
        {Field::Channels, Kind::NotAChannel, 3},
        {Field::Channels, Kind::ListedTwice, 4},
        {Field::ChannelAlias, Kind::NotAUrl, 0},
        {Field::DefaultChannels, Kind::EmptyEntry, 1},
        {Field::DefaultChannels, Kind::NotAChannel, 2},
        {Field::CustomChannels, Kind::NoName, 1},
        {Field::CustomChannels, Kind::NotAName, 2},
        {Field::CustomChannels, Kind::NoUrl, 2},
        {Field::CustomChannels, Kind::NotAUrl, 3},
        {Field::CustomChannels, Kind::NameTwice, 4},
        {Field::Proxies, Kind::NotAProxy, 0},
        {Field::SslVerify, Kind::MissingCaBundle, 0},
    };
    QVERIFY2(got == expected, std::to_string(got.size()).c_str());
    QCOMPARE(problems.back().text, std::string("/nonexistent/ca.pem"));
    // "~" needs a home folder: without paths such a channel is refused, not read from the process.
    config::ChannelSettingsForm tilde;
    tilde.channels = {"~/channel"};
    QCOMPARE(config::checkChannelSettings(tilde, {}).size(), std::size_t{1});
}

QTEST_APPLESS_MAIN(TestConfig)
#include "tst_config.moc"
