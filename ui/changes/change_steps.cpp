#include "ui/changes/change_steps.h"

#include "core/ops/revision_target.h"
#include "ui/changes/change_sources.h"

#include <QStringList>

namespace envdesk::ui {

namespace {

std::string joined(const std::vector<std::string>& parts)
{
    std::string text;
    for (const auto& part : parts) {
        text += " " + part;
    }
    return text;
}

ChangeStep solveStep(const config::ConfigInputs& inputs, QString title, const std::string& prefix,
                     solver::Request::Kind kind, std::vector<std::string> specs, const char* verb)
{
    ChangeStep step;
    step.intent.title = std::move(title);
    step.intent.inputs = inputs;
    step.intent.userSpecs = specs;
    step.intent.command = std::string("envdesk ") + verb + " -p " + prefix + joined(specs);
    step.intent.remove = kind == solver::Request::Kind::Remove;
    step.decide =
        [inputs, prefix, kind,
         specs](const ChangeDialog::DecideContext& context) -> util::Result<ops::ChangeOutcome> {
        auto configuration = loadConfiguration(inputs);
        if (!configuration) {
            return configuration.error();
        }
        ops::ChangeRequest request;
        request.prefix = prefix;
        request.kind = kind;
        request.specs = specs;
        request.channels = configuredChannels(*configuration);
        return solveWithFallback(std::move(request), *configuration, context.loadOptions(false));
    };
    return step;
}

} // namespace

std::vector<ChangeStep> stepsForMarks(const config::ConfigInputs& inputs,
                                      const QString& environmentName, const std::string& prefix,
                                      const std::map<std::string, PackageMark>& marks)
{
    std::vector<std::string> removals;
    std::vector<std::string> updates;
    std::vector<std::string> installs;
    for (const auto& [name, mark] : marks) {
        switch (mark.kind) {
        case PackageMark::Kind::Remove:
            removals.push_back(name);
            break;
        case PackageMark::Kind::Update:
            updates.push_back(name);
            break;
        case PackageMark::Kind::Install:
            installs.push_back(mark.spec);
            break;
        }
    }
    std::vector<ChangeStep> steps;
    if (!removals.empty()) {
        steps.push_back(solveStep(inputs,
                                  ChangeDialog::tr("Remove packages from %1").arg(environmentName),
                                  prefix, solver::Request::Kind::Remove, removals, "remove"));
    }
    if (!updates.empty()) {
        steps.push_back(solveStep(inputs,
                                  ChangeDialog::tr("Update packages in %1").arg(environmentName),
                                  prefix, solver::Request::Kind::Update, updates, "update"));
    }
    if (!installs.empty()) {
        steps.push_back(solveStep(inputs,
                                  ChangeDialog::tr("Install packages into %1").arg(environmentName),
                                  prefix, solver::Request::Kind::Install, installs, "install"));
    }
    return steps;
}

ChangeStep updateAllStep(const config::ConfigInputs& inputs, const QString& environmentName,
                         const std::string& prefix)
{
    ChangeStep step =
        solveStep(inputs, ChangeDialog::tr("Update every package of %1").arg(environmentName),
                  prefix, solver::Request::Kind::UpdateAll, {}, "update");
    step.intent.command = "envdesk update -p " + prefix + " --all";
    return step;
}

ChangeStep rollbackStep(const config::ConfigInputs& inputs, const QString& environmentName,
                        const std::string& prefix, int revision)
{
    ChangeStep step;
    step.intent.inputs = inputs;
    step.intent.title =
        ChangeDialog::tr("Roll %1 back to revision %2").arg(environmentName).arg(revision);
    step.intent.command =
        "envdesk install -p " + prefix + " --revision " + std::to_string(revision);
    step.decide =
        [inputs, prefix,
         revision](const ChangeDialog::DecideContext& context) -> util::Result<ops::ChangeOutcome> {
        auto configuration = loadConfiguration(inputs);
        if (!configuration) {
            return configuration.error();
        }
        channels::LoadOptions options = context.loadOptions(configuration->offline());
        ops::RevertRequest request;
        request.prefix = prefix;
        request.number = revision;
        request.channels = configuredChannels(*configuration);
        auto decided = ops::decideRevert(request, *configuration, options);
        const auto* refused = std::get_if<ops::ChangeRefusal>(&decided);
        if (const std::string demo = demoChannel(inputs);
            refused && isUnreachable(refused->error) && !demo.empty()) {
            options.offline = true;
            request.channels = {demo};
            decided = ops::decideRevert(request, *configuration, options);
        }
        if (auto* refusal = std::get_if<ops::ChangeRefusal>(&decided)) {
            return std::move(refusal->error);
        }
        return ops::ChangeOutcome{std::get<ops::ChangeProposal>(std::move(decided))};
    };
    return step;
}

ChangeStep createStep(const config::ConfigInputs& inputs, const std::string& prefix,
                      std::vector<std::string> specs, std::vector<std::string> channels)
{
    ChangeStep step;
    step.intent.inputs = inputs;
    step.intent.title = ChangeDialog::tr("Create %1").arg(QString::fromStdString(prefix));
    step.intent.userSpecs = specs;
    step.intent.command = "envdesk create -p " + prefix + joined(specs);
    step.intent.create = true;
    step.decide =
        [inputs, prefix, specs,
         channels](const ChangeDialog::DecideContext& context) -> util::Result<ops::ChangeOutcome> {
        auto configuration = loadConfiguration(inputs);
        if (!configuration) {
            return configuration.error();
        }
        ops::ChangeRequest request;
        request.prefix = prefix;
        request.create = true;
        request.specs = specs;
        request.channels = channels.empty() ? configuredChannels(*configuration) : channels;
        return solveWithFallback(std::move(request), *configuration, context.loadOptions(false));
    };
    return step;
}

ChangeSequence::ChangeSequence(std::vector<ChangeStep> steps, QWidget* dialogParent)
    : QObject(dialogParent)
    , m_steps(std::move(steps))
    , m_dialogParent(dialogParent)
{
}

void ChangeSequence::start()
{
    m_next = 0;
    runNext();
}

void ChangeSequence::runNext()
{
    if (m_next >= m_steps.size()) {
        Q_EMIT finished(true);
        return;
    }
    const ChangeStep& step = m_steps[m_next++];
    auto* dialog = new ChangeDialog(step.intent, step.decide, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ChangeDialog::applied, this, &ChangeSequence::stepApplied);
    connect(dialog, &QDialog::finished, this, [this, dialog] {
        if (dialog->state() == ChangeDialog::State::Done
            || dialog->state() == ChangeDialog::State::NothingToDo) {
            runNext();
        } else {
            Q_EMIT finished(false);
        }
    });
    Q_EMIT dialogOpened(dialog);
    dialog->show();
    dialog->start();
}

} // namespace envdesk::ui
