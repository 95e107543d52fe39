#include "core/gpu/cuda_advice.h"

#include "core/gpu/gpu_info.h"

namespace envdesk::gpu {

namespace {

// The CUDA major releases conda-forge has built each package for, newest first. A driver runs
// builds for its own major release and every older one (NVIDIA's drivers are backward
// compatible), and builds of its own major release through minor version compatibility, which
// conda-forge relies on (`cuda-version X.Y` constrains only `__cuda >=X`).
constexpr int kPytorchMajors[] = {13, 12, 11};
constexpr int kTensorflowMajors[] = {12, 11};

template <std::size_t N>
std::vector<std::string> specsFor(const char* package, const int (&majors)[N], int driverMajor)
{
    std::vector<std::string> specs;
    for (const int major : majors) {
        if (major <= driverMajor) {
            specs.push_back(std::string(package) + "=*=cuda" + std::to_string(major) + "*");
        }
    }
    specs.push_back(std::string(package) + "=*=cpu*");
    return specs;
}

} // namespace

CudaAdvice cudaAdvice(const std::optional<std::string>& driverCuda)
{
    CudaAdvice advice;
    const auto encoded = driverCuda ? parseCudaVersion(*driverCuda) : std::nullopt;
    const int major = encoded ? *encoded / 1000 : 0;
    if (encoded) {
        advice.driverCuda = formatCudaVersion(*encoded);
        advice.cudaVersionConstraint = "cuda-version <=" + advice.driverCuda;
        advice.minorCompatibleConstraint = "cuda-version <" + std::to_string(major + 1);
    }
    advice.pytorchSpecs = specsFor("pytorch", kPytorchMajors, major);
    advice.tensorflowSpecs = specsFor("tensorflow", kTensorflowMajors, major);
    return advice;
}

} // namespace envdesk::gpu
