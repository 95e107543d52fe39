#pragma once

#include <QString>
#include <QStringList>

#include <deque>
#include <optional>

class QWidget;

// The standard dialogs the app opens (a warning, a file to open or save, a folder), behind one
// seam. The app shows Qt's own dialogs; a test installs ScriptedDialogs, which answers them
// from a script and records the warnings, so no test needs a nested event loop or a timer that
// pokes at a modal window.
namespace envdesk::ui {

void showWarning(QWidget* parent, const QString& title, const QString& text);
// The file chosen, or empty when the person cancelled.
[[nodiscard]] QString chooseFileToOpen(QWidget* parent, const QString& caption,
                                       const QString& folder, const QString& filters);
// The file chosen, or empty; `selectedFilter` (one of `filters`, ";;"-separated) is what the
// person picked, and starts as the one to preselect.
[[nodiscard]] QString chooseFileToSave(QWidget* parent, const QString& caption,
                                       const QString& suggestion, const QString& filters,
                                       QString* selectedFilter);
[[nodiscard]] QString chooseFolder(QWidget* parent, const QString& caption, const QString& folder);
// A line of text, `text` filled in; nullopt when the person cancelled. The dialog is wide
// enough for its title and label, which wrap rather than clip.
[[nodiscard]] std::optional<QString> askForText(QWidget* parent, const QString& title,
                                                const QString& label, const QString& text = {});

// While one exists, the functions above show nothing: each file, folder or text question takes
// the next answer from `answers` (none left: a cancel), a save question sets its
// filter from `filters` when one is queued, and warnings are appended to `warnings`. For tests;
// one at a time, on the GUI thread.
class ScriptedDialogs {
public:
    ScriptedDialogs();
    ~ScriptedDialogs();
    ScriptedDialogs(const ScriptedDialogs&) = delete;
    ScriptedDialogs& operator=(const ScriptedDialogs&) = delete;

    std::deque<QString> answers;
    std::deque<QString> filters;
    QStringList warnings;
    QStringList captions;    // every question asked, in order
    QStringList suggestions; // the text each text question offered, in order
};

} // namespace envdesk::ui
