#include "ui/channels/channel_settings_page.h"

#include "core/config/channel_settings_check.h"
#include "core/config/condarc_editor.h"
#include "core/specs/channel.h"
#include "ui/common/background_task.h"
#include "ui/common/error_text.h"
#include "ui/common/form_labels.h"
#include "ui/common/list_editor.h"
#include "ui/common/value_bar_delegate.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetrics>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <set>

namespace envdesk::ui {

using channels::ProbeResult;

namespace {

// The time to the first byte, in ms (a double), on a leaf of "Resolved URLs"; absent before a
// Test and when nothing answered.
constexpr int kLatencyRole = Qt::UserRole + 1;
// The URL a leaf's channel is probed at (a QString).
constexpr int kProbeUrlRole = Qt::UserRole + 2;

enum Column { ChannelColumn, UrlColumn, LatencyColumn, StatusColumn };

QString formatMs(double ms)
{
    return ms < 1 ? ChannelSettingsPage::tr("< 1 ms")
                  : ChannelSettingsPage::tr("%1 ms").arg(std::lround(ms));
}

QString fromStd(const std::string& text)
{
    return QString::fromStdString(text);
}

QStringList toQStringList(const std::vector<std::string>& items)
{
    QStringList out;
    for (const auto& item : items) {
        out << fromStd(item);
    }
    return out;
}

} // namespace

ChannelSettingsPage::ChannelSettingsPage(config::ConfigInputs inputs, QWidget* parent)
    : QWidget(parent)
    , m_inputs(std::move(inputs))
    , m_probeTask(new BackgroundTask(this))
    , m_saveTask(new BackgroundTask(this))
{
    buildUi();
    refreshTargets();
    load();
}

ChannelSettingsPage::~ChannelSettingsPage()
{
    // The probe posts its results to this page from its thread: stop and join it while the
    // page is still whole.
    delete m_probeTask;
    delete m_saveTask;
}

QString ChannelSettingsPage::presetTitle(const config::MirrorPreset& preset)
{
    if (preset.id == "tuna") {
        return tr("TUNA (Tsinghua University)");
    }
    if (preset.id == "bfsu") {
        return tr("BFSU (Beijing Foreign Studies University)");
    }
    if (preset.id == "ustc") {
        return tr("USTC (University of Science and Technology of China)");
    }
    if (preset.id == "sjtu") {
        return tr("SJTU (Shanghai Jiao Tong University)");
    }
    if (preset.id == "aliyun") {
        return tr("Aliyun (Alibaba Cloud)");
    }
    if (preset.id == "nju") {
        return tr("NJU (Nanjing University)");
    }
    if (preset.id == "official") {
        return tr("Official (anaconda.org)");
    }
    return fromStd(preset.displayName);
}

void ChannelSettingsPage::buildUi()
{
    setObjectName(QStringLiteral("channelSettingsPage"));

    // The preset chooser.
    m_preset = new QComboBox(this);
    m_preset->setObjectName(QStringLiteral("presetCombo"));
    m_preset->setAccessibleName(tr("Mirror preset"));
    m_preset->setToolTip(tr("Fills in default_channels, channel_alias and custom_channels for a "
                            "well-known mirror. Your channel list and your own custom channels "
                            "stay."));
    for (const auto& preset : config::mirrorPresets()) {
        const QString title = presetTitle(preset);
        m_preset->addItem(title, fromStd(preset.id));
        m_preset->setItemData(m_preset->count() - 1,
                              preset.root.empty() ? QStringLiteral("https://conda.anaconda.org")
                                                  : fromStd(preset.root),
                              Qt::ToolTipRole);
    }
    //: The preset chooser's entry when the settings match no preset.
    m_preset->addItem(tr("Custom"), QString());
    m_presetNote = new QLabel(this);
    m_presetNote->setObjectName(QStringLiteral("presetNote"));
    m_presetNote->setWordWrap(true);
    m_presetNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Two lines always, so the page does not jump as the note gets shorter or longer.
    m_presetNote->setMinimumHeight(m_presetNote->fontMetrics().lineSpacing() * 2);
    auto* presetLabel = new QLabel(tr("&Mirror preset:"), this);
    presetLabel->setBuddy(m_preset);
    auto* presetRow = new QHBoxLayout;
    presetRow->addWidget(presetLabel);
    presetRow->addWidget(m_preset);
    presetRow->addWidget(m_presetNote, 1);

    // Channels.
    m_channels =
        new ListEditor(QStringLiteral("channels"),
                       {tr("Channels"), tr("Channel name or URL, e.g. conda-forge"), tr("&Add"),
                        tr("Add the channel typed on the left to the end of the list"),
                        tr("&Remove"), tr("Remove the selected channel"), tr("Move &up"),
                        tr("Search the selected channel earlier"), tr("Move &down"),
                        tr("Search the selected channel later")},
                       this);
    m_channels->setCompletions({QStringLiteral("defaults"), QStringLiteral("nodefaults"),
                                QStringLiteral("conda-forge"), QStringLiteral("bioconda"),
                                QStringLiteral("pytorch"), QStringLiteral("nvidia")});
    m_channelsProblem = problemLabel(QStringLiteral("channelsProblem"), this);
    auto* channelsBox = new QGroupBox(tr("Channels"), this);
    auto* channelsLayout = new QVBoxLayout(channelsBox);
    channelsLayout->addWidget(m_channels);
    channelsLayout->addWidget(m_channelsProblem);
    channelsLayout->addWidget(hintLabel(
        tr("Searched from the top. “defaults” stands for the default channels set on the right; "
           "“nodefaults” leaves them out. An empty list means conda's default: "
           "defaults."),
        channelsBox));

    // Where names go.
    m_alias = new QLineEdit(this);
    m_alias->setObjectName(QStringLiteral("aliasEdit"));
    m_alias->setPlaceholderText(tr("https://conda.anaconda.org (conda's default)"));
    m_alias->setAccessibleName(tr("Channel alias"));
    m_alias->setToolTip(tr("channel_alias: the server a bare channel name such as bioconda "
                           "is looked up on."));
    m_aliasProblem = problemLabel(QStringLiteral("aliasProblem"), this);
    m_defaults = new ListEditor(
        QStringLiteral("defaultChannels"),
        {tr("Default channels"), tr("URL, e.g. https://mirror.example.com/anaconda/pkgs/main"),
         tr("Add"), tr("Add the URL typed on the left to the default channels"), tr("Remove"),
         tr("Remove the selected default channel"), tr("Move up"),
         tr("Search the selected default channel earlier"), tr("Move down"),
         tr("Search the selected default channel later")},
        this);
    m_defaultsProblem = problemLabel(QStringLiteral("defaultChannelsProblem"), this);
    m_custom = new QTableWidget(0, 2, this);
    m_custom->setObjectName(QStringLiteral("customChannelsTable"));
    m_custom->setAccessibleName(tr("Custom channels"));
    m_custom->setHorizontalHeaderLabels({tr("Channel"), tr("Base URL")});
    m_custom->horizontalHeader()->setStretchLastSection(true);
    m_custom->verticalHeader()->hide();
    m_custom->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_custom->setMinimumHeight(90);
    m_custom->setMaximumHeight(130);
    m_custom->setWordWrap(false);
    m_custom->setTextElideMode(Qt::ElideMiddle);
    m_custom->verticalHeader()->setDefaultSectionSize(m_custom->fontMetrics().height() + 8);
    m_customAdd = new QPushButton(tr("Add"), this);
    m_customAdd->setObjectName(QStringLiteral("customChannelsAdd"));
    m_customAdd->setToolTip(tr("Add a row for a channel served from its own server"));
    m_customAdd->setAccessibleName(tr("Add custom channel"));
    m_customRemove = new QPushButton(tr("Remove"), this);
    m_customRemove->setObjectName(QStringLiteral("customChannelsRemove"));
    m_customRemove->setToolTip(tr("Remove the selected custom channel"));
    m_customRemove->setAccessibleName(tr("Remove custom channel"));
    m_customProblem = problemLabel(QStringLiteral("customChannelsProblem"), this);
    auto* customButtons = new QVBoxLayout;
    customButtons->addWidget(m_customAdd);
    customButtons->addWidget(m_customRemove);
    customButtons->addStretch(1);
    auto* customRow = new QHBoxLayout;
    customRow->addWidget(m_custom, 1);
    customRow->addLayout(customButtons);
    auto* customColumn = new QVBoxLayout;
    customColumn->addLayout(customRow);
    customColumn->addWidget(m_customProblem);
    customColumn->addWidget(
        hintLabel(tr("conda fetches the channel from <base URL>/<channel>: give the folder "
                     "above the channel, e.g. https://mirror.example.com/anaconda/cloud."),
                  this));
    auto* defaultsColumn = new QVBoxLayout;
    defaultsColumn->addWidget(m_defaults);
    defaultsColumn->addWidget(m_defaultsProblem);
    defaultsColumn->addWidget(
        hintLabel(tr("What “defaults” means. Empty: conda's own (repo.anaconda.com)."), this));
    auto* aliasColumn = new QVBoxLayout;
    aliasColumn->addWidget(m_alias);
    aliasColumn->addWidget(m_aliasProblem);

    auto* mirrorBox = new QGroupBox(tr("Where channels come from"), this);
    auto* mirrorForm = new QFormLayout(mirrorBox);
    auto* aliasLabel = new QLabel(tr("Channel &alias:"), mirrorBox);
    aliasLabel->setBuddy(m_alias);
    mirrorForm->addRow(aliasLabel, aliasColumn);
    auto* defaultsLabel = new QLabel(tr("De&fault channels:"), mirrorBox);
    defaultsLabel->setBuddy(m_defaults->input());
    mirrorForm->addRow(defaultsLabel, defaultsColumn);
    auto* customLabel = new QLabel(tr("C&ustom channels:"), mirrorBox);
    customLabel->setBuddy(m_custom);
    mirrorForm->addRow(customLabel, customColumn);

    // Behaviour.
    m_priority = new QComboBox(this);
    m_priority->setObjectName(QStringLiteral("priorityCombo"));
    m_priority->setAccessibleName(tr("Channel priority"));
    m_priority->addItem(tr("Not set (conda's default: flexible)"), QString());
    m_priority->addItem(tr("Strict"), QStringLiteral("strict"));
    m_priority->addItem(tr("Flexible"), QStringLiteral("flexible"));
    m_priority->addItem(tr("Disabled"), QStringLiteral("disabled"));
    m_priority->setToolTip(
        tr("Strict: a package comes only from the first channel that has it. Flexible: later "
           "channels may fill in what the first ones lack. Disabled: the newest version wins, "
           "whichever channel it is in."));
    m_showUrls = new QComboBox(this);
    m_showUrls->setObjectName(QStringLiteral("showUrlsCombo"));
    m_showUrls->setAccessibleName(tr("Show channel URLs"));
    m_showUrls->addItem(tr("Not set (conda's default: no)"), QString());
    m_showUrls->addItem(tr("Yes"), QStringLiteral("true"));
    m_showUrls->addItem(tr("No"), QStringLiteral("false"));
    m_showUrls->setToolTip(tr("Whether conda prints the full URL a package comes from."));
    auto* behaviourBox = new QGroupBox(tr("Behaviour"), this);
    auto* behaviourForm = new QFormLayout(behaviourBox);
    behaviourForm->addRow(tr("Channel &priority:"), m_priority);
    behaviourForm->addRow(tr("Show channel &URLs:"), m_showUrls);

    // Network.
    m_httpProxy = new QLineEdit(this);
    m_httpProxy->setObjectName(QStringLiteral("httpProxyEdit"));
    m_httpProxy->setAccessibleName(tr("HTTP proxy"));
    m_httpProxy->setPlaceholderText(tr("None, e.g. http://proxy.example.com:3128"));
    m_httpsProxy = new QLineEdit(this);
    m_httpsProxy->setObjectName(QStringLiteral("httpsProxyEdit"));
    m_httpsProxy->setAccessibleName(tr("HTTPS proxy"));
    m_httpsProxy->setPlaceholderText(tr("None, e.g. http://proxy.example.com:3128"));
    m_proxyProblem = problemLabel(QStringLiteral("proxyProblem"), this);
    m_ssl = new QComboBox(this);
    m_ssl->setObjectName(QStringLiteral("sslCombo"));
    m_ssl->setAccessibleName(tr("TLS certificate verification"));
    m_ssl->addItem(tr("Not set (conda's default: verify)"), QString());
    m_ssl->addItem(tr("Verify"), QStringLiteral("true"));
    m_ssl->addItem(tr("Do not verify (insecure)"), QStringLiteral("false"));
    m_ssl->addItem(tr("Verify with a CA bundle file"), QStringLiteral("bundle"));
    m_caBundle = new QLineEdit(this);
    m_caBundle->setObjectName(QStringLiteral("caBundleEdit"));
    m_caBundle->setAccessibleName(tr("CA bundle file"));
    m_caBundle->setPlaceholderText(tr("Path to a .pem file, or truststore"));
    m_caBrowse = new QToolButton(this);
    m_caBrowse->setObjectName(QStringLiteral("caBundleBrowse"));
    m_caBrowse->setText(tr("Browse…"));
    m_caBrowse->setToolTip(tr("Choose the CA bundle file"));
    m_caBrowse->setAccessibleName(tr("Choose the CA bundle file"));
    m_sslProblem = problemLabel(QStringLiteral("sslProblem"), this);
    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_caBundle, 1);
    caRow->addWidget(m_caBrowse);
    auto* networkBox = new QGroupBox(tr("Network"), this);
    auto* networkForm = new QFormLayout(networkBox);
    networkForm->addRow(tr("&HTTP proxy:"), m_httpProxy);
    networkForm->addRow(tr("HTTP&S proxy:"), m_httpsProxy);
    networkForm->addRow(QString(), m_proxyProblem);
    networkForm->addRow(tr("&TLS verification:"), m_ssl);
    auto* caLabel = new QLabel(tr("CA &bundle:"), networkBox);
    caLabel->setBuddy(m_caBundle);
    networkForm->addRow(caLabel, caRow);
    networkForm->addRow(QString(), m_sslProblem);

    auto* settingsPane = new QWidget(this);
    auto* settingsLayout = new QVBoxLayout(settingsPane);
    settingsLayout->addWidget(channelsBox);
    settingsLayout->addWidget(behaviourBox);
    settingsLayout->addWidget(networkBox);
    settingsLayout->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(settingsPane);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The fields scroll up and down in a short window, never sideways: cut-off buttons read
    // as missing ones.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(settingsPane->sizeHint().width()
                            + scroll->verticalScrollBar()->sizeHint().width());

    // Resolved URLs and Test.
    m_resolved = new QTreeWidget(this);
    m_resolved->setObjectName(QStringLiteral("resolvedUrls"));
    m_resolved->setAccessibleName(tr("Resolved URLs"));
    m_resolved->setColumnCount(4);
    m_resolved->setHeaderLabels({tr("Channel"), tr("URL"), tr("Latency"), tr("Status")});
    m_resolved->setRootIsDecorated(true);
    m_resolved->setUniformRowHeights(true);
    m_resolved->setSelectionMode(QAbstractItemView::SingleSelection);
    m_latency = new ValueBarDelegate(kLatencyRole, m_resolved);
    m_resolved->setItemDelegateForColumn(Column::LatencyColumn, m_latency);
    // URLs are long and differ at both ends (the mirror, the channel): elide their middle.
    m_resolved->setTextElideMode(Qt::ElideMiddle);
    QHeaderView* header = m_resolved->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(Column::ChannelColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(Column::UrlColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(Column::LatencyColumn, QHeaderView::Interactive);
    // The URL takes what the others leave: channel names and times are short, and the status
    // is as wide as what the test found (nothing before a test).
    header->setSectionResizeMode(Column::StatusColumn, QHeaderView::ResizeToContents);
    const QFontMetrics metrics = m_resolved->fontMetrics();
    header->resizeSection(Column::ChannelColumn, metrics.horizontalAdvance(QLatin1Char('x')) * 14);
    header->resizeSection(Column::LatencyColumn, metrics.horizontalAdvance(QLatin1Char('x')) * 9);
    m_resolveProblem = problemLabel(QStringLiteral("resolveProblem"), this);
    m_test = new QPushButton(tr("&Test"), this);
    m_test->setObjectName(QStringLiteral("testButton"));
    m_test->setToolTip(tr("Ask every server above for its channel index at once, and show how "
                          "long each takes to answer"));
    m_test->setAccessibleName(tr("Test the channel servers"));
    m_cancelTest = new QPushButton(tr("&Cancel test"), this);
    m_cancelTest->setObjectName(QStringLiteral("cancelTestButton"));
    m_cancelTest->setToolTip(tr("Stop testing the servers"));
    m_cancelTest->setAccessibleName(tr("Cancel the test"));
    m_probeSummary = new QLabel(this);
    m_probeSummary->setObjectName(QStringLiteral("probeSummary"));
    m_probeSummary->setWordWrap(true);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_cancelTest);
    testRow->addWidget(m_probeSummary, 1);
    auto* resolvedBox = new QGroupBox(tr("Resolved URLs"), this);
    auto* resolvedLayout = new QVBoxLayout(resolvedBox);
    resolvedLayout->addWidget(
        hintLabel(tr("Where each channel will be fetched from with the settings as edited, "
                     "before saving. Test times the first byte of each server's answer."),
                  resolvedBox));
    resolvedLayout->addWidget(m_resolved, 1);
    resolvedLayout->addWidget(m_resolveProblem);
    resolvedLayout->addLayout(testRow);

    // What to search and how on the left; the URL-heavy parts (where channels come from, and
    // where they resolve to) on the wider right, one above the other.
    // Scrollable, like the left side, so that a small window can still show the preview.
    auto* mirrorScroll = new QScrollArea(this);
    // The fields at their own height, the rest of a tall tab left empty below them (a form
    // stretched to the tab spread its rows apart).
    auto* mirrorPane = new QWidget(this);
    auto* mirrorPaneLayout = new QVBoxLayout(mirrorPane);
    mirrorPaneLayout->setContentsMargins(0, 0, 0, 0);
    mirrorPaneLayout->addWidget(mirrorBox);
    mirrorPaneLayout->addStretch(1);
    mirrorScroll->setWidget(mirrorPane);
    mirrorScroll->setWidgetResizable(true);
    mirrorScroll->setFrameShape(QFrame::NoFrame);
    // Two tabs rather than one above the other: at 1024x700 the two shared the height and the
    // resolved URLs got two rows.
    auto* urlTabs = new QTabWidget(this);
    urlTabs->setObjectName(QStringLiteral("urlTabs"));
    urlTabs->setDocumentMode(true);
    urlTabs->addTab(mirrorScroll, tr("Where channels come from"));
    urlTabs->addTab(resolvedBox, tr("Resolved URLs and test"));
    mirrorBox->setTitle(QString());
    resolvedBox->setTitle(QString());
    resolvedBox->setFlat(true);
    mirrorBox->setFlat(true);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(scroll);
    splitter->addWidget(urlTabs);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({520, 840});

    // Save.
    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("targetCombo"));
    m_target->setAccessibleName(tr("Save to"));
    m_target->setToolTip(tr("The .condarc file this page shows and Save writes"));
    auto* targetLabel = new QLabel(tr("Sa&ve to:"), this);
    targetLabel->setBuddy(m_target);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_restore = new QPushButton(tr("Restore &defaults"), this);
    m_restore->setObjectName(QStringLiteral("restoreDefaultsButton"));
    m_restore->setToolTip(tr("Clear every setting on this page, so conda's defaults apply"));
    m_restore->setAccessibleName(tr("Restore defaults"));
    m_save = new QPushButton(tr("&Save"), this);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setToolTip(tr("Write these settings to the chosen file; its comments and other "
                          "settings stay"));
    m_save->setAccessibleName(tr("Save"));
    m_save->setDefault(true);
    auto* saveRow = new QHBoxLayout;
    saveRow->addWidget(targetLabel);
    saveRow->addWidget(m_target);
    saveRow->addWidget(m_status, 1);
    saveRow->addWidget(m_restore);
    saveRow->addWidget(m_save);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(presetRow);
    layout->addWidget(splitter, 1);
    layout->addLayout(saveRow);

    // Any edit refreshes the checks, the preview, the preset shown and the buttons.
    m_channels->onChanged = [this] { onEdited(); };
    m_defaults->onChanged = [this] { onEdited(); };
    connect(m_alias, &QLineEdit::textChanged, this, &ChannelSettingsPage::onEdited);
    connect(m_custom, &QTableWidget::itemChanged, this, &ChannelSettingsPage::onEdited);
    connect(m_custom->model(), &QAbstractItemModel::rowsRemoved, this,
            &ChannelSettingsPage::onEdited);
    connect(m_custom, &QTableWidget::itemSelectionChanged, this,
            &ChannelSettingsPage::updateButtons);
    connect(m_customAdd, &QPushButton::clicked, this, [this] {
        const int row = m_custom->rowCount();
        m_custom->insertRow(row);
        m_custom->setItem(row, 0, new QTableWidgetItem);
        m_custom->setItem(row, 1, new QTableWidgetItem);
        m_custom->setCurrentCell(row, 0);
        m_custom->editItem(m_custom->item(row, 0));
    });
    connect(m_customRemove, &QPushButton::clicked, this, [this] {
        std::set<int, std::greater<>> rows;
        for (const QModelIndex& index : m_custom->selectionModel()->selectedRows()) {
            rows.insert(index.row());
        }
        if (rows.empty() && m_custom->currentRow() >= 0) {
            rows.insert(m_custom->currentRow());
        }
        for (int row : rows) {
            m_custom->removeRow(row);
        }
    });
    connect(m_priority, &QComboBox::currentIndexChanged, this, &ChannelSettingsPage::onEdited);
    connect(m_showUrls, &QComboBox::currentIndexChanged, this, &ChannelSettingsPage::onEdited);
    connect(m_httpProxy, &QLineEdit::textChanged, this, &ChannelSettingsPage::onEdited);
    connect(m_httpsProxy, &QLineEdit::textChanged, this, &ChannelSettingsPage::onEdited);
    connect(m_ssl, &QComboBox::currentIndexChanged, this, &ChannelSettingsPage::onEdited);
    connect(m_caBundle, &QLineEdit::textChanged, this, &ChannelSettingsPage::onEdited);
    connect(m_caBrowse, &QToolButton::clicked, this, [this] {
        // Not the static helper: no nested event loop.
        auto* dialog = new QFileDialog(this, tr("CA bundle file"),
                                       QFileInfo(m_caBundle->text()).absolutePath(),
                                       tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFile);
        connect(dialog, &QFileDialog::fileSelected, this,
                [this](const QString& file) { m_caBundle->setText(file); });
        dialog->open();
    });
    connect(m_preset, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (m_loading) {
            return;
        }
        const QString id = m_preset->itemData(index).toString();
        if (id.isEmpty()) {
            updatePresetChoice(); // "Custom" is what the fields say, not a choice
        } else {
            applyPreset(id);
        }
    });
    connect(m_test, &QPushButton::clicked, this, &ChannelSettingsPage::startTest);
    connect(m_cancelTest, &QPushButton::clicked, this, &ChannelSettingsPage::cancelTest);
    connect(m_target, &QComboBox::currentIndexChanged, this, &ChannelSettingsPage::onTargetChosen);
    connect(m_restore, &QPushButton::clicked, this, &ChannelSettingsPage::restoreDefaults);
    connect(m_save, &QPushButton::clicked, this, &ChannelSettingsPage::save);
    connect(m_probeTask, &BackgroundTask::runningChanged, this,
            &ChannelSettingsPage::updateButtons);
}

void ChannelSettingsPage::setConfigInputs(const config::ConfigInputs& inputs)
{
    cancelTest();
    m_inputs = inputs;
    refreshTargets();
    load();
}

void ChannelSettingsPage::setConfirmHandler(ConfirmFn confirm)
{
    m_confirm = std::move(confirm);
}

void ChannelSettingsPage::setProbeTimeout(double seconds)
{
    m_probeTimeout = seconds;
}

QString ChannelSettingsPage::displayPath(const QString& path) const
{
    const QString home = fromStd(m_inputs.homeDir);
    if (!home.isEmpty() && path.startsWith(home + QLatin1Char('/'))) {
        return QStringLiteral("~") + path.mid(home.size());
    }
    return QDir::toNativeSeparators(path);
}

void ChannelSettingsPage::refreshTargets()
{
    m_targets.clear();
    m_targets.push_back(
        {tr("User (%1)").arg(displayPath(fromStd(config::userConfigFile(m_inputs)))),
         fromStd(config::userConfigFile(m_inputs))});
    if (const auto env = config::envConfigFile(m_inputs)) {
        m_targets.push_back(
            {tr("Active environment (%1)").arg(displayPath(fromStd(*env))), fromStd(*env)});
    }
    // The root prefix's file, as `conda config --system` writes it: offered only where this
    // user may write it.
    if (const std::string system = config::systemConfigFile(m_inputs); !system.empty()) {
        const QFileInfo file(fromStd(system));
        const bool writable =
            file.exists() ? file.isWritable() : QFileInfo(file.absolutePath()).isWritable();
        if (writable) {
            m_targets.push_back(
                {tr("System (%1)").arg(displayPath(file.filePath())), file.filePath()});
        }
    }
    const QSignalBlocker blocker(m_target);
    m_target->clear();
    for (const Target& target : m_targets) {
        m_target->addItem(target.label, target.path);
        m_target->setItemData(m_target->count() - 1, target.path, Qt::ToolTipRole);
    }
    m_targetIndex = 0;
    m_target->setCurrentIndex(0);
}

QString ChannelSettingsPage::targetPath() const
{
    return m_targetIndex >= 0 && m_targetIndex < static_cast<int>(m_targets.size())
               ? m_targets[static_cast<std::size_t>(m_targetIndex)].path
               : QString();
}

void ChannelSettingsPage::onTargetChosen(int index)
{
    if (index == m_targetIndex || index < 0) {
        return;
    }
    const auto go = [this, index] {
        m_targetIndex = index;
        m_lastSavedPath.clear();
        load();
    };
    if (!hasUnsavedChanges()) {
        go();
        return;
    }
    confirm(tr("Discard changes"),
            tr("Show %1 instead? The changes you have not saved will be lost.")
                .arg(m_targets[static_cast<std::size_t>(index)].path),
            tr("Discard changes"), [this, go, index](bool yes) {
                if (yes && m_target->currentIndex() == index) {
                    go();
                    return;
                }
                const QSignalBlocker blocker(m_target);
                m_target->setCurrentIndex(m_targetIndex);
            });
}

void ChannelSettingsPage::load()
{
    m_saveError.clear();
    m_loadError.clear();
    m_fileBroken = false;
    const QString path = targetPath();
    // One small file: read here, written on a worker (the write flushes to disk).
    auto editor = config::CondarcEditor::open(path.toStdString());
    config::ChannelSettings settings;
    if (editor) {
        settings = config::ChannelSettings::fromContent(editor->content());
        m_fileExisted = editor->existed();
    } else {
        m_fileBroken = true;
        m_fileExisted = true;
        m_loadError = errorText(editor.error());
    }
    m_loaded = settings;
    m_otherProxies = settings.proxyServers;
    m_otherProxies.erase("http");
    m_otherProxies.erase("https");
    setFields(settings);
}

void ChannelSettingsPage::setFields(const config::ChannelSettings& settings)
{
    m_loading = true;
    m_channels->setItems(toQStringList(settings.channels));
    m_alias->setText(fromStd(settings.channelAlias));
    m_defaults->setItems(toQStringList(settings.defaultChannels));
    {
        const QSignalBlocker blocker(m_custom);
        m_custom->setRowCount(0);
        for (const auto& [name, url] : settings.customChannels) {
            const int row = m_custom->rowCount();
            m_custom->insertRow(row);
            m_custom->setItem(row, 0, new QTableWidgetItem(fromStd(name)));
            m_custom->setItem(row, 1, new QTableWidgetItem(fromStd(url)));
        }
    }
    const auto choose = [](QComboBox* combo, const QString& value) {
        combo->setCurrentIndex(std::max(0, combo->findData(value)));
    };
    choose(m_priority, settings.channelPriority
                           ? fromStd(std::string(config::toString(*settings.channelPriority)))
                           : QString());
    choose(m_showUrls,
           settings.showChannelUrls
               ? (*settings.showChannelUrls ? QStringLiteral("true") : QStringLiteral("false"))
               : QString());
    const auto proxy = [&](const char* key) {
        const auto it = settings.proxyServers.find(key);
        return it == settings.proxyServers.end() ? QString() : fromStd(it->second);
    };
    m_httpProxy->setText(proxy("http"));
    m_httpsProxy->setText(proxy("https"));
    QString ssl;
    if (settings.sslVerify) {
        if (!settings.sslVerify->enabled) {
            ssl = QStringLiteral("false");
        } else if (settings.sslVerify->caBundle.empty()) {
            ssl = QStringLiteral("true");
        } else {
            ssl = QStringLiteral("bundle");
        }
    }
    choose(m_ssl, ssl);
    m_caBundle->setText(settings.sslVerify ? fromStd(settings.sslVerify->caBundle) : QString());
    m_loading = false;
    onEdited();
}

config::ChannelSettings ChannelSettingsPage::settings() const
{
    config::ChannelSettings settings;
    for (const QString& item : m_channels->items()) {
        if (!item.trimmed().isEmpty()) {
            settings.channels.push_back(item.trimmed().toStdString());
        }
    }
    settings.channelAlias = m_alias->text().trimmed().toStdString();
    for (const QString& item : m_defaults->items()) {
        if (!item.trimmed().isEmpty()) {
            settings.defaultChannels.push_back(item.trimmed().toStdString());
        }
    }
    for (int row = 0; row < m_custom->rowCount(); ++row) {
        const QTableWidgetItem* name = m_custom->item(row, 0);
        const QTableWidgetItem* url = m_custom->item(row, 1);
        const QString nameText = name != nullptr ? name->text().trimmed() : QString();
        const QString urlText = url != nullptr ? url->text().trimmed() : QString();
        if (!nameText.isEmpty() || !urlText.isEmpty()) {
            settings.customChannels[nameText.toStdString()] = urlText.toStdString();
        }
    }
    const QString priority = m_priority->currentData().toString();
    if (priority == QLatin1String("strict")) {
        settings.channelPriority = config::ChannelPriority::Strict;
    } else if (priority == QLatin1String("flexible")) {
        settings.channelPriority = config::ChannelPriority::Flexible;
    } else if (priority == QLatin1String("disabled")) {
        settings.channelPriority = config::ChannelPriority::Disabled;
    }
    const QString showUrls = m_showUrls->currentData().toString();
    if (!showUrls.isEmpty()) {
        settings.showChannelUrls = showUrls == QLatin1String("true");
    }
    settings.proxyServers = m_otherProxies;
    if (const QString http = m_httpProxy->text().trimmed(); !http.isEmpty()) {
        settings.proxyServers["http"] = http.toStdString();
    }
    if (const QString https = m_httpsProxy->text().trimmed(); !https.isEmpty()) {
        settings.proxyServers["https"] = https.toStdString();
    }
    const QString ssl = m_ssl->currentData().toString();
    if (ssl == QLatin1String("true")) {
        settings.sslVerify = config::SslVerify{true, {}};
    } else if (ssl == QLatin1String("false")) {
        settings.sslVerify = config::SslVerify{false, {}};
    } else if (ssl == QLatin1String("bundle")) {
        settings.sslVerify = config::SslVerify{true, m_caBundle->text().trimmed().toStdString()};
    }
    return settings;
}

bool ChannelSettingsPage::hasUnsavedChanges() const
{
    return !m_fileBroken && settings() != m_loaded;
}

bool ChannelSettingsPage::isTesting() const
{
    return m_probeTask->isRunning();
}

void ChannelSettingsPage::onEdited()
{
    if (m_loading) {
        return;
    }
    m_saveError.clear();
    const bool bundle = m_ssl->currentData().toString() == QLatin1String("bundle");
    m_caBundle->setEnabled(bundle);
    m_caBrowse->setEnabled(bundle);
    validate();
    rebuildPreview();
    updatePresetChoice();
    updateButtons();
    updateStatus();
}

void ChannelSettingsPage::validate()
{
    // The rules are core's (config::checkChannelSettings); the page words each problem and shows
    // it under its field.
    config::ChannelSettingsForm form;
    for (const auto& item : m_channels->items()) {
        form.channels.push_back(item.toStdString());
    }
    form.channelAlias = m_alias->text().toStdString();
    for (const auto& item : m_defaults->items()) {
        form.defaultChannels.push_back(item.toStdString());
    }
    for (int row = 0; row < m_custom->rowCount(); ++row) {
        const auto cell = [this, row](int column) {
            return m_custom->item(row, column) != nullptr
                       ? m_custom->item(row, column)->text().toStdString()
                       : std::string();
        };
        form.customChannels.emplace_back(cell(0), cell(1));
    }
    form.proxies = {m_httpProxy->text().toStdString(), m_httpsProxy->text().toStdString()};
    if (m_ssl->currentData().toString() == QLatin1String("bundle")) {
        form.caBundle = m_caBundle->text().toStdString();
    }
    // "~/channel" and "./channel" point where this page's inputs say.
    const specs::PathContext paths{m_inputs.homeDir, m_inputs.currentDir};

    using Field = config::SettingsProblem::Field;
    using Kind = config::SettingsProblem::Kind;
    std::map<Field, QStringList> problems;
    for (const auto& problem : config::checkChannelSettings(form, paths)) {
        const QString text = fromStd(problem.text);
        const QString detail = fromStd(problem.detail);
        QString message;
        switch (problem.kind) {
        case Kind::EmptyEntry:
            message = problem.field == Field::Channels
                          ? tr("Entry %1 is empty: type a channel name or URL, or remove it.")
                                .arg(problem.index)
                          : tr("Entry %1 is empty: type a URL, or remove it.").arg(problem.index);
            break;
        case Kind::NotAChannel:
            message = problem.field == Field::Channels
                          ? tr("“%1” is not a channel: %2").arg(text, detail)
                          : tr("“%1” is not a channel URL: %2").arg(text, detail);
            break;
        case Kind::ListedTwice:
            message = tr("“%1” is listed twice.").arg(text);
            break;
        case Kind::NotAUrl:
            message = problem.field == Field::ChannelAlias
                          ? tr("“%1” is not a URL. Type the server's address, e.g. "
                               "https://mirror.example.com/anaconda/cloud.")
                                .arg(text)
                          : tr("Row %1: “%2” is not a URL.").arg(problem.index).arg(text);
            break;
        case Kind::NoName:
            message = tr("Row %1 has no channel name.").arg(problem.index);
            break;
        case Kind::NotAName:
            message = tr("Row %1: “%2” is not a channel name.").arg(problem.index).arg(text);
            break;
        case Kind::NameTwice:
            message = tr("Row %1: “%2” is listed twice.").arg(problem.index).arg(text);
            break;
        case Kind::NoUrl:
            message = tr("Row %1 has no URL.").arg(problem.index);
            break;
        case Kind::NotAProxy:
            message = tr("“%1” is not a proxy URL; it needs a scheme and a host, e.g. "
                         "http://proxy.example.com:3128.")
                          .arg(text);
            break;
        case Kind::NoCaBundle:
            message = tr("Choose the CA bundle file.");
            break;
        case Kind::MissingCaBundle:
            message = tr("%1 does not exist.").arg(text);
            break;
        }
        problems[problem.field] << message;
    }
    // Only fields with a problem have an entry so far (the lookups below add empty ones).
    m_valid = problems.empty();
    const std::pair<Field, QLabel*> labels[] = {{Field::Channels, m_channelsProblem},
                                                {Field::ChannelAlias, m_aliasProblem},
                                                {Field::DefaultChannels, m_defaultsProblem},
                                                {Field::CustomChannels, m_customProblem},
                                                {Field::Proxies, m_proxyProblem},
                                                {Field::SslVerify, m_sslProblem}};
    for (const auto& [field, label] : labels) {
        showProblems(label, problems[field]);
    }
}

void ChannelSettingsPage::rebuildPreview()
{
    const config::ChannelSettings edited = settings();
    // What the preview shows: the channels people ask about, then the list's own.
    std::vector<std::string> names = {"conda-forge", "pytorch", "defaults"};
    for (const auto& channel : edited.channels) {
        if (channel != "nodefaults"
            && std::find(names.begin(), names.end(), channel) == names.end()) {
            names.push_back(channel);
        }
    }

    m_resolved->clear();
    std::vector<std::string> urls;
    specs::ChannelContext context = edited.channelContext();
    context.paths = {m_inputs.homeDir, m_inputs.currentDir};
    auto resolver = specs::ChannelResolver::create(std::move(context));
    if (!resolver) {
        showProblems(
            m_resolveProblem,
            {tr("These settings cannot be resolved: %1").arg(errorText(resolver.error()))});
    } else {
        showProblems(m_resolveProblem, {});
        for (const auto& name : names) {
            auto* top = new QTreeWidgetItem(m_resolved);
            top->setText(Column::ChannelColumn, fromStd(name));
            auto channels = resolver->resolve(name);
            if (!channels) {
                top->setText(Column::StatusColumn, tr("Not a channel"));
                top->setToolTip(Column::StatusColumn, errorText(channels.error()));
                continue;
            }
            const bool multi = channels->size() != 1 || name == "defaults";
            for (const auto& channel : *channels) {
                QTreeWidgetItem* leaf = top;
                if (multi) {
                    leaf = new QTreeWidgetItem(top);
                    leaf->setText(Column::ChannelColumn, fromStd(channel.name));
                }
                const std::string url = channels::probeUrlFor(channel);
                leaf->setText(Column::UrlColumn,
                              fromStd(specs::maskSecrets(channel.mirrorBaseUrls.empty()
                                                             ? channel.baseUrl
                                                             : channel.mirrorBaseUrls.front())));
                leaf->setToolTip(Column::UrlColumn, fromStd(specs::maskSecrets(url)));
                leaf->setData(Column::ChannelColumn, kProbeUrlRole, fromStd(url));
                urls.push_back(url);
            }
            if (multi && channels->empty()) {
                top->setText(Column::StatusColumn, tr("No channels"));
            }
        }
        m_resolved->expandAll();
        // Wide enough for the names, but never at the URLs' expense.
        m_resolved->resizeColumnToContents(Column::ChannelColumn);
        const int wanted = m_resolved->columnWidth(Column::ChannelColumn) + 8;
        const int limit = m_resolved->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 28;
        m_resolved->header()->resizeSection(Column::ChannelColumn,
                                            std::clamp(wanted, limit / 2, limit));
    }

    // Results stay while the URLs do; a change of URLs makes the running test moot.
    if (urls != m_probeUrls) {
        if (isTesting()) {
            m_probeTask->cancel();
            ++m_probeGeneration;
            m_probeSummary->clear();
        }
        m_probeUrls = urls;
        m_probeResults.clear();
        m_probePending.clear();
        m_probeCancelled = false;
        m_probeSummary->clear();
    }
    double slowest = 0;
    for (const auto& [url, result] : m_probeResults) {
        slowest = std::max(slowest, result.firstByteMs.value_or(0));
    }
    m_latency->setScale(slowest);
    for (QTreeWidgetItemIterator it(m_resolved); *it != nullptr; ++it) {
        const QString url = (*it)->data(Column::ChannelColumn, kProbeUrlRole).toString();
        if (url.isEmpty()) {
            continue;
        }
        const std::string key = url.toStdString();
        const auto found = m_probeResults.find(key);
        if (found != m_probeResults.end()) {
            showProbeStatus(*it, &found->second);
        } else if (m_probePending.contains(key)) {
            showProbeStatus(*it, nullptr);
        }
    }
}

void ChannelSettingsPage::updatePresetChoice()
{
    const config::MirrorPreset* preset = config::matchingPreset(settings());
    const QString id = preset != nullptr ? fromStd(preset->id) : QString();
    {
        const QSignalBlocker blocker(m_preset);
        m_preset->setCurrentIndex(std::max(0, m_preset->findData(id)));
    }
    updatePresetNote();
}

void ChannelSettingsPage::updatePresetNote()
{
    const QString id = m_preset->currentData().toString();
    const config::MirrorPreset* preset =
        id.isEmpty() ? nullptr : config::findMirrorPreset(id.toStdString());
    if (preset == nullptr) {
        m_presetNote->setText(tr("The settings below match no preset."));
    } else if (preset->root.empty()) {
        m_presetNote->setText(
            tr("defaults from repo.anaconda.com, every other channel from conda.anaconda.org. "
               "Anaconda's terms of service may require a paid licence for defaults in larger "
               "organisations."));
    } else {
        QStringList mirrored;
        for (const auto& [name, url] : preset->customChannels) {
            mirrored << fromStd(name);
        }
        m_presetNote->setText(tr("defaults from %1/pkgs; %2 from %1/cloud; every other channel "
                                 "from conda.anaconda.org.")
                                  .arg(fromStd(preset->root), mirrored.join(QStringLiteral(", "))));
    }
}

void ChannelSettingsPage::updateButtons()
{
    const bool testing = isTesting();
    m_test->setEnabled(!testing && !m_probeUrls.empty());
    m_cancelTest->setEnabled(testing);
    m_save->setEnabled(isValid() && !m_saving && hasUnsavedChanges());
    m_restore->setEnabled(!m_saving && !m_fileBroken);
    m_target->setEnabled(!m_saving);
    m_customRemove->setEnabled(m_custom->currentRow() >= 0);
}

void ChannelSettingsPage::updateStatus()
{
    const QString path = targetPath();
    QString text;
    bool problem = false;
    if (m_saving) {
        text = tr("Saving to %1…").arg(path);
    } else if (m_fileBroken) {
        text = tr("%1 cannot be edited here: %2. Fix it in a text editor, or choose another "
                  "file.")
                   .arg(path, m_loadError);
        problem = true;
    } else if (!m_saveError.isEmpty()) {
        text = tr("Could not save %1: %2").arg(path, m_saveError);
        problem = true;
    } else if (hasUnsavedChanges()) {
        text = isValid() ? tr("Unsaved changes; Save writes them to %1.").arg(path)
                         : tr("Unsaved changes. Fix the problems marked above to save them.");
    } else if (!m_lastSavedPath.isEmpty()) {
        text = tr("Saved to %1").arg(m_lastSavedPath);
    } else if (m_fileExisted) {
        text = tr("Showing %1").arg(path);
    } else {
        text = tr("%1 does not exist yet; Save creates it.").arg(path);
    }
    m_status->setText(text);
    if (problem) {
        QPalette warning = m_status->palette();
        warning.setColor(QPalette::WindowText, QColor(0xc0, 0x39, 0x2b));
        m_status->setPalette(warning);
    } else {
        m_status->setPalette(QPalette()); // inherit the theme's again
    }
}

void ChannelSettingsPage::applyPreset(const QString& id)
{
    const config::MirrorPreset* preset = config::findMirrorPreset(id.toStdString());
    if (preset == nullptr) {
        return;
    }
    setFields(config::applyPreset(settings(), *preset));
}

channels::ProbeOptions ChannelSettingsPage::probeOptions() const
{
    const config::ChannelSettings edited = settings();
    channels::ProbeOptions options;
    options.timeoutSecs = m_probeTimeout;
    options.proxies = edited.proxyServers;
    if (edited.sslVerify) {
        options.sslVerify = edited.sslVerify->enabled;
        if (edited.sslVerify->caBundle != "truststore") {
            options.caBundle = edited.sslVerify->caBundle;
        }
    }
    return options;
}

void ChannelSettingsPage::startTest()
{
    if (isTesting() || m_probeUrls.empty()) {
        return;
    }
    std::vector<std::string> urls;
    for (const auto& url : m_probeUrls) {
        if (std::find(urls.begin(), urls.end(), url) == urls.end()) {
            urls.push_back(url);
        }
    }
    m_probeResults.clear();
    m_probePending.clear();
    m_probeCancelled = false;
    for (const auto& url : urls) {
        m_probePending[url] = true;
    }
    m_latency->setScale(0);
    for (QTreeWidgetItemIterator it(m_resolved); *it != nullptr; ++it) {
        if (!(*it)->data(Column::ChannelColumn, kProbeUrlRole).toString().isEmpty()) {
            showProbeStatus(*it, nullptr);
        }
    }
    // Whole sentences per count, not "%n server(s)": the English needs no plural catalogue.
    m_probeSummary->setText(urls.size() == 1
                                ? tr("Testing 1 server…")
                                : tr("Testing %1 servers…").arg(static_cast<int>(urls.size())));

    const int generation = ++m_probeGeneration;
    const channels::ProbeOptions options = probeOptions();
    // Results come back one by one as each server answers; the page outlives the worker (its
    // destructor joins it), and a newer test or a cancel drops the late ones.
    m_probeTask->start([this, urls, options, generation](std::stop_token stop) {
        (void)channels::probeUrls(
            urls, options, stop,
            [this, &urls, generation](std::size_t index, const ProbeResult& result) {
                if (result.status == ProbeResult::Status::Cancelled) {
                    return;
                }
                QMetaObject::invokeMethod(
                    this,
                    [this, generation, url = urls[index], result] {
                        if (generation == m_probeGeneration) {
                            showProbeResult(url, result);
                        }
                    },
                    Qt::QueuedConnection);
            });
        return std::function<void()>([this, generation] {
            if (generation == m_probeGeneration) {
                finishTest();
            }
        });
    });
    updateButtons();
}

void ChannelSettingsPage::showProbeResult(const std::string& url, const ProbeResult& result)
{
    m_probePending.erase(url);
    m_probeResults[url] = result;
    double slowest = 0;
    for (const auto& [key, value] : m_probeResults) {
        slowest = std::max(slowest, value.firstByteMs.value_or(0));
    }
    m_latency->setScale(slowest);
    for (QTreeWidgetItemIterator it(m_resolved); *it != nullptr; ++it) {
        if ((*it)->data(Column::ChannelColumn, kProbeUrlRole).toString().toStdString() == url) {
            showProbeStatus(*it, &m_probeResults[url]);
        }
    }
    m_resolved->viewport()->update();
    Q_EMIT probeResult(fromStd(url));
}

void ChannelSettingsPage::showProbeStatus(QTreeWidgetItem* item, const ProbeResult* result)
{
    QStyle* style = this->style();
    if (result == nullptr) {
        item->setData(Column::LatencyColumn, kLatencyRole, QVariant());
        item->setText(Column::LatencyColumn, QString());
        item->setText(Column::StatusColumn, m_probeCancelled ? tr("Cancelled") : tr("Testing…"));
        item->setIcon(Column::StatusColumn, QIcon());
        item->setToolTip(Column::StatusColumn, QString());
        return;
    }
    if (result->firstByteMs) {
        item->setData(Column::LatencyColumn, kLatencyRole, *result->firstByteMs);
        item->setText(Column::LatencyColumn, formatMs(*result->firstByteMs));
    } else {
        item->setData(Column::LatencyColumn, kLatencyRole, QVariant());
        item->setText(Column::LatencyColumn, QStringLiteral("—"));
    }
    QString status;
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxWarning;
    switch (result->status) {
    case ProbeResult::Status::Available:
        status = tr("Available");
        icon = QStyle::SP_DialogApplyButton;
        break;
    case ProbeResult::Status::NotFound:
        //: A server answered but does not have this channel.
        status = tr("Not found (HTTP %1)").arg(result->httpStatus);
        if (result->httpStatus == 0) {
            status = tr("Not found");
        }
        break;
    case ProbeResult::Status::HttpError:
        status = result->httpStatus >= 500 ? tr("Server error (HTTP %1)").arg(result->httpStatus)
                                           : tr("Refused (HTTP %1)").arg(result->httpStatus);
        icon = QStyle::SP_MessageBoxCritical;
        break;
    case ProbeResult::Status::TimedOut:
        status = tr("Timed out");
        icon = QStyle::SP_MessageBoxCritical;
        break;
    case ProbeResult::Status::Failed:
        status = tr("Unreachable");
        icon = QStyle::SP_MessageBoxCritical;
        break;
    case ProbeResult::Status::Cancelled:
        status = tr("Cancelled");
        icon = QStyle::SP_BrowserStop;
        break;
    }
    item->setText(Column::StatusColumn, status);
    item->setIcon(Column::StatusColumn, style->standardIcon(icon));
    QString tip = fromStd(result->url);
    if (!result->detail.empty()) {
        tip = fromStd(result->detail) + QLatin1Char('\n') + tip;
    }
    item->setToolTip(Column::StatusColumn, tip);
    item->setToolTip(Column::LatencyColumn, tr("Time to the first byte of the answer"));
}

void ChannelSettingsPage::finishTest()
{
    int answered = 0;
    int replied = 0; // servers that answered at all, with the channel or without
    const std::string* fastest = nullptr;
    double fastestMs = 0;
    for (const auto& [url, result] : m_probeResults) {
        if (result.firstByteMs) {
            ++replied;
        }
        if (result.status == ProbeResult::Status::Available) {
            ++answered;
            if (result.firstByteMs && (fastest == nullptr || *result.firstByteMs < fastestMs)) {
                fastest = &url;
                fastestMs = *result.firstByteMs;
            }
        }
    }
    const int total = static_cast<int>(m_probeResults.size());
    QString summary = total == 1 ? (answered == 1 ? tr("The server has the channel.")
                                                  : tr("The server does not have the channel."))
                      : replied == 0
                          ? tr("No server answered: check the network connection and "
                               "the proxy.")
                          : tr("%1 of %2 servers have the channel.").arg(answered).arg(total);
    if (fastest != nullptr) {
        // The channel name of the fastest URL, as the tree shows it.
        QString name;
        for (QTreeWidgetItemIterator it(m_resolved); *it != nullptr; ++it) {
            if ((*it)->data(Column::ChannelColumn, kProbeUrlRole).toString().toStdString()
                == *fastest) {
                name = (*it)->text(Column::ChannelColumn);
                break;
            }
        }
        summary += QLatin1Char(' ') + tr("Fastest: %1 (%2).").arg(name, formatMs(fastestMs));
    }
    m_probeSummary->setText(summary);
    updateButtons();
    Q_EMIT testFinished();
}

void ChannelSettingsPage::cancelTest()
{
    if (!isTesting()) {
        return;
    }
    m_probeTask->cancel();
    ++m_probeGeneration;
    m_probeCancelled = true;
    for (QTreeWidgetItemIterator it(m_resolved); *it != nullptr; ++it) {
        const QString url = (*it)->data(Column::ChannelColumn, kProbeUrlRole).toString();
        if (!url.isEmpty() && m_probePending.contains(url.toStdString())) {
            showProbeStatus(*it, nullptr);
        }
    }
    const int answered = static_cast<int>(m_probeResults.size());
    m_probeSummary->setText(answered == 1
                                ? tr("Test cancelled; 1 server had answered.")
                                : tr("Test cancelled; %1 servers had answered.").arg(answered));
    updateButtons();
}

void ChannelSettingsPage::save()
{
    if (!isValid() || m_saving || !hasUnsavedChanges()) {
        return;
    }
    const QString path = targetPath();
    const config::ChannelSettings wanted = settings();
    m_saving = true;
    m_saveError.clear();
    updateButtons();
    updateStatus();
    m_saveTask->start([this, path, wanted](std::stop_token) {
        // The file is read again: someone may have changed it since it was shown.
        util::Result<config::ChannelSettings> written =
            [&]() -> util::Result<config::ChannelSettings> {
            auto editor = config::CondarcEditor::open(path.toStdString());
            if (!editor) {
                return editor.error();
            }
            if (auto edited = config::writeChannelSettings(*editor, wanted); !edited) {
                return edited.error();
            }
            if (auto stored = editor->save(); !stored) {
                return stored.error();
            }
            return config::ChannelSettings::fromContent(editor->content());
        }();
        return std::function<void()>([this, path, written] {
            m_saving = false;
            if (written) {
                m_loaded = *written;
                m_fileExisted = true;
                m_lastSavedPath = path;
                updateButtons();
                updateStatus();
                Q_EMIT saved(path);
                return;
            }
            m_saveError = errorText(written.error());
            updateButtons();
            updateStatus();
            Q_EMIT saveFailed(m_saveError);
        });
    });
}

void ChannelSettingsPage::restoreDefaults()
{
    confirm(tr("Restore defaults"),
            tr("Clear every setting on this page for %1? conda's defaults then apply: the "
               "defaults channel, conda.anaconda.org for every other channel, no proxy and "
               "certificate verification on. Nothing is written until you save.")
                .arg(targetPath()),
            tr("Restore defaults"), [this](bool yes) {
                if (!yes) {
                    return;
                }
                m_otherProxies.clear();
                setFields(config::ChannelSettings{});
            });
}

void ChannelSettingsPage::confirm(const QString& title, const QString& question,
                                  const QString& action, std::function<void(bool)> answer)
{
    if (m_confirm) {
        m_confirm(title, question, action, std::move(answer));
        return;
    }
    // Window-modal and asynchronous: no nested event loop, the rest of the app goes on.
    auto* box = new QMessageBox(QMessageBox::Question, title, question,
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->button(QMessageBox::Yes)->setText(action);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::finished, this,
            [answer = std::move(answer)](int result) { answer(result == QMessageBox::Yes); });
    box->open();
}

} // namespace envdesk::ui
