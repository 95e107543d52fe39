// The composition root of the desktop app: the application object, the language, the settings,
// the process environment (read here once, into the session the window hands its pages) and the
// main window. Everything with behaviour lives in ui/.
#include "core/config/config.h"
#include "ui/common/icons.h"
#include "ui/common/session_environment.h"
#include "ui/common/translations.h"
#include "ui/main/main_window.h"

#include <QApplication>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QSettings>
#include <QUrl>

#include <memory>

namespace {

const QString kLangOptionName = QStringLiteral("lang");

QCommandLineOption langOption()
{
    return QCommandLineOption(kLangOptionName,
                              QCoreApplication::translate(
                                  "main", "Show the interface in this language, for example zh_CN, "
                                          "instead of the one from the system or $LANGUAGE."),
                              QCoreApplication::translate("main", "locale"));
}

// The language must be known before the rest of the command line is read, so that --help and
// its errors are shown in it: a first, silent pass picks out --lang alone.
QString requestedLanguage(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOption(langOption());
    (void)parser.parse(arguments);
    return parser.value(kLangOptionName);
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("envdesk"));
    QCoreApplication::setApplicationName(QStringLiteral("envdesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ENVDESK_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Envdesk"));
    QGuiApplication::setDesktopFileName(QStringLiteral(ENVDESK_APP_ID));
    QApplication::setWindowIcon(envdesk::ui::appIcon());

    QSettings settings;
    const QLocale locale = envdesk::ui::chooseUiLocale(
        requestedLanguage(QCoreApplication::arguments()),
        settings.value(QLatin1String(envdesk::ui::kLanguageSettingKey)).toString(),
        qEnvironmentVariable("LANGUAGE"));
    const envdesk::ui::Translations translations(locale);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "A desktop manager for conda environments."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(langOption());
    const QCommandLineOption compareOption(
        QStringLiteral("compare"),
        QCoreApplication::translate("main", "Compare the files given (two of them, or one to "
                                            "compare with something chosen in the window)."));
    parser.addOption(compareOption);
    parser.addPositionalArgument(
        QStringLiteral("files"),
        QCoreApplication::translate("main",
                                    "An environment.yml, explicit or conda-lock file to make an "
                                    "environment from; two files are compared."),
        QStringLiteral("[FILE...]"));
    parser.process(app);

    envdesk::ui::MainWindow window(settings, std::make_shared<envdesk::ui::SessionEnvironment>(
                                                 envdesk::config::ConfigInputs::fromProcess()));
    window.show();
    window.askForPackageSourceIfNeeded();
    // From the file manager ("Open with", or files dropped on the icon): %F in the desktop entry.
    QStringList files;
    for (const QString& argument : parser.positionalArguments()) {
        // Desktop environments may pass file:// URLs as well as paths.
        files << (argument.startsWith(QLatin1String("file://"))
                      ? QUrl(argument).toLocalFile()
                      : QFileInfo(argument).absoluteFilePath());
    }
    window.openFiles(files, parser.isSet(compareOption));
    return QApplication::exec();
}
