// environment.yml: every real file in shared/fixtures/envs (parsed for three platforms, formatted
// and read back, cut short and damaged without a crash), conda's keys and warnings, conda-lock and
// micromamba selectors, errors with file:line:column, and conda env export's exact layout.

#include "core/envfile/environment_file.h"
#include "core/util/strings.h"
#include "vector_file.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using envdesk::envfile::EnvironmentFile;
using envdesk::envfile::ParseOptions;
namespace envfile = envdesk::envfile;
namespace util = envdesk::util;

Q_DECLARE_METATYPE(std::string)

// Skips the test, with a message, where shared/ is not checked out next to the repository.
#define REQUIRE_ENV_FIXTURES()                                                                     \
    do {                                                                                           \
        if (!QDir(envsDir()).exists())                                                             \
            QSKIP("../shared/fixtures/envs is absent: the real environment files cannot be read"); \
    } while (false)

namespace {

using Variables = std::vector<std::pair<std::string, std::string>>;

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

QStringList qsl(const std::vector<std::string>& list)
{
    QStringList out;
    for (const std::string& item : list) {
        out << qs(item);
    }
    return out;
}

// ASCII literals as a QStringList (QT_NO_CAST_FROM_ASCII is on).
QStringList sl(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* item : items) {
        out << QString::fromUtf8(item);
    }
    return out;
}

QString textOf(const std::optional<std::string>& text)
{
    return text ? qs(*text) : QStringLiteral("<unset>");
}

QString envsDir()
{
    return envdesk::test::fixturesDir() + QStringLiteral("/envs");
}

std::string fixturePath(const QString& name)
{
    return (envsDir() + QStringLiteral("/") + name).toStdString();
}

util::Result<EnvironmentFile> readFixture(const char* name, const char* platform = "linux-64")
{
    return envfile::readEnvironmentFile(fixturePath(QString::fromUtf8(name)),
                                        ParseOptions{platform});
}

util::Result<EnvironmentFile> parse(const std::string& text, const char* platform = "linux-64")
{
    return envfile::parseEnvironmentFile(text, "env.yml", ParseOptions{platform});
}

// QVERIFY2 builds its message whether or not the check fails, so it must be safe to build.
QByteArray joined(const std::vector<std::string>& lines)
{
    QByteArray out;
    for (const std::string& line : lines) {
        out += QByteArray::fromStdString(line) + '\n';
    }
    return out;
}

QByteArray messageOf(const util::Error& error)
{
    return QByteArray::fromStdString(error.message());
}

QByteArray messageOf(const util::Result<EnvironmentFile>& result)
{
    return result ? QByteArray("parsed") : messageOf(result.error());
}

// "path:line:column" naming `path`, a line of the text and a column, or an explanation of why not.
QString checkContext(const util::Error& error, const std::string& path, qsizetype lineCount)
{
    static const QRegularExpression where(QStringLiteral("^(.*):(\\d+):(\\d+)$"));
    const QRegularExpressionMatch match = where.match(qs(error.context));
    if (!match.hasMatch() || match.captured(1) != qs(path)) {
        return QStringLiteral("context is not path:line:column: ") + qs(error.message());
    }
    const int line = match.captured(2).toInt();
    if (line < 1 || line > lineCount + 1 || match.captured(3).toInt() < 1) {
        return QStringLiteral("line or column out of range: ") + qs(error.message());
    }
    if (error.detail.empty()) {
        return QStringLiteral("no detail: ") + qs(error.message());
    }
    return {};
}

EnvironmentFile withoutWarnings(EnvironmentFile file)
{
    file.warnings.clear();
    return file;
}

// format -> parse gives the same file, and formatting that again gives the same text.
QString checkRoundTrip(const EnvironmentFile& file)
{
    const std::string text = envfile::formatEnvironmentFile(file);
    const auto reread = parse(text);
    if (!reread) {
        return QStringLiteral("the formatted file does not parse: ") + qs(reread.error().message())
               + QStringLiteral("\n") + qs(text);
    }
    if (!(withoutWarnings(*reread) == withoutWarnings(file))) {
        return QStringLiteral("read back differently:\n") + qs(text) + QStringLiteral("---\n")
               + qs(envfile::formatEnvironmentFile(*reread));
    }
    if (envfile::formatEnvironmentFile(*reread) != text) {
        return QStringLiteral("formatting is not stable:\n") + qs(text);
    }
    return {};
}

QString readText(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

} // namespace

class TestEnvironmentFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyFixture_data();
    void everyFixture();
    void damagedFixtures_data();
    void damagedFixtures();

    void validKeys();
    void invalidKeysWarn();
    void channelsWithVariables();
    void advancedPipOptions();
    void pipItemsAsWritten();
    void variablesFixture();
    void exportedFixture();
    void specFixtures();

    void condaLockSelectors_data();
    void condaLockSelectors();
    void mambaSelectors_data();
    void mambaSelectors();
    void selectorExpressions_data();
    void selectorExpressions();
    void selectorBlocks();
    void selectorsKeepLineNumbers();
    void commentsThatAreNotSelectors();

    void specsKeptAsWritten();
    void pipWarnings();
    void expandVariables_data();
    void expandVariables();

    void errors_data();
    void errors();
    void unreadableFiles();
    void hostileInputs();
    void lineEndsAndByteOrderMark();

    void exportLayout();
    void exportLayoutOfRealExports_data();
    void exportLayoutOfRealExports();
    void quotingRoundTrip_data();
    void quotingRoundTrip();
};

// ---------------------------------------------------------------------------------------------
// Every fixture

void TestEnvironmentFile::everyFixture_data()
{
    REQUIRE_ENV_FIXTURES();
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(envsDir()).entryList(QDir::Files, QDir::Name);
    if (files.isEmpty()) {
        QSKIP("../shared/fixtures/envs holds no files");
    }
    for (const QString& file : files) {
        QTest::newRow(file.toUtf8().constData()) << file;
    }
}

void TestEnvironmentFile::everyFixture()
{
    QFETCH(QString, file);
    const std::string path = fixturePath(file);
    for (const char* platform : {"linux-64", "osx-arm64", "win-64"}) {
        const auto result = envfile::readEnvironmentFile(path, ParseOptions{platform});
        // Every file here is one that conda, conda-lock or micromamba reads.
        QVERIFY2(result, messageOf(result).constData());
        for (const std::string& warning : result->warnings) {
            QVERIFY2(warning.rfind(path + ":", 0) == 0, warning.c_str());
        }
        const QString roundTrip = checkRoundTrip(*result);
        QVERIFY2(roundTrip.isEmpty(), qPrintable(roundTrip));
    }
}

void TestEnvironmentFile::damagedFixtures_data()
{
    everyFixture_data();
}

// Cut short anywhere or with a stray indicator inserted, a file parses or is rejected with its
// path, a line and a column; it never crashes or throws.
void TestEnvironmentFile::damagedFixtures()
{
    QFETCH(QString, file);
    const std::string path = fixturePath(file);
    const std::string text = readText(QString::fromStdString(path)).toStdString();
    const qsizetype lineCount = qs(text).count(QLatin1Char('\n')) + 1;
    // Denser in small files, thinner in the large exports, so the whole run stays quick.
    const std::size_t cutStep = std::max<std::size_t>(7, text.size() / 100);
    const std::size_t insertStep = std::max<std::size_t>(31, text.size() / 40);
    std::vector<std::string> variants;
    for (std::size_t cut = 0; cut < text.size(); cut += cutStep) {
        variants.push_back(text.substr(0, cut));
    }
    const std::vector<std::string> inserts = {"[",   "{",   ": ", "- ",         "\t",
                                              "&a ", "*a ", "\"", "'",          " # [",
                                              "? ",  "|",   "%",  "\n  x: y\n", "\xff"};
    for (std::size_t at = 0; at < text.size(); at += insertStep) {
        for (const std::string& insert : inserts) {
            variants.push_back(text.substr(0, at) + insert + text.substr(at));
        }
    }
    int rejected = 0;
    for (const std::string& variant : variants) {
        const auto result = envfile::parseEnvironmentFile(variant, path, ParseOptions{"linux-64"});
        if (result) {
            continue;
        }
        ++rejected;
        QVERIFY2(result.error().code == util::ErrorCode::ParseError, messageOf(result).constData());
        const QString problem = checkContext(result.error(), path, lineCount + 1);
        QVERIFY2(problem.isEmpty(), qPrintable(problem + QStringLiteral("\n") + qs(variant)));
    }
    QVERIFY(rejected > 0);
}

// ---------------------------------------------------------------------------------------------
// Fixtures with known content

void TestEnvironmentFile::validKeys()
{
    REQUIRE_ENV_FIXTURES();
    const auto result = readFixture("conda__valid_keys.yml");
    QVERIFY2(result, messageOf(result).constData());
    QCOMPARE(textOf(result->name), QStringLiteral("nlp"));
    QCOMPARE(qsl(result->channels), sl({"anaconda"}));
    QCOMPARE(qsl(result->dependencies), sl({"nltk"}));
    QVERIFY(!result->pip);
    QVERIFY(result->variables == Variables({{"VARIABLE", "value"}}));
    QCOMPARE(textOf(result->prefix), QStringLiteral("/something/miniconda/envs/test"));
    QVERIFY2(result->warnings.empty(), joined(result->warnings).constData());
}

void TestEnvironmentFile::invalidKeysWarn()
{
    REQUIRE_ENV_FIXTURES();
    const auto result = readFixture("conda__invalid_keys.yml");
    QVERIFY2(result, messageOf(result).constData());
    // conda ignores every one of these keys, so nothing is read.
    QVERIFY(!result->name);
    QVERIFY(result->channels.empty());
    QVERIFY(result->dependencies.empty());
    QVERIFY(!result->prefix);
    const std::string path = fixturePath(QStringLiteral("conda__invalid_keys.yml"));
    QCOMPARE(qsl(result->warnings),
             QStringList({qs(path + ":1:1: unknown key 'names' is ignored; did you mean 'name'?"),
                          qs(path
                             + ":2:1: unknown key 'chanels' is ignored; did you mean "
                               "'channels'?"),
                          qs(path
                             + ":4:1: unknown key 'dependecies' is ignored; did you mean "
                               "'dependencies'?"),
                          qs(path
                             + ":6:1: unknown key 'prefis' is ignored; did you mean "
                               "'prefix'?")}));

    // conda-lock's own keys are not conda's: read, warned about, nothing else.
    const auto lock = readFixture("conda-lock__test-env-filter-platform__environment.yml");
    QVERIFY2(lock, messageOf(lock).constData());
    QCOMPARE(lock->warnings.size(), std::size_t(1));
    QVERIFY2(joined(lock->warnings)
                 .contains(":8:1: unknown key 'platforms' is ignored; conda reads only name, "
                           "channels, dependencies, variables and prefix"),
             joined(lock->warnings).constData());
}

void TestEnvironmentFile::channelsWithVariables()
{
    REQUIRE_ENV_FIXTURES();
    const auto result = readFixture("conda__channels_with_envvars.yml");
    QVERIFY2(result, messageOf(result).constData());
    QCOMPARE(textOf(result->name), QStringLiteral("nlp"));
    QCOMPARE(qsl(result->channels),
             sl({"https://localhost/t/${CONDA_TOKEN}/stable",
                 "https://localhost/t/${OTHER_KEY}/stable", "conda-forge", "defaults"}));
    const auto lookup = [](const std::string& name) -> std::optional<std::string> {
        if (name == "CONDA_TOKEN") {
            return std::string("tk-123");
        }
        return std::nullopt;
    };
    QCOMPARE(envfile::expandVariables(result->channels[0], lookup),
             std::string("https://localhost/t/tk-123/stable"));
    QCOMPARE(envfile::expandVariables(result->channels[1], lookup), result->channels[1]);
}

void TestEnvironmentFile::advancedPipOptions()
{
    REQUIRE_ENV_FIXTURES();
    const auto result = readFixture("conda__advanced-pip_env_template.yml");
    QVERIFY2(result, messageOf(result).constData());
    QCOMPARE(textOf(result->name), QStringLiteral("advanced-pip-example"));
    QVERIFY(result->channels.empty());
    QCOMPARE(qsl(result->dependencies), sl({"pip"}));
    QVERIFY(result->pip);
    QCOMPARE(qsl(*result->pip), sl({"--index-url https://pypi.doubanio.com/simple",
                                    "--extra-index-url https://pypi.python.org/simple",
                                    "xmltodict==0.10.2", "-e git+{ARGH_PATH_PLACEHOLDER}#egg=argh",
                                    "-e ./module_to_install_in_editable_mode",
                                    "-r another-project-requirements.txt"}));
    QVERIFY2(result->warnings.empty(), joined(result->warnings).constData());
}

void TestEnvironmentFile::pipItemsAsWritten()
{
    REQUIRE_ENV_FIXTURES();
    const auto vqgan = readFixture("rattler__asymmetric_vqgan.environment.yaml");
    QVERIFY2(vqgan, messageOf(vqgan).constData());
    QVERIFY(!vqgan->name); // "# name: ldm" is a comment
    QCOMPARE(qsl(vqgan->channels), sl({"pytorch", "defaults"}));
    QCOMPARE(vqgan->pip->size(), std::size_t(19));
    QCOMPARE(vqgan->pip->front(), std::string("albumentations==0.4.3"));
    QCOMPARE(vqgan->pip->back(), std::string("-e ."));
    QCOMPARE(vqgan->pip->at(16),
             std::string("-e git+https://github.com/CompVis/taming-transformers.git@master"
                         "#egg=taming-transformers"));

    const auto hashed = readFixture("conda-lock__test-pip-hash-checking__environment.yml");
    QVERIFY2(hashed, messageOf(hashed).constData());
    QCOMPARE(qsl(*hashed->pip), sl({"flit-core === 3.9.0 --hash=sha256:1234"}));

    const auto fullUrl = readFixture("conda-lock__test-pip-full-url__environment.yml");
    QVERIFY2(fullUrl, messageOf(fullUrl).constData());
    QCOMPARE(fullUrl->pip->at(1),
             std::string("typing-extensions @ https://files.pythonhosted.org/packages/24/21/"
                         "7d397a4b7934ff4028987914ac1044d3b7d52712f30e2ac7a2ae5bc86dd0/"
                         "typing_extensions-4.8.0-py3-none-any.whl#sha256="
                         "8f92fc8806f9a6b641eaa5318da32b44d401efaac0f6678c9bc448ba3605faa0"));

    const auto extras = readFixture("pixi__test_env.yml");
    QVERIFY2(extras, messageOf(extras).constData());
    QCOMPARE(extras->pip->at(0), std::string("package1 ==1.0.0"));
    QCOMPARE(extras->pip->back(), std::string("package14[extra1,extra2]<=14.0.0"));
}

void TestEnvironmentFile::variablesFixture()
{
    REQUIRE_ENV_FIXTURES();
    const auto result = readFixture("rattler__variables.environment.yaml");
    QVERIFY2(result, messageOf(result).constData());
    QCOMPARE(textOf(result->name), QStringLiteral("test"));
    QCOMPARE(qsl(result->dependencies), sl({"numpy"}));
    QVERIFY(result->variables == Variables({{"MY_ENV_VAR", "My Value"}}));

    const auto pinned = readFixture("conda__environment_pinned.yml");
    QVERIFY2(pinned, messageOf(pinned).constData());
    QVERIFY(pinned->variables
            == Variables({{"FIXED", "fixed"},
                          {"CHANGES", "original_value"},
                          {"GETS_DELETED", "not_actually_removed_though"}}));
}

void TestEnvironmentFile::exportedFixture()
{
    REQUIRE_ENV_FIXTURES();
    const auto result = readFixture("gboeing__linux_environment.yml");
    QVERIFY2(result, messageOf(result).constData());
    QCOMPARE(textOf(result->name), QStringLiteral("base"));
    QCOMPARE(qsl(result->channels), sl({"conda-forge", "defaults"}));
    QCOMPARE(result->dependencies.size(), std::size_t(185));
    QCOMPARE(result->dependencies.front(), std::string("_libgcc_mutex=0.1=conda_forge"));
    QVERIFY(std::find(result->dependencies.begin(), result->dependencies.end(),
                      "pip=21.1.1=pyhd8ed1ab_0")
            != result->dependencies.end());
    QCOMPARE(result->pip->size(), std::size_t(25));
    QCOMPARE(result->pip->back(), std::string("zope-cachedescriptors==4.3.1"));
    QCOMPARE(textOf(result->prefix), QStringLiteral("/home/geoff/miniconda3"));

    const auto windows = readFixture("gboeing__win_environment.yml", "win-64");
    QVERIFY2(windows, messageOf(windows).constData());
    QCOMPARE(textOf(windows->prefix), QStringLiteral("C:\\Users\\Geoff\\miniconda3"));
    QVERIFY(!windows->pip);
}

void TestEnvironmentFile::specFixtures()
{
    REQUIRE_ENV_FIXTURES();
    const auto spaces = readFixture("mamba__env-extra-white-space.yaml");
    QVERIFY2(spaces, messageOf(spaces).constData());
    QCOMPARE(qsl(spaces->dependencies),
             sl({"python > 3.11", "numpy < 2.0", "scipy   >=    1.5.0,  < 2.0.0",
                 "scikit-learn >1.0.0"}));

    const auto flow = readFixture("mamba__env_1.yaml");
    QVERIFY2(flow, messageOf(flow).constData());
    QCOMPARE(qsl(flow->channels), sl({"conda-forge", "bioconda"}));

    const auto ml = readFixture("pangeo__ml-notebook.environment.yml");
    QVERIFY2(ml, messageOf(ml).constData());
    QCOMPARE(qsl(ml->channels), sl({"conda-forge", "nodefaults"}));
    QCOMPARE(ml->dependencies.at(3), std::string("jaxlib>=0.4.31=cuda12*"));

    const auto inversion = readFixture("rattler__channel_inversion.environment.yaml");
    QVERIFY2(inversion, messageOf(inversion).constData());
    QCOMPARE(qsl(inversion->dependencies), sl({"cudf", "conda-forge::cuda-python"}));

    // A document that starts with "---" is still one document.
    const auto marker = readFixture("pixi__let-plot.yml");
    QVERIFY2(marker, messageOf(marker).constData());
    QCOMPARE(textOf(marker->name), QStringLiteral("lets-plot-python-module"));
    QCOMPARE(qsl(*marker->pip), sl({"pypng", "palettable"}));

    const auto spacedName = readFixture("mamba__env-requires-pip-install-with-spaces.yaml");
    QVERIFY2(spacedName, messageOf(spacedName).constData());
    QCOMPARE(textOf(spacedName->name), QStringLiteral("test env with spaces"));
}

// ---------------------------------------------------------------------------------------------
// Selectors

void TestEnvironmentFile::condaLockSelectors_data()
{
    REQUIRE_ENV_FIXTURES();
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("platform");
    QTest::addColumn<QStringList>("dependencies");
    QTest::addColumn<QStringList>("pip");
    const QString filter = QStringLiteral("conda-lock__test-env-filter-platform__environment.yml");
    QTest::newRow("filter linux-64") << filter << QStringLiteral("linux-64")
                                     << sl({"python <3.11", "gcc_linux-64>=6"}) << QStringList();
    QTest::newRow("filter osx-arm64") << filter << QStringLiteral("osx-arm64")
                                      << sl({"python <3.11", "clang_osx-arm64"}) << QStringList();
    QTest::newRow("filter osx-64") << filter << QStringLiteral("osx-64")
                                   << sl({"python <3.11", "clang_osx-64"}) << QStringList();
    QTest::newRow("filter win-64")
        << filter << QStringLiteral("win-64") << sl({"python <3.11"}) << QStringList();
    const QString pip =
        QStringLiteral("conda-lock__test-pip-with-platform-selector__environment.yml");
    QTest::newRow("pip linux-64") << pip << QStringLiteral("linux-64") << sl({"tomli"})
                                  << sl({"psutil"});
    QTest::newRow("pip osx-arm64")
        << pip << QStringLiteral("osx-arm64") << sl({"tomli"}) << QStringList();
}

void TestEnvironmentFile::condaLockSelectors()
{
    QFETCH(QString, file);
    QFETCH(QString, platform);
    QFETCH(QStringList, dependencies);
    QFETCH(QStringList, pip);
    const auto result =
        envfile::readEnvironmentFile(fixturePath(file), ParseOptions{platform.toStdString()});
    QVERIFY2(result, messageOf(result).constData());
    QCOMPARE(qsl(result->dependencies), dependencies);
    QCOMPARE(result->pip ? qsl(*result->pip) : QStringList(), pip);
}

void TestEnvironmentFile::mambaSelectors_data()
{
    REQUIRE_ENV_FIXTURES();
    QTest::addColumn<QString>("platform");
    QTest::addColumn<QStringList>("dependencies");
    QTest::newRow("linux-64") << QStringLiteral("linux-64")
                              << sl({"test1-unix", "test1-linux", "test2-linux", "test4"});
    QTest::newRow("osx-arm64") << QStringLiteral("osx-arm64")
                               << sl({"test1-unix", "test1-osx", "test4"});
    QTest::newRow("win-64") << QStringLiteral("win-64") << sl({"test1-win", "test4"});
}

void TestEnvironmentFile::mambaSelectors()
{
    QFETCH(QString, platform);
    QFETCH(QStringList, dependencies);
    const auto result = envfile::readEnvironmentFile(
        fixturePath(QStringLiteral("mamba__env_2.yaml")), ParseOptions{platform.toStdString()});
    QVERIFY2(result, messageOf(result).constData());
    QCOMPARE(qsl(result->dependencies), dependencies);
}

void TestEnvironmentFile::selectorExpressions_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("platform");
    QTest::addColumn<QString>("expected"); // "true", "false" or an error's words
    const auto row = [](const char* expression, const char* platform, const char* expected) {
        QTest::addRow("[%s] %s", expression, platform)
            << QString::fromUtf8(expression) << QString::fromUtf8(platform)
            << QString::fromUtf8(expected);
    };
    row("linux", "linux-64", "true");
    row("linux", "linux-aarch64", "true");
    row("linux", "osx-64", "false");
    row("osx", "osx-arm64", "true");
    row("win", "win-64", "true");
    row("unix", "osx-64", "true");
    row("unix", "linux-ppc64le", "true");
    row("unix", "win-64", "false");
    row("linux64", "linux-64", "true");
    row("linux64", "linux-aarch64", "false");
    row("linux32", "linux-32", "true");
    row("osx64", "osx-64", "true");
    row("osx64", "osx-arm64", "false");
    row("win64", "win-64", "true");
    row("win32", "win-64", "false");
    row("arm64", "osx-arm64", "true");
    row("arm64", "linux-aarch64", "false");
    row("aarch64", "linux-aarch64", "true");
    row("ppc64le", "linux-ppc64le", "true");
    row("x86_64", "linux-64", "true");
    row("x86_64", "osx-arm64", "false");
    row("x86", "win-32", "true");
    row("x86", "win-64", "true");
    row("x86", "linux-aarch64", "false");
    row("linux-64", "linux-64", "true");
    row("osx-arm64", "linux-64", "false");
    row("osx and arm64", "osx-arm64", "true");
    row("osx and arm64", "osx-64", "false");
    row("not win", "linux-64", "true");
    row("not not win", "win-64", "true");
    row("linux or osx", "win-64", "false");
    row("(linux or osx) and not arm64", "osx-64", "true");
    row("(linux or osx) and not arm64", "osx-arm64", "false");
    row("win and (x86_64 or arm64)", "win-arm64", "true");
    row("linux and x86_64 or win", "win-64", "true");
    row("  linux  ", "linux-64", "true");
    row("", "linux-64", "it is empty");
    row("py38", "linux-64", "unknown name 'py38'");
    row("py>=38", "linux-64", "'>' is not understood");
    row("linux and", "linux-64", "it ends where a name was expected");
    row("(linux", "linux-64", "a '(' is not closed");
    row("linux )", "linux-64", "unexpected ')'");
    row("linux win", "linux-64", "unexpected 'win'");
    row("and linux", "linux-64", "unexpected 'and'");
    // A name is checked even where the answer is already known.
    row("win and py38", "linux-64", "unknown name 'py38'");
}

void TestEnvironmentFile::selectorExpressions()
{
    QFETCH(QString, expression);
    QFETCH(QString, platform);
    QFETCH(QString, expected);
    const auto result = envfile::evaluateSelector(expression.toStdString(), platform.toStdString());
    if (expected == QStringLiteral("true") || expected == QStringLiteral("false")) {
        QVERIFY2(result, messageOf(result.ok() ? util::Error{} : result.error()).constData());
        QCOMPARE(*result, expected == QStringLiteral("true"));
        return;
    }
    QVERIFY2(!result, "evaluated, expected an error");
    QVERIFY2(qs(result.error().detail).contains(expected), result.error().detail.c_str());
}

void TestEnvironmentFile::selectorBlocks()
{
    // A false selector on `- pip:` drops the whole pip list, not just its first line.
    const std::string text = "dependencies:\n"
                             "  - numpy\n"
                             "  - pip:  # [win]\n"
                             "    - requests\n"
                             "\n"
                             "    - rich\n"
                             "  - scipy\n";
    const auto linux = parse(text, "linux-64");
    QVERIFY2(linux, messageOf(linux).constData());
    QCOMPARE(qsl(linux->dependencies), sl({"numpy", "scipy"}));
    QVERIFY(!linux->pip);
    const auto windows = parse(text, "win-64");
    QVERIFY2(windows, messageOf(windows).constData());
    QCOMPARE(qsl(*windows->pip), sl({"requests", "rich"}));

    // A key's list may sit at the key's own indentation.
    const auto compact = parse("dependencies:  # [osx]\n- a\n- b\nname: x\n", "linux-64");
    QVERIFY2(compact, messageOf(compact).constData());
    QVERIFY(compact->dependencies.empty());
    QCOMPARE(textOf(compact->name), QStringLiteral("x"));

    // A whole key can be chosen per platform.
    const std::string variables = "variables:  # [unix]\n"
                                  "  SHELL_KIND: posix\n"
                                  "variables:  # [win]\n"
                                  "  SHELL_KIND: cmd\n";
    const auto unix = parse(variables, "osx-arm64");
    QVERIFY2(unix, messageOf(unix).constData());
    QVERIFY(unix->variables == Variables({{"SHELL_KIND", "posix"}}));
    const auto win = parse(variables, "win-64");
    QVERIFY2(win, messageOf(win).constData());
    QVERIFY(win->variables == Variables({{"SHELL_KIND", "cmd"}}));

    // The empty platform means the one this build runs on.
    const auto host = envfile::parseEnvironmentFile("dependencies:\n  - a  # [linux]\n  - b  # "
                                                    "[not linux]\n",
                                                    "env.yml");
    QVERIFY2(host, messageOf(host).constData());
    QCOMPARE(host->dependencies.size(), std::size_t(1));
}

void TestEnvironmentFile::selectorsKeepLineNumbers()
{
    const std::string text = "dependencies:\n"
                             "  - a  # [win]\n"
                             "  - pip:  # [win]\n"
                             "    - b\n"
                             "  - c: d\n";
    const auto result = parse(text, "linux-64");
    QVERIFY(!result);
    QCOMPARE(result.error().context, std::string("env.yml:5:5"));

    const auto badSelector = parse("dependencies:\n  - numpy   # [linux and py38]\n");
    QVERIFY(!badSelector);
    QCOMPARE(badSelector.error().context, std::string("env.yml:2:15"));
    QVERIFY2(badSelector.error().detail.find("unknown name 'py38'") != std::string::npos,
             badSelector.error().detail.c_str());
}

void TestEnvironmentFile::commentsThatAreNotSelectors()
{
    const std::string text = "dependencies:\n"
                             "  # [win]\n"
                             "  - \"quoted # [win]\"\n"
                             "  - numpy  # see [1] below\n"
                             "  - don't  # [osx]\n"
                             "  - url#[win]\n"
                             "  - 'it''s # [win]'  # [linux]\n";
    const auto result = parse(text, "linux-64");
    QVERIFY2(result, messageOf(result).constData());
    QCOMPARE(qsl(result->dependencies),
             sl({"quoted # [win]", "numpy", "url#[win]", "it's # [win]"}));
}

// ---------------------------------------------------------------------------------------------
// Content rules

void TestEnvironmentFile::specsKeptAsWritten()
{
    const std::string text = "name: demo   \n"
                             "channels:\n"
                             "  - conda-forge\n"
                             "  - nodefaults\n"
                             "dependencies:\n"
                             "  - 3.9\n"
                             "  - python=3.9   \n"
                             "  - conda-forge::numpy\n"
                             "  - numpy >=1.21  # a comment\n"
                             "  - pytorch[build=*cuda*]\n"
                             "  - \"  scipy \"\n"
                             "  - true\n"
                             "  - pip\n"
                             "  - pip:\n"
                             "    - --index-url https://example.org/simple\n"
                             "    - requests\n";
    const auto result = parse(text);
    QVERIFY2(result, messageOf(result).constData());
    QCOMPARE(textOf(result->name), QStringLiteral("demo"));
    QCOMPARE(qsl(result->channels), sl({"conda-forge", "nodefaults"}));
    QCOMPARE(qsl(result->dependencies),
             sl({"3.9", "python=3.9", "conda-forge::numpy", "numpy >=1.21", "pytorch[build=*cuda*]",
                 "scipy", "true", "pip"}));
    QCOMPARE(qsl(*result->pip), sl({"--index-url https://example.org/simple", "requests"}));
    QVERIFY2(result->warnings.empty(), joined(result->warnings).constData());

    // Empty sections read as empty, not as errors; an empty pip: is a (present) empty list.
    const auto empty = parse("name:\nchannels:\ndependencies:\n  - pip:\nvariables:\n");
    QVERIFY2(empty, messageOf(empty).constData());
    QVERIFY(!empty->name);
    QVERIFY(empty->channels.empty());
    QVERIFY(empty->pip && empty->pip->empty());
    QVERIFY(empty->variables.empty());

    // Variables keep their text: numbers, booleans and quoted spaces as written.
    const auto variables =
        parse("variables:\n  A: 1\n  B: true\n  C: \" padded \"\n  D:\n  E: '007'\n");
    QVERIFY2(variables, messageOf(variables).constData());
    QVERIFY(variables->variables
            == Variables({{"A", "1"}, {"B", "true"}, {"C", " padded "}, {"D", ""}, {"E", "007"}}));
}

void TestEnvironmentFile::pipWarnings()
{
    const auto missing = parse("dependencies:\n  - python\n  - pip:\n    - requests\n");
    QVERIFY2(missing, messageOf(missing).constData());
    QCOMPARE(qsl(missing->warnings),
             sl({"env.yml:3:5: the pip list has entries but pip is not among the dependencies"}));

    for (const char* spec : {"pip", "pip>=23", "conda-forge::pip", "PIP =23.1", "pip[build=py*]"}) {
        const auto named =
            parse(std::string("dependencies:\n  - ") + spec + "\n  - pip:\n    - requests\n");
        QVERIFY2(named, messageOf(named).constData());
        QVERIFY2(named->warnings.empty(), spec);
    }
    const auto pipx = parse("dependencies:\n  - pipx\n  - pip:\n    - requests\n");
    QVERIFY2(pipx, messageOf(pipx).constData());
    QCOMPARE(pipx->warnings.size(), std::size_t(1));

    // conda keeps the last pip: list (each item is a dict update) and so do we, saying so.
    const auto twice =
        parse("dependencies:\n  - pip\n  - pip:\n    - a\n  - numpy\n  - pip:\n    - b\n");
    QVERIFY2(twice, messageOf(twice).constData());
    QCOMPARE(qsl(*twice->pip), sl({"b"}));
    QCOMPARE(qsl(twice->dependencies), sl({"pip", "numpy"}));
    QCOMPARE(qsl(twice->warnings),
             sl({"env.yml:6:5: a second 'pip:' list replaces the one at line 3"}));
}

void TestEnvironmentFile::expandVariables_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* text, const char* expected) {
        QTest::newRow(text) << QString::fromUtf8(text) << QString::fromUtf8(expected);
    };
    row("https://host/t/${TOKEN}/stable", "https://host/t/secret/stable");
    row("https://host/t/$TOKEN/stable", "https://host/t/secret/stable");
    row("$USER_NAME@$HOST", "alice@example.org");
    row("${UNSET}/x", "${UNSET}/x");
    row("$UNSET/x", "$UNSET/x");
    row("${TOKEN", "${TOKEN");
    row("$", "$");
    row("$$TOKEN", "$secret");
    row("${}", "${}");
    row("cost: 5$", "cost: 5$");
    row("${EMPTY}x", "x");
    row("no variables", "no variables");
}

void TestEnvironmentFile::expandVariables()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const std::map<std::string, std::string> environment = {
        {"TOKEN", "secret"}, {"USER_NAME", "alice"}, {"HOST", "example.org"}, {"EMPTY", ""}};
    const auto lookup = [&](const std::string& name) -> std::optional<std::string> {
        const auto found = environment.find(name);
        return found == environment.end() ? std::nullopt : std::optional(found->second);
    };
    QCOMPARE(qs(envfile::expandVariables(text.toStdString(), lookup)), expected);
}

// ---------------------------------------------------------------------------------------------
// Errors

void TestEnvironmentFile::errors_data()
{
    QTest::addColumn<std::string>("text");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<QString>("context");
    const auto row = [](const std::string& text, const char* detail, const char* context) {
        // Names stay short: a row's text may be megabytes.
        const QByteArray name = QByteArray::fromStdString(text.substr(0, 100))
                                    .replace('\n', "\\n")
                                    .replace('\t', "\\t");
        QTest::newRow(name.constData())
            << text << QString::fromUtf8(detail) << QString::fromUtf8(context);
    };
    row("dependencies: numpy\n", "dependencies must be a list, not 'numpy'", "env.yml:1:15");
    row("dependencies:\n  - numpy\n  - foo: [a]\n",
        "unexpected mapping 'foo' in dependencies: only a 'pip:' list may appear there",
        "env.yml:3:5");
    row("dependencies:\n  - pip: [a]\n    conda: [b]\n", "unexpected mapping 'conda'",
        "env.yml:3:5");
    row("dependencies:\n  - [a, b]\n", "dependencies items must be strings, not a list",
        "env.yml:2:5");
    row("dependencies:\n  - numpy\n  -\n  - scipy\n",
        "dependencies items must be strings, not an empty item", "env.yml:3:3");
    row("dependencies:\n  -\n", "dependencies items must be strings, not an empty item",
        "env.yml:2:3");
    row("dependencies:\n  - pip:\n    - requests\n  -  # nothing\nname: x\n",
        "dependencies items must be strings, not an empty item", "env.yml:4:3");
    row("dependencies:\n  - a\n  - ~\n", "dependencies items must be strings, not an empty item",
        "env.yml:3:5");
    row("dependencies: [a, null]\n", "dependencies items must be strings, not an empty item",
        "env.yml:1:19");
    row("channels:\n  - a\n  - b\n\n  -   \n", "channels items must be strings, not an empty item",
        "env.yml:5:3");
    row("dependencies:\n  - \"\"\n", "dependencies items must be strings, not an empty item",
        "env.yml:2:5");
    row("dependencies:\n  - pip: numpy\n", "pip must be a list, not 'numpy'", "env.yml:2:10");
    row("dependencies:\n  - pip:\n    - {a: b}\n", "pip items must be strings, not a mapping",
        "env.yml:3:7");
    row("dependencies:\n  - sel(bogus): x\n", "unknown name 'bogus'", "env.yml:2:5");
    row("dependencies:\n  - sel(linux): [a]\n", "sel(linux) must hold one dependency, not a list",
        "env.yml:2:17");
    row("dependencies:\n  - numpy  # [py>=38]\n",
        "cannot evaluate the selector 'py>=38': '>' is not understood", "env.yml:2:14");
    row("name: [a]\n", "name must be a string, not a list", "env.yml:1:7");
    row("prefix: {a: 1}\n", "prefix must be a string, not a mapping", "env.yml:1:9");
    row("channels: conda-forge\n", "channels must be a list, not 'conda-forge'", "env.yml:1:11");
    row("channels:\n  - {a: b}\n", "channels items must be strings, not a mapping", "env.yml:2:5");
    row("variables: [a]\n", "variables must be a mapping of names to values, not a list",
        "env.yml:1:12");
    row("variables:\n  A: [1]\n", "variable 'A' must be a string, not a list", "env.yml:2:6");
    row("variables:\n  A: 1\n  A: 2\n", "duplicate variable 'A'", "env.yml:3:3");
    // A name that would be code in `export NAME=...` never reaches conda-meta/state.
    row("variables:\n  \"X=1;touch /tmp/p;Y\": v\n",
        "variable name 'X=1;touch /tmp/p;Y' is not one a shell can set", "env.yml:2:3");
    row("name: a\nchannels: []\nname: b\n", "duplicate key 'name' (first at line 1)",
        "env.yml:3:1");
    row("? [a, b]\n: c\n", "a top-level key must be a plain name, not a list", "env.yml:1:3");
    row("- a\n- b\n", "the top level must be a mapping of keys", "env.yml:1:1");
    row("just text\n", "the top level must be a mapping of keys", "env.yml:1:1");
    row("", "the file is empty", "env.yml:1:1");
    row("# only a comment\n", "the file is empty", "env.yml:1:1");
    row("name: a\n---\nname: b\n",
        "an environment file holds one YAML document; a second one starts here", "env.yml:2:1");
    row("name: a\n---\nb\n---\nc\n", "a second one starts here", "env.yml:2:1");
    // yaml-cpp 0.7's LoadAll never returns on these.
    row(",\n", "invalid YAML: unexpected ','", "env.yml:1:1");
    row("name: a\n...\n,\n", "invalid YAML: unexpected ','", "env.yml:3:1");
    row("dependencies:\n  - a\n,b\n", "invalid YAML", "env.yml:3:1");
    row("dependencies: [numpy\n", "invalid YAML", "env.yml:2:1");
    row("dependencies:\n\t- numpy\n", "invalid YAML", "env.yml:2:2");
    row("name: 'a' b\n", "invalid YAML: end of map not found", "env.yml:1:11");
    row("name: a\n  bad: indent\n", "invalid YAML", "env.yml:2:6");
    row("dependencies:\n  - *nowhere\n", "invalid YAML", "env.yml:2:5");
    // yaml-cpp made a cycle of this one and crashed on it (SIGSEGV).
    row("dependencies: &d\n  - *d\n", "unsafe YAML: an alias refers to the node that contains it",
        "env.yml:2:5");
    std::string laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (char name = 'b'; name <= 'i'; ++name) {
        const std::string alias = std::string("*") + char(name - 1);
        laughs += std::string(1, name) + ": &" + std::string(1, name) + " [" + alias;
        for (int j = 1; j < 9; ++j) {
            laughs += ", " + alias;
        }
        laughs += "]\n";
    }
    row(laughs + "dependencies: *i\n", "unsafe YAML: aliases expand to more than", "env.yml:6:8");
    row("dependencies: " + std::string(100, '[') + std::string(100, ']') + "\n",
        "unsafe YAML: mappings and lists nest more than 64 levels deep", "env.yml:1:78");
    row("dependencies: []\n" + std::string(64 * 1024 * 1024, '#'),
        "the file is 67108881 bytes, more than the 67108864 a YAML file may have", "env.yml");
}

void TestEnvironmentFile::errors()
{
    QFETCH(std::string, text);
    QFETCH(QString, detail);
    QFETCH(QString, context);
    const auto result = parse(text);
    QVERIFY2(!result, qPrintable(QStringLiteral("parsed, expected: ") + detail));
    QVERIFY(result.error().code == util::ErrorCode::ParseError);
    QVERIFY2(qs(result.error().detail).contains(detail), messageOf(result).constData());
    QCOMPARE(qs(result.error().context), context);
}

void TestEnvironmentFile::unreadableFiles()
{
    const QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string missing = (dir.path() + QStringLiteral("/missing.yml")).toStdString();
    const auto absent = envfile::readEnvironmentFile(missing);
    QVERIFY(!absent);
    QVERIFY(absent.error().code == util::ErrorCode::IoError);
    QCOMPARE(absent.error().context, missing);
    QVERIFY2(absent.error().detail.find(missing) != std::string::npos,
             messageOf(absent).constData());

    const auto folder = envfile::readEnvironmentFile(dir.path().toStdString());
    QVERIFY(!folder);
    QVERIFY(folder.error().code == util::ErrorCode::IoError);
    QVERIFY2(folder.error().detail.find("folder") != std::string::npos,
             messageOf(folder).constData());

    // A real file goes through the parser and its errors name it.
    const QString path = dir.path() + QStringLiteral("/environment.yml");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("name: x\ndependencies: 3\n");
    file.close();
    const auto bad = envfile::readEnvironmentFile(path.toStdString());
    QVERIFY(!bad);
    QCOMPARE(qs(bad.error().context), path + QStringLiteral(":2:15"));
}

// Deep nesting, NUL bytes, aliases and junk are rejected (or read) without a crash or a throw.
void TestEnvironmentFile::hostileInputs()
{
    const std::vector<std::string> inputs = {
        std::string(100000, '['),
        "dependencies:\n  - " + std::string(100000, '{'),
        "name: " + std::string(1000, '(') + " # [" + std::string(5000, '(') + "linux]\n",
        "dependencies:\n  - a  # [" + std::string(2000, 'n') + "]\n",
        "dependencies:\n  - a  # [" + std::string(500, '(') + "linux" + std::string(500, ')')
            + "]\n",
        std::string("name: a\0b\ndependencies:\n  - \0\n", 30),
        "a: &x [*x]\n",
        "dependencies: &d\n  - a\nchannels: *d\nvariables: {<<: {A: b}}\n",
        "!!binary name: x\n",
        "name: !!int 3\ndependencies: !custom [a]\n",
        "%YAML 1.2\n---\nname: x\n",
        "\xff\xfe\x00n\x00a\x00m\x00e",
        "dependencies:\n  - pip:\n      - a\n    - b\n",
        "? |\n  block\n: value\n",
    };
    for (const std::string& input : inputs) {
        const auto result = parse(input);
        if (!result) {
            QVERIFY2(!result.error().detail.empty(), messageOf(result).constData());
            QVERIFY2(result.error().context.rfind("env.yml", 0) == 0,
                     messageOf(result).constData());
        }
    }
    // Aliases are read as what they name.
    const auto aliased = parse("dependencies: &d\n  - a\nchannels: *d\n");
    QVERIFY2(aliased, messageOf(aliased).constData());
    QCOMPARE(qsl(aliased->channels), sl({"a"}));
}

void TestEnvironmentFile::lineEndsAndByteOrderMark()
{
    const std::string unix = "name: demo\nchannels:\n  - conda-forge\ndependencies:\n  - numpy  "
                             "# [linux]\n  - pywin32  # [win]\n";
    const auto expected = parse(unix);
    QVERIFY2(expected, messageOf(expected).constData());
    QCOMPARE(qsl(expected->dependencies), sl({"numpy"}));
    std::string crlf;
    for (const char c : unix) {
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    }
    for (const std::string& variant : {crlf, "\xEF\xBB\xBF" + unix, "\xEF\xBB\xBF" + crlf}) {
        const auto result = parse(variant);
        QVERIFY2(result, messageOf(result).constData());
        QVERIFY(*result == *expected);
    }
    const auto crlfError = parse("name: a\r\ndependencies: b\r\n");
    QVERIFY(!crlfError);
    QCOMPARE(crlfError.error().context, std::string("env.yml:2:15"));
}

// ---------------------------------------------------------------------------------------------
// Writing

void TestEnvironmentFile::exportLayout()
{
    EnvironmentFile file;
    file.name = "demo";
    file.channels = {"conda-forge", "defaults"};
    file.dependencies = {"python=3.11.5=hab00c5b_0_cpython", "pip=23.2.1=pyhd8ed1ab_0"};
    file.pip = std::vector<std::string>{"requests==2.31.0"};
    file.variables = {{"FOO", "bar"}};
    file.prefix = "/opt/envs/demo";
    const std::string expected = "name: demo\n"
                                 "channels:\n"
                                 "  - conda-forge\n"
                                 "  - defaults\n"
                                 "dependencies:\n"
                                 "  - python=3.11.5=hab00c5b_0_cpython\n"
                                 "  - pip=23.2.1=pyhd8ed1ab_0\n"
                                 "  - pip:\n"
                                 "    - requests==2.31.0\n"
                                 "variables:\n"
                                 "  FOO: bar\n"
                                 "prefix: /opt/envs/demo\n";
    QCOMPARE(envfile::formatEnvironmentFile(file), expected);
    const QString roundTrip = checkRoundTrip(file);
    QVERIFY2(roundTrip.isEmpty(), qPrintable(roundTrip));

    // What is not set is not written; an empty pip list stays a pip list.
    EnvironmentFile bare;
    bare.dependencies = {"numpy"};
    QCOMPARE(envfile::formatEnvironmentFile(bare), std::string("dependencies:\n  - numpy\n"));
    bare.pip = std::vector<std::string>();
    QCOMPARE(envfile::formatEnvironmentFile(bare),
             std::string("dependencies:\n  - numpy\n  - pip: []\n"));
    QVERIFY(checkRoundTrip(bare).isEmpty());
    QCOMPARE(envfile::formatEnvironmentFile(EnvironmentFile{}), std::string("{}\n"));
    QVERIFY(checkRoundTrip(EnvironmentFile{}).isEmpty());
}

void TestEnvironmentFile::exportLayoutOfRealExports_data()
{
    REQUIRE_ENV_FIXTURES();
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("platform");
    QTest::newRow("gboeing linux")
        << QStringLiteral("gboeing__linux_environment.yml") << QStringLiteral("linux-64");
    QTest::newRow("gboeing win") << QStringLiteral("gboeing__win_environment.yml")
                                 << QStringLiteral("win-64");
}

// Real `conda env export` output comes back byte for byte.
void TestEnvironmentFile::exportLayoutOfRealExports()
{
    QFETCH(QString, file);
    QFETCH(QString, platform);
    const auto result =
        envfile::readEnvironmentFile(fixturePath(file), ParseOptions{platform.toStdString()});
    QVERIFY2(result, messageOf(result).constData());
    QCOMPARE(qs(envfile::formatEnvironmentFile(*result)), readText(qs(fixturePath(file))));
}

void TestEnvironmentFile::quotingRoundTrip_data()
{
    QTest::addColumn<std::string>("value");
    QTest::addColumn<bool>("quoted");
    const auto row = [](const char* name, const std::string& value, bool quoted) {
        QTest::newRow(name) << value << quoted;
    };
    row("plain", "numpy >=1.21", false);
    row("build glob", "pytorch[build=*cuda*]", false);
    row("pip option", "--index-url https://pypi.org/simple", false);
    row("editable", "-e .", false);
    row("hash fragment", "x @ https://h/x.whl#sha256=ab", false);
    row("windows path", "C:\\Users\\x", false);
    row("env var", "${TOKEN}/label", false);
    row("alias star", "*cuda*", true);
    row("colon space", "a: b", true);
    row("trailing colon", "key:", true);
    row("space hash", "a #b", true);
    row("integer", "1", true);
    row("float", "3.9", true);
    row("hex", "0x1F", true);
    row("date", "2024-01-01", true);
    row("bool", "true", true);
    row("yaml 1.1 bool", "no", true);
    row("null", "null", true);
    row("tilde", "~", true);
    row("infinity", ".inf", true);
    row("merge key", "<<", true);
    row("empty", "", true);
    row("leading space", " lead", true);
    row("trailing space", "trail ", true);
    row("double quotes", "say \"hi\"", false);
    row("starts with double quote", "\"double\"", true);
    row("starts with single quote", "'single'", true);
    row("newline", "line\nbreak", true);
    row("tab", "a\tb", true);
    row("control", std::string("ctrl\x01x"), true);
    row("next line", "nel\xC2\x85x", true);
    row("line separator", "ls\xE2\x80\xA8x", true);
    row("dash space", "- dash", true);
    row("lone dash", "-", true);
    row("question", "? q", true);
    row("colon start", ": c", true);
    row("flow list", "[x]", true);
    row("flow map", "{y}", true);
    row("hash", "#hash", true);
    row("anchor", "&anchor", true);
    row("tag", "!tag", true);
    row("literal", "|", true);
    row("folded", ">", true);
    row("directive", "%x", true);
    row("at", "@x", true);
    row("backtick", "`x", true);
    row("comma", ",x", true);
    row("backslash", "\\ \"back\\slash", false);
    row("unicode", "\xC3\xBCn\xC3\xAF", false);
}

// A value that YAML would read differently is quoted wherever it goes, and reads back the same.
void TestEnvironmentFile::quotingRoundTrip()
{
    QFETCH(std::string, value);
    QFETCH(bool, quoted);
    EnvironmentFile file;
    file.name = value;
    file.prefix = value;
    file.variables = {{"V", value}};
    // Only names a shell can set are variable names (others are refused when read).
    if (util::isShellVariableName(value)) {
        file.variables.emplace_back(value, "x");
    }
    // Items are trimmed and must not be empty, so only such values go into the lists.
    const bool listable = !value.empty() && value.front() != ' ' && value.back() != ' '
                          && value.front() != '\t' && value.back() != '\t';
    if (listable) {
        file.channels = {value};
        file.dependencies = {value};
        file.pip = std::vector<std::string>{"pip-first", value};
    }
    const std::string text = envfile::formatEnvironmentFile(file);
    QCOMPARE(text.rfind("name: \"", 0) == 0, quoted);
    const QString roundTrip = checkRoundTrip(file);
    QVERIFY2(roundTrip.isEmpty(), qPrintable(roundTrip));
}

QTEST_APPLESS_MAIN(TestEnvironmentFile)
#include "tst_environment_file.moc"
