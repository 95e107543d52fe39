#pragma once

#include "core/config/config.h"
#include "core/ops/solve_change.h"
#include "core/util/result.h"
#include "ui/changes/change_sources.h"

#include <QDialog>
#include <QStringList>

#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

class QComboBox;
class QCompleter;
class QLabel;
class QTreeView;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStringListModel;
class QTimer;
class QToolButton;

namespace envdesk::ui {

class ProblemTreeModel;

class BackgroundTask;
class ChangeDialog;
class SessionEnvironment;

// Creating an environment by pointing and clicking: a name checked as it is typed, where it
// goes, the Python version (the series the channels offer, newest stable first), packages (with
// completion from the channels' names) and the channels to use. A live preview solves the
// request on a worker thread as the user types ("8 packages, 87 kB to download", or why it
// cannot be done). Create previews and carries it out in a ChangeDialog.
//
// When the configured channels cannot be reached and the build's demo channel exists
// ($ENVDESK_DEMO_CHANNEL), the demo channel is ticked instead and a note says why, so a first
// run without a network still works.
//
// The configuration and the demo channel come from the session's inputs
// (SessionEnvironment::inputs()) as they are when each piece of work starts.
//
// Test API (objectNames): "nameEdit", "nameProblem", "locationEdit", "browseButton",
// "pythonCombo", "packagesEdit", "channelList", "channelNote", "previewLabel", "problemTree"
// (why a request cannot be solved, both sides, shown only then), "fixButtons" (one per fix the
// solver found: it rewrites the request and previews again), "createButton".
class CreateEnvironmentDialog : public QDialog {
    Q_OBJECT

public:
    // `session` (never null) gives the inputs of the dialog's work.
    explicit CreateEnvironmentDialog(std::shared_ptr<const SessionEnvironment> session,
                                     QWidget* parent = nullptr);
    ~CreateEnvironmentDialog() override;

    // Pre-fills the packages field (the Machine page's GPU suggestions use it).
    void setPackages(const QString& specs);

    [[nodiscard]] QString prefix() const;
    [[nodiscard]] std::vector<std::string> specs() const;
    [[nodiscard]] std::vector<std::string> channels() const; // the ticked ones, in order
    // False while the channels are still being read.
    [[nodiscard]] bool isReady() const { return m_ready; }
    // The problem with the name as typed, or empty.
    [[nodiscard]] QString nameProblem() const;

Q_SIGNALS:
    void changeDialogOpened(envdesk::ui::ChangeDialog* dialog);
    // The environment exists now.
    void environmentCreated(const QString& prefix);

private:
    struct Choices;
    void loadChoices();
    [[nodiscard]] static Choices readChoices(const config::ConfigInputs& inputs,
                                             std::stop_token stop,
                                             const ReadProgress& progress = {});
    void applyChoices(const Choices& choices);
    void showPreview(const util::Result<ops::ChangeOutcome>& outcome);
    void showConflict(const ops::ChangeConflict& conflict);
    // Rewrites the request as a fix says: `spec` (the Python choice or a word of the packages)
    // becomes `replacement`.
    void applyFix(const QString& spec, const QString& replacement);
    void validate();
    void schedulePreview();
    void runPreview();
    void create();
    void completeLastWord(const QString& completion);

    std::shared_ptr<const SessionEnvironment> m_session;
    BackgroundTask* m_setup = nullptr;
    BackgroundTask* m_previewTask = nullptr;
    QTimer* m_previewTimer = nullptr;
    QLineEdit* m_name = nullptr;
    QLabel* m_nameProblem = nullptr;
    QLineEdit* m_location = nullptr;
    QToolButton* m_browse = nullptr;
    QComboBox* m_python = nullptr;
    QLineEdit* m_packages = nullptr;
    QCompleter* m_completer = nullptr;
    QStringListModel* m_packageNames = nullptr;
    QListWidget* m_channels = nullptr;
    QLabel* m_channelNote = nullptr;
    QLabel* m_preview = nullptr;
    std::optional<std::vector<std::string>> m_previewedPlan; // what the preview showed
    QTreeView* m_problemTree = nullptr;
    ProblemTreeModel* m_problems = nullptr;
    QWidget* m_fixButtons = nullptr;
    QPushButton* m_create = nullptr;
    QString m_envsDir;
    QStringList m_existingNames;
    bool m_locationEdited = false;
    bool m_ready = false;
    bool m_previewOk = false;
    bool m_creating = false;
};

} // namespace envdesk::ui
