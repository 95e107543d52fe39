// The metainfo's screenshots: envdesk-screenshots (packaging/take_screenshots.cpp) takes every
// picture the installed metainfo names, at the size it states, from the real window on a home
// of its own, in English and Chinese.

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

class TestScreenshots : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyPictureTheMetainfoNamesIsTaken();
};

void TestScreenshots::everyPictureTheMetainfoNamesIsTaken()
{
    QFile metainfo(QStringLiteral(ENVDESK_METAINFO));
    QVERIFY2(metainfo.open(QIODevice::ReadOnly), ENVDESK_METAINFO);
    struct Named {
        QString file;
        int width = 0;
        int height = 0;
    };
    QList<Named> named;
    QXmlStreamReader xml(&metainfo);
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("image")) {
            const auto attributes = xml.attributes();
            const QString url = xml.readElementText();
            QVERIFY2(url.startsWith(QLatin1String("https://")), qPrintable(url));
            named.append({url.section(QLatin1Char('/'), -1),
                          attributes.value(QLatin1String("width")).toInt(),
                          attributes.value(QLatin1String("height")).toInt()});
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY2(named.size() >= 2, "the metainfo names no screenshots");

    QTemporaryDir out;
    QProcess take;
    take.start(QStringLiteral(ENVDESK_SCREENSHOTS_TOOL),
               {out.path(), QStringLiteral(ENVDESK_BIN_DIR "/envdesk-cli"),
                QStringLiteral(ENVDESK_DEMO_CHANNEL_DIR), QStringLiteral("en_US"),
                QStringLiteral("zh_CN")});
    // The tool gives up by itself well within this (a minute for the environment, 20 s a place),
    // which stays under Qt Test's five minutes a function.
    if (!take.waitForFinished(280000)) {
        take.terminate(); // its temporary home is removed as it ends
        take.waitForFinished(10000);
        QFAIL("envdesk-screenshots did not finish");
    }
    QVERIFY2(take.exitStatus() == QProcess::NormalExit && take.exitCode() == 0,
             take.readAllStandardError().constData());

    QSet<QString> taken;
    for (const QString& file : QDir(out.path()).entryList({QStringLiteral("*.png")})) {
        taken.insert(file);
    }
    for (const Named& picture : named) {
        QVERIFY2(taken.contains(picture.file), qPrintable(picture.file));
        const QImage image(out.filePath(picture.file));
        QCOMPARE(image.width(), picture.width);
        QCOMPARE(image.height(), picture.height);
        // A picture of the window, not an empty one: many colours, not one.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 16) {
            for (int x = 0; x < image.width(); x += 16) {
                colours.insert(image.pixel(x, y));
            }
        }
        QVERIFY2(colours.size() > 8, qPrintable(picture.file));
    }
    // English and Chinese pictures differ (the Chinese ones are translated).
    const QImage english(out.filePath(QStringLiteral("environments.png")));
    const QImage chinese(out.filePath(QStringLiteral("environments-zh_CN.png")));
    QVERIFY(english != chinese);
}

QTEST_GUILESS_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
