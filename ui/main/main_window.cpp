#include "ui/main/main_window.h"

#include "core/config/condarc_editor.h"
#include "core/repodata/index_memory.h"
#include "ui/changes/change_dialog.h"
#include "ui/channels/channel_settings_page.h"
#include "ui/common/error_text.h"
#include "ui/common/icons.h"
#include "ui/common/session_environment.h"
#include "ui/common/standard_dialogs.h"
#include "ui/common/translations.h"
#include "ui/compare/compare_page.h"
#include "ui/environments/create_environment_dialog.h"
#include "ui/environments/environment_list_model.h"
#include "ui/machine/machine_page.h"
#include "ui/main/first_run_dialog.h"
#include "ui/main/help_actions.h"
#include "ui/main/network_status.h"
#include "ui/storage/storage_page.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace envdesk::ui {

namespace {

// Settings keys. The place is stored by its key, not its index, so reordering keeps it.
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kPlaceKey = QStringLiteral("mainWindow/place");
const QString kOfflineKey = QStringLiteral("network/offline");
const QString kPackageSourceAskedKey = QStringLiteral("firstRun/packageSourceAsked");

constexpr int kRailIconSize = 28;
constexpr int kRailButtonMinimumWidth = 68;
constexpr QSize kDefaultSize(1100, 720);

// Each place action carries its key ("environments"), which also names its icon
// ("place-environments"), its rail button ("environmentsButton") and its page.
QString placeKey(const QAction* action)
{
    return action->data().toString();
}

} // namespace

MainWindow::MainWindow(QSettings& settings, std::shared_ptr<SessionEnvironment> session,
                       EnvironmentsPage::Discover discover, QWidget* parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_session(std::move(session))
{
    setObjectName(QStringLiteral("mainWindow"));

    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("pageStack"));
    m_placeActions = new QActionGroup(this);
    m_placeActions->setExclusive(true);
    QWidget* rail = createPlaces(discover ? std::move(discover) : systemDiscovery());

    auto* separator = new QFrame(this);
    separator->setFrameShape(QFrame::VLine);
    separator->setFrameShadow(QFrame::Sunken);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(rail);
    layout->addWidget(separator);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    m_taskStatus = new QLabel(tr("No tasks running"), this);
    m_taskStatus->setObjectName(QStringLiteral("taskStatusLabel"));
    m_taskStatus->setTextFormat(Qt::RichText);
    // Clicking the running task brings its window back (it may be behind the main window).
    connect(m_taskStatus, &QLabel::linkActivated, this, [this] {
        if (m_task) {
            m_task->show();
            m_task->raise();
            m_task->activateWindow();
        }
    });
    statusBar()->addWidget(m_taskStatus, 1);

    // The Offline switch is kept across starts: someone on a train expects it to stay on.
    m_session->setOffline(m_settings.value(kOfflineKey, false).toBool());
    m_network = new NetworkStatus(m_session, this);
    statusBar()->addPermanentWidget(m_network);
    connect(m_network->offlineAction(), &QAction::toggled, this,
            [this](bool on) { m_settings.setValue(kOfflineKey, on); });
    connect(m_network, &NetworkStatus::channelsChanged, this, [this] {
        if (m_environments != nullptr) {
            m_environments->reloadChannels();
        }
    });

    createMenus();
    updateIcons();
    restoreSettings();
}

QWidget* MainWindow::createPlaces(EnvironmentsPage::Discover discover)
{
    struct PlaceEntry {
        QString key;
        QString title;
        QString toolTip;
    };
    // In rail order, which is the order of Place.
    const PlaceEntry entries[] = {
        //: A place in the navigation rail: the list of conda environments.
        {QStringLiteral("environments"), tr("Environments"),
         tr("Your conda environments and their packages")},
        //: A place in the navigation rail, where two environments are compared (a noun here).
        {QStringLiteral("compare"), tr("Compare"),
         tr("Compare two environments or environment files")},
        //: A place in the navigation rail: this computer, its GPUs and CUDA driver.
        {QStringLiteral("machine"), tr("Machine"),
         tr("This computer's GPUs, CUDA driver and virtual packages")},
        //: A place in the navigation rail: conda channels (package sources) and mirrors.
        {QStringLiteral("channels"), tr("Channels"), tr("Channels, mirrors and proxy settings")},
        //: A place in the navigation rail: the package caches on disk and cleaning them.
        {QStringLiteral("storage"), tr("Storage"),
         tr("The package caches: their size, and what cleaning would free")},
    };

    auto* rail = new QWidget(this);
    rail->setObjectName(QStringLiteral("navigationRail"));
    rail->setAccessibleName(tr("Places"));
    auto* railLayout = new QVBoxLayout(rail);
    railLayout->setContentsMargins(6, 8, 6, 8);
    railLayout->setSpacing(4);

    for (const PlaceEntry& entry : entries) {
        QWidget* page = nullptr;
        if (entry.key == QLatin1String("environments")) {
            auto* environments = new EnvironmentsPage(m_session, discover, m_pages);
            connect(environments, &EnvironmentsPage::createEnvironmentRequested, this,
                    [this, environments] { openCreateDialog(environments); });
            connect(environments, &EnvironmentsPage::changeDialogOpened, this,
                    &MainWindow::trackTask);
            page = environments;
            m_environments = environments;
        } else if (entry.key == QLatin1String("compare")) {
            auto* compare = new ComparePage(m_pages);
            // Its Environment… menus list what the Environments place found.
            compare->setKnownEnvironments([this] {
                std::vector<std::pair<QString, QString>> known;
                if (m_environments == nullptr) {
                    return known;
                }
                const EnvironmentListModel* model = m_environments->environments();
                for (int row = 0; row < model->rowCount(); ++row) {
                    if (const auto* info = model->environmentAt(row)) {
                        known.emplace_back(
                            info->name.empty()
                                ? QFileInfo(QString::fromStdString(info->prefix)).fileName()
                                : QString::fromStdString(info->name),
                            QString::fromStdString(info->prefix));
                    }
                }
                return known;
            });
            page = compare;
            m_compare = compare;
        } else if (entry.key == QLatin1String("machine")) {
            auto* machine = new MachinePage(m_session, m_pages);
            // "Create a GPU environment…": the create dialog, pre-filled with fitting packages.
            connect(machine, &MachinePage::createEnvironmentRequested, this,
                    [this](const QString& packages) {
                        showPlace(Place::Environments);
                        openCreateDialog(m_environments, packages);
                    });
            page = machine;
        } else if (entry.key == QLatin1String("storage")) {
            page = new StoragePage(m_session, m_pages);
        } else {
            m_channels = new ChannelSettingsPage(m_session->inputs(), m_pages);
            // Other channels, mirrors or cache settings: what was loaded may not hold.
            connect(m_channels, &ChannelSettingsPage::saved, this, &MainWindow::reloadChannels);
            page = m_channels;
        }
        page->setObjectName(entry.key + QStringLiteral("Page"));
        const int index = m_pages->addWidget(page);

        QString capitalizedKey = entry.key;
        capitalizedKey[0] = capitalizedKey[0].toUpper();
        auto* action = new QAction(entry.title, m_placeActions);
        action->setObjectName(QStringLiteral("show%1Action").arg(capitalizedKey));
        action->setData(entry.key);
        action->setCheckable(true);
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + index)));
        action->setToolTip(entry.toolTip);
        connect(action, &QAction::triggered, this,
                [this, index] { showPlace(static_cast<Place>(index)); });

        auto* button = new QToolButton(rail);
        button->setObjectName(entry.key + QStringLiteral("Button"));
        button->setDefaultAction(action);
        button->setAccessibleName(entry.title);
        button->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        button->setAutoRaise(true);
        button->setIconSize(QSize(kRailIconSize, kRailIconSize));
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        button->setMinimumSize(kRailButtonMinimumWidth,
                               kRailIconSize + button->fontMetrics().height() + 20);
        railLayout->addWidget(button);
    }
    railLayout->addStretch();
    return rail;
}

void MainWindow::askForPackageSourceIfNeeded()
{
    if (m_settings.value(kPackageSourceAskedKey, false).toBool()) {
        return;
    }
    const auto configuration = config::Config::load(m_session->inputs());
    if (!configuration || config::channelsChosen(*configuration)) {
        // Chosen in a file already (or unreadable, which the pages report): nothing to ask.
        m_settings.setValue(kPackageSourceAskedKey, true);
        return;
    }
    auto* dialog = new FirstRunDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this, dialog](int result) {
        m_settings.setValue(kPackageSourceAskedKey, true);
        if (result == QDialog::Accepted) {
            savePackageSource(dialog->source(), dialog->mirror());
        }
    });
    dialog->open();
}

void MainWindow::savePackageSource(config::PackageSource source, const config::MirrorPreset* mirror)
{
    const config::ConfigInputs inputs = m_session->inputs();
    const std::string path = config::userConfigFile(inputs);
    // The Channels page's editor: the file's other keys and comments stay.
    const auto write = [&]() -> util::Result<void> {
        auto editor = config::CondarcEditor::open(path);
        if (!editor) {
            return editor.error();
        }
        const auto settings = config::withPackageSource(
            config::ChannelSettings::fromContent(editor->content()), source, mirror);
        if (auto edited = config::writeChannelSettings(*editor, settings); !edited) {
            return edited;
        }
        return editor->save();
    };
    const auto written = write();
    if (!written) {
        showWarning(this, tr("Channels"),
                    tr("The choice could not be saved in %1: %2")
                        .arg(QString::fromStdString(path), errorText(written.error())));
        return;
    }
    statusBar()->showMessage(
        tr("Saved in %1; the Channels page can change it.").arg(QString::fromStdString(path)),
        15000);
    if (m_channels != nullptr) {
        m_channels->setConfigInputs(inputs);
    }
    reloadChannels();
}

void MainWindow::reloadChannels()
{
    m_session->indexMemory()->forget();
    m_session->unreachableServers()->forgetAll();
    m_network->refresh();
    if (m_environments != nullptr) {
        m_environments->reloadChannels();
    }
}

void MainWindow::createMenus()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(m_network->offlineAction());
    // The session keeps the channels it read (repodata::IndexMemory) and which servers did not
    // answer; this reads them all again, asking every server.
    QAction* reloadAction = fileMenu->addAction(tr("&Reload Channels"));
    reloadAction->setObjectName(QStringLiteral("reloadChannelsAction"));
    reloadAction->setShortcut(QKeySequence::Refresh);
    reloadAction->setToolTip(tr("Read every channel again from its server, not from what this "
                                "session already loaded"));
    connect(reloadAction, &QAction::triggered, this, &MainWindow::reloadChannels);
    fileMenu->addSeparator();
    QAction* quitAction = fileMenu->addAction(tr("&Quit"));
    quitAction->setObjectName(QStringLiteral("quitAction"));
    quitAction->setShortcut(QKeySequence::Quit);
    quitAction->setMenuRole(QAction::QuitRole);
    connect(quitAction, &QAction::triggered, this, &MainWindow::close);

    // What the Environments place can do with the selected environment.
    QMenu* environmentMenu = menuBar()->addMenu(tr("&Environment"));
    environmentMenu->setObjectName(QStringLiteral("environmentMenu"));
    connect(environmentMenu, &QMenu::aboutToShow, this, [this, environmentMenu] {
        environmentMenu->clear();
        if (m_environments != nullptr) {
            environmentMenu->addActions(m_environments->environmentActions());
        }
    });
    if (m_environments != nullptr) {
        environmentMenu->addActions(m_environments->environmentActions());
    }

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addActions(m_placeActions->actions());
    viewMenu->addSeparator();
    // The language takes effect at the next start: every window would otherwise have to be
    // rebuilt in place, and half-translated windows are worse than a restart.
    QMenu* languageMenu = viewMenu->addMenu(tr("&Language"));
    languageMenu->setObjectName(QStringLiteral("languageMenu"));
    auto* languages = new QActionGroup(languageMenu);
    const QString saved = m_settings.value(QLatin1String(kLanguageSettingKey)).toString();
    const std::pair<QString, QString> choices[] = {
        {QString(), tr("System language")},
        {QStringLiteral("en_US"), QStringLiteral("English")},
        {QStringLiteral("zh_CN"), QStringLiteral("简体中文")},
    };
    for (const auto& [code, label] : choices) {
        QAction* action = languageMenu->addAction(label);
        action->setObjectName(QStringLiteral("language_")
                              + (code.isEmpty() ? QStringLiteral("system") : code));
        action->setCheckable(true);
        action->setChecked(code == saved);
        action->setData(code);
        languages->addAction(action);
        connect(action, &QAction::triggered, this, [this, code, label] {
            m_settings.setValue(QLatin1String(kLanguageSettingKey), code);
            statusBar()->showMessage(tr("Envdesk will use %1 the next time it starts.").arg(label),
                                     15000);
        });
    }

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction* guideAction = helpMenu->addAction(tr("&User Guide"));
    guideAction->setObjectName(QStringLiteral("userGuideAction"));
    guideAction->setShortcut(QKeySequence::HelpContents);
    connect(guideAction, &QAction::triggered, this, &MainWindow::openUserGuide);
    QAction* reportAction = helpMenu->addAction(tr("&Report a Problem…"));
    reportAction->setObjectName(QStringLiteral("reportProblemAction"));
    connect(reportAction, &QAction::triggered, this, [this] {
        auto* dialog = new ReportProblemDialog(m_session->inputs(), m_session->offline(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    helpMenu->addSeparator();
    QAction* aboutAction = helpMenu->addAction(tr("&About Envdesk"));
    aboutAction->setObjectName(QStringLiteral("aboutAction"));
    aboutAction->setMenuRole(QAction::AboutRole);
    connect(aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::updateIcons()
{
    const QList<QAction*> actions = m_placeActions->actions();
    for (int i = 0; i < actions.size(); ++i) {
        const QIcon icon = tintedIcon(QStringLiteral("place-") + placeKey(actions[i]), palette());
        actions[i]->setIcon(icon);
    }
}

void MainWindow::openFiles(const QStringList& files, bool compare)
{
    if (files.isEmpty()) {
        return;
    }
    if ((compare || files.size() >= 2) && m_compare != nullptr) {
        showPlace(Place::Compare);
        m_compare->setLeft(files.at(0));
        if (files.size() >= 2) {
            m_compare->setRight(files.at(1));
            m_compare->compare();
        }
        return;
    }
    if (m_environments != nullptr) {
        showPlace(Place::Environments);
        m_environments->createFromFile(files.front());
    }
}

Place MainWindow::currentPlace() const
{
    return static_cast<Place>(m_pages->currentIndex());
}

void MainWindow::showPlace(Place place)
{
    const int index = static_cast<int>(place);
    QAction* action = m_placeActions->actions().at(index);
    action->setChecked(true);
    m_pages->setCurrentIndex(index);
    // The platform adds the application's display name ("Environments — Envdesk").
    setWindowTitle(action->text());
}

void MainWindow::restoreSettings()
{
    if (!restoreGeometry(m_settings.value(kGeometryKey).toByteArray())) {
        QSize size = kDefaultSize;
        if (const QScreen* screen = this->screen())
            size = size.boundedTo(screen->availableSize() * 9 / 10);
        resize(size);
    }
    restoreState(m_settings.value(kStateKey).toByteArray());

    const QString savedPlace = m_settings.value(kPlaceKey).toString();
    const QList<QAction*> actions = m_placeActions->actions();
    const auto saved = std::find_if(actions.begin(), actions.end(),
                                    [&](const QAction* a) { return placeKey(a) == savedPlace; });
    showPlace(static_cast<Place>(saved == actions.end() ? 0 : saved - actions.begin()));
}

void MainWindow::saveSettings() const
{
    m_settings.setValue(kGeometryKey, saveGeometry());
    m_settings.setValue(kStateKey, saveState());
    m_settings.setValue(kPlaceKey, placeKey(m_placeActions->checkedAction()));
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateIcons();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::openUserGuide()
{
    const QString guide = userGuidePath();
    if (guide.isEmpty() || !QDesktopServices::openUrl(QUrl::fromLocalFile(guide))) {
        showWarning(this, tr("User Guide"),
                    guide.isEmpty()
                        ? tr("The user guide is not installed with this copy of Envdesk.")
                        : tr("No program here opens %1; open it with a text editor.")
                              .arg(QDir::toNativeSeparators(guide)));
    }
}

void MainWindow::showAbout()
{
    if (m_about) {
        m_about->raise();
        m_about->activateWindow();
        return;
    }
    m_about = new QMessageBox(this);
    m_about->setObjectName(QStringLiteral("aboutDialog"));
    m_about->setAttribute(Qt::WA_DeleteOnClose);
    m_about->setWindowTitle(tr("About Envdesk"));
    m_about->setIconPixmap(appIcon().pixmap(QSize(64, 64), devicePixelRatioF()));
    m_about->setTextFormat(Qt::RichText);
    m_about->setText(QStringLiteral("<h3>Envdesk %1</h3>").arg(QStringLiteral(ENVDESK_VERSION)));
    m_about->setInformativeText(
        tr("A desktop manager for conda environments: create them, see what is in them, compare "
           "them and rebuild them exactly, through the channels and mirrors you choose.<br><br>"
           "Built with Qt %1, running on Qt %2.")
            .arg(QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())));
    m_about->setStandardButtons(QMessageBox::Close);
    m_about->open();
}

void MainWindow::openCreateDialog(EnvironmentsPage* environments, const QString& packages)
{
    auto* dialog = new CreateEnvironmentDialog(m_session, this);
    if (!packages.isEmpty()) {
        dialog->setPackages(packages);
    }
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("createEnvironmentDialog"));
    connect(dialog, &CreateEnvironmentDialog::changeDialogOpened, this, &MainWindow::trackTask);
    connect(dialog, &CreateEnvironmentDialog::environmentCreated, environments,
            [environments](const QString& prefix) {
                environments->selectPrefix(prefix);
                environments->refresh();
            });
    dialog->show();
}

void MainWindow::trackTask(ChangeDialog* dialog)
{
    m_task = dialog;
    const auto show = [this, dialog] {
        if (m_task != dialog) {
            return;
        }
        const auto* state = dialog->findChild<QLabel*>(QStringLiteral("changeState"));
        m_taskStatus->setText(QStringLiteral("<a href=\"#task\">%1</a>: %2")
                                  .arg(dialog->windowTitle().toHtmlEscaped(),
                                       state ? state->text().toHtmlEscaped() : QString()));
    };
    connect(dialog, &ChangeDialog::stateChanged, this, show);
    // Compared by address: the guarded pointer may not be cleared yet while `destroyed` runs.
    connect(dialog, &QObject::destroyed, this, [this](QObject* gone) {
        if (!m_task || m_task.data() == gone) {
            m_taskStatus->setText(tr("No tasks running"));
        }
    });
    show();
}

} // namespace envdesk::ui
