// ops::decideChange, the one place where install, update, remove and create are decided for both
// front ends: what it refuses and how it names it, and that a transaction cut short by a kill is
// settled before the prefix is read (so a plan is never made against half a change), but not
// for a dry run. Packages are written with archive::writePackage into a channel indexed here; a
// kill is real: a package's post-link script SIGKILLs the process carrying out the change.

#include "core/env/transaction.h"
#include "core/ops/apply_change.h"
#include "core/ops/environment_copy.h"
#include "core/ops/environment_from_file.h"
#include "core/ops/environment_removal.h"
#include "core/ops/revision_target.h"
#include "core/ops/solve_change.h"
#include "tests/support/test_channel.h"

#include <sys/wait.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace envdesk;

namespace {

using Reason = ops::ChangeRefusal::Reason;

class Fixture {
public:
    Fixture()
    {
        m_channel = m_root.filePath(QStringLiteral("channel"));
        if (!test::writeKillerChannel(m_channel.toStdString())) {
            qFatal("could not write the channel");
        }
        config::ConfigInputs inputs;
        inputs.homeDir = m_root.path().toStdString(); // no .condarc of the machine is read
        inputs.systemDirs = {};
        inputs.overrides = {{"pkgs_dirs", {m_root.filePath(QStringLiteral("pkgs")).toStdString()}},
                            {"channels", {}}};
        auto configuration = config::Config::load(inputs);
        if (!configuration) {
            qFatal("%s", configuration.error().message().c_str());
        }
        m_config = *configuration;
    }

    [[nodiscard]] std::string path(const char* relative) const
    {
        return m_root.filePath(QString::fromUtf8(relative)).toStdString();
    }
    [[nodiscard]] const config::Config& config() const { return m_config; }

    [[nodiscard]] ops::ChangeRequest request(const std::string& prefix, solver::Request::Kind kind,
                                             std::vector<std::string> specs) const
    {
        ops::ChangeRequest request;
        request.prefix = prefix;
        request.kind = kind;
        request.specs = std::move(specs);
        request.channels = {"file://" + m_channel.toStdString()};
        return request;
    }

    // An environment at `prefix` holding lib.
    [[nodiscard]] bool createWithLib(const std::string& prefix) const
    {
        auto create = request(prefix, solver::Request::Kind::Install, {"lib"});
        create.create = true;
        return apply(create);
    }

    [[nodiscard]] ops::ChangeDecision decide(const ops::ChangeRequest& request,
                                             const ops::ChangeObserver& observer = {}) const
    {
        return ops::decideChange(request, m_config, {}, observer);
    }

    // Decides and carries out the change in this process.
    bool apply(const ops::ChangeRequest& request) const
    {
        const auto decision = decide(request);
        const auto* proposal = std::get_if<ops::ChangeProposal>(&decision);
        if (proposal == nullptr) {
            return false;
        }
        ops::Change change;
        change.prefix = request.prefix;
        change.link = proposal->plan.link;
        change.unlink = proposal->plan.unlink;
        change.userSpecs = request.specs;
        change.command = "test";
        change.create = request.create;
        change.basis = proposal->plan.basis;
        return static_cast<bool>(ops::applyChange(change, m_config, {}, {}));
    }

    // Carries the change out in a child process that the killer package's script kills in the
    // middle: the prefix is left with the transaction's journal, as after a crash.
    bool applyAndGetKilled(const ops::ChangeRequest& request) const
    {
        const auto decision = decide(request);
        const auto* proposal = std::get_if<ops::ChangeProposal>(&decision);
        if (proposal == nullptr) {
            return false;
        }
        const pid_t child = fork();
        if (child == 0) {
            ops::Change change;
            change.prefix = request.prefix;
            change.link = proposal->plan.link;
            change.unlink = proposal->plan.unlink;
            change.command = "killed";
            change.create = request.create;
            (void)ops::applyChange(change, m_config, {}, {});
            _exit(0); // not reached when the script killed this process
        }
        int status = 0;
        waitpid(child, &status, 0);
        return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL
               && env::prefixActivity(request.prefix) == env::PrefixActivity::Interrupted;
    }

private:
    QTemporaryDir m_root;
    QString m_channel;
    config::Config m_config;
};

std::set<std::string> names(const std::vector<specs::PackageRecord>& records)
{
    std::set<std::string> out;
    for (const auto& record : records) {
        out.insert(record.name);
    }
    return out;
}

// What an environment-level decision refused, for a failing check's message.
template <typename Decision>
std::string refusalMessage(const Decision& decision)
{
    const auto* refused = std::get_if<ops::Refusal>(&decision);
    return refused == nullptr ? std::string() : refused->message;
}

const ops::ChangeRefusal* refusalOf(const ops::ChangeDecision& decision)
{
    return std::get_if<ops::ChangeRefusal>(&decision);
}

} // namespace

class TestChangeDecision : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refusalsSayWhatIsWrong();
    void interruptedChangeIsSettledBeforePlanning();
    void killedCreateIsSettledThenCreatedAgain();
    void removalAndCloneSettleFirst();
    void cloneTargetIsSettledThenMustBeEmpty();
    void revertSettlesFirstAndNamesWhatIsWrong();
    void fileCreateChecksTheTargetBeforeFetching();
};

void TestChangeDecision::refusalsSayWhatIsWrong()
{
    const Fixture fixture;
    using Kind = solver::Request::Kind;
    const std::string prefix = fixture.path("env");
    QVERIFY(fixture.createWithLib(prefix));

    const auto expect = [&](const ops::ChangeRequest& request, Reason reason,
                            std::vector<std::string> packages = {}) {
        const auto decision = fixture.decide(request);
        const auto* refused = refusalOf(decision);
        QVERIFY2(refused != nullptr, request.specs.empty() ? "" : request.specs.front().c_str());
        QVERIFY2(refused->reason == reason, refused->error.message().c_str());
        QVERIFY(!refused->error.message().empty());
        if (!packages.empty()) {
            QVERIFY2(refused->packages == packages,
                     (refused->packages.empty() ? std::string("none") : refused->packages.front())
                         .c_str());
        }
    };
    const auto invalid = fixture.decide(fixture.request(prefix, Kind::Install, {"app >=>1"}));
    QVERIFY(refusalOf(invalid) && refusalOf(invalid)->reason == Reason::InvalidSpec);
    QCOMPARE(refusalOf(invalid)->error.context, std::string("app >=>1"));
    // As conda words the spec in its message.
    expect(fixture.request(prefix, Kind::Update, {"lib>=1"}), Reason::UpdateNeedsNames,
           {"lib[version='>=1']"});
    expect(fixture.request(prefix, Kind::Update, {"tool"}), Reason::NotInstalled, {"tool"});
    expect(fixture.request(prefix, Kind::Remove, {"tool", "app"}), Reason::MissingFromPrefix,
           {"tool", "app"});
    auto noChannels = fixture.request(prefix, Kind::Install, {"app"});
    noChannels.channels.clear();
    expect(noChannels, Reason::NoChannels);
    auto missingChannel = fixture.request(prefix, Kind::Install, {"app"});
    missingChannel.channels = {"file://" + fixture.path("no-such-channel")};
    expect(missingChannel, Reason::ChannelUnreadable);
    expect(fixture.request(fixture.path("channel"), Kind::Install, {"app"}),
           Reason::NotAnEnvironment);
    auto occupied = fixture.request(fixture.path("channel"), Kind::Install, {"app"});
    occupied.create = true;
    expect(occupied, Reason::PrefixExists);

    // None of them changed the environment.
    QCOMPARE(QDir(QString::fromStdString(prefix) + QStringLiteral("/conda-meta"))
                 .entryList({QStringLiteral("*.json")}, QDir::Files),
             QStringList{QStringLiteral("lib-1.0-0.json")});
}

// An install killed half-way leaves its journal. A dry run plans over what is there and leaves
// it; a decision that may change the prefix rolls it back first (saying so), so the plan is made
// against the state before the killed install.
void TestChangeDecision::interruptedChangeIsSettledBeforePlanning()
{
    const Fixture fixture;
    using Kind = solver::Request::Kind;
    const std::string prefix = fixture.path("env");
    QVERIFY(fixture.createWithLib(prefix));
    QVERIFY(fixture.applyAndGetKilled(fixture.request(prefix, Kind::Install, {"killer"})));
    QVERIFY(QFileInfo::exists(QString::fromStdString(prefix + "/share/killer/file0.txt")));

    bool recovered = false;
    ops::ChangeObserver observer;
    observer.recovered = [&] { recovered = true; };
    auto dryRun = fixture.request(prefix, Kind::Install, {"tool"});
    dryRun.recoverInterrupted = false;
    const auto planned = fixture.decide(dryRun, observer);
    QVERIFY(std::holds_alternative<ops::ChangeProposal>(planned));
    QVERIFY(!recovered);
    QVERIFY(env::prefixActivity(prefix) == env::PrefixActivity::Interrupted);

    const auto decision =
        fixture.decide(fixture.request(prefix, Kind::Install, {"tool"}), observer);
    const auto* proposal = std::get_if<ops::ChangeProposal>(&decision);
    QVERIFY(proposal != nullptr);
    QVERIFY(recovered);
    QVERIFY(env::prefixActivity(prefix) == env::PrefixActivity::Idle);
    QVERIFY(!QFileInfo::exists(QString::fromStdString(prefix + "/share/killer/file0.txt")));
    QCOMPARE(names(proposal->plan.link), (std::set<std::string>{"tool"}));
    QVERIFY(proposal->plan.unlink.empty());
    QVERIFY(proposal->plan.basis.has_value());
    QCOMPARE(*proposal->plan.basis, (std::vector<std::string>{"lib-1.0-0"}));
}

// A create killed half-way leaves a folder that is not empty. Without settling (a dry run) it is
// refused as occupied; settled first, the create is decided as for an empty folder.
void TestChangeDecision::killedCreateIsSettledThenCreatedAgain()
{
    const Fixture fixture;
    using Kind = solver::Request::Kind;
    const std::string prefix = fixture.path("env");
    auto create = fixture.request(prefix, Kind::Install, {"killer"});
    create.create = true;
    QVERIFY(fixture.applyAndGetKilled(create));

    auto dryRun = create;
    dryRun.recoverInterrupted = false;
    const auto refused = fixture.decide(dryRun);
    QVERIFY(refusalOf(refused) && refusalOf(refused)->reason == Reason::PrefixExists);

    auto again = fixture.request(prefix, Kind::Install, {"app"});
    again.create = true;
    const auto decision = fixture.decide(again);
    const auto* proposal = std::get_if<ops::ChangeProposal>(&decision);
    QVERIFY2(proposal != nullptr,
             refusalOf(decision) ? refusalOf(decision)->error.message().c_str() : "a conflict");
    QCOMPARE(names(proposal->plan.link), (std::set<std::string>{"lib", "app"}));
    QVERIFY(fixture.apply(again));
    QVERIFY(QFileInfo::exists(QString::fromStdString(prefix + "/share/app/file0.txt")));
    QVERIFY(!QFileInfo::exists(QString::fromStdString(prefix + "/share/killer/file0.txt")));
}

// Removing or cloning a whole environment decides the same way for both front ends: an
// interrupted transaction is rolled back first, so the plan holds what was installed before it,
// not the killed install's half-linked package.
void TestChangeDecision::removalAndCloneSettleFirst()
{
    const Fixture fixture;
    using Kind = solver::Request::Kind;
    const std::string prefix = fixture.path("env");
    QVERIFY(fixture.createWithLib(prefix));
    QVERIFY(fixture.applyAndGetKilled(fixture.request(prefix, Kind::Install, {"killer"})));

    const auto clone = ops::decideClone(prefix, fixture.path("copy"), fixture.config().pkgsDirs());
    const auto* clonePlan = std::get_if<ops::ClonePlan>(&clone);
    QVERIFY2(clonePlan != nullptr, refusalMessage(clone).c_str());
    QVERIFY(env::prefixActivity(prefix) == env::PrefixActivity::Idle);
    QCOMPARE(names(clonePlan->plan.link), (std::set<std::string>{"lib"}));

    QVERIFY(fixture.applyAndGetKilled(fixture.request(prefix, Kind::Install, {"killer"})));
    const auto removal = ops::decideRemoval(prefix, {fixture.path("base"), {}}, "remove",
                                            fixture.config().pkgsDirs());
    const auto* plan = std::get_if<ops::Plan>(&removal);
    QVERIFY2(plan != nullptr, refusalMessage(removal).c_str());
    QVERIFY(env::prefixActivity(prefix) == env::PrefixActivity::Idle);
    QCOMPARE(names(plan->unlink), (std::set<std::string>{"lib"}));
    QVERIFY(!QFileInfo::exists(QString::fromStdString(prefix + "/share/killer/file0.txt")));

    // The refusals come first and change nothing.
    const auto refused = ops::decideRemoval(prefix, {prefix, {}}, "remove", {});
    QVERIFY(std::holds_alternative<ops::Refusal>(refused));
    QVERIFY(std::get<ops::Refusal>(refused).reason == ops::Refusal::Reason::Base);
}

// A clone's target is checked in ops for both front ends (the window once cloned into any
// folder): a killed create there is settled first when the clone will be carried out, and a
// folder that is not empty is refused before anything is planned.
void TestChangeDecision::cloneTargetIsSettledThenMustBeEmpty()
{
    const Fixture fixture;
    using Kind = solver::Request::Kind;
    const std::string source = fixture.path("env");
    QVERIFY(fixture.createWithLib(source));

    const std::string occupied = fixture.path("occupied");
    QVERIFY(QDir().mkpath(QString::fromStdString(occupied)));
    QFile mine(QString::fromStdString(occupied + "/notes.txt"));
    QVERIFY(mine.open(QIODevice::WriteOnly));
    mine.close();
    const auto refused = ops::decideClone(source, occupied, fixture.config().pkgsDirs());
    QVERIFY(std::holds_alternative<ops::Refusal>(refused));
    QVERIFY(std::get<ops::Refusal>(refused).reason == ops::Refusal::Reason::TargetNotEmpty);
    QVERIFY2(std::get<ops::Refusal>(refused).message.find(occupied) != std::string::npos,
             std::get<ops::Refusal>(refused).message.c_str());
    QVERIFY(QFileInfo::exists(mine.fileName()));

    // A create killed mid-way leaves its folder: a dry run sees it as it is, a real clone
    // settles it (the rollback empties it) and goes on.
    const std::string killed = fixture.path("killed");
    auto create = fixture.request(killed, Kind::Install, {"killer"});
    create.create = true;
    QVERIFY(fixture.applyAndGetKilled(create));
    const auto dryRun = ops::decideClone(source, killed, fixture.config().pkgsDirs());
    QVERIFY(std::holds_alternative<ops::Refusal>(dryRun));
    ops::CloneTarget settle;
    settle.settle = true;
    const auto settled = ops::decideClone(source, killed, fixture.config().pkgsDirs(), settle);
    QVERIFY2(std::holds_alternative<ops::ClonePlan>(settled), refusalMessage(settled).c_str());
}

// A revert is decided in one place too (ops::decideRevert, both front ends): settled first
// unless a dry run, then the plan back to what the revision held; a revision the history lacks
// and a folder that is no environment are refusals naming it.
void TestChangeDecision::revertSettlesFirstAndNamesWhatIsWrong()
{
    const Fixture fixture;
    using Kind = solver::Request::Kind;
    const std::string prefix = fixture.path("env");
    QVERIFY(fixture.createWithLib(prefix));                                   // revision 0
    QVERIFY(fixture.apply(fixture.request(prefix, Kind::Install, {"tool"}))); // revision 1
    QVERIFY(fixture.applyAndGetKilled(fixture.request(prefix, Kind::Install, {"killer"})));

    ops::RevertRequest request;
    request.prefix = prefix;
    request.number = 0;
    bool recovered = false;
    ops::ChangeObserver observer;
    observer.recovered = [&] { recovered = true; };

    auto dryRun = request;
    dryRun.recoverInterrupted = false;
    const auto planned = ops::decideRevert(dryRun, fixture.config(), {}, observer);
    QVERIFY(std::holds_alternative<ops::ChangeProposal>(planned));
    QVERIFY(!recovered);
    QVERIFY(env::prefixActivity(prefix) == env::PrefixActivity::Interrupted);

    const auto decision = ops::decideRevert(request, fixture.config(), {}, observer);
    const auto* proposal = std::get_if<ops::ChangeProposal>(&decision);
    QVERIFY2(proposal != nullptr,
             refusalOf(decision) ? refusalOf(decision)->error.message().c_str() : "a conflict");
    QVERIFY(recovered);
    QVERIFY(env::prefixActivity(prefix) == env::PrefixActivity::Idle);
    QCOMPARE(names(proposal->plan.unlink), (std::set<std::string>{"tool"}));
    QVERIFY(proposal->plan.link.empty());
    QVERIFY(proposal->plan.basis.has_value());

    request.number = 7;
    const auto missing = ops::decideRevert(request, fixture.config(), {});
    QVERIFY(refusalOf(missing) && refusalOf(missing)->reason == Reason::NoSuchRevision);
    QVERIFY(refusalOf(missing)->error.message().find("revisions 0 to 1") != std::string::npos);

    request.prefix = fixture.path("nowhere");
    request.number = 0;
    const auto absent = ops::decideRevert(request, fixture.config(), {});
    QVERIFY(refusalOf(absent) && refusalOf(absent)->reason == Reason::NotAnEnvironment);
}

// Exact packages from an explicit file need no solve, but the target is checked as a solve's
// is, before anything is fetched: an occupied folder is PrefixExists for both front ends.
void TestChangeDecision::fileCreateChecksTheTargetBeforeFetching()
{
    const Fixture fixture;
    const std::string occupied = fixture.path("occupied");
    QVERIFY(QDir().mkpath(QString::fromStdString(occupied)));
    QFile notes(QString::fromStdString(occupied + "/notes.txt"));
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("mine\n");
    notes.close();
    const std::string text = "# platform: linux-64\n@EXPLICIT\nfile://" + fixture.path("nowhere")
                             + "/linux-64/lib-1.0-0.tar.bz2\n";
    const auto read = ops::readEnvironmentFromFile(fixture.path("env.txt"), text, {"linux-64", {}});
    QVERIFY2(read, read ? "" : read.error().message().c_str());

    const auto next = ops::nextStepFromFile(*read, occupied, fixture.config(), {}, {});
    QVERIFY2(next, next ? "" : next.error().message().c_str());
    const auto* refused = std::get_if<ops::ChangeRefusal>(&*next);
    QVERIFY(refused != nullptr && refused->reason == Reason::PrefixExists);

    // An empty target goes on to fetch, and the missing archive is the error.
    const auto fetched =
        ops::nextStepFromFile(*read, fixture.path("fresh"), fixture.config(), {}, {});
    QVERIFY(!fetched);
}

QTEST_GUILESS_MAIN(TestChangeDecision)
#include "tst_change_decision.moc"
