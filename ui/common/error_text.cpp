#include "ui/common/error_text.h"

#include "core/util/secrets.h"
#include "core/util/strings.h"

#include <QCoreApplication>

namespace envdesk::ui {

namespace {

// QCoreApplication::translate with its context written out each time: lupdate reads only
// literal contexts.
QString shown(const std::string& text)
{
    return QString::fromStdString(util::printableMessage(util::maskSecrets(text)));
}

// The sentence for a code: with the place (%1) when there is one, else without.
struct Sentences {
    QString withPlace;
    QString alone;
};

Sentences sentencesFor(util::ErrorCode code)
{
    using util::ErrorCode;
    switch (code) {
    case ErrorCode::InvalidVersion:
    case ErrorCode::InvalidVersionSpec:
    case ErrorCode::InvalidBuildNumberSpec:
    case ErrorCode::InvalidMatchSpec:
        return {QCoreApplication::translate("envdesk::ui::ErrorText",
                                            "Not a valid package specification: %1"),
                QCoreApplication::translate("envdesk::ui::ErrorText",
                                            "A package specification is not valid")};
    case ErrorCode::InvalidChannel:
        return {QCoreApplication::translate("envdesk::ui::ErrorText", "Not a valid channel: %1"),
                QCoreApplication::translate("envdesk::ui::ErrorText", "A channel is not valid")};
    case ErrorCode::InvalidRecord:
        return {QCoreApplication::translate("envdesk::ui::ErrorText",
                                            "A package's record is not valid: %1"),
                QCoreApplication::translate("envdesk::ui::ErrorText",
                                            "A package's record is not valid")};
    case ErrorCode::ParseError:
        return {QCoreApplication::translate("envdesk::ui::ErrorText",
                                            "Its contents are not valid, so it cannot be read: %1"),
                QCoreApplication::translate("envdesk::ui::ErrorText",
                                            "Contents that are not valid could not be read")};
    case ErrorCode::NotFound:
        return {QCoreApplication::translate("envdesk::ui::ErrorText", "Not found: %1"),
                QCoreApplication::translate("envdesk::ui::ErrorText",
                                            "Something needed was not found")};
    case ErrorCode::IoError:
        return {QCoreApplication::translate("envdesk::ui::ErrorText",
                                            "Could not be read or written: %1"),
                QCoreApplication::translate("envdesk::ui::ErrorText",
                                            "A file could not be read or written")};
    case ErrorCode::Network:
        return {
            QCoreApplication::translate("envdesk::ui::ErrorText",
                                        "The server could not be reached or did not answer: %1"),
            QCoreApplication::translate("envdesk::ui::ErrorText",
                                        "A server could not be reached or did not answer")};
    case ErrorCode::ChecksumMismatch:
        return {QCoreApplication::translate(
                    "envdesk::ui::ErrorText",
                    "Damaged: its checksum or size is not what the channel says: %1"),
                QCoreApplication::translate(
                    "envdesk::ui::ErrorText",
                    "A download is damaged: its checksum or size is not what the channel says")};
    case ErrorCode::Cancelled:
        return {QCoreApplication::translate("envdesk::ui::ErrorText", "Stopped"),
                QCoreApplication::translate("envdesk::ui::ErrorText", "Stopped")};
    case ErrorCode::PermissionDenied:
        return {
            QCoreApplication::translate("envdesk::ui::ErrorText",
                                        "This user may not change it: %1"),
            QCoreApplication::translate("envdesk::ui::ErrorText", "This user may not change it")};
    case ErrorCode::Busy:
        return {QCoreApplication::translate(
                    "envdesk::ui::ErrorText",
                    "Another program is using it; try again when that has finished: %1"),
                QCoreApplication::translate(
                    "envdesk::ui::ErrorText",
                    "Another program is using it; try again when that has finished")};
    case ErrorCode::Stale:
        return {QCoreApplication::translate(
                    "envdesk::ui::ErrorText",
                    "Another program changed it since this was prepared; preview again: %1"),
                QCoreApplication::translate(
                    "envdesk::ui::ErrorText",
                    "Another program changed it since this was prepared; preview again")};
    case ErrorCode::Internal:
        break;
    }
    return {QCoreApplication::translate(
                "envdesk::ui::ErrorText",
                "Something went wrong inside Envdesk (%1); Help > Report a Problem says where "
                "to tell us"),
            QCoreApplication::translate(
                "envdesk::ui::ErrorText",
                "Something went wrong inside Envdesk; Help > Report a Problem says where to "
                "tell us")};
}

} // namespace

QString errorCause(const util::Error& error)
{
    const Sentences sentences = sentencesFor(error.code);
    if (error.code == util::ErrorCode::Cancelled || error.context.empty()) {
        return sentences.alone;
    }
    return sentences.withPlace.arg(shown(error.context));
}

QString errorReason(const util::Error& error)
{
    using util::ErrorReason;
    const auto value = [&error](std::size_t i) {
        return i < error.values.size() ? shown(error.values[i]) : QString();
    };
    switch (error.reason) {
    case ErrorReason::Unspecified:
        break;
    case ErrorReason::HostNotFound:
        return QCoreApplication::translate("envdesk::ui::ErrorText",
                                           "its name could not be found (DNS): check the address, "
                                           "or the connection");
    case ErrorReason::ConnectionFailed:
        return QCoreApplication::translate("envdesk::ui::ErrorText",
                                           "no connection could be made to it");
    case ErrorReason::TimedOut:
        return QCoreApplication::translate("envdesk::ui::ErrorText", "it did not answer in time");
    case ErrorReason::HttpStatus:
        return QCoreApplication::translate("envdesk::ui::ErrorText", "the server answered HTTP %1")
            .arg(value(0));
    case ErrorReason::TlsVerification:
        return QCoreApplication::translate("envdesk::ui::ErrorText",
                                           "its certificate could not be verified (see TLS "
                                           "verification on the Channels page)");
    case ErrorReason::Offline:
        return QCoreApplication::translate("envdesk::ui::ErrorText",
                                           "the network is not used while working offline");
    case ErrorReason::DidNotAnswerEarlier:
        return QCoreApplication::translate("envdesk::ui::ErrorText",
                                           "not asked again: %1 did not answer earlier in this "
                                           "session (File > Reload Channels tries again)")
            .arg(value(0));
    case ErrorReason::ChannelFolderMissing:
        return QCoreApplication::translate("envdesk::ui::ErrorText",
                                           "the channel's folder does not exist");
    case ErrorReason::NoRepodataInFolder: {
        QStringList files;
        for (std::size_t i = 0; i < error.values.size(); ++i) {
            files << value(i);
        }
        return QCoreApplication::translate("envdesk::ui::ErrorText",
                                           "the folder is not a channel: it has no %1 (envdesk-cli "
                                           "index makes them)")
            .arg(files.join(QStringLiteral(", ")));
    }
    case ErrorReason::OfflineNothingCached:
        return QCoreApplication::translate("envdesk::ui::ErrorText",
                                           "offline, and nothing of the channels is cached yet: "
                                           "connect once, or add a local channel");
    }
    return {};
}

QString errorText(const util::Error& error)
{
    const QString cause = errorCause(error);
    if (const QString reason = errorReason(error); !reason.isEmpty()) {
        return QCoreApplication::translate("envdesk::ui::ErrorText", "%1 (%2)").arg(cause, reason);
    }
    if (error.code == util::ErrorCode::Cancelled || error.detail.empty()) {
        return cause;
    }
    //: %1 is what happened, in the user's language; %2 the technical detail, in English.
    return QCoreApplication::translate("envdesk::ui::ErrorText", "%1 (%2)")
        .arg(cause, shown(error.detail));
}

} // namespace envdesk::ui
