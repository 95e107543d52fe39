// Values quoted into messages: whatever a hostile file holds (a NUL, an escape sequence, a
// newline, ten megabytes), the message stays one short printable line.

#include "core/util/error.h"
#include "core/util/strings.h"

#include <QTest>

using envdesk::util::printableMessage;
namespace util = envdesk::util;

class TestStrings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void quotedEscapesControlCharacters_data();
    void quotedEscapesControlCharacters();
    void quotedShortensHugeValues();
    void quotedNeverSplitsACharacter();
    void messagesKeepTheirLines();
    void errorMessagesArePrintable();
};

void TestStrings::quotedEscapesControlCharacters_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QByteArray("numpy") << QByteArray("'numpy'");
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArray("'a\\x00b'");
    QTest::newRow("newline") << QByteArray("a\nb") << QByteArray("'a\\x0ab'");
    QTest::newRow("escape sequence") << QByteArray("\x1b[2Jx") << QByteArray("'\\x1b[2Jx'");
    QTest::newRow("DEL") << QByteArray("a\x7f") << QByteArray("'a\\x7f'");
    QTest::newRow("C1 CSI") << QByteArray("a\xc2\x9b"
                                          "2J")
                            << QByteArray("'a\\u009b2J'");
    QTest::newRow("UTF-8 kept") << QByteArray("环境") << QByteArray("'环境'");
}

void TestStrings::quotedEscapesControlCharacters()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(QByteArray::fromStdString(util::quoted(value.toStdString())), expected);
}

void TestStrings::quotedShortensHugeValues()
{
    const std::string huge = "start" + std::string(10 << 20, 'x') + "end";
    const std::string text = util::quoted(huge);
    QVERIFY2(text.size() < 400, text.c_str());
    QVERIFY(text.rfind("'start", 0) == 0);
    QVERIFY2(text.find("end' (10485768 bytes)") != std::string::npos, text.c_str());
    QVERIFY(text.find("\u2026") != std::string::npos);
    // At the limit nothing is cut.
    const std::string exact(envdesk::util::kQuotedLimit, 'y');
    QCOMPARE(util::quoted(exact), "'" + exact + "'");
    QVERIFY(util::quoted(exact + "y").find("\u2026") != std::string::npos);
}

void TestStrings::quotedNeverSplitsACharacter()
{
    std::string chinese;
    for (int i = 0; i < 200; ++i) {
        chinese += "环";
    }
    const QByteArray text = QByteArray::fromStdString(util::quoted(chinese, 50));
    // Valid UTF-8 through and through: decoding and encoding again changes nothing.
    QCOMPARE(QString::fromUtf8(text).toUtf8(), text);
    QVERIFY(!QString::fromUtf8(text).contains(QChar::ReplacementCharacter));
}

void TestStrings::messagesKeepTheirLines()
{
    QCOMPARE(printableMessage("one\n\ttwo\x1b[0m"), std::string("one\n\ttwo\\x1b[0m"));
    const std::string longLine(10000, 'z');
    const std::string text = printableMessage("first\n" + longLine + "\nlast", 100);
    QVERIFY2(text.size() < 200, text.c_str());
    QVERIFY(text.rfind("first\n", 0) == 0);
    QVERIFY(text.size() >= 5 && text.substr(text.size() - 5) == "\nlast");
}

void TestStrings::errorMessagesArePrintable()
{
    const envdesk::util::Error error{envdesk::util::ErrorCode::ParseError,
                                     std::string("bad value \0\x1b[31m", 16)
                                         + std::string(1 << 20, 'v'),
                                     "/tmp/environment.yml"};
    const std::string message = error.message();
    QVERIFY2(message.size() < 5000, message.substr(0, 200).c_str());
    QVERIFY(message.find('\0') == std::string::npos);
    QVERIFY(message.find('\x1b') == std::string::npos);
    QVERIFY(message.find("\\x00\\x1b[31m") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestStrings)
#include "tst_strings.moc"
