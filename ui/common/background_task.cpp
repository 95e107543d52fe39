#include "ui/common/background_task.h"

#include <QMetaObject>
#include <QPointer>

namespace envdesk::ui {

BackgroundTask::BackgroundTask(QObject* parent)
    : QObject(parent)
{
}

BackgroundTask::~BackgroundTask()
{
    for (auto& run : m_runs) {
        run.thread.request_stop();
    }
    // jthread joins: the work honours its stop token, so this is short.
}

void BackgroundTask::start(Work work)
{
    cancel();
    reapFinished();
    const int generation = ++*m_generation;
    std::weak_ptr<int> current = m_generation;
    QPointer<BackgroundTask> self(this);
    m_running = true;
    Q_EMIT runningChanged(true);
    auto done = std::make_shared<std::atomic<bool>>(false);
    Run run{done, {}};
    run.thread = std::jthread(
        [work = std::move(work), generation, current, self, done](std::stop_token stop) {
            auto deliver = work(stop);
            *done = true;
            if (stop.stop_requested()) {
                return;
            }
            // Back on the GUI thread: dropped if the task is gone or a newer run has started.
            QMetaObject::invokeMethod(
                self.data(),
                [deliver = std::move(deliver), generation, current, self] {
                    const auto now = current.lock();
                    if (!self || !now || *now != generation) {
                        return;
                    }
                    self->m_running = false;
                    if (deliver) {
                        deliver();
                    }
                    Q_EMIT self->runningChanged(false);
                },
                Qt::QueuedConnection);
        });
    m_runs.push_back(std::move(run));
}

void BackgroundTask::cancel()
{
    if (!m_runs.empty()) {
        m_runs.back().thread.request_stop();
    }
    ++*m_generation;
    if (m_running) {
        m_running = false;
        Q_EMIT runningChanged(false);
    }
}

void BackgroundTask::reapFinished()
{
    // Runs whose work has returned are joined at once; the others are still on their way to
    // their stop and are joined later, or by the destructor.
    std::erase_if(m_runs, [](const Run& run) { return run.done->load(); });
}

} // namespace envdesk::ui
