#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>

// A tiny HTTP/1.1 server on 127.0.0.1 for the faults a real server will not produce on demand:
// scripted statuses, truncated bodies, stalls, slow bodies, Range and conditional requests. It
// runs in its own thread, so a test can block in a synchronous download while it answers.
// Every answer closes its connection ("Connection: close"): simpler, and a client must cope.
namespace envdesk::test {

struct FaultResponse {
    enum class Fault {
        None,           // send everything, then close
        CloseAfterSend, // send the head and sendBytes of the body, then close (truncation)
        StallAfterSend, // send the head and sendBytes of the body, then stay silent
        Silent,         // send nothing at all and keep the connection open
    };

    int status = 200;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    qint64 contentLength = -1; // the Content-Length sent; -1 = the body's size
    Fault fault = Fault::None;
    qint64 sendBytes = 0;     // for CloseAfterSend and StallAfterSend
    int chunkSize = 0;        // > 0: send the body in chunks of this size ...
    int chunkDelayMs = 0;     // ... this many milliseconds apart (a slow server)
    bool honourRange = false; // answer "Range: bytes=N-" with 206 (or 416 past the end)
    QByteArray etag;          // sent as ETag; a matching If-None-Match is answered with 304
};

struct ReceivedRequest {
    QByteArray method;
    QByteArray target;
    QList<QPair<QByteArray, QByteArray>> headers;
    // The value of a header, name compared case-insensitively; empty when absent.
    [[nodiscard]] QByteArray header(const QByteArray& name) const;
};

class FaultHttpServer {
public:
    // Listens on 127.0.0.1 on a free port; check isListening().
    FaultHttpServer();
    ~FaultHttpServer();
    FaultHttpServer(const FaultHttpServer&) = delete;
    FaultHttpServer& operator=(const FaultHttpServer&) = delete;

    [[nodiscard]] bool isListening() const;
    [[nodiscard]] quint16 port() const;
    // "http://127.0.0.1:<port>" + target.
    [[nodiscard]] QString url(const QByteArray& target) const;

    // The answers for a request target (the path as sent, query included), one per request in
    // order; the last one repeats. Unscripted targets get a 404.
    void script(const QByteArray& target, QList<FaultResponse> responses);
    [[nodiscard]] int hits(const QByteArray& target) const;
    [[nodiscard]] QList<ReceivedRequest> requests(const QByteArray& target) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace envdesk::test
