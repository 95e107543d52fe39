#pragma once

#include "core/config/config.h"
#include "ui/changes/change_dialog.h"
#include "ui/environments/package_table_model.h"

#include <QObject>

#include <map>
#include <string>
#include <vector>

// The changes the GUI offers, each as a step a ChangeDialog decides, previews and carries out,
// and the sequence that runs several (marks that remove, update and install) one after another.
// Each step loads its configuration from the `inputs` it is made with (the session's,
// SessionEnvironment::inputs(), taken on the GUI thread), for its decision and its apply
// (ChangeDialog::Intent::inputs).
namespace envdesk::ui {

struct ChangeStep {
    ChangeDialog::Intent intent;
    ChangeDialog::Decide decide;
};

// The marks of one environment as steps: removals, then updates, then installs (conda's verbs
// each take one kind of request, and removing first frees what the installs may replace).
[[nodiscard]] std::vector<ChangeStep>
stepsForMarks(const config::ConfigInputs& inputs, const QString& environmentName,
              const std::string& prefix, const std::map<std::string, PackageMark>& marks);

// Every package of the environment to its newest version that fits (conda update --all).
[[nodiscard]] ChangeStep updateAllStep(const config::ConfigInputs& inputs,
                                       const QString& environmentName, const std::string& prefix);

// Back to revision `revision` of the environment's history.
[[nodiscard]] ChangeStep rollbackStep(const config::ConfigInputs& inputs,
                                      const QString& environmentName, const std::string& prefix,
                                      int revision);

// A new environment at `prefix` holding `specs`, from `channels` (empty: the configured ones).
[[nodiscard]] ChangeStep createStep(const config::ConfigInputs& inputs, const std::string& prefix,
                                    std::vector<std::string> specs,
                                    std::vector<std::string> channels);

// Runs steps one after another, each in a dialog of its own; a step that is not applied (closed,
// cancelled, failed, unsolvable) ends the sequence.
class ChangeSequence : public QObject {
    Q_OBJECT

public:
    ChangeSequence(std::vector<ChangeStep> steps, QWidget* dialogParent);

    void start();

Q_SIGNALS:
    void dialogOpened(envdesk::ui::ChangeDialog* dialog);
    // One step changed the environment at `prefix`.
    void stepApplied(const QString& prefix);
    // All steps were applied (true), or the sequence ended early (false).
    void finished(bool allApplied);

private:
    void runNext();

    std::vector<ChangeStep> m_steps;
    std::size_t m_next = 0;
    QWidget* m_dialogParent = nullptr;
};

} // namespace envdesk::ui
