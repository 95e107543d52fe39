#include "ui/compare/compare_page.h"

#include "core/diff/diff_report.h"
#include "core/diff/snapshot.h"
#include "core/util/file_io.h"
#include "ui/common/background_task.h"
#include "ui/common/error_text.h"
#include "ui/common/icons.h"
#include "ui/common/standard_dialogs.h"
#include "ui/compare/diff_table_model.h"

#include <QAction>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEvent>
#include <QFileInfo>
#include <QFontMetrics>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QResizeEvent>
#include <QStackedWidget>
#include <QStyle>
#include <QTabBar>
#include <QTableView>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>
#include <optional>

namespace envdesk::ui {

namespace {

using diff::ChangeKind;

constexpr int kLeft = 0;
constexpr int kRight = 1;
// A version, a build or a channel URL can be long; the tooltip has all of it.
constexpr int kWidestColumn = 280;

// One side of the comparison, as read on the worker.
struct SideOutcome {
    std::optional<diff::Snapshot> snapshot;
    std::optional<util::Error> error;
};

struct Outcome {
    std::array<SideOutcome, 2> sides;
    std::optional<diff::DiffResult> result;
    std::optional<util::Error> compareError;
};

// Reads the sides that are set (diff::readSides: each error stays on its side) and compares
// them when both could be read.
Outcome readAndCompare(const std::array<std::string, 2>& paths, const std::stop_token& stop)
{
    Outcome outcome;
    diff::Sides sides = diff::readSides(paths, {}, stop);
    for (int i : {kLeft, kRight}) {
        outcome.sides[i].snapshot = std::move(sides.snapshots[i]);
        outcome.sides[i].error = std::move(sides.errors[i]);
    }
    if (outcome.sides[kLeft].snapshot && outcome.sides[kRight].snapshot && !stop.stop_requested()) {
        auto result =
            diff::diffSnapshots(*outcome.sides[kLeft].snapshot, *outcome.sides[kRight].snapshot);
        if (result) {
            outcome.result = std::move(*result);
        } else {
            outcome.compareError = result.error();
        }
    }
    return outcome;
}

// A frame that takes dropped files and folders (local URLs) and hands their paths on.
class DropZone : public QFrame {
public:
    using Dropped = std::function<void(const QStringList&)>;

    DropZone(Dropped dropped, QWidget* parent)
        : QFrame(parent)
        , m_dropped(std::move(dropped))
    {
        setAcceptDrops(true);
    }

protected:
    // A dashed outline, solid and tinted while something is dragged over it; drawn here rather
    // than by a style sheet so that it follows the palette like everything around it.
    void paintEvent(QPaintEvent* event) override
    {
        QFrame::paintEvent(event);
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const QColor highlight = palette().color(QPalette::Highlight);
        QPen pen(m_active ? highlight : palette().color(QPalette::Mid), 2,
                 m_active ? Qt::SolidLine : Qt::DashLine);
        painter.setPen(pen);
        QColor fill = highlight;
        fill.setAlpha(30);
        painter.setBrush(m_active ? QBrush(fill) : QBrush(Qt::NoBrush));
        painter.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 8, 8);
    }

    void dragEnterEvent(QDragEnterEvent* event) override
    {
        if (!localPaths(event->mimeData()).isEmpty()) {
            event->acceptProposedAction();
            setDragActive(true);
        }
    }
    void dragMoveEvent(QDragMoveEvent* event) override
    {
        if (!localPaths(event->mimeData()).isEmpty()) {
            event->acceptProposedAction();
        }
    }
    void dragLeaveEvent(QDragLeaveEvent* event) override
    {
        setDragActive(false);
        QFrame::dragLeaveEvent(event);
    }
    void dropEvent(QDropEvent* event) override
    {
        setDragActive(false);
        const QStringList paths = localPaths(event->mimeData());
        if (paths.isEmpty()) {
            return;
        }
        event->acceptProposedAction();
        m_dropped(paths);
    }

private:
    static QStringList localPaths(const QMimeData* mime)
    {
        QStringList paths;
        if (mime == nullptr || !mime->hasUrls()) {
            return paths;
        }
        for (const QUrl& url : mime->urls()) {
            if (url.isLocalFile()) {
                paths << QDir::cleanPath(url.toLocalFile());
            }
        }
        return paths;
    }
    void setDragActive(bool active)
    {
        m_active = active;
        update();
    }

    Dropped m_dropped;
    bool m_active = false;
};

QString colourName(const QColor& colour)
{
    return colour.name(QColor::HexRgb);
}

QString rgba(QColor colour, int alpha)
{
    return QStringLiteral("rgba(%1, %2, %3, %4)")
        .arg(colour.red())
        .arg(colour.green())
        .arg(colour.blue())
        .arg(alpha);
}

// Lays its widgets out in rows, starting a new row when the width runs out, so that the chips
// never make the page wider than the window (Qt's flow layout example, trimmed).
class FlowLayout : public QLayout {
public:
    FlowLayout(QWidget* parent, int spacing)
        : QLayout(parent)
        , m_gap(spacing)
    {
        setContentsMargins(0, 0, 0, 0);
    }
    ~FlowLayout() override
    {
        while (QLayoutItem* item = FlowLayout::takeAt(0)) {
            delete item;
        }
    }
    FlowLayout(const FlowLayout&) = delete;
    FlowLayout& operator=(const FlowLayout&) = delete;

    void addItem(QLayoutItem* item) override { m_items.append(item); }
    [[nodiscard]] int count() const override { return static_cast<int>(m_items.size()); }
    [[nodiscard]] QLayoutItem* itemAt(int index) const override { return m_items.value(index); }
    QLayoutItem* takeAt(int index) override
    {
        return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
    }
    [[nodiscard]] Qt::Orientations expandingDirections() const override { return {}; }
    [[nodiscard]] bool hasHeightForWidth() const override { return true; }
    [[nodiscard]] int heightForWidth(int width) const override
    {
        return arrange(QRect(0, 0, width, 0), false);
    }
    void setGeometry(const QRect& rect) override
    {
        QLayout::setGeometry(rect);
        arrange(rect, true);
    }
    [[nodiscard]] QSize sizeHint() const override { return minimumSize(); }
    [[nodiscard]] QSize minimumSize() const override
    {
        QSize size;
        for (const QLayoutItem* item : m_items) {
            if (!item->isEmpty()) {
                size = size.expandedTo(item->minimumSize());
            }
        }
        const QMargins margins = contentsMargins();
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom());
    }

private:
    // Places the items (when `place`) and returns the height they take.
    int arrange(const QRect& rect, bool place) const
    {
        const QMargins margins = contentsMargins();
        const QRect area = rect.marginsRemoved(margins);
        int x = area.x();
        int y = area.y();
        int lineHeight = 0;
        for (QLayoutItem* item : m_items) {
            if (item->isEmpty()) {
                continue; // a hidden chip
            }
            const QSize hint = item->sizeHint();
            if (x > area.x() && x + hint.width() > area.right() + 1) {
                x = area.x();
                y += lineHeight + m_gap;
                lineHeight = 0;
            }
            if (place) {
                item->setGeometry(QRect(QPoint(x, y), hint));
            }
            x += hint.width() + m_gap;
            lineHeight = std::max(lineHeight, hint.height());
        }
        return y + lineHeight - rect.y() + margins.bottom();
    }

    QList<QLayoutItem*> m_items;
    int m_gap = 0;
};

} // namespace

ComparePage::ComparePage(QWidget* parent)
    : QWidget(parent)
    , m_model(new DiffTableModel(this))
    , m_filter(new DiffFilterModel(this))
    , m_task(new BackgroundTask(this))
{
    m_filter->setSourceModel(m_model);
    m_model->setPalette(palette());

    // The two sources, with the swap between them.
    auto* sources = new QHBoxLayout;
    sources->addWidget(buildSide(Side::Left), 1);
    m_swap = new QToolButton(this);
    m_swap->setObjectName(QStringLiteral("swapButton"));
    m_swap->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_swap->setEnabled(false);
    sources->addWidget(m_swap, 0, Qt::AlignVCenter);
    sources->addWidget(buildSide(Side::Right), 1);

    // The chips, the search and the export, shown once there is something to show.
    m_toolbar = new QWidget(this);
    m_toolbar->setObjectName(QStringLiteral("compareToolbar"));
    auto* bar = new QHBoxLayout(m_toolbar);
    bar->setContentsMargins(0, 0, 0, 0);
    auto* chips = new QWidget(m_toolbar);
    auto* chipLayout = new FlowLayout(chips, 6);
    for (const auto kind : diff::allChangeKinds()) {
        auto* chip = new QToolButton(this);
        chip->setObjectName(QStringLiteral("chip_")
                            + QLatin1String(diff::toString(kind).data(),
                                            static_cast<qsizetype>(diff::toString(kind).size())));
        chip->setCheckable(true);
        chip->setChecked(m_filter->isKindVisible(kind));
        chip->setToolButtonStyle(Qt::ToolButtonTextOnly);
        chip->setCursor(Qt::PointingHandCursor);
        connect(chip, &QToolButton::clicked, this, [this, kind] { chipClicked(kind); });
        chipLayout->addWidget(chip);
        m_chips.push_back({kind, chip});
    }
    bar->addWidget(chips, 1, Qt::AlignTop);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("diffSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(180);
    bar->addWidget(m_search, 0, Qt::AlignTop);
    m_exportButton = new QToolButton(this);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_exportButton->setIcon(QIcon::fromTheme(QStringLiteral("document-save-as"),
                                             style()->standardIcon(QStyle::SP_DialogSaveButton)));
    m_exportButton->setEnabled(false);
    bar->addWidget(m_exportButton, 0, Qt::AlignTop);
    m_toolbar->hide();

    m_tabs = new QTabBar(this);
    m_tabs->setObjectName(QStringLiteral("sectionTabs"));
    m_tabs->setExpanding(false);
    m_tabs->setUsesScrollButtons(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setElideMode(Qt::ElideNone);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("diffTable"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DiffTableModel::PackageColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->viewport()->installEventFilter(this);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setHighlightSections(false);

    // Nothing compared yet: say what the page does.
    auto* empty = new QWidget(this);
    empty->setObjectName(QStringLiteral("emptyState"));
    auto* emptyLayout = new QVBoxLayout(empty);
    m_emptyTitle = new QLabel(empty);
    m_emptyTitle->setAlignment(Qt::AlignCenter);
    QFont titleFont = m_emptyTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_emptyTitle->setFont(titleFont);
    m_emptyText = new QLabel(empty);
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_emptyText->setWordWrap(true);
    m_emptyText->setForegroundRole(QPalette::PlaceholderText);
    emptyLayout->addStretch(2);
    emptyLayout->addWidget(m_emptyTitle);
    emptyLayout->addWidget(m_emptyText);
    emptyLayout->addStretch(3);

    auto* results = new QWidget(this);
    auto* resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->setSpacing(0);
    resultsLayout->addWidget(m_tabs);
    resultsLayout->addWidget(m_table, 1);
    // A section (or a filter) with nothing to list says so instead of an empty grid.
    m_noRows = new QLabel(results);
    m_noRows->setObjectName(QStringLiteral("noRowsLabel"));
    m_noRows->setAlignment(Qt::AlignCenter);
    m_noRows->setWordWrap(true);
    m_noRows->setForegroundRole(QPalette::PlaceholderText);
    m_noRows->hide();
    resultsLayout->addWidget(m_noRows, 1);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(empty);
    m_stack->addWidget(results);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("compareStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stop = new QToolButton(this);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_stop->setIcon(QIcon::fromTheme(QStringLiteral("process-stop"),
                                     style()->standardIcon(QStyle::SP_BrowserStop)));
    m_stop->hide();
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_stop);
    m_notes = new QLabel(this);
    m_notes->setObjectName(QStringLiteral("notesLabel"));
    m_notes->setWordWrap(true);
    m_notes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notes->setForegroundRole(QPalette::PlaceholderText);
    m_notes->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(sources);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_notes);
    layout->addLayout(statusRow);

    connect(m_swap, &QToolButton::clicked, this, &ComparePage::swapSides);
    connect(m_stop, &QToolButton::clicked, this, &ComparePage::stop);
    connect(m_exportButton, &QToolButton::clicked, this, &ComparePage::promptExport);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_filter->setSearch(text);
        updateStatus();
    });
    connect(m_tabs, &QTabBar::currentChanged, this, [this](int index) {
        const int section = index < 0 ? -1 : m_tabs->tabData(index).toInt();
        m_filter->setSection(section);
        m_table->setColumnHidden(DiffTableModel::PlatformColumn, section >= 0);
        updateChips();
        updateStatus();
    });
    connect(m_task, &BackgroundTask::runningChanged, this, [this](bool running) {
        m_stop->setVisible(running);
        updateStatus();
    });
    auto* find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, m_search, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    addAction(find);

    retranslate();
    restyle();
    updateChips();
    updateStatus();
}

QWidget* ComparePage::buildSide(Side side)
{
    const bool isLeft = side == Side::Left;
    const QString prefix = isLeft ? QStringLiteral("left") : QStringLiteral("right");
    SidePane& p = pane(side);
    auto* zone = new DropZone(
        [this, side](const QStringList& paths) {
            // Two dropped together fill both sides, the first where they were dropped.
            if (paths.size() >= 2) {
                const Side other = side == Side::Left ? Side::Right : Side::Left;
                m_paths[side == Side::Left ? kLeft : kRight] = paths.at(0);
                m_paths[other == Side::Left ? kLeft : kRight] = paths.at(1);
                pane(side).path->setText(paths.at(0));
                pane(other).path->setText(paths.at(1));
                compare();
            } else {
                setSource(side, paths.at(0));
            }
        },
        this);
    zone->setObjectName(prefix + QStringLiteral("DropZone"));
    p.zone = zone;
    auto* layout = new QVBoxLayout(zone);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(4);
    p.title = new QLabel(zone);
    QFont bold = p.title->font();
    bold.setBold(true);
    p.title->setFont(bold);
    // The title with the buttons beside it, so that the path has the whole width below.
    auto* row = new QHBoxLayout;
    row->addWidget(p.title, 1);
    p.path = new QLineEdit(zone);
    p.path->setObjectName(prefix + QStringLiteral("Path"));
    p.path->setClearButtonEnabled(true);
    p.title->setBuddy(p.path);
    connect(p.path, &QLineEdit::returnPressed, this,
            [this, side] { setSource(side, pane(side).path->text().trimmed()); });
    p.open = new QToolButton(zone);
    p.open->setObjectName(prefix + QStringLiteral("OpenButton"));
    p.open->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    p.open->setIcon(QIcon::fromTheme(QStringLiteral("document-open"),
                                     style()->standardIcon(QStyle::SP_DialogOpenButton)));
    connect(p.open, &QToolButton::clicked, this, [this, side] { chooseFile(side); });
    row->addWidget(p.open);
    p.openFolder = new QToolButton(zone);
    p.openFolder->setObjectName(prefix + QStringLiteral("OpenFolderButton"));
    p.openFolder->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    p.openFolder->setIcon(QIcon::fromTheme(QStringLiteral("folder-open"),
                                           style()->standardIcon(QStyle::SP_DirOpenIcon)));
    // A menu of the environments the app knows, then any other folder.
    auto* environments = new QMenu(p.openFolder);
    environments->setObjectName(prefix + QStringLiteral("EnvironmentMenu"));
    p.openFolder->setMenu(environments);
    p.openFolder->setPopupMode(QToolButton::InstantPopup);
    connect(environments, &QMenu::aboutToShow, this, [this, side, environments] {
        environments->clear();
        const auto known = m_known ? m_known() : std::vector<std::pair<QString, QString>>{};
        for (const auto& [name, folder] : known) {
            QAction* action = environments->addAction(name);
            action->setToolTip(folder);
            action->setData(folder);
            connect(action, &QAction::triggered, this,
                    [this, side, folder] { setSource(side, folder); });
        }
        if (!known.empty()) {
            environments->addSeparator();
        }
        environments->addAction(tr("Other folder…"), this, [this, side] { chooseFolder(side); });
    });
    row->addWidget(p.openFolder);
    layout->addLayout(row);
    layout->addWidget(p.path);

    p.info = new QLabel(zone);
    p.info->setObjectName(prefix + QStringLiteral("Info"));
    p.info->setWordWrap(true);
    p.info->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(p.info);
    p.error = new QLabel(zone);
    p.error->setObjectName(prefix + QStringLiteral("Error"));
    p.error->setWordWrap(true);
    p.error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    p.error->hide();
    layout->addWidget(p.error);
    layout->addStretch(1);
    return zone;
}

void ComparePage::setKnownEnvironments(KnownEnvironments known)
{
    m_known = std::move(known);
}

void ComparePage::setLeft(const QString& path)
{
    setSource(Side::Left, path);
}

void ComparePage::setRight(const QString& path)
{
    setSource(Side::Right, path);
}

void ComparePage::setSource(Side side, const QString& path)
{
    m_paths[side == Side::Left ? kLeft : kRight] = path;
    pane(side).path->setText(path);
    compare();
}

void ComparePage::swapSides()
{
    std::swap(m_paths[kLeft], m_paths[kRight]);
    pane(Side::Left).path->setText(m_paths[kLeft]);
    pane(Side::Right).path->setText(m_paths[kRight]);
    compare();
}

void ComparePage::stop()
{
    if (m_task->isRunning()) {
        m_task->cancel();
        for (const int i : {kLeft, kRight}) {
            if (!m_paths[i].isEmpty()) {
                m_sides[i].info->setText(tr("Not read: stopped"));
            }
        }
        m_compareError = tr("Stopped. Compare again by pressing Return in a path field.");
        updateStatus();
    }
}

bool ComparePage::isComparing() const
{
    return m_task->isRunning();
}

const diff::DiffResult* ComparePage::result() const
{
    return m_model->hasResult() ? &m_model->result() : nullptr;
}

QString ComparePage::errorOf(Side side) const
{
    return m_sides[side == Side::Left ? 0 : 1].errorText;
}

void ComparePage::compare()
{
    m_compareError.clear();
    m_exportMessage.clear();
    m_swap->setEnabled(!m_paths[kLeft].isEmpty() || !m_paths[kRight].isEmpty());
    for (const Side side : {Side::Left, Side::Right}) {
        clearSide(side);
        if (!m_paths[side == Side::Left ? kLeft : kRight].isEmpty()) {
            pane(side).info->setText(tr("Reading…"));
        }
    }
    if (m_paths[kLeft].isEmpty() && m_paths[kRight].isEmpty()) {
        m_task->cancel();
        m_model->clear();
        showResult();
        return;
    }
    const std::array<std::string, 2> paths = {m_paths[kLeft].toStdString(),
                                              m_paths[kRight].toStdString()};
    m_task->start([this, paths](std::stop_token stop) {
        auto outcome = std::make_shared<Outcome>(readAndCompare(paths, stop));
        return std::function<void()>([this, outcome] {
            for (const Side side : {Side::Left, Side::Right}) {
                const SideOutcome& read = outcome->sides[side == Side::Left ? kLeft : kRight];
                SidePane& p = pane(side);
                if (read.error) {
                    p.info->clear();
                    const util::ErrorCode code = read.error->code;
                    const QString headline =
                        code == util::ErrorCode::IoError || code == util::ErrorCode::NotFound
                            ? tr("This cannot be opened. Choose a file, or a folder that holds "
                                 "an environment (conda-meta).")
                            : tr("This file cannot be read. Is it a complete environment.yml, "
                                 "explicit, conda-lock or pixi.lock file?");
                    showSideError(side, headline, errorText(*read.error));
                } else if (read.snapshot) {
                    const diff::Snapshot& snapshot = *read.snapshot;
                    QStringList parts{sourceKindName(snapshot.kind)};
                    if (!snapshot.environment.empty()) {
                        parts << tr("environment %1")
                                     .arg(QString::fromStdString(snapshot.environment));
                    }
                    if (snapshot.platforms.size() == 1) {
                        parts << QString::fromStdString(snapshot.platforms.front());
                    } else if (snapshot.platforms.size() > 1) {
                        QStringList platforms;
                        for (const auto& platform : snapshot.platforms) {
                            platforms << QString::fromStdString(platform);
                        }
                        parts << tr("%1 platforms").arg(platforms.size());
                        p.info->setToolTip(platforms.join(QStringLiteral(", ")));
                    }
                    if (!snapshot.warnings.empty()) {
                        parts << (snapshot.warnings.size() == 1
                                      ? tr("1 warning")
                                      : tr("%1 warnings").arg(snapshot.warnings.size()));
                    }
                    p.info->setText(parts.join(QStringLiteral(" · ")));
                } else {
                    p.info->setText(tr("Drop a file or an environment folder here, or choose one "
                                       "with Open… or Environment…"));
                }
            }
            if (outcome->compareError) {
                m_compareError =
                    tr("These two cannot be compared: %1").arg(errorText(*outcome->compareError));
            }
            if (outcome->result) {
                m_model->setResult(std::move(*outcome->result));
            } else {
                m_model->clear();
            }
            showResult();
            Q_EMIT comparisonFinished(m_model->hasResult());
        });
    });
    updateStatus();
}

void ComparePage::clearSide(Side side)
{
    SidePane& p = pane(side);
    p.errorText.clear();
    p.error->clear();
    p.error->hide();
    p.info->setToolTip(QString());
    p.info->setText(
        tr("Drop a file or an environment folder here, or choose one with Open… or Environment…"));
    p.info->show();
}

void ComparePage::showSideError(Side side, const QString& headline, const QString& message)
{
    SidePane& p = pane(side);
    p.errorText = message;
    p.info->hide();
    p.error->setText(QStringLiteral("\u26a0 ") + headline + QLatin1Char('\n') + message);
    p.error->show();
}

void ComparePage::showResult()
{
    const bool has = m_model->hasResult();
    m_stack->setCurrentIndex(has ? 1 : 0);
    m_toolbar->setVisible(has);
    m_exportButton->setEnabled(has);
    updateEmptyState();
    QStringList notes;
    if (has) {
        for (const auto& note : m_model->result().notes) {
            notes << tr("Note: %1").arg(QString::fromStdString(note));
        }
        for (const auto& warning : m_model->result().warnings) {
            notes << tr("Warning: %1").arg(QString::fromStdString(warning));
        }
    }
    m_notes->setText(notes.join(QLatin1Char('\n')));
    m_notes->setVisible(!notes.isEmpty());
    rebuildTabs();
    fitColumns();
    updateChips();
    updateStatus();
}

void ComparePage::updateEmptyState()
{
    const bool failed = !m_sides[0].errorText.isEmpty() || !m_sides[1].errorText.isEmpty()
                        || !m_compareError.isEmpty();
    if (failed) {
        m_emptyTitle->setText(tr("Nothing to compare yet"));
        m_emptyText->setText(tr("Fix or replace what could not be read; its message says where. "
                                "What could be read is kept."));
        return;
    }
    m_emptyTitle->setText(tr("Compare two environments"));
    m_emptyText->setText(
        tr("Drop two files or environment folders on the boxes above, or use Open…: an "
           "environment.yml, an explicit file, a conda-lock file, a pixi.lock or an installed "
           "environment, in any mix. The difference is shown per platform and package manager."));
}

void ComparePage::rebuildTabs()
{
    const QSignalBlocker blocker(m_tabs);
    // Keep the user on the platform they were looking at, when the new result has it.
    const QString was =
        m_tabs->currentIndex() >= 0
            ? m_tabs->tabToolTip(m_tabs->currentIndex()).section(QLatin1Char('\n'), 0, 0)
            : QString();
    while (m_tabs->count() > 0) {
        m_tabs->removeTab(0);
    }
    int current = 0;
    if (m_model->hasResult()) {
        const auto& sections = m_model->result().sections;
        if (sections.size() != 1) {
            const int index = m_tabs->addTab(QString());
            m_tabs->setTabData(index, -1);
        }
        for (std::size_t s = 0; s < sections.size(); ++s) {
            const int index = m_tabs->addTab(QString());
            m_tabs->setTabData(index, static_cast<int>(s));
        }
        for (int index = 0; index < m_tabs->count(); ++index) {
            const int section = m_tabs->tabData(index).toInt();
            const diff::DiffSummary& summary =
                section < 0 ? m_model->result().summary
                            : sections[static_cast<std::size_t>(section)].summary;
            const QString title =
                section < 0
                    ? tr("All platforms")
                    : DiffTableModel::sectionTitle(sections[static_cast<std::size_t>(section)]);
            const int changes = summary.changes();
            //: A tab: the platform and how many packages changed on it
            m_tabs->setTabText(index, changes > 0 ? tr("%1 (%2)").arg(title).arg(changes) : title);
            m_tabs->setTabToolTip(index, title + QLatin1Char('\n')
                                             + QString::fromStdString(diff::summaryLine(summary)));
            if (title == was) {
                current = index;
            }
        }
    }
    m_tabs->setVisible(m_tabs->count() > 1);
    if (m_tabs->count() > 0) {
        m_tabs->setCurrentIndex(current);
    }
    const int section = m_tabs->count() > 0 ? m_tabs->tabData(current).toInt() : -1;
    m_filter->setSection(section);
    m_table->setColumnHidden(DiffTableModel::PlatformColumn, section >= 0);
}

void ComparePage::fitColumns()
{
    if (!m_model->hasResult()) {
        return;
    }
    // Measured over every row, not only those on screen, so that another tab's longer names
    // are not cut; a long version, build or channel URL is capped (its tooltip has it all).
    const QFontMetrics metrics(m_table->font());
    const int padding = 2 * m_table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 12;
    const int iconWidth = m_table->iconSize().isValid() ? m_table->iconSize().width() : 16;
    std::array<int, DiffTableModel::kColumnCount> widths{};
    for (int column = 0; column < DiffTableModel::kColumnCount; ++column) {
        widths[static_cast<std::size_t>(column)] =
            m_table->horizontalHeader()->sectionSizeHint(column);
    }
    const int rows = std::min(m_model->rowCount(), 20000);
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < DiffTableModel::kColumnCount; ++column) {
            const QString text = m_model->index(row, column).data().toString();
            int width = metrics.horizontalAdvance(text) + padding;
            if (column == DiffTableModel::ChangeColumn) {
                width += iconWidth + 6;
            }
            auto& widest = widths[static_cast<std::size_t>(column)];
            widest = std::max(widest, width);
        }
    }
    m_contentWidths.assign(DiffTableModel::kColumnCount, 0);
    for (int column = 0; column < DiffTableModel::kColumnCount; ++column) {
        m_contentWidths[static_cast<std::size_t>(column)] =
            std::min(widths[static_cast<std::size_t>(column)], kWidestColumn);
    }
    fitToViewport();
}

void ComparePage::fitToViewport()
{
    if (!m_model->hasResult() || m_contentWidths.size() != DiffTableModel::kColumnCount) {
        return;
    }
    for (int column = 0; column < DiffTableModel::kColumnCount; ++column) {
        m_table->setColumnWidth(column, m_contentWidths[static_cast<std::size_t>(column)]);
    }
    // The change is what the page is about: where the columns up to it do not fit, the two
    // versions give up width (cut, whole in their tooltips), down to a floor, so that the
    // Change column stays in sight without scrolling.
    int upToChange = 0;
    for (int column = 0; column <= DiffTableModel::ChangeColumn; ++column) {
        if (!m_table->isColumnHidden(column)) {
            upToChange += m_table->columnWidth(column);
        }
    }
    const int excess = upToChange - m_table->viewport()->width();
    if (excess <= 0) {
        return;
    }
    constexpr int kVersionFloor = 110;
    const int left = m_table->columnWidth(DiffTableModel::LeftColumn);
    const int right = m_table->columnWidth(DiffTableModel::RightColumn);
    const int spare = std::max(0, left - kVersionFloor) + std::max(0, right - kVersionFloor);
    if (spare == 0) {
        return;
    }
    const int take = std::min(excess, spare);
    // Shared in proportion to what each can give.
    const int fromLeft = take * std::max(0, left - kVersionFloor) / spare;
    m_table->setColumnWidth(DiffTableModel::LeftColumn, left - fromLeft);
    m_table->setColumnWidth(DiffTableModel::RightColumn, right - (take - fromLeft));
}

bool ComparePage::eventFilter(QObject* watched, QEvent* event)
{
    // Only a change of width: the horizontal scroll bar coming or going changes the height,
    // and refitting on it could go back and forth.
    if (watched == m_table->viewport() && event->type() == QEvent::Resize
        && static_cast<QResizeEvent*>(event)->size().width()
               != static_cast<QResizeEvent*>(event)->oldSize().width()) {
        fitToViewport();
    }
    return QWidget::eventFilter(watched, event);
}

diff::DiffSummary ComparePage::currentSummary() const
{
    if (!m_model->hasResult()) {
        return {};
    }
    const int section = m_filter->section();
    const auto& sections = m_model->result().sections;
    if (section >= 0 && section < static_cast<int>(sections.size())) {
        return sections[static_cast<std::size_t>(section)].summary;
    }
    return m_model->result().summary;
}

QString ComparePage::chipText(ChangeKind kind, int count) const
{
    // The symbol goes with the number, as in "↑20 upgraded"; the words are translated.
    const QString symbol = changeSymbol(kind);
    switch (kind) {
    case ChangeKind::Added:
        //: A filter chip: %1 is the change's symbol (↑, ↓, …), %2 how many
        return tr("%1%2 added").arg(symbol).arg(count);
    case ChangeKind::Removed:
        //: A filter chip: %1 is the change's symbol (↑, ↓, …), %2 how many
        return tr("%1%2 removed").arg(symbol).arg(count);
    case ChangeKind::Upgraded:
        //: A filter chip: %1 is the change's symbol (↑, ↓, …), %2 how many
        return tr("%1%2 upgraded").arg(symbol).arg(count);
    case ChangeKind::Downgraded:
        //: A filter chip: %1 is the change's symbol (↑, ↓, …), %2 how many
        return tr("%1%2 downgraded").arg(symbol).arg(count);
    case ChangeKind::Rebuilt:
        //: A filter chip: %1 is the change's symbol (↑, ↓, …), %2 how many
        return tr("%1%2 rebuilt").arg(symbol).arg(count);
    case ChangeKind::ChannelChanged:
        //: A filter chip: %1 is the change's symbol (↑, ↓, …), %2 how many
        return tr("%1%2 channel moved").arg(symbol).arg(count);
    case ChangeKind::CategoryChanged:
        //: A filter chip: %1 is the change's symbol (↑, ↓, …), %2 how many
        return tr("%1%2 category changed").arg(symbol).arg(count);
    case ChangeKind::Loosened:
        //: A filter chip: %1 is the change's symbol (↑, ↓, …), %2 how many
        return tr("%1%2 loosened").arg(symbol).arg(count);
    case ChangeKind::Tightened:
        //: A filter chip: %1 is the change's symbol (↑, ↓, …), %2 how many
        return tr("%1%2 tightened").arg(symbol).arg(count);
    case ChangeKind::SpecChanged:
        //: A filter chip: %1 is the change's symbol (↑, ↓, …), %2 how many
        return tr("%1%2 spec changed").arg(symbol).arg(count);
    case ChangeKind::Unchanged:
        //: A filter chip: %1 is the change's symbol (↑, ↓, …), %2 how many
        return tr("%1%2 unchanged").arg(symbol).arg(count);
    }
    return {};
}

QString ComparePage::sourceKindName(diff::SourceKind kind)
{
    switch (kind) {
    case diff::SourceKind::EnvironmentFile:
        return tr("environment.yml");
    case diff::SourceKind::ExplicitFile:
        return tr("explicit file");
    case diff::SourceKind::CondaLock:
        return tr("conda-lock file");
    case diff::SourceKind::PixiLock:
        return tr("pixi.lock");
    case diff::SourceKind::Prefix:
        return tr("installed environment");
    }
    return {};
}

diff::ReportWords ComparePage::reportWords()
{
    // The hooks run on the export's worker thread: QCoreApplication::translate is thread-safe.
    const auto text = [](const QString& value) { return value.toStdString(); };
    diff::ReportWords words;
    //: The language code (BCP 47) of this translation, for the exported page's <html lang>
    words.language = text(tr("en"));
    words.title = text(tr("Environment comparison"));
    words.noDifferences = text(tr("no differences"));
    words.channels = text(tr("Channels"));
    words.warning = text(tr("warning"));
    words.change = text(tr("Change"));
    words.package = text(tr("Package"));
    words.writtenBy = text(tr("written by Envdesk"));
    //: The exported page's summaries: {n} is a number, {what} a change ("upgraded"); keep both
    words.count = text(tr("{n} {what}"));
    //: Between the parts of a summary ("3 upgraded, 1 added")
    words.listSeparator = text(tr(", "));
    words.label = [](ChangeKind kind) { return DiffTableModel::changeLabel(kind).toStdString(); };
    words.sectionTitle = [](const diff::DiffSection& section) {
        return DiffTableModel::sectionTitle(section).toStdString();
    };
    words.source = [](const diff::SourceInfo& source) {
        QStringList parts{sourceKindName(source.kind)};
        if (!source.environment.empty()) {
            parts << tr("environment %1").arg(QString::fromStdString(source.environment));
        }
        if (source.platforms.size() == 1) {
            parts << QString::fromStdString(source.platforms.front());
        } else if (source.platforms.size() > 1) {
            parts << tr("%1 platforms").arg(source.platforms.size());
        }
        return (QString::fromStdString(source.path) + QStringLiteral(" (")
                + parts.join(QStringLiteral(" · ")) + QLatin1Char(')'))
            .toStdString();
    };
    return words;
}

void ComparePage::chipClicked(ChangeKind kind)
{
    // A chip shows its kind alone: pressed while every change shows, only that kind is left;
    // pressed again when it is the only one, all come back; otherwise it adds or removes its
    // kind. Unchanged rows are an extra, shown or not on their own.
    std::vector<ChangeKind> changes;
    for (const auto each : diff::allChangeKinds()) {
        if (each != ChangeKind::Unchanged) {
            changes.push_back(each);
        }
    }
    const auto visible = [&](ChangeKind each) { return m_filter->isKindVisible(each); };
    const bool allShown = std::all_of(changes.begin(), changes.end(), visible);
    const bool onlyThis =
        visible(kind) && std::none_of(changes.begin(), changes.end(), [&](ChangeKind each) {
            return each != kind && visible(each);
        });
    if (kind == ChangeKind::Unchanged) {
        m_filter->setKindVisible(kind, !visible(kind));
    } else if (allShown) {
        for (const auto each : changes) {
            m_filter->setKindVisible(each, each == kind);
        }
    } else if (onlyThis) {
        for (const auto each : changes) {
            m_filter->setKindVisible(each, true);
        }
    } else {
        m_filter->setKindVisible(kind, !visible(kind));
    }
    for (const Chip& chip : m_chips) {
        const QSignalBlocker blocker(chip.button);
        chip.button->setChecked(m_filter->isKindVisible(chip.kind));
    }
    updateChips();
    updateStatus();
}

void ComparePage::updateChips()
{
    const diff::DiffSummary summary = currentSummary();
    const diff::DiffSummary& total =
        m_model->hasResult() ? m_model->result().summary : diff::DiffSummary{};
    for (const Chip& chip : m_chips) {
        const int count = summary.count(chip.kind);
        chip.button->setText(chipText(chip.kind, count));
        chip.button->setEnabled(count > 0);
        // The six everyday changes always have a chip; the rarer kinds only when they occur.
        const bool everyday =
            chip.kind == ChangeKind::Added || chip.kind == ChangeKind::Removed
            || chip.kind == ChangeKind::Upgraded || chip.kind == ChangeKind::Downgraded
            || chip.kind == ChangeKind::Rebuilt || chip.kind == ChangeKind::ChannelChanged
            || chip.kind == ChangeKind::Unchanged;
        chip.button->setVisible(m_model->hasResult() && (everyday || total.count(chip.kind) > 0));
        const bool shown = chip.button->isChecked();
        chip.button->setAccessibleName(chip.button->text());
        chip.button->setAccessibleDescription(
            shown ? tr("Shown in the table; press to show only these, or all again")
                  : tr("Hidden from the table; press to show"));
        chip.button->setToolTip(chip.button->accessibleDescription());
    }
}

void ComparePage::updateStatus()
{
    QString text;
    if (m_task->isRunning()) {
        text = tr("Reading and comparing…");
    } else if (!m_compareError.isEmpty()) {
        text = m_compareError;
    } else if (m_model->hasResult()) {
        const diff::DiffResult& result = m_model->result();
        const int unchanged = result.summary.count(ChangeKind::Unchanged);
        if (result.identical()) {
            text = unchanged == 1
                       ? tr("The two are the same: 1 package, no differences.")
                       : tr("The two are the same: %1 packages, no differences.").arg(unchanged);
        } else {
            text = tr("%1 changed, %2 unchanged").arg(result.summary.changes()).arg(unchanged);
            if (result.channelsChanged) {
                const auto join = [](const std::vector<std::string>& channels) {
                    QStringList names;
                    for (const auto& channel : channels) {
                        names << QString::fromStdString(channel);
                    }
                    return names.join(QStringLiteral(", "));
                };
                text +=
                    QStringLiteral(" · ")
                    + tr("channels: %1 → %2").arg(join(result.a.channels), join(result.b.channels));
            }
        }
        int rows = 0;
        const diff::DiffSummary summary = currentSummary();
        for (const auto kind : diff::allChangeKinds()) {
            rows += summary.count(kind);
        }
        text +=
            QStringLiteral(" · ") + tr("%1 of %2 rows shown").arg(m_filter->rowCount()).arg(rows);
        const int changedHere = rows - summary.count(ChangeKind::Unchanged);
        const bool none = m_filter->rowCount() == 0;
        m_noRows->setText(changedHere == 0 ? tr("No differences here.")
                                           : tr("Nothing matches the chosen filters."));
        m_noRows->setVisible(none);
        m_table->setVisible(!none);
    } else if (m_paths[kLeft].isEmpty() || m_paths[kRight].isEmpty()) {
        text = tr("Choose both sides to compare them.");
    }
    if (!m_exportMessage.isEmpty()) {
        text += QStringLiteral(" · ") + m_exportMessage;
    }
    m_status->setText(text);
    const bool error = !m_compareError.isEmpty() && !m_task->isRunning();
    QPalette statusPalette = palette();
    if (error) {
        statusPalette.setColor(QPalette::WindowText, changeColour(ChangeKind::Removed, palette()));
    }
    m_status->setPalette(statusPalette);
}

void ComparePage::chooseFile(Side side)
{
    const QString current = m_paths[side == Side::Left ? kLeft : kRight];
    const QString file = chooseFileToOpen(
        this, side == Side::Left ? tr("Open the left side") : tr("Open the right side"),
        current.isEmpty() ? QDir::homePath() : QFileInfo(current).absolutePath(),
        tr("Environment and lock files (*.yml *.yaml *.lock *.txt);;All files (*)"));
    if (!file.isEmpty()) {
        setSource(side, file);
    }
}

void ComparePage::chooseFolder(Side side)
{
    const QString current = m_paths[side == Side::Left ? kLeft : kRight];
    const QString folder =
        ui::chooseFolder(this,
                         side == Side::Left ? tr("Choose the environment for the left side")
                                            : tr("Choose the environment for the right side"),
                         current.isEmpty() ? QDir::homePath() : current);
    if (!folder.isEmpty()) {
        setSource(side, folder);
    }
}

void ComparePage::promptExport()
{
    if (!m_model->hasResult()) {
        return;
    }
    const QString html = tr("HTML page (*.html)");
    const QString json = tr("JSON, schema envdesk-diff/1 (*.json)");
    QString selected = html;
    const QString base = QFileInfo(m_paths[kLeft]).completeBaseName() + QStringLiteral("-vs-")
                         + QFileInfo(m_paths[kRight]).completeBaseName();
    QString file = chooseFileToSave(this, tr("Export the comparison"),
                                    QDir::home().filePath(base + QStringLiteral(".html")),
                                    html + QStringLiteral(";;") + json, &selected);
    if (file.isEmpty()) {
        return;
    }
    ReportFormat format = selected == json ? ReportFormat::Json : ReportFormat::Html;
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix == QLatin1String("json")) {
        format = ReportFormat::Json;
    } else if (suffix == QLatin1String("html") || suffix == QLatin1String("htm")) {
        format = ReportFormat::Html;
    } else if (suffix.isEmpty()) {
        file += format == ReportFormat::Json ? QStringLiteral(".json") : QStringLiteral(".html");
    }
    exportReport(file, format);
}

void ComparePage::exportReport(const QString& file, ReportFormat format)
{
    if (!m_model->hasResult()) {
        Q_EMIT exported(file, false);
        return;
    }
    if (m_export == nullptr) {
        m_export = new BackgroundTask(this);
    }
    diff::ReportOptions options;
    options.showUnchanged = m_filter->isKindVisible(ChangeKind::Unchanged);
    options.words = reportWords();
    auto result = std::make_shared<const diff::DiffResult>(m_model->result());
    m_exportMessage = tr("Exporting to %1…").arg(file);
    updateStatus();
    m_export->start([this, result, options, format, file](std::stop_token) {
        const std::string text = format == ReportFormat::Json
                                     ? diff::formatJsonReport(*result, options)
                                     : diff::formatHtmlReport(*result, options);
        auto written = std::make_shared<util::Result<void>>(
            util::writeFileAtomically(file.toStdString(), text));
        return std::function<void()>([this, written, file] {
            m_exportMessage = *written
                                  ? tr("Exported to %1").arg(file)
                                  : tr("The export failed: %1").arg(errorText(written->error()));
            updateStatus();
            Q_EMIT exported(file, written->ok());
        });
    });
}

void ComparePage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    } else if (event->type() == QEvent::PaletteChange && !m_restyling) {
        restyle();
    }
    QWidget::changeEvent(event);
}

void ComparePage::restyle()
{
    m_restyling = true;
    const QPalette colours = palette();
    m_model->setPalette(colours);
    // Between the text and the window: readable, and plainly not in use, on any theme.
    const QColor text = colours.color(QPalette::WindowText);
    const QColor window = colours.color(QPalette::Window);
    const QColor muted = QColor::fromRgbF((text.redF() + window.redF() * 1.5f) / 2.5f,
                                          (text.greenF() + window.greenF() * 1.5f) / 2.5f,
                                          (text.blueF() + window.blueF() * 1.5f) / 2.5f);
    for (const Chip& chip : m_chips) {
        const QColor colour = changeColour(chip.kind, colours);
        // On: solid outline and a tint; off: a dashed outline and no tint, so the state reads
        // without telling colours apart.
        chip.button->setStyleSheet(
            QStringLiteral(
                "QToolButton { border: 1px dashed %1; border-radius: 11px; padding: 2px 9px;"
                " color: %1; background: transparent; }"
                "QToolButton:checked { border-style: solid; background: %2; }"
                "QToolButton:hover { background: %3; }"
                "QToolButton:checked:hover { background: %4; }"
                "QToolButton:focus { border-width: 2px; padding: 1px 8px; }"
                "QToolButton:disabled { color: %5; border-color: %5; border-style: solid;"
                " background: transparent; }")
                .arg(colourName(colour), rgba(colour, 40), rgba(colour, 25), rgba(colour, 60),
                     colourName(muted)));
    }
    for (const SidePane& p : m_sides) {
        QPalette errorPalette = colours;
        errorPalette.setColor(QPalette::WindowText, changeColour(ChangeKind::Removed, colours));
        p.error->setPalette(errorPalette);
    }
    updateStatus();
    m_restyling = false;
}

void ComparePage::retranslate()
{
    for (const Side side : {Side::Left, Side::Right}) {
        SidePane& p = pane(side);
        const bool isLeft = side == Side::Left;
        p.title->setText(isLeft ? tr("&Left (before)") : tr("&Right (after)"));
        p.path->setPlaceholderText(
            tr("A file (environment.yml, explicit, conda-lock, pixi.lock) or an environment "
               "folder"));
        p.path->setAccessibleName(isLeft ? tr("Left source path") : tr("Right source path"));
        p.path->setToolTip(tr("Type or paste a path and press Return, drop a file or folder "
                              "here, or use the buttons"));
        p.open->setText(tr("Open…"));
        p.open->setToolTip(tr("Choose an environment.yml, explicit, conda-lock or pixi.lock file"));
        p.open->setAccessibleName(isLeft ? tr("Open a file for the left side")
                                         : tr("Open a file for the right side"));
        p.openFolder->setText(tr("Environment…"));
        p.openFolder->setToolTip(
            tr("Choose an installed environment: a folder that holds conda-meta"));
        p.openFolder->setAccessibleName(isLeft ? tr("Open an environment for the left side")
                                               : tr("Open an environment for the right side"));
        p.zone->setAccessibleName(isLeft ? tr("Left source: drop a file or folder here")
                                         : tr("Right source: drop a file or folder here"));
        p.error->setAccessibleName(isLeft ? tr("Left source error") : tr("Right source error"));
        p.info->setAccessibleName(isLeft ? tr("Left source") : tr("Right source"));
        if (m_paths[isLeft ? kLeft : kRight].isEmpty()) {
            p.info->setText(tr("Drop a file or an environment folder here, or choose one with "
                               "Open… or Environment…"));
        }
    }
    //: Exchange the left and right sides of the comparison
    m_swap->setText(QStringLiteral("\u21c6 ") + tr("Swap"));
    m_swap->setToolTip(tr("Exchange the left and right sides"));
    m_swap->setAccessibleName(tr("Swap the sides"));
    m_stop->setText(tr("Stop"));
    m_stop->setToolTip(tr("Stop reading and comparing"));
    m_stop->setAccessibleName(tr("Stop the comparison"));
    m_search->setPlaceholderText(tr("Search packages (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search the compared packages"));
    m_exportButton->setText(tr("Export…"));
    m_exportButton->setToolTip(tr("Save the comparison as an HTML page or as JSON"));
    m_exportButton->setAccessibleName(tr("Export the comparison"));
    m_tabs->setAccessibleName(tr("Platforms and package managers"));
    m_table->setAccessibleName(tr("Compared packages"));
    m_status->setAccessibleName(tr("Comparison status"));
    m_notes->setAccessibleName(tr("Notes on the comparison"));
    updateEmptyState();
    for (const Chip& chip : m_chips) {
        QString what;
        switch (chip.kind) {
        case ChangeKind::Added:
            what = tr("Packages only on the right");
            break;
        case ChangeKind::Removed:
            what = tr("Packages only on the left");
            break;
        case ChangeKind::Upgraded:
            what = tr("Packages with a higher version on the right");
            break;
        case ChangeKind::Downgraded:
            what = tr("Packages with a lower version on the right");
            break;
        case ChangeKind::Rebuilt:
            what = tr("The same version in another build");
            break;
        case ChangeKind::ChannelChanged:
            what = tr("The same package from another channel");
            break;
        case ChangeKind::CategoryChanged:
            what = tr("Moved between conda-lock categories (main, dev, …) or between optional "
                      "and required");
            break;
        case ChangeKind::Loosened:
            what = tr("Specs that allow more versions on the right");
            break;
        case ChangeKind::Tightened:
            what = tr("Specs that allow fewer versions on the right");
            break;
        case ChangeKind::SpecChanged:
            what = tr("Specs that changed in another way");
            break;
        case ChangeKind::Unchanged:
            what = tr("Packages that are the same on both sides");
            break;
        }
        chip.button->setToolTip(what + QLatin1Char('\n') + tr("Press to show or hide these rows"));
    }
    rebuildTabs();
    updateChips();
    updateStatus();
}

} // namespace envdesk::ui
