// Mirror presets (the .condarc each mirror's help page documents) and the channel keys of one
// .condarc as a value, written back through CondarcEditor without disturbing the rest.

#include "core/config/condarc_editor.h"
#include "core/config/mirror_presets.h"
#include "core/specs/channel.h"
#include "test_printers.h"

#include <QTest>

#include <set>
#include <string>
#include <vector>

namespace config = envdesk::config;
namespace specs = envdesk::specs;
using config::ChannelSettings;
using config::CondarcEditor;

namespace {

CondarcEditor editorFor(const std::string& text)
{
    auto editor = CondarcEditor::fromText(text, "/test/.condarc");
    if (!editor) {
        qFatal("fixture text does not parse: %s", editor.error().message().c_str());
    }
    return std::move(*editor);
}

const config::MirrorPreset& preset(const char* id)
{
    const config::MirrorPreset* found = config::findMirrorPreset(id);
    if (found == nullptr) {
        qFatal("no preset %s", id);
    }
    return *found;
}

std::vector<std::string> urlsOf(const std::string& typed, const specs::ChannelContext& context)
{
    std::vector<std::string> out;
    auto channels = specs::resolve(typed, context);
    if (!channels) {
        out.push_back("error: " + channels.error().message());
        return out;
    }
    for (const auto& channel : *channels) {
        out.push_back(channel.baseUrl);
    }
    return out;
}

// A hand-written file: comments, an unknown key, a flow list.
const std::string kFile = "# my conda settings\n"
                          "channels:\n"
                          "  - conda-forge  # first\n"
                          "  - defaults\n"
                          "auto_activate_base: false  # keep this\n"
                          "custom_channels:\n"
                          "  team: https://conda.example.com/channels\n"
                          "  bioconda: https://mirrors.bfsu.edu.cn/anaconda/cloud\n"
                          "ssl_verify: true\n";

} // namespace

class TestMirrorPresets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void presetsAreTheDocumentedOnes()
    {
        std::vector<std::string> ids;
        for (const auto& p : config::mirrorPresets()) {
            ids.push_back(p.id);
        }
        QCOMPARE(ids, (std::vector<std::string>{"tuna", "bfsu", "ustc", "sjtu", "aliyun", "nju",
                                                "official"}));
        const auto& tuna = preset("tuna");
        QCOMPARE(tuna.root, std::string("https://mirrors.tuna.tsinghua.edu.cn/anaconda"));
        QVERIFY(tuna.channelAlias.empty());
        QCOMPARE(
            tuna.defaultChannels,
            (std::vector<std::string>{"https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/main",
                                      "https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/r",
                                      "https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/msys2"}));
        QCOMPARE(tuna.customChannels.at("conda-forge"),
                 std::string("https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud"));
        QCOMPARE(tuna.customChannels.at("pytorch"),
                 std::string("https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud"));
        const auto& official = preset("official");
        QVERIFY(official.root.empty());
        QVERIFY(official.defaultChannels.empty());
        QVERIFY(official.customChannels.empty());
        QVERIFY(config::findMirrorPreset("nope") == nullptr);
    }

    void presetResolves_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("root");
        QTest::newRow("tuna") << "tuna"
                              << "https://mirrors.tuna.tsinghua.edu.cn/anaconda";
        QTest::newRow("bfsu") << "bfsu"
                              << "https://mirrors.bfsu.edu.cn/anaconda";
        QTest::newRow("ustc") << "ustc"
                              << "https://mirrors.ustc.edu.cn/anaconda";
        QTest::newRow("sjtu") << "sjtu"
                              << "https://mirror.sjtu.edu.cn/anaconda";
        QTest::newRow("aliyun") << "aliyun"
                                << "https://mirrors.aliyun.com/anaconda";
        QTest::newRow("nju") << "nju"
                             << "https://mirror.nju.edu.cn/anaconda";
    }

    // Every mirror preset sends conda-forge and defaults to the mirror, and leaves a channel it
    // does not mirror on conda.anaconda.org.
    void presetResolves()
    {
        QFETCH(QString, id);
        QFETCH(QString, root);
        const auto& p = preset(id.toStdString().c_str());
        const ChannelSettings settings = config::applyPreset({}, p);
        const auto context = settings.channelContext();
        QVERIFY(specs::validate(context).ok());
        const std::string base = root.toStdString();
        QCOMPARE(urlsOf("conda-forge", context),
                 std::vector<std::string>{base + "/cloud/conda-forge"});
        const auto defaults = urlsOf("defaults", context);
        QVERIFY(!defaults.empty());
        QCOMPARE(defaults.front(), base + "/pkgs/main");
        QCOMPARE(urlsOf("some-team-channel", context),
                 std::vector<std::string>{"https://conda.anaconda.org/some-team-channel"});
        QCOMPARE(config::matchingPreset(settings), &p);
    }

    void packageSourceOfAFirstRun()
    {
        using config::PackageSource;
        ChannelSettings current;
        current.channels = {"bioconda"};
        current.proxyServers = {{"https", "http://proxy:3128"}};
        auto forge = config::withPackageSource(current, PackageSource::CondaForge);
        QCOMPARE(forge.channels, std::vector<std::string>{"conda-forge"});
        QCOMPARE(forge.proxyServers, current.proxyServers);
        QCOMPARE(config::withPackageSource(current, PackageSource::AnacondaDefaults).channels,
                 std::vector<std::string>{"defaults"});
        const auto tuna =
            config::withPackageSource(current, PackageSource::Mirror, &preset("tuna"));
        QCOMPARE(tuna.channels, std::vector<std::string>{"conda-forge"});
        QCOMPARE(config::matchingPreset(tuna), &preset("tuna"));
        QCOMPARE(urlsOf("conda-forge", tuna.channelContext()),
                 std::vector<std::string>{
                     "https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud/conda-forge"});
    }

    void officialIsCondasDefault()
    {
        const ChannelSettings settings = config::applyPreset({}, preset("official"));
        // A file without channels gets conda-forge's (defaults alone lacks PyTorch's CUDA
        // builds); everything else stays conda's default.
        ChannelSettings expected;
        expected.channels = {"conda-forge"};
        QCOMPARE(settings, expected);
        ChannelSettings mine;
        mine.channels = {"defaults"};
        QCOMPARE(config::applyPreset(mine, preset("tuna")).channels,
                 std::vector<std::string>{"defaults"});
        QCOMPARE(config::applyPreset({}, preset("tuna")).channels,
                 std::vector<std::string>{"conda-forge"});
        const auto context = settings.channelContext();
        QCOMPARE(urlsOf("conda-forge", context),
                 std::vector<std::string>{"https://conda.anaconda.org/conda-forge"});
        QCOMPARE(urlsOf("defaults", context).front(),
                 std::string("https://repo.anaconda.com/pkgs/main"));
        QCOMPARE(config::matchingPreset(ChannelSettings{}), &preset("official"));
    }

    // Switching mirrors drops the old mirror's entries and keeps the user's own.
    void applyKeepsOwnCustomChannels()
    {
        ChannelSettings settings;
        settings.channels = {"conda-forge", "defaults"};
        settings.customChannels = {{"team", "https://conda.example.com/channels"},
                                   {"bioconda", "http://mirrors.bfsu.edu.cn/anaconda/cloud/"}};
        settings.channelAlias = "https://mirrors.bfsu.edu.cn/anaconda/cloud";
        const ChannelSettings tuna = config::applyPreset(settings, preset("tuna"));
        QCOMPARE(tuna.channels, settings.channels);
        QVERIFY(tuna.channelAlias.empty());
        QCOMPARE(tuna.customChannels,
                 (std::map<std::string, std::string>{
                     {"conda-forge", "https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud"},
                     {"pytorch", "https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud"},
                     {"team", "https://conda.example.com/channels"}}));
        QCOMPARE(config::matchingPreset(tuna), &preset("tuna"));

        const ChannelSettings official = config::applyPreset(tuna, preset("official"));
        QCOMPARE(official.customChannels, (std::map<std::string, std::string>{
                                              {"team", "https://conda.example.com/channels"}}));
        QVERIFY(official.defaultChannels.empty());
        QCOMPARE(config::matchingPreset(official), &preset("official"));
    }

    void matchingToleratesSlashesAndSchemes()
    {
        ChannelSettings settings = config::applyPreset({}, preset("sjtu"));
        for (auto& [name, url] : settings.customChannels) {
            url += "/";
        }
        settings.customChannels["bioconda"] = "https://mirror.sjtu.edu.cn/anaconda/cloud/";
        QCOMPARE(config::matchingPreset(settings), &preset("sjtu"));
        // An entry into another mirror makes a mixture.
        settings.customChannels["menpo"] = "https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud";
        QVERIFY(config::matchingPreset(settings) == nullptr);
    }

    void readsEveryKey()
    {
        const CondarcEditor editor =
            editorFor("channels: [conda-forge, nodefaults]\n"
                      "channel_alias: https://mirror.example.com/conda\n"
                      "default_channels:\n  - https://mirror.example.com/main\n"
                      "custom_channels:\n  pytorch: https://mirror.example.com\n"
                      "channel_priority: strict\n"
                      "show_channel_urls: yes\n"
                      "proxy_servers:\n  http: http://proxy:8080\n  https: http://proxy:8443\n"
                      "ssl_verify: /etc/ssl/corp.pem\n");
        const ChannelSettings settings = ChannelSettings::fromContent(editor.content());
        QCOMPARE(settings.channels, (std::vector<std::string>{"conda-forge", "nodefaults"}));
        QCOMPARE(settings.channelAlias, std::string("https://mirror.example.com/conda"));
        QCOMPARE(settings.defaultChannels,
                 std::vector<std::string>{"https://mirror.example.com/main"});
        QCOMPARE(settings.customChannels.at("pytorch"), std::string("https://mirror.example.com"));
        QVERIFY(settings.channelPriority == config::ChannelPriority::Strict);
        QCOMPARE(settings.showChannelUrls, std::optional<bool>(true));
        QCOMPARE(settings.proxyServers.at("https"), std::string("http://proxy:8443"));
        QVERIFY(settings.sslVerify == (config::SslVerify{true, "/etc/ssl/corp.pem"}));

        const ChannelSettings none = ChannelSettings::fromContent(editorFor("").content());
        QCOMPARE(none, ChannelSettings{});
        const ChannelSettings old =
            ChannelSettings::fromContent(editorFor("channel_priority: false\n").content());
        QVERIFY(old.channelPriority == config::ChannelPriority::Disabled);
    }

    // Writing what was read changes nothing, byte for byte.
    void unchangedSettingsLeaveTheFileAlone()
    {
        CondarcEditor editor = editorFor(kFile);
        const ChannelSettings settings = ChannelSettings::fromContent(editor.content());
        QVERIFY(config::writeChannelSettings(editor, settings).ok());
        QCOMPARE(editor.text(), kFile);
    }

    void applyingTunaKeepsCommentsAndUnknownKeys()
    {
        CondarcEditor editor = editorFor(kFile);
        QVERIFY(config::applyPreset(editor, preset("tuna")).ok());
        const std::string expected =
            "# my conda settings\n"
            "channels:\n"
            "  - conda-forge  # first\n"
            "  - defaults\n"
            "auto_activate_base: false  # keep this\n"
            "custom_channels:\n"
            "  team: https://conda.example.com/channels\n"
            "  conda-forge: https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud\n"
            "  pytorch: https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud\n"
            "ssl_verify: true\n"
            "default_channels:\n"
            "  - https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/main\n"
            "  - https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/r\n"
            "  - https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/msys2\n";
        QCOMPARE(editor.text(), expected);
        QCOMPARE(config::matchingPreset(ChannelSettings::fromContent(editor.content())),
                 &preset("tuna"));

        // And back to the official servers: the mirror's keys go, the rest stays.
        QVERIFY(config::applyPreset(editor, preset("official")).ok());
        const std::string official = "# my conda settings\n"
                                     "channels:\n"
                                     "  - conda-forge  # first\n"
                                     "  - defaults\n"
                                     "auto_activate_base: false  # keep this\n"
                                     "custom_channels:\n"
                                     "  team: https://conda.example.com/channels\n"
                                     "ssl_verify: true\n";
        QCOMPARE(editor.text(), official);
    }

    void everyKeyRoundTrips()
    {
        CondarcEditor editor = editorFor(kFile);
        ChannelSettings settings;
        settings.channels = {"conda-forge", "bioconda", "defaults"};
        settings.channelAlias = "https://mirror.example.com/conda";
        settings.defaultChannels = {"https://mirror.example.com/pkgs/main"};
        settings.customChannels = {{"pytorch", "https://mirror.example.com/cloud"}};
        settings.channelPriority = config::ChannelPriority::Strict;
        settings.showChannelUrls = false;
        settings.proxyServers = {{"http", "http://proxy:3128"}, {"https", "http://proxy:3128"}};
        settings.sslVerify = config::SslVerify{false, {}};
        QVERIFY(config::writeChannelSettings(editor, settings).ok());
        QCOMPARE(ChannelSettings::fromContent(editor.content()), settings);
        const std::string text = editor.text();
        // The unchanged head of the list keeps its comment; the unknown key and comments stay.
        QVERIFY(text.find("  - conda-forge  # first\n") != std::string::npos);
        QVERIFY(text.find("auto_activate_base: false  # keep this\n") != std::string::npos);
        QVERIFY(text.find("# my conda settings\n") == 0);
        QVERIFY(text.find("ssl_verify: false\n") != std::string::npos);
        QVERIFY(text.find("channel_priority: strict\n") != std::string::npos);
        QVERIFY(text.find("team") == std::string::npos);
        auto reparsed = CondarcEditor::fromText(text, "/test/.condarc");
        QVERIFY(reparsed.ok());

        // Reordering and unsetting.
        settings.channels = {"defaults", "conda-forge"};
        settings.channelAlias.clear();
        settings.customChannels.clear();
        settings.proxyServers.erase("https");
        settings.sslVerify = config::SslVerify{true, "/etc/ssl/corp.pem"};
        QVERIFY(config::writeChannelSettings(editor, settings).ok());
        QCOMPARE(ChannelSettings::fromContent(editor.content()), settings);
        QVERIFY(editor.text().find("channel_alias") == std::string::npos);
        QVERIFY(editor.text().find("custom_channels") == std::string::npos);

        // Everything unset: only the keys the page does not manage are left.
        QVERIFY(config::writeChannelSettings(editor, ChannelSettings{}).ok());
        QCOMPARE(editor.text(), std::string("# my conda settings\n"
                                            "auto_activate_base: false  # keep this\n"));
    }

    void duplicatesInTheFileAreCleanedUp()
    {
        CondarcEditor editor = editorFor("channels:\n  - a\n  - b\n  - a\n");
        ChannelSettings settings;
        settings.channels = {"a", "b", "c"};
        QVERIFY(config::writeChannelSettings(editor, settings).ok());
        QCOMPARE(ChannelSettings::fromContent(editor.content()).channels, settings.channels);
    }
};

QTEST_APPLESS_MAIN(TestMirrorPresets)
#include "tst_mirror_presets.moc"
