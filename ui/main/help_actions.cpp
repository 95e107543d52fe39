#include "ui/main/help_actions.h"

#include "core/specs/channel.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSysInfo>
#include <QVBoxLayout>

namespace envdesk::ui {

QString userGuidePath()
{
    const QString installed = QDir(QCoreApplication::applicationDirPath())
                                  .filePath(QStringLiteral("../share/doc/envdesk/README.md"));
    for (const QString& candidate : {installed, QStringLiteral(ENVDESK_SOURCE_DIR "/README.md")}) {
        if (QFileInfo(candidate).isFile()) {
            return QFileInfo(candidate).canonicalFilePath();
        }
    }
    return {};
}

ReportProblemDialog::ReportProblemDialog(const config::ConfigInputs& inputs, bool offline,
                                         QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("reportProblemDialog"));
    setWindowTitle(tr("Report a problem"));

    const QString where = QStringLiteral(ENVDESK_BUG_REPORT_URL);
    auto* intro = new QLabel(
        tr("Say what you did, what you expected and what happened instead, and add the details "
           "below.")
            + QStringLiteral(" ")
            + (where.isEmpty()
                   ? tr("Send them to whoever gave you Envdesk (the package's maintainer or "
                        "your administrator).")
                   : tr("Send them to %1.")
                         .arg(QStringLiteral("<a href=\"%1\">%1</a>").arg(where.toHtmlEscaped()))),
        this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);
    intro->setOpenExternalLinks(true);

    QStringList lines;
    lines << QStringLiteral("Envdesk %1").arg(QStringLiteral(ENVDESK_VERSION));
    lines << QStringLiteral("Qt %1 (built with %2)")
                 .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR));
    lines << QStringLiteral("System: %1, kernel %2 %3")
                 .arg(QSysInfo::prettyProductName(), QSysInfo::kernelType(),
                      QSysInfo::kernelVersion());
    lines << QStringLiteral("Platform: %1").arg(QString::fromStdString(specs::currentPlatform()));
    lines << QStringLiteral("Offline: %1")
                 .arg(offline ? QStringLiteral("yes") : QStringLiteral("no"));
    lines << QStringLiteral("Configuration files read:");
    const auto files = config::existingConfigFiles(inputs);
    if (files.empty()) {
        lines << QStringLiteral("  (none)");
    }
    for (const auto& file : files) {
        lines << QStringLiteral("  ") + QString::fromStdString(file);
    }
    if (inputs.unreachableServers) {
        for (const auto& entry : inputs.unreachableServers->entries()) {
            lines << QStringLiteral("Not answering: %1 (%2)")
                         .arg(QString::fromStdString(entry.origin),
                              QString::fromStdString(entry.reason));
        }
    }
    m_details = new QPlainTextEdit(lines.join(QLatin1Char('\n')), this);
    m_details->setObjectName(QStringLiteral("problemDetails"));
    m_details->setReadOnly(true);
    m_details->setAccessibleName(tr("Details to send"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* copy = buttons->addButton(tr("&Copy details"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copyDetailsButton"));
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(details()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_details, 1);
    layout->addWidget(buttons);
    resize(560, 360);
}

QString ReportProblemDialog::details() const
{
    return m_details->toPlainText();
}

} // namespace envdesk::ui
