#include "tests/support/python_http_server.h"

#include <QDeadlineTimer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace envdesk::test {

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        return 0;
    }
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

bool waitUntilAccepting(quint16 port, const QProcess& process, int limitMs)
{
    QDeadlineTimer deadline(limitMs);
    while (!deadline.hasExpired() && process.state() != QProcess::NotRunning) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(200)) {
            return true;
        }
        QThread::msleep(50);
    }
    return false;
}

namespace {

// http.server's file handler behind a Basic-auth check; argv: port, folder, "user:password".
const char* const basicAuthServer = R"(import base64, functools, http.server, sys
port, root, credentials = int(sys.argv[1]), sys.argv[2], sys.argv[3]
expected = 'Basic ' + base64.b64encode(credentials.encode()).decode()
class Handler(http.server.SimpleHTTPRequestHandler):
    def allowed(self):
        if self.headers.get('Authorization') == expected:
            return True
        self.send_response(401)
        self.send_header('WWW-Authenticate', 'Basic realm="channel"')
        self.send_header('Content-Length', '0')
        self.end_headers()
        return False
    def do_GET(self):
        if self.allowed():
            super().do_GET()
    def do_HEAD(self):
        if self.allowed():
            super().do_HEAD()
http.server.ThreadingHTTPServer(('127.0.0.1', port),
                                functools.partial(Handler, directory=root)).serve_forever()
)";

} // namespace

PythonHttpServer::PythonHttpServer(const QString& directory, const QString& basicAuth)
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty()) {
        m_whyNot = QStringLiteral("python3 is not installed: no real HTTP server to test against");
        return;
    }
    m_port = freeLoopbackPort();
    if (m_port == 0) {
        m_whyNot = QStringLiteral("no free port on 127.0.0.1");
        return;
    }
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(QProcess::nullDevice()); // its request log is noise
    if (basicAuth.isEmpty()) {
        m_process.start(python,
                        {QStringLiteral("-m"), QStringLiteral("http.server"),
                         QString::number(m_port), QStringLiteral("--bind"),
                         QStringLiteral("127.0.0.1"), QStringLiteral("--directory"), directory});
    } else {
        m_process.start(python, {QStringLiteral("-c"), QString::fromUtf8(basicAuthServer),
                                 QString::number(m_port), directory, basicAuth});
    }
    if (!m_process.waitForStarted(10000)) {
        m_whyNot = QStringLiteral("python3 -m http.server did not start");
        return;
    }
    m_running = waitUntilAccepting(m_port, m_process, 20000);
    if (!m_running) {
        m_whyNot = QStringLiteral("python3 -m http.server did not accept connections on port %1")
                       .arg(m_port);
    }
}

PythonHttpServer::~PythonHttpServer()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
}

QString PythonHttpServer::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

} // namespace envdesk::test
