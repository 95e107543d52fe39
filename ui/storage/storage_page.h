#pragma once

#include "core/ops/cache_clean.h"

#include <QWidget>

#include <memory>
#include <optional>
#include <stop_token>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace envdesk::ui {

class BackgroundTask;
class SessionEnvironment;

// The Storage place: the package caches (where they are, how much they hold, how much of it the
// environments share through hard links) and what cleaning would free, section by section, as
// `envdesk-cli clean` decides it (core/ops/cache_clean.h). The preview is the plan: Clean
// carries out the checked sections of it, with progress and a Stop that works between items.
//
// Test API (objectNames): "cacheTable", "cleanPreview" (one checkable top-level item per
// section: tarballs, packages, index caches, logs), "refreshStorageButton", "cleanButton",
// "stopCleanButton", "cleanProgress", "storageStatus".
class StoragePage : public QWidget {
    Q_OBJECT

public:
    explicit StoragePage(std::shared_ptr<const SessionEnvironment> session,
                         QWidget* parent = nullptr);

    // Measures the caches and plans the clean again (also done when first shown).
    void refresh();
    // Cleans the checked sections of the plan shown.
    void clean();
    [[nodiscard]] bool busy() const;

Q_SIGNALS:
    // A clean ended: what it freed (0 when stopped before anything went).
    void cleaned(qulonglong freedBytes);

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showUsage();
    void showPlan();
    void updateButtons();
    [[nodiscard]] ops::CleanPlan checkedPlan() const;

    std::shared_ptr<const SessionEnvironment> m_session;
    BackgroundTask* m_measure = nullptr;
    BackgroundTask* m_clean = nullptr;
    QLabel* m_cachesTitle = nullptr;
    QLabel* m_previewTitle = nullptr;
    QTreeWidget* m_caches = nullptr;
    QTreeWidget* m_preview = nullptr;
    QPushButton* m_refresh = nullptr;
    QPushButton* m_cleanButton = nullptr;
    QPushButton* m_stop = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    std::vector<ops::PackageCacheUsage> m_usage;
    std::optional<ops::CleanPlan> m_plan;
    std::shared_ptr<std::stop_source> m_cleanStop; // while a clean runs
    QString m_lastOutcome;                         // what the last clean did
    bool m_shownOnce = false;
};

} // namespace envdesk::ui
