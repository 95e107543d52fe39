#pragma once

#include "core/channels/channel_probe.h"
#include "core/config/config.h"
#include "core/config/mirror_presets.h"

#include <QString>
#include <QWidget>

#include <functional>
#include <map>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace envdesk::ui {

class BackgroundTask;

class ListEditor;
class ValueBarDelegate;

// The Channels place: what one .condarc says about channels, edited with fields instead of
// YAML. A preset chooser fills in a well-known mirror (TUNA, BFSU, USTC, SJTU, Aliyun, NJU or
// the official servers); below it the channel list, channel_alias, default_channels,
// custom_channels, channel_priority, show_channel_urls, proxies and TLS verification.
//
// "Resolved URLs" shows, as the fields change and before anything is saved, where conda-forge,
// pytorch, defaults and every listed channel will be fetched from. Test asks each of those
// servers for the channel's noarch/repodata.json at once, on a worker, and fills in the time
// to the first byte and whether the channel is there; it can be cancelled.
//
// Save writes the file chosen in "Save to" (~/.condarc, the active environment's .condarc when
// $CONDA_PREFIX is set, or the root prefix's when it is writable) through CondarcEditor, so
// comments and keys the page does not manage stay, and says which path it wrote. Input that
// would not work (an empty channel, a URL that does not parse, a CA bundle that does not
// exist) is explained under its field and keeps Save disabled.
//
// Test API (objectNames): "presetCombo", "presetNote", "channelsList", "channelsInput",
// "channelsAdd", "channelsRemove", "channelsUp", "channelsDown", "channelsProblem",
// "aliasEdit", "aliasProblem", "defaultChannelsList", "defaultChannelsInput",
// "defaultChannelsAdd", "defaultChannelsProblem", "customChannelsTable", "customChannelsAdd",
// "customChannelsRemove", "customChannelsProblem", "priorityCombo", "showUrlsCombo",
// "httpProxyEdit", "httpsProxyEdit", "proxyProblem", "sslCombo", "caBundleEdit",
// "caBundleBrowse", "sslProblem", "resolvedUrls" (columns: channel, URL, latency, status),
// "resolveProblem", "testButton", "cancelTestButton", "probeSummary", "targetCombo",
// "statusLabel", "restoreDefaultsButton", "saveButton".
class ChannelSettingsPage : public QWidget {
    Q_OBJECT

public:
    // Asks before something is thrown away (Restore defaults, showing another file over unsaved
    // changes) and calls `answer` with the reply, later or at once. `action` names the button
    // that goes ahead. The default opens a window-modal message box; tests answer directly.
    using ConfirmFn = std::function<void(const QString& title, const QString& question,
                                         const QString& action, std::function<void(bool)> answer)>;

    // `inputs`: where the files are (the home folder, $CONDA_PREFIX, the root prefix); the app
    // gives its session's (SessionEnvironment::inputs()).
    explicit ChannelSettingsPage(config::ConfigInputs inputs, QWidget* parent = nullptr);
    ~ChannelSettingsPage() override;
    ChannelSettingsPage(const ChannelSettingsPage&) = delete;
    ChannelSettingsPage& operator=(const ChannelSettingsPage&) = delete;

    // Other inputs than the constructor's: re-reads the choices and shows the user's file.
    void setConfigInputs(const config::ConfigInputs& inputs);
    // A mirror preset's name as the window shows it, translated.
    [[nodiscard]] static QString presetTitle(const config::MirrorPreset& preset);
    void setConfirmHandler(ConfirmFn confirm);
    // How long one server may take to answer a Test (10 s by default).
    void setProbeTimeout(double seconds);

    // The settings as edited (what Save would write).
    [[nodiscard]] config::ChannelSettings settings() const;
    // The file Save writes.
    [[nodiscard]] QString targetPath() const;
    // The file the last successful Save wrote; empty before one.
    [[nodiscard]] QString lastSavedPath() const { return m_lastSavedPath; }
    [[nodiscard]] bool hasUnsavedChanges() const;
    // No field has a problem (and the file could be read).
    [[nodiscard]] bool isValid() const { return m_valid && !m_fileBroken; }
    [[nodiscard]] bool isTesting() const;
    [[nodiscard]] bool isSaving() const { return m_saving; }

    // What the buttons do.
    void applyPreset(const QString& id);
    void startTest();
    void cancelTest();
    void save();
    void restoreDefaults();

Q_SIGNALS:
    // One server answered (or did not) during a Test.
    void probeResult(const QString& url);
    void testFinished();
    void saved(const QString& path);
    void saveFailed(const QString& message);

private:
    struct Target {
        QString label;
        QString path;
    };

    void buildUi();
    void refreshTargets();
    void onTargetChosen(int index);
    void load();
    void setFields(const config::ChannelSettings& settings);
    void onEdited();
    void validate();
    void rebuildPreview();
    void updatePresetChoice();
    void updatePresetNote();
    void updateButtons();
    void updateStatus();
    void showProbeResult(const std::string& url, const channels::ProbeResult& result);
    void showProbeStatus(QTreeWidgetItem* item, const channels::ProbeResult* result);
    void finishTest();
    [[nodiscard]] channels::ProbeOptions probeOptions() const;
    [[nodiscard]] QString displayPath(const QString& path) const;
    void confirm(const QString& title, const QString& question, const QString& action,
                 std::function<void(bool)> answer);

    config::ConfigInputs m_inputs;
    std::vector<Target> m_targets;
    int m_targetIndex = -1;
    config::ChannelSettings m_loaded; // what the file says (as read, or as last saved)
    bool m_fileExisted = false;
    bool m_fileBroken = false;
    QString m_loadError;
    QString m_saveError;
    QString m_lastSavedPath;
    // proxy_servers entries other than http and https: kept as the file has them.
    std::map<std::string, std::string> m_otherProxies;
    bool m_loading = false;
    bool m_valid = true;
    bool m_saving = false;
    ConfirmFn m_confirm;
    double m_probeTimeout = 10;

    // Test: the probe URL of every leaf row, and the last result for each URL.
    std::vector<std::string> m_probeUrls;
    std::map<std::string, channels::ProbeResult> m_probeResults;
    std::map<std::string, bool> m_probePending;
    int m_probeGeneration = 0;
    bool m_probeCancelled = false;

    QComboBox* m_preset = nullptr;
    QLabel* m_presetNote = nullptr;
    ListEditor* m_channels = nullptr;
    QLabel* m_channelsProblem = nullptr;
    QLineEdit* m_alias = nullptr;
    QLabel* m_aliasProblem = nullptr;
    ListEditor* m_defaults = nullptr;
    QLabel* m_defaultsProblem = nullptr;
    QTableWidget* m_custom = nullptr;
    QPushButton* m_customAdd = nullptr;
    QPushButton* m_customRemove = nullptr;
    QLabel* m_customProblem = nullptr;
    QComboBox* m_priority = nullptr;
    QComboBox* m_showUrls = nullptr;
    QLineEdit* m_httpProxy = nullptr;
    QLineEdit* m_httpsProxy = nullptr;
    QLabel* m_proxyProblem = nullptr;
    QComboBox* m_ssl = nullptr;
    QLineEdit* m_caBundle = nullptr;
    QToolButton* m_caBrowse = nullptr;
    QLabel* m_sslProblem = nullptr;
    QTreeWidget* m_resolved = nullptr;
    ValueBarDelegate* m_latency = nullptr;
    QLabel* m_resolveProblem = nullptr;
    QPushButton* m_test = nullptr;
    QPushButton* m_cancelTest = nullptr;
    QLabel* m_probeSummary = nullptr;
    QComboBox* m_target = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_restore = nullptr;
    QPushButton* m_save = nullptr;
    BackgroundTask* m_probeTask = nullptr;
    BackgroundTask* m_saveTask = nullptr;
};

} // namespace envdesk::ui
