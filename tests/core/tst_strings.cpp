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
    void quotedStaysShortOnBrokenUtf8();
    void longSecretsAreMaskedBeforeTheCut();
    void shorteningTwiceChangesNothing();
    void messagesHaveABoundedSize();
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
    QTest::newRow("not UTF-8") << QByteArray("a\xff\x9b"
                                             "b")
                               << QByteArray("'a\\xff\\x9bb'");
    QTest::newRow("truncated sequence") << QByteArray("a\xe7\x8e") << QByteArray("'a\\xe7\\x8e'");
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << QByteArray("'\\xc0\\xaf'");
    QTest::newRow("bidi override") << QByteArray("a\xe2\x80\xae"
                                                 "b")
                                   << QByteArray("'a\\u202eb'");
    QTest::newRow("line separator") << QByteArray("a\xe2\x80\xa8") << QByteArray("'a\\u2028'");
    QTest::newRow("token masked") << QByteArray("https://host/t/abc-123/chan")
                                  << QByteArray("'https://host/t/<TOKEN>/chan'");
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

void TestStrings::quotedStaysShortOnBrokenUtf8()
{
    // Only continuation bytes: no character start to find, and still a short line.
    const std::string text = util::quoted(std::string(std::size_t{1} << 20, '\x80'));
    QVERIFY2(text.size() < 2000, text.substr(0, 200).c_str());
    QVERIFY(text.find(" (1048576 bytes)") != std::string::npos);
}

void TestStrings::longSecretsAreMaskedBeforeTheCut()
{
    // A password and a token longer than the limit: neither shows, not even in part.
    const std::string password(400, 'P');
    const std::string token(400, 'T');
    for (const std::string& url : {"https://alice:" + password + "@host/chan/noarch",
                                   "https://host/t/" + token + "/chan/noarch"}) {
        const std::string text = util::quoted(url, 100);
        QVERIFY2(text.find("PPPP") == std::string::npos && text.find("TTTT") == std::string::npos,
                 text.c_str());
        const std::string message = printableMessage("failed: " + url, 100);
        QVERIFY2(message.find("PPPP") == std::string::npos
                     && message.find("TTTT") == std::string::npos,
                 message.c_str());
    }
}

void TestStrings::shorteningTwiceChangesNothing()
{
    const std::string line = "nothing provides numpy " + std::string(100000, 'a') + " end";
    const std::string once = printableMessage(line);
    QVERIFY2(once.size() <= 4096, std::to_string(once.size()).c_str());
    QCOMPARE(printableMessage(once), once);
    const std::string quotedOnce = util::quoted(line);
    QCOMPARE(util::quoted(quotedOnce.substr(1, quotedOnce.size() - 2)).size(), quotedOnce.size());
}

void TestStrings::messagesHaveABoundedSize()
{
    std::string many;
    for (int i = 0; i < 100000; ++i) {
        many += "line " + std::to_string(i) + "\n";
    }
    const std::string text = printableMessage(many);
    QVERIFY2(text.size() < (std::size_t{64} << 10) + 200, std::to_string(text.size()).c_str());
    QVERIFY2(text.find(" more lines)") != std::string::npos,
             text.substr(text.size() - 100).c_str());
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
