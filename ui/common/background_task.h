#pragma once

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <stop_token>
#include <thread>
#include <vector>

namespace envdesk::ui {

// Runs core work off the GUI thread, one run at a time, and hands its result back on the GUI
// thread. The work gets a stop token (core's cancellation) and returns what to do with its
// result there. Starting again, cancel() and the destructor stop the run in progress; its
// result is then dropped, never delivered late, and the GUI thread never waits for it except
// in the destructor, where the work's stop token makes the wait short.
class BackgroundTask : public QObject {
    Q_OBJECT

public:
    // Runs on the worker thread; the returned function runs on the GUI thread (may be empty).
    using Work = std::function<std::function<void()>(std::stop_token)>;

    explicit BackgroundTask(QObject* parent = nullptr);
    ~BackgroundTask() override;
    BackgroundTask(const BackgroundTask&) = delete;
    BackgroundTask& operator=(const BackgroundTask&) = delete;

    void start(Work work);
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }

Q_SIGNALS:
    void runningChanged(bool running);

private:
    void reapFinished();

    struct Run {
        std::shared_ptr<std::atomic<bool>> done;
        std::jthread thread;
    };
    std::vector<Run> m_runs; // the current run last; earlier ones were asked to stop
    std::shared_ptr<int> m_generation = std::make_shared<int>(0);
    bool m_running = false;
};

} // namespace envdesk::ui
