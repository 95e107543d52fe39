#pragma once

#include <QProcess>
#include <QString>

namespace envdesk::test {

// A port on 127.0.0.1 that was free a moment ago: bind port 0, read it back, close. Another
// process could take it in between, which is why servers started on it check their start-up.
[[nodiscard]] quint16 freeLoopbackPort();
// Polls until `port` on 127.0.0.1 accepts connections, while `process` runs; false after
// `limitMs` or when the process ends.
[[nodiscard]] bool waitUntilAccepting(quint16 port, const QProcess& process, int limitMs);

// A real HTTP server for integration tests: Python's http.server on 127.0.0.1 serving a
// folder, started on a free port and stopped when this object goes away. It sends
// Last-Modified and answers If-Modified-Since with 304, as static file servers do. With
// `basicAuth` ("user:password") every request without those HTTP Basic credentials gets a 401,
// as a private channel behind a password answers.
class PythonHttpServer {
public:
    explicit PythonHttpServer(const QString& directory, const QString& basicAuth = {});
    ~PythonHttpServer();
    PythonHttpServer(const PythonHttpServer&) = delete;
    PythonHttpServer& operator=(const PythonHttpServer&) = delete;

    // False with a reason when python3 is missing or the server did not come up.
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] const QString& whyNot() const { return m_whyNot; }
    // "http://127.0.0.1:<port>"
    [[nodiscard]] QString url() const;

private:
    QProcess m_process;
    quint16 m_port = 0;
    bool m_running = false;
    QString m_whyNot;
};

} // namespace envdesk::test
