#include "core/util/secrets.h"

#include "core/util/strings.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace envdesk::util {

namespace {

// The characters of an anaconda.org token, as conda's split_anaconda_token matches them (plus
// '_').
bool isTokenChar(char c)
{
    return isAlpha(c) || isDigit(c) || c == '-' || c == '_';
}

// Where a URL whose text after "://" begins at `start` ends: at whitespace or a quote.
std::size_t urlEnd(std::string_view text, std::size_t start)
{
    std::size_t end = start;
    while (end < text.size() && !isSpace(text[end]) && text[end] != '"' && text[end] != '\''
           && text[end] != '`') {
        ++end;
    }
    return end;
}

// Rewrites the part after "://" of every URL in `text` (see maskSecrets for where a URL ends).
template <typename Rewrite>
std::string rewriteUrls(std::string_view text, Rewrite rewrite)
{
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t sep = text.find("://", pos);
        if (sep == std::string_view::npos) {
            out += text.substr(pos);
            break;
        }
        const std::size_t start = sep + 3;
        out += text.substr(pos, start - pos);
        const std::size_t end = urlEnd(text, start);
        out += rewrite(text.substr(start, end - start));
        pos = end;
    }
    return out;
}

// The "/t/<token>" to drop from a URL path: conda's split_anaconda_token, except that the token
// must end the path or its segment, so that a "t" folder keeps what follows it. The mask
// "<TOKEN>" counts as a token, so that a masked URL and the real one strip to the same text.
std::optional<std::pair<std::size_t, std::size_t>> tokenToStrip(std::string_view path)
{
    for (std::size_t pos = path.find("/t/"); pos != std::string_view::npos;
         pos = path.find("/t/", pos + 1)) {
        std::size_t end = pos + 3;
        if (path.substr(end, 7) == "<TOKEN>") {
            end += 7;
        } else {
            while (end < path.size() && isTokenChar(path[end])) {
                ++end;
            }
        }
        // In a spec the channel URL is followed by "::", "]" or ",".
        if (end > pos + 3
            && (end == path.size() || path[end] == '/' || path[end] == ':' || path[end] == ']'
                || path[end] == ',')) {
            return std::pair{pos, end - pos};
        }
    }
    return std::nullopt;
}

} // namespace

std::string maskSecrets(std::string_view url)
{
    // Every "://" starts a URL that runs to whitespace or a quote; inside it the password and the
    // token are replaced. Over-masking a "/t/x" folder in a URL is the safe side of the trade.
    return rewriteUrls(url, [](std::string_view rest) {
        std::string out;
        const std::size_t pathStart = std::min(rest.find('/'), rest.size());
        const std::string_view authority = rest.substr(0, pathStart);
        const std::size_t at = authority.rfind('@');
        const std::size_t colon =
            at == std::string_view::npos ? at : authority.substr(0, at).find(':');
        if (colon != std::string_view::npos) {
            out += authority.substr(0, colon + 1);
            out += "<PASSWORD>";
            out += authority.substr(at);
        } else {
            out += authority;
        }
        const std::string_view path = rest.substr(pathStart);
        std::size_t p = 0;
        while (p < path.size()) {
            const std::size_t t = path.find("/t/", p);
            if (t == std::string_view::npos) {
                out += path.substr(p);
                break;
            }
            std::size_t tokenEnd = t + 3;
            while (tokenEnd < path.size() && isTokenChar(path[tokenEnd])) {
                ++tokenEnd;
            }
            out += path.substr(p, t + 3 - p);
            if (tokenEnd > t + 3) {
                out += "<TOKEN>";
            }
            p = tokenEnd;
        }
        return out;
    });
}

std::string stripCredentials(std::string_view url)
{
    return rewriteUrls(url, [](std::string_view rest) {
        const std::size_t pathStart = std::min(rest.find('/'), rest.size());
        std::string_view authority = rest.substr(0, pathStart);
        const std::size_t at = authority.rfind('@');
        if (at != std::string_view::npos) {
            authority.remove_prefix(at + 1);
        }
        std::string path(rest.substr(pathStart));
        if (const auto token = tokenToStrip(path)) {
            path.erase(token->first, token->second);
        }
        return std::string(authority) + path;
    });
}

} // namespace envdesk::util
