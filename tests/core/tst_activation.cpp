// Activation as conda's _Activator decides it (core/env/activation.h), on real prefixes in
// temporary folders, and `shell init`'s edits of a start-up file (core/ops/environment_use.h).

#include "core/env/activation.h"
#include "core/ops/environment_use.h"
#include "core/util/file_io.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

using namespace envdesk;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

std::string makeEnvironment(const QTemporaryDir& root, const std::string& relative)
{
    const fs::path prefix = fs::path(root.path().toStdString()) / relative;
    fs::create_directories(prefix / "conda-meta");
    return prefix.string();
}

std::optional<std::string> valueSet(const env::ActivationChange& change, const std::string& name)
{
    for (const auto& [key, value] : change.set) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

bool isUnset(const env::ActivationChange& change, const std::string& name)
{
    return std::find(change.unset.begin(), change.unset.end(), name) != change.unset.end();
}

} // namespace

class TestActivation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultEnvNameIsConda();
    void replacingKeepsThePlaceOnPath();
    void stateAndPackageVariables();
    void scriptsRunInOrderAndReverse();
    void quotingSurvivesEveryCharacter();
    void notAnEnvironmentIsAnError();
    void initBlockFollowsALinkAndKeepsTheRest();
    void hostileNamesNeverBecomeCode();
    void activatingThePreviousStepsBack();
    void runScriptIsNotSwayedByActivateScripts();
};

void TestActivation::defaultEnvNameIsConda()
{
    QCOMPARE(env::defaultEnvName("/opt/conda", "/opt/conda/"), std::string("base"));
    QCOMPARE(env::defaultEnvName("/opt/conda/envs/ml", "/opt/conda"), std::string("ml"));
    QCOMPARE(env::defaultEnvName("/home/u/envs/ml/", "/opt/conda"), std::string("ml"));
    QCOMPARE(env::defaultEnvName("/work/project/.env", "/opt/conda"),
             std::string("/work/project/.env"));
}

// conda's _replace_prefix_in_path: the new prefix takes the old one's place, not the front.
void TestActivation::replacingKeepsThePlaceOnPath()
{
    QTemporaryDir root;
    const auto a = makeEnvironment(root, "envs/a");
    const auto b = makeEnvironment(root, "envs/b");
    env::ActivationContext context;
    context.variables = {{"PATH", "/front:" + a + "/bin:/usr/bin"},
                         {"CONDA_SHLVL", "1"},
                         {"CONDA_PREFIX", a},
                         {"CONDA_PROMPT_MODIFIER", "(a) "},
                         {"PS1", "(a) \\u$ "}};
    auto change = env::activate(b, context, env::Shell::Bash, false);
    QVERIFY(change);
    QCOMPARE(valueSet(*change, "PATH").value(), "/front:" + b + "/bin:/usr/bin");
    QCOMPARE(valueSet(*change, "CONDA_PREFIX_1").value(), a);
    QCOMPARE(valueSet(*change, "CONDA_SHLVL").value(), std::string("2"));
    QCOMPARE(change->prompt.value(), std::string("(b) \\u$ "));

    // changeps1: false leaves the prompt alone; a custom env_prompt is filled in.
    context.changePrompt = false;
    change = env::activate(b, context, env::Shell::Bash, false);
    QVERIFY(change && !change->prompt);
    QCOMPARE(valueSet(*change, "CONDA_PROMPT_MODIFIER").value(), std::string());
    context.changePrompt = true;
    context.envPrompt = "[{name}] ";
    change = env::activate(b, context, env::Shell::Bash, false);
    QCOMPARE(change->prompt.value(), std::string("[b] \\u$ "));

    // A CONDA_SHLVL no conda wrote counts as nothing active.
    context.variables["CONDA_SHLVL"] = "x";
    change = env::activate(b, context, env::Shell::Bash, false);
    QCOMPARE(valueSet(*change, "CONDA_SHLVL").value(), std::string("1"));
}

// conda-meta/state wins over the packages' env_vars.d; "***unset***" is left out; a value the
// shell had is kept in conda's backup variable and comes back on deactivation.
void TestActivation::stateAndPackageVariables()
{
    QTemporaryDir root;
    const auto prefix = makeEnvironment(root, "envs/v");
    write(fs::path(prefix) / "etc/conda/env_vars.d/a.json",
          R"({"FROM_PKG": "pkg", "BOTH": "pkg"})");
    write(fs::path(prefix) / "conda-meta/state",
          R"({"env_vars": {"BOTH": "state", "GONE": "***unset***", "HOME_DIR": "x"}})");
    env::ActivationContext context;
    context.variables = {{"PATH", "/usr/bin"}, {"HOME_DIR", "mine"}};
    auto change = env::activate(prefix, context, env::Shell::Posix, false);
    QVERIFY(change);
    QCOMPARE(valueSet(*change, "FROM_PKG").value(), std::string("pkg"));
    QCOMPARE(valueSet(*change, "BOTH").value(), std::string("state"));
    QVERIFY(!valueSet(*change, "GONE"));
    QCOMPARE(valueSet(*change, "__CONDA_SHLVL_0_HOME_DIR").value(), std::string("mine"));

    context.variables = {{"PATH", prefix + "/bin:/usr/bin"},
                         {"CONDA_SHLVL", "1"},
                         {"CONDA_PREFIX", prefix},
                         {"HOME_DIR", "x"},
                         {"__CONDA_SHLVL_0_HOME_DIR", "mine"}};
    auto back = env::deactivate(context, env::Shell::Posix);
    QVERIFY(back);
    QCOMPARE(valueSet(*back, "HOME_DIR").value(), std::string("mine"));
    QVERIFY(isUnset(*back, "BOTH"));
    QVERIFY(isUnset(*back, "CONDA_PREFIX"));
    QCOMPARE(valueSet(*back, "PATH").value(), std::string("/usr/bin"));
    QCOMPARE(valueSet(*back, "CONDA_SHLVL").value(), std::string("0"));

    // A state file that is not JSON: activation names it.
    write(fs::path(prefix) / "conda-meta/state", "{not json");
    auto broken = env::activate(prefix, {}, env::Shell::Posix, false);
    QVERIFY(!broken);
    QVERIFY2(broken.error().message().find("conda-meta/state") != std::string::npos,
             broken.error().message().c_str());
}

void TestActivation::scriptsRunInOrderAndReverse()
{
    QTemporaryDir root;
    const auto prefix = makeEnvironment(root, "envs/s");
    for (const char* name : {"b.sh", "a.sh", "c.fish", "notes.txt"}) {
        write(fs::path(prefix) / "etc/conda/activate.d" / name, "");
        write(fs::path(prefix) / "etc/conda/deactivate.d" / name, "");
    }
    const auto activate = env::activationScripts(prefix, "activate", env::Shell::Bash);
    QCOMPARE(activate.size(), std::size_t{2});
    QVERIFY(activate[0].ends_with("/a.sh") && activate[1].ends_with("/b.sh"));
    const auto deactivate = env::activationScripts(prefix, "deactivate", env::Shell::Zsh);
    QVERIFY(deactivate[0].ends_with("/b.sh") && deactivate[1].ends_with("/a.sh"));
    const auto fish = env::activationScripts(prefix, "activate", env::Shell::Fish);
    QCOMPARE(fish.size(), std::size_t{1});
    QVERIFY(fish[0].ends_with("/c.fish"));
}

// Values with quotes, backslashes, $ and newlines come through a real sh unchanged.
void TestActivation::quotingSurvivesEveryCharacter()
{
    const std::string nasty = "it's \"$HOME\" \\ `x` $(y)\nline2";
    env::ActivationChange change;
    change.set = {{"NASTY", nasty}};
    const std::string script = env::scriptFor(change, env::Shell::Posix) + "printf %s \"$NASTY\"";
    QTemporaryDir root;
    const std::string file = root.filePath(QStringLiteral("s.sh")).toStdString();
    write(file, script);
    QProcess process;
    process.start(QStringLiteral("sh"), {QString::fromStdString(file)});
    QVERIFY(process.waitForFinished());
    QCOMPARE(process.readAllStandardOutput().toStdString(), nasty);
    QCOMPARE(env::fishQuoted("a'b\\c"), std::string("'a\\'b\\\\c'"));
}

void TestActivation::notAnEnvironmentIsAnError()
{
    QTemporaryDir root;
    const auto result =
        env::activate(root.path().toStdString() + "/nothing", {}, env::Shell::Bash, false);
    QVERIFY(!result);
    QVERIFY(result.error().message().find("not a conda environment") != std::string::npos);
    // Nothing active: deactivation has nothing to do.
    const auto none = env::deactivate({}, env::Shell::Bash);
    QVERIFY(none && none->set.empty() && none->unset.empty());
}

// A dotfile manager's link is followed: the file it points to changes, the link stays a link.
void TestActivation::initBlockFollowsALinkAndKeepsTheRest()
{
    QTemporaryDir root;
    const fs::path dir = root.path().toStdString();
    write(dir / "dotfiles/bashrc", "export A=1");
    fs::create_symlink(dir / "dotfiles/bashrc", dir / ".bashrc");
    auto added =
        ops::initShell(env::Shell::Bash, (dir / ".bashrc").string(), "/opt/e d/cli", false, false);
    QVERIFY(added && added->changed);
    QVERIFY(fs::is_symlink(dir / ".bashrc"));
    const std::string text = util::readFile((dir / "dotfiles/bashrc").string()).value();
    QCOMPARE(text, "export A=1\n\n" + ops::initBlock(env::Shell::Bash, "/opt/e d/cli"));
    QVERIFY(text.find("eval \"$('/opt/e d/cli' shell hook --shell bash)\"") != std::string::npos);

    // A new path replaces the block where it is; lines after it stay after it.
    write(dir / "dotfiles/bashrc", text + "export B=2\n");
    auto moved =
        ops::initShell(env::Shell::Bash, (dir / ".bashrc").string(), "/usr/bin/cli", false, false);
    QVERIFY(moved && moved->changed);
    QCOMPARE(util::readFile((dir / "dotfiles/bashrc").string()).value(),
             "export A=1\n\n" + ops::initBlock(env::Shell::Bash, "/usr/bin/cli") + "export B=2\n");
    auto reversed =
        ops::initShell(env::Shell::Bash, (dir / ".bashrc").string(), "/usr/bin/cli", true, false);
    QVERIFY(reversed && reversed->changed);
    QCOMPARE(util::readFile((dir / "dotfiles/bashrc").string()).value(),
             std::string("export A=1\nexport B=2\n"));
    // A file with CRLF line ends gets its block the same way, and loses nothing when reversed.
    const fs::path crlf = dir / "crlf.sh";
    write(crlf, "a\r\nb\r\n");
    fs::permissions(crlf, fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace);
    QVERIFY(ops::initShell(env::Shell::Bash, crlf.string(), "/c", false, false));
    const std::string withBlock = util::readFile(crlf.string()).value();
    QVERIFY(withBlock.starts_with("a\r\nb\r\n\r\n# >>> envdesk initialize >>>\r\n"));
    QVERIFY(withBlock.ends_with("# <<< envdesk initialize <<<\r\n"));
    QCOMPARE(fs::status(crlf).permissions(), fs::perms::owner_read | fs::perms::owner_write);
    QVERIFY(ops::initShell(env::Shell::Bash, crlf.string(), "/c", true, false));
    QCOMPARE(util::readFile(crlf.string()).value(), std::string("a\r\nb\r\n"));

    // A dry run says it would change, and writes nothing.
    auto dry =
        ops::initShell(env::Shell::Bash, (dir / ".bashrc").string(), "/usr/bin/cli", false, true);
    QVERIFY(dry && dry->changed);
    QCOMPARE(util::readFile((dir / "dotfiles/bashrc").string()).value(),
             std::string("export A=1\nexport B=2\n"));
}

// A variable name that would be code is refused, naming the file; an environment whose name
// holds $(...) shows it literally in the prompt, in a real bash's prompt expansion.
void TestActivation::hostileNamesNeverBecomeCode()
{
    QTemporaryDir root;
    const auto prefix = makeEnvironment(root, "envs/v");
    write(fs::path(prefix) / "conda-meta/state", R"({"env_vars": {"X=1;touch /tmp/p;Y": "v"}})");
    auto refused = env::activate(prefix, {}, env::Shell::Bash, false);
    QVERIFY(!refused);
    QVERIFY(refused.error().message().find("conda-meta/state") != std::string::npos);
    write(fs::path(prefix) / "conda-meta/state", "{}");
    write(fs::path(prefix) / "etc/conda/env_vars.d/x.json", R"({"A B": "v"})");
    QVERIFY(!env::activate(prefix, {}, env::Shell::Bash, false));

    const auto odd = makeEnvironment(root, "envs/$(echo pwned)`id`\\u%n");
    env::ActivationContext context;
    context.variables = {{"PATH", "/usr/bin:/bin"}, {"PS1", "$ "}};
    auto change = env::activate(odd, context, env::Shell::Bash, false);
    QVERIFY(change);
    const std::string script =
        env::scriptFor(*change, env::Shell::Bash) + "printf '%s' \"${PS1@P}\"\n";
    const std::string file = root.filePath(QStringLiteral("p.sh")).toStdString();
    write(file, script);
    QProcess bash;
    bash.start(QStringLiteral("bash"), {QString::fromStdString(file)});
    QVERIFY(bash.waitForFinished());
    QCOMPARE(bash.readAllStandardOutput().toStdString(),
             std::string("($(echo pwned)`id`\\u%n) $ "));
    // zsh: % is doubled as well.
    auto zsh = env::activate(odd, context, env::Shell::Zsh, false);
    QVERIFY(zsh->prompt->find("%%n") != std::string::npos);
}

// conda steps back down when the environment below the active one is activated.
void TestActivation::activatingThePreviousStepsBack()
{
    QTemporaryDir root;
    const auto a = makeEnvironment(root, "envs/a");
    const auto b = makeEnvironment(root, "envs/b");
    env::ActivationContext context;
    context.variables = {{"PATH", b + "/bin:/usr/bin"},
                         {"CONDA_SHLVL", "2"},
                         {"CONDA_PREFIX", b},
                         {"CONDA_PREFIX_1", a}};
    auto change = env::activate(a, context, env::Shell::Bash, false);
    QVERIFY(change);
    QCOMPARE(valueSet(*change, "CONDA_SHLVL").value(), std::string("1"));
    QCOMPARE(valueSet(*change, "CONDA_PREFIX").value(), a);
    QVERIFY(isUnset(*change, "CONDA_PREFIX_1"));
    QCOMPARE(valueSet(*change, "PATH").value(), a + "/bin:/usr/bin");
}

// An activate.d script that resets the positional parameters does not change what runs.
void TestActivation::runScriptIsNotSwayedByActivateScripts()
{
    QTemporaryDir root;
    const auto prefix = makeEnvironment(root, "envs/r");
    write(fs::path(prefix) / "etc/conda/activate.d/x.sh", "set -- echo hijacked\n");
    auto change = env::activate(prefix, {{{"PATH", "/usr/bin:/bin"}}}, env::Shell::Posix, false);
    QVERIFY(change);
    const std::string script =
        env::runScript(*change, prefix, "envdesk-cli run", {"printf", "%s|", "a b", "$HOME"});
    QProcess sh;
    sh.start(QStringLiteral("sh"),
             {QStringLiteral("-c"), QString::fromStdString(script), QStringLiteral("x"),
              QStringLiteral("echo"), QStringLiteral("hijacked")});
    QVERIFY(sh.waitForFinished());
    QCOMPARE(sh.readAllStandardOutput(), QByteArray("a b|$HOME|"));
}

QTEST_GUILESS_MAIN(TestActivation)
#include "tst_activation.moc"
