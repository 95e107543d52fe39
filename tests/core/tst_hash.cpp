#include "core/util/hash.h"
#include "test_printers.h"

#include <QTest>

using namespace envdesk::util;

class TestHash : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void knownDigests();
    void incrementalEqualsWhole();
};

void TestHash::knownDigests()
{
    QCOMPARE(sha256Hex(""),
             std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(sha256Hex("abc"),
             std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(md5Hex(""), std::string("d41d8cd98f00b204e9800998ecf8427e"));
    QCOMPARE(md5Hex("abc"), std::string("900150983cd24fb0d6963f7d28e17f72"));
}

void TestHash::incrementalEqualsWhole()
{
    std::string data;
    for (int i = 0; i < 10000; ++i) {
        data += static_cast<char>(i * 7);
    }
    Hasher hasher(Hasher::Algorithm::Sha256);
    for (std::size_t i = 0; i < data.size(); i += 333) {
        hasher.update(std::string_view(data).substr(i, 333));
        if (i == 3330) {
            (void)hasher.hexDigest(); // a peek does not end the stream
        }
    }
    QCOMPARE(hasher.hexDigest(), sha256Hex(data));
}

QTEST_APPLESS_MAIN(TestHash)
#include "tst_hash.moc"
