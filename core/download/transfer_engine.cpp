#include "core/download/transfer_engine.h"

#include <algorithm>
#include <mutex>

namespace envdesk::download {

namespace {

// curl_global_init is not safe to race with itself or with other curl calls on every platform,
// so it runs exactly once, and is never undone (other threads may still be transferring).
CURLcode globalInit()
{
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    return result;
}

} // namespace

TransferEngine::TransferEngine()
{
    if (globalInit() == CURLE_OK) {
        m_multi = curl_multi_init();
    }
}

TransferEngine::~TransferEngine()
{
    if (m_multi != nullptr) {
        curl_multi_cleanup(m_multi);
    }
}

void TransferEngine::allowMultiplexing()
{
    curl_multi_setopt(m_multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
}

bool TransferEngine::add(CURL* easy)
{
    return curl_multi_add_handle(m_multi, easy) == CURLM_OK;
}

void TransferEngine::remove(CURL* easy)
{
    curl_multi_remove_handle(m_multi, easy);
}

bool TransferEngine::run(TransferClient& client, const std::stop_token& stop)
{
    CURLM* multi = m_multi;
    const std::stop_callback wakeOnStop(stop, [multi] { curl_multi_wakeup(multi); });
    while (true) {
        if (stop.stop_requested()) {
            return false;
        }
        client.startDue(*this);
        if (client.idle()) {
            return true;
        }
        int running = 0;
        curl_multi_perform(m_multi, &running);
        int left = 0;
        while (CURLMsg* message = curl_multi_info_read(m_multi, &left)) {
            if (message->msg == CURLMSG_DONE) {
                client.finished(message->easy_handle, message->data.result);
            }
        }
        client.afterTurn();
        if (client.idle()) {
            return true;
        }
        if (!stop.stop_requested()) {
            curl_multi_poll(m_multi, nullptr, 0, std::max(0, client.maxWaitMs()), nullptr);
        }
    }
}

} // namespace envdesk::download
