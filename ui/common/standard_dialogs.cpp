#include "ui/common/standard_dialogs.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>

#include <algorithm>

namespace envdesk::ui {

namespace {

ScriptedDialogs* g_script = nullptr;

QString nextAnswer(const QString& caption)
{
    g_script->captions << caption;
    if (g_script->answers.empty()) {
        return {};
    }
    QString answer = g_script->answers.front();
    g_script->answers.pop_front();
    return answer;
}

} // namespace

ScriptedDialogs::ScriptedDialogs()
{
    g_script = this;
}

ScriptedDialogs::~ScriptedDialogs()
{
    g_script = nullptr;
}

void showWarning(QWidget* parent, const QString& title, const QString& text)
{
    if (g_script != nullptr) {
        g_script->warnings << text;
        return;
    }
    QMessageBox::warning(parent, title, text);
}

QString chooseFileToOpen(QWidget* parent, const QString& caption, const QString& folder,
                         const QString& filters)
{
    if (g_script != nullptr) {
        return nextAnswer(caption);
    }
    return QFileDialog::getOpenFileName(parent, caption, folder, filters);
}

QString chooseFileToSave(QWidget* parent, const QString& caption, const QString& suggestion,
                         const QString& filters, QString* selectedFilter)
{
    if (g_script != nullptr) {
        if (selectedFilter != nullptr && !g_script->filters.empty()) {
            *selectedFilter = g_script->filters.front();
            g_script->filters.pop_front();
        }
        return nextAnswer(caption);
    }
    return QFileDialog::getSaveFileName(parent, caption, suggestion, filters, selectedFilter);
}

std::optional<QString> askForText(QWidget* parent, const QString& title, const QString& label,
                                  const QString& text)
{
    if (g_script != nullptr) {
        g_script->captions << title;
        g_script->suggestions << text;
        if (g_script->answers.empty()) {
            return std::nullopt;
        }
        QString answer = g_script->answers.front();
        g_script->answers.pop_front();
        return answer;
    }
    QInputDialog dialog(parent);
    dialog.setWindowTitle(title);
    dialog.setLabelText(label);
    dialog.setTextValue(text);
    // QInputDialog sizes itself to its line edit, which clips a long title or file name.
    const QFontMetrics metrics = dialog.fontMetrics();
    const int wanted =
        std::max(metrics.horizontalAdvance(title), metrics.horizontalAdvance(label)) + 96;
    dialog.resize(std::clamp(wanted, 420, 720), dialog.sizeHint().height());
    if (dialog.exec() != QDialog::Accepted) {
        return std::nullopt;
    }
    return dialog.textValue();
}

QString chooseFolder(QWidget* parent, const QString& caption, const QString& folder)
{
    if (g_script != nullptr) {
        return nextAnswer(caption);
    }
    return QFileDialog::getExistingDirectory(parent, caption, folder);
}

} // namespace envdesk::ui
