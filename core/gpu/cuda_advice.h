#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What to install for the CUDA a driver supports, as data for the UI and `envdesk-cli info`
// (the table and its sources: docs/gpu.md). conda-forge tags its CUDA builds in the build
// string (`pytorch 2.7.1 cuda126_mkl_py312_...`, `tensorflow 2.18.0 cuda126py312...`) and its
// CPU builds `cpu_*`, so a build-string glob picks the family.
namespace envdesk::gpu {

struct CudaAdvice {
    // The CUDA the driver supports ("12.4"); empty without a driver.
    std::string driverCuda;
    // Toolkits the driver runs in full: any CUDA up to its own ("cuda-version <=12.4"). Empty
    // without a driver.
    std::string cudaVersionConstraint;
    // Toolkits it also runs through CUDA minor version compatibility: the rest of its major
    // release ("cuda-version <13"). conda-forge's cuda-version packages only ask for the major
    // (`__cuda >=12`), so a solver picks these too; kernels shipped only as PTX for a newer
    // minor release cannot be compiled by this driver. Empty without a driver.
    std::string minorCompatibleConstraint;
    // Match specs for conda-forge builds that run here, best first; the CPU build is always
    // last ("pytorch=*=cuda12*", "pytorch=*=cuda11*", "pytorch=*=cpu*").
    std::vector<std::string> pytorchSpecs;
    std::vector<std::string> tensorflowSpecs;

    bool operator==(const CudaAdvice&) const = default;
};

// The advice for a driver CUDA version ("12.4", as `__cuda` and GpuInfo::cudaVersion() say it),
// or for no driver (nullopt, or text that is not MAJOR.MINOR): CPU builds only.
[[nodiscard]] CudaAdvice cudaAdvice(const std::optional<std::string>& driverCuda);

} // namespace envdesk::gpu
