// The Channels place on the offscreen platform, in a temporary home (never the real ~/.condarc):
// presets fill the fields, the preview resolves the edited settings before saving, Test probes
// loopback servers (a fast one, a slow one, a 404, a 500, a silent one) and can be cancelled,
// Save keeps the file's comments and unknown keys, and bad input blocks Save with a reason.

#include "core/channels/channel_probe.h"
#include "core/config/config.h"
#include "core/config/mirror_presets.h"
#include "tests/support/fault_http_server.h"
#include "tests/support/python_http_server.h"
#include "ui/channels/channel_settings_page.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMutex>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>

using envdesk::test::FaultHttpServer;
using envdesk::test::FaultResponse;
using envdesk::ui::ChannelSettingsPage;
namespace channels = envdesk::channels;
namespace config = envdesk::config;

namespace {

// Every variable a test here sets, restored at the end.
constexpr const char* kVariables[] = {
    "HOME",         "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "ENVDESK_CONDARC_SYSTEM_DIRS",
    "CONDA_PREFIX", "CONDA_ROOT",     "CONDA_EXE",       "CONDARC",
};

// An HTTP server on 127.0.0.1 that answers every request with 200 after a delay: a mirror far
// away. Its own thread, so that a blocking probe on the test's thread still gets answers.
class SlowHttpServer {
public:
    explicit SlowHttpServer(int delayMs)
        : m_delayMs(delayMs)
    {
        m_server = new QTcpServer;
        m_server->moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(
            m_server,
            [this] {
                QObject::connect(m_server, &QTcpServer::newConnection, m_server,
                                 [this] { onNewConnection(); });
                if (m_server->listen(QHostAddress::LocalHost, 0)) {
                    m_port = m_server->serverPort();
                }
            },
            Qt::BlockingQueuedConnection);
    }

    ~SlowHttpServer()
    {
        QMetaObject::invokeMethod(
            m_server,
            [this] {
                m_server->close();
                const auto sockets = m_server->findChildren<QTcpSocket*>();
                for (QTcpSocket* socket : sockets) {
                    socket->abort();
                    delete socket;
                }
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete m_server;
    }

    SlowHttpServer(const SlowHttpServer&) = delete;
    SlowHttpServer& operator=(const SlowHttpServer&) = delete;

    [[nodiscard]] bool isListening() const { return m_port != 0; }
    [[nodiscard]] QString url(const QString& path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
    }
    [[nodiscard]] int hits() const { return m_hits; }

private:
    void onNewConnection()
    {
        while (QTcpSocket* socket = m_server->nextPendingConnection()) {
            socket->setParent(m_server);
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                buffer->append(socket->readAll());
                if (!buffer->contains("\r\n\r\n") || socket->property("answering").toBool()) {
                    return;
                }
                socket->setProperty("answering", true);
                ++m_hits;
                QTimer::singleShot(m_delayMs, socket, [socket] {
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                  "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
                    socket->disconnectFromHost();
                });
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    int m_delayMs = 0;
    QThread m_thread;
    QTcpServer* m_server = nullptr;
    quint16 m_port = 0;
    std::atomic<int> m_hits{0};
};

FaultResponse ok(const QByteArray& body)
{
    FaultResponse response;
    response.body = body;
    return response;
}

FaultResponse withStatus(int status)
{
    FaultResponse response;
    response.status = status;
    response.body = "nope";
    return response;
}

FaultResponse silent()
{
    FaultResponse response;
    response.fault = FaultResponse::Fault::Silent;
    return response;
}

template <typename T>
T* child(const QWidget& page, const char* name)
{
    T* widget = page.findChild<T*>(QLatin1String(name));
    if (widget == nullptr) {
        qFatal("no widget named %s", name);
    }
    return widget;
}

void choosePreset(const ChannelSettingsPage& page, const char* id)
{
    auto* combo = child<QComboBox>(page, "presetCombo");
    combo->setCurrentIndex(combo->findData(QLatin1String(id)));
}

QStringList listItems(const ChannelSettingsPage& page, const char* name)
{
    auto* list = child<QListWidget>(page, name);
    QStringList out;
    for (int row = 0; row < list->count(); ++row) {
        out << list->item(row)->text();
    }
    return out;
}

// custom_channels as the table shows them, "name=url".
QStringList customRows(const ChannelSettingsPage& page)
{
    auto* table = child<QTableWidget>(page, "customChannelsTable");
    QStringList out;
    for (int row = 0; row < table->rowCount(); ++row) {
        out << table->item(row, 0)->text() + QLatin1Char('=') + table->item(row, 1)->text();
    }
    return out;
}

void addCustomChannel(const ChannelSettingsPage& page, const QString& name, const QString& url)
{
    auto* table = child<QTableWidget>(page, "customChannelsTable");
    child<QPushButton>(page, "customChannelsAdd")->click();
    const int row = table->rowCount() - 1;
    table->item(row, 0)->setText(name);
    table->item(row, 1)->setText(url);
}

void addToList(const ChannelSettingsPage& page, const char* prefix, const QString& text)
{
    child<QLineEdit>(page, (QByteArray(prefix) + "Input").constData())->setText(text);
    child<QPushButton>(page, (QByteArray(prefix) + "Add").constData())->click();
}

// The row of "Resolved URLs" whose channel column reads `name` (a top-level channel or a
// member of a multichannel).
QTreeWidgetItem* resolvedRow(const ChannelSettingsPage& page, const QString& name)
{
    auto* tree = child<QTreeWidget>(page, "resolvedUrls");
    for (QTreeWidgetItemIterator it(tree); *it != nullptr; ++it) {
        if ((*it)->text(0) == name) {
            return *it;
        }
    }
    return nullptr;
}

QString resolvedUrl(const ChannelSettingsPage& page, const QString& name)
{
    const QTreeWidgetItem* row = resolvedRow(page, name);
    return row != nullptr ? row->text(1) : QStringLiteral("<no row %1>").arg(name);
}

QString statusOf(const ChannelSettingsPage& page, const QString& name)
{
    const QTreeWidgetItem* row = resolvedRow(page, name);
    return row != nullptr ? row->text(3) : QStringLiteral("<no row %1>").arg(name);
}

std::optional<double> latencyOf(const ChannelSettingsPage& page, const QString& name)
{
    const QTreeWidgetItem* row = resolvedRow(page, name);
    const QVariant value = row != nullptr ? row->data(2, Qt::UserRole + 1) : QVariant();
    return value.isValid() ? std::optional<double>(value.toDouble()) : std::nullopt;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        qFatal("cannot write %s", qPrintable(path));
    }
    file.write(bytes);
}

const QString kTuna = QStringLiteral("https://mirrors.tuna.tsinghua.edu.cn/anaconda");

} // namespace

class TestChannelSettings : public QObject {
    Q_OBJECT

private:
    std::map<QByteArray, std::optional<QByteArray>> m_saved;
    std::unique_ptr<QTemporaryDir> m_root;
    QString m_home;

    // Points the fast loopback server's channels at `fault`: conda-forge answers, pytorch goes
    // to the slow server, defaults has a channel the server lacks (404) and a failing one (500).
    void configureLoopback(ChannelSettingsPage& page, FaultHttpServer& fault, SlowHttpServer& slow)
    {
        fault.script("/conda-forge/noarch/repodata.json", {ok("{}")});
        fault.script("/pkgs/r/noarch/repodata.json", {withStatus(500)});
        addCustomChannel(page, QStringLiteral("conda-forge"), fault.url(""));
        addCustomChannel(page, QStringLiteral("pytorch"), slow.url(QString()));
        addToList(page, "defaultChannels", fault.url("/pkgs/main"));
        addToList(page, "defaultChannels", fault.url("/pkgs/r"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        for (const char* name : kVariables) {
            m_saved[name] = qEnvironmentVariableIsSet(name)
                                ? std::optional<QByteArray>(qgetenv(name))
                                : std::nullopt;
        }
    }

    void cleanupTestCase()
    {
        for (const auto& [name, value] : m_saved) {
            if (value) {
                qputenv(name.constData(), *value);
            } else {
                qunsetenv(name.constData());
            }
        }
    }

    // Each case gets a fresh home with no .condarc and no conda around.
    void init()
    {
        m_root = std::make_unique<QTemporaryDir>();
        QVERIFY(m_root->isValid());
        m_home = m_root->filePath(QStringLiteral("home"));
        QVERIFY(QDir().mkpath(m_home));
        qputenv("HOME", m_home.toUtf8());
        qputenv("XDG_CACHE_HOME", m_root->filePath(QStringLiteral("cache")).toUtf8());
        qputenv("XDG_CONFIG_HOME", m_root->filePath(QStringLiteral("config")).toUtf8());
        qputenv("ENVDESK_CONDARC_SYSTEM_DIRS", "");
        for (const char* name : {"CONDA_PREFIX", "CONDA_ROOT", "CONDA_EXE", "CONDARC"}) {
            qunsetenv(name);
        }
    }

    void presetsFillTheFields()
    {
        ChannelSettingsPage page(config::ConfigInputs::fromProcess());
        QCOMPARE(child<QComboBox>(page, "presetCombo")->currentData().toString(),
                 QStringLiteral("official"));
        choosePreset(page, "tuna");
        QCOMPARE(
            listItems(page, "defaultChannelsList"),
            (QStringList{kTuna + QStringLiteral("/pkgs/main"), kTuna + QStringLiteral("/pkgs/r"),
                         kTuna + QStringLiteral("/pkgs/msys2")}));
        QCOMPARE(customRows(page),
                 (QStringList{QStringLiteral("conda-forge=") + kTuna + QStringLiteral("/cloud"),
                              QStringLiteral("pytorch=") + kTuna + QStringLiteral("/cloud")}));
        QVERIFY(child<QLineEdit>(page, "aliasEdit")->text().isEmpty());
        QVERIFY(child<QLabel>(page, "presetNote")->text().contains(kTuna));
        QVERIFY(page.hasUnsavedChanges());

        // Another mirror replaces TUNA's entries but keeps the user's own.
        addCustomChannel(page, QStringLiteral("team"), QStringLiteral("https://conda.example.com"));
        choosePreset(page, "sjtu");
        QCOMPARE(listItems(page, "defaultChannelsList"),
                 (QStringList{QStringLiteral("https://mirror.sjtu.edu.cn/anaconda/pkgs/main"),
                              QStringLiteral("https://mirror.sjtu.edu.cn/anaconda/pkgs/r")}));
        QCOMPARE(
            customRows(page),
            (QStringList{QStringLiteral("conda-forge=https://mirror.sjtu.edu.cn/anaconda/cloud"),
                         QStringLiteral("pytorch=https://mirror.sjtu.edu.cn/anaconda/cloud"),
                         QStringLiteral("team=https://conda.example.com")}));

        choosePreset(page, "official");
        QVERIFY(listItems(page, "defaultChannelsList").isEmpty());
        QCOMPARE(customRows(page), QStringList{QStringLiteral("team=https://conda.example.com")});

        // Editing a field by hand makes the chooser say "Custom".
        choosePreset(page, "bfsu");
        addToList(page, "defaultChannels", QStringLiteral("https://example.com/pkgs/extra"));
        QVERIFY(child<QComboBox>(page, "presetCombo")->currentData().toString().isEmpty());
    }

    void previewShowsTheEditedUrls()
    {
        ChannelSettingsPage page(config::ConfigInputs::fromProcess());
        QCOMPARE(resolvedUrl(page, QStringLiteral("conda-forge")),
                 QStringLiteral("https://conda.anaconda.org/conda-forge"));
        QCOMPARE(resolvedUrl(page, QStringLiteral("pkgs/main")),
                 QStringLiteral("https://repo.anaconda.com/pkgs/main"));

        choosePreset(page, "tuna");
        QCOMPARE(resolvedUrl(page, QStringLiteral("conda-forge")),
                 kTuna + QStringLiteral("/cloud/conda-forge"));
        QCOMPARE(resolvedUrl(page, QStringLiteral("pytorch")),
                 kTuna + QStringLiteral("/cloud/pytorch"));
        // conda names a mirror's default channel by its path: anaconda/pkgs/main.
        QCOMPARE(resolvedUrl(page, QStringLiteral("anaconda/pkgs/main")),
                 kTuna + QStringLiteral("/pkgs/main"));
        QCOMPARE(resolvedUrl(page, QStringLiteral("anaconda/pkgs/msys2")),
                 kTuna + QStringLiteral("/pkgs/msys2"));
        const QTreeWidgetItem* main = resolvedRow(page, QStringLiteral("anaconda/pkgs/main"));
        QVERIFY(main->parent() != nullptr);
        QCOMPARE(main->parent()->text(0), QStringLiteral("defaults"));
        QVERIFY(main->toolTip(1).endsWith(QStringLiteral("/noarch/repodata.json")));

        // A listed channel the mirror does not carry, then the alias that sends it there.
        addToList(page, "channels", QStringLiteral("bioconda"));
        QCOMPARE(resolvedUrl(page, QStringLiteral("bioconda")),
                 QStringLiteral("https://conda.anaconda.org/bioconda"));
        child<QLineEdit>(page, "aliasEdit")->setText(kTuna + QStringLiteral("/cloud"));
        QCOMPARE(resolvedUrl(page, QStringLiteral("bioconda")),
                 kTuna + QStringLiteral("/cloud/bioconda"));
        // Nothing was written: the preview is of the fields.
        QVERIFY(!QFile::exists(m_home + QStringLiteral("/.condarc")));
    }

    void testReportsEachServer()
    {
        FaultHttpServer fault;
        SlowHttpServer slow(600);
        QVERIFY(fault.isListening());
        QVERIFY(slow.isListening());
        ChannelSettingsPage page(config::ConfigInputs::fromProcess());
        configureLoopback(page, fault, slow);
        QCOMPARE(resolvedUrl(page, QStringLiteral("conda-forge")), fault.url("/conda-forge"));

        QSignalSpy finished(&page, &ChannelSettingsPage::testFinished);
        auto* test = child<QPushButton>(page, "testButton");
        QVERIFY(test->isEnabled());
        QVERIFY(!child<QPushButton>(page, "cancelTestButton")->isEnabled());
        test->click();
        QVERIFY(page.isTesting());
        QVERIFY(!test->isEnabled());
        QVERIFY(child<QPushButton>(page, "cancelTestButton")->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QVERIFY(!page.isTesting());

        QCOMPARE(statusOf(page, QStringLiteral("conda-forge")), QStringLiteral("Available"));
        QCOMPARE(statusOf(page, QStringLiteral("pytorch")), QStringLiteral("Available"));
        QCOMPARE(statusOf(page, QStringLiteral("pkgs/main")),
                 QStringLiteral("Not found (HTTP 404)"));
        QCOMPARE(statusOf(page, QStringLiteral("pkgs/r")),
                 QStringLiteral("Server error (HTTP 500)"));
        const auto fast = latencyOf(page, QStringLiteral("conda-forge"));
        const auto far = latencyOf(page, QStringLiteral("pytorch"));
        QVERIFY(fast && far);
        QVERIFY2(*far >= 550, qPrintable(QString::number(*far)));
        QVERIFY2(*fast < *far, qPrintable(QStringLiteral("%1 vs %2").arg(*fast).arg(*far)));
        QVERIFY(resolvedRow(page, QStringLiteral("conda-forge"))
                    ->text(2)
                    .endsWith(QStringLiteral(" ms")));
        // A server that answers 404 or 500 still has a time to its first byte.
        QVERIFY(latencyOf(page, QStringLiteral("pkgs/r")).has_value());
        const QString summary = child<QLabel>(page, "probeSummary")->text();
        QVERIFY2(summary.startsWith(QStringLiteral("2 of 4 servers")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("Fastest: conda-forge")), qPrintable(summary));

        // One small request per channel: a GET for the first byte of noarch/repodata.json.
        const auto requests = fault.requests("/conda-forge/noarch/repodata.json");
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.front().method, QByteArray("GET"));
        QCOMPARE(requests.front().header("Range"), QByteArray("bytes=0-0"));
        QCOMPARE(slow.hits(), 1);

        // Editing something the URLs do not depend on keeps the results.
        child<QComboBox>(page, "priorityCombo")->setCurrentIndex(1);
        QCOMPARE(statusOf(page, QStringLiteral("conda-forge")), QStringLiteral("Available"));
        // Changing a URL clears them.
        child<QTableWidget>(page, "customChannelsTable")
            ->item(0, 1)
            ->setText(fault.url("/elsewhere"));
        QCOMPARE(statusOf(page, QStringLiteral("conda-forge")), QString());
    }

    // In the space a 1024x700 window leaves the page, the resolved URLs get room for many rows
    // and the URL column is not squeezed to nothing.
    void resolvedUrlsAreReadableInASmallWindow()
    {
        ChannelSettingsPage page(config::ConfigInputs::fromProcess());
        page.resize(890, 640);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto* tabs = child<QTabWidget>(page, "urlTabs");
        tabs->setCurrentIndex(1);
        auto* tree = child<QTreeWidget>(page, "resolvedUrls");
        QTRY_VERIFY(tree->isVisible());
        const int row = tree->fontMetrics().height();
        QVERIFY2(tree->viewport()->height() >= 12 * row,
                 qPrintable(QString::number(tree->viewport()->height())));
        QVERIFY2(tree->header()->sectionSize(1) >= 180,
                 qPrintable(QString::number(tree->header()->sectionSize(1))));
    }

    // Every server unreachable: the summary says none answered, not "0 of 5 have the channel".
    void noServerAnsweringIsSaidSo()
    {
        const QString closed =
            QStringLiteral("http://127.0.0.1:%1").arg(envdesk::test::freeLoopbackPort());
        ChannelSettingsPage page(config::ConfigInputs::fromProcess());
        addCustomChannel(page, QStringLiteral("conda-forge"), closed);
        addToList(page, "defaultChannels", closed + QStringLiteral("/pkgs/main"));
        QSignalSpy finished(&page, &ChannelSettingsPage::testFinished);
        child<QPushButton>(page, "testButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        const QString summary = child<QLabel>(page, "probeSummary")->text();
        QVERIFY2(summary.startsWith(QStringLiteral("No server answered")), qPrintable(summary));
    }

    void cancellingStopsTheTest()
    {
        FaultHttpServer fault;
        QVERIFY(fault.isListening());
        fault.script("/conda-forge/noarch/repodata.json", {silent()});
        auto page = std::make_unique<ChannelSettingsPage>(config::ConfigInputs::fromProcess());
        page->setProbeTimeout(3600); // longer than the test's own timeout
        addCustomChannel(*page, QStringLiteral("conda-forge"), fault.url(""));
        QSignalSpy finished(page.get(), &ChannelSettingsPage::testFinished);
        child<QPushButton>(*page, "testButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(fault.hits("/conda-forge/noarch/repodata.json"), 1, 10000);
        QCOMPARE(statusOf(*page, QStringLiteral("conda-forge")), QStringLiteral("Testing…"));

        child<QPushButton>(*page, "cancelTestButton")->click();
        QVERIFY(!page->isTesting());
        QCOMPARE(statusOf(*page, QStringLiteral("conda-forge")), QStringLiteral("Cancelled"));
        QVERIFY(child<QPushButton>(*page, "testButton")->isEnabled());
        QVERIFY(!child<QPushButton>(*page, "cancelTestButton")->isEnabled());
        QVERIFY(child<QLabel>(*page, "probeSummary")
                    ->text()
                    .startsWith(QStringLiteral("Test cancelled")));
        // The cancelled run reports nothing, and closing the page does not wait for the silent
        // server (which holds the request for longer than the test's own timeout).
        QCoreApplication::processEvents();
        QCOMPARE(finished.count(), 0);
        QCOMPARE(statusOf(*page, QStringLiteral("conda-forge")), QStringLiteral("Cancelled"));
        page.reset();
    }

    // The core probe on its own: every outcome, and a stop from another thread.
    void probeOutcomes()
    {
        FaultHttpServer fault;
        QVERIFY(fault.isListening());
        fault.script("/ok/noarch/repodata.json", {ok("{\"packages\": {}}")});
        fault.script("/gone/noarch/repodata.json", {withStatus(410)});
        fault.script("/forbidden/noarch/repodata.json", {withStatus(403)});
        fault.script("/silent/noarch/repodata.json", {silent()});
        FaultResponse moved = withStatus(302);
        moved.headers.append({"Location", fault.url("/ok/noarch/repodata.json").toUtf8()});
        fault.script("/moved/noarch/repodata.json", {moved});
        QTemporaryDir local;
        writeAll(local.filePath(QStringLiteral("chan/noarch/repodata.json")), "{}");
        const quint16 closed = envdesk::test::freeLoopbackPort();

        const std::vector<std::string> urls = {
            fault.url("/ok/noarch/repodata.json").toStdString(),
            fault.url("/gone/noarch/repodata.json").toStdString(),
            fault.url("/forbidden/noarch/repodata.json").toStdString(),
            fault.url("/silent/noarch/repodata.json").toStdString(),
            fault.url("/moved/noarch/repodata.json").toStdString(),
            QStringLiteral("http://127.0.0.1:%1/x/noarch/repodata.json").arg(closed).toStdString(),
            "file://" + local.filePath(QStringLiteral("chan/noarch/repodata.json")).toStdString(),
            "file://" + local.filePath(QStringLiteral("none/noarch/repodata.json")).toStdString(),
        };
        channels::ProbeOptions options;
        options.timeoutSecs = 1;
        std::vector<std::size_t> order;
        const auto results = channels::probeUrls(
            urls, options, {}, [&](std::size_t index, const auto&) { order.push_back(index); });
        QCOMPARE(results.size(), urls.size());
        QCOMPARE(order.size(), urls.size());
        using Status = channels::ProbeResult::Status;
        QCOMPARE(results[0].status, Status::Available);
        QCOMPARE(results[0].httpStatus, 200L);
        QVERIFY(results[0].firstByteMs.has_value());
        QCOMPARE(results[1].status, Status::NotFound);
        QCOMPARE(results[1].detail, std::string("HTTP 410"));
        QCOMPARE(results[2].status, Status::HttpError);
        QCOMPARE(results[2].httpStatus, 403L);
        QCOMPARE(results[3].status, Status::TimedOut);
        QCOMPARE(results[3].detail, std::string("no answer within 1 s"));
        QVERIFY(!results[3].firstByteMs.has_value());
        QCOMPARE(results[4].status, Status::Available);
        QCOMPARE(results[4].url, fault.url("/ok/noarch/repodata.json").toStdString());
        QCOMPARE(results[5].status, Status::Failed);
        QVERIFY(!results[5].detail.empty());
        QCOMPARE(results[6].status, Status::Available);
        QCOMPARE(results[7].status, Status::NotFound);

        // HEAD works as well.
        options.head = true;
        const auto head = channels::probeUrls({urls[0]}, options, {});
        QCOMPARE(head.front().status, Status::Available);
        QCOMPARE(fault.requests("/ok/noarch/repodata.json").back().method, QByteArray("HEAD"));

        // A stop from another thread ends a probe of a silent server: the result says Cancelled,
        // not a timeout (and the limit is longer than the test's own timeout).
        options.head = false;
        options.timeoutSecs = 3600;
        std::stop_source stop;
        std::thread stopper([&stop] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            stop.request_stop();
        });
        const auto stopped = channels::probeUrls({urls[3]}, options, stop.get_token());
        stopper.join();
        QCOMPARE(stopped.front().status, Status::Cancelled);
    }

    void saveKeepsCommentsAndUnknownKeys()
    {
        const QString path = m_home + QStringLiteral("/.condarc");
        writeAll(path, "# my settings, by hand\n"
                       "channels:\n"
                       "  - conda-forge  # first!\n"
                       "  - defaults\n"
                       "auto_activate_base: false\n"
                       "ssl_verify: true\n");
        ChannelSettingsPage page(config::ConfigInputs::fromProcess());
        QCOMPARE(listItems(page, "channelsList"),
                 (QStringList{QStringLiteral("conda-forge"), QStringLiteral("defaults")}));
        QCOMPARE(child<QComboBox>(page, "sslCombo")->currentData().toString(),
                 QStringLiteral("true"));
        QCOMPARE(page.targetPath(), path);
        QVERIFY(!child<QPushButton>(page, "saveButton")->isEnabled()); // nothing to save yet

        choosePreset(page, "tuna");
        child<QComboBox>(page, "priorityCombo")
            ->setCurrentIndex(
                child<QComboBox>(page, "priorityCombo")->findData(QStringLiteral("strict")));
        child<QLineEdit>(page, "httpsProxyEdit")->setText(QStringLiteral("http://proxy:3128"));
        auto* save = child<QPushButton>(page, "saveButton");
        QVERIFY(save->isEnabled());
        QSignalSpy saved(&page, &ChannelSettingsPage::saved);
        save->click();
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);
        QCOMPARE(saved.front().front().toString(), path);
        QCOMPARE(page.lastSavedPath(), path);
        QVERIFY(child<QLabel>(page, "statusLabel")->text().contains(path));
        QVERIFY(!page.hasUnsavedChanges());
        QVERIFY(!save->isEnabled());

        const QByteArray expected =
            "# my settings, by hand\n"
            "channels:\n"
            "  - conda-forge  # first!\n"
            "  - defaults\n"
            "auto_activate_base: false\n"
            "ssl_verify: true\n"
            "default_channels:\n"
            "  - https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/main\n"
            "  - https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/r\n"
            "  - https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/msys2\n"
            "custom_channels:\n"
            "  conda-forge: https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud\n"
            "  pytorch: https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud\n"
            "channel_priority: strict\n"
            "proxy_servers:\n"
            "  https: http://proxy:3128\n";
        QCOMPARE(readAll(path), expected);
        QVERIFY(QFile::exists(path + QStringLiteral(".bak")));

        // A new page reads back what was saved, and recognises the preset.
        ChannelSettingsPage again(config::ConfigInputs::fromProcess());
        QCOMPARE(again.settings(), page.settings());
        QCOMPARE(child<QComboBox>(again, "presetCombo")->currentData().toString(),
                 QStringLiteral("tuna"));
    }

    void invalidInputBlocksSave()
    {
        ChannelSettingsPage page(config::ConfigInputs::fromProcess());
        auto* save = child<QPushButton>(page, "saveButton");
        auto* aliasProblem = child<QLabel>(page, "aliasProblem");
        QVERIFY(aliasProblem->isHidden());

        // A channel alias that is not a URL.
        child<QLineEdit>(page, "aliasEdit")->setText(QStringLiteral("not a url"));
        QVERIFY(!aliasProblem->isHidden());
        QVERIFY(aliasProblem->text().contains(QStringLiteral("not a url")));
        QVERIFY(!page.isValid());
        QVERIFY(!save->isEnabled());
        child<QLineEdit>(page, "aliasEdit")->setText(QStringLiteral("https://mirror.example.com"));
        QVERIFY(aliasProblem->isHidden());
        QVERIFY(save->isEnabled());

        // A channel whose name was emptied in the list.
        addToList(page, "channels", QStringLiteral("conda-forge"));
        auto* channelsProblem = child<QLabel>(page, "channelsProblem");
        QVERIFY(channelsProblem->isHidden());
        child<QListWidget>(page, "channelsList")->item(0)->setText(QString());
        QVERIFY(!channelsProblem->isHidden());
        QVERIFY(channelsProblem->text().contains(QStringLiteral("empty")));
        QVERIFY(!save->isEnabled());
        child<QPushButton>(page, "channelsRemove")->click();
        QVERIFY(channelsProblem->isHidden());
        QVERIFY(save->isEnabled());

        // A custom channel URL that does not parse.
        addCustomChannel(page, QStringLiteral("team"), QStringLiteral("https://exa mple.com"));
        QVERIFY(!child<QLabel>(page, "customChannelsProblem")->isHidden());
        QVERIFY(!save->isEnabled());
        child<QTableWidget>(page, "customChannelsTable")
            ->item(0, 1)
            ->setText(QStringLiteral("https://example.com"));
        QVERIFY(child<QLabel>(page, "customChannelsProblem")->isHidden());

        // A proxy without a host.
        child<QLineEdit>(page, "httpProxyEdit")->setText(QStringLiteral("proxy:3128"));
        QVERIFY(!child<QLabel>(page, "proxyProblem")->isHidden());
        QVERIFY(!save->isEnabled());
        child<QLineEdit>(page, "httpProxyEdit")->clear();

        // A CA bundle that does not exist.
        auto* ssl = child<QComboBox>(page, "sslCombo");
        ssl->setCurrentIndex(ssl->findData(QStringLiteral("bundle")));
        auto* caBundle = child<QLineEdit>(page, "caBundleEdit");
        QVERIFY(caBundle->isEnabled());
        const QString missing = m_root->filePath(QStringLiteral("missing.pem"));
        caBundle->setText(missing);
        auto* sslProblem = child<QLabel>(page, "sslProblem");
        QVERIFY(!sslProblem->isHidden());
        QVERIFY(sslProblem->text().contains(missing));
        QVERIFY(!save->isEnabled());
        page.save(); // refused while a field is wrong
        QVERIFY(!page.isSaving());
        QVERIFY(!QFile::exists(m_home + QStringLiteral("/.condarc")));
        writeAll(missing, "-----BEGIN CERTIFICATE-----\n");
        caBundle->setText(missing + QStringLiteral(" ")); // re-checked as typed
        QVERIFY(sslProblem->isHidden());
        QVERIFY(save->isEnabled());
    }

    void restoreDefaultsAsksFirst()
    {
        const QString path = m_home + QStringLiteral("/.condarc");
        writeAll(path, "# keep me\n"
                       "channels: [conda-forge]\n"
                       "channel_alias: https://mirror.example.com\n"
                       "changeps1: false\n");
        ChannelSettingsPage page(config::ConfigInputs::fromProcess());
        QStringList asked;
        bool answer = false;
        page.setConfirmHandler([&](const QString& title, const QString& question,
                                   const QString& action, std::function<void(bool)> reply) {
            asked << title;
            QVERIFY(question.contains(path));
            QVERIFY(!action.isEmpty());
            reply(answer);
        });
        child<QPushButton>(page, "restoreDefaultsButton")->click();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(listItems(page, "channelsList"), QStringList{QStringLiteral("conda-forge")});

        answer = true;
        child<QPushButton>(page, "restoreDefaultsButton")->click();
        QCOMPARE(asked.size(), 2);
        QVERIFY(listItems(page, "channelsList").isEmpty());
        QVERIFY(child<QLineEdit>(page, "aliasEdit")->text().isEmpty());
        QVERIFY(!QFile::exists(path + QStringLiteral(".bak"))); // nothing written yet
        QSignalSpy saved(&page, &ChannelSettingsPage::saved);
        child<QPushButton>(page, "saveButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);
        QCOMPARE(readAll(path), QByteArray("# keep me\nchangeps1: false\n"));
    }

    void saveToTheActiveEnvironment()
    {
        const QString prefix = m_root->filePath(QStringLiteral("envs/work"));
        QVERIFY(QDir().mkpath(prefix));
        qputenv("CONDA_PREFIX", prefix.toUtf8());
        const QString root = m_root->filePath(QStringLiteral("conda"));
        QVERIFY(QDir().mkpath(root));
        qputenv("CONDA_ROOT", root.toUtf8());
        ChannelSettingsPage page(config::ConfigInputs::fromProcess());
        auto* target = child<QComboBox>(page, "targetCombo");
        QCOMPARE(target->count(), 3); // user, environment, system (writable here)
        QCOMPARE(target->itemData(1).toString(), prefix + QStringLiteral("/.condarc"));
        QCOMPARE(target->itemData(2).toString(), root + QStringLiteral("/.condarc"));

        // Unsaved changes: switching asks, and "no" keeps the file shown.
        QStringList asked;
        bool answer = false;
        page.setConfirmHandler([&](const QString& title, const QString&, const QString&,
                                   std::function<void(bool)> reply) {
            asked << title;
            reply(answer);
        });
        choosePreset(page, "bfsu");
        target->setCurrentIndex(1);
        QCOMPARE(asked.size(), 1);
        QCOMPARE(target->currentIndex(), 0);
        QCOMPARE(page.targetPath(), m_home + QStringLiteral("/.condarc"));
        answer = true;
        target->setCurrentIndex(1);
        QCOMPARE(asked.size(), 2);
        QCOMPARE(page.targetPath(), prefix + QStringLiteral("/.condarc"));
        QVERIFY(!page.hasUnsavedChanges());
        QVERIFY(
            child<QLabel>(page, "statusLabel")->text().contains(QStringLiteral("does not exist")));

        choosePreset(page, "nju");
        QSignalSpy saved(&page, &ChannelSettingsPage::saved);
        child<QPushButton>(page, "saveButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);
        QVERIFY(readAll(prefix + QStringLiteral("/.condarc")).contains("mirror.nju.edu.cn"));
        QVERIFY(!QFile::exists(m_home + QStringLiteral("/.condarc")));
        QVERIFY(child<QLabel>(page, "statusLabel")->text().contains(prefix));
    }

    void brokenFileIsNotOverwritten()
    {
        const QString path = m_home + QStringLiteral("/.condarc");
        writeAll(path, "channels: [unclosed\n");
        ChannelSettingsPage page(config::ConfigInputs::fromProcess());
        QVERIFY(!page.isValid());
        QVERIFY(child<QLabel>(page, "statusLabel")->text().contains(path));
        choosePreset(page, "tuna");
        QVERIFY(!child<QPushButton>(page, "saveButton")->isEnabled());
        QCOMPARE(readAll(path), QByteArray("channels: [unclosed\n"));
    }

    // Pictures for a person to look at: ENVDESK_SCREENSHOT_DIR=<folder> keeps them.
    void screenshots()
    {
        const QString folder = qEnvironmentVariable("ENVDESK_SCREENSHOT_DIR");
        ChannelSettingsPage page(config::ConfigInputs::fromProcess());
        page.resize(1360, 860);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        choosePreset(page, "tuna");
        QCoreApplication::processEvents();
        const QPixmap tuna = page.grab();
        QVERIFY(!tuna.isNull());

        FaultHttpServer fault;
        SlowHttpServer slow(350);
        choosePreset(page, "official");
        configureLoopback(page, fault, slow);
        QSignalSpy finished(&page, &ChannelSettingsPage::testFinished);
        child<QPushButton>(page, "testButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QCoreApplication::processEvents();
        const QPixmap tested = page.grab();
        if (!folder.isEmpty()) {
            QDir().mkpath(folder);
            QVERIFY(tuna.save(folder + QStringLiteral("/channels-tuna.png")));
            QVERIFY(tested.save(folder + QStringLiteral("/channels-tested.png")));
        }
    }
};

QTEST_MAIN(TestChannelSettings)
#include "tst_channel_settings.moc"
