#include "ui/changes/environment_steps.h"

#include "core/env/prefix.h"
#include "core/envfile/conda_lock.h"
#include "core/envfile/environment_file.h"
#include "core/envfile/explicit_file.h"
#include "core/ops/environment_copy.h"
#include "core/ops/environment_export.h"
#include "core/ops/environment_from_file.h"
#include "core/ops/environment_list.h"
#include "core/ops/environment_removal.h"
#include "core/specs/channel.h"
#include "core/util/file_io.h"
#include "core/util/secrets.h"
#include "ui/changes/change_sources.h"
#include "ui/common/error_text.h"

#include <memory>
#include <optional>

namespace envdesk::ui {

namespace {

// Where a channel failed and how, in the user's words where core names the cause
// (ui/common/error_text.h), else core's own message.
QString serverAnswer(const util::Error& error)
{
    const QString reason = errorReason(error);
    if (reason.isEmpty()) {
        return QString::fromStdString(error.message());
    }
    return QString::fromStdString(util::maskSecrets(error.context)) + QStringLiteral(": ") + reason;
}

util::Error refused(const ops::Refusal& refusal)
{
    return util::Error{util::ErrorCode::InvalidRecord, refusal.message, {}};
}

ops::ProtectedPrefixes protectedPrefixes(const config::ConfigInputs& inputs)
{
    return {inputs.effectiveRootPrefix(), inputs.effectivePrefix()};
}

} // namespace

util::Result<std::string> prefixForName(const config::ConfigInputs& inputs, const std::string& name)
{
    auto configuration = loadConfiguration(inputs);
    if (!configuration) {
        return configuration.error();
    }
    return ops::resolveEnvironmentPrefix({env::PrefixChoice::Kind::Name, name}, inputs,
                                         *configuration, ops::PrefixUse::New);
}

ChangeStep cloneStep(const config::ConfigInputs& inputs, const std::string& source,
                     const std::string& target)
{
    // The plan decided on the worker is what the apply and the file copy carry out.
    auto decided = std::make_shared<std::optional<ops::ClonePlan>>();
    const std::string command = "envdesk create -p " + target + " --clone " + source;
    ChangeStep step;
    step.intent.title = ChangeDialog::tr("Clone %1 to %2")
                            .arg(QString::fromStdString(source), QString::fromStdString(target));
    step.intent.create = true;
    step.intent.command = command;
    step.intent.inputs = inputs;
    step.decide =
        [inputs, source, target,
         decided](const ChangeDialog::DecideContext& context) -> util::Result<ops::ChangeOutcome> {
        auto configuration = loadConfiguration(inputs);
        if (!configuration) {
            return configuration.error();
        }
        ops::CloneTarget targetChecks; // the apply follows: a killed create there is settled
        targetChecks.settle = true;
        targetChecks.stop = context.stop;
        auto clone = ops::decideClone(source, target, configuration->pkgsDirs(), targetChecks);
        if (const auto* refusal = std::get_if<ops::Refusal>(&clone)) {
            return refused(*refusal);
        }
        *decided = std::get<ops::ClonePlan>(std::move(clone));
        ops::ChangeProposal proposal;
        proposal.plan = (*decided)->plan;
        return ops::ChangeOutcome{std::move(proposal)};
    };
    step.intent.change = [decided, command](const ops::ChangeProposal&) {
        return ops::cloneChange(**decided, command);
    };
    step.intent.afterwards = ChangeDialog::tr(
        "Then the files of your own in the environment are copied, pointing at the new place.");
    step.intent.finish = [decided](std::stop_token) -> util::Result<std::vector<std::string>> {
        auto copied = ops::copyUserFiles(**decided);
        if (!copied) {
            return copied.error();
        }
        return std::vector<std::string>{
            ChangeDialog::tr("Copied %1 files of your own.").arg(*copied).toStdString()};
    };
    return step;
}

ChangeStep removeEnvironmentStep(const config::ConfigInputs& inputs, const QString& name,
                                 const std::string& prefix)
{
    const std::string command = "envdesk env remove -p " + prefix;
    ChangeStep step;
    step.intent.title = ChangeDialog::tr("Remove the environment %1").arg(name);
    step.intent.remove = true;
    step.intent.command = command;
    step.intent.inputs = inputs;
    step.decide = [inputs,
                   prefix](const ChangeDialog::DecideContext&) -> util::Result<ops::ChangeOutcome> {
        auto configuration = loadConfiguration(inputs);
        if (!configuration) {
            return configuration.error();
        }
        auto plan = ops::decideRemoval(prefix, protectedPrefixes(inputs), "remove",
                                       configuration->pkgsDirs());
        if (const auto* refusal = std::get_if<ops::Refusal>(&plan)) {
            return refused(*refusal);
        }
        ops::ChangeProposal proposal;
        proposal.plan = std::get<ops::Plan>(std::move(plan));
        return ops::ChangeOutcome{std::move(proposal)};
    };
    step.intent.change = [command](const ops::ChangeProposal& proposal) {
        return ops::removalChange(proposal.plan, command);
    };
    step.intent.afterwards =
        ChangeDialog::tr("Then the folder %1, with any files of your own in it, is deleted.")
            .arg(QString::fromStdString(prefix));
    step.intent.finish = [inputs,
                          prefix](std::stop_token) -> util::Result<std::vector<std::string>> {
        auto configuration = loadConfiguration(inputs);
        if (!configuration) {
            return configuration.error();
        }
        auto notes = ops::deleteEnvironmentFolder(prefix, ops::userRegistry(*configuration));
        if (!notes) {
            return notes.error();
        }
        notes->push_back(
            ChangeDialog::tr("Deleted %1.").arg(QString::fromStdString(prefix)).toStdString());
        return std::move(*notes);
    };
    return step;
}

std::vector<ChangeStep> renameSteps(const config::ConfigInputs& inputs, const QString& name,
                                    const std::string& source, const std::string& target)
{
    // The window never replaces an existing destination: ops refuses it before anything is
    // copied, as the first step's decision.
    const ops::RenamePlan plan = ops::planRename(source, target, false);
    std::vector<ChangeStep> steps;
    const int count = static_cast<int>(plan.stages.size());
    for (const ops::RenameStage& stage : plan.stages) {
        const int number = static_cast<int>(steps.size()) + 1;
        if (stage.kind == ops::RenameStage::Kind::Clone) {
            steps.push_back(cloneStep(inputs, source, target));
            steps.back().intent.title = ChangeDialog::tr("Rename %1 (%2 of %3: copy to %4)")
                                            .arg(name)
                                            .arg(number)
                                            .arg(count)
                                            .arg(QString::fromStdString(target));
        } else {
            steps.push_back(removeEnvironmentStep(inputs, name, stage.prefix));
            steps.back().intent.title =
                ChangeDialog::tr("Rename %1 (%2 of %3: remove the original)")
                    .arg(name)
                    .arg(number)
                    .arg(count);
        }
    }
    auto decide = steps.front().decide;
    steps.front().decide =
        [inputs, source, target,
         decide](const ChangeDialog::DecideContext& context) -> util::Result<ops::ChangeOutcome> {
        auto decided = ops::decideRename(source, target, false, protectedPrefixes(inputs));
        if (const auto* refusal = std::get_if<ops::Refusal>(&decided)) {
            return refused(*refusal);
        }
        return decide(context);
    };
    return steps;
}

ChangeStep importStep(const config::ConfigInputs& inputs, const std::string& file,
                      const std::string& prefix)
{
    auto decided = std::make_shared<std::optional<ops::EnvironmentFromFile>>();
    ChangeStep step;
    step.intent.title = ChangeDialog::tr("Create %1 from %2")
                            .arg(QString::fromStdString(prefix), QString::fromStdString(file));
    step.intent.create = true;
    step.intent.command = "envdesk env create -p " + prefix + " -f " + file;
    step.intent.inputs = inputs;
    step.decide =
        [inputs, file, prefix,
         decided](const ChangeDialog::DecideContext& context) -> util::Result<ops::ChangeOutcome> {
        const std::stop_token stop = context.stop;
        auto configuration = loadConfiguration(inputs);
        if (!configuration) {
            return configuration.error();
        }
        auto text = util::readFile(file);
        if (!text) {
            return text.error();
        }
        auto read =
            ops::readEnvironmentFromFile(file, *text, {{}, ops::variablesOf(*configuration)});
        if (!read) {
            return read.error();
        }
        *decided = *read;
        ops::NextFromFile options;
        options.offline = configuration->offline();
        auto next = ops::nextStepFromFile(*read, prefix, *configuration, options, stop);
        if (!next) {
            return next.error();
        }
        if (auto* refused = std::get_if<ops::ChangeRefusal>(&*next)) {
            return std::move(refused->error);
        }
        if (auto* request = std::get_if<ops::ChangeRequest>(&*next)) {
            // A file names its channels: they are read, or the user hears why not. The demo
            // channel never stands in for them (its packages are not the file's).
            channels::LoadOptions loadOptions = context.loadOptions(request->offline);
            auto outcome = ops::solveChange(*request, *configuration, loadOptions);
            if (!outcome && isUnreachable(outcome.error())) {
                // Already the window's sentence (errorText() puts it after its own cause), so
                // without a context of its own; the server's answer stays technical, inside it.
                return util::Error{
                    util::ErrorCode::Network,
                    ChangeDialog::tr("The channels that %1 names could not be reached, so its "
                                     "packages could not be looked up. Connect to the network or "
                                     "choose a mirror on the Channels page, then try again. (%2)")
                        .arg(QString::fromStdString(file), serverAnswer(outcome.error()))
                        .toStdString(),
                    {}};
            }
            return outcome;
        }
        ops::ChangeProposal proposal;
        proposal.plan = std::get<ops::Plan>(std::move(*next));
        return ops::ChangeOutcome{std::move(proposal)};
    };
    step.intent.afterwards =
        ChangeDialog::tr("Then the file's environment variables and pip packages, if any.");
    step.intent.finish = [inputs, file, prefix,
                          decided](std::stop_token stop) -> util::Result<std::vector<std::string>> {
        auto configuration = loadConfiguration(inputs);
        if (!configuration) {
            return configuration.error();
        }
        auto output = ops::finishFromFile(prefix, **decided, file, *configuration, stop);
        if (!output) {
            return output.error();
        }
        return output->empty() ? std::vector<std::string>{} : std::vector<std::string>{*output};
    };
    return step;
}

util::Result<std::string> exportText(const config::ConfigInputs& inputs, const std::string& prefix,
                                     ExportFormat format, std::stop_token stop)
{
    auto configuration = loadConfiguration(inputs);
    if (!configuration) {
        return configuration.error();
    }
    if (format == ExportFormat::Explicit) {
        return ops::exportExplicit(prefix, envfile::ExplicitHash::Sha256, specs::currentPlatform());
    }
    ops::ExportOptions options;
    options.noBuilds = format == ExportFormat::NoBuilds;
    options.fromHistory = format == ExportFormat::FromHistory;
    auto exported = ops::exportEnvironment(prefix, options, *configuration);
    if (!exported) {
        return exported.error();
    }
    if (format != ExportFormat::Lock) {
        return envfile::formatEnvironmentFile(*exported);
    }
    ops::LockOptions lockOptions;
    lockOptions.channels = exported->channels;
    lockOptions.solveOther = ops::inProcessSolve(*configuration, stop);
    auto lock = ops::exportLock(prefix, lockOptions);
    if (!lock) {
        return lock.error();
    }
    return envfile::formatCondaLock(*lock);
}

} // namespace envdesk::ui
