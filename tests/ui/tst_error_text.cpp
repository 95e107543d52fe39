// How the window says a core error: a sentence for its code in the user's language, naming the
// place, with core's technical detail after it; secrets masked in both.

#include "core/util/error.h"
#include "ui/common/error_text.h"
#include "ui/common/translations.h"

#include <QLocale>
#include <QTest>

#include <memory>

using namespace envdesk;

class TestErrorText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void englishNamesThePlaceAndKeepsTheDetail()
    {
        const util::Error missing{util::ErrorCode::NotFound,
                                  "no repodata.json for any requested subdir", "/data/chan"};
        QCOMPARE(ui::errorText(missing),
                 QStringLiteral("Not found: /data/chan (no repodata.json for any requested "
                                "subdir)"));
        QCOMPARE(ui::errorCause(missing), QStringLiteral("Not found: /data/chan"));
        // Without a place, the sentence stands alone; a stop is only "Stopped".
        QCOMPARE(ui::errorText({util::ErrorCode::IoError, "disk full", {}}),
                 QStringLiteral("A file could not be read or written (disk full)"));
        QCOMPARE(ui::errorText({util::ErrorCode::Cancelled, "cancelled", "x"}),
                 QStringLiteral("Stopped"));
    }

    // A cause core names is said in the window's words, in place of core's detail.
    void namedCausesAreSaidInTheWindowsWords()
    {
        const util::Error notChannel = util::because(
            {util::ErrorCode::NotFound, "no repodata.json for any requested subdir", "/data/chan"},
            util::ErrorReason::NoRepodataInFolder, {"noarch/repodata.json"});
        QCOMPARE(ui::errorText(notChannel),
                 QStringLiteral("Not found: /data/chan (the folder is not a channel: it has no "
                                "noarch/repodata.json (envdesk-cli index makes them))"));
        const util::Error busy = util::because({util::ErrorCode::Network,
                                                "no repodata could be fetched: https://x/linux-64/"
                                                "repodata.json.zst: HTTP 503 Service Unavailable",
                                                "https://x/linux-64"},
                                               util::ErrorReason::HttpStatus, {"503"});
        QCOMPARE(ui::errorText(busy),
                 QStringLiteral("The server could not be reached or did not answer: "
                                "https://x/linux-64 (the server answered HTTP 503)"));
    }

    void secretsAreMaskedInThePlaceAndTheDetail()
    {
        const util::Error error{util::ErrorCode::Network,
                                "https://user:hunter2@mirror.example/t/tk-1234/main: refused",
                                "https://mirror.example/t/tk-1234/main/noarch"};
        const QString text = ui::errorText(error);
        QVERIFY2(!text.contains(QStringLiteral("hunter2")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("tk-1234")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("mirror.example")), qPrintable(text));
    }

    // In Chinese, what happened is said in Chinese, for every code; the place and the technical
    // detail stay as they are.
    void chineseSaysWhatHappened()
    {
        const auto translations =
            std::make_unique<ui::Translations>(QLocale(QStringLiteral("zh_CN")));
        const util::Error missing{util::ErrorCode::NotFound, "channel folder does not exist",
                                  "/data/chan"};
        QCOMPARE(ui::errorText(missing),
                 QStringLiteral("未找到：/data/chan（channel folder does not exist）"));
        // A named cause: all of it in Chinese but the place and the status.
        const util::Error busy =
            util::because({util::ErrorCode::Network, "no repodata could be fetched: HTTP 503",
                           "https://x/noarch"},
                          util::ErrorReason::HttpStatus, {"503"});
        QCOMPARE(
            ui::errorText(busy),
            QStringLiteral("无法连接服务器，或服务器没有响应：https://x/noarch（服务器回答 HTTP "
                           "503）"));
        for (int reason = 1; reason <= static_cast<int>(util::ErrorReason::OfflineNothingCached);
             ++reason) {
            const util::Error error = util::because({util::ErrorCode::Network, "detail", "place"},
                                                    static_cast<util::ErrorReason>(reason), {"v"});
            const QString said = ui::errorReason(error);
            bool chinese = false;
            for (const QChar c : said) {
                chinese = chinese || (c.unicode() >= 0x4e00 && c.unicode() <= 0x9fff);
            }
            QVERIFY2(chinese, qPrintable(said));
            QVERIFY2(!ui::errorText(error).contains(QStringLiteral("detail")),
                     qPrintable(ui::errorText(error)));
        }
        for (int code = 0; code <= static_cast<int>(util::ErrorCode::Internal); ++code) {
            const util::Error error{static_cast<util::ErrorCode>(code), "detail", "place"};
            const QString cause = ui::errorCause(error);
            bool chinese = false;
            for (const QChar c : cause) {
                chinese = chinese || (c.unicode() >= 0x4e00 && c.unicode() <= 0x9fff);
            }
            QVERIFY2(chinese, qPrintable(cause));
        }
    }
};

QTEST_MAIN(TestErrorText)
#include "tst_error_text.moc"
