#pragma once

// The one way Envdesk turns YAML text into a yaml-cpp node. yaml-cpp 0.7 builds aliases as
// shared nodes: an alias inside its own anchor (`a: &x\n  b: *x`) makes a cycle that every walk
// follows until the stack overflows, and nested aliases ("billion laughs") make a small file
// expand into billions of nodes once copied. Every file a user or a server hands us (.condarc,
// environment.yml, conda-lock, pixi.lock) is therefore checked by one pass over the parser's
// events before yaml-cpp builds the node tree.
//
// This header names yaml-cpp's types: include it only from .cpp files of libraries that link
// yaml-cpp themselves.

#include "core/util/result.h"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace envdesk::yaml {

struct LoadLimits {
    // conda's largest files (conda-lock of big environments) are a few MB.
    std::size_t maxBytes = 64u * 1024u * 1024u;
    // Nesting of mappings and sequences; conda's files nest a handful of levels.
    int maxDepth = 64;
    // Nodes that aliases may add once expanded (each alias counts its anchor's whole subtree).
    std::size_t maxAliasNodes = 100000;
};

// The first document of `text`, or a ParseError whose context is "sourceName:line:column" (just
// sourceName when the problem has no position): invalid YAML, input over maxBytes, nesting
// deeper than maxDepth, an alias used inside its own anchor, or aliases expanding beyond
// maxAliasNodes. Never throws.
[[nodiscard]] util::Result<YAML::Node>
loadDocument(std::string_view text, const std::string& sourceName, const LoadLimits& limits = {});

} // namespace envdesk::yaml
