#include "ui/storage/storage_page.h"

#include "core/ops/environment_list.h"
#include "ui/common/background_task.h"
#include "ui/common/error_text.h"
#include "ui/common/latest_value_relay.h"
#include "ui/common/session_environment.h"

#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace envdesk::ui {

namespace {

// The sections of the preview, in order; the role of a top-level item.
enum Section { Tarballs, Packages, IndexCache, Logfiles };
constexpr int SectionRole = Qt::UserRole + 1;

QString bytes(std::uint64_t size)
{
    return QLocale().formattedDataSize(static_cast<qint64>(size));
}

struct Measured {
    std::vector<ops::PackageCacheUsage> usage;
    ops::CleanPlan plan;
    QString error;
};

} // namespace

StoragePage::StoragePage(std::shared_ptr<const SessionEnvironment> session, QWidget* parent)
    : QWidget(parent)
    , m_session(std::move(session))
    , m_measure(new BackgroundTask(this))
    , m_clean(new BackgroundTask(this))
{
    auto* layout = new QVBoxLayout(this);
    auto title = [this] {
        auto* label = new QLabel(this);
        QFont font = label->font();
        font.setBold(true);
        label->setFont(font);
        return label;
    };
    m_cachesTitle = title();
    layout->addWidget(m_cachesTitle);
    m_caches = new QTreeWidget(this);
    m_caches->setObjectName(QStringLiteral("cacheTable"));
    m_caches->setRootIsDecorated(false);
    m_caches->setColumnCount(4);
    m_caches->setUniformRowHeights(true);
    m_caches->setMaximumHeight(m_caches->fontMetrics().height() * 7);
    // The folder takes the room the figures leave; the figures are never cut.
    m_caches->header()->setStretchLastSection(false);
    m_caches->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int column = 1; column < 4; ++column) {
        m_caches->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    }
    layout->addWidget(m_caches);

    m_previewTitle = title();
    layout->addWidget(m_previewTitle);
    m_preview = new QTreeWidget(this);
    m_preview->setObjectName(QStringLiteral("cleanPreview"));
    m_preview->setColumnCount(2);
    m_preview->setUniformRowHeights(true);
    m_preview->header()->setStretchLastSection(false);
    m_preview->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_preview->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(m_preview, 1);

    auto* buttons = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("storageStatus"));
    m_status->setWordWrap(true);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("cleanProgress"));
    m_progress->setVisible(false);
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(QStringLiteral("refreshStorageButton"));
    m_cleanButton = new QPushButton(this);
    m_cleanButton->setObjectName(QStringLiteral("cleanButton"));
    m_stop = new QPushButton(this);
    m_stop->setObjectName(QStringLiteral("stopCleanButton"));
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_progress);
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_cleanButton);
    buttons->addWidget(m_stop);
    layout->addLayout(buttons);

    connect(m_refresh, &QPushButton::clicked, this, &StoragePage::refresh);
    connect(m_cleanButton, &QPushButton::clicked, this, &StoragePage::clean);
    // Stop asks the clean to end after the item it is removing; the page stays busy until the
    // worker has really ended, so a second clean can never run beside the first.
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (m_cleanStop) {
            m_cleanStop->request_stop();
            m_status->setText(tr("Stopping after the item being removed…"));
        }
    });
    connect(m_preview, &QTreeWidget::itemChanged, this, [this] { updateButtons(); });
    connect(m_measure, &BackgroundTask::runningChanged, this, [this] { updateButtons(); });
    connect(m_clean, &BackgroundTask::runningChanged, this, [this](bool running) {
        m_progress->setVisible(running);
        updateButtons();
    });
    retranslate();
}

bool StoragePage::busy() const
{
    return m_measure->isRunning() || m_clean->isRunning();
}

void StoragePage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_shownOnce) {
        m_shownOnce = true;
        refresh();
    }
}

void StoragePage::refresh()
{
    if (m_clean->isRunning()) {
        return;
    }
    m_status->setText(tr("Measuring the package caches…"));
    const auto inputs = m_session->inputs();
    m_measure->start([this, inputs](std::stop_token stop) {
        auto measured = std::make_shared<Measured>();
        auto configuration = config::Config::load(inputs);
        if (!configuration) {
            measured->error = errorText(configuration.error());
        } else {
            const ops::CleanInputs cleanInputs = ops::cleanInputsFor(inputs, *configuration);
            measured->usage = ops::measurePackageCaches(cleanInputs.pkgsDirs, stop);
            ops::CleanTargets all;
            all.tarballs = all.packages = all.indexCache = all.logfiles = true;
            measured->plan = ops::planClean(all, cleanInputs);
        }
        return std::function<void()>([this, measured] {
            if (!measured->error.isEmpty()) {
                m_status->setText(tr("The configuration cannot be read: %1").arg(measured->error));
                return;
            }
            m_usage = std::move(measured->usage);
            m_plan = std::move(measured->plan);
            showUsage();
            showPlan();
        });
    });
}

void StoragePage::showUsage()
{
    m_caches->clear();
    for (const auto& cache : m_usage) {
        auto* item = new QTreeWidgetItem(m_caches);
        item->setText(0, QDir::toNativeSeparators(QString::fromStdString(cache.dir)));
        if (!cache.exists) {
            item->setText(1, tr("not made yet"));
            continue;
        }
        item->setText(1, (cache.packages == 1 ? tr("1 package, %1")
                                              : tr("%1 packages, %2").arg(cache.packages))
                             .arg(bytes(cache.packageBytes)));
        item->setText(2, bytes(cache.sharedBytes));
        item->setToolTip(2, tr("Files that environments link to (hard links): they take their "
                               "space once, whichever environments use them."));
        item->setText(3, (cache.archives == 1 ? tr("1 archive, %1")
                                              : tr("%1 archives, %2").arg(cache.archives))
                             .arg(bytes(cache.archiveBytes)));
        if (!cache.cleanable) {
            item->setToolTip(0, tr("Read-only or shared: cleaning leaves it alone."));
            for (int column = 0; column < 4; ++column) {
                item->setForeground(column, palette().brush(QPalette::Disabled, QPalette::Text));
            }
        }
    }
}

void StoragePage::showPlan()
{
    // Which sections were unchecked stays as the person left it.
    std::map<int, Qt::CheckState> states = {{Tarballs, Qt::Checked},
                                            {Packages, Qt::Checked},
                                            {IndexCache, Qt::Unchecked},
                                            {Logfiles, Qt::Checked}};
    for (int i = 0; i < m_preview->topLevelItemCount(); ++i) {
        const auto* item = m_preview->topLevelItem(i);
        states[item->data(0, SectionRole).toInt()] = item->checkState(0);
    }
    const QSignalBlocker blocker(m_preview);
    m_preview->clear();
    if (!m_plan) {
        return;
    }
    std::uint64_t total = 0;
    auto addSection = [&](Section section, const QString& title, std::size_t count,
                          std::uint64_t size) {
        auto* item = new QTreeWidgetItem(m_preview);
        item->setData(0, SectionRole, section);
        item->setText(0, tr("%1 (%2)").arg(title).arg(count));
        item->setText(1, bytes(size));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(0, count == 0 ? Qt::Unchecked : states[section]);
        item->setDisabled(count == 0);
        if (item->checkState(0) == Qt::Checked) {
            total += size;
        }
        return item;
    };
    auto addItems = [&](QTreeWidgetItem* parent, const ops::CleanSection& section) {
        for (const auto& [dir, items] : section.byPkgsDir) {
            for (const auto& entry : items) {
                auto* child = new QTreeWidgetItem(parent);
                child->setText(0, QString::fromStdString(entry.name));
                child->setToolTip(0, QString::fromStdString(entry.path));
                child->setText(1, bytes(entry.size));
            }
        }
    };
    const auto& plan = *m_plan;
    if (plan.tarballs) {
        addItems(addSection(Tarballs, tr("Package archives"), plan.tarballs->count(),
                            plan.tarballs->totalSize),
                 *plan.tarballs);
    }
    if (plan.packages) {
        addItems(addSection(Packages, tr("Packages no environment uses"), plan.packages->count(),
                            plan.packages->totalSize),
                 *plan.packages);
    }
    if (plan.indexCache) {
        auto* item = addSection(IndexCache, tr("Channel index caches (fetched again when needed)"),
                                plan.indexCache->size(), 0);
        item->setText(1, QString());
        for (const auto& folder : *plan.indexCache) {
            auto* child = new QTreeWidgetItem(item);
            child->setText(0, QDir::toNativeSeparators(QString::fromStdString(folder)));
        }
    }
    if (plan.logfiles) {
        addSection(Logfiles, tr("Log files"), plan.logfiles->size(), 0)->setText(1, QString());
    }
    std::vector<std::string> warnings;
    for (const auto* section :
         {plan.tarballs ? &*plan.tarballs : nullptr, plan.packages ? &*plan.packages : nullptr}) {
        if (section != nullptr) {
            warnings.insert(warnings.end(), section->warnings.begin(), section->warnings.end());
        }
    }
    QString status = tr("Cleaning the checked sections frees %1.").arg(bytes(total));
    if (!m_lastOutcome.isEmpty()) {
        status = m_lastOutcome + QLatin1Char(' ') + status;
    }
    if (!warnings.empty()) {
        status +=
            QLatin1Char(' ')
            + (warnings.size() == 1
                   ? tr("1 item is kept: another process is using it.")
                   : tr("%1 items are kept: another process is using them.").arg(warnings.size()));
    }
    m_status->setText(status);
    updateButtons();
}

ops::CleanPlan StoragePage::checkedPlan() const
{
    ops::CleanPlan plan;
    if (!m_plan) {
        return plan;
    }
    plan.pkgsDirs = m_plan->pkgsDirs;
    for (int i = 0; i < m_preview->topLevelItemCount(); ++i) {
        const auto* item = m_preview->topLevelItem(i);
        if (item->checkState(0) != Qt::Checked) {
            continue;
        }
        switch (item->data(0, SectionRole).toInt()) {
        case Tarballs:
            plan.tarballs = m_plan->tarballs;
            break;
        case Packages:
            plan.packages = m_plan->packages;
            break;
        case IndexCache:
            plan.indexCache = m_plan->indexCache;
            break;
        case Logfiles:
            plan.logfiles = m_plan->logfiles;
            break;
        default:
            break;
        }
    }
    return plan;
}

void StoragePage::clean()
{
    if (busy()) {
        return;
    }
    const ops::CleanPlan plan = checkedPlan();
    m_progress->setRange(0, 0);
    m_status->setText(tr("Cleaning…"));
    auto progress = latestValueRelay<ops::CleanProgress>(this, [this](const ops::CleanProgress& p) {
        m_progress->setRange(0, static_cast<int>(p.total));
        m_progress->setValue(static_cast<int>(p.done));
        m_status->setText(tr("Removing %1").arg(QString::fromStdString(p.current)));
    });
    m_clean->start([this, plan, progress](std::stop_token stop) {
        auto done = std::make_shared<util::Result<ops::CleanOutcome>>(
            ops::carryOutClean(plan, progress, stop));
        return std::function<void()>([this, done] {
            if (!*done) {
                m_status->setText(errorText(done->error()));
                Q_EMIT cleaned(0);
            } else {
                m_status->setText(tr("Freed %1.").arg(bytes((*done)->freed)));
                Q_EMIT cleaned((*done)->freed);
            }
            refresh();
        });
    });
    // A stop ends the run at once for the window (BackgroundTask drops its result): say so.
    connect(
        m_stop, &QPushButton::clicked, this,
        [this] {
            m_status->setText(tr("Stopped. What was removed stays removed."));
            refresh();
        },
        Qt::SingleShotConnection);
}

void StoragePage::updateButtons()
{
    bool anyChecked = false;
    for (int i = 0; i < m_preview->topLevelItemCount(); ++i) {
        anyChecked = anyChecked || m_preview->topLevelItem(i)->checkState(0) == Qt::Checked;
    }
    m_refresh->setEnabled(!busy());
    m_cleanButton->setEnabled(!busy() && anyChecked);
    m_stop->setEnabled(m_clean->isRunning());
}

void StoragePage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void StoragePage::retranslate()
{
    m_cachesTitle->setText(tr("Package caches"));
    m_previewTitle->setText(tr("What cleaning would free"));
    m_caches->setHeaderLabels(
        {tr("Folder"), tr("Packages"), tr("Shared with environments"), tr("Archives")});
    m_preview->setHeaderLabels({tr("Item"), tr("Size")});
    m_refresh->setText(tr("Refresh"));
    m_cleanButton->setText(tr("Clean"));
    m_cleanButton->setToolTip(tr("Remove the checked sections above"));
    m_stop->setText(tr("Stop"));
    showUsage();
    showPlan();
}

} // namespace envdesk::ui
