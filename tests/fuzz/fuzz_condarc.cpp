// libFuzzer target for .condarc: the reader (parseCondarc, then validation and merging as
// Config::load does) and the text editor behind `config --set/--add` and the Channels page must
// turn any bytes into a value or an error, never a crash, a hang or undefined behaviour.

#include "core/config/condarc_editor.h"
#include "core/config/config.h"
#include "core/config/config_value.h"
#include "tests/fuzz/fuzz_common.h"

#include <cstdint>
#include <string>

using namespace envdesk::config;
using envdesk::fuzz::asText;
using envdesk::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 1 << 16) {
        return 0;
    }
    const std::string text(asText(data, size));
    if (auto content = parseCondarc(text, "/fuzz/.condarc")) {
        check(content->isMap());
        bool valid = true;
        for (const auto& entry : content->entries) {
            valid = valid && validateKey(entry.key, entry.value).ok();
        }
        if (valid) {
            if (auto config = Config::fromSources({{"/fuzz/.condarc", *content}})) {
                for (const auto& key : config->keys()) {
                    (void)config->setting(key);
                }
                (void)config->channels();
                (void)config->channelContext();
                (void)config->customChannels();
                (void)config->customMultichannels();
                (void)config->channelPriority();
                (void)config->proxyServers();
                (void)config->sslVerify();
                (void)config->localRepodataTtl();
                (void)config->envsDirs();
                (void)config->pkgsDirs();
                (void)config->pinnedPackages();
            }
        }
    }
    if (auto editor = CondarcEditor::fromText(text, "/fuzz/.condarc")) {
        // Each edit leaves text that reads back as YAML, or fails and leaves the text alone.
        const std::string before = editor->text();
        if (!editor->add("channels", "conda-forge", CondarcEditor::ListEnd::Front)) {
            check(editor->text() == before);
        }
        (void)editor->set("channel_priority", "strict");
        (void)editor->set("proxy_servers.https", "http://proxy:3128");
        (void)editor->remove("channels", "defaults");
        (void)editor->removeKey("ssl_verify");
        check(parseCondarc(editor->text(), "/fuzz/.condarc").ok());
    }
    return 0;
}
