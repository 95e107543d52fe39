#pragma once

#include "core/config/mirror_presets.h"

#include <QDialog>

class QComboBox;
class QRadioButton;

namespace envdesk::ui {

// Asked once, on a first start where no configuration file chooses channels (conda would use
// Anaconda's `defaults` alone without asking): where packages should come from. conda-forge is
// chosen to begin with; `defaults` comes with a note on Anaconda's terms of service; a mirror
// preset serves conda-forge from a mirror for slow international links. The caller writes the
// choice to ~/.condarc (config::withPackageSource, the Channels page's editor).
//
// Test API (objectNames): "firstRunDialog", "condaForgeChoice", "defaultsChoice",
// "mirrorChoice", "mirrorCombo", "useButton", "laterButton".
class FirstRunDialog : public QDialog {
    Q_OBJECT

public:
    explicit FirstRunDialog(QWidget* parent = nullptr);

    [[nodiscard]] config::PackageSource source() const;
    // The chosen mirror preset for PackageSource::Mirror, else nullptr.
    [[nodiscard]] const config::MirrorPreset* mirror() const;

private:
    QRadioButton* m_condaForge = nullptr;
    QRadioButton* m_defaults = nullptr;
    QRadioButton* m_mirror = nullptr;
    QComboBox* m_mirrors = nullptr;
};

} // namespace envdesk::ui
