#pragma once

#include "core/config/config.h"

#include <QDialog>
#include <QString>

class QPlainTextEdit;

// The Help menu beyond About: where the user guide is, and what to send when something goes
// wrong.
namespace envdesk::ui {

// The user guide (the README's "Using the app"): installed beside the program
// (<prefix>/share/doc/envdesk/README.md), else in the source tree the program was built from.
// Empty when neither exists.
[[nodiscard]] QString userGuidePath();

// "Report a problem": what to write, where to send it (ENVDESK_BUG_REPORT_URL when the build
// names one), and the details that help, ready to copy: versions, the system, the platform,
// the configuration files read, the offline switch and the servers that did not answer. No
// secret is in them (paths and host names only).
//
// Test API (objectNames): "reportProblemDialog", "problemDetails", "copyDetailsButton".
class ReportProblemDialog : public QDialog {
    Q_OBJECT

public:
    ReportProblemDialog(const config::ConfigInputs& inputs, bool offline,
                        QWidget* parent = nullptr);

    [[nodiscard]] QString details() const;

private:
    QPlainTextEdit* m_details = nullptr;
};

} // namespace envdesk::ui
