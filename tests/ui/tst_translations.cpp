// The Simplified Chinese catalogue is complete: lupdate run over today's sources finds no string
// that translations/envdesk_zh_CN.ts lacks or leaves unfinished, every translation keeps its
// source's placeholders, and the desktop entry and the AppStream metadata are translated too.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

const QString kSourceDir = QStringLiteral(ENVDESK_SOURCE_DIR);

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QSet<QString> placeholders(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("%L?[0-9]"));
    QSet<QString> found;
    for (auto it = pattern.globalMatch(text); it.hasNext();) {
        found.insert(it.next().captured().remove(QLatin1Char('L')));
    }
    return found;
}

struct Message {
    QString context;
    QString source;
    QString translation;
    QString type;
};

QList<Message> readCatalogue(const QByteArray& xml)
{
    QList<Message> messages;
    QXmlStreamReader reader(xml);
    QString context;
    Message current;
    while (!reader.atEnd()) {
        reader.readNext();
        if (!reader.isStartElement()) {
            continue;
        }
        if (reader.name() == QLatin1String("name")) {
            context = reader.readElementText();
        } else if (reader.name() == QLatin1String("message")) {
            current = Message{context, {}, {}, {}};
        } else if (reader.name() == QLatin1String("source")) {
            current.source = reader.readElementText();
        } else if (reader.name() == QLatin1String("translation")) {
            current.type = reader.attributes().value(QLatin1String("type")).toString();
            // A plural message holds its forms as <numerusform> children.
            current.translation = reader.readElementText(QXmlStreamReader::IncludeChildElements);
            messages.append(current);
        }
    }
    // A reader stops at its first error: a catalogue read only in part would pass unseen.
    if (reader.hasError()) {
        qFatal("the catalogue is not well-formed: %s", qPrintable(reader.errorString()));
    }
    return messages;
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyStringIsTranslated();
    void desktopEntryAndMetadataAreTranslated();
};

void TestTranslations::everyStringIsTranslated()
{
    // lupdate on a copy: what the sources say now, merged into what has been translated.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(QStringLiteral("envdesk_zh_CN.ts"));
    QVERIFY(QFile::copy(kSourceDir + QStringLiteral("/translations/envdesk_zh_CN.ts"), copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(ENVDESK_LUPDATE),
                  {kSourceDir + QStringLiteral("/ui"), kSourceDir + QStringLiteral("/app/envdesk"),
                   QStringLiteral("-extensions"), QStringLiteral("cpp,h"),
                   // The sources include "ui/…": with the root on the include path lupdate
                   // sees the headers, and so the namespaces the contexts are named with.
                   QStringLiteral("-I"), kSourceDir, QStringLiteral("-no-obsolete"),
                   QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-ts"),
                   copy});
    QVERIFY(lupdate.waitForFinished(120000));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAll().constData());

    const QList<Message> messages = readCatalogue(readAll(copy));
    QCOMPARE(messages.size(), readAll(copy).count("<message"));
    QStringList problems;
    for (const Message& message : messages) {
        const QString where =
            message.context + QStringLiteral(": \"") + message.source + QLatin1Char('"');
        if (message.type == QLatin1String("unfinished") || message.translation.isEmpty()) {
            problems << QStringLiteral("untranslated ") + where;
        } else if (placeholders(message.source) != placeholders(message.translation)) {
            problems << QStringLiteral("placeholders differ in ") + where;
        }
    }
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("translations/envdesk_zh_CN.ts is not complete (run "
                                       "`cmake --build build --target update_translations` and "
                                       "translate):\n  ")
                        + problems.join(QStringLiteral("\n  "))));
}

void TestTranslations::desktopEntryAndMetadataAreTranslated()
{
    const QString desktop =
        QString::fromUtf8(readAll(kSourceDir + QStringLiteral("/packaging/app.desktop.in")));
    QVERIFY(!desktop.isEmpty());
    for (const char* key : {"GenericName", "Comment", "Keywords"}) {
        QVERIFY2(desktop.contains(QLatin1String(key) + QStringLiteral("[zh_CN]=")), key);
    }
    // Each Name has its zh_CN one: the app's, its Compare action's, and the file manager's
    // "Create Environment from File" and "Compare Environments" entries.
    QCOMPARE(desktop.count(QStringLiteral("Name[zh_CN]=")),
             desktop.count(QStringLiteral("\nName=")));
    for (const char* file : {"create.desktop.in", "compare.desktop.in"}) {
        const QString entry = QString::fromUtf8(
            readAll(kSourceDir + QStringLiteral("/packaging/") + QLatin1String(file)));
        QVERIFY2(entry.contains(QStringLiteral("Name[zh_CN]=")), file);
        QVERIFY2(entry.contains(QStringLiteral("Comment[zh_CN]=")), file);
    }
    const QString metadata =
        QString::fromUtf8(readAll(kSourceDir + QStringLiteral("/packaging/app.metainfo.xml.in")));
    QVERIFY(!metadata.isEmpty());
    // Every English summary and paragraph has a zh-CN one.
    QCOMPARE(metadata.count(QStringLiteral("<summary xml:lang=\"zh-CN\">")),
             metadata.count(QStringLiteral("<summary>")));
    QCOMPARE(metadata.count(QStringLiteral("<p xml:lang=\"zh-CN\">")),
             metadata.count(QStringLiteral("<p>")));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
