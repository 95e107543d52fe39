#include "core/util/hash.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace envdesk::util {

struct Hasher::Impl {
    EVP_MD_CTX* context = nullptr;
    ~Impl() { EVP_MD_CTX_free(context); }
};

Hasher::Hasher(Algorithm algorithm)
    : m_impl(std::make_unique<Impl>())
    , m_algorithm(algorithm)
{
    m_impl->context = EVP_MD_CTX_new();
    const EVP_MD* md = algorithm == Algorithm::Sha256 ? EVP_sha256() : EVP_md5();
    if (m_impl->context == nullptr || EVP_DigestInit_ex(m_impl->context, md, nullptr) != 1) {
        // Only on allocation failure or a crippled libcrypto: nothing sensible to return.
        throw std::runtime_error("cannot initialise the message digest");
    }
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(const void* data, std::size_t size)
{
    EVP_DigestUpdate(m_impl->context, data, size);
}

std::string Hasher::hexDigest() const
{
    // Finalise a copy so that hashing can continue on the original.
    EVP_MD_CTX* copy = EVP_MD_CTX_new();
    EVP_MD_CTX_copy_ex(copy, m_impl->context);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(copy, digest, &length);
    EVP_MD_CTX_free(copy);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 0x0f];
    }
    return hex;
}

std::string sha256Hex(std::string_view data)
{
    Hasher hasher(Hasher::Algorithm::Sha256);
    hasher.update(data);
    return hasher.hexDigest();
}

std::string md5Hex(std::string_view data)
{
    Hasher hasher(Hasher::Algorithm::Md5);
    hasher.update(data);
    return hasher.hexDigest();
}

} // namespace envdesk::util
