// How the desktop app feels, measured (see README "Benchmarks"):
//
//   1. start-up: the time from spawning the app's window in a fresh process to its first paint,
//      and to the environment list being filled, with 30 environments to find. The child is
//      this program itself (`bench_gui child-startup HOME`), so process start, dynamic loading,
//      Qt's set-up, the window and the discovery on its worker thread all count.
//   2. responsiveness: a 1 ms timer on the GUI thread records the gaps between its ticks while a
//      ChangeDialog creates the 40-package, 20,000-file chain environment (bench/chain_channel):
//      the solve, then the copy, extraction and linking. The longest gap is the longest the
//      window could not react; Qt's own painting of the progress is part of it.
//
// Both run on the offscreen platform. Figures are the best of RUNS (default 3).
//
//   bench_gui [RUNS] [FOLDER]   FOLDER (default: the temp folder) keeps the chain channel

#include "bench/bench_support.h"
#include "bench/chain_channel.h"
#include "core/config/config.h"
#include "ui/changes/change_dialog.h"
#include "ui/changes/change_steps.h"
#include "ui/common/session_environment.h"
#include "ui/environments/environment_list_model.h"
#include "ui/environments/environments_page.h"
#include "ui/main/main_window.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QSettings>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;
using namespace envdesk;

namespace {

constexpr int kEnvironments = 30;

void writeText(const fs::path& file, const std::string& text)
{
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

// A home whose .condarc names an envs dir of `kEnvironments` small environments.
void prepareHome(const fs::path& home)
{
    fs::remove_all(home);
    const fs::path envs = home / "envs";
    writeText(home / ".condarc", "channels: []\nenvs_dirs:\n  - " + envs.string()
                                     + "\npkgs_dirs:\n  - " + (home / "pkgs").string() + "\n");
    for (int i = 0; i < kEnvironments; ++i) {
        const fs::path prefix = envs / ("env" + std::to_string(i));
        writeText(prefix / "conda-meta" / "history", "==> 2024-01-01 00:00:00 <==\n");
        writeText(prefix / "conda-meta" / "python-3.12.1-0.json",
                  R"({"name": "python", "version": "3.12.1", "build": "0", "build_number": 0,)"
                  R"( "channel": "conda-forge", "subdir": "linux-64", "depends": []})");
    }
}

// The child: the app's window, reporting its first paint and the filled list on stdout.
class StartupWatcher : public QObject {
public:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && !m_painted) {
            m_painted = true;
            std::printf("painted\n");
            std::fflush(stdout);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_painted = false;
};

int childStartup(int argc, char** argv)
{
    QApplication app(argc, argv);
    QSettings settings(QString::fromLocal8Bit(argv[2]) + QStringLiteral("/settings.ini"),
                       QSettings::IniFormat);
    ui::MainWindow window(
        settings, std::make_shared<ui::SessionEnvironment>(config::ConfigInputs::fromProcess()),
        ui::systemDiscovery());
    StartupWatcher watcher;
    window.installEventFilter(&watcher);
    auto* page = window.findChild<ui::EnvironmentsPage*>();
    QObject::connect(page->environments(), &QAbstractItemModel::modelReset, &app, [&] {
        if (page->environments()->rowCount() > 0) {
            std::printf("listed %d\n", page->environments()->rowCount());
            std::fflush(stdout);
            QTimer::singleShot(0, &app, &QApplication::quit);
        }
    });
    window.show();
    return app.exec();
}

struct StartupTimes {
    double painted = 0; // ms
    double listed = 0;
};

StartupTimes timeStartup(const fs::path& self, const fs::path& home)
{
    int pipeFds[2];
    if (::pipe(pipeFds) != 0) {
        return {};
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipeFds[0]);
    const std::string homeText = home.string();
    std::vector<std::string> args = {self.string(), "child-startup", homeText};
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, self.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
        return {};
    }
    ::close(pipeFds[1]);
    StartupTimes times;
    std::string line;
    char c = 0;
    while (::read(pipeFds[0], &c, 1) == 1) {
        if (c != '\n') {
            line += c;
            continue;
        }
        const double now =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        if (line == "painted") {
            times.painted = now;
        } else if (line.rfind("listed", 0) == 0) {
            times.listed = now;
        }
        line.clear();
    }
    ::close(pipeFds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&actions);
    return times;
}

// The gaps between a 1 ms timer's ticks while `work` keeps the event loop busy until it says
// it is done.
struct Stall {
    double longest = 0; // ms
    double p99 = 0;
    std::size_t ticks = 0;
};

Stall watchEventLoop(QApplication& app, const std::function<void(std::function<void()>)>& work)
{
    std::vector<double> gaps;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(1);
    QObject::connect(&ticker, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed();
        gaps.push_back(static_cast<double>(now - last) / 1e6);
        last = now;
    });
    bool done = false;
    ticker.start();
    // The application's own event loop runs until the work says it is done, as in the app.
    work([&] {
        done = true;
        QCoreApplication::quit();
    });
    if (!done) {
        QApplication::exec();
    }
    ticker.stop();
    Stall stall;
    stall.ticks = gaps.size();
    if (!gaps.empty()) {
        std::sort(gaps.begin(), gaps.end());
        stall.longest = gaps.back();
        stall.p99 = gaps[gaps.size() * 99 / 100];
    }
    return stall;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc >= 3 && std::string(argv[1]) == "child-startup") {
        ::setenv("HOME", argv[2], 1);
        ::setenv("ENVDESK_CONDARC_SYSTEM_DIRS", "", 1);
        return childStartup(argc, argv);
    }
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    const fs::path folder =
        argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / "envdesk-bench-gui";
    ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    ::setenv("ENVDESK_CONDARC_SYSTEM_DIRS", "", 1);
    for (const char* name : {"CONDARC", "CONDA_PREFIX", "CONDA_ROOT_PREFIX", "CONDA_ENVS_DIRS",
                             "CONDA_PKGS_DIRS", "MAMBA_ROOT_PREFIX"}) {
        ::unsetenv(name);
    }

    const fs::path self = fs::canonical("/proc/self/exe");
    const fs::path startupHome = folder / "startup-home";
    prepareHome(startupHome);
    StartupTimes best{1e300, 1e300};
    for (int i = 0; i < runs; ++i) {
        const auto times = timeStartup(self, startupHome);
        best.painted = std::min(best.painted, times.painted);
        best.listed = std::min(best.listed, times.listed);
    }
    std::printf("start-up, %d environments: first paint %.0f ms, list filled %.0f ms (best of "
                "%d)\n",
                kEnvironments, best.painted, best.listed, runs);

    const fs::path channel = folder / "chain-channel";
    if (!bench::ensureChannel(channel)) {
        return 1;
    }
    const fs::path home = folder / "install-home";
    ::setenv("HOME", home.c_str(), 1);
    ::setenv("XDG_CACHE_HOME", (home / "cache").c_str(), 1);
    QApplication app(argc, argv);
    Stall decideBest{1e300, 1e300, 0};
    Stall applyBest{1e300, 1e300, 0};
    for (int i = 0; i < runs; ++i) {
        fs::remove_all(home);
        writeText(home / ".condarc", "channels:\n  - file://" + channel.string()
                                         + "\nenvs_dirs:\n  - " + (home / "envs").string()
                                         + "\npkgs_dirs:\n  - " + (home / "pkgs").string() + "\n");
        ::sync();
        const std::string prefix = (home / "envs" / "chain").string();
        auto step = ui::createStep(config::ConfigInputs::fromProcess(), prefix,
                                   {bench::packageName(bench::kPackages - 1)}, {});
        ui::ChangeDialog dialog(step.intent, step.decide);
        dialog.show();
        const Stall decide = watchEventLoop(app, [&](std::function<void()> done) {
            QObject::connect(&dialog, &ui::ChangeDialog::stateChanged, &app,
                             [done](ui::ChangeDialog::State state) {
                                 if (state != ui::ChangeDialog::State::Deciding) {
                                     done();
                                 }
                             });
            dialog.start();
        });
        QObject::disconnect(&dialog, &ui::ChangeDialog::stateChanged, nullptr, nullptr);
        if (dialog.state() != ui::ChangeDialog::State::Preview) {
            std::fprintf(stderr, "the change could not be decided\n");
            return 1;
        }
        const Stall apply = watchEventLoop(app, [&](std::function<void()> done) {
            QObject::connect(&dialog, &ui::ChangeDialog::stateChanged, &app,
                             [done](ui::ChangeDialog::State state) {
                                 if (state == ui::ChangeDialog::State::Done
                                     || state == ui::ChangeDialog::State::Failed) {
                                     done();
                                 }
                             });
            dialog.apply();
        });
        if (dialog.state() != ui::ChangeDialog::State::Done) {
            std::fprintf(stderr, "the change failed\n");
            return 1;
        }
        if (decide.longest < decideBest.longest) {
            decideBest = decide;
        }
        if (apply.longest < applyBest.longest) {
            applyBest = apply;
        }
    }
    std::printf("event loop while solving: longest stall %.1f ms, 99th percentile %.1f ms (%zu "
                "ticks)\n",
                decideBest.longest, decideBest.p99, decideBest.ticks);
    std::printf("event loop while installing 40 packages / 20,000 files: longest stall %.1f ms, "
                "99th percentile %.1f ms (%zu ticks)\n",
                applyBest.longest, applyBest.p99, applyBest.ticks);
    std::printf("peak memory %.0f MB\n", bench::peakMegabytes());
    return 0;
}
