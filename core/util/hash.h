#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace envdesk::util {

// Incremental message digest, fed while data streams by (downloads, archives), so a file is
// never read twice just to check it. Hex output is lower-case, as repodata writes it.
class Hasher {
public:
    enum class Algorithm { Sha256, Md5 };

    explicit Hasher(Algorithm algorithm);
    ~Hasher();
    Hasher(Hasher&&) noexcept;
    Hasher& operator=(Hasher&&) noexcept;
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    void update(const void* data, std::size_t size);
    void update(std::string_view data) { update(data.data(), data.size()); }
    // The digest of everything fed so far, as lower-case hex. The hasher can go on afterwards.
    [[nodiscard]] std::string hexDigest() const;
    [[nodiscard]] Algorithm algorithm() const { return m_algorithm; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    Algorithm m_algorithm;
};

[[nodiscard]] std::string sha256Hex(std::string_view data);
[[nodiscard]] std::string md5Hex(std::string_view data);

} // namespace envdesk::util
