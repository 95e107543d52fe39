// One YAML scalar writer for every file Envdesk writes: whatever the text, a YAML reader gets
// the same string back, in either quoting style; typed values and flow collections as asked.

#include "core/yaml/safe_load.h"
#include "core/yaml/yaml_scalar.h"

#include <QTest>

#include <string>
#include <vector>

using namespace envdesk;

namespace {

// What a reader makes of `written` as the value of a key.
std::string readBack(const std::string& written)
{
    auto node = yaml::loadDocument("key: " + written + "\n", "test.yml");
    if (!node || !(*node)["key"].IsScalar()) {
        return "<not a scalar: " + written + ">";
    }
    return (*node)["key"].Scalar();
}

// Whether `written` reads back as a string (quoted, or plain but no other type in YAML 1.1).
bool quoted(const std::string& written)
{
    return !written.empty() && (written.front() == '"' || written.front() == '\'');
}

} // namespace

class TestYamlScalar : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrips();
    void stylesAndOptions();
};

void TestYamlScalar::roundTrips()
{
    const std::vector<std::string> texts = {"numpy",
                                            "numpy >=1.26",
                                            "1.26.4",
                                            "0.1",
                                            "true",
                                            "no",
                                            "~",
                                            "null",
                                            "",
                                            " padded ",
                                            "a: b",
                                            "a #b",
                                            "a#b",
                                            "- x",
                                            "-x",
                                            "? x",
                                            ":x",
                                            "[a]",
                                            "{a}",
                                            "it's",
                                            "say \"hi\"",
                                            "back\\slash",
                                            "tab\there",
                                            "line\nbreak",
                                            "nel\xC2\x85",
                                            "ls\xE2\x80\xA8",
                                            "2024-01-01",
                                            "1:20",
                                            ".inf",
                                            "0x1F",
                                            "@EXPLICIT",
                                            "*star",
                                            "&anchor",
                                            "!tag",
                                            "|pipe",
                                            ">fold",
                                            "%percent",
                                            "`tick",
                                            "日本語",
                                            "https://h/p/x-1.0-0.conda#sha256=ab",
                                            "ctrl\x01"};
    for (const auto& text : texts) {
        for (const auto style : {yaml::QuoteStyle::Double, yaml::QuoteStyle::PyYaml}) {
            const std::string written = yaml::scalar(text, {style});
            QVERIFY2(readBack(written) == text, (text + " written as " + written).c_str());
        }
    }
}

void TestYamlScalar::stylesAndOptions()
{
    using yaml::QuoteStyle;
    QCOMPARE(yaml::scalar("numpy=1.26"), std::string("numpy=1.26"));
    QCOMPARE(yaml::scalar("1.10"), std::string("\"1.10\""));
    QCOMPARE(yaml::scalar("4.5", {QuoteStyle::PyYaml}), std::string("'4.5'"));
    QCOMPARE(yaml::scalar("it's a", {QuoteStyle::PyYaml}), std::string("'it''s a'"));
    QCOMPARE(yaml::scalar("a\tb", {QuoteStyle::PyYaml}), std::string("\"a\\tb\""));
    // A typed value (a .condarc scalar written unquoted) keeps its type.
    yaml::ScalarOptions typed;
    typed.typed = true;
    QCOMPARE(yaml::scalar("true", typed), std::string("true"));
    QCOMPARE(yaml::scalar("3", typed), std::string("3"));
    QVERIFY(quoted(yaml::scalar("true")));
    // In a flow collection, its punctuation ends a plain scalar.
    yaml::ScalarOptions flow;
    flow.inFlow = true;
    QVERIFY(quoted(yaml::scalar("a,b", flow)));
    QCOMPARE(yaml::scalar("a,b"), std::string("a,b"));
}

QTEST_APPLESS_MAIN(TestYamlScalar)
#include "tst_yaml_scalar.moc"
