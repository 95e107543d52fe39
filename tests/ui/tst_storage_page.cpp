// The Storage place offscreen, on a real package cache in a temporary folder shared by an
// environment through hard links: the cache's sizes, the preview of what cleaning frees, and a
// clean of the checked sections only. With ENVDESK_SCREENSHOT_DIR set, the page is saved there
// (ENVDESK_SCREENSHOT_LANG=zh_CN for Chinese).

#include "core/config/config.h"
#include "ui/common/session_environment.h"
#include "ui/common/translations.h"
#include "ui/storage/storage_page.h"

#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace envdesk;

namespace {

bool writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

} // namespace

class TestStoragePage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void previewShowsWhatNoEnvironmentUses();
    void cleansOnlyTheCheckedSections();

private:
    [[nodiscard]] std::shared_ptr<ui::SessionEnvironment> session() const;

    std::unique_ptr<QTemporaryDir> m_root;
    QString m_pkgs;
    std::unique_ptr<ui::Translations> m_translations;
};

// pkgs/ holds two packages and two archives; envs/e1 hard-links a's file and records a.
void TestStoragePage::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    m_pkgs = m_root->filePath(QStringLiteral("pkgs"));
    QVERIFY(writeFile(m_pkgs + QStringLiteral("/urls.txt"), ""));
    QVERIFY(writeFile(m_pkgs + QStringLiteral("/a-1-0/info/index.json"), "{}"));
    QVERIFY(writeFile(m_pkgs + QStringLiteral("/a-1-0/lib/a.txt"), QByteArray(4000, 'a')));
    QVERIFY(writeFile(m_pkgs + QStringLiteral("/b-1-0/info/index.json"), "{}"));
    QVERIFY(writeFile(m_pkgs + QStringLiteral("/b-1-0/lib/b.txt"), QByteArray(6000, 'b')));
    QVERIFY(writeFile(m_pkgs + QStringLiteral("/a-1-0.conda"), QByteArray(3000, 'z')));
    QVERIFY(writeFile(m_pkgs + QStringLiteral("/c-1-0.tar.bz2.part"), QByteArray(100, 'p')));
    const QString env = m_root->filePath(QStringLiteral("envs/e1"));
    QVERIFY(writeFile(env + QStringLiteral("/conda-meta/a-1-0.json"), "{}"));
    QVERIFY(QDir().mkpath(env + QStringLiteral("/lib")));
    QCOMPARE(::link(QFile::encodeName(m_pkgs + QStringLiteral("/a-1-0/lib/a.txt")).constData(),
                    QFile::encodeName(env + QStringLiteral("/lib/a.txt")).constData()),
             0);
    QVERIFY(writeFile(m_root->filePath(QStringLiteral("home/.condarc")),
                      "pkgs_dirs: [" + m_pkgs.toUtf8() + "]\nenvs_dirs: ["
                          + m_root->filePath(QStringLiteral("envs")).toUtf8() + "]\n"));
    const QString lang = qEnvironmentVariable("ENVDESK_SCREENSHOT_LANG");
    if (!lang.isEmpty() && !m_translations) {
        m_translations = std::make_unique<ui::Translations>(QLocale(lang));
    }
}

std::shared_ptr<ui::SessionEnvironment> TestStoragePage::session() const
{
    config::ConfigInputs inputs;
    inputs.homeDir = m_root->filePath(QStringLiteral("home")).toStdString();
    inputs.currentDir = inputs.homeDir;
    inputs.systemDirs = {};
    inputs.env = {{"HOME", inputs.homeDir},
                  {"XDG_CACHE_HOME", m_root->filePath(QStringLiteral("cache")).toStdString()},
                  {"ENVDESK_INSTALLATIONS", ""}};
    return std::make_shared<ui::SessionEnvironment>(std::move(inputs));
}

void TestStoragePage::previewShowsWhatNoEnvironmentUses()
{
    ui::StoragePage page(session());
    page.resize(1024, 700);
    page.show();
    auto* caches = page.findChild<QTreeWidget*>(QStringLiteral("cacheTable"));
    auto* preview = page.findChild<QTreeWidget*>(QStringLiteral("cleanPreview"));
    QTRY_COMPARE(preview->topLevelItemCount(), 4);
    if (const QString dir = qEnvironmentVariable("ENVDESK_SCREENSHOT_DIR"); !dir.isEmpty()) {
        preview->expandAll();
        const QString lang = qEnvironmentVariable("ENVDESK_SCREENSHOT_LANG", QStringLiteral("en"));
        page.grab().save(QDir(dir).filePath(QStringLiteral("storage-%1.png").arg(lang)));
    }
    if (m_translations) {
        return; // the words below are English
    }
    QCOMPARE(caches->topLevelItemCount(), 1);
    const QTreeWidgetItem* cache = caches->topLevelItem(0);
    QCOMPARE(cache->text(0), m_pkgs);
    QVERIFY2(cache->text(1).startsWith(QStringLiteral("2 packages")), qPrintable(cache->text(1)));
    QVERIFY2(cache->text(2) != QLocale().formattedDataSize(0), qPrintable(cache->text(2)));
    QVERIFY2(cache->text(3).startsWith(QStringLiteral("2 archives")), qPrintable(cache->text(3)));

    const QTreeWidgetItem* archives = preview->topLevelItem(0);
    QCOMPARE(archives->text(0), QStringLiteral("Package archives (2)"));
    QCOMPARE(archives->childCount(), 2);
    const QTreeWidgetItem* packages = preview->topLevelItem(1);
    QCOMPARE(packages->text(0), QStringLiteral("Packages no environment uses (1)"));
    QCOMPARE(packages->child(0)->text(0), QStringLiteral("b-1-0"));
    QCOMPARE(packages->checkState(0), Qt::Checked);
    // Index caches are left unchecked: fetching them again costs the user time.
    QCOMPARE(preview->topLevelItem(2)->checkState(0), Qt::Unchecked);
}

void TestStoragePage::cleansOnlyTheCheckedSections()
{
    ui::StoragePage page(session());
    page.show();
    auto* preview = page.findChild<QTreeWidget*>(QStringLiteral("cleanPreview"));
    auto* clean = page.findChild<QPushButton*>(QStringLiteral("cleanButton"));
    QTRY_COMPARE(preview->topLevelItemCount(), 4);
    QTRY_VERIFY(clean->isEnabled());
    preview->topLevelItem(0)->setCheckState(0, Qt::Unchecked); // keep the archives
    QSignalSpy cleaned(&page, &ui::StoragePage::cleaned);
    clean->click();
    QVERIFY(cleaned.wait(20000));
    QVERIFY(cleaned.at(0).at(0).toULongLong() >= 6000);
    QVERIFY(!QFileInfo::exists(m_pkgs + QStringLiteral("/b-1-0")));
    QVERIFY(QFileInfo::exists(m_pkgs + QStringLiteral("/a-1-0/lib/a.txt")));
    QVERIFY(QFileInfo::exists(m_pkgs + QStringLiteral("/a-1-0.conda")));
    QVERIFY(QFileInfo::exists(m_pkgs + QStringLiteral("/c-1-0.tar.bz2.part")));
    // The preview is made again: nothing unused is left, and the archives keep their choice.
    QTRY_COMPARE(preview->topLevelItem(1)->text(0),
                 QStringLiteral("Packages no environment uses (0)"));
    QCOMPARE(preview->topLevelItem(0)->checkState(0), Qt::Unchecked);
    QVERIFY(page.findChild<QLabel*>(QStringLiteral("storageStatus"))
                ->text()
                .contains(QStringLiteral("frees")));
}

QTEST_MAIN(TestStoragePage)
#include "tst_storage_page.moc"
