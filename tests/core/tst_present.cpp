// conda's output formats (core/present): what conda prints for a plan, a history, settings, the
// environment list and a search, checked column by column against conda's own layout, so the CLI
// reads like conda's wherever it prints.

#include "core/env/history.h"
#include "core/ops/environment_list.h"
#include "core/present/conda_text.h"
#include "core/present/config_text.h"
#include "core/present/environment_list_text.h"
#include "core/present/failure.h"
#include "core/present/history_text.h"
#include "core/present/package_list_text.h"
#include "core/present/plan_text.h"
#include "core/present/progress_text.h"
#include "core/solver/solver.h"

#include <QTest>

#include <string>

namespace present = envdesk::present;
namespace specs = envdesk::specs;
namespace solver = envdesk::solver;
namespace env = envdesk::env;
namespace ops = envdesk::ops;

namespace {

specs::PackageRecord record(const std::string& name, const std::string& version,
                            const std::string& build, const std::string& channel = "conda-forge")
{
    specs::PackageRecord out;
    out.name = name;
    out.version = version;
    out.build = build;
    out.channel = channel;
    out.subdir = "linux-64";
    out.fn = name + "-" + version + "-" + build + ".conda";
    return out;
}

} // namespace

class TestPresent : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void humanBytesAsConda_data();
    void humanBytesAsConda();
    void pythonReprQuotesAsPython();
    void planLaysOutSectionsAsConda();
    void planMasksSecretsInSpecsAndChannels();
    void actionsJsonHoldsFetchOnlyWhenAsked();
    void configGetRebuildsListsInOrder();
    void configShowNestsMapsAndLists();
    void historyShowsChangesAsPrettyDiff();
    void environmentListPadsNamesAndMarksActive();
    void searchTrimsTrailingSpaces();
    void listFormsShowWhatCondaShows();
    void listPatternMatchesNamesIgnoringCase();
    void failuresAreMaskedInTextAndJson();
    void refusalsCarryCondasNamesAndFields();
    void progressLinesEscapeWhatChannelsAndPackagesSay();
};

void TestPresent::humanBytesAsConda_data()
{
    QTest::addColumn<qulonglong>("bytes");
    QTest::addColumn<QString>("expected");
    // conda.utils.human_bytes: B below 1 KiB, whole KB, one decimal MB, two decimals GB.
    QTest::newRow("bytes") << 512ULL << "512 B";
    QTest::newRow("kilobytes rounded") << 1536ULL << "2 KB";
    QTest::newRow("megabytes") << 1572864ULL << "1.5 MB";
    QTest::newRow("gigabytes") << 3221225472ULL << "3.00 GB";
}

void TestPresent::humanBytesAsConda()
{
    QFETCH(qulonglong, bytes);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(present::humanBytes(bytes)), expected);
}

void TestPresent::pythonReprQuotesAsPython()
{
    QCOMPARE(present::pythonRepr("conda-forge"), std::string("'conda-forge'"));
    QCOMPARE(present::pythonRepr("it's"), std::string("\"it's\""));
    QCOMPARE(present::pythonRepr("a'b\"c"), std::string("'a\\'b\"c'"));
    QCOMPARE(present::pythonStr(nlohmann::json(true)), std::string("True"));
    QCOMPARE(present::pythonStr(nlohmann::json(nullptr)), std::string("None"));
    QCOMPARE(present::pythonStr(nlohmann::json(2.0)), std::string("2.0"));
}

void TestPresent::planLaysOutSectionsAsConda()
{
    ops::Plan plan;
    plan.prefix = "/envs/ml";
    const auto numpy = record("numpy", "1.26.4", "py312h_0");
    plan.fetch = {numpy};
    plan.fetch.front().size = 7864320;
    plan.actions = {
        solver::actionBetween(std::nullopt, numpy),
        solver::actionBetween(record("python", "3.11.8", "h_0"), record("python", "3.12.2", "h_0")),
        solver::actionBetween(record("zlib", "1.3", "h_1"), std::nullopt),
        solver::Action{solver::Action::Kind::Change, record("openssl", "3.2.1", "h_0", "defaults"),
                       record("openssl", "3.2.1", "h_0")},
        solver::actionBetween(record("a-very-long-package-name", "2.0", "0"),
                              record("a-very-long-package-name", "1.0", "0")),
    };
    const std::string expected =
        "\n## Package Plan ##\n\n"
        "  environment location: /envs/ml\n\n"
        "  added / updated specs:\n"
        "    - numpy\n"
        "    - python=3.12\n\n"
        "\nThe following packages will be downloaded:\n\n"
        "    package                    |            build\n"
        "    ---------------------------|-----------------\n"
        "    numpy-1.26.4               |         py312h_0         7.5 MB  conda-forge\n"
        "\n"
        "\nThe following NEW packages will be INSTALLED:\n\n"
        "  numpy              conda-forge/linux-64::numpy-1.26.4-py312h_0\n\n"
        "\nThe following packages will be REMOVED:\n\n"
        "  zlib-1.3-h_1\n\n"
        "\nThe following packages will be UPDATED:\n\n"
        "  python                                         3.11.8-h_0 --> 3.12.2-h_0\n\n"
        "\nThe following packages will be SUPERSEDED by a higher-priority channel:\n\n"
        // conda's diff_strs leaves out version and build when only the channel changes.
        "  openssl                               pkgs/main::openssl- --> conda-forge::openssl-\n\n"
        "\nThe following packages will be DOWNGRADED:\n\n"
        "  a-very-long-pac...                                  2.0-0 --> 1.0-0\n\n"
        "\n";
    QCOMPARE(present::planText(plan, false, {"python=3.12", "numpy"}), expected);
}

void TestPresent::planMasksSecretsInSpecsAndChannels()
{
    ops::Plan plan;
    plan.prefix = "/envs/ml";
    auto fetched = record("torch", "2.3", "0", "https://conda.example/t/tk-123456/private");
    fetched.size = 10;
    plan.fetch = {fetched};
    plan.actions = {solver::actionBetween(std::nullopt, fetched)};
    const std::string text =
        present::planText(plan, true, {"https://user:hunter2@conda.example/private::torch"});
    QVERIFY(text.find("removed specs:") != std::string::npos);
    QVERIFY(text.find("hunter2") == std::string::npos);
    QVERIFY(text.find("tk-123456") == std::string::npos);
}

void TestPresent::actionsJsonHoldsFetchOnlyWhenAsked()
{
    const std::vector<specs::PackageRecord> link = {record("numpy", "1.26.4", "py312h_0")};
    const auto withFetch = present::actionsJson("/envs/ml", link, {}, &link);
    QCOMPARE(withFetch["PREFIX"].get<std::string>(), std::string("/envs/ml"));
    QCOMPARE(withFetch["LINK"].size(), std::size_t(1));
    QCOMPARE(withFetch["LINK"][0]["name"].get<std::string>(), std::string("numpy"));
    QVERIFY(withFetch["UNLINK"].is_array() && withFetch["UNLINK"].empty());
    QCOMPARE(withFetch["FETCH"].size(), std::size_t(1));
    QVERIFY(!present::actionsJson("/envs/ml", link, {}, nullptr).contains("FETCH"));
}

void TestPresent::configGetRebuildsListsInOrder()
{
    // conda config --get: running the lines in order rebuilds the list (--add prepends), so the
    // lowest priority comes first.
    QCOMPARE(
        present::configGetText("channels", nlohmann::json{"conda-forge", "bioconda", "defaults"}),
        std::string("--add channels 'defaults'   # lowest priority\n"
                    "--add channels 'bioconda'\n"
                    "--add channels 'conda-forge'   # highest priority\n"));
    QCOMPARE(present::configGetText("ssl_verify", nlohmann::json(false)),
             std::string("--set ssl_verify False\n"));
    QCOMPARE(present::configGetText("proxy_servers", nlohmann::json{{"https", "http://p:3128"}}),
             std::string("--set proxy_servers.https http://p:3128\n"));
}

void TestPresent::configShowNestsMapsAndLists()
{
    QCOMPARE(present::configShowText("channels", nlohmann::json::array()),
             std::string("channels: []\n"));
    QCOMPARE(present::configShowText("custom_multichannels",
                                     nlohmann::json{{"mine", {"a", "b"}}, {"x", 1}}),
             std::string("custom_multichannels:\n  mine:\n    - a\n    - b\n  x: 1\n"));
    QCOMPARE(present::configShowText("offline", nlohmann::json(true)),
             std::string("offline: True\n"));
}

void TestPresent::historyShowsChangesAsPrettyDiff()
{
    const auto revisions = env::parseHistory("==> 2024-03-01 12:30:45 <==\n"
                                             "# cmd: conda create -n x python\n"
                                             "+conda-forge/linux-64::python-3.11.8-h_0\n"
                                             "+defaults/linux-64::zlib-1.3-h_1\n"
                                             "==> 2024-03-02 09:00:00 <==\n"
                                             "-conda-forge/linux-64::python-3.11.8-h_0\n"
                                             "+conda-forge/linux-64::python-3.12.2-h_0\n"
                                             "-defaults/linux-64::zlib-1.3-h_1\n",
                                             "history");
    QVERIFY(revisions);
    QCOMPARE(present::historyText(*revisions),
             std::string("2024-03-01 12:30:45  (rev 0)\n"
                         "    +python-3.11.8 (conda-forge)\n"
                         "    +zlib-1.3\n\n"
                         "2024-03-02 09:00:00  (rev 1)\n"
                         "     python  {3.11.8 (conda-forge) -> 3.12.2 (conda-forge)}\n"
                         "    -zlib-1.3\n\n"));
    const auto json = present::historyJson(*revisions);
    QCOMPARE(json.size(), std::size_t(2));
    QCOMPARE(json[0]["cmd"].get<std::string>(), std::string("conda create -n x python"));
    QCOMPARE(json[1]["upgrade"][0]["old"].get<std::string>(), std::string("python-3.11.8-h_0"));
    QCOMPARE(json[1]["remove"][0].get<std::string>(), std::string("zlib-1.3-h_1"));
}

void TestPresent::environmentListPadsNamesAndMarksActive()
{
    env::EnvironmentInfo base;
    base.prefix = "/opt/conda";
    base.name = "base";
    base.isRoot = true;
    env::EnvironmentInfo gone;
    gone.prefix = "/data/envs/old";
    gone.name = "old";
    gone.state = env::EnvironmentInfo::State::Missing;
    gone.problem = "the folder is gone";
    const std::vector<present::ListedEnvironment> listed = {{base, std::nullopt},
                                                            {gone, std::nullopt}};
    QCOMPARE(present::environmentListText(listed, "/opt/conda"),
             std::string("# conda environments:\n#\n"
                         "base                  *  /opt/conda\n"
                         "old                      /data/envs/old  (missing: the folder is gone)\n"
                         "\n"));
    const auto json = present::environmentListJson(listed, "/opt/conda");
    // conda's `envs` holds the usable ones only; the details say why the others are not.
    QVERIFY(json["envs"] == nlohmann::json::array({"/opt/conda"}));
    QCOMPARE(json["envs_details"]["/data/envs/old"]["state"].get<std::string>(),
             std::string("missing"));
}

void TestPresent::searchTrimsTrailingSpaces()
{
    QCOMPARE(present::searchText({record("numpy", "1.26.4", "py312h_0")}),
             std::string("# Name                       Version           Build  Channel\n"
                         "numpy                         1.26.4        py312h_0  conda-forge\n"));
}

void TestPresent::listFormsShowWhatCondaShows()
{
    specs::ChannelContext context;
    auto fromDefaults = record("zlib", "1.3", "h0_0", "https://repo.anaconda.com/pkgs/main");
    fromDefaults.url = "https://repo.anaconda.com/pkgs/main/linux-64/" + fromDefaults.fn;
    const std::vector<specs::PackageRecord> records = {record("numpy", "1.26.4", "py312h_0"),
                                                       fromDefaults};
    present::ListOptions options;
    const auto table = present::packageListing("/envs/x", records, options, context);
    // The table leaves out `defaults`, as conda does; the records keep it.
    QVERIFY(table.text.find("numpy") != std::string::npos);
    QVERIFY(table.text.find("zlib                      1.3                        h0_0  \n")
            != std::string::npos);
    QCOMPARE(table.json.size(), std::size_t{2});
    QCOMPARE(table.json[1]["channel"].get<std::string>(), std::string("defaults"));
    options.channelUrls = true;
    const auto urls = present::packageListing("/envs/x", records, options, context);
    QVERIFY(urls.text.find("https://repo.anaconda.com/pkgs/main") != std::string::npos);

    options = {};
    options.form = present::ListForm::Export;
    options.platform = "linux-64";
    const auto exported = present::packageListing("/envs/x", records, options, context);
    QCOMPARE(exported.text,
             present::specFileHeader("linux-64") + "numpy=1.26.4=py312h_0\nzlib=1.3=h0_0\n");
    QCOMPARE(exported.json[0].get<std::string>(), std::string("numpy=1.26.4=py312h_0"));
    options.form = present::ListForm::Canonical;
    const auto canonical = present::packageListing("/envs/x", records, options, context);
    QCOMPARE(canonical.text, std::string("numpy-1.26.4-py312h_0\nzlib-1.3-h0_0\n"));
    QVERIFY(canonical.json[0].is_object()); // --canonical --json: the records, as conda
}

void TestPresent::listPatternMatchesNamesIgnoringCase()
{
    const std::vector<specs::PackageRecord> records = {
        record("numpy", "1", "0"), record("numpy-base", "1", "0"), record("NumExpr", "2", "0")};
    const auto names = [](const auto& found) {
        std::string out;
        for (const auto& r : *found) {
            out += r.name + " ";
        }
        return out;
    };
    QCOMPARE(names(ops::packagesMatching(records, "NUM", false)),
             std::string("numpy numpy-base NumExpr "));
    QCOMPARE(names(ops::packagesMatching(records, "numpy", true)), std::string("numpy "));
    QCOMPARE(names(ops::packagesMatching(records, "", true)),
             std::string("numpy numpy-base NumExpr "));
    const auto invalid = ops::packagesMatching(records, "num(py", false);
    QVERIFY(!invalid);
    QVERIFY(invalid.error().message().starts_with("invalid regular expression 'num(py': "));
}

void TestPresent::failuresAreMaskedInTextAndJson()
{
    const present::CondaFailure failure{
        "CondaHTTPError",
        "https://user:s3cret@mirror.example/t/tk-0123456789abcdef/conda-forge: \x1b[31mdown",
        {{"channel_urls", {"https://mirror.example/t/tk-0123456789abcdef/main"}}}};
    const std::string text = present::failureText(failure);
    const std::string json = present::failureJson(failure).dump();
    for (const std::string& shown : {text, json}) {
        QVERIFY2(shown.find("s3cret") == std::string::npos, shown.c_str());
        QVERIFY2(shown.find("tk-0123456789abcdef") == std::string::npos, shown.c_str());
        QVERIFY2(shown.find('\x1b') == std::string::npos, shown.c_str());
    }
    QVERIFY(text.starts_with("CondaHTTPError: "));
    const auto document = present::failureJson(failure);
    QCOMPARE(document["exception_name"].get<std::string>(), std::string("CondaHTTPError"));
    QCOMPARE(document["error"].get<std::string>(),
             "CondaHTTPError: " + document["message"].get<std::string>());
}

void TestPresent::refusalsCarryCondasNamesAndFields()
{
    ops::ChangeRefusal missing;
    missing.reason = ops::ChangeRefusal::Reason::MissingFromPrefix;
    missing.packages = {"scipy"};
    const auto failure = present::changeRefusalFailure(missing, "/envs/x");
    QCOMPARE(failure.exceptionName, std::string("PackagesNotFoundError"));
    QCOMPARE(failure.extra["packages"][0].get<std::string>(), std::string("scipy"));
    QVERIFY(failure.extra["channel_urls"].is_array());

    ops::ChangeRefusal stopped;
    stopped.reason = ops::ChangeRefusal::Reason::ChannelUnreachable;
    stopped.error = envdesk::util::Error{envdesk::util::ErrorCode::Cancelled, "stopped", {}};
    QCOMPARE(present::changeRefusalFailure(stopped, "/envs/x").exceptionName,
             std::string("KeyboardInterrupt"));
    ops::ChangeRefusal stoppedIndexing;
    stoppedIndexing.reason = ops::ChangeRefusal::Reason::ChannelUnreadable;
    stoppedIndexing.error =
        envdesk::util::Error{envdesk::util::ErrorCode::Cancelled, "stopped", {}};
    QCOMPARE(present::changeRefusalFailure(stoppedIndexing, "/envs/x").exceptionName,
             std::string("KeyboardInterrupt"));
    QCOMPARE(present::errorException(
                 envdesk::util::Error{envdesk::util::ErrorCode::PermissionDenied, "no", {}}, "X"),
             std::string("EnvironmentNotWritableError"));
    QCOMPARE(std::string(present::refusalException(ops::Refusal::Reason::DestinationExists)),
             std::string("CondaEnvException"));
    // A clone into a folder that is not empty is named as create names it; a stop as conda.
    QCOMPARE(std::string(present::refusalException(ops::Refusal::Reason::TargetNotEmpty)),
             std::string("CondaValueError"));
    QCOMPARE(std::string(present::refusalException(ops::Refusal::Reason::Stopped)),
             std::string("KeyboardInterrupt"));
}

void TestPresent::progressLinesEscapeWhatChannelsAndPackagesSay()
{
    envdesk::repodata::FetchProgress fetch{3, 8, 12'345'678,
                                           "https://mirror.example/t/tk-0123456789abcdef/x"};
    const std::string line = present::fetchProgressLine(fetch);
    QVERIFY2(line.starts_with("Fetching repodata 3/8 \u00b7 12.3 MB https://mirror.example/t/"),
             line.c_str());
    QVERIFY(line.find("tk-0123456789abcdef") == std::string::npos);
    QCOMPARE(present::shardProgressLine({12, 40, 210'000}),
             std::string("Fetching shards 12/40 \u00b7 0.21 MB"));
    ops::ApplyProgress install;
    install.phase = ops::ApplyProgress::Phase::Link;
    install.done = 2;
    install.total = 9;
    install.current = "evil\x1b]0;title\x07";
    const std::string installing = present::transactionProgressLine(install);
    QVERIFY2(installing.starts_with("Installing 3/9 evil"), installing.c_str());
    QVERIFY(installing.find('\x1b') == std::string::npos);
    install.phase = ops::ApplyProgress::Phase::Download;
    install.done = 1'500'000;
    QCOMPARE(present::transactionProgressLine(install), std::string("Downloading 1.5 MB"));
    QCOMPARE(present::indexProgressLine({"https://example.org/c/linux-64", 16384, false}),
             std::string("Indexing 16384 records of https://example.org/c/linux-64"));
    install.phase = ops::ApplyProgress::Phase::Waiting;
    QVERIFY(present::transactionProgressLine(install).empty());
}

QTEST_APPLESS_MAIN(TestPresent)
#include "tst_present.moc"
