#include "ui/main/first_run_dialog.h"

#include "ui/channels/channel_settings_page.h"
#include "ui/common/form_labels.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace envdesk::ui {

FirstRunDialog::FirstRunDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("firstRunDialog"));
    setWindowTitle(tr("Where should packages come from?"));

    auto* intro = new QLabel(tr("Envdesk installs packages from conda channels. Choose where they "
                                "come from; the Channels page can change it at any time."),
                             this);
    intro->setWordWrap(true);

    m_condaForge = new QRadioButton(tr("conda-forge (recommended)"), this);
    m_condaForge->setObjectName(QStringLiteral("condaForgeChoice"));
    m_defaults = new QRadioButton(tr("Anaconda's defaults"), this);
    m_defaults->setObjectName(QStringLiteral("defaultsChoice"));
    m_mirror = new QRadioButton(tr("conda-forge through a mirror"), this);
    m_mirror->setObjectName(QStringLiteral("mirrorChoice"));
    auto* group = new QButtonGroup(this);
    group->addButton(m_condaForge);
    group->addButton(m_defaults);
    group->addButton(m_mirror);
    m_condaForge->setChecked(true);

    m_mirrors = new QComboBox(this);
    m_mirrors->setObjectName(QStringLiteral("mirrorCombo"));
    m_mirrors->setAccessibleName(tr("Mirror"));
    for (const auto& preset : config::mirrorPresets()) {
        if (!preset.root.empty()) {
            m_mirrors->addItem(ChannelSettingsPage::presetTitle(preset),
                               QString::fromStdString(preset.id));
        }
    }
    m_mirrors->setEnabled(false);
    connect(m_mirror, &QRadioButton::toggled, m_mirrors, &QComboBox::setEnabled);

    auto* buttons = new QDialogButtonBox(this);
    auto* use = buttons->addButton(tr("Use this"), QDialogButtonBox::AcceptRole);
    use->setObjectName(QStringLiteral("useButton"));
    use->setDefault(true);
    auto* later = buttons->addButton(tr("Decide later"), QDialogButtonBox::RejectRole);
    later->setObjectName(QStringLiteral("laterButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(8);
    layout->addWidget(m_condaForge);
    layout->addWidget(
        choiceExplanation(tr("The community channel most machine-learning and science "
                             "packages come from, with CUDA builds of PyTorch. Free "
                             "for everyone."),
                          this));
    layout->addWidget(m_defaults);
    layout->addWidget(
        choiceExplanation(tr("Anaconda's curated channel. Its terms of service require "
                             "a paid licence for use in organisations of 200 or more "
                             "people."),
                          this));
    layout->addWidget(m_mirror);
    auto* mirrorRow = new QHBoxLayout;
    mirrorRow->setContentsMargins(24, 0, 0, 0);
    mirrorRow->addWidget(m_mirrors, 1);
    layout->addLayout(mirrorRow);
    layout->addWidget(choiceExplanation(tr("For slow international links: a university or cloud "
                                           "mirror in China serves conda-forge and Anaconda's "
                                           "channels."),
                                        this));
    layout->addStretch();
    layout->addWidget(buttons);
    resize(520, sizeHint().height());
}

config::PackageSource FirstRunDialog::source() const
{
    if (m_defaults->isChecked()) {
        return config::PackageSource::AnacondaDefaults;
    }
    return m_mirror->isChecked() ? config::PackageSource::Mirror
                                 : config::PackageSource::CondaForge;
}

const config::MirrorPreset* FirstRunDialog::mirror() const
{
    if (source() != config::PackageSource::Mirror) {
        return nullptr;
    }
    return config::findMirrorPreset(m_mirrors->currentData().toString().toStdString());
}

} // namespace envdesk::ui
