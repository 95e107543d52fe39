#include "core/repodata/compression.h"

#include "core/util/strings.h"

#include <bzlib.h>
#include <zstd.h>

#include <fstream>

namespace envdesk::repodata {

using util::ErrorCode;
using util::fail;

namespace {

constexpr std::size_t kChunk = 1 << 20;

util::Result<std::string> decompressZstd(std::string_view data, std::string_view description,
                                         std::uint64_t maxOutput)
{
    ZSTD_DStream* stream = ZSTD_createDStream();
    if (stream == nullptr) {
        return fail(ErrorCode::Internal, "cannot create a zstd decoder", std::string(description));
    }
    std::string out;
    // The frame usually says its decoded size: one allocation, with the parser's padding, instead
    // of doubling through page faults and copies (a third of a cold load on a large channel).
    const auto declared = ZSTD_getFrameContentSize(data.data(), data.size());
    if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != ZSTD_CONTENTSIZE_ERROR
        && declared <= maxOutput) {
        out.reserve(static_cast<std::size_t>(declared) + kParserPadding);
    }
    ZSTD_inBuffer input{data.data(), data.size(), 0};
    std::string chunk(kChunk, '\0');
    std::size_t lastResult = 1;
    while (input.pos < input.size || lastResult != 0) {
        ZSTD_outBuffer output{chunk.data(), chunk.size(), 0};
        const std::size_t before = input.pos;
        lastResult = ZSTD_decompressStream(stream, &output, &input);
        if (ZSTD_isError(lastResult)) {
            const std::string why = ZSTD_getErrorName(lastResult);
            ZSTD_freeDStream(stream);
            return fail(ErrorCode::ParseError, "corrupt zstd data (" + why + ")",
                        std::string(description));
        }
        out.append(chunk.data(), output.pos);
        if (out.size() > maxOutput) {
            ZSTD_freeDStream(stream);
            return fail(ErrorCode::ParseError, "decoded data exceeds the size limit",
                        std::string(description));
        }
        if (input.pos == input.size && output.pos == 0 && before == input.pos && lastResult != 0) {
            ZSTD_freeDStream(stream);
            return fail(ErrorCode::ParseError, "truncated zstd data", std::string(description));
        }
    }
    ZSTD_freeDStream(stream);
    return out;
}

util::Result<std::string> decompressBzip2(std::string_view data, std::string_view description,
                                          std::uint64_t maxOutput)
{
    bz_stream stream{};
    if (BZ2_bzDecompressInit(&stream, 0, 0) != BZ_OK) {
        return fail(ErrorCode::Internal, "cannot create a bzip2 decoder", std::string(description));
    }
    // libbz2's API takes non-const pointers but does not write through next_in.
    stream.next_in = const_cast<char*>(data.data());
    stream.avail_in = static_cast<unsigned int>(data.size());
    std::string out;
    std::string chunk(kChunk, '\0');
    while (true) {
        stream.next_out = chunk.data();
        stream.avail_out = static_cast<unsigned int>(chunk.size());
        const int rc = BZ2_bzDecompress(&stream);
        out.append(chunk.data(), chunk.size() - stream.avail_out);
        if (rc == BZ_STREAM_END) {
            break;
        }
        if (rc != BZ_OK) {
            BZ2_bzDecompressEnd(&stream);
            return fail(ErrorCode::ParseError,
                        "corrupt bzip2 data (code " + std::to_string(rc) + ")",
                        std::string(description));
        }
        if (stream.avail_in == 0 && stream.avail_out != 0) {
            BZ2_bzDecompressEnd(&stream);
            return fail(ErrorCode::ParseError, "truncated bzip2 data", std::string(description));
        }
        if (out.size() > maxOutput) {
            BZ2_bzDecompressEnd(&stream);
            return fail(ErrorCode::ParseError, "decoded data exceeds the size limit",
                        std::string(description));
        }
    }
    BZ2_bzDecompressEnd(&stream);
    return out;
}

} // namespace

Compression compressionForFileName(std::string_view fileName)
{
    if (util::endsWith(fileName, ".zst")) {
        return Compression::Zstd;
    }
    if (util::endsWith(fileName, ".bz2")) {
        return Compression::Bzip2;
    }
    return Compression::None;
}

std::string_view fileSuffix(Compression compression)
{
    switch (compression) {
    case Compression::Zstd:
        return ".zst";
    case Compression::Bzip2:
        return ".bz2";
    case Compression::None:
        break;
    }
    return "";
}

util::Result<std::string> decompress(std::string_view data, Compression compression,
                                     std::string_view description, std::uint64_t maxOutput)
{
    switch (compression) {
    case Compression::Zstd:
        return decompressZstd(data, description, maxOutput);
    case Compression::Bzip2:
        if (data.size() > UINT32_MAX) {
            return fail(ErrorCode::ParseError, "bzip2 file too large", std::string(description));
        }
        return decompressBzip2(data, description, maxOutput);
    case Compression::None:
        break;
    }
    return std::string(data);
}

util::Result<std::string> readRepodataFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
        return fail(ErrorCode::NotFound, "cannot open file", path);
    }
    const auto size = static_cast<std::size_t>(in.tellg());
    in.seekg(0);
    std::string raw;
    // Room for a JSON parser's padding, so the text can be parsed where it lies.
    raw.reserve(size + kParserPadding);
    raw.resize(size);
    in.read(raw.data(), static_cast<std::streamsize>(size));
    if (!in) {
        return fail(ErrorCode::IoError, "read error", path);
    }
    const Compression compression = compressionForFileName(path);
    if (compression == Compression::None) {
        return raw;
    }
    auto decoded = decompress(raw, compression, path);
    if (decoded) {
        decoded->reserve(decoded->size() + kParserPadding);
    }
    return decoded;
}

} // namespace envdesk::repodata
