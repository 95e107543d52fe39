#include "core/specs/match_spec.h"
#include "core/specs/spec_name.h"
#include "vector_file.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <map>

using envdesk::specs::MatchSpec;
using envdesk::specs::PackageRecord;
using envdesk::specs::VersionSpec;
using namespace envdesk::test;

namespace {

// Rows of the vectors that conda itself does not meet (its tests mark them xfail, skipped, or
// only for its newer parser) and where Envdesk's answer differs from the row. Each maps to
// Envdesk's actual answer and the reason; every other row, whatever its status, must hold.
struct KnownDifference {
    const char* envdesk;
    const char* why;
};
const std::map<std::string, KnownDifference> kKnownDifferences = {
    {"foo=",
     {"valid", "conda accepts `foo=` as `foo` (its test marks rejecting it as aspirational); "
               "so does Envdesk, as `numpy=` must parse to `numpy`"}},
    {"mypkg 1.2.3 py310|*gpu*",
     {R"({"name": "mypkg", "version": "1.2.3py310|*gpu*"})",
      "build-string alternatives are not in conda's grammar: its parser, like Envdesk's, reads "
      "the whole text as a version expression"}},
    {"mypkg 1.2.3 py310,*gpu*",
     {R"({"name": "mypkg", "version": "1.2.3py310,*gpu*"})",
      "build-string alternatives are not in conda's grammar: its parser, like Envdesk's, reads "
      "the whole text as a version expression"}},
    {"numpy[version<2]", {"invalid", "only conda's newer parser reads operators inside brackets"}},
    {"python [when=\"__win\"]", {"invalid", "conditional dependencies are not supported yet"}},
    {"numpy[build=py3*_2, track_features=mkl]",
     {"numpy[build=py3*_2,track_features=mkl]",
      "the provides_features form is not conda's output"}},
    {"numpy[build=py3*_2, track_features='mkl debug']",
     {"numpy[build=py3*_2,track_features='debug mkl']",
      "the provides_features form is not conda's output"}},
    {"numpy[track_features='mkl,debug', build=py3*_2]",
     {"numpy[build=py3*_2,track_features='debug mkl']",
      "the provides_features form is not conda's output"}},
    {"numpy[track_features='mkl,debug' build=py3*_2]",
     {"numpy[build=py3*_2,track_features='debug mkl']",
      "the provides_features form is not conda's output"}},
    {"numpy[features=\"mkl debug\" build_number=2]",
     {"numpy[build_number=2,features='debug mkl']",
      "the provides_features form is not conda's output"}},
};

const std::string& statusOf(const VectorRow& row)
{
    return row.at(row.columns.size() - 2);
}

// The expectation for a row: the vector's, unless the row is a known difference.
QString expectation(const VectorRow& row, const std::string& input, const std::string& expected)
{
    if (statusOf(row) != "ok") {
        if (auto known = kKnownDifferences.find(input); known != kKnownDifferences.end()) {
            qInfo("%s: conda's row says %s (%s); Envdesk: %s, because %s", input.c_str(),
                  expected.c_str(), statusOf(row).c_str(), known->second.envdesk,
                  known->second.why);
            return QString::fromUtf8(known->second.envdesk);
        }
    }
    return q(expected);
}

MatchSpec parsed(const QString& text)
{
    auto spec = MatchSpec::parse(text.toStdString());
    if (!spec) {
        qFatal("cannot parse '%s': %s", qPrintable(text), spec.error().message().c_str());
    }
    return *spec;
}

PackageRecord recordFromJson(const QJsonObject& json)
{
    PackageRecord record;
    record.name = json.value(QStringLiteral("name")).toString().toStdString();
    record.version = json.value(QStringLiteral("version")).toString().toStdString();
    record.build = json.value(QStringLiteral("build")).toString().toStdString();
    record.buildNumber =
        static_cast<std::uint64_t>(json.value(QStringLiteral("build_number")).toInt());
    record.channel = json.value(QStringLiteral("channel")).toString().toStdString();
    record.subdir = json.value(QStringLiteral("subdir")).toString().toStdString();
    record.md5 = json.value(QStringLiteral("md5")).toString().toStdString();
    record.sha256 = json.value(QStringLiteral("sha256")).toString().toStdString();
    record.license = json.value(QStringLiteral("license")).toString().toStdString();
    record.licenseFamily = json.value(QStringLiteral("license_family")).toString().toStdString();
    const auto features = json.value(QStringLiteral("track_features"));
    if (features.isArray()) {
        for (const auto& f : features.toArray()) {
            record.trackFeatures.push_back(f.toString().toStdString());
        }
    } else {
        record.trackFeatures = envdesk::specs::splitFeatures(features.toString().toStdString());
    }
    return record;
}

} // namespace

class TestMatchSpec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void specNameIsTheOneReading_data();
    void specNameIsTheOneReading();
    void canonicalVectors_data();
    void canonicalVectors();
    void parseVectors_data();
    void parseVectors();
    void matchVectors_data();
    void matchVectors();
    void validVectors_data();
    void validVectors();
    void invalidVectors_data();
    void invalidVectors();
    void formVectors_data();
    void formVectors();
    void exactValueVectors_data();
    void exactValueVectors();
    void strictnessVectors_data();
    void strictnessVectors();
    void mergeVectors_data();
    void mergeVectors();
    void mergeConflicts();
    void canonicalRoundTrip_data();
    void canonicalRoundTrip();
    void channelInRecordUrl();
    void errorsNameSpecAndPart();
    void blanksAndQuotedBrackets_data();
    void blanksAndQuotedBrackets();
    void quotedBuildReadsBack();
};

void TestMatchSpec::canonicalVectors_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    for (const auto& row : readRows(QStringLiteral("vectors/match_spec_str.tsv"))) {
        QTest::newRow(rowName(row, row.at(0)))
            << q(row.at(0)) << expectation(row, row.at(0), row.at(1));
    }
}

void TestMatchSpec::canonicalVectors()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    auto spec = MatchSpec::parse(input.toStdString());
    if (expected == QLatin1String("invalid")) {
        QVERIFY(!spec.ok());
        return;
    }
    QVERIFY2(spec.ok(), spec ? "" : spec.error().message().c_str());
    QCOMPARE(q(spec->str()), expected);
}

void TestMatchSpec::parseVectors_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    for (const auto& row : readRows(QStringLiteral("vectors/match_spec_parse.tsv"))) {
        QTest::newRow(rowName(row, row.at(0)))
            << q(row.at(0)) << expectation(row, row.at(0), row.at(1));
    }
}

void TestMatchSpec::parseVectors()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    auto spec = MatchSpec::parse(input.toStdString());
    if (expected == QLatin1String("invalid")) {
        QVERIFY(!spec.ok());
        return;
    }
    QVERIFY2(spec.ok(), spec ? "" : spec.error().message().c_str());
    const QJsonObject fields = QJsonDocument::fromJson(expected.toUtf8()).object();
    const auto field = [&](const char* key) { return fields.value(QLatin1String(key)).toString(); };

    if (fields.contains(QLatin1String("name"))) {
        QCOMPARE(q(spec->name()), field("name"));
    }
    // Versions compare as specs: conda's raw `1.8*` is Envdesk's canonical `1.8.*`.
    if (fields.contains(QLatin1String("version")) && field("version") != QLatin1String("*")) {
        auto expectedVersion = VersionSpec::parse(field("version").toStdString());
        QVERIFY(expectedVersion.ok());
        QCOMPARE(q(spec->version().str()), q(expectedVersion->str()));
    } else {
        QVERIFY(!spec->hasVersion());
    }
    // A build of `*` constrains nothing: Envdesk keeps no build then.
    QCOMPARE(spec->build() ? q(spec->build()->str()) : QString(),
             field("build") == QLatin1String("*") ? QString() : field("build"));
    const QString channel = field("channel");
    QCOMPARE(q(spec->channel()), channel == QLatin1String("*") ? QString() : channel);
    QCOMPARE(q(spec->subdir().value_or("")), field("subdir"));
    QCOMPARE(q(spec->fileName().value_or("")), field("fn"));
    QCOMPARE(q(spec->url().value_or("")), field("url"));
    QCOMPARE(q(spec->md5().value_or("")), field("md5"));
    QCOMPARE(spec->buildNumber() ? q(spec->buildNumber()->str()) : QString(),
             field("build_number"));
}

void TestMatchSpec::matchVectors_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("record");
    QTest::addColumn<QString>("expected");
    for (const auto& row : readRows(QStringLiteral("vectors/match_spec_match.tsv"))) {
        QTest::newRow(rowName(row, row.at(1) + " ~ " + row.at(2)))
            << q(row.at(1)) << q(row.at(2)) << expectation(row, row.at(1), row.at(0));
    }
}

void TestMatchSpec::matchVectors()
{
    QFETCH(QString, spec);
    QFETCH(QString, record);
    QFETCH(QString, expected);
    auto parsedSpec = MatchSpec::parse(spec.toStdString());
    if (expected == QLatin1String("invalid")) {
        QVERIFY(!parsedSpec.ok());
        return;
    }
    QVERIFY2(parsedSpec.ok(), parsedSpec ? "" : parsedSpec.error().message().c_str());
    const auto packageRecord = recordFromJson(QJsonDocument::fromJson(record.toUtf8()).object());
    QCOMPARE(parsedSpec->matches(packageRecord), expected == QLatin1String("MATCH"));
}

void TestMatchSpec::validVectors_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("input");
    for (const auto& row : readRows(QStringLiteral("vectors/match_spec_valid.tsv"))) {
        QTest::newRow(rowName(row, row.at(0))) << q(row.at(0));
    }
}

void TestMatchSpec::validVectors()
{
    QFETCH(QString, input);
    auto spec = MatchSpec::parse(input.toStdString());
    QVERIFY2(spec.ok(), spec ? "" : spec.error().message().c_str());
    // The canonical text reads back to the same spec.
    auto again = MatchSpec::parse(spec->str());
    QVERIFY2(again.ok(), spec->str().c_str());
    QCOMPARE(q(again->str()), q(spec->str()));
}

void TestMatchSpec::invalidVectors_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    for (const auto& row : readRows(QStringLiteral("vectors/match_spec_invalid.tsv"))) {
        QTest::newRow(rowName(row, row.at(0)))
            << q(row.at(0)) << expectation(row, row.at(0), "invalid");
    }
    for (const char* text : {"", "   ", "# only a comment", "numpy[version=1.2", "numpy]",
                             "numpy[build=py3 build=py2]", "numpy >=1.2,,<2", "numpy 1.2&3",
                             "conda-forge:numpy", "numpy[version=]"}) {
        QTest::newRow(text) << QString::fromLatin1(text) << QStringLiteral("invalid");
    }
}

void TestMatchSpec::invalidVectors()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    auto spec = MatchSpec::parse(input.toStdString());
    if (expected == QLatin1String("valid")) {
        QVERIFY2(spec.ok(), spec ? "" : spec.error().message().c_str());
        return;
    }
    QVERIFY2(!spec.ok(), spec ? spec->str().c_str() : "");
    QVERIFY(!spec.error().message().empty());
}

void TestMatchSpec::formVectors_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("form");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    for (const auto& row : readRows(QStringLiteral("vectors/match_spec_conda_build_form.tsv"))) {
        QTest::newRow(rowName(row, "build form: " + row.at(0)))
            << QStringLiteral("build") << q(row.at(0)) << q(row.at(1));
    }
    for (const auto& row : readRows(QStringLiteral("vectors/match_spec_conda_env_form.tsv"))) {
        QTest::newRow(rowName(row, "env form: " + row.at(0)))
            << QStringLiteral("env") << q(row.at(0)) << q(row.at(1));
    }
}

void TestMatchSpec::formVectors()
{
    QFETCH(QString, form);
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const auto spec = parsed(input);
    QCOMPARE(q(form == QLatin1String("build") ? spec.condaBuildForm() : spec.condaEnvForm()),
             expected);
}

void TestMatchSpec::exactValueVectors_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    for (const auto& row : readRows(QStringLiteral("vectors/match_spec_exact_value.tsv"))) {
        QTest::newRow(rowName(row, row.at(0) + " " + row.at(1)))
            << q(row.at(0)) << q(row.at(1)) << q(row.at(2));
    }
}

void TestMatchSpec::exactValueVectors()
{
    QFETCH(QString, input);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    const auto spec = parsed(input);
    std::optional<std::string> value;
    if (field == QLatin1String("name")) {
        value = spec.hasExactName() ? std::optional<std::string>(spec.name()) : std::nullopt;
    } else if (field == QLatin1String("version")) {
        value = spec.exactVersion();
    } else {
        value = spec.exactBuild();
    }
    const QString actual =
        value ? QStringLiteral("\"") + q(*value) + QStringLiteral("\"") : QStringLiteral("null");
    QCOMPARE(actual, expected);
}

void TestMatchSpec::strictnessVectors_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("expected");
    for (const auto& row : readRows(QStringLiteral("vectors/match_spec_strictness.tsv"))) {
        QTest::newRow(rowName(row, row.at(0))) << q(row.at(0)) << std::stoi(row.at(1));
    }
}

void TestMatchSpec::strictnessVectors()
{
    QFETCH(QString, input);
    QFETCH(int, expected);
    QCOMPARE(parsed(input).strictness(), expected);
}

void TestMatchSpec::mergeVectors_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QStringList>("inputs");
    QTest::addColumn<QString>("expected");
    for (const auto& row : readRows(QStringLiteral("vectors/match_spec_merge.tsv"))) {
        QStringList inputs;
        for (const auto& part : q(row.at(0)).split(QLatin1Char('|'))) {
            inputs << part.trimmed();
        }
        QTest::newRow(rowName(row, row.at(0))) << inputs << q(row.at(1));
    }
}

void TestMatchSpec::mergeVectors()
{
    QFETCH(QStringList, inputs);
    QFETCH(QString, expected);
    std::vector<MatchSpec> specs;
    for (const auto& input : inputs) {
        specs.push_back(parsed(input));
    }
    auto merged = MatchSpec::merge(specs);
    QVERIFY2(merged.ok(), merged ? "" : merged.error().message().c_str());
    QCOMPARE(q(merged->str()), expected);
}

void TestMatchSpec::mergeConflicts()
{
    auto builds = MatchSpec::merge(
        {parsed(QStringLiteral("foo 1.0 py27_0")), parsed(QStringLiteral("foo 1.0 py36_0"))});
    QVERIFY(!builds.ok());
    QVERIFY2(builds.error().message().find("py27_0") != std::string::npos,
             builds.error().message().c_str());
    auto channels = MatchSpec::merge(
        {parsed(QStringLiteral("conda-forge::foo")), parsed(QStringLiteral("bioconda::foo"))});
    QVERIFY(!channels.ok());
    auto orNested = MatchSpec::merge(
        {parsed(QStringLiteral("foo 1.*|2.*")), parsed(QStringLiteral("foo >=1.5"))});
    QVERIFY(orNested.ok());
    QCOMPARE(q(orNested->version().str()), QStringLiteral("(1.*|2.*),>=1.5"));
}

void TestMatchSpec::canonicalRoundTrip_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("input");
    for (const auto& row : readRows(QStringLiteral("vectors/match_spec_str.tsv"))) {
        if (statusOf(row) == "ok") {
            QTest::newRow(rowName(row, row.at(0))) << q(row.at(0));
        }
    }
}

void TestMatchSpec::canonicalRoundTrip()
{
    QFETCH(QString, input);
    const auto spec = parsed(input);
    auto again = MatchSpec::parse(spec.str());
    QVERIFY2(again.ok(), spec.str().c_str());
    QCOMPARE(q(again->str()), q(spec.str()));
}

void TestMatchSpec::channelInRecordUrl()
{
    // conda-meta records may carry the channel as a URL; it still matches by canonical name.
    PackageRecord record;
    record.name = "numpy";
    record.version = "1.26.4";
    record.build = "py312h8753938_0";
    record.channel = "https://conda.anaconda.org/conda-forge/linux-64";
    record.subdir = "linux-64";
    QVERIFY(parsed(QStringLiteral("conda-forge::numpy>=1.26")).matches(record));
    QVERIFY(!parsed(QStringLiteral("bioconda::numpy")).matches(record));
    QVERIFY(parsed(QStringLiteral("numpy[subdir=linux-64]")).matches(record));
    QVERIFY(!parsed(QStringLiteral("numpy[subdir=osx-64]")).matches(record));
}

void TestMatchSpec::errorsNameSpecAndPart()
{
    auto spec = MatchSpec::parse("numpy[colour=blue]");
    QVERIFY(!spec.ok());
    QVERIFY2(spec.error().message().find("numpy[colour=blue]") != std::string::npos,
             spec.error().message().c_str());
    QVERIFY(spec.error().message().find("'colour'") != std::string::npos);
    auto version = MatchSpec::parse("numpy >=1.2,<2.x&");
    QVERIFY(!version.ok());
    QVERIFY2(version.error().message().find("'&'") != std::string::npos,
             version.error().message().c_str());
}

// Forms from conda's and mamba's own match-spec tests that are wider than the fixtures' vectors:
// blanks after an operator (conda's _parse_version_plus_build drops them, mamba too), and a
// bracket value whose quotes hold brackets (mamba's test_match_spec.cpp).
void TestMatchSpec::blanksAndQuotedBrackets_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QString>("matching");    // a version the spec takes
    QTest::addColumn<QString>("notMatching"); // one it does not
    // conda prints a version with an operator in brackets (MatchSpec.__str__).
    QTest::newRow("name >= ver") << "numpy >= 1.7"
                                 << "numpy[version='>=1.7']"
                                 << "1.7.1"
                                 << "1.6";
    QTest::newRow("name >= ver, < ver") << "numpy >= 1.7, < 2"
                                        << "numpy[version='>=1.7,<2']"
                                        << "1.9"
                                        << "2.0";
    QTest::newRow("bracket version with blanks") << "numpy[version='>= 1.7']"
                                                 << "numpy[version='>=1.7']"
                                                 << "1.8"
                                                 << "1.6";
    QTest::newRow("regex with brackets in quotes") << R"(pkg[version="^1\.7\.[0-9]+$"])"
                                                   << R"(pkg[version='^1\.7\.[0-9]+$'])"
                                                   << "1.7.3"
                                                   << "1.8.0";
    QTest::newRow("build regex with brackets in quotes")
        << R"(pkg[build="^py3[0-9]+_0$", version=">=1"])"
        << R"(pkg[version='>=1',build='^py3[0-9]+_0$'])"
        << "1.0"
        << "0.9";
}

// A build glob holding brackets (literal characters to conda's glob) is printed quoted, so
// that it reads back; conda prints it bare (docs/specs.md).
void TestMatchSpec::quotedBuildReadsBack()
{
    auto spec = MatchSpec::parse("pkg[build='py[3]*']");
    QVERIFY2(spec.ok(), spec ? "" : spec.error().message().c_str());
    QCOMPARE(q(spec->str()), QStringLiteral("pkg[build='py[3]*']"));
    auto again = MatchSpec::parse(spec->str());
    QVERIFY2(again.ok(), again ? "" : again.error().message().c_str());
    PackageRecord record;
    record.name = "pkg";
    record.version = "1";
    record.build = "py[3]_0";
    QVERIFY(again->matches(record));
    record.build = "py3_0";
    QVERIFY(!again->matches(record));
}

void TestMatchSpec::blanksAndQuotedBrackets()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    QFETCH(QString, matching);
    QFETCH(QString, notMatching);
    auto spec = MatchSpec::parse(input.toStdString());
    QVERIFY2(spec.ok(), spec ? "" : spec.error().message().c_str());
    QCOMPARE(q(spec->str()), canonical);
    PackageRecord record;
    record.name = spec->name();
    record.build = "py312_0";
    record.version = matching.toStdString();
    QVERIFY(spec->matches(record));
    record.version = notMatching.toStdString();
    QVERIFY(!spec->matches(record));
    // What is printed reads back to the same spec.
    auto again = MatchSpec::parse(spec->str());
    QVERIFY2(again.ok(), again ? "" : again.error().message().c_str());
    QCOMPARE(q(again->str()), canonical);
}

// specs::specName, the name every module reads out of a dependency: MatchSpec's reading, so
// the forms a first-word split got wrong (a channel, brackets, a glob) name what conda names.
void TestMatchSpec::specNameIsTheOneReading_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("name"); // "!" for an error
    QTest::newRow("plain") << "numpy"
                           << "numpy";
    QTest::newRow("version and build") << "numpy 1.26 py*"
                                       << "numpy";
    QTest::newRow("operator") << "numpy>=1.26"
                              << "numpy";
    QTest::newRow("channel") << "conda-forge::numpy >=1.26"
                             << "numpy";
    QTest::newRow("subdir channel") << "conda-forge/linux-64::numpy"
                                    << "numpy";
    QTest::newRow("brackets") << "numpy[version='>=1.26']"
                              << "numpy";
    QTest::newRow("glob: no exact name") << "numpy*"
                                         << "";
    QTest::newRow("not a spec") << "numpy[colour=blue]"
                                << "!";
    QTest::newRow("pip is not pipx") << "pipx"
                                     << "pipx";
}

void TestMatchSpec::specNameIsTheOneReading()
{
    QFETCH(QString, spec);
    QFETCH(QString, name);
    const auto read = envdesk::specs::specName(spec.toStdString());
    if (name == QLatin1String("!")) {
        QVERIFY(!read);
        return;
    }
    QVERIFY2(read, read ? "" : read.error().message().c_str());
    QCOMPARE(QString::fromStdString(*read), name);
    envdesk::specs::SpecNames cache;
    QCOMPARE(QString::fromStdString(*cache.nameOf(spec.toStdString())), name);
    QCOMPARE(QString::fromStdString(*cache.nameOf(spec.toStdString())), name); // remembered
}

QTEST_APPLESS_MAIN(TestMatchSpec)
#include "tst_match_spec.moc"
