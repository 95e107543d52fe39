// What the window starts in an environment (core/ops/environment_launch.h): the terminal found
// as desktops find it, the start-up file it gets, applications from bin/, app_entry and desktop
// files, and desktop Exec lines read as the specification says.

#include "core/ops/environment_launch.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

using namespace envdesk;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text, bool executable = false)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    if (executable) {
        fs::permissions(path, fs::perms::owner_exec, fs::perm_options::add);
    }
}

} // namespace

class TestEnvironmentLaunch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void desktopExecLinesAreUnquoted();
    void terminalIsFoundInDesktopOrder();
    void terminalLaunchActivatesThroughTheHook();
    void applicationsComeFromBinAppEntryAndDesktopFiles();
};

void TestEnvironmentLaunch::desktopExecLinesAreUnquoted()
{
    using Argv = std::vector<std::string>;
    QCOMPARE(ops::desktopExecArgv("spyder %F").value(), (Argv{"spyder"}));
    QCOMPARE(ops::desktopExecArgv(R"("/opt/my app/run" --title "a \"b\"" 100%%)").value(),
             (Argv{"/opt/my app/run", "--title", "a \"b\"", "100%"}));
    QCOMPARE(ops::desktopExecArgv("  tool  -x  ").value(), (Argv{"tool", "-x"}));
    QVERIFY(!ops::desktopExecArgv("\"unterminated"));
}

void TestEnvironmentLaunch::terminalIsFoundInDesktopOrder()
{
    QTemporaryDir dir;
    const fs::path bin = dir.path().toStdString();
    for (const char* name : {"xterm", "konsole", "gnome-terminal"}) {
        write(bin / name, "#!/bin/sh\n", true);
    }
    std::map<std::string, std::string> vars = {{"PATH", bin.string()}};
    // No desktop named: the first of the common ones installed.
    QCOMPARE(ops::findTerminal(vars)->path, (bin / "gnome-terminal").string());
    vars["XDG_CURRENT_DESKTOP"] = "KDE";
    auto konsole = ops::findTerminal(vars);
    QCOMPARE(konsole->path, (bin / "konsole").string());
    QCOMPARE(konsole->commandPrefix, std::vector<std::string>{"-e"});
    // $TERMINAL wins, and Debian's alternative comes before the desktop's.
    write(bin / "x-terminal-emulator", "#!/bin/sh\n", true);
    QCOMPARE(ops::findTerminal(vars)->path, (bin / "x-terminal-emulator").string());
    vars["TERMINAL"] = "xterm";
    QCOMPARE(ops::findTerminal(vars)->path, (bin / "xterm").string());
    QVERIFY(!ops::findTerminal({{"PATH", "/nonexistent"}}));
}

void TestEnvironmentLaunch::terminalLaunchActivatesThroughTheHook()
{
    QTemporaryDir dir;
    const fs::path bin = dir.path().toStdString();
    write(bin / "xfce4-terminal", "#!/bin/sh\n", true);
    std::map<std::string, std::string> vars = {{"PATH", bin.string() + ":/usr/bin:/bin"},
                                               {"SHELL", "/bin/bash"}};
    auto launch = ops::terminalLaunch("/opt/envs/it's", vars, "/usr/bin/envdesk-cli",
                                      (bin / "state").string(), {"ipython", "--no-banner"});
    QVERIFY(launch);
    QCOMPARE(launch->argv.at(0), (bin / "xfce4-terminal").string());
    QCOMPARE(launch->argv.at(1), std::string("-x"));
    QCOMPARE(launch->argv.at(3), std::string("--rcfile"));
    QCOMPARE(launch->files.size(), std::size_t{1});
    const auto& [rcPath, rc] = *launch->files.begin();
    QCOMPARE(launch->argv.at(4), rcPath);
    QVERIFY(rc.find("eval \"$('/usr/bin/envdesk-cli' shell hook --shell bash)\"")
            != std::string::npos);
    QVERIFY(rc.find("envdesk activate '/opt/envs/it'\\''s'\n") != std::string::npos);
    QVERIFY(rc.find("'ipython' '--no-banner'\n") != std::string::npos);
    // No terminal at all: an error that says what to do.
    auto none = ops::terminalLaunch("/p", {{"PATH", "/nonexistent"}}, "cli", "/tmp", {});
    QVERIFY(!none);
    QVERIFY(none.error().message().find("TERMINAL") != std::string::npos);
}

void TestEnvironmentLaunch::applicationsComeFromBinAppEntryAndDesktopFiles()
{
    QTemporaryDir dir;
    const fs::path prefix = dir.path().toStdString();
    write(prefix / "bin/jupyter-lab", "#!/bin/sh\n", true);
    write(prefix / "bin/glue", "#!/bin/sh\n", true);
    write(prefix / "conda-meta/glueviz-1.0-0.json",
          R"({"name": "glueviz", "summary": "Linked views", "app_entry": "glue --verbose"})");
    write(prefix / "share/applications/tool.desktop",
          "[Desktop Entry]\nType=Application\nName=Tool\nName[zh_CN]=工具\nExec=tool %U\n"
          "Terminal=true\n");
    write(prefix / "share/applications/hidden.desktop",
          "[Desktop Entry]\nType=Application\nName=Hidden\nExec=x\nNoDisplay=true\n");
    const auto apps = ops::environmentApplications(prefix.string());
    std::vector<std::string> ids;
    for (const auto& app : apps) {
        ids.push_back(app.id + (app.installed() ? "+" : "-"));
    }
    QCOMPARE(ids, (std::vector<std::string>{"glueviz+", "jupyterlab+", "tool+", "notebook-",
                                            "spyder-", "qtconsole-"}));
    QCOMPARE(apps[0].command,
             (std::vector<std::string>{(prefix / "bin/glue").string(), "--verbose"}));
    QCOMPARE(apps[0].description, std::string("Linked views"));
    QCOMPARE(apps[2].name, std::string("Tool"));
    QVERIFY(apps[2].terminal);
    QCOMPARE(apps[2].command, std::vector<std::string>{"tool"});
}

QTEST_GUILESS_MAIN(TestEnvironmentLaunch)
#include "tst_environment_launch.moc"
