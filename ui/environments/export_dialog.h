#pragma once

#include "ui/changes/environment_steps.h"

#include <QDialog>

#include <vector>

class QButtonGroup;

namespace envdesk::ui {

// The formats an environment exports to, each with what it is for, as a visible choice before
// the file is named (a save dialog's file-type list hid them). conda's full environment.yml is
// chosen to begin with.
//
// Test API (objectNames): "exportDialog", "format_full", "format_noBuilds",
// "format_fromHistory", "format_explicit", "format_lock".
class ExportDialog : public QDialog {
    Q_OBJECT

public:
    explicit ExportDialog(const QString& environmentName, QWidget* parent = nullptr);

    [[nodiscard]] ExportFormat format() const;
    // The file name to offer for the chosen format ("paper.yml", "paper.conda-lock.yml").
    [[nodiscard]] QString suggestedFileName() const;
    // The save dialog's filter for the chosen format ("environment.yml (*.yml)").
    [[nodiscard]] QString fileFilter() const;

private:
    QString m_name;
    QButtonGroup* m_formats = nullptr;
};

} // namespace envdesk::ui
