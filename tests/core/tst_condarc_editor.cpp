// Editing one .condarc on its text: every line the edit does not touch stays byte for byte, and
// saving is atomic, keeps a backup and protects secrets.

#include "core/config/condarc_editor.h"
#include "core/config/condarc_edits.h"
#include "core/config/config.h"
#include "tests/support/string_lists.h"
#include "vector_file.h"

#include <sys/stat.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <string>

using envdesk::config::CondarcEditor;
namespace config = envdesk::config;
namespace util = envdesk::util;

namespace {

using envdesk::test::sl;

using ListEnd = CondarcEditor::ListEnd;

CondarcEditor editorFor(const std::string& text)
{
    auto editor = CondarcEditor::fromText(text, "/test/.condarc");
    if (!editor) {
        qFatal("fixture text does not parse: %s", editor.error().message().c_str());
    }
    return std::move(*editor);
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

mode_t modeOf(const QString& path)
{
    struct stat info {};
    ::stat(QFile::encodeName(path).constData(), &info);
    return info.st_mode & 07777;
}

// A realistic file: comments everywhere, blank lines, keys Envdesk does not know, a marker.
const std::string kFile = "# Written by hand. Keep the comments!\n"
                          "channels:  # where packages come from\n"
                          "  - conda-forge   # first\n"
                          "  # - bioconda (disabled for now)\n"
                          "  - defaults\n"
                          "\n"
                          "# the solver\n"
                          "channel_priority: strict  #!final\n"
                          "auto_update_conda: False   # not ours\n"
                          "proxy_servers:\n"
                          "    http: http://proxy.corp:3128\n"
                          "envs_dirs: [~/envs, /opt/envs]\n"
                          "plugins:\n"
                          "  anaconda_telemetry: false\n"
                          "# trailing comment\n";

} // namespace

class TestCondarcEditor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void setScalarKeepsEverythingElse();
    void setNewKeyIsAppended();
    void setValueTyping_data();
    void setValueTyping();
    void setRejectsWrongTypes_data();
    void setRejectsWrongTypes();
    void setMapEntry();
    void prependAndAppendToBlockList();
    void addToFlowListRewritesOnlyThatKey();
    void addExistingItemMoves();
    void rewriteKeepsNestedItems();
    void addToMissingKey();
    void removeItem();
    void removeLastItemLeavesEmptyList();
    void removeMissingItemFails();
    void removeKeyKeepsNeighbours();
    void removeMapEntry();
    void crlfAndMissingFinalNewline();
    void unusualLayoutsAreReadNotEdited();
    void brokenFileIsRefused();
    void atomicSaveKeepsBackupAndMode();
    void secretsMakeTheFileOwnerOnly_data();
    void secretsMakeTheFileOwnerOnly();
    void saveFollowsSymlink();
    void saveRefusesFileBrokenSinceOpen();
    void newFileIsCreated();
    void editsApplyInOrder();
    void addingAChannelKeepsDefaults();
    void fileToEditFollowsTheChoice();
    void fixtureFilesSurviveEdits_data();
    void fixtureFilesSurviveEdits();
};

void TestCondarcEditor::setScalarKeepsEverythingElse()
{
    CondarcEditor editor = editorFor(kFile);
    QVERIFY(editor.set("channel_priority", "flexible").ok());
    std::string expected = kFile;
    expected.replace(expected.find("channel_priority: strict"), 24, "channel_priority: flexible");
    QCOMPARE(editor.text(), expected);
    QCOMPARE(editor.content().find("channel_priority")->scalar, std::string("flexible"));
    QVERIFY(editor.content().find("channel_priority")->flag == config::Flag::Final);
}

void TestCondarcEditor::setNewKeyIsAppended()
{
    CondarcEditor editor = editorFor(kFile);
    QVERIFY(editor.set("show_channel_urls", "yes").ok());
    QVERIFY(editor.set("auto_activate_base", "false").ok()); // a key Envdesk does not know
    QCOMPARE(editor.text(), kFile + "show_channel_urls: true\nauto_activate_base: false\n");
}

void TestCondarcEditor::setValueTyping_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("line");
    QTest::newRow("offline 1") << QStringLiteral("offline") << QStringLiteral("1")
                               << QStringLiteral("offline: true");
    QTest::newRow("offline True") << QStringLiteral("offline") << QStringLiteral("True")
                                  << QStringLiteral("offline: true");
    QTest::newRow("ssl_verify false") << QStringLiteral("ssl_verify") << QStringLiteral("false")
                                      << QStringLiteral("ssl_verify: false");
    QTest::newRow("ssl_verify /etc/ssl/ca.pem")
        << QStringLiteral("ssl_verify") << QStringLiteral("/etc/ssl/ca.pem")
        << QStringLiteral("ssl_verify: /etc/ssl/ca.pem");
    QTest::newRow("channel_alias https://m.example/x")
        << QStringLiteral("channel_alias") << QStringLiteral("https://m.example/x")
        << QStringLiteral("channel_alias: https://m.example/x");
    QTest::newRow("channel_alias yes (a string)")
        << QStringLiteral("channel_alias") << QStringLiteral("yes")
        << QStringLiteral("channel_alias: \"yes\"");
    QTest::newRow("remote_read_timeout_secs 30.5")
        << QStringLiteral("remote_read_timeout_secs") << QStringLiteral("30.5")
        << QStringLiteral("remote_read_timeout_secs: 30.5");
    QTest::newRow("local_repodata_ttl 3600")
        << QStringLiteral("local_repodata_ttl") << QStringLiteral("3600")
        << QStringLiteral("local_repodata_ttl: 3600");
    QTest::newRow("unknown_key some: text")
        << QStringLiteral("unknown_key") << QStringLiteral("some: text")
        << QStringLiteral("unknown_key: \"some: text\"");
}

void TestCondarcEditor::setValueTyping()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, line);
    CondarcEditor editor = editorFor("");
    auto done = editor.set(key.toStdString(), value.toStdString());
    QVERIFY2(done.ok(), done.ok() ? "" : done.error().message().c_str());
    QCOMPARE(QString::fromStdString(editor.text()), line + QLatin1Char('\n'));
    // What was written reads back as a valid value of the key.
    QVERIFY(config::validateKey(key.toStdString(), *editor.content().find(key.toStdString())).ok());
}

void TestCondarcEditor::setRejectsWrongTypes_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("offline maybe") << QStringLiteral("offline") << QStringLiteral("maybe");
    QTest::newRow("channel_priority bogus")
        << QStringLiteral("channel_priority") << QStringLiteral("bogus");
    QTest::newRow("remote_max_retries many")
        << QStringLiteral("remote_max_retries") << QStringLiteral("many");
    QTest::newRow("channels conda-forge (a list)")
        << QStringLiteral("channels") << QStringLiteral("conda-forge");
    QTest::newRow("custom_channels x (a map)")
        << QStringLiteral("custom_channels") << QStringLiteral("x");
    QTest::newRow("offline.sub x (not a map)")
        << QStringLiteral("offline.sub") << QStringLiteral("x");
    QTest::newRow("bad key: x") << QStringLiteral("bad key") << QStringLiteral("x");
}

void TestCondarcEditor::setRejectsWrongTypes()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    CondarcEditor editor = editorFor(kFile);
    auto done = editor.set(key.toStdString(), value.toStdString());
    QVERIFY(!done.ok());
    const QString message = QString::fromStdString(done.error().message());
    QVERIFY2(message.contains(key.section(QLatin1Char('.'), 0, 0)), qPrintable(message));
    QCOMPARE(editor.text(), kFile);
}

void TestCondarcEditor::setMapEntry()
{
    CondarcEditor editor = editorFor(kFile);
    QVERIFY(editor.set("proxy_servers.https", "http://proxy.corp:3129").ok());
    QVERIFY(editor.set("proxy_servers.http", "http://other:8080").ok());
    std::string expected = kFile;
    expected.replace(expected.find("    http: http://proxy.corp:3128\n"), 33,
                     "    http: http://other:8080\n    https: http://proxy.corp:3129\n");
    QCOMPARE(editor.text(), expected);

    CondarcEditor fresh = editorFor("channels: [a]\n");
    QVERIFY(fresh.set("custom_channels.conda-forge", "https://m.example/cloud").ok());
    QCOMPARE(
        fresh.text(),
        std::string("channels: [a]\ncustom_channels:\n  conda-forge: https://m.example/cloud\n"));

    CondarcEditor spread = editorFor("proxy_servers: {\n  http: a\n}\nx: 1\n");
    QVERIFY(spread.set("proxy_servers.https", "b").ok());
    QCOMPARE(spread.text(), std::string("proxy_servers:\n  http: a\n  https: b\nx: 1\n"));

    CondarcEditor flow = editorFor("custom_channels: {}  # mirrors\nx: 1\n");
    QVERIFY(flow.set("custom_channels.pytorch", "https://m.example/cloud").ok());
    QCOMPARE(flow.text(), std::string("custom_channels:  # mirrors\n"
                                      "  pytorch: https://m.example/cloud\nx: 1\n"));
}

void TestCondarcEditor::prependAndAppendToBlockList()
{
    CondarcEditor editor = editorFor(kFile);
    QVERIFY(editor.add("channels", "pytorch", ListEnd::Front).ok());
    QVERIFY(editor.add("channels", "nvidia", ListEnd::Back).ok());
    std::string expected = kFile;
    expected.replace(expected.find("  - conda-forge"), 0, "  - pytorch\n");
    expected.replace(expected.find("  - defaults\n") + 13, 0, "  - nvidia\n");
    QCOMPARE(editor.text(), expected);
    QCOMPARE(editor.content().find("channels")->items.size(), std::size_t(4));
    QVERIFY(editor.warnings().empty());

    // Items at the key's own indentation (valid YAML, common in hand-written files).
    CondarcEditor flush = editorFor("channels:\n- a\n- b\nx: 1\n");
    QVERIFY(flush.add("channels", "c", ListEnd::Back).ok());
    QVERIFY(flush.add("channels", "z", ListEnd::Front).ok());
    QCOMPARE(flush.text(), std::string("channels:\n- z\n- a\n- b\n- c\nx: 1\n"));
    CondarcEditor marker = editorFor("---\nchannels: [a]\n...\n");
    QVERIFY(marker.add("channels", "b", ListEnd::Back).ok());
    QCOMPARE(marker.text(), std::string("---\nchannels:\n  - a\n  - b\n...\n"));
}

void TestCondarcEditor::addToFlowListRewritesOnlyThatKey()
{
    CondarcEditor editor = editorFor(kFile);
    QVERIFY(editor.add("envs_dirs", "/scratch/envs", ListEnd::Front).ok());
    std::string expected = kFile;
    expected.replace(expected.find("envs_dirs: [~/envs, /opt/envs]\n"), 31,
                     "envs_dirs:\n  - /scratch/envs\n  - ~/envs\n  - /opt/envs\n");
    QCOMPARE(editor.text(), expected);
}

void TestCondarcEditor::rewriteKeepsNestedItems()
{
    // An unknown key whose list holds mappings: rewriting it in block style loses nothing.
    CondarcEditor editor = editorFor("tools: [{name: a, args: [x, 'y,z']}, b]\n");
    QVERIFY(editor.add("tools", "c", ListEnd::Back).ok());
    QCOMPARE(editor.text(),
             std::string("tools:\n  - {name: a, args: [x, \"y,z\"]}\n  - b\n  - c\n"));
    const auto& items = editor.content().find("tools")->items;
    QCOMPARE(items.size(), std::size_t(3));
    QCOMPARE(items[0].find("args")->items[1].scalar, std::string("y,z"));
}

void TestCondarcEditor::addExistingItemMoves()
{
    CondarcEditor editor = editorFor(kFile);
    QVERIFY(editor.add("channels", "defaults", ListEnd::Front).ok());
    std::string expected = kFile;
    expected.erase(expected.find("  - defaults\n"), 13);
    expected.replace(expected.find("  - conda-forge"), 0, "  - defaults\n");
    QCOMPARE(editor.text(), expected);
    QCOMPARE(editor.warnings().size(), std::size_t(1));
    QVERIFY(editor.warnings().front().find("moving to the top") != std::string::npos);

    // Already where it was asked to go: nothing changes, the warning still says so.
    CondarcEditor same = editorFor(kFile);
    QVERIFY(same.add("channels", "defaults", ListEnd::Back).ok());
    QCOMPARE(same.text(), kFile);
    QCOMPARE(same.warnings().size(), std::size_t(1));

    CondarcEditor only = editorFor("channels:\n  - a\nx: 1\n");
    QVERIFY(only.add("channels", "a", ListEnd::Front).ok());
    QCOMPARE(only.text(), std::string("channels:\n  - a\nx: 1\n"));
}

void TestCondarcEditor::addToMissingKey()
{
    CondarcEditor editor = editorFor("# only a comment\n");
    QVERIFY(editor.add("pinned_packages", "numpy<2", ListEnd::Back).ok());
    QVERIFY(editor.add("pinned_packages", "1.0", ListEnd::Back).ok());
    QCOMPARE(editor.text(),
             std::string("# only a comment\npinned_packages:\n  - numpy<2\n  - \"1.0\"\n"));
    CondarcEditor empty = editorFor("channels:\n# nothing yet\nx: 1\n");
    QVERIFY(empty.add("channels", "conda-forge", ListEnd::Front).ok());
    QCOMPARE(empty.text(), std::string("channels:\n  - conda-forge\n# nothing yet\nx: 1\n"));
    QVERIFY(!editor.add("offline", "x", ListEnd::Back).ok());
}

void TestCondarcEditor::removeItem()
{
    CondarcEditor editor = editorFor(kFile);
    QVERIFY(editor.remove("channels", "conda-forge").ok());
    std::string expected = kFile;
    expected.erase(expected.find("  - conda-forge   # first\n"), 26);
    QCOMPARE(editor.text(), expected);

    CondarcEditor flow = editorFor(kFile);
    QVERIFY(flow.remove("envs_dirs", "~/envs").ok());
    std::string flowExpected = kFile;
    flowExpected.replace(flowExpected.find("envs_dirs: [~/envs, /opt/envs]\n"), 31,
                         "envs_dirs:\n  - /opt/envs\n");
    QCOMPARE(flow.text(), flowExpected);
}

void TestCondarcEditor::removeLastItemLeavesEmptyList()
{
    CondarcEditor editor = editorFor("channels:  # mine\n  - a\noffline: false\n");
    QVERIFY(editor.remove("channels", "a").ok());
    QCOMPARE(editor.text(), std::string("channels: []  # mine\noffline: false\n"));
}

void TestCondarcEditor::removeMissingItemFails()
{
    CondarcEditor editor = editorFor(kFile);
    auto missing = editor.remove("channels", "bioconda");
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().code == util::ErrorCode::NotFound);
    QVERIFY(missing.error().message().find("'bioconda' is not in the 'channels' key")
            != std::string::npos);
    QCOMPARE(missing.error().context, std::string("/test/.condarc:2:1"));
    auto noKey = editor.remove("pinned_packages", "numpy");
    QVERIFY(!noKey.ok());
    QVERIFY(!editor.removeKey("show_channel_urls").ok());
    QCOMPARE(editor.text(), kFile);
}

void TestCondarcEditor::removeKeyKeepsNeighbours()
{
    CondarcEditor editor = editorFor(kFile);
    QVERIFY(editor.removeKey("channels").ok());
    std::string expected = kFile;
    const auto begin = expected.find("channels:");
    const auto end = expected.find("\n# the solver");
    expected.erase(begin, end - begin);
    QCOMPARE(editor.text(), expected);

    CondarcEditor last = editorFor(kFile);
    QVERIFY(last.removeKey("plugins").ok());
    std::string lastExpected = kFile;
    lastExpected.erase(lastExpected.find("plugins:"), 37);
    QCOMPARE(last.text(), lastExpected);
}

void TestCondarcEditor::removeMapEntry()
{
    CondarcEditor editor = editorFor("proxy_servers:\n  http: a  # one\n  https: b\nx: 1\n");
    QVERIFY(editor.removeKey("proxy_servers.https").ok());
    QCOMPARE(editor.text(), std::string("proxy_servers:\n  http: a  # one\nx: 1\n"));
    QVERIFY(editor.removeKey("proxy_servers.http").ok());
    QCOMPARE(editor.text(), std::string("proxy_servers: {}\nx: 1\n"));
}

void TestCondarcEditor::unusualLayoutsAreReadNotEdited()
{
    for (const std::string text : {"{channels: [a], offline: true}\n", "  channels: [a]\n"}) {
        CondarcEditor editor = editorFor(text);
        QCOMPARE(editor.content().find("channels")->items.size(), std::size_t(1));
        auto done = editor.set("show_channel_urls", "true");
        QVERIFY(!done.ok());
        QVERIFY2(done.error().context.rfind("/test/.condarc:1:", 0) == 0,
                 done.error().context.c_str());
        QVERIFY(!editor.add("channels", "b", ListEnd::Back).ok());
        QCOMPARE(editor.text(), text);
    }
    // Two documents: conda reads one, so the file is refused as a whole, pointing at the `---`
    // that starts the second.
    auto twoDocuments = CondarcEditor::fromText("channels: [a]\n---\noffline: true\n", "/f");
    QVERIFY(!twoDocuments.ok());
    QCOMPARE(twoDocuments.error().context, std::string("/f:2:1"));
    // yaml-cpp 0.7's LoadAll never returned on this one.
    auto stray = CondarcEditor::fromText(",\n", "/f");
    QVERIFY(!stray.ok());
    QCOMPARE(stray.error().context, std::string("/f:1:1"));
    // A document end marker: new keys go before it.
    CondarcEditor ended = editorFor("channels: [a]\n...\n");
    QVERIFY(ended.set("offline", "true").ok());
    QCOMPARE(ended.text(), std::string("channels: [a]\noffline: true\n...\n"));
}

void TestCondarcEditor::crlfAndMissingFinalNewline()
{
    CondarcEditor crlf = editorFor("channels:\r\n  - a\r\nx: 1\r\n");
    QVERIFY(crlf.add("channels", "b", ListEnd::Back).ok());
    QVERIFY(crlf.set("offline", "true").ok());
    QCOMPARE(crlf.text(), std::string("channels:\r\n  - a\r\n  - b\r\nx: 1\r\noffline: true\r\n"));

    CondarcEditor noEol = editorFor("x: 1\nchannels:\n  - a");
    QVERIFY(noEol.add("channels", "b", ListEnd::Back).ok());
    QCOMPARE(noEol.text(), std::string("x: 1\nchannels:\n  - a\n  - b\n"));
    CondarcEditor setLast = editorFor("x: 1\noffline: false");
    QVERIFY(setLast.set("offline", "true").ok());
    QCOMPARE(setLast.text(), std::string("x: 1\noffline: true"));
}

void TestCondarcEditor::brokenFileIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/.condarc");
    const QByteArray broken = "channels:\n  - a\n  - [b\noffline: true\n";
    writeAll(path, broken);
    const auto before = QFileInfo(path).lastModified();
    auto editor = CondarcEditor::open(path.toStdString());
    QVERIFY(!editor.ok());
    QVERIFY(editor.error().code == util::ErrorCode::ParseError);
    const QString context = QString::fromStdString(editor.error().context);
    QVERIFY2(context.startsWith(path + QStringLiteral(":4:")), qPrintable(context));
    QCOMPARE(readAll(path), broken);
    QCOMPARE(QFileInfo(path).lastModified(), before);
    QVERIFY(!QFile::exists(path + QStringLiteral(".bak")));
}

void TestCondarcEditor::atomicSaveKeepsBackupAndMode()
{
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/.condarc");
    writeAll(path, QByteArray::fromStdString(kFile));
    ::chmod(QFile::encodeName(path).constData(), 0640);
    auto editor = CondarcEditor::open(path.toStdString());
    QVERIFY(editor.ok());
    QVERIFY(editor->existed());
    QVERIFY(editor->add("channels", "pytorch", ListEnd::Front).ok());
    auto saved = editor->save();
    QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().message().c_str());
    QCOMPARE(readAll(path).toStdString(), editor->text());
    QCOMPARE(readAll(path + QStringLiteral(".bak")).toStdString(), kFile);
    QCOMPARE(modeOf(path), mode_t(0640));
    // No temporary file is left behind.
    const QStringList entries =
        QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    QCOMPARE(entries, sl({".condarc", ".condarc.bak"}));
}

void TestCondarcEditor::secretsMakeTheFileOwnerOnly_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("channel_alias https://conda.example/t/tk-1234/")
        << QStringLiteral("channel_alias") << QStringLiteral("https://conda.example/t/tk-1234/");
    QTest::newRow("proxy_servers.https http://user:secret@proxy:3128")
        << QStringLiteral("proxy_servers.https") << QStringLiteral("http://user:secret@proxy:3128");
}

void TestCondarcEditor::secretsMakeTheFileOwnerOnly()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/.condarc");
    writeAll(path, "channels: [a]\n");
    ::chmod(QFile::encodeName(path).constData(), 0644);
    auto editor = CondarcEditor::open(path.toStdString());
    QVERIFY(editor.ok());
    QVERIFY(editor->set(key.toStdString(), value.toStdString()).ok());
    QVERIFY(editor->save().ok());
    QCOMPARE(modeOf(path), mode_t(0600));
    QVERIFY(readAll(path).contains(value.toUtf8()));
    QVERIFY(config::containsSecrets(readAll(path).toStdString()));
    QVERIFY(!config::containsSecrets("channels: [https://conda.anaconda.org/conda-forge]\n"));

    // The backup of a file holding a secret is owner-only too.
    auto again = CondarcEditor::open(path.toStdString());
    QVERIFY(again.ok());
    QVERIFY(again->set("offline", "true").ok());
    QVERIFY(again->save().ok());
    QCOMPARE(modeOf(path + QStringLiteral(".bak")), mode_t(0600));
}

void TestCondarcEditor::saveFollowsSymlink()
{
    QTemporaryDir dir;
    QDir().mkpath(dir.path() + QStringLiteral("/dotfiles"));
    const QString target = dir.path() + QStringLiteral("/dotfiles/condarc");
    const QString link = dir.path() + QStringLiteral("/.condarc");
    writeAll(target, "channels: [a]\n");
    QVERIFY(QFile::link(target, link));
    auto editor = CondarcEditor::open(link.toStdString());
    QVERIFY(editor.ok());
    QVERIFY(editor->add("channels", "b", ListEnd::Back).ok());
    QVERIFY(editor->save().ok());
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(readAll(target), QByteArray("channels:\n  - a\n  - b\n"));
}

void TestCondarcEditor::saveRefusesFileBrokenSinceOpen()
{
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/.condarc");
    writeAll(path, "channels: [a]\n");
    auto editor = CondarcEditor::open(path.toStdString());
    QVERIFY(editor.ok());
    QVERIFY(editor->set("offline", "true").ok());
    writeAll(path, "channels: [a\n"); // someone else broke it meanwhile
    auto saved = editor->save();
    QVERIFY(!saved.ok());
    QVERIFY(saved.error().context.find(path.toStdString() + ":") == 0);
    QCOMPARE(readAll(path), QByteArray("channels: [a\n"));
}

void TestCondarcEditor::newFileIsCreated()
{
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/sub/folder/.condarc");
    auto editor = CondarcEditor::open(path.toStdString());
    QVERIFY(editor.ok());
    QVERIFY(!editor->existed());
    QVERIFY(editor->add("channels", "conda-forge", ListEnd::Front).ok());
    QVERIFY(editor->save().ok());
    QCOMPARE(readAll(path), QByteArray("channels:\n  - conda-forge\n"));
    QCOMPARE(modeOf(path), mode_t(0644));
    QVERIFY(!QFile::exists(path + QStringLiteral(".bak")));
}

void TestCondarcEditor::fixtureFilesSurviveEdits_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("file");
    for (const char* name : {"conda-build__github_condarc", "conda__github_condarc-conda-forge",
                             "conda__github_condarc-defaults", "conda__tests_condarc",
                             "mamba__tests_condarc", "pangeo__base-image_condarc"}) {
        QTest::newRow(name) << QString::fromLatin1(name);
    }
}

void TestCondarcEditor::fixtureFilesSurviveEdits()
{
    QFETCH(QString, file);
    const std::string original =
        readAll(envdesk::test::fixturesDir() + QStringLiteral("/condarc/") + file).toStdString();
    QVERIFY(!original.empty());

    // Prepending a channel adds exactly one line.
    CondarcEditor prepend = editorFor(original);
    QVERIFY(prepend.add("channels", "my-mirror", ListEnd::Front).ok());
    std::string withoutNew = prepend.text();
    const auto added = withoutNew.find("  - my-mirror\n");
    QVERIFY(added != std::string::npos);
    withoutNew.erase(added, 14);
    QCOMPARE(withoutNew, original);
    QCOMPARE(prepend.content().find("channels")->items.front().scalar, std::string("my-mirror"));

    // A new key goes at the end; the rest is untouched.
    CondarcEditor append = editorFor(original);
    QVERIFY(append.set("remote_max_retries", "5").ok());
    QVERIFY(append.text().rfind(original.substr(0, original.size() - 1), 0) == 0);
    QVERIFY(append.text().size() >= 22
            && append.text().substr(append.text().size() - 22) == "remote_max_retries: 5\n");

    // Removing the channels key keeps every other line, in order.
    CondarcEditor removed = editorFor(original);
    QVERIFY(removed.removeKey("channels").ok());
    QVERIFY(removed.content().find("channels") == nullptr);
    const QList<QByteArray> before = QByteArray::fromStdString(original).split('\n');
    const QList<QByteArray> after = QByteArray::fromStdString(removed.text()).split('\n');
    int next = 0;
    for (const QByteArray& line : before) {
        if (line.startsWith("channels:") || line.startsWith("  - ")) {
            continue;
        }
        while (next < after.size() && after[next] != line) {
            ++next;
        }
        QVERIFY2(next < after.size(), line.constData());
        ++next;
    }
}

void TestCondarcEditor::editsApplyInOrder()
{
    using Kind = config::ConfigEdit::Kind;
    auto editor = editorFor("channels:\n  - conda-forge\n");
    QVERIFY(config::applyEdits(editor, {{Kind::Append, "channels", "bioconda"},
                                        {Kind::Set, "channel_priority", "strict"},
                                        {Kind::Add, "channels", "pytorch"},
                                        {Kind::Remove, "channels", "conda-forge"}}));
    QCOMPARE(editor.text(),
             std::string("channels:\n  - pytorch\n  - bioconda\nchannel_priority: strict\n"));
    // The first edit that fails stops the rest: nothing after it is applied.
    auto stopped = editorFor("channels:\n  - conda-forge\n");
    const auto failed = config::applyEdits(
        stopped, {{Kind::Remove, "channels", "absent"}, {Kind::Set, "channel_priority", "strict"}});
    QVERIFY(!failed);
    QCOMPARE(stopped.text(), std::string("channels:\n  - conda-forge\n"));
}

void TestCondarcEditor::addingAChannelKeepsDefaults()
{
    // conda: `config --add channels X` on a file without `channels` starts the list from
    // "defaults", what the user had before, so the edit adds a channel instead of replacing all.
    using Kind = config::ConfigEdit::Kind;
    auto editor = editorFor("ssl_verify: true\n");
    QVERIFY(config::applyEdits(editor, {{Kind::Add, "channels", "conda-forge"}}));
    QCOMPARE(editor.text(),
             std::string("ssl_verify: true\nchannels:\n  - conda-forge\n  - defaults\n"));
    // Another list is not seeded.
    auto other = editorFor("ssl_verify: true\n");
    QVERIFY(config::applyEdits(other, {{Kind::Append, "envs_dirs", "/data/envs"}}));
    QCOMPARE(other.text(), std::string("ssl_verify: true\nenvs_dirs:\n  - /data/envs\n"));
}

void TestCondarcEditor::fileToEditFollowsTheChoice()
{
    config::ConfigInputs inputs;
    inputs.homeDir = "/home/u";
    QCOMPARE(*config::configFileToEdit(inputs, {}), std::string("/home/u/.condarc"));
    QCOMPARE(*config::configFileToEdit(inputs, {"/x/rc", true, false}), std::string("/x/rc"));
    // --system without a root prefix, --env without an active environment: said, not guessed.
    const auto system = config::configFileToEdit(inputs, {"", true, false});
    QVERIFY(!system);
    QVERIFY(system.error().message().find("CONDA_ROOT") != std::string::npos);
    const auto environment = config::configFileToEdit(inputs, {"", false, true});
    QVERIFY(!environment);
    QVERIFY(environment.error().message().find("CONDA_PREFIX") != std::string::npos);
    inputs.rootPrefix = "/opt/conda";
    inputs.prefix = "/opt/conda/envs/ml";
    QCOMPARE(*config::configFileToEdit(inputs, {"", true, false}),
             std::string("/opt/conda/.condarc"));
    QCOMPARE(*config::configFileToEdit(inputs, {"", false, true}),
             std::string("/opt/conda/envs/ml/.condarc"));
}

QTEST_APPLESS_MAIN(TestCondarcEditor)
#include "tst_condarc_editor.moc"
