#include "core/download/download.h"
#include "core/util/hash.h"
#include "test_printers.h"
#include "tests/support/fault_http_server.h"
#include "tests/support/python_http_server.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <thread>

using namespace envdesk;
using namespace envdesk::test;
using download::Options;
using download::Progress;
using download::Request;
using download::Response;
using Clock = std::chrono::steady_clock;

namespace {

QByteArray testBytes(int size, int seed = 1)
{
    QByteArray data(size, '\0');
    quint32 state = 2166136261u ^ static_cast<quint32>(seed);
    for (int i = 0; i < size; ++i) {
        state = state * 16777619u + 12345u;
        data[i] = static_cast<char>(state >> 24);
    }
    return data;
}

std::string sha256Of(const QByteArray& data)
{
    return util::sha256Hex(
        std::string_view(data.constData(), static_cast<std::size_t>(data.size())));
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return file.readAll();
}

bool writeAll(const QString& path, const QByteArray& data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// Small timeouts and back-off so the fault cases run in well under a second each.
Options fastOptions()
{
    Options options;
    options.connectTimeoutSecs = 2;
    options.readTimeoutSecs = 2;
    options.maxRetries = 2;
    options.retryBackoffSecs = 0.02;
    return options;
}

Response fetchOne(const Request& request, const Options& options = fastOptions(),
                  std::stop_token stop = {})
{
    auto responses = download::downloadAll({request}, options, {}, std::move(stop));
    if (responses.size() != 1) {
        qFatal("downloadAll returned %d responses for one request",
               static_cast<int>(responses.size()));
    }
    return responses.front();
}

// Outcomes and codes are compared as text: QTest's toString would find the library's toString()
// by argument-dependent lookup, and a failure prints a readable name.
std::string outcomeOf(const Response& response)
{
    return download::toString(response.outcome);
}

std::string codeName(util::ErrorCode code)
{
    return std::string(util::toString(code));
}

std::string codeOf(const Response& response)
{
    return response.error ? codeName(response.error->code) : std::string("no error");
}

std::string errorText(const Response& response)
{
    return response.error ? response.error->message() : std::string();
}

FaultResponse ok(const QByteArray& body)
{
    FaultResponse response;
    response.body = body;
    return response;
}

FaultResponse withStatus(int status)
{
    FaultResponse response;
    response.status = status;
    response.body = "error page " + QByteArray::number(status);
    return response;
}

// Stops the Python server however the test ends.
struct ProcessGuard {
    QProcess& process;
    ~ProcessGuard()
    {
        process.kill();
        process.waitForFinished(5000);
    }
};

// Python's http.server behind TLS with a certificate of its own. The handshake is left to the
// handler threads so a port probe cannot block the accepting one.
const char* const kHttpsServer = R"(import functools, http.server, ssl, sys
port, cert, key, folder = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=folder)
server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
server.socket = context.wrap_socket(server.socket, server_side=True,
                                    do_handshake_on_connect=False)
server.serve_forever()
)";

} // namespace

class TestDownload : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void realHttpServerParallel();
    void retriesTransientStatus_data();
    void retriesTransientStatus();
    void notFoundIsNotRetried();
    void truncatedBodyIsRetriedThenFails();
    void truncatedBodyThenComplete();
    void stallHitsReadTimeout_data();
    void stallHitsReadTimeout();
    void checksumMismatch_data();
    void checksumMismatch();
    void sizeLargerThanExpected();
    void notModified();
    void validatorsReturned();
    void redirectFollowed();
    void resumeWithRange();
    void resumeWhenServerIgnoresRange();
    void resumeOfCompletePart();
    void secretsNeverShown_data();
    void secretsNeverShown();
    void cancelMidTransfer();
    void cancelledThenResumed();
    void stoppedBeforeStart();
    void cancelLeavesOtherCallsAlone();
    void offlineMode();
    void unreachableServerIsNotAskedAgain();
    void aProxyThatDidNotAnswerIsRememberedNotEachServer();
    void fileUrls();
    void writeErrorNamesPath();
    void diskFull();
    void archivesSavedAsSent();
    void proxyFromOptions();
    void progressIsThrottled();
    void tlsVerification_data();
    void tlsVerification();

private:
    QString path(const QString& name) const { return m_dir->filePath(name); }
    QString path(const char* name) const { return path(QString::fromUtf8(name)); }
    std::string dest(const QString& name) const { return path(name).toStdString(); }
    std::string dest(const char* name) const { return path(name).toStdString(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FaultHttpServer> m_server;
};

void TestDownload::initTestCase()
{
    // libcurl would send even loopback requests through a proxy from the environment.
    for (const char* name :
         {"http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"}) {
        qunsetenv(name);
    }
}

void TestDownload::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FaultHttpServer>();
    QVERIFY(m_server->isListening());
}

void TestDownload::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

void TestDownload::realHttpServerParallel()
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty()) {
        QSKIP("python3 is not installed: no real HTTP server to test against");
    }
    const QString fixtures = QStringLiteral(ENVDESK_FIXTURES_DIR "/packages");
    QStringList packages;
    QDirIterator it(fixtures, {QStringLiteral("zlib-*.conda"), QStringLiteral("zlib-*.tar.bz2")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        packages.append(it.next());
    }
    if (packages.size() < 2) {
        QSKIP("the shared fixtures with zlib packages are not there");
    }
    packages.sort();
    packages = packages.mid(0, 6);

    QTemporaryDir served;
    QVERIFY(served.isValid());
    std::vector<Request> requests;
    std::vector<std::string> expected;
    const quint16 port = envdesk::test::freeLoopbackPort();
    QVERIFY(port != 0);
    for (int i = 0; i < packages.size(); ++i) {
        // Distinct names: the same file name exists for several platforms.
        const QString name =
            QString::number(i) + QLatin1Char('-') + QFileInfo(packages[i]).fileName();
        QVERIFY(QFile::copy(packages[i], served.filePath(name)));
        const QByteArray content = readAll(packages[i]);
        QVERIFY(!content.isEmpty());
        expected.push_back(sha256Of(content));
        Request request;
        request.url = QStringLiteral("http://127.0.0.1:%1/%2").arg(port).arg(name).toStdString();
        request.destination = dest(QStringLiteral("pkgs/") + name);
        request.expectedSha256 = expected.back();
        request.expectedSize = static_cast<std::uint64_t>(content.size());
        request.label = name.toStdString();
        requests.push_back(request);
    }

    QProcess server;
    // Its request log would only clutter the test output.
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.setStandardOutputFile(QProcess::nullDevice());
    server.start(python,
                 {QStringLiteral("-m"), QStringLiteral("http.server"), QString::number(port),
                  QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                  QStringLiteral("--directory"), served.path()});
    ProcessGuard guard{server};
    QVERIFY2(server.waitForStarted(10000), "python3 -m http.server did not start");
    QVERIFY2(envdesk::test::waitUntilAccepting(port, server, 20000),
             "python3 -m http.server did not accept connections (port taken?)");

    std::map<std::size_t, std::uint64_t> lastReceived;
    Options options = fastOptions();
    options.maxParallel = 3;
    const auto responses = download::downloadAll(
        requests, options, [&](const Progress& p) { lastReceived[p.requestIndex] = p.received; },
        {});
    QCOMPARE(responses.size(), requests.size());
    for (std::size_t i = 0; i < responses.size(); ++i) {
        QCOMPARE(outcomeOf(responses[i]), std::string("Downloaded"));
        QCOMPARE(responses[i].httpStatus, 200L);
        QCOMPARE(responses[i].sha256, expected[i]);
        QCOMPARE(responses[i].bytes, *requests[i].expectedSize);
        QCOMPARE(sha256Of(readAll(QString::fromStdString(requests[i].destination))), expected[i]);
        QVERIFY(!QFile::exists(QString::fromStdString(requests[i].destination + ".part")));
        QVERIFY(!responses[i].lastModified.empty()); // http.server sends Last-Modified
        QCOMPARE(lastReceived[i], *requests[i].expectedSize);
    }
}

void TestDownload::retriesTransientStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("500") << 500;
    QTest::newRow("503") << 503;
    QTest::newRow("429") << 429;
    QTest::newRow("408") << 408;
}

void TestDownload::retriesTransientStatus()
{
    QFETCH(int, status);
    const QByteArray body = testBytes(5000);
    m_server->script("/flaky.conda", {withStatus(status), ok(body)});
    Request request{m_server->url("/flaky.conda").toStdString(), dest("flaky.conda")};
    request.expectedSha256 = sha256Of(body);
    const Response response = fetchOne(request);
    QCOMPARE(outcomeOf(response), std::string("Downloaded"));
    QCOMPARE(m_server->hits("/flaky.conda"), 2);
    QCOMPARE(response.attempts, 2);
    QCOMPARE(readAll(path("flaky.conda")), body);
    QVERIFY(!response.error);
}

void TestDownload::notFoundIsNotRetried()
{
    const std::string url = m_server->url("/missing.conda").toStdString();
    const Response response = fetchOne(Request{url, dest("missing.conda")});
    QCOMPARE(outcomeOf(response), std::string("Failed"));
    QCOMPARE(response.httpStatus, 404L);
    QCOMPARE(m_server->hits("/missing.conda"), 1);
    QVERIFY(response.error);
    QCOMPARE(codeOf(response), codeName(util::ErrorCode::NotFound));
    QCOMPARE(response.error->context, url);
    QVERIFY2(errorText(response).find("HTTP 404") != std::string::npos,
             errorText(response).c_str());
    QVERIFY(response.error->reason == util::ErrorReason::HttpStatus);
    QCOMPARE(response.error->values, std::vector<std::string>{"404"});
    QVERIFY(!QFile::exists(path("missing.conda")));
    QVERIFY(!QFile::exists(path("missing.conda.part")));
}

void TestDownload::truncatedBodyIsRetriedThenFails()
{
    FaultResponse truncated = ok(testBytes(1000));
    truncated.fault = FaultResponse::Fault::CloseAfterSend;
    truncated.sendBytes = 100;
    m_server->script("/cut.conda", {truncated});
    const std::string url = m_server->url("/cut.conda").toStdString();
    Options options = fastOptions();
    options.maxRetries = 2;
    const Response response = fetchOne(Request{url, dest("cut.conda")}, options);
    QCOMPARE(outcomeOf(response), std::string("Failed"));
    QCOMPARE(m_server->hits("/cut.conda"), 3);
    QCOMPARE(codeOf(response), codeName(util::ErrorCode::Network));
    QCOMPARE(response.error->context, url);
    QVERIFY2(errorText(response).find("3 attempts") != std::string::npos,
             errorText(response).c_str());
    QVERIFY(!QFile::exists(path("cut.conda")));
    QVERIFY(!QFile::exists(path("cut.conda.part")));
}

void TestDownload::truncatedBodyThenComplete()
{
    const QByteArray body = testBytes(70000);
    FaultResponse truncated = ok(body);
    truncated.fault = FaultResponse::Fault::CloseAfterSend;
    truncated.sendBytes = 30000;
    m_server->script("/cut.conda", {truncated, ok(body)});
    Request request{m_server->url("/cut.conda").toStdString(), dest("cut.conda")};
    request.expectedSha256 = sha256Of(body);
    const Response response = fetchOne(request);
    QCOMPARE(outcomeOf(response), std::string("Downloaded"));
    QCOMPARE(m_server->hits("/cut.conda"), 2);
    QCOMPARE(readAll(path("cut.conda")), body);
}

void TestDownload::stallHitsReadTimeout_data()
{
    QTest::addColumn<int>("fault");
    QTest::newRow("no byte at all") << static_cast<int>(FaultResponse::Fault::Silent);
    QTest::newRow("stops mid-body") << static_cast<int>(FaultResponse::Fault::StallAfterSend);
}

void TestDownload::stallHitsReadTimeout()
{
    QFETCH(int, fault);
    FaultResponse stall = ok(testBytes(5000));
    stall.fault = static_cast<FaultResponse::Fault>(fault);
    stall.sendBytes = 1000;
    m_server->script("/stall.conda", {stall});
    Options options = fastOptions();
    options.readTimeoutSecs = 1;
    options.maxRetries = 1;
    const auto start = Clock::now();
    const Response response = fetchOne(
        Request{m_server->url("/stall.conda").toStdString(), dest("stall.conda")}, options);
    const auto elapsed = Clock::now() - start;
    QCOMPARE(outcomeOf(response), std::string("Failed"));
    QVERIFY2(errorText(response).find("read timeout") != std::string::npos,
             errorText(response).c_str());
    QCOMPARE(m_server->hits("/stall.conda"), 2);
    QVERIFY(elapsed < std::chrono::seconds(15)); // two attempts of 1 s each, generously bounded
    QVERIFY(!QFile::exists(path("stall.conda")));
    QVERIFY(!QFile::exists(path("stall.conda.part")));
}

void TestDownload::checksumMismatch_data()
{
    QTest::addColumn<bool>("useMd5");
    QTest::newRow("sha256") << false;
    QTest::newRow("md5") << true;
}

void TestDownload::checksumMismatch()
{
    QFETCH(bool, useMd5);
    const QByteArray body = testBytes(3000);
    m_server->script("/bad.conda", {ok(body)});
    const std::string url = m_server->url("/bad.conda").toStdString();
    Request request{url, dest("bad.conda")};
    std::string expected;
    std::string actual;
    if (useMd5) {
        expected = util::md5Hex("something else");
        actual = util::md5Hex(std::string_view(body.constData(), body.size()));
        request.expectedMd5 = expected;
    } else {
        expected = util::sha256Hex("something else");
        actual = sha256Of(body);
        request.expectedSha256 = expected;
    }
    const Response response = fetchOne(request);
    QCOMPARE(outcomeOf(response), std::string("Failed"));
    QCOMPARE(codeOf(response), codeName(util::ErrorCode::ChecksumMismatch));
    const std::string text = errorText(response);
    QVERIFY2(text.find(expected) != std::string::npos, text.c_str());
    QVERIFY2(text.find(actual) != std::string::npos, text.c_str());
    QVERIFY2(text.find(url) != std::string::npos, text.c_str());
    QCOMPARE(m_server->hits("/bad.conda"), 1); // a wrong file is not fetched again
    QVERIFY(!QFile::exists(path("bad.conda")));
    QVERIFY(!QFile::exists(path("bad.conda.part")));
}

void TestDownload::sizeLargerThanExpected()
{
    m_server->script("/big.conda", {ok(testBytes(4000))});
    Request request{m_server->url("/big.conda").toStdString(), dest("big.conda")};
    request.expectedSize = 1000;
    const Response response = fetchOne(request);
    QCOMPARE(outcomeOf(response), std::string("Failed"));
    QCOMPARE(codeOf(response), codeName(util::ErrorCode::ChecksumMismatch));
    QVERIFY(!QFile::exists(path("big.conda")));
    QVERIFY(!QFile::exists(path("big.conda.part")));
}

void TestDownload::notModified()
{
    FaultResponse response = ok("{\"packages\": {}}");
    response.etag = "\"v1\"";
    m_server->script("/repodata.json", {response});
    QVERIFY(writeAll(path("repodata.json"), "cached copy"));
    Request request{m_server->url("/repodata.json").toStdString(), dest("repodata.json")};
    request.headers = {{"If-None-Match", "\"v1\""}};
    const Response result = fetchOne(request);
    QCOMPARE(outcomeOf(result), std::string("NotModified"));
    QCOMPARE(result.httpStatus, 304L);
    QCOMPARE(result.etag, std::string("\"v1\""));
    QCOMPARE(readAll(path("repodata.json")), QByteArray("cached copy"));
    QVERIFY(!QFile::exists(path("repodata.json.part")));
    QCOMPARE(m_server->requests("/repodata.json").value(0).header("If-None-Match"),
             QByteArray("\"v1\""));
}

void TestDownload::validatorsReturned()
{
    FaultResponse response = ok("{}");
    response.etag = "\"abc123\"";
    response.headers = {{"Last-Modified", "Tue, 24 Nov 2026 10:00:00 GMT"},
                        {"Cache-Control", "public, max-age=30"}};
    m_server->script("/repodata.json", {response});
    const Response result =
        fetchOne(Request{m_server->url("/repodata.json").toStdString(), dest("repodata.json")});
    QCOMPARE(outcomeOf(result), std::string("Downloaded"));
    QCOMPARE(result.etag, std::string("\"abc123\""));
    QCOMPARE(result.lastModified, std::string("Tue, 24 Nov 2026 10:00:00 GMT"));
    QCOMPARE(result.cacheControl, std::string("public, max-age=30"));
    QCOMPARE(result.bytes, std::uint64_t(2));
    QCOMPARE(result.sha256, util::sha256Hex("{}"));
}

void TestDownload::redirectFollowed()
{
    FaultResponse moved = withStatus(302);
    moved.headers = {{"Location", "/new.conda"}};
    m_server->script("/old.conda", {moved});
    m_server->script("/new.conda", {ok("moved content")});
    const Response result =
        fetchOne(Request{m_server->url("/old.conda").toStdString(), dest("x.conda")});
    QCOMPARE(outcomeOf(result), std::string("Downloaded"));
    QCOMPARE(result.effectiveUrl, m_server->url("/new.conda").toStdString());
    QCOMPARE(readAll(path("x.conda")), QByteArray("moved content"));
}

void TestDownload::resumeWithRange()
{
    const QByteArray body = testBytes(100000);
    FaultResponse response = ok(body);
    response.honourRange = true;
    m_server->script("/big.conda", {response});
    QVERIFY(writeAll(path("big.conda.part"), body.left(40000)));
    Request request{m_server->url("/big.conda").toStdString(), dest("big.conda")};
    request.resume = true;
    request.expectedSha256 = sha256Of(body);
    request.expectedSize = static_cast<std::uint64_t>(body.size());
    const Response result = fetchOne(request);
    QCOMPARE(outcomeOf(result), std::string("Downloaded"));
    QCOMPARE(result.httpStatus, 206L);
    QCOMPARE(result.sha256, sha256Of(body));
    QCOMPARE(readAll(path("big.conda")), body);
    QCOMPARE(m_server->requests("/big.conda").value(0).header("Range"), QByteArray("bytes=40000-"));
    QVERIFY(!QFile::exists(path("big.conda.part")));
}

void TestDownload::resumeWhenServerIgnoresRange()
{
    const QByteArray body = testBytes(50000);
    m_server->script("/big.conda", {ok(body)}); // a 200 with the whole file
    QVERIFY(writeAll(path("big.conda.part"), "garbage that must not survive"));
    Request request{m_server->url("/big.conda").toStdString(), dest("big.conda")};
    request.resume = true;
    request.expectedSha256 = sha256Of(body);
    const Response result = fetchOne(request);
    QCOMPARE(outcomeOf(result), std::string("Downloaded"));
    QCOMPARE(result.httpStatus, 200L);
    QCOMPARE(readAll(path("big.conda")), body);
}

void TestDownload::resumeOfCompletePart()
{
    const QByteArray body = testBytes(20000);
    FaultResponse response = ok(body);
    response.honourRange = true;
    m_server->script("/done.conda", {response});
    QVERIFY(writeAll(path("done.conda.part"), body)); // 416 for "bytes=20000-": start over
    Request request{m_server->url("/done.conda").toStdString(), dest("done.conda")};
    request.resume = true;
    request.expectedSha256 = sha256Of(body);
    const Response result = fetchOne(request);
    QCOMPARE(outcomeOf(result), std::string("Downloaded"));
    QCOMPARE(m_server->hits("/done.conda"), 2);
    QCOMPARE(readAll(path("done.conda")), body);
}

void TestDownload::secretsNeverShown_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("token, 404") << QStringLiteral("token");
    QTest::newRow("password, 404") << QStringLiteral("password");
    QTest::newRow("token, connection refused") << QStringLiteral("refused");
    QTest::newRow("token, checksum") << QStringLiteral("checksum");
}

void TestDownload::secretsNeverShown()
{
    QFETCH(QString, kind);
    const std::string token = "tk-9f8e7d6c5b4a";
    const std::string password = "s3cr3t-pa55";
    const QByteArray target = QByteArray("/t/") + token.c_str() + "/main/linux-64/pkg.conda";
    std::string url = m_server->url(target).toStdString();
    Request request;
    if (kind == QLatin1String("password")) {
        url = "http://alice:" + password + "@127.0.0.1:" + std::to_string(m_server->port())
              + "/main/pkg.conda";
    } else if (kind == QLatin1String("refused")) {
        url = "http://127.0.0.1:" + std::to_string(envdesk::test::freeLoopbackPort()) + "/t/"
              + token + "/pkg.conda";
    } else if (kind == QLatin1String("checksum")) {
        m_server->script(target, {ok("content")});
        request.expectedSha256 = util::sha256Hex("other");
    }
    request.url = url;
    request.destination = dest("pkg.conda");
    Options options = fastOptions();
    options.maxRetries = 0;
    const Response result = fetchOne(request, options);
    QCOMPARE(outcomeOf(result), std::string("Failed"));
    const std::string text = errorText(result) + " " + result.effectiveUrl;
    QVERIFY2(text.find(token) == std::string::npos, text.c_str());
    QVERIFY2(text.find(password) == std::string::npos, text.c_str());
    QVERIFY2(text.find("127.0.0.1") != std::string::npos, text.c_str()); // still says where
    if (kind != QLatin1String("password")) {
        QVERIFY2(text.find("<TOKEN>") != std::string::npos, text.c_str());
    }
}

void TestDownload::cancelMidTransfer()
{
    FaultResponse slow = ok(testBytes(400000));
    slow.chunkSize = 2000;
    slow.chunkDelayMs = 50; // 10 s in all
    m_server->script("/slow.conda", {slow});
    std::stop_source stop;
    Request request{m_server->url("/slow.conda").toStdString(), dest("slow.conda")};
    const auto start = Clock::now();
    const auto responses = download::downloadAll(
        {request}, fastOptions(),
        [&](const Progress& p) {
            if (p.received > 0) {
                stop.request_stop();
            }
        },
        stop.get_token());
    const auto elapsed = Clock::now() - start;
    QCOMPARE(responses.size(), std::size_t(1));
    QCOMPARE(outcomeOf(responses[0]), std::string("Cancelled"));
    QCOMPARE(codeOf(responses[0]), codeName(util::ErrorCode::Cancelled));
    QVERIFY(elapsed < std::chrono::seconds(5));
    QVERIFY(!QFile::exists(path("slow.conda")));
    QVERIFY(!QFile::exists(path("slow.conda.part")));
}

void TestDownload::cancelledThenResumed()
{
    // With resume, a cancelled .part stays and the next call continues it with a Range request.
    const QByteArray body = testBytes(400000, 7);
    FaultResponse slow = ok(body);
    slow.chunkSize = 2000;
    slow.chunkDelayMs = 50;
    slow.honourRange = true;
    FaultResponse fast = ok(body);
    fast.honourRange = true;
    m_server->script("/big.conda", {slow, fast});
    Request request{m_server->url("/big.conda").toStdString(), dest("big.conda")};
    request.resume = true;
    request.expectedSha256 = sha256Of(body);
    std::stop_source stop;
    const auto first = download::downloadAll(
        {request}, fastOptions(),
        [&](const Progress& p) {
            if (p.received >= 4000) {
                stop.request_stop();
            }
        },
        stop.get_token());
    QCOMPARE(outcomeOf(first.at(0)), std::string("Cancelled"));
    QVERIFY(!QFile::exists(path("big.conda")));
    const QByteArray part = readAll(path("big.conda.part"));
    QVERIFY(part.size() >= 4000 && part.size() < body.size());
    QCOMPARE(part, body.left(part.size()));

    const auto second = download::downloadAll({request}, fastOptions(), {}, {});
    QCOMPARE(outcomeOf(second.at(0)), std::string("Downloaded"));
    QCOMPARE(second.at(0).httpStatus, 206L);
    QCOMPARE(m_server->requests("/big.conda").value(1).header("Range"),
             "bytes=" + QByteArray::number(part.size()) + "-");
    QCOMPARE(readAll(path("big.conda")), body);
    QVERIFY(!QFile::exists(path("big.conda.part")));
}

void TestDownload::stoppedBeforeStart()
{
    m_server->script("/pkg.conda", {ok("content")});
    std::stop_source stop;
    stop.request_stop();
    const Response result =
        fetchOne(Request{m_server->url("/pkg.conda").toStdString(), dest("pkg.conda")},
                 fastOptions(), stop.get_token());
    QCOMPARE(outcomeOf(result), std::string("Cancelled"));
    QCOMPARE(m_server->hits("/pkg.conda"), 0);
    QVERIFY(!QFile::exists(path("pkg.conda")));
}

void TestDownload::cancelLeavesOtherCallsAlone()
{
    FaultResponse slow = ok(testBytes(400000, 2));
    slow.chunkSize = 2000;
    slow.chunkDelayMs = 50; // 10 s: only a cancel ends it early
    m_server->script("/slow.conda", {slow});
    const QByteArray otherBody = testBytes(60000, 3);
    FaultResponse other = ok(otherBody);
    other.chunkSize = 6000;
    other.chunkDelayMs = 50; // about 0.5 s
    m_server->script("/other.conda", {other});

    std::stop_source stopA;
    std::stop_source stopB;
    std::atomic<bool> aStarted = false;
    std::vector<Response> resultA;
    std::vector<Response> resultB;
    const auto start = Clock::now();
    std::thread threadA([&] {
        resultA = download::downloadAll(
            {Request{m_server->url("/slow.conda").toStdString(), dest("slow.conda")}},
            fastOptions(), [&](const Progress& p) { aStarted = aStarted || p.received > 0; },
            stopA.get_token());
    });
    std::thread threadB([&] {
        Request request{m_server->url("/other.conda").toStdString(), dest("other.conda")};
        request.expectedSha256 = sha256Of(otherBody);
        resultB = download::downloadAll({request}, fastOptions(), {}, stopB.get_token());
    });
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (!aStarted && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    stopA.request_stop();
    threadA.join();
    const auto cancelElapsed = Clock::now() - start;
    threadB.join();
    QVERIFY(aStarted);
    QCOMPARE(outcomeOf(resultA.at(0)), std::string("Cancelled"));
    QVERIFY(cancelElapsed < std::chrono::seconds(8));
    QCOMPARE(outcomeOf(resultB.at(0)), std::string("Downloaded"));
    QCOMPARE(readAll(path("other.conda")), otherBody);
    QVERIFY(!QFile::exists(path("slow.conda")));
}

void TestDownload::offlineMode()
{
    m_server->script("/pkg.conda", {ok("remote")});
    QVERIFY(writeAll(path("local.conda"), "local content"));
    Options options = fastOptions();
    options.offline = true;
    const std::string fileUrl = QUrl::fromLocalFile(path("local.conda")).toString().toStdString();
    const auto responses = download::downloadAll(
        {Request{m_server->url("/pkg.conda").toStdString(), dest("remote-copy.conda")},
         Request{fileUrl, dest("out/local-copy.conda")}},
        options, {}, {});
    QCOMPARE(outcomeOf(responses[0]), std::string("Failed"));
    QVERIFY2(errorText(responses[0]).find("offline") != std::string::npos,
             errorText(responses[0]).c_str());
    QCOMPARE(m_server->hits("/pkg.conda"), 0);
    QCOMPARE(responses[0].attempts, 0);
    QVERIFY(responses[0].error->reason == util::ErrorReason::Offline);
    QCOMPARE(outcomeOf(responses[1]), std::string("Downloaded"));
    QCOMPARE(readAll(path("out/local-copy.conda")), QByteArray("local content"));
}

void TestDownload::fileUrls()
{
    const QByteArray body = testBytes(90000, 4);
    QVERIFY(writeAll(path("source.conda"), body));
    const std::string url = QUrl::fromLocalFile(path("source.conda")).toString().toStdString();

    Request whole{url, dest("a/whole.conda")};
    whole.expectedSha256 = sha256Of(body);
    Request resumed{url, dest("b/resumed.conda")};
    resumed.resume = true;
    resumed.expectedSha256 = sha256Of(body);
    QVERIFY(QDir().mkpath(path("b")));
    QVERIFY(writeAll(path("b/resumed.conda.part"), body.left(12345)));
    const std::string missingUrl =
        QUrl::fromLocalFile(path("no-such-file.conda")).toString().toStdString();
    const auto responses = download::downloadAll(
        {whole, resumed, Request{missingUrl, dest("missing.conda")}}, fastOptions(), {}, {});
    QCOMPARE(outcomeOf(responses[0]), std::string("Downloaded"));
    QCOMPARE(responses[0].httpStatus, 0L);
    QCOMPARE(readAll(path("a/whole.conda")), body);
    QCOMPARE(outcomeOf(responses[1]), std::string("Downloaded"));
    QCOMPARE(responses[1].sha256, sha256Of(body));
    QCOMPARE(readAll(path("b/resumed.conda")), body);
    QCOMPARE(outcomeOf(responses[2]), std::string("Failed"));
    QCOMPARE(codeOf(responses[2]), codeName(util::ErrorCode::NotFound));
    QVERIFY(!QFile::exists(path("missing.conda")));
}

void TestDownload::writeErrorNamesPath()
{
    m_server->script("/pkg.conda", {ok("content")});
    QVERIFY(writeAll(path("plainfile"), "a file, not a folder"));
    const std::string destination = dest("plainfile/sub/pkg.conda");
    const Response result =
        fetchOne(Request{m_server->url("/pkg.conda").toStdString(), destination});
    QCOMPARE(outcomeOf(result), std::string("Failed"));
    QCOMPARE(codeOf(result), codeName(util::ErrorCode::IoError));
    QVERIFY2(errorText(result).find(destination + ".part") != std::string::npos,
             errorText(result).c_str());
}

void TestDownload::diskFull()
{
    // A .part that is a link to /dev/full: every write fails with ENOSPC, as on a full disk.
    if (!QFileInfo::exists(QStringLiteral("/dev/full"))) {
        QSKIP("no /dev/full on this system");
    }
    m_server->script("/pkg.conda", {ok(testBytes(300000))});
    QVERIFY(QFile::link(QStringLiteral("/dev/full"), path("pkg.conda.part")));
    const Response result =
        fetchOne(Request{m_server->url("/pkg.conda").toStdString(), dest("pkg.conda")});
    QCOMPARE(outcomeOf(result), std::string("Failed"));
    QCOMPARE(codeOf(result), codeName(util::ErrorCode::IoError));
    const std::string text = errorText(result);
    QVERIFY2(text.find(dest("pkg.conda.part")) != std::string::npos, text.c_str());
    QVERIFY2(text.find(std::strerror(ENOSPC)) != std::string::npos, text.c_str());
    QCOMPARE(m_server->hits("/pkg.conda"), 1); // not retried: it would fail again
    QVERIFY(!QFileInfo::exists(path("pkg.conda")));
    QVERIFY(!QFileInfo(path("pkg.conda.part")).isSymLink()); // the link is gone, /dev/full not
}

void TestDownload::archivesSavedAsSent()
{
    // A server that labels compressed files with Content-Encoding must not get them decoded:
    // the checksum is of the stored bytes, and .zst/.bz2 are the caller's to decode.
    const QByteArray raw = testBytes(5000, 6);
    FaultResponse labelled = ok(raw);
    labelled.headers = {{"Content-Encoding", "gzip"}};
    m_server->script("/repodata.json.zst", {labelled});
    m_server->script("/repodata.json", {ok("{}")});
    const auto responses = download::downloadAll(
        {Request{m_server->url("/repodata.json.zst").toStdString(), dest("repodata.json.zst")},
         Request{m_server->url("/repodata.json").toStdString(), dest("repodata.json")}},
        fastOptions(), {}, {});
    QCOMPARE(outcomeOf(responses.at(0)), std::string("Downloaded"));
    QCOMPARE(readAll(path("repodata.json.zst")), raw);
    QVERIFY(m_server->requests("/repodata.json.zst").value(0).header("Accept-Encoding").isEmpty());
    QCOMPARE(outcomeOf(responses.at(1)), std::string("Downloaded"));
    QVERIFY(
        m_server->requests("/repodata.json").value(0).header("Accept-Encoding").contains("gzip"));
}

void TestDownload::proxyFromOptions()
{
    // The fault server plays the proxy: a proxied request names the absolute URL.
    m_server->script("http://example.invalid/main/pkg.conda", {ok("via proxy")});
    Options options = fastOptions();
    options.maxRetries = 0;
    const std::string proxy = m_server->url("").toStdString();
    options.proxies = {{"all", "http://127.0.0.1:1"}, // less specific: must lose
                       {"http://example.invalid", proxy}};
    const Response result =
        fetchOne(Request{"http://example.invalid/main/pkg.conda", dest("pkg.conda")}, options);
    QCOMPARE(outcomeOf(result), std::string("Downloaded"));
    QCOMPARE(readAll(path("pkg.conda")), QByteArray("via proxy"));
    QCOMPARE(m_server->hits("http://example.invalid/main/pkg.conda"), 1);
}

void TestDownload::progressIsThrottled()
{
    const QByteArray body = testBytes(200000, 5);
    FaultResponse slow = ok(body);
    slow.chunkSize = 4000;
    slow.chunkDelayMs = 10; // 50 chunks, about 0.5 s
    m_server->script("/p.conda", {slow});
    std::vector<std::pair<Clock::time_point, Progress>> calls;
    Request request{m_server->url("/p.conda").toStdString(), dest("p.conda")};
    const auto responses =
        download::downloadAll({request}, fastOptions(),
                              [&](const Progress& p) { calls.emplace_back(Clock::now(), p); }, {});
    QCOMPARE(outcomeOf(responses.at(0)), std::string("Downloaded"));
    QVERIFY(calls.size() >= 2);
    for (std::size_t i = 1; i < calls.size(); ++i) {
        QVERIFY(calls[i].first - calls[i - 1].first >= std::chrono::milliseconds(49));
        QVERIFY(calls[i].second.received >= calls[i - 1].second.received);
    }
    QCOMPARE(calls.back().second.received, std::uint64_t(body.size()));
    QCOMPARE(calls.back().second.total, std::uint64_t(body.size()));
}

void TestDownload::tlsVerification_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<bool>("succeeds");
    QTest::newRow("verify, unknown CA") << QStringLiteral("verify") << false;
    QTest::newRow("verify with the CA bundle") << QStringLiteral("bundle") << true;
    QTest::newRow("ssl_verify false") << QStringLiteral("off") << true;
}

void TestDownload::tlsVerification()
{
    QFETCH(QString, mode);
    QFETCH(bool, succeeds);
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (python.isEmpty() || openssl.isEmpty()) {
        QSKIP("python3 or openssl is not installed: no local HTTPS server");
    }
    const QString cert = path("cert.pem");
    const QString key = path("key.pem");
    QProcess generate;
    generate.setProcessChannelMode(QProcess::MergedChannels);
    generate.start(openssl,
                   {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                    QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                    QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                    QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                    QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                    QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"), key,
                    QStringLiteral("-out"), cert});
    QVERIFY(generate.waitForFinished(30000));
    QVERIFY2(generate.exitCode() == 0, generate.readAll().constData());

    QVERIFY(QDir().mkpath(path("www")));
    const QByteArray body = testBytes(30000, 8);
    QVERIFY(writeAll(path("www/pkg.conda"), body));
    const quint16 port = envdesk::test::freeLoopbackPort();
    QVERIFY(port != 0);
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.setStandardOutputFile(QProcess::nullDevice());
    server.start(python, {QStringLiteral("-c"), QString::fromUtf8(kHttpsServer),
                          QString::number(port), cert, key, path("www")});
    ProcessGuard guard{server};
    QVERIFY2(server.waitForStarted(10000), "python3 did not start");
    QVERIFY2(envdesk::test::waitUntilAccepting(port, server, 20000),
             "the HTTPS server did not accept connections (port taken?)");

    Options options = fastOptions();
    options.maxRetries = 1;
    if (mode == QLatin1String("bundle")) {
        options.caBundle = cert.toStdString();
    } else if (mode == QLatin1String("off")) {
        options.sslVerify = false;
    }
    Request request{"https://127.0.0.1:" + std::to_string(port) + "/pkg.conda", dest("pkg.conda")};
    request.expectedSha256 = sha256Of(body);
    const Response result = fetchOne(request, options);
    if (succeeds) {
        QCOMPARE(outcomeOf(result), std::string("Downloaded"));
        QCOMPARE(readAll(path("pkg.conda")), body);
    } else {
        QCOMPARE(outcomeOf(result), std::string("Failed"));
        QCOMPARE(codeOf(result), codeName(util::ErrorCode::Network));
        QCOMPARE(result.attempts, 1); // an untrusted certificate stays untrusted: no retry
        QVERIFY(!QFile::exists(path("pkg.conda")));
    }
}

// A server that never answered (here: nothing listens on its port) is remembered for the
// session: the next request to it, another file of the same server too, fails at once without
// being sent. A server that answers, even 503, is not remembered, and another server is not
// affected.
// Through a proxy that does not answer, every server would fail alike: the proxy is what is
// remembered and named (without its password), and a request to another server through it is
// not sent; one that goes around it (no proxy for its scheme) still is.
void TestDownload::aProxyThatDidNotAnswerIsRememberedNotEachServer()
{
    Options options = fastOptions();
    options.maxRetries = 0;
    options.unreachable = std::make_shared<util::UnreachableServers>();
    const quint16 closed = envdesk::test::freeLoopbackPort();
    const std::string proxy = "http://lab:hunter2@127.0.0.1:" + std::to_string(closed);
    options.proxies = {{"http", proxy}};
    m_server->script("/through.json", {ok("{}")});
    const std::string url = m_server->url("/through.json").toStdString();

    Response first = fetchOne(Request{url, dest("through.json")}, options);
    QCOMPARE(outcomeOf(first), std::string("Failed"));
    QCOMPARE(options.unreachable->entries().size(), std::size_t{1});
    QCOMPARE(options.unreachable->entries().front().origin,
             "http://127.0.0.1:" + std::to_string(closed));
    QVERIFY(!options.unreachable->find(url));
    QCOMPARE(m_server->hits("/through.json"), 0);

    const std::string other = "http://127.0.0.2:9/elsewhere/repodata.json";
    Response second = fetchOne(Request{other, dest("elsewhere.json")}, options);
    QCOMPARE(second.attempts, 0);
    QVERIFY2(errorText(second).find("the proxy http://127.0.0.1:") != std::string::npos,
             errorText(second).c_str());
    QVERIFY(errorText(second).find("hunter2") == std::string::npos);

    // A host that no_proxy sends around the proxy (libcurl reads the variable itself), down
    // itself: the host is remembered, not the proxy.
    options.unreachable = std::make_shared<util::UnreachableServers>();
    qputenv("no_proxy", "127.0.0.3");
    const std::string around = "http://127.0.0.3:" + std::to_string(closed) + "/x.json";
    Response bypassed = fetchOne(Request{around, dest("around.json")}, options);
    qunsetenv("no_proxy");
    QCOMPARE(outcomeOf(bypassed), std::string("Failed"));
    QCOMPARE(options.unreachable->entries().size(), std::size_t{1});
    QCOMPARE(options.unreachable->entries().front().origin,
             "http://127.0.0.3:" + std::to_string(closed));

    // Without the proxy (it is fixed, or another network), the server answers and the proxy
    // is no longer held against anything.
    options.proxies.clear();
    Response direct = fetchOne(Request{url, dest("direct.json")}, options);
    QCOMPARE(outcomeOf(direct), std::string("Downloaded"));
}

void TestDownload::unreachableServerIsNotAskedAgain()
{
    Options options = fastOptions();
    options.maxRetries = 1;
    options.unreachable = std::make_shared<util::UnreachableServers>();
    const quint16 closed = envdesk::test::freeLoopbackPort();
    const std::string down =
        "http://user:secret@127.0.0.1:" + std::to_string(closed) + "/chan/repodata.json";

    Response first = fetchOne(Request{down, dest("first.json")}, options);
    QCOMPARE(outcomeOf(first), std::string("Failed"));
    QCOMPARE(first.attempts, 2);
    QVERIFY(first.error->reason == util::ErrorReason::ConnectionFailed);
    const auto entry = options.unreachable->find(down);
    QVERIFY(entry.has_value());
    QCOMPARE(entry->origin, "http://127.0.0.1:" + std::to_string(closed));
    QVERIFY(entry->reason.find("secret") == std::string::npos);

    const std::string sameServer =
        "http://127.0.0.1:" + std::to_string(closed) + "/other/file.conda";
    Response second = fetchOne(Request{sameServer, dest("second.json")}, options);
    QCOMPARE(outcomeOf(second), std::string("Failed"));
    QCOMPARE(codeOf(second), codeName(util::ErrorCode::Network));
    QCOMPARE(second.attempts, 0);
    QVERIFY2(errorText(second).find("did not answer earlier in this session") != std::string::npos,
             errorText(second).c_str());
    QVERIFY(second.error->reason == util::ErrorReason::DidNotAnswerEarlier);
    QCOMPARE(second.error->values,
             std::vector<std::string>{"http://127.0.0.1:" + std::to_string(closed)});

    // A server that answers 503 through every retry is there: not remembered, and still asked.
    m_server->script("/busy.json", {withStatus(503)});
    const std::string busy = m_server->url("/busy.json").toStdString();
    (void)fetchOne(Request{busy, dest("busy.json")}, options);
    QVERIFY(!options.unreachable->find(busy));
    QCOMPARE(m_server->hits("/busy.json"), 2);
    QCOMPARE(options.unreachable->entries().size(), std::size_t{1}); // the closed port only

    // Forgotten on demand, the server is asked again (and, still silent, remembered again).
    options.unreachable->forgetAll();
    QVERIFY(!options.unreachable->find(down));
    Response again = fetchOne(Request{down, dest("again.json")}, options);
    QCOMPARE(again.attempts, 2);
    QVERIFY(options.unreachable->find(sameServer));

    // Entries expire, and file:// is never remembered.
    util::UnreachableServers brief(std::chrono::seconds(0));
    brief.remember(down, "down");
    QVERIFY(!brief.find(down));
    QVERIFY(brief.entries().empty());
    util::UnreachableServers files;
    files.remember("file:///tmp/x", "no");
    QVERIFY(files.entries().empty());
    QCOMPARE(util::UnreachableServers::originOf("HTTPS://user:p?w#d@Mirror.Example:8443/c/x"),
             std::string("https://mirror.example:8443"));
}

QTEST_GUILESS_MAIN(TestDownload)
#include "tst_download.moc"
