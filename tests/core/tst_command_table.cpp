// The declarative command line (core/cli): the forms argparse accepts, its wording for the
// rules a verb declares, and the dispatch of verbs, aliases and groups. The CLI tests check the
// same through envdesk-cli's real verbs; these pin the engine alone.

#include "core/cli/command_table.h"

#include <QTest>

#include <sstream>

using namespace envdesk;
using namespace envdesk::cli;

namespace {

// What the last verb run saw, for the dispatch checks (a verb is a plain function pointer).
std::vector<std::string> g_seen;

int recordRun(const Invocation& call)
{
    g_seen = call.args.positionals;
    g_seen.insert(g_seen.begin(), call.verb.name);
    g_seen.push_back(call.args.value("--name"));
    return 7;
}

CommandTable table()
{
    Verb install;
    install.name = "install";
    install.aliases = {"add"};
    install.summary = "Install packages";
    install.usage = "[-n NAME | -p PREFIX] SPEC ...";
    install.options = {{"--name", "-n", "NAME", "Environment name"},
                       {"--prefix", "-p", "PATH", "Environment path"},
                       {"--channel", "-c", "CHANNEL", "A channel", true},
                       {"--set", "", "KEY VALUE", "Two values"}};
    install.exclusive = {{"--name", "--prefix"}};
    install.oneRequired = {"--name", "--prefix"};
    install.run = recordRun;
    Verb list;
    list.name = "env list";
    list.summary = "List";
    list.maxPositionals = 0;
    list.run = recordRun;
    return makeCommandTable("tool", "1.2", {install, list}, {{"env", "Environments"}});
}

} // namespace

class TestCommandTable : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesArgparseForms();
    void rulesInArgparseWords();
    void dispatchesVerbsAliasesAndGroups();
};

void TestCommandTable::parsesArgparseForms()
{
    const auto verbs = table().verbs;
    const auto& options = verbs.front().options;
    auto parsed = parseArguments(
        {"-nfirst", "--channel=a", "-c", "b", "--set", "k", "v", "x", "--", "-literal"}, options);
    QVERIFY(parsed);
    QCOMPARE(parsed->value("--name"), std::string("first"));
    QCOMPARE(parsed->all("--channel"), (std::vector<std::string>{"a", "b"}));
    QCOMPARE(parsed->all("--set"), (std::vector<std::string>{"k", "v"}));
    QCOMPARE(parsed->positionals, (std::vector<std::string>{"x", "-literal"}));
    QVERIFY(parsed->flag("--help") == false);

    QVERIFY(!parseArguments({"--nope"}, options));
    QVERIFY(!parseArguments({"--name"}, options)); // a value is missing
    QVERIFY(!parseArguments({"--set", "k"}, options));
    // --help was added to every verb.
    QVERIFY(parseArguments({"-h"}, options)->flag("--help"));
}

void TestCommandTable::rulesInArgparseWords()
{
    const auto verbs = table().verbs;
    const Verb& install = verbs.front();
    auto both = parseArguments({"-n", "a", "-p", "/b"}, install.options);
    QCOMPARE(brokenRule(install, *both),
             std::optional<std::string>("argument -p/--prefix: not allowed with argument "
                                        "-n/--name"));
    auto neither = parseArguments({"numpy"}, install.options);
    QCOMPARE(brokenRule(install, *neither),
             std::optional<std::string>("one of the arguments -n/--name -p/--prefix is required"));
    const Verb& list = verbs.back();
    auto extra = parseArguments({"stray"}, list.options);
    QCOMPARE(brokenRule(list, *extra), std::optional<std::string>("unexpected argument 'stray'"));
    QCOMPARE(brokenRule(list, *parseArguments({}, list.options)), std::optional<std::string>());
}

void TestCommandTable::dispatchesVerbsAliasesAndGroups()
{
    const CommandTable commands = table();
    g_seen.clear();
    QCOMPARE(runCommandLine(commands, {"add", "-n", "env", "numpy"}), 7);
    QCOMPARE(g_seen, (std::vector<std::string>{"install", "numpy", "env"}));
    QCOMPARE(runCommandLine(commands, {"env", "list"}), 7);
    QCOMPARE(g_seen.front(), std::string("env list"));
    // Mistakes are status 2 and never reach the verb.
    g_seen.clear();
    QCOMPARE(runCommandLine(commands, {"install", "numpy"}), 2);
    QCOMPARE(runCommandLine(commands, {"env", "frob"}), 2);
    QCOMPARE(runCommandLine(commands, {"frob"}), 2);
    QCOMPARE(runCommandLine(commands, {}), 2);
    QVERIFY(g_seen.empty());

    std::ostringstream top;
    printCommands(top, commands, "");
    QVERIFY(top.str().find("  install   Install packages\n") != std::string::npos);
    QVERIFY(top.str().find("  env       Environments\n") != std::string::npos);
    QVERIFY(top.str().find("Run 'tool COMMAND --help'") != std::string::npos);
    std::ostringstream help;
    printHelp(help, commands, commands.verbs.front());
    QVERIFY(help.str().rfind("usage: tool install [-n NAME | -p PREFIX] SPEC ...\n", 0) == 0);
    QVERIFY(help.str().find("--help") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestCommandTable)
#include "tst_command_table.moc"
