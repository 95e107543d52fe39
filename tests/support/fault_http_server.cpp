#include "tests/support/fault_http_server.h"

#include <QHash>
#include <QHostAddress>
#include <QMetaObject>
#include <QMutex>
#include <QMutexLocker>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace envdesk::test {

QByteArray ReceivedRequest::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 206:
        return "Partial Content";
    case 304:
        return "Not Modified";
    case 404:
        return "Not Found";
    case 416:
        return "Range Not Satisfiable";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

ReceivedRequest parseHead(const QByteArray& head)
{
    ReceivedRequest request;
    const QList<QByteArray> lines = head.split('\n');
    if (lines.isEmpty()) {
        return request;
    }
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0) {
            request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        }
    }
    return request;
}

// Sends `data` in chunks on a timer, then closes; the timer dies with the socket.
void sendSlowly(QTcpSocket* socket, const QByteArray& data, int chunkSize, int delayMs)
{
    auto* timer = new QTimer(socket);
    auto sent = std::make_shared<qsizetype>(0);
    QObject::connect(timer, &QTimer::timeout, socket, [socket, timer, data, chunkSize, sent] {
        if (socket->state() != QAbstractSocket::ConnectedState) {
            timer->stop();
            return;
        }
        socket->write(data.mid(*sent, chunkSize));
        *sent += chunkSize;
        if (*sent >= data.size()) {
            timer->stop();
            socket->disconnectFromHost();
        }
    });
    timer->start(delayMs);
}

} // namespace

struct FaultHttpServer::Impl {
    QThread thread;
    QTcpServer* server = nullptr; // lives in `thread`
    quint16 port = 0;
    mutable QMutex mutex;
    QHash<QByteArray, QList<FaultResponse>> scripts;
    QHash<QByteArray, QList<ReceivedRequest>> received;

    void onNewConnection()
    {
        while (QTcpSocket* socket = server->nextPendingConnection()) {
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                if (buffer->isNull() && socket->property("answered").toBool()) {
                    socket->readAll();
                    return;
                }
                buffer->append(socket->readAll());
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0) {
                    return;
                }
                socket->setProperty("answered", true);
                const ReceivedRequest request = parseHead(buffer->left(end));
                *buffer = QByteArray();
                answer(socket, request);
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    FaultResponse next(const ReceivedRequest& request)
    {
        QMutexLocker lock(&mutex);
        QList<ReceivedRequest>& seen = received[request.target];
        seen.append(request);
        const auto it = scripts.constFind(request.target);
        if (it == scripts.constEnd() || it->isEmpty()) {
            FaultResponse notFound;
            notFound.status = 404;
            notFound.body = "not found";
            return notFound;
        }
        return it->at(std::min<qsizetype>(seen.size() - 1, it->size() - 1));
    }

    void answer(QTcpSocket* socket, const ReceivedRequest& request)
    {
        FaultResponse response = next(request);
        if (response.fault == FaultResponse::Fault::Silent) {
            return;
        }
        QList<QPair<QByteArray, QByteArray>> headers = response.headers;
        QByteArray body = response.body;
        int status = response.status;
        if (!response.etag.isEmpty()) {
            headers.append({"ETag", response.etag});
            if (request.header("If-None-Match") == response.etag) {
                status = 304;
                body.clear();
            }
        }
        const QByteArray range = request.header("Range");
        if (response.honourRange && status == 200 && range.startsWith("bytes=")
            && range.endsWith('-')) {
            const qint64 first = range.mid(6, range.size() - 7).toLongLong();
            const qint64 size = body.size();
            if (first >= size) {
                status = 416;
                headers.append({"Content-Range", "bytes */" + QByteArray::number(size)});
                body.clear();
            } else {
                status = 206;
                headers.append({"Content-Range", "bytes " + QByteArray::number(first) + "-"
                                                     + QByteArray::number(size - 1) + "/"
                                                     + QByteArray::number(size)});
                body = body.mid(first);
            }
        }
        const qint64 length =
            response.contentLength >= 0 && status != 304 ? response.contentLength : body.size();
        QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + " " + reasonPhrase(status)
                          + "\r\nContent-Length: " + QByteArray::number(length)
                          + "\r\nConnection: close\r\n";
        for (const auto& [name, value] : headers) {
            head += name + ": " + value + "\r\n";
        }
        head += "\r\n";
        socket->write(head);
        switch (response.fault) {
        case FaultResponse::Fault::CloseAfterSend:
            socket->write(body.left(response.sendBytes));
            socket->disconnectFromHost();
            return;
        case FaultResponse::Fault::StallAfterSend:
            socket->write(body.left(response.sendBytes));
            return;
        default:
            break;
        }
        if (response.chunkSize > 0 && !body.isEmpty()) {
            sendSlowly(socket, body, response.chunkSize, response.chunkDelayMs);
            return;
        }
        socket->write(body);
        socket->disconnectFromHost();
    }
};

FaultHttpServer::FaultHttpServer()
    : m_impl(std::make_unique<Impl>())
{
    Impl* impl = m_impl.get();
    impl->server = new QTcpServer;
    impl->server->moveToThread(&impl->thread);
    impl->thread.start();
    QMetaObject::invokeMethod(
        impl->server,
        [impl] {
            QObject::connect(impl->server, &QTcpServer::newConnection, impl->server,
                             [impl] { impl->onNewConnection(); });
            if (impl->server->listen(QHostAddress::LocalHost, 0)) {
                impl->port = impl->server->serverPort();
            }
        },
        Qt::BlockingQueuedConnection);
}

FaultHttpServer::~FaultHttpServer()
{
    Impl* impl = m_impl.get();
    // Sockets and timers belong to the server's thread: they are destroyed there.
    QMetaObject::invokeMethod(
        impl->server,
        [impl] {
            impl->server->close();
            const auto sockets = impl->server->findChildren<QTcpSocket*>();
            for (QTcpSocket* socket : sockets) {
                socket->abort();
                delete socket;
            }
        },
        Qt::BlockingQueuedConnection);
    impl->thread.quit();
    impl->thread.wait();
    delete impl->server; // its thread has ended, so no event can reach it any more
}

bool FaultHttpServer::isListening() const
{
    return m_impl->port != 0;
}

quint16 FaultHttpServer::port() const
{
    return m_impl->port;
}

QString FaultHttpServer::url(const QByteArray& target) const
{
    return QStringLiteral("http://127.0.0.1:%1%2")
        .arg(m_impl->port)
        .arg(QString::fromLatin1(target));
}

void FaultHttpServer::script(const QByteArray& target, QList<FaultResponse> responses)
{
    QMutexLocker lock(&m_impl->mutex);
    m_impl->scripts.insert(target, std::move(responses));
}

int FaultHttpServer::hits(const QByteArray& target) const
{
    QMutexLocker lock(&m_impl->mutex);
    return static_cast<int>(m_impl->received.value(target).size());
}

QList<ReceivedRequest> FaultHttpServer::requests(const QByteArray& target) const
{
    QMutexLocker lock(&m_impl->mutex);
    return m_impl->received.value(target);
}

} // namespace envdesk::test
