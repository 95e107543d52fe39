#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace envdesk::ui {

// Hands what a worker thread reports (progress) to the GUI thread without flooding it: the
// worker stores its latest value, at most one queued call is pending at a time, and that call
// shows whatever is latest by then; values in between are dropped, as only the newest matters.
// `show` runs on `receiver`'s thread, and never once the receiver is gone.
template <typename Value>
std::function<void(const Value&)> latestValueRelay(QObject* receiver,
                                                   std::function<void(const Value&)> show)
{
    struct Mailbox {
        std::mutex mutex;
        std::optional<Value> latest;
        bool posted = false;
    };
    auto mailbox = std::make_shared<Mailbox>();
    QPointer<QObject> guard(receiver);
    return [mailbox, guard, show = std::move(show)](const Value& value) {
        std::lock_guard lock(mailbox->mutex);
        mailbox->latest = value;
        if (mailbox->posted || !guard) {
            return;
        }
        mailbox->posted = true;
        QMetaObject::invokeMethod(
            guard.data(),
            [mailbox, guard, show] {
                std::optional<Value> latest;
                {
                    std::lock_guard taken(mailbox->mutex);
                    latest.swap(mailbox->latest);
                    mailbox->posted = false;
                }
                if (guard && latest) {
                    show(*latest);
                }
            },
            Qt::QueuedConnection);
    };
}

} // namespace envdesk::ui
