#include "ui/environments/export_dialog.h"

#include "ui/common/form_labels.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace envdesk::ui {

namespace {

struct FormatInfo {
    ExportFormat format;
    const char* key;
};

constexpr FormatInfo kFormats[] = {
    {ExportFormat::Full, "full"},
    {ExportFormat::NoBuilds, "noBuilds"},
    {ExportFormat::FromHistory, "fromHistory"},
    {ExportFormat::Explicit, "explicit"},
    {ExportFormat::Lock, "lock"},
};

} // namespace

ExportDialog::ExportDialog(const QString& environmentName, QWidget* parent)
    : QDialog(parent)
    , m_name(environmentName)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export %1").arg(environmentName));
    m_formats = new QButtonGroup(this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("What should the file hold?"), this));
    for (const auto& [format, key] : kFormats) {
        QString title;
        QString about;
        switch (format) {
        case ExportFormat::Full:
            title = tr("environment.yml, exact");
            about = tr("Every package with its version and build, as conda env export writes "
                       "it: the same environment again on this platform.");
            break;
        case ExportFormat::NoBuilds:
            title = tr("environment.yml without builds");
            about = tr("Versions without build strings (--no-builds): close to the same "
                       "environment, on other platforms too.");
            break;
        case ExportFormat::FromHistory:
            title = tr("environment.yml of what was asked for");
            about = tr("Only the packages you asked for, as you asked (--from-history): "
                       "solved afresh, anywhere.");
            break;
        case ExportFormat::Explicit:
            title = tr("Explicit file with hashes");
            about = tr("One URL per package with its sha256 (conda list --explicit): exactly "
                       "these files, verified, no solve.");
            break;
        case ExportFormat::Lock:
            title = tr("conda-lock file");
            about = tr("Every package with its URL and hashes in conda-lock's format, for "
                       "conda-lock, micromamba and pixi.");
            break;
        }
        auto* button = new QRadioButton(title, this);
        button->setObjectName(QStringLiteral("format_") + QLatin1String(key));
        m_formats->addButton(button, static_cast<int>(format));
        layout->addWidget(button);
        layout->addWidget(choiceExplanation(about, this));
    }
    m_formats->button(static_cast<int>(ExportFormat::Full))->setChecked(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto* next = buttons->addButton(tr("Choose a file…"), QDialogButtonBox::AcceptRole);
    next->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addStretch();
    layout->addWidget(buttons);
    resize(480, sizeHint().height());
}

ExportFormat ExportDialog::format() const
{
    return static_cast<ExportFormat>(m_formats->checkedId());
}

QString ExportDialog::suggestedFileName() const
{
    switch (format()) {
    case ExportFormat::Explicit:
        return m_name + QStringLiteral("-explicit.txt");
    case ExportFormat::Lock:
        return m_name + QStringLiteral(".conda-lock.yml");
    case ExportFormat::NoBuilds:
        return m_name + QStringLiteral("-no-builds.yml");
    case ExportFormat::FromHistory:
        return m_name + QStringLiteral("-from-history.yml");
    case ExportFormat::Full:
        break;
    }
    return m_name + QStringLiteral(".yml");
}

QString ExportDialog::fileFilter() const
{
    switch (format()) {
    case ExportFormat::Explicit:
        return tr("Explicit file (*.txt)");
    case ExportFormat::Lock:
        return tr("conda-lock file (*.conda-lock.yml)");
    default:
        return tr("environment.yml (*.yml)");
    }
}

} // namespace envdesk::ui
